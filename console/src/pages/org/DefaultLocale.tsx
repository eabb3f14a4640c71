import { Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, keys, type OrganizationSettings } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui';

type Locale = OrganizationSettings['defaultLocale'];
/** Each supported locale in its own name, as the end-user pages offer them. */
export const localeNames: Record<Locale, string> = { en: 'English', es: 'Español', ja: '日本語' };

/** The organization's default language (settings.defaultLocale), saved on its own. */
export function DefaultLocaleSetting() {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const organization = useQuery({ queryKey: keys.organization(org), queryFn: () => api.organization(org) });
  const saved = organization.data?.settings.defaultLocale;
  const [locale, setLocale] = useState<Locale | null>(null);
  const save = useMutation({
    mutationFn: (defaultLocale: Locale) => api.updateOrganization(org, { settings: { defaultLocale } }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(org), updated);
      notify({ title: 'Default language saved' });
      setLocale(null);
    },
  });
  if (!saved) return null;
  const current = locale ?? saved;
  const editable = can('settings.manage');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="default-locale-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="default-locale-heading">
          Default language
        </Title>
        <Text size="sm" c="dimmed">
          The language of the sign-in and account pages when the browser asks for none of the supported ones, and of emails and text messages to users who chose no
          language of their own.
        </Text>
        {save.isError && <ErrorAlert error={save.error} onClose={() => save.reset()} />}
        <NativeSelect
          label="Default language"
          value={current}
          onChange={(e) => setLocale(e.currentTarget.value as Locale)}
          data={Object.entries(localeNames).map(([value, label]) => ({ value, label }))}
          disabled={!editable}
          w={240}
        />
        {editable && (
          <Group>
            <Button variant="default" onClick={() => save.mutate(current)} disabled={current === saved} loading={save.isPending}>
              Apply default language
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
