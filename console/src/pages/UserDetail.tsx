import { Alert, Anchor, Badge, Button, Checkbox, Code, CopyButton, DataList, Group, Modal, Paper, PasswordInput, SegmentedControl, Select, Stack, Switch, Tabs, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api, keys, type Invitation, type InvitationMethod, type PasswordResetInput, type PasswordResetResult, type User } from '../api';
import { Link, navigate, useQueryParam } from '../router';
import { useSession } from '../session';
import { ErrorAlert, Loading, OneTimeLink, QueryError, StateBadge, SuccessAlert, formatDate, lockoutText, methodLabel, methodLabels, privilegeLabel, problemCode, sheetLinkHelp } from '../ui';
import { PinCodeSection, PinHolderBadge } from './user/PinCode';
import { UserGroups } from './user/Groups';
import { UserApps } from './user/Apps';
import { LockoutBadge, fullName } from './Users';
import { UserSecurity } from './user/Security';
import { RecoveryPhoneSection } from './user/RecoveryPhone';
import { SessionsSection } from './user/Sessions';
import { DevicesSection } from './user/Devices';
import { UserProfile } from './user/Profile';
import { UserActivity } from './user/Activity';
import { PasswordResetSection } from './user/PasswordReset';
import { ImpersonateSection } from './user/Impersonate';
import { PasswordExpirySection } from './user/PasswordExpiry';
import { UserLanguageSection } from './user/Language';
import { DeleteUserModal } from './user/DeleteUser';
import { SupportActions } from './user/SupportActions';

