import { AppShell, Badge, Burger, Button, Group, NavLink, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, keys, setCsrfToken } from '../api';
import { Link, href, matchRoute, navigate, onLinkClick, usePath, type Route } from '../router';
import { useSession } from '../session';
import { ErrorAlert, Loading, SuccessAlert, privilegeLabel } from '../ui';
import { AppsPage } from './Apps';
import { ImportsPage } from './Imports';
import { OrganizationsPage } from './Organizations';
import { OnboardingPage } from './Onboarding';
import { OrganizationPage } from './Organization';
import { OutboxPage } from './Outbox';
import { SupportPage } from './Support';
import { GroupsPage } from './Groups';
import { AuditLogPage } from './AuditLog';
import { UserDetailPage } from './UserDetail';
import { UsersPage } from './Users';
import { TemplatesPage } from './Templates';

const sections: { to: string; label: string; active: (r: Route) => boolean; platformOnly?: boolean }[] = [
  { to: '/users', label: 'Users', active: (r: Route) => r.name === 'users' || r.name === 'user' },
  { to: '/groups', label: 'Groups', active: (r: Route) => r.name === 'groups' },
  { to: '/onboarding', label: 'Onboarding', active: (r: Route) => r.name === 'onboarding' },
  { to: '/apps', label: 'Apps', active: (r: Route) => r.name === 'apps' },
  { to: '/imports', label: 'Import users', active: (r: Route) => r.name === 'imports' },
  { to: '/outbox', label: 'Outbox', active: (r: Route) => r.name === 'outbox' },
  { to: '/organization', label: 'Organization', active: (r: Route) => r.name === 'organization' },
  { to: '/templates', label: 'Message templates', active: (r: Route) => r.name === 'templates' },
  { to: '/audit', label: 'Audit log', active: (r: Route) => r.name === 'audit' },
  { to: '/support', label: 'Support', active: (r: Route) => r.name === 'support' },
  { to: '/organizations', label: 'All organizations', active: (r: Route) => r.name === 'organizations', platformOnly: true },
];

function OrganizationSwitcher() {
  const { org, setOrg } = useSession();
  const orgs = useQuery({ queryKey: keys.organizations, queryFn: api.organizations });
  const items = orgs.data?.items ?? [];
  const route = matchRoute(usePath());

  // A remembered organization that no longer exists: back to one that does.
  useEffect(() => {
    const first = items[0];
    if (orgs.isSuccess && first && !items.some((o) => o.slug === org)) setOrg(first.slug);
  }, [orgs.isSuccess, items, org, setOrg]);

  return (
    <Select
      label="Organization"
      description="Platform admins can work in any organization"
      data={items.length > 0 ? items.map((o) => ({ value: o.slug, label: `${o.name} (${o.slug})` })) : [{ value: org, label: org }]}
      value={org}
      onChange={(slug) => {
        if (!slug || slug === org) return;
        setOrg(slug);
        // A user belongs to one organization; show the list of the new one instead.
        if (route.name === 'user') navigate('/users');
      }}
      allowDeselect={false}
      searchable
      nothingFoundMessage="No such organization"
      error={orgs.isError ? 'Could not load the organizations' : undefined}
    />
  );
}

function Page({ route }: { route: Route }) {
  useEffect(() => {
    if (route.name === 'home') navigate('/users', { replace: true });
  }, [route.name]);
  switch (route.name) {
    case 'home':
      return <Loading />;
    case 'users':
      return <UsersPage />;
    case 'user':
      return <UserDetailPage id={route.id} />;
    case 'onboarding':
      return <OnboardingPage />;
    case 'outbox':
      return <OutboxPage />;
    case 'organization':
      return <OrganizationPage />;
    case 'support':
      return <SupportPage />;
    case 'groups':
      return <GroupsPage />;
    case 'audit':
      return <AuditLogPage />;
    case 'apps':
      return <AppsPage />;
    case 'organizations':
      return <OrganizationsPage />;
    case 'imports':
      return <ImportsPage />;
    case 'templates':
      return <TemplatesPage />;
    case 'not-found':
      return (
        <Stack>
          <Title order={1}>Page not found</Title>
          <Text>
            There is no page at <code>{href(route.path)}</code>. <Link to="/users">Go to the user list</Link>.
          </Text>
        </Stack>
      );
  }
}

