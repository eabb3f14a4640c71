import { Badge, Button, Group, Modal, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { request } from '../../api';
import type { operations } from '../../api-schema';
import { useSession } from '../../session';
import { ErrorAlert, Loading, QueryError, formatDate } from '../../ui';

type DeviceList = operations['devices.list']['responses'][200]['content']['application/json'];
type Device = DeviceList['items'][number];
type DeviceLimit = operations['users.deviceLimit.set']['responses'][200]['content']['application/json'];

const userPath = (org: string, userId: string) => `/organizations/${encodeURIComponent(org)}/users/${encodeURIComponent(userId)}`;
const devicesKey = (org: string, userId: string) => ['user-devices', org, userId] as const;

const limitText = (l: Pick<DeviceList, 'limit' | 'userLimit'>) =>
  l.limit === null ? 'Unlimited (organization default)' : `${l.limit} ${l.limit === 1 ? 'device' : 'devices'} ${l.userLimit === null ? '(organization default)' : '(set for this user)'}`;

function LimitModal({ userId, username, current, onClose }: { userId: string; username: string; current: DeviceList; onClose: () => void }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<string | number>(current.userLimit ?? current.limit ?? '');
  const save = useMutation({
    mutationFn: (limit: number | null) => request<DeviceLimit>('POST', `${userPath(org, userId)}/device-limit`, { limit }),
    onSuccess: (l) => {
      notify({ title: 'Device limit saved', message: `${username}: ${limitText(l).toLowerCase()}.` });
      void queryClient.invalidateQueries({ queryKey: devicesKey(org, userId) });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typeof value === 'number') save.mutate(value);
  };
  const invalid = value !== '' && (typeof value !== 'number' || value < 1 || value > 1000);
  return (
    <Modal opened onClose={onClose} title={`Device limit of ${username}`}>
      <form onSubmit={submit}>
        <Stack>
          {save.isError && <ErrorAlert error={save.error} />}
          <NumberInput
            label="Maximum devices"
            description="How many remembered browsers or clients the user may sign in from. Devices already remembered stay; a new one beyond the limit is refused."
            min={1}
            max={1000}
            allowDecimal={false}
            value={value}
            onChange={setValue}
            error={invalid ? 'Enter a whole number from 1 to 1000' : undefined}
            data-autofocus
          />
          <Text size="sm" c="dimmed">
            Organization default: {current.organizationDefault === null ? 'unlimited' : current.organizationDefault}.
          </Text>
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => save.mutate(null)} disabled={current.userLimit === null} loading={save.isPending && save.variables === null}>
              Reset to organization default
            </Button>
            <Group gap="xs">
              <Button variant="default" onClick={onClose} type="button">
                Cancel
              </Button>
              <Button type="submit" disabled={typeof value !== 'number' || invalid} loading={save.isPending && save.variables !== null}>
                Save
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The user's remembered devices and their device limit: edit or reset the limit, forget a device. */
export function DevicesSection({ userId, username }: { userId: string; username: string }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const list = useQuery({ queryKey: devicesKey(org, userId), queryFn: () => request<DeviceList>('GET', `${userPath(org, userId)}/devices`) });
  const forget = useMutation({
    mutationFn: (d: Device) => request<void>('DELETE', `${userPath(org, userId)}/devices/${encodeURIComponent(d.id)}`),
    onSuccess: (_r, d) => {
      notify({ title: 'Device forgotten', message: `${d.name} is signed out and no longer counts toward the limit.` });
      void queryClient.invalidateQueries({ queryKey: devicesKey(org, userId) });
      void queryClient.invalidateQueries({ queryKey: ['user-sessions', org, userId] });
    },
  });
  const mayForget = can('sessions.manage');
  const mayLimit = can('users.manage');

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="devices-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="devices-heading">
          Devices
        </Title>
        {forget.isError && <ErrorAlert error={forget.error} onClose={() => forget.reset()} />}
        {list.isPending ? (
          <Loading label="Loading devices…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Group gap="xs">
              <Text size="sm">
                Device limit: <span data-testid="device-limit">{limitText(list.data)}</span>
              </Text>
              {mayLimit && (
                <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                  Change limit
                </Button>
              )}
            </Group>
            {list.data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No remembered devices.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table aria-label="Remembered devices" data-testid="devices-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Device</Table.Th>
                      <Table.Th>First seen</Table.Th>
                      <Table.Th>Last seen</Table.Th>
                      <Table.Th>Last address</Table.Th>
                      {mayForget && <Table.Th aria-label="Actions" />}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.data.items.map((d) => (
                      <Table.Tr key={d.id}>
                        <Table.Td>
                          {d.name}
                          {d.current && (
                            <Badge ml="xs" size="sm" variant="light">
                              this browser
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{formatDate(d.firstSeenAt as string)}</Table.Td>
                        <Table.Td>{formatDate(d.lastSeenAt as string)}</Table.Td>
                        <Table.Td>{d.lastIp ?? '—'}</Table.Td>
                        {mayForget && (
                          <Table.Td>
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => forget.mutate(d)}
                              loading={forget.isPending && forget.variables?.id === d.id}
                              aria-label={`Forget ${d.name}, first seen ${formatDate(d.firstSeenAt as string)}`}
                            >
                              Forget
                            </Button>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
      </Stack>
      {editing && list.data && <LimitModal userId={userId} username={username} current={list.data} onClose={() => setEditing(false)} />}
    </Paper>
  );
}
