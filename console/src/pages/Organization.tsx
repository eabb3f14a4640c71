import { Alert, Button, Code, CopyButton, Fieldset, Group, NativeSelect, NumberInput, Paper, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, keys, type InvitationMethod, type NewApiToken, type Organization, type OrganizationSettings, type TokenPrivilege, type UpdateOrganizationInput } from '../api';
import { useSession } from '../session';
import { CustomAttributes } from './org/CustomAttributes';
import { PinSignUpSetting } from './org/PinSignUp';
import { Delivery } from './org/Delivery';
import { ResetOptions } from './org/ResetOptions';
import { ErrorAlert, Loading, QueryError, StateBadge, fieldErrors, formatDate, methodLabels, problemCode } from '../ui';
import { MfaPolicy } from './org/MfaPolicy';
import { RecoveryPhoneSettings } from './org/RecoveryPhoneSettings';
import { DeviceLimitSetting } from './org/DeviceLimit';
import { ImpersonationSettings } from './org/Impersonation';
import { EnvironmentNameSetting } from './org/EnvironmentName';
import { DefaultLocaleSetting } from './org/DefaultLocale';
import { SsoSettingsSection, useSsoConfigured } from './org/Sso';

const settingsLabels: Record<string, string> = {
  name: 'Name',
  'settings/invitation/enabled': 'Invitations enabled',
  'settings/invitation/method': 'Invitation method',
  'settings/invitation/expiryMinutes': 'Invitations expire after',
  'settings/invitation/reminderMinutesBefore': 'Reminder before expiry',
  'settings/invitation/lockUntilPasswordSet': 'Only usable through the invitation until a password is set',
  'settings/invitation/sendActivationNotice': 'Email the user when their account becomes active',
  'settings/invitation/otp/uppercase': 'Uppercase letters',
  'settings/invitation/otp/lowercase': 'Lowercase letters',
  'settings/invitation/otp/digits': 'Digits',
  'settings/invitation/otp/length': 'Code length',
  'settings/passwordPolicy/minLength': 'Minimum password length',
  'settings/passwordPolicy/maxLength': 'Maximum password length',
  'settings/passwordPolicy/historyCount': 'Password history (last N)',
  'settings/passwordPolicy/maxAgeDays': 'Maximum password age (days)',
  'settings/temporaryPassword/expiryDays': 'Temporary password validity (days)',
  'settings/userLimit': 'User limit',
  'settings/ssoEnforced': 'Enforce SSO',
};

const methods: { value: InvitationMethod; label: string }[] = (Object.keys(methodLabels) as InvitationMethod[]).map((value) => ({
  value,
  label: methodLabels[value],
}));

type NumberValue = number | string;

/** A whole number within bounds, or the reason it isn't one. */
function checkInteger(value: NumberValue, min: number, max: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'Enter a whole number';
  if (value < min || value > max) return `Between ${min} and ${max}`;
  return undefined;
}

type Unit = 'minutes' | 'hours' | 'days';
const unitMinutes: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };
const unitOptions = (Object.keys(unitMinutes) as Unit[]).map((u) => ({ value: u, label: u }));

/** A duration as the form holds it: an amount in a unit the admin picked. */
interface Duration {
  amount: NumberValue;
  unit: Unit;
}

/** Minutes in the largest unit that states them exactly ("3 days", not "4320 minutes"). */
function toDuration(minutes: number): Duration {
  for (const unit of ['days', 'hours'] as const) {
    if (minutes > 0 && minutes % unitMinutes[unit] === 0) return { amount: minutes / unitMinutes[unit], unit };
  }
  return { amount: minutes, unit: 'minutes' };
}

/** The duration in minutes, or the reason it isn't one within bounds. */
function durationMinutes(d: Duration, min: number, max: number): { minutes?: number; error?: string } {
  if (typeof d.amount !== 'number' || !Number.isInteger(d.amount)) return { error: 'Enter a whole number' };
  const minutes = d.amount * unitMinutes[d.unit];
  if (minutes < min || minutes > max) return { error: `Between ${min} and ${max / 1440} days` };
  return { minutes };
}

