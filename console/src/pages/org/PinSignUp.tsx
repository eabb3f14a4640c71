import { Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, keys, type OrganizationSettings } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui';

type Mode = OrganizationSettings['login']['pinSignUp'];
const modes: { value: Mode; label: string; description: string }[] = [
  { value: 'off', label: 'Off', description: 'Nobody signs up with a PIN; PINs given out do not work.' },
  { value: 'web_only', label: 'Sign-in page only', description: 'Holders create users on the sign-in page; the API for other clients refuses.' },
  { value: 'all_clients', label: 'Sign-in page and API', description: 'Holders may also use the API from other clients.' },
];

/** The organization's PIN-code sign-up option (settings.login.pinSignUp), saved on its own. */
export function PinSignUpSetting() {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const organization = useQuery({ queryKey: keys.organization(org), queryFn: () => api.organization(org) });
  const saved = organization.data?.settings.login.pinSignUp;
  const [mode, setMode] = useState<Mode | null>(null);
  const save = useMutation({
    mutationFn: (pinSignUp: Mode) => api.updateOrganization(org, { settings: { login: { pinSignUp } } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(org), updated);
      notify({ title: 'PIN sign-up saved' });
      setMode(null);
    },
  });
  if (!saved) return null;
  const current = mode ?? saved;
  const editable = can('settings.manage');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="pin-sign-up-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="pin-sign-up-heading">
          PIN-code sign-up
        </Title>
        <Text size="sm" c="dimmed">
          A user given a PIN (on their page) creates users in their likeness from the sign-in page: with their groups, roles and inheritable attributes.
        </Text>
        {save.isError && <ErrorAlert error={save.error} onClose={() => save.reset()} />}
        <Radio.Group value={current} onChange={(v) => setMode(v as Mode)} aria-label="PIN-code sign-up">
          <Stack gap="xs">
            {modes.map((m) => (
              <Radio key={m.value} value={m.value} label={m.label} description={m.description} disabled={!editable} />
            ))}
          </Stack>
        </Radio.Group>
        {editable && (
          <Group>
            <Button variant="default" onClick={() => save.mutate(current)} disabled={current === saved} loading={save.isPending}>
              Apply PIN sign-up option
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
