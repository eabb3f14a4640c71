import { Anchor, Avatar, Badge, Button, CloseButton, FileInput, Group, Modal, MultiSelect, Paper, Stack, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { appKeys, appsApi, readAsDataUrl, type RegisteredApp } from '../apps';
import { useSession } from '../session';
import { ErrorAlert, Loading, QueryError, fieldErrors, formatDate, problemCode } from '../ui';
import { AppSignInSettings } from './app/SignInSettings';

const appLabels: Record<string, string> = { name: 'Name', url: 'Address', description: 'Description', icon: 'Icon' };

/** An app's icon, or its first letter when it has none. */
export function AppIcon({ app, size = 32 }: { app: Pick<RegisteredApp, 'name' | 'iconUrl'>; size?: number }) {
  return (
    <Avatar src={app.iconUrl} alt="" size={size} radius="sm" color="indigo">
      {app.name.charAt(0).toUpperCase()}
    </Avatar>
  );
}

/** Register (no `app`) or edit an app. */
function AppModal({ app, onClose }: { app: RegisteredApp | null; onClose: () => void }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(app?.name ?? '');
  const [url, setUrl] = useState(app?.url ?? '');
  const [description, setDescription] = useState(app?.description ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [removeIcon, setRemoveIcon] = useState(false);
  const save = useMutation({
    mutationFn: async () => {
      const icon = file ? await readAsDataUrl(file) : removeIcon ? null : undefined;
      const input = { name, url, description: description.trim() || null, ...(icon !== undefined && { icon }) };
      return app ? appsApi.update(org, app.id, input) : appsApi.create(org, input);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['apps', org] });
      notify({ title: app ? 'App saved' : 'App registered', message: `${saved.name} is ${app ? 'updated' : 'registered'}.` });
      onClose();
    },
  });
  const errors = fieldErrors(save.error);
  const code = problemCode(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={app ? `Edit ${app.name}` : 'Register app'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {save.isError && !['app.url_invalid', 'app.icon_invalid', 'app.name_taken'].includes(code ?? '') && <ErrorAlert error={save.error} labels={appLabels} />}
          <TextInput label="Name" description="Shown to users on their account page" value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} error={errors.name ?? (code === 'app.name_taken' ? save.error?.message : undefined)} data-autofocus />
          <TextInput
            label="Address"
            description="Where the app opens: http:// or https://"
            placeholder="https://app.example.com/"
            type="url"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            required
            maxLength={2000}
            error={errors.url ?? (code === 'app.url_invalid' ? save.error?.message : undefined)}
          />
          <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={1000} autosize minRows={2} error={errors.description} />
          <Group align="flex-end">
            <FileInput
              label="Icon"
              description="PNG, JPEG, GIF or WebP, at most 32 KiB"
              accept="image/png,image/jpeg,image/gif,image/webp"
              value={file}
              onChange={(f) => {
                setFile(f);
                setRemoveIcon(false);
              }}
              clearable
              placeholder={app?.iconUrl && !removeIcon ? 'Keep the current icon' : 'No icon'}
              error={errors.icon ?? (code === 'app.icon_invalid' ? save.error?.message : undefined)}
              style={{ flex: 1 }}
            />
            {app?.iconUrl && !file && !removeIcon && (
              <Button variant="default" onClick={() => setRemoveIcon(true)}>
                Remove icon
              </Button>
            )}
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {app ? 'Save' : 'Register'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteAppModal({ app, onClose }: { app: RegisteredApp; onClose: () => void }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => appsApi.remove(org, app.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['apps', org] });
      notify({ title: 'App deleted', message: `${app.name} was deleted.` });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title="Delete app">
      <Stack>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Text>
          This deletes <strong>{app.name}</strong> with its assignments and recorded uses: nobody sees it on their account page any more. The
          audit log keeps the record.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            Delete app
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Who has the app, and assigning it to more users and groups. */
function AssignModal({ app, onClose }: { app: RegisteredApp; onClose: () => void }) {
  const { org, notify, can } = useSession();
  const queryClient = useQueryClient();
  const mayAssign = can('users.manage');
  const assignments = useQuery({ queryKey: appKeys.assignments(org, app.id), queryFn: () => appsApi.assignments(org, app.id) });
  const groups = useQuery({ queryKey: appKeys.groups(org), queryFn: () => appsApi.groups(org), enabled: mayAssign });
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({ queryKey: ['apps', org, 'user-search', debounced], queryFn: () => appsApi.users(org, debounced), enabled: mayAssign && debounced.length > 0 });
  const [userIds, setUserIds] = useState<string[]>([]);
  const [groupIds, setGroupIds] = useState<string[]>([]);
  // Picked users stay selectable (and labelled) while the search shows others.
  const [picked, setPicked] = useState<Record<string, string>>({});
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['apps', org] });
  const assign = useMutation({
    mutationFn: () => appsApi.assign(org, app.id, { userIds, groupIds }),
    onSuccess: () => {
      notify({ title: 'App assigned', message: `${app.name} is assigned.` });
      setUserIds([]);
      setGroupIds([]);
      setSearch('');
      refresh();
    },
  });
  const unassign = useMutation({
    mutationFn: (assignmentId: string) => appsApi.unassign(org, app.id, assignmentId),
    onSuccess: () => {
      notify({ title: 'Assignment removed' });
      refresh();
    },
  });
  const userOptions = [
    ...Object.entries(picked).map(([value, label]) => ({ value, label })),
    ...(found.data?.items ?? []).filter((u) => !picked[u.id]).map((u) => ({ value: u.id, label: u.email ? `${u.username} (${u.email})` : u.username })),
  ];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (userIds.length + groupIds.length > 0) assign.mutate();
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Assign ${app.name}`} size="lg">
      <Stack>
        {mayAssign && (
          <form onSubmit={submit}>
            <Stack>
              {assign.isError && <ErrorAlert error={assign.error} />}
              <MultiSelect
                label="Users"
                description="Type the start of a username or email"
                data={userOptions}
                value={userIds}
                onChange={(ids) => {
                  setUserIds(ids);
                  setPicked((p) => Object.fromEntries(ids.map((id) => [id, p[id] ?? userOptions.find((o) => o.value === id)?.label ?? id])));
                }}
                searchable
                searchValue={search}
                onSearchChange={setSearch}
                filter={({ options }) => options}
                nothingFoundMessage={debounced ? (found.isFetching ? 'Searching…' : 'No such user') : 'Type to search'}
              />
              <MultiSelect
                label="Groups"
                description="Every member of the group, now and later"
                data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
                value={groupIds}
                onChange={setGroupIds}
                searchable
                nothingFoundMessage="No such group"
              />
              <Group justify="flex-end">
                <Button type="submit" loading={assign.isPending} disabled={userIds.length + groupIds.length === 0}>
                  Assign
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        <Title order={3} size="h5">
          Assigned to
        </Title>
        {unassign.isError && <ErrorAlert error={unassign.error} onClose={() => unassign.reset()} />}
        {assignments.isError ? (
          <QueryError error={assignments.error} onRetry={() => void assignments.refetch()} />
        ) : assignments.isPending ? (
          <Loading label="Loading assignments…" />
        ) : assignments.data.items.length === 0 ? (
          <Text c="dimmed">Nobody yet.</Text>
        ) : (
          <Table aria-label={`Assignments of ${app.name}`}>
            <Table.Tbody>
              {assignments.data.items.map((a) => {
                const label = a.user ? a.user.username : (a.group?.name ?? '');
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Badge variant="light" color={a.type === 'group' ? 'grape' : 'blue'}>
                        {a.type === 'group' ? 'Group' : 'User'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{label}</Table.Td>
                    <Table.Td>{formatDate(a.createdAt)}</Table.Td>
                    <Table.Td w={60}>{mayAssign && <CloseButton aria-label={`Remove ${label}`} onClick={() => unassign.mutate(a.id)} disabled={unassign.isPending} />}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Modal>
  );
}

type Dialog = { kind: 'new' } | { kind: 'edit' | 'delete' | 'assign'; app: RegisteredApp } | null;

export function AppsPage() {
  const { org, can } = useSession();
  const apps = useQuery({ queryKey: appKeys.apps(org), queryFn: () => appsApi.list(org) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const mayEdit = can('settings.manage');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Apps</Title>
        {mayEdit && <Button onClick={() => setDialog({ kind: 'new' })}>Register app</Button>}
      </Group>
      <Text>Apps registered here appear, as links, on the account page of the users and groups they are assigned to.</Text>
      {apps.isError ? (
        <QueryError error={apps.error} onRetry={() => void apps.refetch()} />
      ) : apps.isPending ? (
        <Loading label="Loading apps…" />
      ) : apps.data.items.length === 0 ? (
        <Paper withBorder p="md">
          <Text c="dimmed">No apps are registered yet.</Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" aria-label="Registered apps">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={48}>
                  <VisuallyHidden>Icon</VisuallyHidden>
                </Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Updated</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {apps.data.items.map((app) => (
                <Table.Tr key={app.id}>
                  <Table.Td>
                    <AppIcon app={app} />
                  </Table.Td>
                  <Table.Td>
                    <Text fw={500}>{app.name}</Text>
                    {app.description && (
                      <Text size="sm" c="dimmed">
                        {app.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Anchor href={app.url} target="_blank" rel="noopener noreferrer">
                      {app.url}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDate(app.updatedAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'assign', app })} aria-label={`Assignments of ${app.name}`}>
                        Assignments
                      </Button>
                      <AppSignInSettings app={app} />
                      {mayEdit && (
                        <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'edit', app })} aria-label={`Edit ${app.name}`}>
                          Edit
                        </Button>
                      )}
                      {mayEdit && (
                        <Button size="xs" color="red" variant="light" onClick={() => setDialog({ kind: 'delete', app })} aria-label={`Delete ${app.name}`}>
                          Delete
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'new' && <AppModal app={null} onClose={close} />}
      {dialog?.kind === 'edit' && <AppModal app={dialog.app} onClose={close} />}
      {dialog?.kind === 'delete' && <DeleteAppModal app={dialog.app} onClose={close} />}
      {dialog?.kind === 'assign' && <AssignModal app={dialog.app} onClose={close} />}
    </Stack>
  );
}
