/**
 * The console's only way to reach the server: /api/v1 on the same origin, authenticated by
 * the console session cookie plus the CSRF token on every state-changing request.
 */

export type Privilege = 'platform_admin' | 'org_admin' | 'helpdesk' | 'user';
export type TokenPrivilege = Exclude<Privilege, 'user'>;
export type UserStatus = 'pending' | 'active' | 'locked' | 'disabled';
export type InvitationMethod = 'email_link' | 'email_otp' | 'sms_otp';

export interface Me {
  user: { id: string | null; username: string | null; privilege: Privilege };
  organization: { id: string; slug: string; name: string };
  via: 'console' | 'api_token';
  /** What the signed-in admin may do ("users.manage", "settings.manage", …); the API still checks every request. */
  permissions?: Permission[];
  csrfToken: string | null;
}

export type Permission =
  | 'organizations.create'
  | 'organizations.read'
  | 'settings.manage'
  | 'users.read'
  | 'users.manage'
  | 'users.delete'
  | 'invitations.send'
  | 'api_tokens.manage'
  | 'audit.read'
  | 'outbox.read';

/** A sign-in lockout: until when (null = until an admin unlocks) and why. */
export interface Lockout {
  until: string | null;
  reason: 'failures' | 'failure_cap';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Invitation {
  id: string;
  userId: string;
  method: InvitationMethod;
  state: 'pending' | 'expired' | 'accepted' | 'superseded' | 'revoked' | 'exhausted';
  /** Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted. */
  stage?: string;
  createdAt: string;
  expiresAt: string | null;
  openedAt: string | null;
  finishedAt: string | null;
  /** Null when no message was sent (the printable sheet is then the only delivery). */
  delivery?: { state: string; attempts: number; lastError: string | null; sentAt: string | null } | null;
  /** One-time link (opens once, 24 h) to a printable sheet with the invitation link or code, when asked for. */
  viewUrl?: string | null;
}

export interface User {
  id: string;
  organizationId: string;
  username: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  attributes: Record<string, unknown>;
  roles: string[];
  groups: string[];
  privilege: Privilege;
  type: 'standard' | 'pin_holder';
  status: UserStatus;
  /** Null when the user may sign in; absent from servers that don't report lockouts. */
  lockout?: Lockout | null;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  invitation?: Invitation | null;
}

export interface CreateUserInput {
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  privilege: Privilege;
  invite: boolean;
  /** Left out: the organization's default method. */
  invitationMethod?: InvitationMethod;
  /** With invite: also make a printable sheet; the user then needs no email or phone. */
  shareLink?: boolean;
}

export interface ResendInvitationInput {
  /** Left out: the method of the invitation it replaces (the organization's default for a first one). */
  method?: InvitationMethod;
  /** Also make a printable sheet; the invitation then needs no email or phone. */
  shareLink?: boolean;
}

export type UpdateUserInput = Partial<Record<'email' | 'firstName' | 'lastName' | 'phone', string | null>>;

/** Which characters invitation codes use, and how long they are. */
export interface CodeSettings {
  uppercase: boolean;
  lowercase: boolean;
  digits: boolean;
  length: number;
}

export interface InvitationSettings {
  enabled: boolean;
  method: InvitationMethod;
  expiryMinutes: number;
  lockUntilPasswordSet: boolean;
  sendActivationNotice: boolean;
  reminderMinutesBefore: number;
  otp: CodeSettings;
}

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  historyCount: number;
  maxAgeDays: number;
}

export interface OrganizationSettings {
  invitation: InvitationSettings;
  passwordPolicy: PasswordPolicy;
  temporaryPassword: { expiryDays: number };
  /** Non-disabled users allowed; null = unlimited. */
  userLimit: number | null;
  ssoEnforced: boolean;
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
  settings: OrganizationSettings;
  createdAt: string;
}

/** Every field optional, at every depth. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends Record<string, unknown> ? DeepPartial<T[K]> : T[K] };

export interface UpdateOrganizationInput {
  name?: string;
  settings?: DeepPartial<OrganizationSettings>;
}

export type PasswordResetInput =
  | { password: string; confirm: string; temporary: boolean; shareLink: boolean }
  /** The server makes up the password and answers it once, as `password`. */
  | { generate: true; temporary: boolean; shareLink?: boolean };

