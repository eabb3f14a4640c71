import { Alert, Badge, Button, Code, CopyButton, Group, Modal, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { request, type User } from '../../api';
import type { operations } from '../../api-schema';
import { Link } from '../../router';
import { useSession } from '../../session';
import { ErrorAlert, StateBadge, formatDate, problemCode, typedAsIs } from '../../ui';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type PinCodeDetail = Json<operations['pinCodes.get']['responses'][200]>;
type AssignInput = NonNullable<Json<operations['pinCodes.assign']['requestBody']>>;

const base = (org: string, id: string) => `/organizations/${encodeURIComponent(org)}/users/${encodeURIComponent(id)}/pin-code`;
const pinKey = (org: string, id: string) => ['pin-code', org, id] as const;

/** The badge lists show for a holder of a sign-up PIN. */
export function PinHolderBadge({ user }: { user: Pick<User, 'type'> }) {
  if (user.type !== 'pin_holder') return null;
  return (
    <Badge variant="light" color="grape" style={{ textTransform: 'none' }} ml={6}>
      PIN holder
    </Badge>
  );
}

/** "2 of 5" or "2 (no limit)". */
const usage = (p: { used: number; quota: number | null }) => (p.quota === null ? `${p.used} (no limit)` : `${p.used} of ${p.quota}`);

function LimitsFields({ quota, setQuota, expires, setExpires }: { quota: number | string; setQuota: (v: number | string) => void; expires: string; setExpires: (v: string) => void }) {
  return (
    <Group align="flex-end">
      <NumberInput label="Quota" description="Users the PIN may create; empty for no limit" value={quota} onChange={setQuota} min={1} allowDecimal={false} w={220} />
      <TextInput label="Expires" description="Empty: never" type="datetime-local" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} w={240} />
    </Group>
  );
}

/**
 * A user's sign-up PIN on their page: give one (with an optional quota and expiry), see it
 * (administrators only), regenerate it, email it to the holder or another address, take it
 * away, and the users it created.
 */
