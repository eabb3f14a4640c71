import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, keys, setCsrfToken, type Me, type MfaMethod } from '../api';
import { navigate, queryParam, usePath } from '../router';
import { ErrorAlert, problemCode, typedAsIs } from '../ui';
import { SecondFactorStep } from './SignInSecondFactor';

const ORG_KEY = 'latchkey.console.lastOrganization';

function rememberedOrg(): string {
  const fromUrl = queryParam('org');
  if (fromUrl) return fromUrl;
  try {
    return window.localStorage.getItem(ORG_KEY) ?? '';
  } catch {
    return '';
  }
}

export function SignIn() {
  const queryClient = useQueryClient();
  const path = usePath();
  const [organization, setOrganization] = useState(rememberedOrg);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const setupDone = queryParam('setup') === 'done';
  // The password was right and a second factor is next: its methods, for the code step.
  const [secondFactor, setSecondFactor] = useState<{ organization: string; methods: MfaMethod[] } | null>(null);

  const signedIn = (me: Me) => {
    setCsrfToken(me.csrfToken);
    // Nothing cached by an earlier session is shown to this one.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
    queryClient.setQueryData(keys.me, me);
    // Drop ?setup= and ?org=, and leave the bare /admin/ for the users list.
    navigate(path === '/' ? '/users' : path, { replace: true });
  };

  const signIn = useMutation({
    mutationFn: api.login,
    onSuccess: (answer, input) => {
      try {
        window.localStorage.setItem(ORG_KEY, input.organization);
      } catch {
        // not remembering is fine
      }
      if ('next' in answer) {
        setPassword('');
        setSecondFactor({ organization: input.organization, methods: answer.methods as MfaMethod[] });
        return;
      }
      signedIn(answer);
    },
    // A wrong password is typed again; when only another field was wrong, it is kept.
    onError: (err) => {
      if (problemCode(err) !== 'request.invalid') setPassword('');
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Organization slugs are lower case; people type them any way.
    signIn.mutate({ organization: organization.trim().toLowerCase(), login: login.trim(), password });
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        {secondFactor ? (
          <Stack>
            <Title order={1} size="h2">
              Latchkey admin
            </Title>
            <SecondFactorStep organization={secondFactor.organization} methods={secondFactor.methods} onSignedIn={signedIn} onCancel={() => { setSecondFactor(null); signIn.reset(); }} />
          </Stack>
        ) : (
        <form onSubmit={submit}>
          <Stack>
            <div>
              <Title order={1} size="h2">
                Latchkey admin
              </Title>
              <Text c="dimmed" size="sm">
                Sign in with your administrator account.
              </Text>
            </div>
            {setupDone && (
              <Alert role="status" color="green" variant="light">
                Administrator created. Sign in to continue.
              </Alert>
            )}
            {signIn.isError && <ErrorAlert error={signIn.error} labels={{ organization: 'Organization short name', login: 'Email or username', password: 'Password' }} />}
            <TextInput
              label="Organization"
              description="The short name of your organization, e.g. acme"
              value={organization}
              onChange={(e) => setOrganization(e.currentTarget.value)}
              {...typedAsIs}
              autoComplete="organization"
              required
              autoFocus={!organization}
            />
            <TextInput
              label="Email or username"
              value={login}
              onChange={(e) => setLogin(e.currentTarget.value)}
              {...typedAsIs}
              autoComplete="username"
              required
              autoFocus={!!organization}
            />
            <PasswordInput
              label="Password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
              required
              // Mantine names this button "Toggle password visibility", which would make
              // "Password" label two elements; name it by what it does instead.
              visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the typed characters' }}
            />
            <Button type="submit" loading={signIn.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
        )}
      </Paper>
    </Center>
  );
}
