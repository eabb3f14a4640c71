import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/lib/totp.js';
import { pageClient } from './helpers/pages.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

// Step-up re-authentication: the account's security actions need a session that proved the
// credentials within REAUTHENTICATION_WINDOW_MINUTES (10 by default). An older session is
// sent to re-enter the password (and a second factor when the account has one), then back.

let t: TestApp;
let adminAuth: Record<string, string>;
const WINDOW_MS = 10 * 60_000;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth: adminAuth } = await t.createOrg('acme'));
});
afterAll(() => t?.close());

async function activeUser(username: string, privilege?: string) {
  const user = await t.createUser(adminAuth, 'acme', { username, email: `${username}@example.com`, ...(privilege && { privilege }) });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: adminAuth, payload: { password: PASSWORD, temporary: false } });
  return user;
}

async function signIn(login: string) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  const res = await c.post('/o/acme/login', { login, password: PASSWORD });
  return { c, res };
}

const keyOf = (html: string) => /id="totp-key">([^<]+)</.exec(html)![1]!.replace(/\s/g, '');
const factorIdOf = (html: string) => /name="factor_id" value="([^"]+)"/.exec(html)![1]!;
const reauthUrl = (returnTo: string) => `/o/acme/account/reauthenticate?return_to=${encodeURIComponent(returnTo)}`;

describe('the account security pages ask an old session to re-authenticate', () => {
  it('when a session older than the window opens the authenticator page, then it is sent to re-enter the password; a wrong one is refused, the right one returns to the page, which then works', async () => {
    await activeUser('olga');
    const { c } = await signIn('olga');
    expect((await c.get('/o/acme/account/authenticator')).statusCode).toBe(200);
    t.clock.advance(WINDOW_MS + 1000);
    const sent = await c.get('/o/acme/account/authenticator');
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(reauthUrl('/o/acme/account/authenticator'));
    const page = await c.get(sent.headers.location!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm it is you');
    expect(page.body).not.toContain('name="code"');

    const wrong = await c.post('/o/acme/account/reauthenticate', { password: 'not my password', return_to: '/o/acme/account/authenticator' });
    expect(wrong.statusCode).toBe(401);
    expect((await c.get('/o/acme/account/authenticator')).statusCode).toBe(303);

    const right = await c.post('/o/acme/account/reauthenticate', { password: PASSWORD, return_to: '/o/acme/account/authenticator' });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/o/acme/account/authenticator');
    const enroll = await c.get('/o/acme/account/authenticator');
    expect(enroll.statusCode).toBe(200);
    const done = await c.post('/o/acme/account/authenticator', { factor_id: factorIdOf(enroll.body), code: totpCode(keyOf(enroll.body), t.clock.now()) });
    expect(done.headers.location).toBe('/o/acme/account?notice=authenticator-on');
    const audit = await t.db.selectFrom('audit_events').select(['action', 'data']).where('action', '=', 'session.reauthenticated').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ methods: ['pwd'] });
  });

  it('when the account has an authenticator app, then re-authentication needs its code besides the password, and backup codes can be made after', async () => {
    await activeUser('tess');
    const { c } = await signIn('tess');
    const enroll = await c.get('/o/acme/account/authenticator');
    const key = keyOf(enroll.body);
    await c.post('/o/acme/account/authenticator', { factor_id: factorIdOf(enroll.body), code: totpCode(key, t.clock.now()) });
    t.clock.advance(WINDOW_MS + 1000);

    const sent = await c.post('/o/acme/account/backup-codes', {});
    expect(sent.headers.location).toBe(reauthUrl('/o/acme/account/backup-codes'));
    const page = await c.get(sent.headers.location!);
    expect(page.body).toContain('name="code"');
    expect(page.body).toContain('the code from your authenticator app');
    const passwordOnly = await c.post('/o/acme/account/reauthenticate', { password: PASSWORD, method: 'otp', code: '', return_to: '/o/acme/account/backup-codes' });
    expect(passwordOnly.statusCode).toBe(401);
    const wrongCode = await c.post('/o/acme/account/reauthenticate', { password: PASSWORD, method: 'otp', code: totpCode(key, t.clock.now()) === '000000' ? '111111' : '000000', return_to: '/o/acme/account/backup-codes' });
    expect(wrongCode.statusCode).toBe(401);
    const ok = await c.post('/o/acme/account/reauthenticate', { password: PASSWORD, method: 'otp', code: totpCode(key, t.clock.now()), return_to: '/o/acme/account/backup-codes' });
    expect(ok.headers.location).toBe('/o/acme/account/backup-codes');
    await c.get('/o/acme/account/backup-codes');
    const codes = await c.post('/o/acme/account/backup-codes', {});
    expect(codes.statusCode).toBe(200);
    expect(codes.body).toContain('download=');
    const failed = await t.db.selectFrom('audit_events').select('data').where('action', '=', 'login.failed').execute();
    expect(failed.map((f) => f.data)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'reauthentication', reason: 'wrong_otp' })]));
  });

  it('when an old session posts to any security action, then each sends it to re-authenticate and nothing changes', async () => {
    const user = await activeUser('paul');
    const { c } = await signIn('paul');
    const other = await signIn('paul');
    await c.get('/o/acme/account');
    t.clock.advance(WINDOW_MS + 1000);
    const account = '/o/acme/account';
    const phone = '/o/acme/account/phone';
    const actions: [string, Record<string, string>, string][] = [
      ['/o/acme/account/authenticator/remove', {}, '/o/acme/account/authenticator'],
      ['/o/acme/account/sms', { enable: 'on' }, account],
      ['/o/acme/account/phone', { country: 'US', number: '+12025550143', consent: 'yes' }, phone],
      ['/o/acme/account/phone/verify', { code: '123456' }, phone],
      ['/o/acme/account/phone/remove', {}, phone],
      ['/o/acme/account/sessions/revoke-others', {}, account],
      ['/o/acme/account/devices/00000000-0000-4000-8000-000000000000/forget', {}, account],
    ];
    for (const [url, fields, back] of actions) {
      const res = await c.post(url, fields);
      expect([url, res.statusCode, res.headers.location]).toEqual([url, 303, reauthUrl(back)]);
    }
    expect((await c.get(phone)).headers.location).toBe(reauthUrl(phone));
    // The other session is still open: signing out everywhere else did not happen.
    expect((await other.c.get('/o/acme/account')).statusCode).toBe(200);
    const open = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    expect(open).toHaveLength(2);
  });

  it('when the return address is another site or another organization, then re-authentication goes back to the account page', async () => {
    await activeUser('rita');
    const { c } = await signIn('rita');
    t.clock.advance(WINDOW_MS + 1000);
    await c.get(reauthUrl('/o/acme/account'));
    for (const returnTo of ['https://evil.example/', '//evil.example/o/acme/account', '/o/other/account']) {
      t.clock.advance(WINDOW_MS + 1000);
      const res = await c.post('/o/acme/account/reauthenticate', { password: PASSWORD, return_to: returnTo });
      expect(res.headers.location).toBe('/o/acme/account');
    }
  });
});

