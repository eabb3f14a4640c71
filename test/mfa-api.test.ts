import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';
import { totpCode } from '../src/lib/totp.js';

let t: TestApp;
let acme: Record<string, string>;
let other: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth: acme } = await t.createOrg('acme'));
  ({ auth: other } = await t.createOrg('other'));
});
afterAll(() => t?.close());

const codeNow = (key: string) => totpCode(key.replace(/\s/g, ''), t.clock.now());

async function user(username: string, privilege?: string, org = 'acme', auth = acme) {
  const u = await t.createUser(auth, org, { username, email: `${username}@example.com`, ...(privilege && { privilege }) });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${u.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  return u;
}

/** An administrator who turned on an authenticator app through the self-service API; returns the key and the console headers. */
async function adminWithTotp(username: string) {
  const u = await user(username, 'org_admin');
  const headers = await t.consoleLogin('acme', username);
  const started = await t.app.inject({ method: 'POST', url: '/api/v1/me/mfa/totp', headers });
  expect(started.statusCode).toBe(200);
  const { factorId, key, qr } = started.json();
  expect(qr).toMatch(/^data:image\/png;base64,/);
  const confirmed = await t.app.inject({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', headers, payload: { factorId, code: codeNow(key) } });
  expect(confirmed.statusCode).toBe(200);
  expect(confirmed.json()).toMatchObject({ methods: ['otp'], factors: [{ kind: 'totp', state: 'active' }] });
  expect(confirmed.body).not.toContain(key.replace(/\s/g, ''));
  t.clock.advance(30_000);
  return { u, key, headers };
}

describe('self-service MFA API', () => {
  it('when an API token calls the /me routes, then they are refused with 403 auth.session_required', async () => {
    for (const [method, url] of [['GET', '/api/v1/me/mfa'], ['POST', '/api/v1/me/mfa/totp'], ['POST', '/api/v1/me/mfa/backup-codes']] as const) {
      const res = await t.app.inject({ method, url, headers: acme });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.session_required');
    }
  });

  it('when backup codes are generated, then ten codes come back once and the listing shows ten left, never the codes', async () => {
    const { headers } = await adminWithTotp('codes');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/mfa/backup-codes', headers });
    expect(res.json().codes).toHaveLength(10);
    const list = await t.app.inject({ url: '/api/v1/me/mfa', headers });
    expect(list.json()).toMatchObject({ backupCodesLeft: 10, methods: ['otp', 'backup_code'] });
    expect(list.body).not.toContain(res.json().codes[0]);
  });
});

describe('console sign-in with a second factor', () => {
  it('when an administrator with an authenticator app signs in to the console, then the password step asks for the code and the code step opens an AAL2 session', async () => {
    const { key } = await adminWithTotp('carla');
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'carla', password: PASSWORD } });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ next: 'second_factor', methods: ['otp'] });
    expect(first.cookies.find((c) => c.name === 'lk_console')).toBeUndefined();
    const flow = first.cookies.find((c) => c.name === 'lk_console_signin')!;
    expect(flow).toMatchObject({ path: '/api/v1/auth', httpOnly: true });
    const cookie = `lk_console_signin=${flow.value}`;

    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', headers: { cookie }, payload: { organization: 'acme', method: 'otp', code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('mfa.code_invalid');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', headers: { cookie }, payload: { organization: 'acme', method: 'otp', code: codeNow(key) } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ aal: 2, methods: ['pwd', 'otp'], user: { username: 'carla' } });
    expect(ok.cookies.find((c) => c.name === 'lk_console')).toBeDefined();
    // The flow is finished: the same cookie can't open another session.
    t.clock.advance(30_000);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', headers: { cookie }, payload: { organization: 'acme', method: 'otp', code: codeNow(key) } });
    expect(again.statusCode).toBe(401);
  });

  it('when an administrator must first enroll an authenticator, then the console refuses the sign-in and names the page to enroll at', async () => {
    const { auth: strictAuth } = await t.createOrg('strict');
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/strict', headers: strictAuth, payload: { settings: { mfa: { policy: 'required' } } } });
    await user('stern', 'org_admin', 'strict', strictAuth);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'strict', login: 'stern', password: PASSWORD } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'mfa.enrollment_required', changeUrl: 'http://latchkey.test/o/strict/login' });
    expect(res.cookies.find((c) => c.name === 'lk_console')).toBeUndefined();
  });

  it('when the second step comes without the cookie of the first, then it is refused with 401', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { organization: 'acme', method: 'otp', code: '123456' } });
    expect(res.statusCode).toBe(401);
  });

  it('when a console flow handle is presented to the account pages, then they do not go on with it', async () => {
    await adminWithTotp('cross');
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'cross', password: PASSWORD } });
    const handle = first.cookies.find((c) => c.name === 'lk_console_signin')!.value;
    const page = await t.app.inject({ url: '/o/acme/login/second-factor', headers: { cookie: `lk_signin=${handle}` } });
    expect(page.headers.location).toBe('/o/acme/login');
  });
});