export function PinCodeSection({ user }: { user: User }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const manage = can('users.manage');
  const pin = useQuery({
    queryKey: pinKey(org, user.id),
    queryFn: () => request<PinCodeDetail>('GET', base(org, user.id)).catch((err) => (problemCode(err) === 'pin_code.not_assigned' ? null : Promise.reject(err))),
  });
  const [dialog, setDialog] = useState<'assign' | 'email' | null>(null);
  const [quota, setQuota] = useState<number | string>('');
  const [expires, setExpires] = useState('');
  const [to, setTo] = useState('');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: pinKey(org, user.id) });
    void queryClient.invalidateQueries({ queryKey: ['user', org, user.id] });
    void queryClient.invalidateQueries({ queryKey: ['users', org] });
  };
  const assign = useMutation({
    mutationFn: (input: AssignInput) => request('POST', base(org, user.id), input),
    onSuccess: () => {
      setDialog(null);
      notify({ title: pin.data ? 'PIN updated' : 'PIN assigned' });
      refresh();
    },
  });
  const email = useMutation({
    mutationFn: (input: { to?: string }) => request<{ to: string }>('POST', `${base(org, user.id)}/email`, input),
    onSuccess: (r) => {
      setDialog(null);
      notify({ title: 'PIN emailed', message: `Sent to ${r.to}.` });
    },
  });
  const revoke = useMutation({
    mutationFn: () => request('DELETE', base(org, user.id)),
    onSuccess: () => {
      notify({ title: 'PIN taken away', message: 'It no longer works.' });
      refresh();
    },
  });

  const openAssign = () => {
    setQuota(pin.data?.quota ?? '');
    setExpires(pin.data?.expiresAt ? pin.data.expiresAt.slice(0, 16) : '');
    assign.reset();
    setDialog('assign');
  };
  const submitAssign = (regenerate: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    assign.mutate({ quota: typeof quota === 'number' ? quota : null, expiresAt: expires ? new Date(expires).toISOString() : null, regenerate });
  };

  if (pin.isPending) return null;
  const p = pin.data;
  if (!p && !manage) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="pin-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="pin-heading">
          Sign-up PIN
        </Title>
        {pin.isError && <ErrorAlert error={pin.error} />}
        {revoke.isError && <ErrorAlert error={revoke.error} onClose={() => revoke.reset()} />}
        {!p ? (
          <Text size="sm" c="dimmed">
            With a PIN, {user.username} can create users in their likeness on the sign-in page: with their groups, roles and inheritable attributes, as plain users.
          </Text>
        ) : (
          <>
            <Group gap="xl" align="flex-start">
              {p.pin && (
                <Stack gap={2}>
                  <Text size="sm" c="dimmed">PIN</Text>
                  <Group gap="xs">
                    <Code fz="lg" data-testid="pin-code">{p.pin}</Code>
                    <CopyButton value={p.pin}>{({ copied, copy }) => <Button size="compact-xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
                  </Group>
                </Stack>
              )}
              <Stack gap={2}>
                <Text size="sm" c="dimmed">Users created</Text>
                <Text data-testid="pin-usage">{usage(p)}</Text>
              </Stack>
              <Stack gap={2}>
                <Text size="sm" c="dimmed">Expires</Text>
                <Group gap={4}>
                  <Text>{formatDate(p.expiresAt, 'never')}</Text>
                  {p.expired && <StateBadge state="expired" />}
                </Group>
              </Stack>
            </Group>
            {p.createdUsers.length > 0 ? (
              <Table.ScrollContainer minWidth={400}>
                <Table aria-label="Users created with the PIN">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Username</Table.Th>
                      <Table.Th scope="col">Email</Table.Th>
                      <Table.Th scope="col">Status</Table.Th>
                      <Table.Th scope="col">Created</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.createdUsers.map((c) => (
                      <Table.Tr key={c.id}>
                        <Table.Td><Link to={`/users/${encodeURIComponent(c.id)}`}>{c.username}</Link></Table.Td>
                        <Table.Td>{c.email ?? '—'}</Table.Td>
                        <Table.Td><StateBadge state={c.status} /></Table.Td>
                        <Table.Td>{formatDate(c.createdAt)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : (
              <Text size="sm" c="dimmed">No users created with this PIN yet.</Text>
            )}
          </>
        )}
        <Group gap="xs">
          {manage && (
            <Button variant="default" onClick={openAssign}>
              {p ? 'Regenerate or change limits' : 'Give a PIN'}
            </Button>
          )}
          {p && can('invitations.send') && (
            <Button variant="default" onClick={() => { setTo(''); email.reset(); setDialog('email'); }}>
              Email PIN code
            </Button>
          )}
          {p && manage && (
            <Button color="red" variant="light" onClick={() => revoke.mutate()} loading={revoke.isPending}>
              Take PIN away
            </Button>
          )}
        </Group>
      </Stack>

      <Modal opened={dialog === 'assign'} onClose={() => setDialog(null)} title={p ? 'Regenerate PIN' : 'Give a PIN'}>
        <form onSubmit={submitAssign(true)}>
          <Stack>
            {assign.isError && <ErrorAlert error={assign.error} />}
            <LimitsFields quota={quota} setQuota={setQuota} expires={expires} setExpires={setExpires} />
            {p && <Text size="sm" c="dimmed">A new PIN replaces the old one at once; the {p.used} users created so far still count against the quota.</Text>}
            <Group justify="flex-end">
              {p && (
                <Button variant="default" onClick={() => submitAssign(false)()} loading={assign.isPending && assign.variables?.regenerate === false}>
                  Save limits, keep PIN
                </Button>
              )}
              <Button type="submit" loading={assign.isPending && assign.variables?.regenerate !== false}>
                {p ? 'Regenerate PIN' : 'Give PIN'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={dialog === 'email'} onClose={() => setDialog(null)} title="Email PIN code">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            email.mutate(to.trim() ? { to: to.trim() } : {});
          }}
        >
          <Stack>
            {email.isError && <ErrorAlert error={email.error} />}
            <TextInput
              label="Send to"
              description={user.email ? `Empty: the holder's own address (${user.email})` : 'The holder has no email: enter the address to send it to'}
              type="email"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              {...typedAsIs}
            />
            {!manage && <Alert color="gray" variant="light">Only an organization administrator may send the PIN to another address.</Alert>}
            <Group justify="flex-end">
              <Button type="submit" loading={email.isPending}>
                Send
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
