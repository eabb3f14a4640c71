import { Button, Group, Paper, PasswordInput, NativeSelect, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { request } from '../../api';
import { useSession } from '../../session';
import { ErrorAlert, Loading, QueryError, fieldErrors, typedAsIs } from '../../ui';
import { TestAnswer, type SmsPatch, type SmsSettings, type SmsTestResult } from './TestAnswer';

type Provider = NonNullable<SmsSettings['provider']>;

const labels: Record<string, string> = {
  'body/provider': 'Provider',
  'body/url': 'Webhook URL',
  'body/baseUrl': 'API base URL',
  'body/accountSid': 'Account SID',
  'body/from': 'Sender number',
  'body/secret': 'Secret',
  'body/to': 'Send test to',
};

const providers = [
  { value: 'webhook', label: 'Webhook (signed JSON POST)' },
  { value: 'twilio', label: 'Twilio-compatible Messages API' },
];

const url = (org: string) => `/organizations/${encodeURIComponent(org)}/sms`;

function SmsForm({ org, saved }: { org: string; saved: SmsSettings }) {
  const { notify } = useSession();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(saved.configured ? saved.enabled : true);
  const [provider, setProvider] = useState<Provider>(saved.provider ?? 'webhook');
  const [hook, setHook] = useState(saved.url ?? '');
  const [baseUrl, setBaseUrl] = useState(saved.baseUrl ?? 'https://api.twilio.com');
  const [accountSid, setAccountSid] = useState(saved.accountSid ?? '');
  const [from, setFrom] = useState(saved.from ?? '');
  const [secret, setSecret] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<SmsTestResult | null>(null);

  // The secret goes only when typed: left out, the server keeps the stored one.
  const draft = (): SmsPatch => ({
    enabled,
    provider,
    ...(provider === 'webhook' ? { url: hook.trim() } : { baseUrl: baseUrl.trim(), accountSid: accountSid.trim(), from: from.trim() }),
    ...(secret && { secret }),
  });

  const save = useMutation({
    mutationFn: (input: SmsPatch) => request<SmsSettings>('PATCH', url(org), input),
    onSuccess: (settings) => {
      setSecret('');
      queryClient.setQueryData(['sms', org], settings);
      notify({ title: 'SMS settings applied' });
    },
  });
  const remove = useMutation({
    mutationFn: () => request<void>('DELETE', url(org)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['sms', org] });
      notify({ title: 'SMS delivery removed', message: 'Text messages leave through the server-wide provider.' });
    },
  });
  const test = useMutation({
    mutationFn: () => request<SmsTestResult>('POST', `${url(org)}/test`, { to: to.trim(), settings: draft() }),
    onMutate: () => setResult(null),
    onSuccess: setResult,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft());
  };
  const errors = { ...fieldErrors(save.error), ...fieldErrors(test.error) };
  const secretLabel = provider === 'webhook' ? 'Signing secret' : 'Auth token';

  return (
    <Stack gap="sm">
      <form onSubmit={submit} noValidate aria-label="SMS delivery settings">
        <Stack gap="sm">
          <Switch label="Send this organization's text messages through its own provider" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <NativeSelect label="Provider" data={providers} value={provider} onChange={(e) => setProvider(e.currentTarget.value as Provider)} w={320} maw="100%" />
          {provider === 'webhook' ? (
            <TextInput label="Webhook URL" value={hook} onChange={(e) => setHook(e.currentTarget.value)} required w={420} maw="100%" error={errors['body/url'] ?? errors['body/settings/url']} {...typedAsIs} />
          ) : (
            <Group align="flex-start">
              <TextInput label="API base URL" value={baseUrl} onChange={(e) => setBaseUrl(e.currentTarget.value)} w={280} maw="100%" error={errors['body/baseUrl']} {...typedAsIs} />
              <TextInput label="Account SID" value={accountSid} onChange={(e) => setAccountSid(e.currentTarget.value)} required w={220} maw="100%" error={errors['body/accountSid']} {...typedAsIs} />
              <TextInput label="Sender number" value={from} onChange={(e) => setFrom(e.currentTarget.value)} required w={180} maw="100%" error={errors['body/from']} {...typedAsIs} />
            </Group>
          )}
          <PasswordInput
            label={secretLabel}
            description={saved.secretSet ? 'One is stored; leave empty to keep it' : 'None stored'}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            w={280} maw="100%"
            autoComplete="new-password"
            error={errors['body/secret'] ?? errors['body/settings/secret']}
          />
          {save.isError && <ErrorAlert error={save.error} labels={labels} onClose={() => save.reset()} />}
          {remove.isError && <ErrorAlert error={remove.error} onClose={() => remove.reset()} />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Apply SMS settings
            </Button>
            {saved.configured && (
              <Button variant="default" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
                Use the server-wide provider
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
        aria-label="Send a test SMS"
      >
        <Group align="flex-end">
          <TextInput label="Send test SMS to" description="International format, e.g. +41 79 123 45 67" type="tel" value={to} onChange={(e) => setTo(e.currentTarget.value)} required w={280} maw="100%" error={errors['body/to']} />
          <Button type="submit" variant="light" loading={test.isPending}>
            Send test SMS
          </Button>
        </Group>
      </form>
      {test.isError && <ErrorAlert error={test.error} labels={labels} onClose={() => test.reset()} />}
      {result && (
        <TestAnswer
          result={{ delivered: result.delivered, message: result.message, answer: result.status === null ? null : `HTTP ${result.status}${result.body ? ` ${result.body}` : ''}` }}
          testId="sms-test-answer"
        />
      )}
    </Stack>
  );
}

/** The Organization page's "SMS delivery" section: the organization's own provider, with a test send. */
export function SmsDelivery() {
  const { org } = useSession();
  const settings = useQuery({ queryKey: ['sms', org], queryFn: () => request<SmsSettings>('GET', url(org)) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sms-delivery-heading">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="sms-delivery-heading">
            SMS delivery
          </Title>
          <Text size="sm" c="dimmed">
            Without its own provider, this organization's text messages leave through the server-wide SMS settings.
          </Text>
        </div>
        {settings.isError ? (
          <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
        ) : settings.isPending ? (
          <Loading label="Loading SMS delivery…" />
        ) : (
          <SmsForm key={`${org}:${String(settings.data.updatedAt)}`} org={org} saved={settings.data} />
        )}
      </Stack>
    </Paper>
  );
}
