import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me, Permission, Privilege } from './api';
import { usePath } from './router';

/** A short confirmation shown at the top of the page it belongs to. */
export interface Notice {
  id: number;
  title: string;
  message?: string;
  /** The in-app path the notice is shown on; it disappears when the admin moves elsewhere. */
  path: string;
}

interface Session {
  me: Me;
  privilege: Privilege;
  isPlatformAdmin: boolean;
  /**
   * Whether the signed-in admin may do this, from the permissions /auth/me reports. Only
   * decides what the console offers; the API refuses anything else on its own.
   */
  can: (permission: Permission) => boolean;
  /** Slug of the organization the console works in. */
  org: string;
  setOrg: (slug: string) => void;
  notices: Notice[];
  notify: (n: { title: string; message?: string; path?: string }) => void;
  dismiss: (id: number) => void;
}

const SessionContext = createContext<Session | null>(null);

const orgStorageKey = (me: Me) => `latchkey.console.org.${me.user.id ?? 'token'}`;

function initialOrg(me: Me): string {
  if (me.user.privilege !== 'platform_admin') return me.organization.slug;
  try {
    return window.sessionStorage.getItem(orgStorageKey(me)) ?? me.organization.slug;
  } catch {
    return me.organization.slug;
  }
}

let nextNoticeId = 1;

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const path = usePath();
  const [org, setOrgState] = useState(() => initialOrg(me));
  const [notices, setNotices] = useState<Notice[]>([]);

  const setOrg = useCallback(
    (slug: string) => {
      setOrgState(slug);
      try {
        window.sessionStorage.setItem(orgStorageKey(me), slug);
      } catch {
        // storage may be unavailable; the choice then lasts until reload
      }
    },
    [me],
  );
  const notify = useCallback(
    (n: { title: string; message?: string; path?: string }) =>
      setNotices((all) => [...all.slice(-2), { id: nextNoticeId++, title: n.title, message: n.message, path: n.path ?? path }]),
    [path],
  );
  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((n) => n.id !== id)), []);
  // Confirmations go away on their own after a while; errors stay next to what failed.
  useEffect(() => {
    if (notices.length === 0) return;
    const timer = window.setTimeout(() => setNotices((all) => all.slice(1)), 12_000);
    return () => window.clearTimeout(timer);
  }, [notices]);
  // Leaving a page drops its notices, so they don't reappear on a later visit.
  useEffect(() => setNotices((all) => (all.every((n) => n.path === path) ? all : all.filter((n) => n.path === path))), [path]);

  const value = useMemo<Session>(
    () => ({
      me,
      privilege: me.user.privilege,
      isPlatformAdmin: me.user.privilege === 'platform_admin',
      // A server that doesn't report permissions: offer everything and let it refuse.
      can: (permission: Permission) => !me.permissions || me.permissions.includes(permission),
      org,
      setOrg,
      notices: notices.filter((n) => n.path === path),
      notify,
      dismiss,
    }),
    [me, org, setOrg, notices, path, notify, dismiss],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
