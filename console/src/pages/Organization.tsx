import { Alert, Button, Code, CopyButton, Group, NumberInput, Paper, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, keys, type InvitationMethod, type InvitationSettings, type NewApiToken, type Organization, type PasswordPolicy, type TokenPrivilege, type UpdateOrganizationInput } from '../api';
import { useSession } from '../session';
import { ErrorAlert, Loading, QueryError, StateBadge, fieldErrors, formatDate } from '../ui';

const settingsLabels: Record<string, string> = {
  name: 'Name',
  'settings/invitation/enabled': 'Invitations enabled',
  'settings/invitation/method': 'Invitation method',
  'settings/invitation/expiryMinutes': 'Invitation expiry (minutes)',
  'settings/invitation/lockUntilPasswordSet': 'Only usable through the invitation until a password is set',
  'settings/invitation/sendActivationNotice': 'Email the user when their account becomes active',
  'settings/passwordPolicy/minLength': 'Minimum password length',
  'settings/passwordPolicy/maxLength': 'Maximum password length',
};

const methods: { value: InvitationMethod; label: string; disabled?: boolean }[] = [
  { value: 'email_link', label: 'Email link' },
  { value: 'email_otp', label: 'Email code (not available yet)', disabled: true },
  { value: 'sms_otp', label: 'SMS code (not available yet)', disabled: true },
];

type NumberValue = number | string;

/** A whole number within bounds, or the reason it isn't one. */
function checkInteger(value: NumberValue, min: number, max: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'Enter a whole number';
  if (value < min || value > max) return `Between ${min} and ${max}`;
  return undefined;
}

/** The fields of `next` that differ from `before`. */
function changed<T extends object>(before: T, next: T): Partial<T> {
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => before[k as keyof T] !== v)) as Partial<T>;
}

function SettingsForm({ organization }: { organization: Organization }) {
  const { org, notify } = useSession();
  const queryClient = useQueryClient();
  const saved = organization.settings;
  const [name, setName] = useState(organization.name);
  const [invitation, setInvitation] = useState<Omit<InvitationSettings, 'expiryMinutes'>>({
    enabled: saved.invitation.enabled,
    method: saved.invitation.method,
    lockUntilPasswordSet: saved.invitation.lockUntilPasswordSet,
    sendActivationNotice: saved.invitation.sendActivationNotice,
  });
  const [expiry, setExpiry] = useState<NumberValue>(saved.invitation.expiryMinutes);
  const [minLength, setMinLength] = useState<NumberValue>(saved.passwordPolicy.minLength);
  const [maxLength, setMaxLength] = useState<NumberValue>(saved.passwordPolicy.maxLength);
  const [local, setLocal] = useState<Record<string, string | undefined>>({});

  const save = useMutation({
    mutationFn: (input: UpdateOrganizationInput) => api.updateOrganization(org, input),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.organization(org), updated);
      void queryClient.invalidateQueries({ queryKey: keys.organizations });
      notify({ title: 'Organization saved' });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = {
      expiry: checkInteger(expiry, -1, 525_600),
      minLength: checkInteger(minLength, 8, 64),
      maxLength: checkInteger(maxLength, 64, 1024),
      name: name.trim() ? undefined : 'Enter a name',
    };
    setLocal(problems);
    if (Object.values(problems).some(Boolean)) return;

    // Only what changed is sent: untouched settings keep following the server's defaults.
    const inv = changed<InvitationSettings>(saved.invitation, { ...invitation, expiryMinutes: expiry as number });
    const policy = changed<PasswordPolicy>(saved.passwordPolicy, { minLength: minLength as number, maxLength: maxLength as number });
    const input: UpdateOrganizationInput = {
      ...(name.trim() !== organization.name && { name: name.trim() }),
      ...((Object.keys(inv).length > 0 || Object.keys(policy).length > 0) && {
        settings: {
          ...(Object.keys(inv).length > 0 && { invitation: inv }),
          ...(Object.keys(policy).length > 0 && { passwordPolicy: policy }),
        },
      }),
    };
    if (Object.keys(input).length === 0) {
      notify({ title: 'Nothing to save', message: 'The organization already has these settings.' });
      return;
    }
    save.mutate(input);
  };

  const server = fieldErrors(save.error);

  return (
    <form onSubmit={submit}>
      <Stack>
        {save.isError && <ErrorAlert error={save.error} labels={settingsLabels} />}
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
            <Switch
              label="Invitations enabled"
              description="Admins may invite users to set their own password"
              checked={invitation.enabled}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setInvitation((i) => ({ ...i, enabled: checked }));
              }}
            />
            <Select
              label="Invitation method"
              data={methods}
              value={invitation.method}
              onChange={(v) => v && setInvitation((i) => ({ ...i, method: v as InvitationMethod }))}
              allowDeselect={false}
              error={server['settings/invitation/method']}
              maw={420}
            />
            <NumberInput
              label="Invitation expiry (minutes)"
              description="-1 never expires, 0 expires immediately"
              value={expiry}
              onChange={setExpiry}
              min={-1}
              max={525_600}
              allowDecimal={false}
              clampBehavior="none"
              error={local.expiry ?? server['settings/invitation/expiryMinutes']}
              maw={420}
            />
            <Switch
              label="Only usable through the invitation until a password is set"
              checked={invitation.lockUntilPasswordSet}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setInvitation((i) => ({ ...i, lockUntilPasswordSet: checked }));
              }}
            />
            <Switch
              label="Email the user when their account becomes active"
              checked={invitation.sendActivationNotice}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setInvitation((i) => ({ ...i, sendActivationNotice: checked }));
              }}
            />
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
                value={minLength}
                onChange={setMinLength}
                min={8}
                max={64}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                error={local.minLength ?? server['settings/passwordPolicy/minLength']}
              />
              <NumberInput
                label="Maximum password length"
                description="64 to 1024 characters"
                value={maxLength}
                onChange={setMaxLength}
                min={64}
                max={1024}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                error={local.maxLength ?? server['settings/passwordPolicy/maxLength']}
              />
            </Group>
          </Stack>
        </Paper>

        <Group>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
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
  const { org } = useSession();
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
      <ApiTokens />
    </Stack>
  );
}
