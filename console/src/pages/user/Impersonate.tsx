import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { request, type Privilege, type User } from '../../api';
import type { operations } from '../../api-schema';
import { useSession } from '../../session';
import { ErrorAlert, Loading, QueryError, formatDate } from '../../ui';

type Started = operations['impersonation.start']['responses'][201]['content']['application/json'];
type ImpersonationList = operations['impersonation.list']['responses'][200]['content']['application/json'];
type Impersonation = ImpersonationList['items'][number];

const base = (org: string, userId: string) => `/organizations/${encodeURIComponent(org)}/users/${encodeURIComponent(userId)}`;
const key = (org: string, userId: string) => ['user-impersonations', org, userId] as const;

// The server refuses anything else; the rank only decides whether the button is offered.
const rank: Record<Privilege, number> = { user: 0, helpdesk: 1, org_admin: 2, platform_admin: 3 };

const stateText: Record<Impersonation['state'], string> = { link_pending: 'link not opened yet', link_expired: 'link expired unused', active: 'active', ended: 'ended' };
const endText: Record<NonNullable<Impersonation['stoppedBy']>, string> = { admin: 'stopped from the console', impersonation: 'stopped with the banner', expired: 'time limit reached', signed_out: 'signed out' };

/**
 * Impersonation of the user: the "Impersonate" button (administrators who manage users, toward
 * a lower privilege) with its dialog (reason required, ticket optional), which hands over a
 * one-time link to open in a new tab; and the user's active and past impersonations.
 */
export function ImpersonateSection({ user }: { user: User }) {
  const { org, can, me, privilege, notify } = useSession();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [ticket, setTicket] = useState('');
  const [started, setStarted] = useState<Started | null>(null);
  const manage = can('users.manage');
  const list = useQuery({ queryKey: key(org, user.id), queryFn: () => request<ImpersonationList>('GET', `${base(org, user.id)}/impersonations`), enabled: manage });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key(org, user.id) });
  const start = useMutation({
    mutationFn: () => request<Started>('POST', `${base(org, user.id)}/impersonation`, { reason, ticket: ticket.trim() || null }),
    onSuccess: (r) => {
      setStarted(r);
      refresh();
    },
  });
  const stop = useMutation({
    mutationFn: (i: Impersonation) => request<Impersonation>('POST', `${base(org, user.id)}/impersonations/${encodeURIComponent(i.id)}/stop`),
    onSuccess: () => {
      notify({ title: 'Impersonation stopped', message: `The session as ${user.username} has ended.` });
      refresh();
    },
  });
  if (!manage) return null;
  const mayStart = user.id !== me.user.id && user.status !== 'disabled' && rank[user.privilege] < rank[privilege];
  const close = () => {
    setOpen(false);
    setStarted(null);
    setReason('');
    setTicket('');
    start.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  const items = list.data?.items ?? [];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="impersonation-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="impersonation-heading">
            Impersonation
          </Title>
          {mayStart && (
            <Button variant="light" size="xs" onClick={() => setOpen(true)}>
              Impersonate
            </Button>
          )}
        </Group>
        {stop.isError && <ErrorAlert error={stop.error} onClose={() => stop.reset()} />}
        {list.isPending ? (
          <Loading label="Loading impersonations…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody has impersonated {user.username}.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Impersonations" data-testid="impersonations-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Administrator</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Ends / ended</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{i.adminLabel}</Table.Td>
                    <Table.Td>
                      {i.reason}
                      {i.ticket && (
                        <Text span size="sm" c="dimmed">
                          {' '}
                          ({i.ticket})
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDate(i.startedAt ?? i.createdAt)}</Table.Td>
                    <Table.Td>{formatDate(i.stoppedAt ?? i.endsAt)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={i.state === 'active' ? 'orange' : 'gray'}>
                        {i.stoppedBy ? endText[i.stoppedBy] : stateText[i.state]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {i.state === 'active' && (
                        <Button size="xs" variant="subtle" color="red" loading={stop.isPending} onClick={() => stop.mutate(i)}>
                          Stop
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>

      <Modal opened={open} onClose={close} title={`Impersonate ${user.username}`}>
        {started ? (
          <Stack gap="sm">
            <Text size="sm">
              The link opens {user.username}'s account pages in a new tab, with a banner and a Stop button. It works once, within two minutes; the session ends by itself at the
              organization's time limit. Password and security settings stay read-only, and every action is recorded with your name.
            </Text>
            <Button component="a" href={started.url} target="_blank" rel="noopener noreferrer" onClick={close}>
              Open as {user.username} in a new tab
            </Button>
          </Stack>
        ) : (
          <form onSubmit={submit}>
            <Stack gap="sm">
              {start.isError && <ErrorAlert error={start.error} onClose={() => start.reset()} />}
              <Textarea label="Reason" description="Recorded in the audit log and told to the user" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} autosize minRows={2} />
              <TextInput label="Ticket reference" description="Optional" value={ticket} onChange={(e) => setTicket(e.currentTarget.value)} maxLength={100} />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button type="submit" loading={start.isPending} disabled={!reason.trim()}>
                  Start impersonation
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </Paper>
  );
}