export interface PasswordResetResult {
  temporary: boolean;
  expiresAt: string | null;
  /** One-time link that shows the password once (24 h), when asked for. */
  viewUrl: string | null;
  loginUrl: string;
  username: string;
  /** The generated password, answered once when it was asked to generate one. */
  password?: string;
}

export const onboardingStages = ['not_invited', 'queued', 'delivered', 'failed', 'opened', 'expired', 'revoked', 'superseded', 'exhausted'] as const;
export type OnboardingStage = (typeof onboardingStages)[number] | 'activated';

export interface OnboardingItem {
  userId: string;
  username: string;
  email: string | null;
  phone: string | null;
  userCreatedAt: string;
  invitationId: string | null;
  method: string | null;
  stage: OnboardingStage;
  sentAt: string | null;
  expiresAt: string | null;
  openedAt: string | null;
  deliveryError: string | null;
  ageSeconds: number | null;
}

export interface OnboardingFunnel {
  invited: number;
  delivered: number;
  opened: number;
  activated: number;
  expired: number;
  failed: number;
}

export interface OnboardingPage extends Page<OnboardingItem> {
  funnel: OnboardingFunnel;
}

export interface BulkResendResult {
  userId: string;
  ok: boolean;
  invitationId: string | null;
  code: string | null;
  message: string | null;
}

export interface SupportInfo {
  serverUrl: string;
  loginUrl: string;
  forgotPasswordUrl: string;
  organization: { slug: string; name: string };
  /** PNG data URL of a QR code of loginUrl. */
  qrCode: string;
}

