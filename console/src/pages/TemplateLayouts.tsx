import { Button, Code, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../session';
import { ErrorAlert, Loading, QueryError, formatDate } from '../ui';
import { type LayoutList, type TemplateSummary, templateKeys, templatesApi } from './templates-api';

const DEFAULT = '';

function VariablesForm({ layouts, templates }: { layouts: LayoutList; templates: TemplateSummary[] }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const initial = Object.fromEntries(layouts.variables.map((v) => [v.variable, v.mapped ? v.layoutName : DEFAULT]));
  const [choice, setChoice] = useState<Record<string, string>>(initial);
  const channelOf = new Map(templates.map((t) => [t.kind, t.channel]));
  const names = (channel: string) => [...new Set(layouts.layouts.filter((l) => l.channel === channel).map((l) => l.name))];
  const save = useMutation({
    mutationFn: () => {
      const changed = Object.entries(choice).filter(([k, v]) => v !== initial[k]);
      return templatesApi.setVariables(org, Object.fromEntries(changed.map(([k, v]) => [k, v === DEFAULT ? null : v])));
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(templateKeys.layouts(org), updated);
      void queryClient.invalidateQueries({ queryKey: templateKeys.list(org) });
      notify({ title: 'Layout variables saved' });
    },
  });
  const dirty = Object.entries(choice).some(([k, v]) => v !== initial[k]);
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Variables
      </Title>
      <Text size="sm" c="dimmed">
        Each message kind has a variable; the variable names the layout its messages use. Unset, it names the layout of the same name (or the built-in default).
      </Text>
      {save.isError && <ErrorAlert error={save.error} />}
      <Table.ScrollContainer minWidth={500}>
        <Table aria-label="Layout variables">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Variable</Table.Th>
              <Table.Th>Message</Table.Th>
              <Table.Th>Layout</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {layouts.variables.map((v) => (
              <Table.Tr key={v.variable}>
                <Table.Td>
                  <Code>{v.variable}</Code>
                </Table.Td>
                <Table.Td>{v.kind}</Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={`Layout of ${v.variable}`}
                    value={choice[v.variable] ?? DEFAULT}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setChoice((c) => ({ ...c, [v.variable]: value }));
                    }}
                    data={[{ value: DEFAULT, label: `${v.variable} (default)` }, ...names(channelOf.get(v.kind) ?? 'email').filter((n) => n !== v.variable).map((n) => ({ value: n, label: n }))]}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty}>
          Save variables
        </Button>
      </Group>
    </Stack>
  );
}

/** The organization's named layouts, the import of the defaults (needs the environment name) and the variables. */
export function Layouts({ templates }: { templates: TemplateSummary[] }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const layouts = useQuery({ queryKey: templateKeys.layouts(org), queryFn: () => templatesApi.layouts(org) });
  const importing = useMutation({
    mutationFn: () => templatesApi.importLayouts(org),
    onSuccess: (result) => {
      queryClient.setQueryData(templateKeys.layouts(org), result);
      void queryClient.invalidateQueries({ queryKey: templateKeys.list(org) });
      notify({ title: 'Default layouts imported', message: `${result.imported.length} imported, ${result.skipped.length} kept as they were.` });
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="layouts-heading">
      <Stack gap="md">
        <Title order={2} size="h3" id="layouts-heading">
          Layouts and variables
        </Title>
        {layouts.isError && <QueryError error={layouts.error} onRetry={() => void layouts.refetch()} />}
        {!layouts.data ? (
          !layouts.isError && <Loading />
        ) : (
          <>
            <Text size="sm">
              Environment name: {layouts.data.environmentName ? <Code>{layouts.data.environmentName}</Code> : <em>not set (set it on the Organization page)</em>}
            </Text>
            <Text size="sm" c="dimmed">
              Importing copies the built-in default layouts into the organization as <Code>{'<environment>_<variable>'}</Code> and points every variable at its copy; layouts of those
              names that exist already are kept.
            </Text>
            {importing.isError && (
              <div data-testid="import-refused">
                <ErrorAlert error={importing.error} />
              </div>
            )}
            <Group>
              <Button variant="default" onClick={() => importing.mutate()} loading={importing.isPending}>
                Import default layouts
              </Button>
            </Group>
            <Table.ScrollContainer minWidth={500}>
              <Table aria-label="Layouts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Layout</Table.Th>
                    <Table.Th>Locale</Table.Th>
                    <Table.Th>Channel</Table.Th>
                    <Table.Th>Used by</Table.Th>
                    <Table.Th>Updated</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {layouts.data.layouts.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>No layouts of its own yet: every message uses the built-in default.</Table.Td>
                    </Table.Tr>
                  )}
                  {layouts.data.layouts.map((l) => (
                    <Table.Tr key={`${l.name}:${l.locale}`}>
                      <Table.Td>
                        <Code>{l.name}</Code>
                      </Table.Td>
                      <Table.Td>{l.locale}</Table.Td>
                      <Table.Td>{l.channel === 'sms' ? 'SMS' : 'Email'}</Table.Td>
                      <Table.Td>{l.usedBy.join(', ') || '—'}</Table.Td>
                      <Table.Td>{formatDate(String(l.updatedAt))}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <VariablesForm key={JSON.stringify(layouts.data.variables)} layouts={layouts.data} templates={templates} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