/** A number with its unit beside it; the unit is part of the field's name for screen readers. */
function DurationField({
  label,
  description,
  value,
  onChange,
  error,
  warning,
}: {
  label: string;
  description?: string;
  value: Duration;
  onChange: (d: Duration) => void;
  error?: string;
  warning?: string;
}) {
  return (
    <Stack gap={4}>
      <NumberInput
        label={label}
        description={description}
        value={value.amount}
        onChange={(amount) => onChange({ ...value, amount })}
        min={0}
        allowNegative={false}
        allowDecimal={false}
        clampBehavior="none"
        error={error}
        w={280}
        rightSectionWidth={110}
        rightSection={
          <NativeSelect
            aria-label={`${label}: unit`}
            data={unitOptions}
            value={value.unit}
            onChange={(e) => onChange({ ...value, unit: e.currentTarget.value as Unit })}
            styles={{ input: { borderTopLeftRadius: 0, borderBottomLeftRadius: 0, width: 110 } }}
          />
        }
      />
      {warning && !error && (
        <Text size="sm" c="orange.9" role="alert">
          {warning}
        </Text>
      )}
    </Stack>
  );
}

/** The whole-number settings of the form: where they live in the settings and their bounds. */
const numberFields = {
  codeLength: { path: 'settings/invitation/otp/length', min: 6, max: 20 },
  minLength: { path: 'settings/passwordPolicy/minLength', min: 8, max: 64 },
  maxLength: { path: 'settings/passwordPolicy/maxLength', min: 64, max: 1024 },
  historyCount: { path: 'settings/passwordPolicy/historyCount', min: 0, max: 24 },
  maxAgeDays: { path: 'settings/passwordPolicy/maxAgeDays', min: 0, max: 3650 },
  temporaryDays: { path: 'settings/temporaryPassword/expiryDays', min: 1, max: 365 },
} as const;
type NumberField = keyof typeof numberFields;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What of `next` differs from `before`, object by object: the deep-partial patch that
 * turns one into the other. Undefined when nothing changed.
 */
