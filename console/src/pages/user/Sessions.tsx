import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../api';
import type { operations } from '../../api-schema';
import { useSession } from '../../session';
import { ErrorAlert, Loading, QueryError, formatDate } from '../../ui';

type SessionList = operations['sessions.list']['responses'][200]['content']['application/json'];
type Session = SessionList['items'][number];

const base = (org: string, userId: string) => `/organizations/${encodeURIComponent(org)}/users/${encodeURIComponent(userId)}/sessions`;
export const sessionsKey = (org: string, userId: string) => ['user-sessions', org, userId] as const;

const kindLabel = { account: 'Account pages', console: 'Admin console' } as const;

/**
 * The user's active sessions, with "Sign out" for one and "Sign out everywhere" for all:
 * shown to everyone who may read users, the buttons to those who may end sessions.
 */
export function SessionsSection({ userId, username }: { userId: string; username: string }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const [confirmAll, setConfirmAll] = useState(false);
  const list = useQuery({ queryKey: sessionsKey(org, userId), queryFn: () => request<SessionList>('GET', base(org, userId)) });
  const done = (title: string, message: string) => {
    notify({ title, message });
    void queryClient.invalidateQueries({ queryKey: sessionsKey(org, userId) });
    void queryClient.invalidateQueries({ queryKey: ['user-devices', org, userId] });
  };
  const revoke = useMutation({
    mutationFn: (s: Session) => request<void>('DELETE', `${base(org, userId)}/${encodeURIComponent(s.id)}`),
    onSuccess: (_r, s) => done('Session signed out', `${s.device} is signed out at its next request.`),
  });
  const revokeAll = useMutation({
    mutationFn: () => request<{ revoked: number }>('DELETE', base(org, userId)),
    onSuccess: (r) => {
      setConfirmAll(false);
      done('Signed out everywhere', `${r.revoked} ${r.revoked === 1 ? 'session' : 'sessions'} ended.`);
    },
  });
  const manage = can('sessions.manage');
  const items = list.data?.items ?? [];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="sessions-heading">
            Sessions
          </Title>
          {manage && items.length > 0 && (
            <Button variant="light" color="red" size="xs" onClick={() => setConfirmAll(true)}>
              Sign out everywhere
            </Button>
          )}
        </Group>
        {(revoke.isError || revokeAll.isError) && (
          <ErrorAlert
            error={revoke.error ?? revokeAll.error}
            onClose={() => {
              revoke.reset();
              revokeAll.reset();
            }}
          />
        )}
        {list.isPending ? (
          <Loading label="Loading sessions…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {username} is not signed in anywhere.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Active sessions" data-testid="sessions-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Device</Table.Th>
                  <Table.Th>Where</Table.Th>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Signed in</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                  <Table.Th>Assurance</Table.Th>
                  {manage && <Table.Th aria-label="Actions" />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      {s.device}
                      {s.current && (
                        <Badge ml="xs" size="sm" variant="light">
                          you, now
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{kindLabel[s.kind]}</Table.Td>
                    <Table.Td>{s.ip ?? '—'}</Table.Td>
                    <Table.Td>{formatDate(s.createdAt as string)}</Table.Td>
                    <Table.Td>{formatDate(s.lastSeenAt as string)}</Table.Td>
                    <Table.Td>
                      AAL{s.aal} ({s.methods.join(', ')})
                    </Table.Td>
                    {manage && (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => revoke.mutate(s)}
                          loading={revoke.isPending && revoke.variables?.id === s.id}
                          aria-label={`Sign out ${s.device}, signed in ${formatDate(s.createdAt as string)}`}
                        >
                          Sign out
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Modal opened={confirmAll} onClose={() => setConfirmAll(false)} title="Sign out everywhere?">
        <Stack>
          <Text>Every session of {username} ends at its next request, on the account pages and in the console. They can sign in again.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmAll(false)} data-autofocus>
              Cancel
            </Button>
            <Button color="red" onClick={() => revokeAll.mutate()} loading={revokeAll.isPending}>
              Sign out everywhere
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