describe('the self-service API answers a problem for an old console session', () => {
  it('when an old console session changes its factors or sessions, then it gets auth.reauthentication_required until it re-authenticates', async () => {
    await activeUser('ada', 'org_admin');
    const headers = await t.consoleLogin('acme', 'ada');
    t.clock.advance(WINDOW_MS + 1000);
    for (const [method, url] of [['POST', '/api/v1/me/mfa/totp'], ['POST', '/api/v1/me/mfa/backup-codes'], ['DELETE', '/api/v1/me/sessions'], ['DELETE', '/api/v1/me/recovery-phone']] as const) {
      const res = await t.app.inject({ method, url, headers });
      expect([url, res.statusCode, res.json().code]).toEqual([url, 403, 'auth.reauthentication_required']);
    }
    // Reading stays possible.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers })).statusCode).toBe(200);

    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/me/reauthenticate', headers, payload: { password: 'wrong' } });
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'auth.invalid_credentials']);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/me/reauthenticate', headers, payload: { password: PASSWORD } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/mfa/totp', headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/me/sessions', headers })).statusCode).toBe(200);
  });
});

describe('the window is configurable', () => {
  it('when REAUTHENTICATION_WINDOW_MINUTES is 30, then a 20-minute-old session needs no re-authentication, a 31-minute-old one does', async () => {
    const t2 = await createTestApp({ worker: false, env: { REAUTHENTICATION_WINDOW_MINUTES: '30' } });
    try {
      const { auth } = await t2.createOrg('acme');
      const user = await t2.createUser(auth, 'acme', { username: 'wes', email: 'wes@example.com' });
      await t2.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
      const c = pageClient(t2);
      await c.get('/o/acme/login');
      await c.post('/o/acme/login', { login: 'wes', password: PASSWORD });
      t2.clock.advance(20 * 60_000);
      expect((await c.get('/o/acme/account/authenticator')).statusCode).toBe(200);
      t2.clock.advance(11 * 60_000);
      expect((await c.get('/o/acme/account/authenticator')).headers.location).toBe(reauthUrl('/o/acme/account/authenticator'));
    } finally {
      await t2.close();
    }
  });
});