export function Shell() {
  const queryClient = useQueryClient();
  const { me, org, isPlatformAdmin, notices, dismiss } = useSession();
  const visibleSections = sections.filter((s) => !s.platformOnly || isPlatformAdmin);
  const path = usePath();
  const route = matchRoute(path);
  const [navOpened, nav] = useDisclosure(false);
  const organization = useQuery({ queryKey: keys.organization(org), queryFn: () => api.organization(org) });
  const orgName = organization.data?.name ?? (org === me.organization.slug ? me.organization.name : org);

  const signOut = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      // Signed out either way: a failed logout leaves at worst a session that expires.
      // Forgetting who is signed in unmounts the shell and shows the sign-in form, which
      // then leads to the users list.
      setCsrfToken(null);
      navigate('/', { replace: true, quiet: true });
      queryClient.setQueryData(keys.me, null);
    },
  });

  // Close the mobile navigation after following a link.
  const closeNav = nav.close;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path is what triggers it, though the effect doesn't read it
  useEffect(() => {
    closeNav();
  }, [path]);

  const pageTitle = visibleSections.find((s) => s.active(route))?.label;
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} · ${orgName} · Latchkey admin` : 'Latchkey admin';
  }, [pageTitle, orgName]);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} visibleFrom="xs">
              Latchkey admin
            </Text>
            <Text c="dimmed" visibleFrom="xs" aria-hidden>
              /
            </Text>
            <Text fw={600} truncate data-testid="organization-name">
              {orgName}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" truncate>
              Signed in as <strong data-testid="signed-in-user">{me.user.username ?? 'API token'}</strong>
            </Text>
            <Badge variant="outline" visibleFrom="sm" style={{ textTransform: 'none' }}>
              {privilegeLabel(me.user.privilege)}
            </Badge>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="md" aria-label="Main navigation">
        <AppShell.Section grow>
          <nav aria-label="Sections">
            {visibleSections.map((s) => (
              <NavLink
                key={s.to}
                component="a"
                href={href(s.to)}
                onClick={onLinkClick(s.to)}
                label={s.label}
                active={s.active(route)}
                aria-current={s.active(route) ? 'page' : undefined}
              />
            ))}
          </nav>
        </AppShell.Section>
        <AppShell.Section>
          <Stack gap="sm">
            {isPlatformAdmin && <OrganizationSwitcher />}
            {signOut.isError && <ErrorAlert error={signOut.error} />}
            <Button variant="default" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              Sign out
            </Button>
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        {/*
          Confirmations float in a corner of the window, wherever the admin has scrolled to:
          the button that caused them may be far down a long page.
        */}
        <div data-testid="notices" style={{ position: 'fixed', bottom: 16, right: 16, left: 16, zIndex: 400, display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: 8, pointerEvents: 'none' }}>
          {notices.map((n) => (
            <div key={n.id} style={{ width: '100%', maxWidth: 420, pointerEvents: 'auto', boxShadow: 'var(--mantine-shadow-md)', background: 'var(--mantine-color-body)', borderRadius: 4 }}>
              <SuccessAlert title={n.title} onClose={() => dismiss(n.id)}>
                {n.message}
              </SuccessAlert>
            </div>
          ))}
        </div>
        <Stack maw={1200} gap="md">
          {/* Each organization gets fresh page state (filters, open dialogs). */}
          <Page key={org} route={route} />
        </Stack>
      </AppShell.Main>
    </AppShell>
  );
}
