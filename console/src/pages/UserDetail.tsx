import { Badge, Button, DataList, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api, keys, type Invitation, type Page, type UpdateUserInput, type User } from '../api';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { ErrorAlert, Loading, QueryError, StateBadge, fieldErrors, formatDate } from '../ui';
import { fullName } from './Users';

const editLabels: Record<string, string> = { email: 'Email', firstName: 'First name', lastName: 'Last name', phone: 'Phone' };

function Fields({ items }: { items: [string, ReactNode][] }) {
  return (
    <DataList orientation="horizontal" labelWidth={160} gap="xs">
      {items.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

const dim = (text: string) => (
  <Text span c="dimmed" inherit>
    {text}
  </Text>
);

function InvitationSection({ invitation }: { invitation: Invitation }) {
  const delivery = invitation.delivery;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="invitation-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="invitation-heading">
          Invitation
        </Title>
        <Fields
          items={[
            ['Method', invitation.method],
            ['State', <StateBadge key="s" state={invitation.state} />],
            ['Created', formatDate(invitation.createdAt)],
            ['Expires', invitation.expiresAt ? formatDate(invitation.expiresAt) : 'never'],
            ['Opened', invitation.openedAt ? formatDate(invitation.openedAt) : dim('not yet')],
            ...(invitation.finishedAt ? [['Finished', formatDate(invitation.finishedAt)] as [string, ReactNode]] : []),
            [
              'Delivery',
              delivery ? (
                <Group key="d" gap="xs">
                  <StateBadge state={delivery.state} />
                  <Text span size="sm" c="dimmed">
                    {delivery.attempts} {delivery.attempts === 1 ? 'attempt' : 'attempts'}
                    {delivery.sentAt ? `, sent ${formatDate(delivery.sentAt)}` : ''}
                  </Text>
                </Group>
              ) : (
                dim('no message recorded')
              ),
            ],
            ...(delivery?.lastError ? [['Last error', <Text key="e" span c="red" inherit>{delivery.lastError}</Text>] as [string, ReactNode]] : []),
          ]}
        />
        {delivery && (
          <Text size="sm" c="dimmed">
            Sent messages are kept in the outbox: <Link to="/outbox">read the message</Link>.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function EditUserModal({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const initial = { email: user.email ?? '', firstName: user.firstName ?? '', lastName: user.lastName ?? '', phone: user.phone ?? '' };
  const [form, setForm] = useState(initial);

  const save = useMutation({
    mutationFn: (input: UpdateUserInput) => api.updateUser(org, user.id, input),
    onSuccess: (updated) => {
      queryClient.setQueryData<User>(keys.user(org, user.id), (old) => ({ ...updated, invitation: old?.invitation ?? null }));
      void queryClient.invalidateQueries({ queryKey: keys.users(org) });
      notify({ title: 'User saved' });
      onClose();
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const changes: UpdateUserInput = {};
    for (const field of ['email', 'firstName', 'lastName', 'phone'] as const) {
      let value = form[field].trim();
      if (field === 'phone') value = value.replace(/[\s()-]/g, '');
      const before = user[field] ?? '';
      if (value !== before) changes[field] = value === '' ? null : value;
    }
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    save.mutate(changes);
  };

  const errors = fieldErrors(save.error);
  const set = (field: keyof typeof initial) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [field]: value }));
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${user.username}`} size="lg">
      <form onSubmit={submit}>
        <Stack>
          {save.isError && <ErrorAlert error={save.error} labels={editLabels} />}
          <TextInput label="Email" type="email" value={form.email} onChange={set('email')} error={errors.email} autoComplete="off" data-autofocus />
          <Group grow align="flex-start">
            <TextInput label="First name" value={form.firstName} onChange={set('firstName')} error={errors.firstName} autoComplete="off" />
            <TextInput label="Last name" value={form.lastName} onChange={set('lastName')} error={errors.lastName} autoComplete="off" />
          </Group>
          <TextInput
            label="Phone"
            type="tel"
            description="E.164 format: + and country code, e.g. +41791234567"
            value={form.phone}
            onChange={set('phone')}
            error={errors.phone}
            autoComplete="off"
          />
          <Text size="sm" c="dimmed">
            Empty fields are cleared.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} type="button">
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteUserModal({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.deleteUser(org, user.id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: keys.user(org, user.id) });
      // Out of the cached lists at once, so the list never shows the user while it refreshes.
      queryClient.setQueriesData<InfiniteData<Page<User>>>({ queryKey: keys.users(org) }, (data) =>
        data && { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((u) => u.id !== user.id) })) },
      );
      void queryClient.invalidateQueries({ queryKey: keys.users(org) });
      notify({ title: 'User deleted', message: `${user.username} was deleted.`, path: '/users' });
      navigate('/users');
    },
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Delete user">
      <Stack>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Text>
          This permanently deletes <strong>{user.username}</strong> with their password and other credentials, and ends all of their
          sessions. It cannot be undone.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            Delete user
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** User ids are UUIDs; anything else in the address can't name a user. */
const looksLikeId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export function UserDetailPage({ id }: { id: string }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const user = useQuery({
    queryKey: keys.user(org, id),
    queryFn: () =>
      looksLikeId(id)
        ? api.user(org, id)
        : Promise.reject(new ApiError({ type: 'urn:latchkey:error:user.not_found', title: 'No such user', status: 404, code: 'user.not_found' })),
  });

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.user(org, id) });
    void queryClient.invalidateQueries({ queryKey: keys.users(org) });
  };

  const action = useMutation({
    mutationFn: async (kind: 'resend' | 'disable' | 'enable') => {
      if (kind === 'resend') await api.resendInvitation(org, id);
      else if (kind === 'disable') await api.disableUser(org, id);
      else await api.enableUser(org, id);
      return kind;
    },
    onSuccess: (kind) => {
      notify({ title: kind === 'resend' ? 'Invitation sent' : kind === 'disable' ? 'User disabled' : 'User enabled' });
      refresh();
    },
  });

  if (user.isPending) return <Loading label="Loading user…" />;
  if (user.isError) {
    return (
      <Stack>
        <Link to="/users">← Back to the list</Link>
        <QueryError error={user.error} onRetry={() => void user.refetch()} />
      </Stack>
    );
  }

  const u = user.data;
  const busy = action.isPending ? action.variables : null;

  return (
    <Stack>
      <Link to="/users" size="sm">
        ← Back to the list
      </Link>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{u.username}</Title>
          <Group gap="xs">
            <StateBadge state={u.status} />
            <Badge variant="outline" style={{ textTransform: 'none' }}>
              {u.privilege}
            </Badge>
            {fullName(u) && <Text c="dimmed">{fullName(u)}</Text>}
          </Group>
        </Stack>
        <Group gap="xs">
          <Button variant="default" onClick={() => setDialog('edit')}>
            Edit
          </Button>
          {u.status === 'pending' && (
            <Button variant="default" onClick={() => action.mutate('resend')} loading={busy === 'resend'} disabled={!!busy && busy !== 'resend'}>
              Resend invitation
            </Button>
          )}
          {u.status === 'disabled' ? (
            <Button variant="default" onClick={() => action.mutate('enable')} loading={busy === 'enable'} disabled={!!busy && busy !== 'enable'}>
              Enable
            </Button>
          ) : (
            <Button variant="default" onClick={() => action.mutate('disable')} loading={busy === 'disable'} disabled={!!busy && busy !== 'disable'}>
              Disable
            </Button>
          )}
          <Button color="red" variant="light" onClick={() => setDialog('delete')}>
            Delete
          </Button>
        </Group>
      </Group>

      {action.isError && <ErrorAlert error={action.error} onClose={() => action.reset()} />}

      <Paper withBorder p="md" component="section" aria-labelledby="details-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="details-heading">
            Details
          </Title>
          <Fields
            items={[
              ['Email', u.email || dim('none')],
              ['Phone', u.phone || dim('none')],
              ['First name', u.firstName || dim('none')],
              ['Last name', u.lastName || dim('none')],
              ['Status', <StateBadge key="s" state={u.status} />],
              ['Privilege', u.privilege],
              ['Groups', u.groups.length > 0 ? u.groups.join(', ') : dim('none')],
              ...(u.roles.length > 0 ? [['Roles', u.roles.join(', ')] as [string, ReactNode]] : []),
              ['Created', formatDate(u.createdAt)],
              ['Last login', formatDate(u.lastLoginAt, 'never')],
            ]}
          />
        </Stack>
      </Paper>

      {u.invitation && <InvitationSection invitation={u.invitation} />}

      {/* Remounted on every opening, so the form starts from the current values. */}
      {dialog === 'edit' && <EditUserModal user={u} opened onClose={() => setDialog(null)} />}
      <DeleteUserModal user={u} opened={dialog === 'delete'} onClose={() => setDialog(null)} />
    </Stack>
  );
}
