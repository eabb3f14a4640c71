import { Alert, Button, Paper, SegmentedControl, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, keys, type Organization } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui';

/**
 * The organization's multi-factor policy: whether a second factor is optional or required, and
 * whether SMS codes may be one. Saved on its own, as a patch of the `mfa` settings block.
 */
export function MfaPolicy({ organization }: { organization: Organization }) {
  const { can, notify } = useSession();
  const queryClient = useQueryClient();
  const editable = can('settings.manage');
  const saved = organization.settings.mfa;
  const [policy, setPolicy] = useState(saved.policy);
  const [smsAllowed, setSmsAllowed] = useState(saved.smsAllowed);
  const save = useMutation({
    mutationFn: () => api.updateOrganization(organization.slug, { settings: { mfa: { policy, smsAllowed } } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(organization.slug), updated);
      notify({ title: 'Multi-factor policy saved' });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const changed = policy !== saved.policy || smsAllowed !== saved.smsAllowed;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="mfa-policy-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="mfa-policy-heading">
            Multi-factor authentication
          </Title>
          {save.isError && <ErrorAlert error={save.error} onClose={() => save.reset()} />}
          <div>
            <Text size="sm" fw={500} id="mfa-policy-label">
              Second factor
            </Text>
            <SegmentedControl
              aria-labelledby="mfa-policy-label"
              disabled={!editable}
              value={policy}
              onChange={(v) => setPolicy(v as typeof policy)}
              data={[
                { value: 'optional', label: 'Optional' },
                { value: 'required', label: 'Required' },
              ]}
            />
            <Text size="xs" c="dimmed" mt={4}>
              {policy === 'required'
                ? 'Everyone must use a second factor: people without one set up an authenticator app at their next sign-in. The minimum password length may then be as low as 8.'
                : 'People may add an authenticator app and backup codes on their account page.'}
            </Text>
          </div>
          <Switch
            label="Allow SMS codes as a second factor"
            description="Codes to the person's verified recovery phone."
            checked={smsAllowed}
            disabled={!editable}
            onChange={(e) => setSmsAllowed(e.currentTarget.checked)}
          />
          <Alert role="note" color="gray" variant="light" title="SMS is a restricted authenticator">
            NIST SP 800-63B-4 restricts SMS: phone numbers can be ported to another SIM and messages intercepted. Prefer an authenticator app; allow SMS only for people who have nothing else.
          </Alert>
          {editable && (
            <Button type="submit" loading={save.isPending} disabled={!changed} w="fit-content">
              Apply multi-factor policy
            </Button>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
