import { Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { appKeys, appsApi, type UserApp } from '../../apps';
import { Link } from '../../router';
import { useSession } from '../../session';
import { Loading, QueryError, formatDate } from '../../ui';
import { AppIcon } from '../Apps';

/** Why the user has the app: directly, by which groups, or only because they used it. */
function Sources({ item }: { item: UserApp }) {
  return (
    <Group gap={4}>
      {item.direct && (
        <Badge variant="light" color="blue">
          Assigned directly
        </Badge>
      )}
      {item.groups.map((g) => (
        <Badge key={g.id} variant="light" color="grape">
          Group: {g.name}
        </Badge>
      ))}
      {!item.assigned && (
        <Badge variant="light" color="gray">
          Used, not assigned
        </Badge>
      )}
    </Group>
  );
}

/** The apps section of the user page: assigned (directly or by group) and used apps. */
export function UserApps({ userId }: { userId: string }) {
  const { org } = useSession();
  const apps = useQuery({ queryKey: appKeys.ofUser(org, userId), queryFn: () => appsApi.ofUser(org, userId) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="apps-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="apps-heading">
            Apps
          </Title>
          <Link to="/apps" size="sm">
            Manage apps
          </Link>
        </Group>
        {apps.isError ? (
          <QueryError error={apps.error} onRetry={() => void apps.refetch()} />
        ) : apps.isPending ? (
          <Loading label="Loading apps…" />
        ) : apps.data.items.length === 0 ? (
          <Text c="dimmed">No apps are assigned to this user, and they have used none.</Text>
        ) : (
          <Table aria-label="Apps of this user">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>App</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Last used</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {apps.data.items.map((item) => (
                <Table.Tr key={item.app.id}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <AppIcon app={item.app} size={24} />
                      <Anchor href={item.app.url} target="_blank" rel="noopener noreferrer">
                        {item.app.name}
                      </Anchor>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Sources item={item} />
                  </Table.Td>
                  <Table.Td>{item.lastUsedAt ? `${formatDate(item.lastUsedAt)} (${item.uses}×)` : <Text span c="dimmed" inherit>never</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
