import { Anchor, type AnchorProps } from '@mantine/core';
import { useSyncExternalStore, type MouseEvent, type ReactNode } from 'react';

/**
 * A small history-API router. Paths inside the app are written without the base
 * ("/users/42"); the browser sees them under it ("/admin/users/42").
 */

const BASE = import.meta.env.BASE_URL.replace(/\/+$/, ''); // "/admin"
const CHANGE = 'latchkey:navigate';

export type Route =
  | { name: 'home' }
  | { name: 'users' }
  | { name: 'user'; id: string }
  | { name: 'onboarding' }
  | { name: 'outbox' }
  | { name: 'organization' }
  | { name: 'organizations' }
  | { name: 'support' }
  | { name: 'groups' }
  | { name: 'audit' }
  | { name: 'apps' }
  | { name: 'imports' }
  | { name: 'templates' }
  | { name: 'not-found'; path: string };

export function href(to: string): string {
  return BASE + (to.startsWith('/') ? to : `/${to}`);
}

function currentPath(): string {
  const p = window.location.pathname;
  if (p === BASE || p === `${BASE}/`) return '/';
  return p.startsWith(`${BASE}/`) ? p.slice(BASE.length).replace(/\/+$/, '') || '/' : '/';
}

/**
 * Goes to an in-app path. `quiet` only changes the address, without re-rendering the
 * current page: for a page that is about to be replaced anyway (signing out).
 */
export function navigate(to: string, opts: { replace?: boolean; quiet?: boolean } = {}) {
  const url = href(to);
  if (url === window.location.pathname + window.location.search) return;
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  if (!opts.quiet) window.dispatchEvent(new Event(CHANGE));
  if (!opts.replace) window.scrollTo(0, 0);
}

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

/** The current in-app path ("/users/42"); re-renders on navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

export function matchRoute(path: string): Route {
  if (path === '/') return { name: 'home' };
  if (path === '/users') return { name: 'users' };
  if (path === '/onboarding') return { name: 'onboarding' };
  if (path === '/outbox') return { name: 'outbox' };
  if (path === '/organization') return { name: 'organization' };
  if (path === '/organizations') return { name: 'organizations' };
  if (path === '/support') return { name: 'support' };
  if (path === '/groups') return { name: 'groups' };
  if (path === '/audit') return { name: 'audit' };
  if (path === '/apps') return { name: 'apps' };
  if (path === '/imports') return { name: 'imports' };
  if (path === '/templates') return { name: 'templates' };
  const user = /^\/users\/([^/]+)$/.exec(path);
  if (user) return { name: 'user', id: decodeURIComponent(user[1]!) };
  return { name: 'not-found', path };
}

/** One query parameter of the current URL. */
export function queryParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

/** One query parameter of the current URL; re-renders when it changes. */
export function useQueryParam(name: string): string | null {
  return useSyncExternalStore(subscribe, () => queryParam(name), () => null);
}

/** Plain left clicks navigate in the app; modified clicks keep the browser's behaviour. */
export function onLinkClick(to: string) {
  return (e: MouseEvent<HTMLElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
}

/** An anchor to an in-app path. */
export function Link({ to, children, ...props }: { to: string; children: ReactNode } & AnchorProps) {
  return (
    <Anchor href={href(to)} onClick={onLinkClick(to)} {...props}>
      {children}
    </Anchor>
  );
}
