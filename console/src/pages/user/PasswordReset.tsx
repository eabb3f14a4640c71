import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { request, type User } from '../../api';
import type { operations } from '../../api-schema';
import { useSession } from '../../session';
import { ErrorAlert, formatDate } from '../../ui';

type Sent = operations['users.passwordReset.send']['responses'][201]['content']['application/json'];

const channelWords: Record<Sent['channel'], string> = {
  email_link: 'a reset link by email',
  email_code: 'a reset code by email',
  sms_code: 'a reset code by text message to the verified recovery phone',
};

/**
 * "Send password reset" on an active user's page: the reset the organization's reset options
 * give (the same the user would get from "Forgot your password?"). Helpdesk may send it too.
 */
export function PasswordResetSection({ user }: { user: User }) {
  const { org, can, notify } = useSession();
  const send = useMutation({
    mutationFn: () => request<Sent>('POST', `/organizations/${encodeURIComponent(org)}/users/${encodeURIComponent(user.id)}/password-reset`),
    onSuccess: (sent) => notify({ title: 'Password reset sent', message: `${user.username} gets ${channelWords[sent.channel]}${sent.codeRequired ? ' with a code' : ''}.` }),
  });
  if (!can('invitations.send') || user.status !== 'active') return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="password-reset-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="password-reset-heading">
          Password reset
        </Title>
        <Text size="sm" c="dimmed">
          Sends the user a reset by the organization&apos;s reset options. Earlier resets stop working; the password stays until the user
          chooses a new one.
        </Text>
        {send.isError && <ErrorAlert error={send.error} onClose={() => send.reset()} />}
        {send.isSuccess && (
          <Text size="sm" role="status">
            Sent {channelWords[send.data.channel]}; it works until {formatDate(send.data.expiresAt)}.
          </Text>
        )}
        <Group>
          <Button variant="default" onClick={() => send.mutate()} loading={send.isPending}>
            Send password reset
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
