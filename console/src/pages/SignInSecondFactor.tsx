import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Me, type MfaMethod } from '../api';
import { ErrorAlert, typedAsIs } from '../ui';

const prompts: Record<MfaMethod, { label: string; description: string; other: string }> = {
  otp: { label: 'Code from your authenticator app', description: 'The 6-digit code the app shows now.', other: 'Use your authenticator app' },
  backup_code: { label: 'Backup code', description: 'Each backup code works once. A code from your administrator works too.', other: 'Use a backup code' },
  sms: { label: 'Code from the text message', description: 'Send the code to your recovery phone, then type it here.', other: 'Use a text message code' },
};

/**
 * The second step of a console sign-in: the password was right, and the account has a second
 * factor. The server holds the paused sign-in in a cookie; this sends the code of one of its methods.
 */
export function SecondFactorStep({ organization, methods, onSignedIn, onCancel }: { organization: string; methods: MfaMethod[]; onSignedIn: (me: Me) => void; onCancel: () => void }) {
  const usable = methods.filter((m) => m in prompts);
  const [method, setMethod] = useState<MfaMethod>(usable[0] ?? 'otp');
  const [code, setCode] = useState('');
  const verify = useMutation({ mutationFn: api.secondFactor, onSuccess: onSignedIn, onError: () => setCode('') });
  const send = useMutation({ mutationFn: () => api.sendSignInSms(organization) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate({ organization, method, code: code.trim() });
  };
  const p = prompts[method];
  return (
    <form onSubmit={submit}>
      <Stack>
        <Text size="sm">Your password is right. Finish signing in with your second factor.</Text>
        {verify.isError && <ErrorAlert error={verify.error} labels={{ code: p.label }} />}
        {send.isError && <ErrorAlert error={send.error} onClose={() => send.reset()} />}
        {method === 'sms' && (
          <Button variant="default" onClick={() => send.mutate()} loading={send.isPending}>
            {send.data ? `Sent to ${send.data.sentTo}: send another code` : 'Send code'}
          </Button>
        )}
        <TextInput label={p.label} description={p.description} value={code} onChange={(e) => setCode(e.currentTarget.value)} autoComplete="one-time-code" {...typedAsIs} required autoFocus />
        <Button type="submit" loading={verify.isPending} fullWidth>
          Verify
        </Button>
        <Group gap="md" justify="center">
          {usable
            .filter((m) => m !== method)
            .map((m) => (
              <Anchor key={m} component="button" type="button" size="sm" onClick={() => { setMethod(m); verify.reset(); }}>
                {prompts[m].other}
              </Anchor>
            ))}
          <Anchor component="button" type="button" size="sm" onClick={onCancel}>
            Start again
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}
