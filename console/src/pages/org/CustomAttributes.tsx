import { Button, Checkbox, Group, NativeSelect, Paper, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { request } from '../../api';
import type { operations } from '../../api-schema';
import { useSession } from '../../session';
import { ErrorAlert, Loading, QueryError, typedAsIs } from '../../ui';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Attribute = Json<operations['attributes.list']['responses'][200]>['items'][number];
type AttributeType = Attribute['type'];

const types: { value: AttributeType; label: string }[] = [
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'date', label: 'Date' },
];
const base = (org: string) => `/organizations/${encodeURIComponent(org)}/attributes`;

/**
 * The organization's custom attribute schema: users' attributes are validated against it,
 * and the inheritable ones pass from a PIN holder to the users they create.
 */
export function CustomAttributes() {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const editable = can('settings.manage');
  const key = ['attributes', org] as const;
  const list = useQuery({ queryKey: key, queryFn: () => request<{ items: Attribute[] }>('GET', base(org)) });
  const [name, setName] = useState('');
  const [type, setType] = useState<AttributeType>('string');
  const [required, setRequired] = useState(false);
  const [inheritable, setInheritable] = useState(false);
  const done = () => void queryClient.invalidateQueries({ queryKey: key });
  const define = useMutation({
    mutationFn: () => request<Attribute>('POST', base(org), { name: name.trim(), type, required, inheritable }),
    onSuccess: (a) => {
      notify({ title: 'Attribute defined', message: a.name });
      setName('');
      setRequired(false);
      setInheritable(false);
      done();
    },
  });
  const change = useMutation({
    mutationFn: (a: { id: string; required?: boolean; inheritable?: boolean }) => request('PATCH', `${base(org)}/${encodeURIComponent(a.id)}`, { required: a.required, inheritable: a.inheritable }),
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: (id: string) => request('DELETE', `${base(org)}/${encodeURIComponent(id)}`), onSuccess: done });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) define.mutate();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="attributes-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="attributes-heading">
          Custom attributes
        </Title>
        <Text size="sm" c="dimmed">
          Once one attribute is defined, users may carry only defined attributes, each of its type. Required ones must be set when an admin creates a user;
          inheritable ones pass from a PIN holder to the users they create.
        </Text>
        {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
        {list.isPending && <Loading label="Loading attributes…" />}
        {(change.isError || remove.isError) && <ErrorAlert error={change.error ?? remove.error} onClose={() => { change.reset(); remove.reset(); }} />}
        {list.data && list.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={500}>
            <Table aria-label="Custom attributes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Type</Table.Th>
                  <Table.Th scope="col">Required</Table.Th>
                  <Table.Th scope="col">Inheritable</Table.Th>
                  <Table.Th scope="col"><span className="sr-only">Actions</span></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{a.name}</Table.Td>
                    <Table.Td>{types.find((t) => t.value === a.type)?.label ?? a.type}</Table.Td>
                    <Table.Td>
                      <Switch aria-label={`${a.name} required`} checked={a.required} disabled={!editable} onChange={(e) => change.mutate({ id: a.id, required: e.currentTarget.checked })} />
                    </Table.Td>
                    <Table.Td>
                      <Switch aria-label={`${a.name} inheritable`} checked={a.inheritable} disabled={!editable} onChange={(e) => change.mutate({ id: a.id, inheritable: e.currentTarget.checked })} />
                    </Table.Td>
                    <Table.Td>
                      {editable && (
                        <Button size="xs" color="red" variant="light" onClick={() => remove.mutate(a.id)} loading={remove.isPending && remove.variables === a.id}>
                          Remove
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {editable && (
          <form onSubmit={submit} aria-label="Define an attribute">
            <Stack gap="xs">
              {define.isError && <ErrorAlert error={define.error} labels={{ name: 'Attribute name' }} onClose={() => define.reset()} />}
              <Group align="flex-end">
                <TextInput label="Attribute name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={100} w={220} {...typedAsIs} />
                <NativeSelect label="Type" data={types} value={type} onChange={(e) => setType(e.currentTarget.value as AttributeType)} w={140} />
                <Checkbox label="Required" checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} mb={8} />
                <Checkbox label="Inheritable" checked={inheritable} onChange={(e) => setInheritable(e.currentTarget.checked)} mb={8} />
                <Button type="submit" variant="default" loading={define.isPending} disabled={!name.trim()}>
                  Define attribute
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
