import { Code, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '../../router';
import { useSession } from '../../session';
import { LoadMore, Loading, QueryError, formatDate } from '../../ui';
import { auditApi, groupKeys, type AuditEvent } from '../groups-api';

function Actor({ e }: { e: AuditEvent }) {
  const name = e.actor.label ?? (e.actor.type === 'anonymous' ? 'anonymous' : e.actor.type);
  return (
    <Stack gap={0}>
      {e.actor.type === 'user' && e.actor.id ? <Link to={`/users/${e.actor.id}`}>{name}</Link> : <Text span>{name}</Text>}
      {e.impersonatorId && (
        <Text size="xs" c="orange.9">
          impersonated by {e.impersonatorLabel ?? e.impersonatorId}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The activity tab: audit events done to this user, newest first, a page at a time (the audit
 * API filtered by target). The full log with every filter is on the audit log page.
 */
export function UserActivity({ userId }: { userId: string }) {
  const { org } = useSession();
  const log = useInfiniteQuery({
    queryKey: [...groupKeys.audit(org), { targetId: userId }],
    queryFn: ({ pageParam }) => auditApi.list(org, { targetId: userId }, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="activity-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="activity-heading">
          Activity
        </Title>
        <Text size="sm" c="dimmed">
          What was done to this user, newest first. The <Link to="/audit">audit log</Link> searches everything.
        </Text>
        {log.isError ? (
          <QueryError error={log.error} onRetry={() => void log.refetch()} />
        ) : log.isPending ? (
          <Loading label="Loading activity…" />
        ) : rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing recorded yet.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Activity" data-testid="activity-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Time</Table.Th>
                  <Table.Th scope="col">Action</Table.Th>
                  <Table.Th scope="col">By</Table.Th>
                  <Table.Th scope="col">IP address</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{formatDate(e.occurredAt as string)}</Table.Td>
                    <Table.Td>
                      <Code>{e.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Actor e={e} />
                    </Table.Td>
                    <Table.Td>{e.ip ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore query={log} />
      </Stack>
    </Paper>
  );
}
