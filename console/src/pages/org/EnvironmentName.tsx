import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, keys, type Organization } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert, typedAsIs } from '../../ui';

const PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

function EnvironmentNameForm({ organization }: { organization: Organization }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const saved = (organization.settings as { environmentName?: string | null }).environmentName ?? '';
  const [value, setValue] = useState(saved);
  const editable = can('settings.manage');
  const save = useMutation({
    mutationFn: (environmentName: string | null) => api.updateOrganization(org, { settings: { environmentName } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(org), updated);
      void queryClient.invalidateQueries({ queryKey: ['layouts', org] });
      notify({ title: 'Environment name saved' });
    },
  });
  const trimmed = value.trim();
  const invalid = trimmed !== '' && !PATTERN.test(trimmed);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid) save.mutate(trimmed === '' ? null : trimmed);
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="environment-name-heading">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="environment-name-heading">
            Environment
          </Title>
          <Text size="sm" c="dimmed">
            The name of this environment (e.g. PROD or TEST). Every message template can show it as {'{{ environment }}'}, and the default layouts are imported under it
            (Message templates page), so it is needed before they can be.
          </Text>
          {save.isError && <ErrorAlert error={save.error} />}
          <TextInput
            label="Environment name"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            disabled={!editable}
            error={invalid ? 'Letters, digits, _ and -, at most 40, starting with a letter or digit' : undefined}
            w={280}
            {...typedAsIs}
          />
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={invalid || trimmed === saved}>
                Save environment name
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

/** The organization's environment name (settings.environmentName), saved on its own. */
export function EnvironmentNameSetting() {
  const { org } = useSession();
  const organization = useQuery({ queryKey: keys.organization(org), queryFn: () => api.organization(org) });
  return organization.data ? <EnvironmentNameForm key={organization.data.id} organization={organization.data} /> : null;
}