export interface ApiToken {
  id: string;
  name: string;
  privilege: TokenPrivilege;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface NewApiToken extends ApiToken {
  token: string;
}

export interface OutboxMessage {
  id: string;
  channel: string;
  kind: string;
  recipient: string;
  subject: string | null;
  textBody: string;
  htmlBody: string | null;
  state: string;
  attempts: number;
  lastError: string | null;
  transport: string | null;
  userId: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

/** A failed request, carrying the problem body so callers can show `detail ?? title`. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

/** The message to show for any error thrown by a query or mutation. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.problem.detail ?? err.problem.title;
  if (err instanceof Error) return err.message;
  return 'Something went wrong';
}

let csrfToken: string | null = null;

/** Remembers the CSRF token of the current console session (from login or /auth/me). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type QueryValue = string | number | null | undefined;

const BASE = '/api/v1';

/** Builds an API path with a query string, leaving out empty values. */
export function path(p: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${p}?${qs}` : p;
}

/** Encodes one path segment (slugs and ids are safe already; this keeps it that way). */
const seg = encodeURIComponent;

async function problemOf(res: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: res.statusText || `Request failed with status ${res.status}`,
    status: res.status,
    code: `http.${res.status}`,
  };
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return fallback;
  try {
    const body = (await res.json()) as Partial<Problem>;
    return typeof body.title === 'string' ? { ...fallback, ...body, status: res.status } : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Calls the API. Every non-GET request carries the CSRF token; POST and PATCH always send a
 * JSON body (`{}` when there is nothing to say), DELETE sends none. Throws ApiError.
 */
export async function request<T>(method: Method, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: string | undefined;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (method === 'POST' || method === 'PATCH') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(BASE + url, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'The server could not be reached. Check your connection and try again.', status: 0, code: 'network' });
  }
  if (!res.ok) throw new ApiError(await problemOf(res));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

// ---- endpoints ----

export const api = {
  login: (input: { organization: string; login: string; password: string }) => request<Me>('POST', '/auth/login', input),
  /** The signed-in admin, or null when there is no (valid) session. */
  me: async (): Promise<Me | null> => {
    try {
      return await request<Me>('GET', '/auth/me');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  logout: () => request<void>('POST', '/auth/logout'),

  organizations: () => request<{ items: Organization[] }>('GET', '/organizations'),
  createOrganization: (input: { slug: string; name: string }) => request<Organization>('POST', '/organizations', input),
  organization: (org: string) => request<Organization>('GET', `/organizations/${seg(org)}`),
  updateOrganization: (org: string, input: UpdateOrganizationInput) => request<Organization>('PATCH', `/organizations/${seg(org)}`, input),

  users: (org: string, q: { search?: string; status?: UserStatus | null; cursor?: string | null; limit?: number }) =>
    request<Page<User>>('GET', path(`/organizations/${seg(org)}/users`, { limit: q.limit ?? 50, cursor: q.cursor, search: q.search, status: q.status })),
  user: (org: string, id: string) => request<User>('GET', `/organizations/${seg(org)}/users/${seg(id)}`),
  createUser: (org: string, input: CreateUserInput) => request<User>('POST', `/organizations/${seg(org)}/users`, input),
  updateUser: (org: string, id: string, input: UpdateUserInput) => request<User>('PATCH', `/organizations/${seg(org)}/users/${seg(id)}`, input),
  deleteUser: (org: string, id: string) => request<void>('DELETE', `/organizations/${seg(org)}/users/${seg(id)}`),
  disableUser: (org: string, id: string) => request<User>('POST', `/organizations/${seg(org)}/users/${seg(id)}/disable`),
  enableUser: (org: string, id: string) => request<User>('POST', `/organizations/${seg(org)}/users/${seg(id)}/enable`),
  /** `unlocked: false` when there was no lockout to clear. */
  unlockUser: (org: string, id: string) => request<{ unlocked?: boolean } | undefined>('POST', `/organizations/${seg(org)}/users/${seg(id)}/unlock`),
  resetPassword: (org: string, id: string, input: PasswordResetInput) =>
    request<PasswordResetResult>('POST', `/organizations/${seg(org)}/users/${seg(id)}/password`, input),
  /** Without a method, the method of the invitation it replaces is used. */
  resendInvitation: (org: string, id: string, input: ResendInvitationInput = {}) =>
    request<Invitation>('POST', `/organizations/${seg(org)}/users/${seg(id)}/invitations`, {
      ...(input.method && { method: input.method }),
      ...(input.shareLink && { shareLink: true }),
    }),
  revokeInvitation: (org: string, invitationId: string) => request<Invitation>('POST', `/organizations/${seg(org)}/invitations/${seg(invitationId)}/revoke`),

  onboarding: (org: string, q: { stage?: OnboardingStage | null; cursor?: string | null; limit?: number }) =>
    request<OnboardingPage>('GET', path(`/organizations/${seg(org)}/onboarding`, { limit: q.limit ?? 50, cursor: q.cursor, stage: q.stage })),
  resendOnboarding: (org: string, userIds: string[]) =>
    request<{ results: BulkResendResult[] }>('POST', `/organizations/${seg(org)}/onboarding/resend`, { userIds }),

  support: (org: string) => request<SupportInfo>('GET', `/organizations/${seg(org)}/support`),

  outbox: (org: string, q: { cursor?: string | null; limit?: number }) =>
    request<Page<OutboxMessage>>('GET', path(`/organizations/${seg(org)}/outbox`, { limit: q.limit ?? 50, cursor: q.cursor })),

  apiTokens: (org: string) => request<{ items: ApiToken[] }>('GET', `/organizations/${seg(org)}/api-tokens`),
  createApiToken: (org: string, input: { name: string; privilege: TokenPrivilege }) =>
    request<NewApiToken>('POST', `/organizations/${seg(org)}/api-tokens`, input),
  revokeApiToken: (org: string, id: string) => request<ApiToken>('DELETE', `/organizations/${seg(org)}/api-tokens/${seg(id)}`),
};

/** Query keys, so pages invalidate each other's data consistently. */
export const keys = {
  me: ['me'] as const,
  organizations: ['organizations'] as const,
  organization: (org: string) => ['organization', org] as const,
  users: (org: string) => ['users', org] as const,
  user: (org: string, id: string) => ['user', org, id] as const,
  outbox: (org: string) => ['outbox', org] as const,
  onboarding: (org: string) => ['onboarding', org] as const,
  support: (org: string) => ['support', org] as const,
  apiTokens: (org: string) => ['api-tokens', org] as const,
};
