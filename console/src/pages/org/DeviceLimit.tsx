import { Button, Group, NumberInput, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, keys, type Organization } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui';

function DeviceLimitForm({ organization }: { organization: Organization }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const saved = organization.settings.devices.defaultLimit;
  const [limited, setLimited] = useState(saved !== null);
  const [value, setValue] = useState<string | number>(saved ?? 3);
  const editable = can('settings.manage');
  const save = useMutation({
    mutationFn: (defaultLimit: number | null) => api.updateOrganization(org, { settings: { devices: { defaultLimit } } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(org), updated);
      notify({ title: 'Device limit saved' });
    },
  });
  const invalid = limited && (typeof value !== 'number' || value < 1 || value > 1000);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid) save.mutate(limited ? (value as number) : null);
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="device-limit-heading">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="device-limit-heading">
            Devices
          </Title>
          <Text size="sm" c="dimmed">
            How many browsers or clients each user may sign in from, unless the user has a limit of their own (set on the user's page). A sign-in from a new device
            beyond it is refused; the user forgets one from a device they use, or asks an administrator.
          </Text>
          {save.isError && <ErrorAlert error={save.error} />}
          <Switch label="Limit devices per user" checked={limited} onChange={(e) => setLimited(e.currentTarget.checked)} disabled={!editable} />
          {limited && (
            <NumberInput
              label="Default device limit"
              min={1}
              max={1000}
              allowDecimal={false}
              value={value}
              onChange={setValue}
              disabled={!editable}
              error={invalid ? 'Enter a whole number from 1 to 1000' : undefined}
              w={200}
            />
          )}
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={invalid}>
                Apply device limit
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

/** The organization's default device limit (settings.devices.defaultLimit), saved on its own. */
export function DeviceLimitSetting() {
  const { org } = useSession();
  const organization = useQuery({ queryKey: keys.organization(org), queryFn: () => api.organization(org) });
  return organization.data ? <DeviceLimitForm key={organization.data.id} organization={organization.data} /> : null;
}
