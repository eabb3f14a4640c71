import { Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { keys, request, type User } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert, formatDate } from '../../ui';

const expiryPath = (org: string, id: string) => `/organizations/${encodeURIComponent(org)}/users/${encodeURIComponent(id)}/password-expiry`;

/** A date-time-local value ("2026-12-31T17:00") for an instant, in the browser's time zone. */
function localValue(at: Date): string {
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/**
 * "Set password expiry" on the user page: after the date the password no longer signs in as
 * is; the next sign-in with it asks for a new one. The user is emailed the date at once.
 */
export function PasswordExpirySection({ user }: { user: User }) {
  const { org, can, notify } = useSession();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const current = user.passwordExpiresAt ? new Date(user.passwordExpiresAt) : null;
  const [value, setValue] = useState('');
  const save = useMutation({
    mutationFn: (expiresAt: string | null) => request<User>('PUT', expiryPath(org, user.id), { expiresAt }),
    onSuccess: (u) => {
      notify({
        title: u.passwordExpiresAt ? 'Password expiry set' : 'Password expiry cleared',
        message: u.passwordExpiresAt
          ? `${u.username}'s password stops signing in after ${formatDate(u.passwordExpiresAt)}; the next sign-in then asks for a new one.${u.email ? ' They were emailed the date and the steps.' : ' They have no email address: tell them yourself.'}`
          : `${u.username}'s password no longer expires on a date.`,
      });
      void queryClient.invalidateQueries({ queryKey: keys.user(org, user.id) });
      void queryClient.invalidateQueries({ queryKey: keys.users(org) });
      setOpen(false);
    },
  });
  if (!can('users.manage')) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value) save.mutate(new Date(value).toISOString());
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="password-expiry-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="password-expiry-title">
            Password expiry
          </Title>
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                setValue(localValue(current ?? new Date(Date.now() + 7 * 86_400_000)));
                save.reset();
                setOpen(true);
              }}
            >
              Set password expiry
            </Button>
            {current && (
              <Button variant="subtle" size="xs" loading={save.isPending} onClick={() => save.mutate(null)}>
                Clear
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm">
          {current
            ? `After ${formatDate(current.toISOString())} the password no longer signs in; the next sign-in asks for a new one.`
            : 'No expiry date is set for this password.'}
        </Text>
        {!open && save.isError && <ErrorAlert error={save.error} />}
      </Stack>
      <Modal opened={open} onClose={() => setOpen(false)} title="Set password expiry">
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm">
              After this date {user.username}'s password no longer signs in as it is: the next sign-in with it goes straight to choosing a new one.
              {user.email ? ` ${user.email} is emailed the date and the steps at once.` : ' The user has no email address, so nobody is notified: tell them yourself.'}
            </Text>
            <TextInput label="Expires after" type="datetime-local" required value={value} onChange={(e) => setValue(e.currentTarget.value)} data-autofocus />
            {save.isError && <ErrorAlert error={save.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                Set expiry
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
