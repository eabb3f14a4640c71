import { Alert, Badge, Button, Center, Code, CopyButton, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { ApiError, type InvitationMethod } from './api';

/** Dates in the admin's own time zone and language, with the zone named so no one has to guess it. */
export function formatDate(value: string | null | undefined, empty = '—'): string {
  if (!value) return empty;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
}

/** State words of the server (user status, invitation state and stage, delivery state) as people say them. */
export const stateLabels: Record<string, string> = {
  pending: 'Pending',
  active: 'Active',
  locked: 'Locked',
  disabled: 'Disabled',
  accepted: 'Accepted',
  expired: 'Expired',
  superseded: 'Replaced by a newer one',
  revoked: 'Revoked',
  exhausted: 'Too many wrong tries',
  not_invited: 'Not invited',
  queued: 'Waiting to be sent',
  delivered: 'Delivered',
  opened: 'Opened',
  activated: 'Activated',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Delivery failed',
};
export const stateLabel = (state: string) => stateLabels[state] ?? state.replace(/_/g, ' ');

/** Privileges as people say them. */
export const privilegeLabels: Record<string, string> = {
  user: 'User',
  helpdesk: 'Helpdesk',
  org_admin: 'Organization admin',
  platform_admin: 'Platform admin',
};
export const privilegeLabel = (p: string) => privilegeLabels[p] ?? p;

/** Kinds of outbox messages in words ("invitation_link email" is the server's). */
const kindLabels: Record<string, string> = {
  invitation_link: 'Invitation link',
  invitation_otp: 'Invitation code',
  invitation_code: 'Invitation code',
  invitation_sms: 'Invitation code',
  invitation_reminder: 'Invitation reminder',
  account_activated: 'Account activated',
  temporary_password: 'Temporary password',
};
const channelLabels: Record<string, string> = { email: 'email', sms: 'SMS' };
export const messageKindLabel = (kind: string, channel: string) =>
  `${kindLabels[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' ')} (${channelLabels[channel] ?? channel})`;

/** When a sign-in lockout ends and why, in words. */
export function lockoutText(lockout: { until: string | null; reason: string }): string {
  const why = lockout.reason === 'failure_cap' ? 'after 100 failed sign-ins in a row' : 'after repeated failed sign-ins';
  return lockout.until ? `Locked out until ${formatDate(lockout.until)}, ${why}` : `Locked out until an admin unlocks, ${why}`;
}

/** "body/email" → "email"; the request part is noise for the admin. */
export function fieldPath(field: string): string {
  return field.replace(/^(body|querystring|params|headers)\/?/, '') || field;
}

/** What a failed pattern means, for the fields whose pattern is not self-explanatory. */
const patternMeaning: Record<string, string> = {
  phone: 'must start with + and the country code, e.g. +41 79 123 45 67',
  username: 'may contain only letters, digits and . _ @ + -',
  organization: 'must be a short name of lower-case letters, digits and dashes',
};

/** Input props for names typed exactly as they are (usernames, organization short names): no capitals or corrections. */
export const typedAsIs = { autoCapitalize: 'none', autoCorrect: 'off', spellCheck: false } as const;

/** Invitation methods as the console names them. */
export const methodLabels: Record<InvitationMethod, string> = {
  email_link: 'Email link',
  email_otp: 'Email code',
  sms_otp: 'SMS code',
};

/** A method word from the server in the console's words (unknown ones as they are). */
export const methodLabel = (method: string | null | undefined, empty = '—') => (method ? (methodLabels[method as InvitationMethod] ?? method) : empty);

/** The problem code of an API error, if it is one. */
export const problemCode = (err: unknown): string | undefined => (err instanceof ApiError ? err.problem.code : undefined);

/** Messages a nullable field adds after the real one ("must be null", "must match a schema in anyOf"). */
const unionNoise = /^must (be null|match a schema in anyOf|match exactly one schema in oneOf)$/;

/**
 * The validation errors of a request.invalid problem, one per field: the first message that
 * says something, with regular-expression patterns put in words where we know them.
 */
export function validationErrors(err: unknown): { field: string; message: string }[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.problem.errors)) return [];
  const byField = new Map<string, string[]>();
  for (const e of err.problem.errors) {
    if (!e || typeof e.field !== 'string') continue;
    const field = fieldPath(e.field);
    byField.set(field, [...(byField.get(field) ?? []), typeof e.message === 'string' ? e.message : 'is invalid']);
  }
  return [...byField].map(([field, messages]) => {
    let message = messages.find((m) => !unionNoise.test(m)) ?? messages[0]!;
    if ((message.startsWith('must match pattern') || message === 'contains characters that are not allowed') && patternMeaning[field]) message = patternMeaning[field];
    return { field, message };
  });
}

