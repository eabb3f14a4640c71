import { Button, Group, NumberInput, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, keys, type Organization } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui';

function ImpersonationForm({ organization }: { organization: Organization }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const saved = organization.settings.impersonation;
  const [minutes, setMinutes] = useState<string | number>(saved.maxMinutes);
  const [notifyUser, setNotifyUser] = useState(saved.notifyUser);
  const editable = can('settings.manage');
  const save = useMutation({
    mutationFn: (impersonation: { maxMinutes: number; notifyUser: boolean }) => api.updateOrganization(org, { settings: { impersonation } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(org), updated);
      notify({ title: 'Impersonation settings saved' });
    },
  });
  const invalid = typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 240;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid) save.mutate({ maxMinutes: minutes as number, notifyUser });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="impersonation-settings-heading">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="impersonation-settings-heading">
            Impersonation
          </Title>
          <Text size="sm" c="dimmed">
            Administrators may open a user's account pages as that user, with a reason, toward a lower privilege only. Every start, stop and action
            during it is audited with both names.
          </Text>
          {save.isError && <ErrorAlert error={save.error} labels={{ 'settings/impersonation/maxMinutes': 'Time limit' }} />}
          <NumberInput
            label="Time limit (minutes)"
            description="An impersonation stops by itself after this long, from 1 to 240 minutes."
            min={1}
            max={240}
            allowDecimal={false}
            value={minutes}
            onChange={setMinutes}
            disabled={!editable}
            error={invalid ? 'Enter a whole number from 1 to 240' : undefined}
            w={260}
          />
          <Switch
            label="Tell the user afterwards"
            aria-label="Tell the user afterwards"
            description="An email to the user after an administrator signed in as them: who, when and why."
            checked={notifyUser}
            onChange={(e) => setNotifyUser(e.currentTarget.checked)}
            disabled={!editable}
          />
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={invalid}>
                Apply impersonation settings
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

/** The organization's impersonation settings (settings.impersonation), saved on their own. */
export function ImpersonationSettings() {
  const { org } = useSession();
  const organization = useQuery({ queryKey: keys.organization(org), queryFn: () => api.organization(org) });
  return organization.data ? <ImpersonationForm key={organization.data.id} organization={organization.data} /> : null;
}
