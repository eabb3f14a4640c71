import { Button, Group, Modal, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, keys } from '../api';
import { Link } from '../router';
import { useSession } from '../session';
import { ErrorAlert, LoadMore, Loading, QueryError, StateBadge, formatDate } from '../ui';
import { groupKeys, groupsApi, userIdOf, type Group as GroupRow } from './groups-api';

/** After any change to groups: the lists, the members and the users showing their groups. */
function useRefresh() {
  const { org } = useSession();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: groupKeys.all(org) });
    void queryClient.invalidateQueries({ queryKey: keys.users(org) });
    void queryClient.invalidateQueries({ queryKey: ['user', org] });
  };
}

function CreateGroup() {
  const { org, notify } = useSession();
  const refresh = useRefresh();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => groupsApi.create(org, name),
    onSuccess: (g) => {
      setName('');
      refresh();
      notify({ title: 'Group created', message: `${g.name} has no members yet.` });
    },
  });
  return (
    <form
      aria-label="Create a group"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <Group align="flex-start">
        <TextInput
          label="New group"
          placeholder="Name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            create.reset();
          }}
          error={create.isError ? errorMessage(create.error) : undefined}
          required
          maxLength={200}
          w={320}
        />
        <Button type="submit" mt={25} loading={create.isPending}>
          Create group
        </Button>
      </Group>
    </form>
  );
}

function RenameModal({ group, onClose }: { group: GroupRow; onClose: () => void }) {
  const { org, notify } = useSession();
  const refresh = useRefresh();
  const [name, setName] = useState(group.name);
  const rename = useMutation({
    mutationFn: () => groupsApi.rename(org, group.id, name),
    onSuccess: (g) => {
      refresh();
      notify({ title: 'Group renamed', message: `${group.name} is now ${g.name}.` });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Rename ${group.name}`}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          rename.mutate();
        }}
      >
        <Stack>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={rename.isError ? errorMessage(rename.error) : undefined} required maxLength={200} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending}>
              Save name
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteModal({ group, onClose }: { group: GroupRow; onClose: () => void }) {
  const { org, notify } = useSession();
  const refresh = useRefresh();
  const remove = useMutation({
    mutationFn: () => groupsApi.remove(org, group.id),
    onSuccess: () => {
      refresh();
      notify({ title: 'Group deleted', message: `${group.name} was deleted.` });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Delete group">
      <Stack>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Text>
          This deletes <strong>{group.name}</strong>.{' '}
          {group.memberCount > 0 ? `Its ${group.memberCount} ${group.memberCount === 1 ? 'member stays a user' : 'members stay users'} but leave${group.memberCount === 1 ? 's' : ''} the group.` : 'It has no members.'}{' '}
          It cannot be undone.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            Delete group
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MembersModal({ group, onClose }: { group: GroupRow; onClose: () => void }) {
  const { org, can } = useSession();
  const manage = can('users.manage');
  const refresh = useRefresh();
  const [username, setUsername] = useState('');
  const [notFound, setNotFound] = useState<string | null>(null);
  const members = useInfiniteQuery({
    queryKey: groupKeys.members(org, group.id),
    queryFn: ({ pageParam }) => groupsApi.members(org, group.id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const add = useMutation({
    mutationFn: async () => {
      const id = await userIdOf(org, username);
      if (!id) {
        setNotFound(`No user named "${username.trim()}" in this organization`);
        return;
      }
      await groupsApi.addMember(org, group.id, id);
      setUsername('');
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (userId: string) => groupsApi.removeMember(org, group.id, userId), onSuccess: refresh });
  const rows = members.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Modal opened onClose={onClose} title={`Members of ${group.name}`} size="lg">
      <Stack>
        {manage && (
          <form
            aria-label="Add members"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              setNotFound(null);
              add.mutate();
            }}
          >
            <Group align="flex-start">
              <TextInput label="Add a member" placeholder="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={notFound} required w={280} />
              <Button type="submit" mt={25} loading={add.isPending}>
                Add
              </Button>
            </Group>
          </form>
        )}
        {add.isError && <ErrorAlert error={add.error} />}
        {remove.isError && <ErrorAlert error={remove.error} />}
        {members.isError && <QueryError error={members.error} onRetry={() => void members.refetch()} />}
        {members.isPending ? (
          <Loading label="Loading members…" />
        ) : (
          <Table>
            <Table.Caption>{rows.length === 0 ? 'No members yet.' : `${group.name}: members by username.`}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Username</Table.Th>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {manage && (
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Link to={`/users/${m.id}`}>{m.username}</Link>
                  </Table.Td>
                  <Table.Td>{m.email ?? '—'}</Table.Td>
                  <Table.Td>
                    <StateBadge state={m.status} />
                  </Table.Td>
                  {manage && (
                    <Table.Td>
                      <Button size="xs" variant="default" onClick={() => remove.mutate(m.id)} loading={remove.isPending && remove.variables === m.id} aria-label={`Remove ${m.username} from ${group.name}`}>
                        Remove
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <LoadMore query={members} />
      </Stack>
    </Modal>
  );
}

export function GroupsPage() {
  const { org, can } = useSession();
  const manage = can('users.manage');
  const [open, setOpen] = useState<{ kind: 'members' | 'rename' | 'delete'; id: string } | null>(null);
  const groups = useQuery({ queryKey: groupKeys.all(org), queryFn: () => groupsApi.list(org) });
  const items = groups.data?.items ?? [];
  const current = open ? items.find((g) => g.id === open.id) : undefined;
  const close = () => setOpen(null);

  return (
    <Stack>
      <Title order={1}>Groups</Title>
      <Text c="dimmed">Groups gather users, e.g. by team; names are unique in the organization, ignoring case.</Text>
      {manage && <CreateGroup />}
      {groups.isError && <QueryError error={groups.error} onRetry={() => void groups.refetch()} />}
      {groups.isPending ? (
        <Loading label="Loading groups…" />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" data-testid="groups-table">
            <Table.Caption>{items.length === 0 ? 'No groups yet.' : 'Groups by name.'}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Members</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>{g.name}</Table.Td>
                  <Table.Td>{g.memberCount}</Table.Td>
                  <Table.Td>{formatDate(String(g.createdAt))}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end">
                      <Button size="xs" variant="default" onClick={() => setOpen({ kind: 'members', id: g.id })} aria-label={`Members of ${g.name}`}>
                        Members
                      </Button>
                      {manage && (
                        <Button size="xs" variant="default" onClick={() => setOpen({ kind: 'rename', id: g.id })} aria-label={`Rename ${g.name}`}>
                          Rename
                        </Button>
                      )}
                      {manage && (
                        <Button size="xs" color="red" variant="light" onClick={() => setOpen({ kind: 'delete', id: g.id })} aria-label={`Delete ${g.name}`}>
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
      {current && open?.kind === 'members' && <MembersModal group={current} onClose={close} />}
      {current && open?.kind === 'rename' && <RenameModal group={current} onClose={close} />}
      {current && open?.kind === 'delete' && <DeleteModal group={current} onClose={close} />}
    </Stack>
  );
}