/** Validation errors keyed by field path ("email", "settings/passwordPolicy/minLength"). */
export function fieldErrors(err: unknown): Record<string, string> {
  return Object.fromEntries(validationErrors(err).map((e) => [e.field, e.message]));
}

/**
 * An API error in an alert: `detail ?? title`, with the title above a detail and the
 * per-field messages of a validation problem. `labels` names fields as the form does.
 */
export function ErrorAlert({ error, labels = {}, onClose }: { error: unknown; labels?: Record<string, string>; onClose?: () => void }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const fields = validationErrors(error);
  const message = problem ? (problem.detail ?? problem.title) : error instanceof Error ? error.message : 'Something went wrong';
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      title={problem && (problem.detail || fields.length > 0) ? problem.title : undefined}
      withCloseButton={!!onClose}
      onClose={onClose}
      closeButtonLabel="Dismiss error"
    >
      {fields.length > 0 ? (
        <List size="sm">
          {fields.map((e) => (
            <List.Item key={e.field}>
              {labels[e.field] ?? e.field}: {e.message}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">{message}</Text>
      )}
    </Alert>
  );
}

/** A query's error with a retry button. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Group align="flex-start" gap="sm">
      <div style={{ flex: 1 }}>
        <ErrorAlert error={error} />
      </div>
      {onRetry && (
        <Button variant="default" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Group>
  );
}

/** The "Load more" button of a cursor-paged list, shown while there is a next page. */
export function LoadMore({ query }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> } }) {
  if (!query.hasNextPage) return null;
  return (
    <Group justify="center">
      <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
        Load more
      </Button>
    </Group>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

const colors: Record<string, string> = {
  // users
  pending: 'yellow',
  active: 'green',
  locked: 'orange',
  disabled: 'gray',
  // invitations
  accepted: 'green',
  expired: 'orange',
  superseded: 'gray',
  revoked: 'gray',
  exhausted: 'red',
  // onboarding stages
  not_invited: 'gray',
  delivered: 'teal',
  opened: 'cyan',
  activated: 'green',
  // outbox
  queued: 'blue',
  sending: 'cyan',
  sent: 'green',
  failed: 'red',
};

/** A state word (user status, invitation state or stage, delivery state) as a coloured badge. */
export function StateBadge({ state }: { state: string }) {
  return (
    // Light badges with near-black text: the tint carries the state, the text keeps 4.5:1 contrast.
    <Badge color={colors[state] ?? 'gray'} variant="light" style={{ textTransform: 'none', color: 'var(--mantine-color-dark-7)' }} data-state={state}>
      {stateLabel(state)}
    </Badge>
  );
}

/** A state badge (delivery state, onboarding stage) with the last delivery error, if any, under it. */
export function DeliveryState({ state, error }: { state: string; error: string | null }) {
  return (
    <>
      <StateBadge state={state} />
      {error && (
        <Text size="xs" c="red" lineClamp={2} title={error}>
          {error}
        </Text>
      )}
    </>
  );
}

/** A successful action's confirmation; role="status" so it is announced but never mistaken for an error. */
export function SuccessAlert({ title, children, onClose }: { title: string; children?: ReactNode; onClose?: () => void }) {
  return (
    <Alert role="status" color="green" variant="light" title={title} withCloseButton={!!onClose} onClose={onClose} closeButtonLabel="Dismiss">
      {children}
    </Alert>
  );
}

/**
 * A one-time link (a password or a printable sheet) with its label, a copy button and what the
 * link does. `testId` names the code block for tests ("view-url", "sheet-url").
 */
export function OneTimeLink({ url, label, testId, children }: { url: string; label: string; testId: string; children?: ReactNode }) {
  const labelId = useId();
  return (
    <Stack gap="xs">
      <Text fw={500} id={labelId}>
        {label}
      </Text>
      <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} aria-labelledby={labelId} data-testid={testId}>
        {url}
      </Code>
      <Group>
        <CopyButton value={url}>
          {({ copied, copy }) => (
            <Button size="xs" variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy link'}
            </Button>
          )}
        </CopyButton>
      </Group>
      {children && (
        <Text size="sm" c="dimmed">
          {children}
        </Text>
      )}
    </Stack>
  );
}

/** What a printable invitation sheet link does, in the admin's words. */
export const sheetLinkHelp =
  'The link opens once, within 24 hours; then it stops working. It shows the invitation code or link with a QR code on a printable sheet, so it can be handed over on paper.';
