import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, keys, type Organization } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert, fieldErrors } from '../../ui';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
/** The English name of an ISO 3166-1 alpha-2 code, or undefined when it names no region. */
function regionName(code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  try {
    const name = regionNames.of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The organization's recovery-phone setting: the country the user's form starts on. */
export function RecoveryPhoneSettings({ organization }: { organization: Organization }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const saved = organization.settings.recoveryPhone.defaultCountry;
  const [country, setCountry] = useState(saved);
  const editable = can('settings.manage');
  const code = country.trim().toUpperCase();
  const name = regionName(code);
  const save = useMutation({
    mutationFn: () => api.updateOrganization(org, { settings: { recoveryPhone: { defaultCountry: code } } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(org), updated);
      notify({ title: 'Default country set' });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name && code !== saved) save.mutate();
  };
  const server = fieldErrors(save.error)['settings/recoveryPhone/defaultCountry'];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="recovery-phone-settings-heading">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="recovery-phone-settings-heading">
            Recovery phone
          </Title>
          <Text size="sm" c="dimmed">
            Users add and prove their own recovery phone on their account page; administrators can see and remove it, never set it.
          </Text>
          {save.isError && !server && <ErrorAlert error={save.error} onClose={() => save.reset()} />}
          <TextInput
            label="Default country"
            description={name ? `${name}: the country the form starts on for a user without a phone` : 'A two-letter country code (ISO 3166-1), e.g. US, CH, DE'}
            value={country}
            onChange={(e) => setCountry(e.currentTarget.value)}
            maxLength={2}
            maw={420}
            disabled={!editable}
            error={server ?? (name ? undefined : 'Enter a two-letter country code, e.g. US')}
          />
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!name || code === saved}>
                Set default country
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
