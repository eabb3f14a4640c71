import { Alert, Button, Fieldset, Group, NumberInput, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, keys, type Organization } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert, fieldErrors } from '../../ui';

type Recovery = Organization['settings']['recovery'];

const labels: Record<string, string> = {
  'settings/recovery/email': 'Allow password reset via email',
  'settings/recovery/sms': 'Allow reset by SMS',
  'settings/recovery/requireCode': 'Require a code to reset',
  'settings/recovery/expiryMinutes': 'Reset links and codes expire after',
  'settings/recovery/otp/uppercase': 'Reset codes: uppercase letters',
  'settings/recovery/otp/lowercase': 'Reset codes: lowercase letters',
  'settings/recovery/otp/digits': 'Reset codes: digits',
  'settings/recovery/otp/length': 'Reset code length',
};

/** A switch named by its label alone (its description stays its description). */
function Flag({ label, description, checked, onChange }: { label: string; description: string; checked: boolean; onChange: (v: boolean) => void }) {
  return <Switch label={label} aria-label={label} description={description} checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />;
}

/**
 * "Reset options" of the Organization page: what "Forgot your password?" offers the
 * organization's users. Saved on its own, through the organization settings update.
 */
export function ResetOptions({ organization }: { organization: Organization }) {
  const { org, notify, can } = useSession();
  const editable = can('settings.manage');
  const queryClient = useQueryClient();
  const saved = organization.settings.recovery;
  const [value, setValue] = useState<Recovery>(saved);
  const [expiry, setExpiry] = useState<number | string>(saved.expiryMinutes);
  const [length, setLength] = useState<number | string>(saved.otp.length);
  const set = (patch: Partial<Recovery>) => setValue((v) => ({ ...v, ...patch }));
  const setOtp = (patch: Partial<Recovery['otp']>) => setValue((v) => ({ ...v, otp: { ...v.otp, ...patch } }));

  const save = useMutation({
    mutationFn: (recovery: Recovery) => api.updateOrganization(org, { settings: { recovery } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(org), updated);
      notify({ title: 'Reset options saved' });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ ...value, expiryMinutes: Number(expiry), otp: { ...value.otp, length: Number(length) } });
  };
  const server = fieldErrors(save.error);
  const nothing = !value.email && !value.sms;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="reset-options-heading">
      <form onSubmit={submit} noValidate>
        <Fieldset disabled={!editable} variant="unstyled" aria-label="Reset options">
          <Stack gap="sm">
            <Title order={2} size="h4" id="reset-options-heading">
              Reset options
            </Title>
            <Text size="sm" c="dimmed">
              What “Forgot your password?” on the sign-in page offers. Every reset notifies the user and signs out their other sessions.
            </Text>
            {save.isError && <ErrorAlert error={save.error} labels={labels} onClose={() => save.reset()} />}
            <Flag label="Allow password reset via email" description="A link or a code to the account's email address" checked={value.email} onChange={(email) => set({ email })} />
            <Flag
              label="Allow reset by SMS"
              description="A code to the recovery phone the user verified (never an unverified number); also offers “Reset my authenticator”"
              checked={value.sms}
              onChange={(sms) => set({ sms })}
            />
            <Flag
              label="Require a code to reset"
              description="The user must type a code delivered to them: an emailed link alone does not reset the password"
              checked={value.requireCode}
              onChange={(requireCode) => set({ requireCode })}
            />
            {nothing && (
              <Alert color="orange" variant="light" role="note">
                With both off, users who forget their password must ask an administrator.
              </Alert>
            )}
            <NumberInput
              label="Reset links and codes expire after (minutes)"
              description="1 to 1440; short is safer (NIST 800-63B)"
              value={expiry}
              onChange={setExpiry}
              min={1}
              max={1440}
              allowDecimal={false}
              clampBehavior="none"
              error={server['settings/recovery/expiryMinutes']}
              w={280}
            />
            <Group gap="lg" align="flex-end">
              <NumberInput
                label="Reset code length"
                value={length}
                onChange={setLength}
                min={6}
                max={20}
                allowDecimal={false}
                clampBehavior="none"
                error={server['settings/recovery/otp/length']}
                w={180}
              />
              <Switch label="Digits" checked={value.otp.digits} onChange={(e) => setOtp({ digits: e.currentTarget.checked })} />
              <Switch label="Uppercase letters" checked={value.otp.uppercase} onChange={(e) => setOtp({ uppercase: e.currentTarget.checked })} />
              <Switch label="Lowercase letters" checked={value.otp.lowercase} onChange={(e) => setOtp({ lowercase: e.currentTarget.checked })} />
            </Group>
            {editable && (
              <Group>
                <Button type="submit" loading={save.isPending}>
                  Save reset options
                </Button>
              </Group>
            )}
          </Stack>
        </Fieldset>
      </form>
    </Paper>
  );
}
