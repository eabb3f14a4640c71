import { Badge, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys, type User } from '../../api';
import { Link } from '../../router';
import { useSession } from '../../session';
import { ErrorAlert, Loading, QueryError } from '../../ui';
import { groupKeys, groupsApi } from '../groups-api';

/** The user's groups, and for admins who manage users: add to one, remove from one. */
export function UserGroups({ user }: { user: User }) {
  const { org, can } = useSession();
  const manage = can('users.manage');
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState<string | null>(null);
  const mine = useQuery({ queryKey: groupKeys.ofUser(org, user.id), queryFn: () => groupsApi.ofUser(org, user.id) });
  const all = useQuery({ queryKey: groupKeys.all(org), queryFn: () => groupsApi.list(org), enabled: manage });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: groupKeys.all(org) });
    void queryClient.invalidateQueries({ queryKey: keys.user(org, user.id) });
    void queryClient.invalidateQueries({ queryKey: keys.users(org) });
  };
  const add = useMutation({
    mutationFn: (groupId: string) => groupsApi.addMember(org, groupId, user.id),
    onSuccess: () => {
      setAdding(null);
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (groupId: string) => groupsApi.removeMember(org, groupId, user.id), onSuccess: refresh });
  const memberOf = mine.data?.items ?? [];
  const others = (all.data?.items ?? []).filter((g) => !memberOf.some((m) => m.id === g.id));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="groups-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="groups-heading">
          Groups
        </Title>
        {mine.isError && <QueryError error={mine.error} onRetry={() => void mine.refetch()} />}
        {add.isError && <ErrorAlert error={add.error} onClose={() => add.reset()} />}
        {remove.isError && <ErrorAlert error={remove.error} onClose={() => remove.reset()} />}
        {mine.isPending ? (
          <Loading label="Loading groups…" />
        ) : memberOf.length === 0 ? (
          <Text size="sm" c="dimmed">
            Not in any group.
          </Text>
        ) : (
          <Group gap="xs" data-testid="user-groups">
            {memberOf.map((g) => (
              <Badge
                key={g.id}
                variant="light"
                size="lg"
                style={{ textTransform: 'none' }}
                rightSection={
                  manage ? (
                    <Button size="compact-xs" variant="subtle" onClick={() => remove.mutate(g.id)} loading={remove.isPending && remove.variables === g.id} aria-label={`Remove from ${g.name}`}>
                      ×
                    </Button>
                  ) : undefined
                }
              >
                {g.name}
              </Badge>
            ))}
          </Group>
        )}
        {manage && (
          <Group align="flex-end" gap="xs">
            <Select
              label="Add to group"
              placeholder={others.length === 0 ? 'No other groups' : 'Choose a group'}
              data={others.map((g) => ({ value: g.id, label: g.name }))}
              value={adding}
              onChange={setAdding}
              searchable
              nothingFoundMessage="No such group"
              disabled={others.length === 0}
              w={260}
            />
            <Button variant="default" onClick={() => adding && add.mutate(adding)} disabled={!adding} loading={add.isPending}>
              Add
            </Button>
            <Link to="/groups" size="sm">
              Manage groups
            </Link>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
