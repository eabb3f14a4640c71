import { Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, keys, type Organization } from '../api';
import { navigate } from '../router';
import { useSession } from '../session';
import { ErrorAlert, Loading, QueryError, fieldErrors, formatDate, problemCode, typedAsIs } from '../ui';

const labels = { slug: 'Short name', name: 'Name' };

/** A short name proposed from the name: lower case, dashes for the rest. */
const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);

function CreateOrganization() {
  const { setOrg, notify } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const create = useMutation({
    mutationFn: api.createOrganization,
    onSuccess: (created) => {
      // In the list at once: the switcher sends the admin back from an organization it doesn't know.
      queryClient.setQueryData<{ items: Organization[] }>(keys.organizations, (old) => ({ items: [...(old?.items ?? []), created] }));
      queryClient.setQueryData(keys.organization(created.slug), created);
      void queryClient.invalidateQueries({ queryKey: keys.organizations });
      setName('');
      setSlug('');
      setSlugTouched(false);
      notify({ title: 'Organization created', message: `${created.name} (${created.slug}) is ready. Switched to it.`, path: '/organization' });
      setOrg(created.slug);
      navigate('/organization');
    },
  });
  const errors = fieldErrors(create.error);
  if (problemCode(create.error) === 'organization.slug_taken') errors.slug = 'is already used by another organization';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), slug: slug.trim() });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-org-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-org-heading">
            New organization
          </Title>
          {create.isError && <ErrorAlert error={create.error} labels={labels} />}
          <Group align="flex-start" grow maw={720}>
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setName(value);
                if (!slugTouched) setSlug(slugOf(value));
              }}
              maxLength={200}
              required
              error={errors.name && `Name ${errors.name}`}
            />
            <TextInput
              label="Short name"
              description="Used to sign in; lower-case letters, digits and dashes. It cannot be changed later."
              value={slug}
              onChange={(e) => {
                setSlug(e.currentTarget.value);
                setSlugTouched(true);
              }}
              maxLength={63}
              required
              {...typedAsIs}
              error={errors.slug && `Short name ${errors.slug}`}
            />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create organization
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Platform admins: every organization, switching to one, and creating new ones. */
export function OrganizationsPage() {
  const { isPlatformAdmin, org, setOrg } = useSession();
  const orgs = useQuery({ queryKey: keys.organizations, queryFn: api.organizations, enabled: isPlatformAdmin });
  if (!isPlatformAdmin) {
    return (
      <Stack>
        <Title order={1}>All organizations</Title>
        <Text>Only platform admins see every organization.</Text>
      </Stack>
    );
  }
  const items = orgs.data?.items ?? [];
  return (
    <Stack>
      <Title order={1}>All organizations</Title>
      <CreateOrganization />
      {orgs.isError ? (
        <QueryError error={orgs.error} onRetry={() => void orgs.refetch()} />
      ) : orgs.isPending ? (
        <Loading label="Loading organizations…" />
      ) : (
        <Table.ScrollContainer minWidth={340}>
          <Table striped verticalSpacing="sm">
            <Table.Caption>{`${items.length} ${items.length === 1 ? 'organization' : 'organizations'}`}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Short name</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>{o.name}</Table.Td>
                  <Table.Td>{o.slug}</Table.Td>
                  <Table.Td>{formatDate(o.createdAt)}</Table.Td>
                  <Table.Td>
                    {o.slug === org ? (
                      <Text size="sm">Current</Text>
                    ) : (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Work in ${o.name}`}
                        onClick={() => {
                          setOrg(o.slug);
                          navigate('/users');
                        }}
                      >
                        Work in it
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
  );
}
