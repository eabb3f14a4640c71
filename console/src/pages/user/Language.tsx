import { Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, keys, type User } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert } from '../../ui';
import { localeNames } from '../org/DefaultLocale';

const ORGANIZATION_DEFAULT = '';

/** The user's language (pages and messages); empty: their browser's, then the organization's default. */
export function UserLanguageSection({ user }: { user: User }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const saved = user.locale ?? ORGANIZATION_DEFAULT;
  const [value, setValue] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (locale: string) => api.updateUser(org, user.id, { locale: locale === ORGANIZATION_DEFAULT ? null : (locale as keyof typeof localeNames) }),
    onSuccess: () => {
      notify({ title: 'Language saved' });
      setValue(null);
      void queryClient.invalidateQueries({ queryKey: keys.user(org, user.id) });
    },
  });
  const current = value ?? saved;
  const editable = can('users.manage');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="user-language-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="user-language-heading">
          Language
        </Title>
        <Text size="sm" c="dimmed">
          Pages and messages for this user. The user may change it on their account page.
        </Text>
        {save.isError && <ErrorAlert error={save.error} onClose={() => save.reset()} />}
        <NativeSelect
          label="Language"
          value={current}
          onChange={(e) => setValue(e.currentTarget.value)}
          data={[{ value: ORGANIZATION_DEFAULT, label: "Browser's, then the organization's default" }, ...Object.entries(localeNames).map(([v, label]) => ({ value: v, label }))]}
          disabled={!editable}
          w={320}
        />
        {editable && (
          <Group>
            <Button variant="default" onClick={() => save.mutate(current)} disabled={current === saved} loading={save.isPending}>
              Apply language
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
