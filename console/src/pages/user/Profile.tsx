import { Button, DataList, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, keys, type UpdateUserInput, type User } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert, StateBadge, formatDate, lockoutText, privilegeLabel } from '../../ui';
import { ContactFields, LocalErrors, localContactErrors, userFieldErrors } from '../Users';
import { AttributeFields, attributeDisplay, attributeText, attributeValue, useAttributeSchema, type AttributeDefinition } from './Attributes';

const editLabels: Record<string, string> = { email: 'Email', firstName: 'First name', lastName: 'Last name', phone: 'Phone' };

const dim = (text: string) => (
  <Text span c="dimmed" inherit>
    {text}
  </Text>
);

function EditUserModal({ user, schema, onClose }: { user: User; schema: AttributeDefinition[]; onClose: () => void }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const initial = { email: user.email ?? '', firstName: user.firstName ?? '', lastName: user.lastName ?? '', phone: user.phone ?? '' };
  const initialAttributes = Object.fromEntries(schema.map((d) => [d.name, attributeText(user.attributes[d.name])]));
  const [form, setForm] = useState(initial);
  const [attrs, setAttrs] = useState<Record<string, string>>(initialAttributes);
  const [local, setLocal] = useState<Record<string, string>>({});

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
    const found = localContactErrors(form);
    setLocal(found);
    if (Object.keys(found).length > 0) {
      save.reset();
      return;
    }
    const changes: UpdateUserInput = {};
    for (const field of ['email', 'firstName', 'lastName', 'phone'] as const) {
      const value = form[field].trim();
      const before = user[field] ?? '';
      if (value !== before) changes[field] = value === '' ? null : value;
    }
    // The whole set of defined attributes goes when one changed: the server checks the required
    // ones on the result. Values of attributes no longer defined are dropped with it.
    if (schema.some((d) => attrs[d.name]?.trim() !== initialAttributes[d.name]?.trim())) {
      const next: Record<string, unknown> = {};
      for (const d of schema) {
        const value = attributeValue(d, attrs[d.name] ?? '');
        if (value !== null) next[d.name] = value;
      }
      changes.attributes = next;
    }
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    save.mutate(changes);
  };

  const errors = { ...userFieldErrors(save.error), ...local };
  const labels = { ...editLabels, ...Object.fromEntries(schema.map((d) => [`attributes/${d.name}`, d.name])) };
  const set = (field: keyof typeof initial) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [field]: value }));
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Edit ${user.username}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <LocalErrors errors={local} labels={editLabels} />
          {save.isError && <ErrorAlert error={save.error} labels={labels} />}
          <ContactFields form={form} set={set} errors={errors} autoFocus />
          {schema.length > 0 && (
            <AttributeFields schema={schema} values={attrs} onChange={(name, value) => setAttrs((a) => ({ ...a, [name]: value }))} errors={errors} />
          )}
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

/**
 * The profile tab: contact details, names, custom attributes (as the organization defines them)
 * and account facts; "Edit" for administrators who manage users.
 */
export function UserProfile({ user }: { user: User }) {
  const { org, can } = useSession();
  const [editing, setEditing] = useState(false);
  const schema = useAttributeSchema(org);
  const defs = schema.data?.items ?? [];
  const byName = new Map(defs.map((d) => [d.name, d]));
  // Defined attributes first, in the schema's order; then values the schema no longer defines.
  const names = [...defs.map((d) => d.name), ...Object.keys(user.attributes).filter((n) => !byName.has(n))];
  const items: [string, ReactNode][] = [
    ['Email', user.email || dim('none')],
    ['Phone', user.phone || dim('none')],
    ['First name', user.firstName || dim('none')],
    ['Last name', user.lastName || dim('none')],
    ...names.map((n): [string, ReactNode] => {
      const value = attributeDisplay(byName.get(n), user.attributes[n]);
      return [n, value === '' ? dim('not set') : value];
    }),
    ['Status', <StateBadge key="s" state={user.status} />],
    [
      'Sign-in',
      user.lockout ? (
        <Text key="l" span c="orange.9" inherit data-testid="lockout-detail">
          {lockoutText(user.lockout)}
        </Text>
      ) : user.lockout === null ? (
        'Not locked out'
      ) : (
        dim('unknown')
      ),
    ],
    ['Privilege', privilegeLabel(user.privilege)],
    ['Groups', user.groups.length > 0 ? user.groups.join(', ') : dim('none')],
    ...(user.roles.length > 0 ? [['Roles', user.roles.join(', ')] as [string, ReactNode]] : []),
    ['Created', formatDate(user.createdAt)],
    ['Last login', formatDate(user.lastLoginAt, 'never')],
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="details-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="details-heading">
            Details
          </Title>
          {can('users.manage') && (
            <Button variant="default" onClick={() => setEditing(true)} disabled={schema.isPending}>
              Edit
            </Button>
          )}
        </Group>
        <DataList orientation="horizontal" labelWidth={160} gap="xs" data-testid="user-details">
          {items.map(([label, value]) => (
            <DataList.Item key={label}>
              <DataList.ItemLabel>{label}</DataList.ItemLabel>
              <DataList.ItemValue>{value}</DataList.ItemValue>
            </DataList.Item>
          ))}
        </DataList>
      </Stack>
      {/* Remounted on every opening, so the form starts from the current values. */}
      {editing && <EditUserModal user={user} schema={defs} onClose={() => setEditing(false)} />}
    </Paper>
  );
}