function Fields({ items }: { items: [string, ReactNode][] }) {
  return (
    <DataList orientation="horizontal" labelWidth={160} gap="xs">
      {items.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

const dim = (text: string) => (
  <Text span c="dimmed" inherit>
    {text}
  </Text>
);

/** What the buttons of the user page do; each goes through the page's one action mutation. */
type Action =
  | { kind: 'resend'; method?: InvitationMethod; shareLink?: boolean }
  | { kind: 'revoke'; invitationId: string }
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'unlock' };

const resendMethods = [
  { value: 'default', label: 'Same method as last time' },
  ...(Object.keys(methodLabels) as InvitationMethod[]).map((value) => ({ value, label: methodLabels[value] })),
];

function InvitationDetails({ invitation }: { invitation: Invitation }) {
  const delivery = invitation.delivery;
  return (
    <>
      <Fields
        items={[
          ['Method', methodLabel(invitation.method)],
          ...(invitation.stage ? [['Stage', <StateBadge key="g" state={invitation.stage} />] as [string, ReactNode]] : []),
          ['State', <StateBadge key="s" state={invitation.state} />],
          ['Created', formatDate(invitation.createdAt)],
          ['Expires', invitation.expiresAt ? formatDate(invitation.expiresAt) : 'never'],
          ['Opened', invitation.openedAt ? formatDate(invitation.openedAt) : dim('not yet')],
          ...(invitation.finishedAt ? [['Finished', formatDate(invitation.finishedAt)] as [string, ReactNode]] : []),
          [
            'Delivery',
            delivery ? (
              <Group key="d" gap="xs">
                <StateBadge state={delivery.state} />
                <Text span size="sm" c="dimmed">
                  {delivery.attempts} {delivery.attempts === 1 ? 'attempt' : 'attempts'}
                  {delivery.sentAt ? `, sent ${formatDate(delivery.sentAt)}` : ''}
                </Text>
              </Group>
            ) : (
              dim('no message recorded')
            ),
          ],
          ...(delivery?.lastError ? [['Last error', <Text key="e" span c="red" inherit>{delivery.lastError}</Text>] as [string, ReactNode]] : []),
        ]}
      />
      {delivery && (
        <Text size="sm" c="dimmed">
          Sent messages are kept in the outbox: <Link to="/outbox">read the message</Link>.
        </Text>
      )}
    </>
  );
}

/**
 * The latest invitation, and for a user who has not set a password yet the way to send a
 * new one (by the method of the last invitation or another) or to revoke the pending one.
 */
function InvitationSection({
  user,
  busy,
  onAction,
  sheetUrl,
  onDismissSheet,
}: {
  user: User;
  busy: Action['kind'] | null;
  onAction: (action: Action) => void;
  /** The printable sheet of the invitation just sent, when one was asked for. */
  sheetUrl: string | null;
  onDismissSheet: () => void;
}) {
  const { can } = useSession();
  const [method, setMethod] = useState('default');
  const [shareLink, setShareLink] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const invitation = user.invitation;
  const mayInvite = can('invitations.send');
  // Only a user who has not set a password yet has something to be invited to.
  const pending = user.status === 'pending' && mayInvite;
  // Methods that can reach this user; with none, the printable sheet is the only way.
  const reachable = resendMethods.filter((m) => m.value === 'default' || (m.value === 'sms_otp' ? !!user.phone : !!user.email));
  // Printable sheets hand out a secret: only admins who manage users may make them.
  const mayShare = can('users.manage');
  const unreachable = !user.email && !user.phone;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="invitation-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="invitation-heading">
          Invitation
        </Title>
        {invitation ? (
          <InvitationDetails invitation={invitation} />
        ) : (
          <Text size="sm" c="dimmed">
            No invitation has been sent to this user yet.
          </Text>
        )}
        {mayInvite && (pending || invitation?.state === 'pending') && (
          <Group align="flex-end" gap="xs">
            {pending && (
              <>
                <Select
                  label="Resend as"
                  data={reachable}
                  value={method}
                  onChange={(v) => v && setMethod(v)}
                  allowDeselect={false}
                  w={200}
                />
                {mayShare && (
                <Checkbox
                  label="With printable sheet"
                  checked={shareLink}
                  onChange={(e) => setShareLink(e.currentTarget.checked)}
                  // Centred on the height of the buttons beside it.
                  mb={8}
                />
                )}
                <Button
                  variant="default"
                  onClick={() =>
                    onAction({ kind: 'resend', method: method === 'default' ? undefined : (method as InvitationMethod), ...(shareLink && { shareLink: true }) })
                  }
                  loading={busy === 'resend'}
                  disabled={(!!busy && busy !== 'resend') || (unreachable && !(shareLink && mayShare))}
                >
                  {invitation ? 'Resend invitation' : 'Send invitation'}
                </Button>
              </>
            )}
            {invitation?.state === 'pending' && (
              <Button
                color="red"
                variant="light"
                onClick={() => setConfirmRevoke(true)}
                loading={busy === 'revoke'}
                disabled={!!busy && busy !== 'revoke'}
              >
                Revoke invitation
              </Button>
            )}
          </Group>
        )}
        {pending && unreachable && (
          <Text size="sm" c="dimmed">
            {user.username} has no email or phone: an invitation can only be handed over on a printable sheet.
          </Text>
        )}
        <Modal opened={confirmRevoke} onClose={() => setConfirmRevoke(false)} title="Revoke invitation?">
          <Stack>
            <Text>
              The invitation's link or code stops working at once. {user.username} then needs a new invitation to set a password.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirmRevoke(false)} data-autofocus>
                Keep it
              </Button>
              <Button
                color="red"
                onClick={() => {
                  setConfirmRevoke(false);
                  if (invitation) onAction({ kind: 'revoke', invitationId: invitation.id });
                }}
              >
                Revoke
              </Button>
            </Group>
          </Stack>
        </Modal>
        {sheetUrl && (
          <SuccessAlert title="Printable sheet" onClose={onDismissSheet}>
            <OneTimeLink url={sheetUrl} label="One-time link to the printable sheet" testId="sheet-url">
              {sheetLinkHelp}
            </OneTimeLink>
          </SuccessAlert>
        )}
      </Stack>
    </Paper>
  );
}

function ResetResult({ result, onClose }: { result: PasswordResetResult; onClose: () => void }) {
  return (
    <Stack>
      <SuccessAlert title="Password reset">
        {result.temporary
          ? `The password is temporary: ${result.username} must choose a new one at the next sign-in${result.expiresAt ? `, before ${formatDate(result.expiresAt)}` : ''}.`
          : `The password is permanent: ${result.username} can keep using it.`}
      </SuccessAlert>
      {result.password && (
        <Alert color="yellow" variant="light" title="Generated password" role="status">
          <Stack gap="xs">
            <Text size="sm">Copy it now: it is shown only this once and is not stored readable anywhere.</Text>
            <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', fontSize: 'var(--mantine-font-size-md)' }} data-testid="generated-password">
              {result.password}
            </Code>
            <Group>
              <CopyButton value={result.password}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? 'Copied' : 'Copy password'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
      <Fields
        items={[
          ['Username', result.username],
          ['Temporary', result.temporary ? 'yes' : 'no'],
          ['Valid until', result.temporary ? formatDate(result.expiresAt, 'no expiry') : 'no expiry'],
          [
            'Sign-in URL',
            <Anchor key="l" href={result.loginUrl} target="_blank" rel="noopener noreferrer" style={{ overflowWrap: 'anywhere' }}>
              {result.loginUrl}
            </Anchor>,
          ],
        ]}
      />
      {result.viewUrl && (
        <OneTimeLink url={result.viewUrl} label="One-time view link" testId="view-url">
          The link opens once, within 24 hours; then it stops working. It shows the password on a printable onboarding sheet with the sign-in
          address, so it can be handed over on paper too.
        </OneTimeLink>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { org, can } = useSession();
  const queryClient = useQueryClient();
  // Generated by default: a made-up password is strong and nobody had to think of one.
  const [mode, setMode] = useState<'generate' | 'type'>('generate');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [temporary, setTemporary] = useState(true);
  const [shareLink, setShareLink] = useState(false);

  const reset = useMutation({
    mutationFn: (input: PasswordResetInput) => api.resetPassword(org, user.id, input),
    onSuccess: () => {
      // The password replaced any pending invitation, and a permanent one activates the user.
      void queryClient.invalidateQueries({ queryKey: keys.user(org, user.id) });
      void queryClient.invalidateQueries({ queryKey: keys.users(org) });
      void queryClient.invalidateQueries({ queryKey: keys.onboarding(org) });
    },
  });

  const matches = mode === 'generate' || (password !== '' && confirm !== '' && password === confirm);
  // Said once the confirmation can no longer turn into the password by typing on.
  const mismatch = confirm !== '' && !password.startsWith(confirm) ? 'The passwords do not match' : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!matches) return;
    const mayShare = can('users.manage');
    reset.mutate(
      mode === 'generate'
        ? { generate: true, temporary, ...(shareLink && mayShare && { shareLink: true }) }
        : { password, confirm, temporary, shareLink: shareLink && mayShare },
    );
  };

  return (
    <Modal opened onClose={onClose} title="Reset password" size="lg">
      {reset.data ? (
        <ResetResult result={reset.data} onClose={onClose} />
      ) : (
        <form onSubmit={submit}>
          <Stack>
            {reset.isError && <ErrorAlert error={reset.error} labels={{ password: 'New password', confirm: 'Confirm password' }} />}
            <Text size="sm">
              Sets a new password for <strong>{user.username}</strong>. Their sessions end and any pending invitation stops working.
            </Text>
            <SegmentedControl
              aria-label="How to choose the password"
              value={mode}
              onChange={(v) => setMode(v as 'generate' | 'type')}
              data={[
                { value: 'generate', label: 'Generate one' },
                { value: 'type', label: 'Type one' },
              ]}
            />
            {mode === 'generate' && (
              <Text size="sm" c="dimmed">
                A strong password is made up and shown once after Reset, with a button to copy it.
              </Text>
            )}
            {mode === 'type' && (
            <PasswordInput
              label="New password"
              value={password}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setPassword(value);
                if (value === '') setConfirm('');
              }}
              autoComplete="new-password"
              maxLength={1024}
              required
              data-autofocus
            />
            )}
            {mode === 'type' && password !== '' && (
              <PasswordInput
                label="Confirm password"
                value={confirm}
                onChange={(e) => setConfirm(e.currentTarget.value)}
                autoComplete="new-password"
                maxLength={1024}
                required
                error={mismatch}
              />
            )}
            <Switch
              label="Temporary"
              // The Switch's <label> also holds the description: the name is the label alone.
              aria-label="Temporary"
              description="The user must choose a new password at the next sign-in; it expires after the organization's validity period"
              checked={temporary}
              onChange={(e) => setTemporary(e.currentTarget.checked)}
            />
            <Checkbox label="Create a one-time view link" checked={shareLink} onChange={(e) => setShareLink(e.currentTarget.checked)} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} type="button">
                Cancel
              </Button>
              <Button type="submit" disabled={!matches} loading={reset.isPending}>
                Reset
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

const userTabs = [
  { value: 'profile', label: 'Profile' },
  { value: 'groups', label: 'Groups' },
  { value: 'security', label: 'Security' },
  { value: 'sessions', label: 'Sessions' },
  { value: 'devices', label: 'Devices' },
  { value: 'apps', label: 'Apps' },
  { value: 'activity', label: 'Activity' },
] as const;
type UserTab = (typeof userTabs)[number]['value'];

/** User ids are UUIDs; anything else in the address can't name a user. */
const looksLikeId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export function UserDetailPage({ id }: { id: string }) {
  const { org, notify, can } = useSession();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'delete' | 'password' | null>(null);
  const tab = useQueryParam('tab');
  const [sheetUrl, setSheetUrl] = useState<string | null>(null);
  const user = useQuery({
    queryKey: keys.user(org, id),
    queryFn: () =>
      looksLikeId(id)
        ? api.user(org, id)
        : Promise.reject(new ApiError({ type: 'urn:latchkey:error:user.not_found', title: 'No such user', status: 404, code: 'user.not_found' })),
  });

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.user(org, id) });
    void queryClient.invalidateQueries({ queryKey: keys.users(org) });
  };

  const action = useMutation({
    mutationFn: async (a: Action): Promise<{ title: string; message?: string; sheetUrl?: string | null }> => {
      switch (a.kind) {
        case 'resend': {
          const invitation = await api.resendInvitation(org, id, { method: a.method, shareLink: a.shareLink });
          const method = methodLabel(invitation.method).toLowerCase();
          return {
            title: 'Invitation sent',
            message:
              invitation.delivery === null && invitation.viewUrl
                ? `No message was sent: the ${method} is on the printable sheet only.`
                : `Sent as ${method}.`,
            sheetUrl: invitation.viewUrl ?? null,
          };
        }
        case 'revoke':
          await api.revokeInvitation(org, a.invitationId);
          return { title: 'Invitation revoked', message: 'Its link or code no longer works.', sheetUrl: null };
        case 'disable':
          await api.disableUser(org, id);
          return { title: 'User disabled' };
        case 'enable':
          await api.enableUser(org, id);
          return { title: 'User enabled' };
        case 'unlock': {
          const result = await api.unlockUser(org, id);
          return result?.unlocked === false
            ? { title: 'Nothing to unlock', message: 'The user was not locked out.' }
            : { title: 'Sign-in lockouts cleared', message: 'The user can try to sign in again at once.' };
        }
      }
    },
    onSuccess: ({ sheetUrl: sheet, ...notice }) => {
      notify(notice);
      // A new or revoked invitation makes an earlier sheet's code useless; other actions keep it.
      if (sheet !== undefined) setSheetUrl(sheet);
      refresh();
      void queryClient.invalidateQueries({ queryKey: keys.onboarding(org) });
    },
  });

  if (user.isPending) return <Loading label="Loading user…" />;
  if (user.isError) {
    // A missing user stays missing: no point in trying again.
    const gone = problemCode(user.error) === 'user.not_found';
    return (
      <Stack>
        <Link to="/users">← Back to the list</Link>
        {gone ? (
          <>
            <Title order={1}>No such user</Title>
            <Text>This user does not exist in this organization: they may have been deleted, or the address is mistyped.</Text>
          </>
        ) : (
          <QueryError error={user.error} onRetry={() => void user.refetch()} />
        )}
      </Stack>
    );
  }

  const u = user.data;
  const manage = can('users.manage');
  const busy = action.isPending ? action.variables.kind : null;
  const run = (a: Action) => action.mutate(a);
  const tabs = userTabs.filter((t) => t.value !== 'activity' || can('audit.read'));
  const current = tabs.some((t) => t.value === tab) ? (tab as UserTab) : 'profile';
  // The tab is part of the address (?tab=security), so a tab can be linked, reloaded and shared.
  const selectTab = (value: string | null) => {
    if (value) navigate(`/users/${encodeURIComponent(id)}${value === 'profile' ? '' : `?tab=${value}`}`, { replace: true });
  };

  return (
    <Stack>
      <Link to="/users" size="sm">
        ← Back to the list
      </Link>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{u.username}</Title>
          <Group gap="xs" data-testid="user-status">
            <StateBadge state={u.status} />
            <LockoutBadge user={u} />
            <PinHolderBadge user={u} />
            <Badge variant="outline" style={{ textTransform: 'none' }}>
              {privilegeLabel(u.privilege)}
            </Badge>
            {fullName(u) && <Text c="dimmed">{fullName(u)}</Text>}
          </Group>
        </Stack>
        <Group gap="xs">
          {!manage ? null : u.status === 'disabled' ? (
            <Button variant="default" onClick={() => run({ kind: 'enable' })} loading={busy === 'enable'} disabled={!!busy && busy !== 'enable'}>
              Enable
            </Button>
          ) : (
            <Button variant="default" onClick={() => run({ kind: 'disable' })} loading={busy === 'disable'} disabled={!!busy && busy !== 'disable'}>
              Disable
            </Button>
          )}
          {can('users.delete') && (
            <Button color="red" variant="light" onClick={() => setDialog('delete')}>
              Delete
            </Button>
          )}
        </Group>
      </Group>

      {action.isError && <ErrorAlert error={action.error} onClose={() => action.reset()} />}

      <Tabs value={current} onChange={selectTab} keepMounted={false}>
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>

        <Tabs.Panel value="profile" pt="md">
          <Stack>
            <UserProfile user={u} />
            <UserLanguageSection user={u} />
            {(u.invitation || u.status === 'pending') && (
              <InvitationSection user={u} busy={busy} onAction={run} sheetUrl={sheetUrl} onDismissSheet={() => setSheetUrl(null)} />
            )}
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="groups" pt="md">
          <UserGroups user={u} />
        </Tabs.Panel>

        <Tabs.Panel value="security" pt="md">
          <Stack>
            {(manage || can('invitations.send')) && (
              <Paper withBorder p="md" component="section" aria-labelledby="password-heading">
                <Stack gap="sm">
                  <Title order={2} size="h4" id="password-heading">
                    Password and sign-in
                  </Title>
                  <Text size="sm">
                    {u.lockout ? lockoutText(u.lockout) : u.lockout === null ? 'Not locked out' : 'Lockouts are not reported by this server.'}
                  </Text>
                  <Group gap="xs">
                    {manage && (
                      <Button variant="default" onClick={() => setDialog('password')}>
                        Reset password
                      </Button>
                    )}
                    {can('invitations.send') && (
                      <Button
                        variant="default"
                        onClick={() => run({ kind: 'unlock' })}
                        loading={busy === 'unlock'}
                        // Only a locked-out user has something to unlock (servers that don't report lockouts: always offered).
                        disabled={(!!busy && busy !== 'unlock') || u.lockout === null}
                        title={u.lockout === null ? 'Not locked out' : undefined}
                      >
                        Unlock
                      </Button>
                    )}
                  </Group>
                </Stack>
              </Paper>
            )}
            <PasswordResetSection user={u} />
            <UserSecurity user={u} />
            <RecoveryPhoneSection userId={u.id} username={u.username} />
            <PinCodeSection user={u} />
            <ImpersonateSection user={u} />
            <PasswordExpirySection user={u} />
            <SupportActions user={u} />
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="sessions" pt="md">
          <SessionsSection userId={u.id} username={u.username} />
        </Tabs.Panel>

        <Tabs.Panel value="devices" pt="md">
          <DevicesSection userId={u.id} username={u.username} />
        </Tabs.Panel>

        <Tabs.Panel value="apps" pt="md">
          <UserApps userId={u.id} />
        </Tabs.Panel>

        <Tabs.Panel value="activity" pt="md">
          <UserActivity userId={u.id} />
        </Tabs.Panel>
      </Tabs>

      {dialog === 'password' && <ResetPasswordModal user={u} onClose={() => setDialog(null)} />}
      <DeleteUserModal user={u} opened={dialog === 'delete'} onClose={() => setDialog(null)} />
    </Stack>
  );
}
