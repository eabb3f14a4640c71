import { Button, Code, CopyButton, Group, NativeSelect, Paper, PasswordInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { request } from '../../api';
import type { operations } from '../../api-schema';
import { useSession } from '../../session';
import { ErrorAlert, Loading, QueryError, fieldErrors, typedAsIs } from '../../ui';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type SsoSettings = Json<operations['organizations.sso.get']['responses'][200]>;
type SsoPatch = Json<operations['organizations.sso.update']['requestBody']>;

const labels: Record<string, string> = {
  'body/issuer': 'Issuer URL',
  'body/clientId': 'Client ID',
  'body/clientSecret': 'Client secret',
  'body/displayName': 'Button name',
};

const matchings = [
  { value: 'email', label: 'By verified email address' },
  { value: 'subject', label: 'By linked account only (subject)' },
];

const url = (org: string) => `/organizations/${encodeURIComponent(org)}/sso`;
const ssoKey = (org: string) => ['sso', org];

/** Whether the organization has an identity provider: enforcing SSO is offered only then. */
export function useSsoConfigured(org: string, enabled = true): boolean {
  const settings = useQuery({ queryKey: ssoKey(org), queryFn: () => request<SsoSettings>('GET', url(org)), enabled });
  return settings.data?.configured ?? false;
}

function SsoForm({ org, saved }: { org: string; saved: SsoSettings }) {
  const { notify } = useSession();
  const queryClient = useQueryClient();
  const [issuer, setIssuer] = useState(saved.issuer ?? '');
  const [clientId, setClientId] = useState(saved.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [displayName, setDisplayName] = useState(saved.displayName ?? '');
  const [matching, setMatching] = useState<SsoSettings['matching']>(saved.matching);
  const [jitCreation, setJitCreation] = useState(saved.jitCreation);

  // The secret goes only when typed: left out, the server keeps the stored one.
  const draft = (): SsoPatch => ({
    issuer: issuer.trim(),
    clientId: clientId.trim(),
    ...(clientSecret && { clientSecret }),
    displayName: displayName.trim(),
    matching,
    jitCreation,
  });
  const save = useMutation({
    mutationFn: (input: SsoPatch) => request<SsoSettings>('PATCH', url(org), input),
    onSuccess: (settings) => {
      setClientSecret('');
      queryClient.setQueryData(ssoKey(org), settings);
      notify({ title: 'Single sign-on saved', message: `The sign-in page offers "Sign in with ${settings.displayName}".` });
    },
  });
  const remove = useMutation({
    mutationFn: () => request<void>('DELETE', url(org)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ssoKey(org) });
      notify({ title: 'Single sign-on removed', message: 'Users sign in with passwords only.' });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft());
  };
  const errors = fieldErrors(save.error);

  return (
    <form onSubmit={submit} noValidate aria-label="Single sign-on settings">
      <Stack gap="sm">
        <Group gap="xs">
          <Text size="sm">Redirect URI to register at the provider:</Text>
          <Code data-testid="sso-redirect-uri">{saved.redirectUri}</Code>
          <CopyButton value={saved.redirectUri}>{({ copied, copy }) => <Button size="compact-xs" variant="subtle" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
        </Group>
        <TextInput label="Issuer URL" description="e.g. https://login.example.com (its /.well-known/openid-configuration is read)" value={issuer} onChange={(e) => setIssuer(e.currentTarget.value)} required w={460} maw="100%" error={errors['body/issuer']} {...typedAsIs} />
        <Group align="flex-start">
          <TextInput label="Client ID" value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} required w={280} maw="100%" error={errors['body/clientId']} {...typedAsIs} />
          <PasswordInput
            label="Client secret"
            description={saved.clientSecretSet ? 'A secret is stored; leave empty to keep it' : 'No secret stored (public client, PKCE only)'}
            value={clientSecret}
            onChange={(e) => setClientSecret(e.currentTarget.value)}
            w={280}
            maw="100%"
            autoComplete="new-password"
            error={errors['body/clientSecret']}
          />
        </Group>
        <TextInput label="Button name" description='Shown as "Sign in with …" on the sign-in page' value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} required w={280} maw="100%" error={errors['body/displayName']} />
        <NativeSelect label="Match users" data={matchings} value={matching} onChange={(e) => setMatching(e.currentTarget.value as SsoSettings['matching'])} w={320} maw="100%" />
        <Switch label="Create users just in time" description="An account of the provider that matches no user creates one (a plain user without a password)" checked={jitCreation} onChange={(e) => setJitCreation(e.currentTarget.checked)} />
        {save.isError && <ErrorAlert error={save.error} labels={labels} onClose={() => save.reset()} />}
        {remove.isError && <ErrorAlert error={remove.error} onClose={() => remove.reset()} />}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save single sign-on
          </Button>
          {saved.configured && (
            <Button variant="default" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              Remove single sign-on
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** The Organization page's "Single sign-on" section: the upstream OpenID Connect provider (enforcing it is a switch of the settings above). */
export function SsoSettingsSection() {
  const { org } = useSession();
  const settings = useQuery({ queryKey: ssoKey(org), queryFn: () => request<SsoSettings>('GET', url(org)) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sso-heading">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="sso-heading">
            Single sign-on
          </Title>
          <Text size="sm" c="dimmed">
            Users sign in with the organization's own OpenID Connect provider. Once it is saved, SSO can be enforced in the settings above: passwords are then refused for everyone but platform administrators.
          </Text>
        </div>
        {settings.isError ? (
          <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
        ) : settings.isPending ? (
          <Loading label="Loading single sign-on…" />
        ) : (
          <SsoForm key={`${org}:${String(settings.data.updatedAt)}`} org={org} saved={settings.data} />
        )}
      </Stack>
    </Paper>
  );
}
