import { Button, Group, NumberInput, Paper, PasswordInput, NativeSelect, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { request } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert, Loading, QueryError, fieldErrors, typedAsIs } from '../../ui';
import { TestAnswer, type EmailPatch, type EmailSettings, type EmailTestResult } from './TestAnswer';

const labels: Record<string, string> = {
  'body/host': 'Host',
  'body/port': 'Port',
  'body/tlsMode': 'Encryption',
  'body/username': 'Username',
  'body/password': 'Password',
  'body/from': 'From address',
  'body/to': 'Send test to',
  'body/settings/host': 'Host',
  'body/settings/port': 'Port',
  'body/settings/from': 'From address',
};

const tlsModes = [
  { value: 'starttls', label: 'STARTTLS (usually port 587)' },
  { value: 'tls', label: 'TLS from the start (usually port 465)' },
  { value: 'none', label: 'None (trusted network only)' },
];

const url = (org: string) => `/organizations/${encodeURIComponent(org)}/smtp`;

function EmailForm({ org, saved }: { org: string; saved: EmailSettings }) {
  const { notify } = useSession();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(saved.configured ? saved.enabled : true);
  const [host, setHost] = useState(saved.host ?? '');
  const [port, setPort] = useState<number | string>(saved.port);
  const [tlsMode, setTlsMode] = useState<EmailSettings['tlsMode']>(saved.tlsMode);
  const [username, setUsername] = useState(saved.username ?? '');
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState(saved.from ?? '');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<EmailTestResult | null>(null);

  // The password goes only when typed: left out, the server keeps the stored one.
  const draft = (): EmailPatch => ({
    enabled,
    host: host.trim(),
    ...(typeof port === 'number' && { port }),
    tlsMode,
    username: username.trim() || null,
    ...(password && { password }),
    from: from.trim(),
  });
  const refresh = (settings: EmailSettings) => queryClient.setQueryData(['smtp', org], settings);

  const save = useMutation({
    mutationFn: (input: EmailPatch) => request<EmailSettings>('PATCH', url(org), input),
    onSuccess: (settings) => {
      setPassword('');
      refresh(settings);
      notify({ title: 'Email settings applied', message: settings.enabled ? `Email leaves through ${settings.host}.` : 'Email leaves through the server-wide SMTP settings.' });
    },
  });
  const remove = useMutation({
    mutationFn: () => request<void>('DELETE', url(org)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['smtp', org] });
      notify({ title: 'Email delivery removed', message: 'Email leaves through the server-wide SMTP settings.' });
    },
  });
  const test = useMutation({
    mutationFn: () => request<EmailTestResult>('POST', `${url(org)}/test`, { to: to.trim(), settings: draft() }),
    onMutate: () => setResult(null),
    onSuccess: setResult,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft());
  };
  const errors = { ...fieldErrors(save.error), ...fieldErrors(test.error) };

  return (
    <Stack gap="sm">
      <form onSubmit={submit} noValidate aria-label="Email delivery settings">
        <Stack gap="sm">
          <Switch label="Send this organization's email through its own SMTP server" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <Group align="flex-start">
            <TextInput label="Host" value={host} onChange={(e) => setHost(e.currentTarget.value)} required w={280} maw="100%" error={errors['body/host'] ?? errors['body/settings/host']} {...typedAsIs} />
            <NumberInput label="Port" value={port} onChange={setPort} min={1} max={65535} allowDecimal={false} w={110} maw="100%" error={errors['body/port']} />
            <NativeSelect label="Encryption" data={tlsModes} value={tlsMode} onChange={(e) => setTlsMode(e.currentTarget.value as EmailSettings['tlsMode'])} w={300} maw="100%" />
          </Group>
          <Group align="flex-start">
            <TextInput label="Username" description="Empty: no authentication" value={username} onChange={(e) => setUsername(e.currentTarget.value)} w={280} maw="100%" {...typedAsIs} />
            <PasswordInput
              label="Password"
              description={saved.passwordSet ? 'A password is stored; leave empty to keep it' : 'No password stored'}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              w={280} maw="100%"
              autoComplete="new-password"
              error={errors['body/password'] ?? errors['body/settings/password']}
            />
          </Group>
          <TextInput label="From address" description="e.g. Acme <no-reply@acme.example>" value={from} onChange={(e) => setFrom(e.currentTarget.value)} required w={420} maw="100%" error={errors['body/from'] ?? errors['body/settings/from']} {...typedAsIs} />
          {save.isError && <ErrorAlert error={save.error} labels={labels} onClose={() => save.reset()} />}
          {remove.isError && <ErrorAlert error={remove.error} onClose={() => remove.reset()} />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Apply email settings
            </Button>
            {saved.configured && (
              <Button variant="default" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
                Use the server-wide settings
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          test.mutate();
        }}
        noValidate
        aria-label="Send a test email"
      >
        <Group align="flex-end">
          <TextInput label="Send test to" description="Uses the settings above, saved or not" type="email" value={to} onChange={(e) => setTo(e.currentTarget.value)} required w={280} maw="100%" error={errors['body/to']} {...typedAsIs} />
          <Button type="submit" variant="light" loading={test.isPending}>
            Send test email
          </Button>
        </Group>
      </form>
      {test.isError && <ErrorAlert error={test.error} labels={labels} onClose={() => test.reset()} />}
      {result && <TestAnswer result={{ delivered: result.delivered, message: result.message, answer: result.response }} testId="smtp-test-answer" />}
    </Stack>
  );
}

/** The Organization page's "Email delivery" section: the organization's own SMTP server, with a test send. */
export function EmailDelivery() {
  const { org } = useSession();
  const settings = useQuery({ queryKey: ['smtp', org], queryFn: () => request<EmailSettings>('GET', url(org)) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="email-delivery-heading">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="email-delivery-heading">
            Email delivery
          </Title>
          <Text size="sm" c="dimmed">
            Without its own server, this organization's email leaves through the server-wide SMTP settings.
          </Text>
        </div>
        {settings.isError ? (
          <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
        ) : settings.isPending ? (
          <Loading label="Loading email delivery…" />
        ) : (
          <EmailForm key={`${org}:${String(settings.data.updatedAt)}`} org={org} saved={settings.data} />
        )}
      </Stack>
    </Paper>
  );
}