function changes(before: unknown, next: unknown): unknown {
  if (isPlainObject(before) && isPlainObject(next)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(next)) {
      const diff = changes(before[key], value);
      if (diff !== undefined) out[key] = diff;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return before === next ? undefined : next;
}

/**
 * A switch whose state is one boolean of the form. A Switch's <label> also holds its
 * description, so the name is set to the label alone (the description stays its description).
 */
function FlagSwitch({ label, description, checked, onChange }: { label: string; description?: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return <Switch label={label} aria-label={label} description={description} checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />;
}

function SettingsForm({ organization }: { organization: Organization }) {
  const { org, notify, can } = useSession();
  const editable = can('settings.manage');
  const ssoConfigured = useSsoConfigured(org, editable);
  const formRef = useRef<HTMLFormElement>(null);
  // Bumped on every refused save, so the first invalid field is shown even when it is the same one.
  const [attempt, setAttempt] = useState(0);
  const queryClient = useQueryClient();
  const saved = organization.settings;
  const [name, setName] = useState(organization.name);
  const [flags, setFlags] = useState({
    enabled: saved.invitation.enabled,
    lockUntilPasswordSet: saved.invitation.lockUntilPasswordSet,
    sendActivationNotice: saved.invitation.sendActivationNotice,
    uppercase: saved.invitation.otp.uppercase,
    lowercase: saved.invitation.otp.lowercase,
    digits: saved.invitation.otp.digits,
    ssoEnforced: saved.ssoEnforced,
  });
  const [neverExpires, setNeverExpires] = useState(saved.invitation.expiryMinutes === -1);
  const [expiry, setExpiry] = useState<Duration>(toDuration(saved.invitation.expiryMinutes === -1 ? 4320 : saved.invitation.expiryMinutes));
  const [reminder, setReminder] = useState<Duration>(toDuration(saved.invitation.reminderMinutesBefore));
  const [method, setMethod] = useState<InvitationMethod>(saved.invitation.method);
  const [numbers, setNumbers] = useState<Record<NumberField, NumberValue>>({
    codeLength: saved.invitation.otp.length,
    minLength: saved.passwordPolicy.minLength,
    maxLength: saved.passwordPolicy.maxLength,
    historyCount: saved.passwordPolicy.historyCount,
    maxAgeDays: saved.passwordPolicy.maxAgeDays,
    temporaryDays: saved.temporaryPassword.expiryDays,
  });
  // One way to say "no limit": the switch is off. A number is only asked for with the switch on.
  const [limited, setLimited] = useState(saved.userLimit !== null);
  const [userLimit, setUserLimit] = useState<NumberValue>(saved.userLimit ?? '');
  const [local, setLocal] = useState<Record<string, string | undefined>>({});

  const flag = (key: keyof typeof flags) => ({
    checked: flags[key],
    onChange: (checked: boolean) => setFlags((f) => ({ ...f, [key]: checked })),
  });
  const setNumber = (key: NumberField) => (value: NumberValue) => setNumbers((n) => ({ ...n, [key]: value }));
  const noCodeCharacters = !flags.uppercase && !flags.lowercase && !flags.digits;

  const save = useMutation({
    mutationFn: (input: UpdateOrganizationInput) => api.updateOrganization(org, input),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(org), updated);
      void queryClient.invalidateQueries({ queryKey: keys.organizations });
      notify({ title: 'Organization saved' });
    },
    onError: () => setAttempt((n) => n + 1),
  });

  // After a refused save: to the first field marked invalid, or to the message saying why.
  useEffect(() => {
    if (attempt === 0) return;
    const form = formRef.current;
    if (!form) return;
    const target = form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[data-form-error]');
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }, [attempt]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const expiryMinutes = neverExpires ? { minutes: -1 } : durationMinutes(expiry, 0, 525_600);
    const reminderMinutes = durationMinutes(reminder, 0, 525_600);
    const problems: Record<string, string | undefined> = {
      name: name.trim() ? undefined : 'Enter a name',
      userLimit: !limited ? undefined : checkInteger(userLimit, 1, Number.MAX_SAFE_INTEGER) && 'Enter a whole number of at least 1, or turn the limit off',
      expiryMinutes: expiryMinutes.error,
      reminderMinutesBefore: reminderMinutes.error,
    };
    for (const [key, { min, max }] of Object.entries(numberFields)) problems[key] = checkInteger(numbers[key as NumberField], min, max);
    setLocal(problems);
    // Rules across fields (code characters) are the server's to enforce: it answers with a problem.
    if (Object.values(problems).some(Boolean)) {
      save.reset();
      setAttempt((n) => n + 1);
      return;
    }

    const n = numbers as Record<NumberField, number>;
    // Blocks with sections of their own are saved there: this form passes them through.
    const next: OrganizationSettings = {
      ...saved,
      invitation: {
        enabled: flags.enabled,
        method,
        expiryMinutes: expiryMinutes.minutes!,
        lockUntilPasswordSet: flags.lockUntilPasswordSet,
        sendActivationNotice: flags.sendActivationNotice,
        reminderMinutesBefore: reminderMinutes.minutes!,
        otp: { uppercase: flags.uppercase, lowercase: flags.lowercase, digits: flags.digits, length: n.codeLength },
      },
      passwordPolicy: { minLength: n.minLength, maxLength: n.maxLength, historyCount: n.historyCount, maxAgeDays: n.maxAgeDays },
      temporaryPassword: { expiryDays: n.temporaryDays },
      // Saved by its own section (Reset options).
      userLimit: limited ? (userLimit as number) : null,
      ssoEnforced: flags.ssoEnforced,
      // Edited through the API (settings.devices.defaultLimit); kept as saved here.
    };
    // Only what changed is sent: untouched settings keep following the server's defaults.
    const settings = changes(saved, next) as UpdateOrganizationInput['settings'];
    const input: UpdateOrganizationInput = {
      ...(name.trim() !== organization.name && { name: name.trim() }),
      ...(settings && { settings }),
    };
    if (Object.keys(input).length === 0) {
      notify({ title: 'Nothing to save', message: 'The organization already has these settings.' });
      return;
    }
    save.mutate(input);
  };

  const server = fieldErrors(save.error);
  const numberError = (key: NumberField) => local[key] ?? server[numberFields[key].path];
  const expiryWarning =
    !neverExpires && expiry.amount === 0 ? 'With 0, invitations expire immediately: nobody can accept one. Turn on "Invitations never expire" for no expiry.' : undefined;
  const whole = { allowDecimal: false, clampBehavior: 'none' } as const;

  return (
    <form onSubmit={submit} ref={formRef} noValidate>
      <Fieldset disabled={!editable} variant="unstyled" aria-label="Organization settings">
      <Stack>
        {!editable && (
          <Alert role="note" color="gray" variant="light">
            You can see these settings; changing them needs the organization admin privilege.
          </Alert>
        )}
        {save.isError && (
          <div data-form-error tabIndex={-1}>
            <ErrorAlert error={save.error} labels={settingsLabels} onClose={() => save.reset()} />
          </div>
        )}
        <Paper withBorder p="md" component="section" aria-labelledby="general-heading">
          <Stack gap="sm">
            <Title order={2} size="h4" id="general-heading">
              General
            </Title>
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} required error={local.name ?? server.name} maw={420} />
            <Text size="sm" c="dimmed">
              Short name: <Code>{organization.slug}</Code> (used to sign in; it cannot be changed). Created {formatDate(organization.createdAt)}.
            </Text>
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="invitations-heading">
          <Stack gap="sm">
            <Title order={2} size="h4" id="invitations-heading">
              Invitations
            </Title>
            <FlagSwitch label="Invitations enabled" description="Admins may invite users to set their own password" {...flag('enabled')} />
            <Select
              label="Invitation method"
              description="Used unless the admin picks another one; codes by SMS need a phone number and an SMS provider"
              data={methods}
              value={method}
              onChange={(v) => v && setMethod(v as InvitationMethod)}
              allowDeselect={false}
              error={server['settings/invitation/method']}
              maw={420}
            />
            <FlagSwitch label="Invitations never expire" checked={neverExpires} onChange={setNeverExpires} />
            {!neverExpires && (
              <DurationField
                label="Invitations expire after"
                description="Up to 365 days"
                value={expiry}
                onChange={setExpiry}
                error={local.expiryMinutes ?? server['settings/invitation/expiryMinutes']}
                warning={expiryWarning}
              />
            )}
            <DurationField
              label="Reminder before expiry"
              description="One reminder this long before an invitation expires; 0 = no reminder"
              value={reminder}
              onChange={setReminder}
              error={local.reminderMinutesBefore ?? server['settings/invitation/reminderMinutesBefore']}
            />
            <FlagSwitch label="Only usable through the invitation until a password is set" {...flag('lockUntilPasswordSet')} />
            <FlagSwitch label="Email the user when their account becomes active" {...flag('sendActivationNotice')} />
            <Fieldset legend="Codes" variant="unstyled" maw={560}>
              <Stack gap="sm">
                <Text size="sm" c="dimmed">
                  Invitations by email code or SMS code send a one-time code made of these characters.
                </Text>
                <Group gap="lg">
                  <FlagSwitch label="Uppercase letters" {...flag('uppercase')} />
                  <FlagSwitch label="Lowercase letters" {...flag('lowercase')} />
                  <FlagSwitch label="Digits" {...flag('digits')} />
                </Group>
                {/* Once the server has refused the settings, its alert says the same. */}
                {noCodeCharacters && problemCode(save.error) !== 'organization.settings_invalid' && (
                  <Text size="sm" c="red" role="alert">
                    Codes need at least one of uppercase letters, lowercase letters or digits.
                  </Text>
                )}
                <NumberInput
                  label="Code length"
                  description="6 to 20 characters"
                  value={numbers.codeLength}
                  onChange={setNumber('codeLength')}
                  min={6}
                  max={20}
                  allowNegative={false}
                  {...whole}
                  error={numberError('codeLength')}
                  maw={270}
                />
              </Stack>
            </Fieldset>
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="password-heading">
          <Stack gap="sm">
            <Title order={2} size="h4" id="password-heading">
              Password policy
            </Title>
            <Group grow align="flex-start" maw={560}>
              <NumberInput
                label="Minimum password length"
                description="8 to 64 characters"
                value={numbers.minLength}
                onChange={setNumber('minLength')}
                min={8}
                max={64}
                allowNegative={false}
                {...whole}
                error={numberError('minLength')}
              />
              <NumberInput
                label="Maximum password length"
                description="64 to 1024 characters"
                value={numbers.maxLength}
                onChange={setNumber('maxLength')}
                min={64}
                max={1024}
                allowNegative={false}
                {...whole}
                error={numberError('maxLength')}
              />
            </Group>
            <Group grow align="flex-start" maw={560}>
              <NumberInput
                label="Password history (last N)"
                description="A new password may not repeat the last N; 0 to 24, 0 = off"
                value={numbers.historyCount}
                onChange={setNumber('historyCount')}
                min={0}
                max={24}
                allowNegative={false}
                {...whole}
                error={numberError('historyCount')}
              />
              <NumberInput
                label="Maximum password age (days)"
                description="Then it must be changed at sign-in; 0 = never"
                value={numbers.maxAgeDays}
                onChange={setNumber('maxAgeDays')}
                min={0}
                max={3650}
                allowNegative={false}
                {...whole}
                error={numberError('maxAgeDays')}
              />
            </Group>
            <NumberInput
              label="Temporary password validity (days)"
              description="Passwords an admin sets stop working after this; 1 to 365"
              value={numbers.temporaryDays}
              onChange={setNumber('temporaryDays')}
              min={1}
              max={365}
              allowNegative={false}
              {...whole}
              error={numberError('temporaryDays')}
              maw={270}
            />
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="access-heading">
          <Stack gap="sm">
            <Title order={2} size="h4" id="access-heading">
              Users and sign-in
            </Title>
            <FlagSwitch label="Limit the number of users" description="Off: no limit" checked={limited} onChange={setLimited} />
            {limited && (
              <NumberInput
                label="User limit"
                description="Users that are not disabled; at least the number the organization already has"
                value={userLimit}
                onChange={setUserLimit}
                min={1}
                allowNegative={false}
                {...whole}
                error={local.userLimit ?? server['settings/userLimit']}
                maw={270}
              />
            )}
            {/* Offered once single sign-on is set up (its section below); a value stored earlier can still be turned off. */}
            {(saved.ssoEnforced || ssoConfigured) && (
              <FlagSwitch
                label="Enforce SSO"
                description={
                  ssoConfigured
                    ? 'Users sign in with the identity provider only: password sign-in, invitations, temporary passwords, PIN sign-up and password resets are refused. Platform administrators keep their password (break-glass, audited).'
                    : 'Stored as on, but this organization has no SSO: it blocks invitations and password resets. Turn it off.'
                }
                {...flag('ssoEnforced')}
              />
            )}
          </Stack>
        </Paper>

        {editable && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        )}
      </Stack>
      </Fieldset>
    </form>
  );
}

