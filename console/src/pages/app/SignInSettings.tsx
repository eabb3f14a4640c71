/** An app's OpenID Connect client settings: turn sign-in through Latchkey on, edit redirect addresses, rotate the secret. */

import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { request } from '../../api';
import type { operations } from '../../api-schema';
import type { RegisteredApp } from '../../apps';
import { useSession } from '../../session';
import { ErrorAlert, Loading, formatDate, problemCode } from '../../ui';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type OidcClient = Json<operations['apps.oidc.get']['responses'][200]>;
type OidcInput = Json<NonNullable<operations['apps.oidc.update']['requestBody']>>;

const seg = encodeURIComponent;
const at = (org: string, id: string) => `/organizations/${seg(org)}/apps/${seg(id)}`;
const oidcApi = {
  get: (org: string, id: string) => request<OidcClient>('GET', `${at(org, id)}/oidc`),
  update: (org: string, id: string, input: OidcInput) => request<OidcClient>('PUT', `${at(org, id)}/oidc`, input),
  remove: (org: string, id: string) => request<void>('DELETE', `${at(org, id)}/oidc`),
  rotate: (org: string, id: string) => request<OidcClient>('POST', `${at(org, id)}/secret`),
};
const key = (org: string, id: string) => ['apps', org, id, 'oidc'] as const;
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The secret, once: the server keeps only its hash. */
function SecretOnce({ secret }: { secret: string }) {
  return (
    <Alert color="yellow" title="Client secret: copy it now" role="status">
      <Stack gap="xs">
        <Text size="sm">It is shown only this once; Latchkey stores only its hash. Rotate it if it is lost.</Text>
        <Group gap="xs" wrap="nowrap">
          <Code aria-label="Client secret" style={{ overflowWrap: 'anywhere' }}>
            {secret}
          </Code>
          <CopyButton value={secret}>{({ copied, copy }) => <Button size="xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

function SettingsModal({ app, onClose }: { app: RegisteredApp; onClose: () => void }) {
  const { org, can, notify } = useSession();
  const mayEdit = can('settings.manage');
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: key(org, app.id), queryFn: () => oidcApi.get(org, app.id), retry: false });
  const notEnabled = problemCode(current.error) === 'oidc.not_enabled';
  const [secret, setSecret] = useState<string | null>(null);
  const [form, setForm] = useState<{ clientType: 'confidential' | 'public'; redirects: string; logouts: string; firstParty: boolean } | null>(null);
  const values = form ?? {
    clientType: current.data?.clientType ?? 'confidential',
    redirects: (current.data?.redirectUris ?? []).join('\n'),
    logouts: (current.data?.postLogoutRedirectUris ?? []).join('\n'),
    firstParty: current.data?.firstParty ?? true,
  };
  const set = (patch: Partial<typeof values>) => setForm({ ...values, ...patch });
  const done = (saved: OidcClient) => {
    queryClient.setQueryData(key(org, app.id), saved);
    if (saved.clientSecret) setSecret(saved.clientSecret);
    setForm(null);
  };
  const save = useMutation({
    mutationFn: () => oidcApi.update(org, app.id, { clientType: values.clientType, redirectUris: lines(values.redirects), postLogoutRedirectUris: lines(values.logouts), firstParty: values.firstParty }),
    onSuccess: (saved) => {
      done(saved);
      notify({ title: 'Sign-in settings saved', message: `${app.name} signs people in through Latchkey.` });
    },
  });
  const rotate = useMutation({ mutationFn: () => oidcApi.rotate(org, app.id), onSuccess: done });
  const remove = useMutation({
    mutationFn: () => oidcApi.remove(org, app.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key(org, app.id) });
      notify({ title: 'Sign-in turned off', message: `${app.name} no longer signs people in through Latchkey.` });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const client = current.data;
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Sign-in settings of ${app.name}`} size="lg">
      {current.isPending ? (
        <Loading label="Loading sign-in settings…" />
      ) : current.isError && !notEnabled ? (
        <ErrorAlert error={current.error} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {secret && <SecretOnce secret={secret} />}
            {(save.isError || rotate.isError) && <ErrorAlert error={save.error ?? rotate.error} />}
            {client ? (
              <Stack gap={4}>
                <Text size="sm">
                  Client id: <Code aria-label="Client id">{client.clientId}</Code>
                </Text>
                <Text size="sm">
                  Issuer: <Code>{client.issuer}</Code>
                </Text>
                <Text size="sm">
                  Discovery: <Code style={{ overflowWrap: 'anywhere' }}>{client.discoveryUrl}</Code>
                </Text>
                {client.clientType === 'confidential' && <Text size="sm">Secret issued {formatDate(client.secretCreatedAt)}</Text>}
              </Stack>
            ) : (
              <Text>This app doesn't sign people in through Latchkey yet. Save the settings below to make it an OpenID Connect client.</Text>
            )}
            <SegmentedControl
              aria-label="Client type"
              value={values.clientType}
              onChange={(v) => set({ clientType: v as 'confidential' | 'public' })}
              disabled={!mayEdit}
              data={[
                { value: 'confidential', label: 'Confidential (server-side, with a secret)' },
                { value: 'public', label: 'Public (browser or mobile, PKCE)' },
              ]}
            />
            <Textarea label="Redirect addresses" description="One per line; https://, or http://localhost for development" value={values.redirects} onChange={(e) => set({ redirects: e.currentTarget.value })} autosize minRows={2} required disabled={!mayEdit} />
            <Textarea label="Addresses after sign-out" description="One per line (optional)" value={values.logouts} onChange={(e) => set({ logouts: e.currentTarget.value })} autosize minRows={1} disabled={!mayEdit} />
            <Checkbox label="The organization's own app: don't ask people to consent" checked={values.firstParty} onChange={(e) => set({ firstParty: e.currentTarget.checked })} disabled={!mayEdit} />
            {mayEdit && (
              <Group justify="space-between">
                <Group gap="xs">
                  {client?.clientType === 'confidential' && (
                    <Button variant="default" onClick={() => rotate.mutate()} loading={rotate.isPending}>
                      Rotate secret
                    </Button>
                  )}
                  {client && (
                    <Button color="red" variant="light" onClick={() => remove.mutate()} loading={remove.isPending}>
                      Turn off sign-in
                    </Button>
                  )}
                </Group>
                <Button type="submit" loading={save.isPending}>
                  {client ? 'Save' : 'Turn on sign-in'}
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** The button in an app's row that opens its sign-in (OpenID Connect) settings. */
export function AppSignInSettings({ app }: { app: RegisteredApp }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpen(true)} aria-label={`Sign-in settings of ${app.name}`}>
        Sign-in
      </Button>
      {open && <SettingsModal app={app} onClose={() => setOpen(false)} />}
    </>
  );
}
