/**
 * The one builder of end-user page URLs: pages redirect with the relative form, messages
 * (emails, SMS, problems) carry the absolute one. Imports nothing, so services use it too.
 */
const org = (slug: string) => `/o/${encodeURIComponent(slug)}`;
const withNotice = (path: string, notice?: string) => (notice ? `${path}?notice=${encodeURIComponent(notice)}` : path);

export const pageUrl = {
  /** The sign-in form; `notice` names a message the form shows (e.g. password-set). */
  login: (slug: string, notice?: string) => withNotice(`${org(slug)}/login`, notice),
  account: (slug: string, notice?: string) => withNotice(`${org(slug)}/account`, notice),
  /** The one-time link that opens an impersonation session, and the banner's Stop form. */
  impersonation: (slug: string, token: string) => `${org(slug)}/impersonation/${encodeURIComponent(token)}`,
  impersonationStop: (slug: string) => `${org(slug)}/impersonation/stop`,
  /** The required-action page of a paused sign-in (set or replace the password). */
  password: (slug: string) => `${org(slug)}/password`,
  /** The second-factor step of a paused sign-in; `method` picks one of the account's methods. */
  secondFactor: (slug: string, method?: string) => (method ? `${org(slug)}/login/second-factor?method=${encodeURIComponent(method)}` : `${org(slug)}/login/second-factor`),
  /** The required action of enrolling an authenticator app in a paused sign-in. */
  enrollAuthenticator: (slug: string) => `${org(slug)}/login/authenticator`,
  accountPassword: (slug: string) => `${org(slug)}/account/password`,
  accountAuthenticator: (slug: string) => `${org(slug)}/account/authenticator`,
  accountBackupCodes: (slug: string) => `${org(slug)}/account/backup-codes`,
  /** Step-up re-authentication of an account session; `returnTo` is the page it goes back to. */
  reauthenticate: (slug: string, returnTo?: string) => (returnTo ? `${org(slug)}/account/reauthenticate?return_to=${encodeURIComponent(returnTo)}` : `${org(slug)}/account/reauthenticate`),
  logout: (slug: string) => `${org(slug)}/logout`,
  forgot: (slug: string) => `${org(slug)}/forgot`,
  forgotCode: (slug: string, login?: string) => (login ? `${org(slug)}/forgot/code?login=${encodeURIComponent(login)}` : `${org(slug)}/forgot/code`),
  /** Sign-up with a PIN code: a holder creates a user in their likeness. */
  pinSignUp: (slug: string) => `${org(slug)}/pin-sign-up`,
  /** Forgot password: send a reset (POST), then where a reset code is entered, and the emailed link. */
  forgotSend: (slug: string) => `${org(slug)}/forgot/send`,
  recoveryCode: (slug: string) => `${org(slug)}/forgot/reset`,
  recoveryLink: (slug: string, token: string) => `${org(slug)}/forgot/reset/${token}`,
  /** "Reset my authenticator": where the code sent to the recovery phone is entered. */
  recoveryAuthenticator: (slug: string) => `${org(slug)}/forgot/authenticator`,
  /** "I have a code from the helpdesk": where a helpdesk recovery code is entered with a new password. */
  recoveryHelpdesk: (slug: string) => `${org(slug)}/forgot/helpdesk`,
  invitation: (slug: string, token: string) => `${org(slug)}/invitations/${token}`,
  sheet: (slug: string, token: string) => `${org(slug)}/sheets/${token}`,
  setup: (token: string) => `/setup/${token}`,
  /** A registered app's uploaded icon; `version` changes with the app, so browsers may cache each version for good. */
  appIcon: (slug: string, appId: string, version: number) => `${org(slug)}/apps/${encodeURIComponent(appId)}/icon?v=${version}`,
  /** Single sign-on: the button's link starts, and the upstream sends the browser back to the callback. */
  ssoStart: (slug: string) => `${org(slug)}/sso/start`,
  ssoCallback: (slug: string) => `${org(slug)}/sso/callback`,
  /** The path every cookie of an organization's pages is scoped to, so orgs never share one. */
  cookiePath: (slug: string) => org(slug),
};

/** The same page as a full link, for messages read outside the browser. */
export const absoluteUrl = (ctx: { publicUrl: string }, path: string) => `${ctx.publicUrl}${path}`;

const MAX_RETURN_TO = 2048;

/**
 * Where a finished sign-in may send the browser: only a path under the organization's own
 * pages. Anything else (another organization, another host, a scheme, `//` or a backslash that
 * browsers read as one, control characters, dot segments in any spelling) is ignored, so a
 * crafted sign-in link can't send a person anywhere after they proved who they are.
 */
export function safeReturnTo(slug: string, raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_RETURN_TO) return undefined;
  if (!raw.startsWith(`${org(slug)}/`)) return undefined;
  if (raw.includes('//') || raw.includes('\\') || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f')) return undefined;
  // The path as a browser resolves it (`.%2e`, `%2e.` and `%2E%2E` are all "..", WHATWG URL),
  // so what is checked is where the browser would go, and that is what is returned.
  const resolved = new URL(raw, RESOLVE_BASE);
  if (resolved.origin !== RESOLVE_BASE || !resolved.pathname.startsWith(`${org(slug)}/`)) return undefined;
  // An encoded slash or backslash a proxy might decode into another path.
  if (/%2f|%5c/i.test(resolved.pathname)) return undefined;
  return resolved.pathname + resolved.search + resolved.hash;
}

const RESOLVE_BASE = 'http://return-to.invalid';