function ApiTokens() {
  const { org, isPlatformAdmin, notify } = useSession();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: keys.apiTokens(org), queryFn: () => api.apiTokens(org) });
  const [name, setName] = useState('');
  const [privilege, setPrivilege] = useState<TokenPrivilege>('org_admin');
  const [created, setCreated] = useState<NewApiToken | null>(null);

  const create = useMutation({
    mutationFn: (input: { name: string; privilege: TokenPrivilege }) => api.createApiToken(org, input),
    onSuccess: (token) => {
      setCreated(token);
      setName('');
      void queryClient.invalidateQueries({ queryKey: keys.apiTokens(org) });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.revokeApiToken(org, id),
    onSuccess: (token) => {
      if (created?.id === token.id) setCreated(null);
      notify({ title: 'API token revoked', message: `${token.name} no longer works.` });
      void queryClient.invalidateQueries({ queryKey: keys.apiTokens(org) });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    create.mutate({ name: name.trim(), privilege });
  };

  const privileges: TokenPrivilege[] = isPlatformAdmin ? ['helpdesk', 'org_admin', 'platform_admin'] : ['helpdesk', 'org_admin'];
  const items = tokens.data?.items ?? [];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tokens-heading">
      <Stack>
        <div>
          <Title order={2} size="h4" id="tokens-heading">
            API tokens
          </Title>
          <Text size="sm" c="dimmed">
            Tokens let scripts and other systems call the API as an administrator of this organization (Authorization: Bearer …).
          </Text>
        </div>

        {created && (
          <Alert role="status" color="yellow" variant="light" title={`Token "${created.name}" created`} withCloseButton onClose={() => setCreated(null)} closeButtonLabel="Dismiss">
            <Stack gap="xs">
              <Text size="sm">Copy it now: it won't be shown again. Only a fingerprint of it is stored.</Text>
              <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="new-api-token">
                {created.token}
              </Code>
              <Group>
                <CopyButton value={created.token}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="default" onClick={copy}>
                      {copied ? 'Copied' : 'Copy token'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
        )}

        <form onSubmit={submit}>
          <Group align="flex-end">
            <TextInput
              label="Token name"
              description="Required: what it is for, e.g. HR sync"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              maxLength={200}
              w={280}
              error={fieldErrors(create.error).name}
            />
            <Select label="Token privilege" data={privileges} value={privilege} onChange={(v) => v && setPrivilege(v as TokenPrivilege)} allowDeselect={false} w={200} />
            <Button type="submit" loading={create.isPending}>
              Create token
            </Button>
          </Group>
        </form>
        {create.isError && <ErrorAlert error={create.error} labels={{ name: 'Token name', privilege: 'Token privilege' }} />}
        {revoke.isError && <ErrorAlert error={revoke.error} onClose={() => revoke.reset()} />}

        {tokens.isError ? (
          <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.isPending ? (
          <Loading label="Loading tokens…" />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs">
              <Table.Caption>{items.length === 0 ? 'No API tokens yet.' : `${items.length} ${items.length === 1 ? 'token' : 'tokens'}`}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Prefix</Table.Th>
                  <Table.Th scope="col">Privilege</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                  <Table.Th scope="col">Last used</Table.Th>
                  <Table.Th scope="col">Revoked</Table.Th>
                  <Table.Th scope="col">Action</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>{t.name}</Table.Td>
                    <Table.Td>
                      <Code>{t.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>{t.privilege}</Table.Td>
                    <Table.Td>{formatDate(t.createdAt)}</Table.Td>
                    <Table.Td>{formatDate(t.lastUsedAt, 'never')}</Table.Td>
                    <Table.Td>{t.revokedAt ? <StateBadge state="revoked" /> : '—'}{t.revokedAt && <Text size="xs" c="dimmed">{formatDate(t.revokedAt)}</Text>}</Table.Td>
                    <Table.Td>
                      {!t.revokedAt && (
                        <Button
                          size="xs"
                          color="red"
                          variant="light"
                          onClick={() => revoke.mutate(t.id)}
                          loading={revoke.isPending && revoke.variables === t.id}
                        >
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

export function OrganizationPage() {
  const { org, can } = useSession();
  const organization = useQuery({ queryKey: keys.organization(org), queryFn: () => api.organization(org) });

  return (
    <Stack>
      <Title order={1}>Organization</Title>
      {organization.isError ? (
        <QueryError error={organization.error} onRetry={() => void organization.refetch()} />
      ) : organization.isPending ? (
        <Loading label="Loading organization…" />
      ) : (
        // Keyed by organization, so switching organizations starts a fresh form.
        <SettingsForm key={organization.data.id} organization={organization.data} />
      )}
      {organization.data && <MfaPolicy key={`mfa-${organization.data.id}`} organization={organization.data} />}
      {organization.isSuccess && <RecoveryPhoneSettings key={organization.data.id} organization={organization.data} />}
      <PinSignUpSetting />
      <CustomAttributes />
      {can('settings.manage') && <Delivery />}
      {can('settings.manage') && <SsoSettingsSection />}
      <DeviceLimitSetting />
      <ImpersonationSettings />
      <EnvironmentNameSetting />
      <DefaultLocaleSetting />
      {organization.data && <ResetOptions key={`reset-${organization.data.id}`} organization={organization.data} />}
      {can('api_tokens.manage') && <ApiTokens />}
    </Stack>
  );
}