describe('administrators\' MFA actions', () => {
  it('when a helpdesk views a user\'s factors, then it sees kinds and states; resetting or issuing a code is refused', async () => {
    const { u } = await adminWithTotp('helped');
    const hd = await user('hd1', 'helpdesk');
    const hdHeaders = await t.consoleLogin('acme', 'hd1');
    void hd;
    const list = await t.app.inject({ url: `/api/v1/organizations/acme/users/${u.id}/mfa`, headers: hdHeaders });
    expect(list.statusCode).toBe(200);
    expect(list.json().factors[0]).toMatchObject({ kind: 'totp', state: 'active' });
    expect(Object.keys(list.json().factors[0])).not.toContain('secret');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/mfa/reset`, headers: hdHeaders })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/mfa/backup-code`, headers: hdHeaders })).statusCode).toBe(403);
  });

  it('when an administrator of another organization acts on a user, then the user is not found there', async () => {
    const { u } = await adminWithTotp('foreign');
    for (const [method, url] of [['GET', 'mfa'], ['POST', 'mfa/reset'], ['POST', 'mfa/backup-code']] as const) {
      const res = await t.app.inject({ method, url: `/api/v1/organizations/acme/users/${u.id}/${url}`, headers: other });
      expect(res.statusCode).toBe(404);
    }
    const wrongOrg = await t.app.inject({ url: `/api/v1/organizations/other/users/${u.id}/mfa`, headers: other });
    expect(wrongOrg.statusCode).toBe(404);
  });

  it('when an administrator issues a backup code for a locked-out user, then it works once at the sign-in page, and the action is audited', async () => {
    const { u } = await adminWithTotp('locked');
    const issued = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/mfa/backup-code`, headers: acme });
    expect(issued.statusCode).toBe(200);
    const { code } = issued.json();
    for (const [i, expected] of [[0, '/o/acme/account'], [1, undefined]] as const) {
      const c = pageClient(t);
      await c.get('/o/acme/login');
      await c.post('/o/acme/login', { login: 'locked', password: PASSWORD });
      const res = await c.post('/o/acme/login/second-factor', { method: 'backup_code', code });
      expect(res.headers.location, `use ${i + 1}`).toBe(expected);
    }
    const events = await t.db.selectFrom('audit_events').select('action').where('target_id', '=', u.id).execute();
    expect(events.map((e) => e.action)).toContain('mfa.backup_code_issued');
  });

  it('when an administrator resets MFA, then every factor is disabled but kept, backup codes end, and the user is told', async () => {
    const { u, headers } = await adminWithTotp('resetme');
    await t.app.inject({ method: 'POST', url: '/api/v1/me/mfa/backup-codes', headers });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/mfa/reset`, headers: acme });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ methods: [], backupCodesLeft: 0, factors: [{ kind: 'totp', state: 'disabled', disabledReason: 'reset' }] });
    const notices = await t.db.selectFrom('outbox_messages').select('text_body').where('user_id', '=', u.id).where('kind', '=', 'authenticator_changed').orderBy('created_at').execute();
    expect(notices.map((n) => /^(A new authenticator app was turned on|An administrator reset)/m.exec(n.text_body.split('\n')[2] ?? '')?.[1])).toEqual(['A new authenticator app was turned on', 'An administrator reset']);
    // No second factor left: the console sign-in is one step again.
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'resetme', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
  });

  it('when an administrator changes the default second factor, then the sign-in asks for that method first; a method the user lacks is refused', async () => {
    const { u, headers } = await adminWithTotp('def');
    await t.app.inject({ method: 'POST', url: '/api/v1/me/mfa/backup-codes', headers });
    const bad = await t.app.inject({ method: 'PUT', url: `/api/v1/organizations/acme/users/${u.id}/mfa/default-method`, headers: acme, payload: { method: 'sms' } });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({ method: 'PUT', url: `/api/v1/organizations/acme/users/${u.id}/mfa/default-method`, headers: acme, payload: { method: 'backup_code' } });
    expect(ok.json()).toMatchObject({ defaultMethod: 'backup_code', methods: ['backup_code', 'otp'] });
    const c = pageClient(t);
    await c.get('/o/acme/login');
    await c.post('/o/acme/login', { login: 'def', password: PASSWORD });
    expect((await c.get('/o/acme/login/second-factor')).body).toContain('Enter one of your backup codes.');
  });
});
