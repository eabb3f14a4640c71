import { Alert, Button, Code, CopyButton, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { keys, request, type User } from '../../api';
import type { operations } from '../../api-schema';
import { useSession } from '../../session';
import { ErrorAlert, formatDate } from '../../ui';

type Issued = operations['recoveryCodes.issue']['responses'][201]['content']['application/json'];
type Removed = operations['users.identity.remove']['responses'][200]['content']['application/json'];

const userPath = (org: string, id: string) => `/organizations/${encodeURIComponent(org)}/users/${encodeURIComponent(id)}`;
const rank = { user: 0, helpdesk: 1, org_admin: 2, platform_admin: 3 } as const;

/**
 * Support actions on the user page: a helpdesk recovery code for a caller whose identity was
 * verified (helpdesk and up, toward a lower privilege), and "remove user identity" (user
 * managers). Each shows only when the signed-in admin may take it; the API checks again.
 */
export function SupportActions({ user }: { user: User }) {
  const { can, me, privilege } = useSession();
  const [dialog, setDialog] = useState<'code' | 'identity' | null>(null);
  const self = me.user.id === user.id;
  const mayIssue = can('recovery_codes.issue') && !self && user.status === 'active' && rank[user.privilege] < rank[privilege];
  const mayRemove = can('users.manage') && !self && user.status !== 'disabled' && rank[user.privilege] <= rank[privilege];
  if (!mayIssue && !mayRemove) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="support-actions-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="support-actions-heading">
          Support actions
        </Title>
        <Group>
          {mayIssue && (
            <Button variant="default" onClick={() => setDialog('code')}>
              Issue recovery code
            </Button>
          )}
          {mayRemove && (
            <Button color="red" variant="light" onClick={() => setDialog('identity')}>
              Remove user identity
            </Button>
          )}
        </Group>
      </Stack>
      {dialog === 'code' && <RecoveryCodeModal user={user} onClose={() => setDialog(null)} />}
      {dialog === 'identity' && <RemoveIdentityModal user={user} onClose={() => setDialog(null)} />}
    </Paper>
  );
}

/** Asks how the caller was verified, then shows the code once, with a copy button. */
function RecoveryCodeModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { org } = useSession();
  const [note, setNote] = useState('');
  const issue = useMutation({ mutationFn: (n: string) => request<Issued>('POST', `${userPath(org, user.id)}/recovery-codes`, { note: n }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (note.trim().length >= 3) issue.mutate(note.trim());
  };
  return (
    <Modal opened onClose={onClose} title="Helpdesk recovery code">
      {issue.isSuccess ? (
        <Stack>
          <Text>
            Read this code to <strong>{user.username}</strong>. It works once, until {formatDate(issue.data.expiresAt)}, on the sign-in page under
            &ldquo;Forgot your password?&rdquo; &rarr; &ldquo;I have a code from the helpdesk&rdquo;.
          </Text>
          <Group>
            <Code fz="xl" data-testid="recovery-code">
              {issue.data.code}
            </Code>
            <CopyButton value={issue.data.code}>
              {({ copied, copy }) => (
                <Button variant="default" size="xs" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Alert color="yellow" title="Shown only now">
            The code is not stored in a readable form and can&apos;t be shown again. Issuing a new one ends this one.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm">
              Only for a caller whose identity you verified. The user sets a new password with the code; an authenticator app is reset and set up
              again right after.
            </Text>
            {issue.isError && <ErrorAlert error={issue.error} onClose={() => issue.reset()} />}
            <Textarea
              label="How did you verify the caller?"
              description="Kept in the audit log, e.g. “called back on the number in HR records”."
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              required
              minLength={3}
              maxLength={500}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={issue.isPending} disabled={note.trim().length < 3}>
                Issue code
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** Confirms "remove user identity" with what it takes away, then reports what was removed. */
function RemoveIdentityModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => request<Removed>('POST', `${userPath(org, user.id)}/identity/remove`),
    onSuccess: (done) => {
      void queryClient.invalidateQueries({ queryKey: keys.user(org, user.id) });
      void queryClient.invalidateQueries({ queryKey: keys.users(org) });
      const r = done.removed;
      const parts = [
        r.password && 'the password',
        r.factors > 0 && `${r.factors} second factor${r.factors === 1 ? '' : 's'}`,
        r.backupCodes > 0 && 'the backup codes',
        r.recoveryPhone && 'the recovery phone',
        r.pinCode && 'the PIN',
      ].filter(Boolean);
      notify({ title: 'User identity removed', message: `${user.username} is pending again${parts.length ? ` (removed: ${parts.join(', ')})` : ''}. Send an invitation to let them set a password.` });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Remove user identity">
      <Stack>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Text>
          This deletes the password of <strong>{user.username}</strong> and every factor: authenticator apps, backup codes, the recovery phone and a
          PIN they hold. All of their sessions end. They become a pending user, like a new invitee, and can be invited again. Groups,
          attributes and the audit log stay.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            Remove identity
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
