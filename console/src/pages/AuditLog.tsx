import { Button, Code, Group, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from '../router';
import { useSession } from '../session';
import { ErrorAlert, LoadMore, Loading, QueryError, formatDate } from '../ui';
import { auditApi, groupKeys, userIdOf, type AuditEvent, type AuditFilters } from './groups-api';

interface Typed {
  action: string;
  actor: string;
  impersonator: string;
  target: string;
  since: string;
  until: string;
}
const empty: Typed = { action: '', actor: '', impersonator: '', target: '', since: '', until: '' };

/** A datetime-local value (the admin's own zone) as an instant the API takes. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** The filters the API takes, with names looked up; a name that matches nobody is an error for its field. */
async function resolve(org: string, typed: Typed): Promise<{ filters: AuditFilters; errors: Partial<Record<keyof Typed, string>> }> {
  const errors: Partial<Record<keyof Typed, string>> = {};
  const filters: AuditFilters = { action: typed.action.trim() || undefined, since: instant(typed.since), until: instant(typed.until) };
  for (const [field, key] of [['actor', 'actorId'], ['impersonator', 'impersonatorId'], ['target', 'targetId']] as const) {
    if (!typed[field].trim()) continue;
    const id = await userIdOf(org, typed[field]);
    if (id) filters[key] = id;
    else errors[field] = `No user named "${typed[field].trim()}" in this organization (an id also works, e.g. of a deleted user)`;
  }
  if (filters.since && filters.until && filters.since >= filters.until) errors.until = 'Must be after "From"';
  return { filters, errors };
}

function Actor({ e }: { e: AuditEvent }) {
  const name = e.actor.label ?? (e.actor.type === 'anonymous' ? 'anonymous' : e.actor.type);
  return (
    <Stack gap={0}>
      {e.actor.type === 'user' && e.actor.id ? <Link to={`/users/${e.actor.id}`}>{name}</Link> : <Text span>{name}</Text>}
      {e.actor.type === 'api_token' && (
        <Text size="xs" c="dimmed">
          API token
        </Text>
      )}
      {e.impersonatorId && (
        <Text size="xs" c="orange.9" data-testid="impersonator">
          impersonated by {e.impersonatorLabel ?? e.impersonatorId}
        </Text>
      )}
    </Stack>
  );
}

function Target({ e }: { e: AuditEvent }) {
  if (!e.target) return <Text c="dimmed">—</Text>;
  const label = typeof e.data.username === 'string' ? e.data.username : typeof e.data.name === 'string' ? e.data.name : e.target.id;
  return (
    <Stack gap={0}>
      {e.target.type === 'user' && e.target.id ? <Link to={`/users/${e.target.id}`}>{label}</Link> : <Text span>{label}</Text>}
      <Text size="xs" c="dimmed">
        {e.target.type}
      </Text>
    </Stack>
  );
}

export function AuditLogPage() {
  const { org } = useSession();
  const [typed, setTyped] = useState<Typed>(empty);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [errors, setErrors] = useState<Partial<Record<keyof Typed, string>>>({});
  const [resolving, setResolving] = useState<unknown>(null);
  const log = useInfiniteQuery({
    queryKey: [...groupKeys.audit(org), filters],
    queryFn: ({ pageParam }) => auditApi.list(org, filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const field = (name: keyof Typed) => ({
    value: typed[name],
    onChange: (ev: { currentTarget: { value: string } }) => setTyped({ ...typed, [name]: ev.currentTarget.value }),
    error: errors[name],
  });

  const apply = async (ev: FormEvent) => {
    ev.preventDefault();
    setResolving(null);
    try {
      const r = await resolve(org, typed);
      setErrors(r.errors);
      if (Object.keys(r.errors).length === 0) setFilters(r.filters);
    } catch (err) {
      setResolving(err);
    }
  };

  return (
    <Stack>
      <Title order={1}>Audit log</Title>
      <Text c="dimmed">Every security-relevant action in this organization, newest first. Nobody can change or delete an entry.</Text>

      <form onSubmit={(ev) => void apply(ev)} aria-label="Audit log filters">
        <Stack gap="sm">
          <Group align="flex-start" grow>
            <TextInput label="Action" description="Exact, or a prefix such as login.*" placeholder="login.*" {...field('action')} />
            <TextInput label="Actor" description="Who acted: username or id" {...field('actor')} />
            <TextInput label="Impersonator" description="Admin acting as someone else" {...field('impersonator')} />
            <TextInput label="Target" description="User it was done to: username or id" {...field('target')} />
          </Group>
          <Group align="flex-end">
            <TextInput type="datetime-local" label="From" {...field('since')} />
            <TextInput type="datetime-local" label="To" {...field('until')} />
            <Button type="submit">Apply filters</Button>
            <Button
              variant="default"
              onClick={() => {
                setTyped(empty);
                setErrors({});
                setFilters({});
              }}
            >
              Clear
            </Button>
            <Button component="a" href={auditApi.exportUrl(org, filters)} download variant="light" ml="auto">
              Export (JSON lines)
            </Button>
          </Group>
        </Stack>
      </form>
      {resolving !== null && <ErrorAlert error={resolving} />}

      {log.isError && <QueryError error={log.error} onRetry={() => void log.refetch()} />}
      {log.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table verticalSpacing="sm" data-testid="audit-table">
            <Table.Caption>{rows.length === 0 ? 'No events match these filters.' : 'Newest first. The export holds every matching event.'}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Actor</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Target</Table.Th>
                <Table.Th scope="col">IP address</Table.Th>
                <Table.Th scope="col">User agent</Table.Th>
                <Table.Th scope="col">Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(String(e.occurredAt))}</Table.Td>
                  <Table.Td>
                    <Actor e={e} />
                  </Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Target e={e} />
                  </Table.Td>
                  <Table.Td>{e.ip ?? <Text c="dimmed">—</Text>}</Table.Td>
                  <Table.Td maw={200}>
                    {e.userAgent ? (
                      <Tooltip label={e.userAgent} multiline w={320}>
                        <Text size="sm" truncate>
                          {e.userAgent}
                        </Text>
                      </Tooltip>
                    ) : (
                      <Text c="dimmed">—</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {Object.keys(e.data).length > 0 ? (
                      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxWidth: 320 }}>
                        {JSON.stringify(e.data, null, 1)}
                      </Code>
                    ) : (
                      <Text c="dimmed">—</Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={log} />
    </Stack>
  );
}
