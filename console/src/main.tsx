import '@mantine/core/styles.css';
import { Anchor, MantineProvider, NumberInput, type CSSVariablesResolver, PasswordInput, Select, TextInput, createTheme } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, api, keys, setCsrfToken } from './api';
import { Shell } from './pages/Shell';
import { SignIn } from './pages/SignIn';
import { SessionProvider } from './session';
import { Loading, QueryError } from './ui';

/**
 * Any 401 means the session is gone: forget who was signed in, which shows the sign-in form.
 * A CSRF mismatch means the session changed (e.g. in another tab): fetch the current token,
 * so trying again works.
 */
function onApiError(err: unknown) {
  if (!(err instanceof ApiError)) return;
  if (err.status === 401) {
    setCsrfToken(null);
    queryClient.setQueryData(keys.me, null);
  } else if (err.problem.code === 'auth.csrf') {
    void queryClient.invalidateQueries({ queryKey: keys.me });
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      // Client errors won't change by asking again; network and server errors might.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      // Users change state outside the console (accepting an invitation, signing in): every
      // page shows what is cached at once and refreshes it when it opens.
      staleTime: 0,
    },
    mutations: { retry: false },
  },
});

const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 7 of indigo under white text, and the darker greys and reds below, reach the 4.5:1
  // contrast of WCAG AA; Mantine's defaults (shade 6, gray 6, red 6) fall short of it.
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: 'sm',
  // Each visible label names exactly one control, by exactly its text:
  // - the required asterisk would be part of the label's text ("Username *"), so it is left
  //   out (inputs keep the `required` attribute; forms say what is required in words);
  // - Mantine keeps a closed Select's option list in the page (hidden), labelled by the
  //   field's label, so the list is mounted only while open.
  components: {
    // Links inside text are told apart by more than colour.
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    TextInput: TextInput.extend({ defaultProps: { withAsterisk: false } }),
    PasswordInput: PasswordInput.extend({ defaultProps: { withAsterisk: false } }),
    NumberInput: NumberInput.extend({ defaultProps: { withAsterisk: false } }),
    Select: Select.extend({ defaultProps: { withAsterisk: false, comboboxProps: { keepMounted: false } } }),
  },
});

const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});

function App() {
  const me = useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      const result = await api.me();
      setCsrfToken(result?.csrfToken ?? null);
      return result;
    },
    staleTime: 5 * 60_000,
  });
  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <div style={{ maxWidth: 560, margin: '4rem auto', padding: '0 1rem' }}>
        <QueryError error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) return <SignIn />;
  // Keyed by the signed-in user, so nothing of one session's state leaks into the next.
  return (
    <SessionProvider key={me.data.user.id ?? 'anonymous'} me={me.data}>
      <Shell />
    </SessionProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariables}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
