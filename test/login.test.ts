import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';
import { hashPassword } from '../src/lib/passwords.js';

let t: TestApp;
let auth: Record<string, string>;
let userId: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
  userId = (await t.createUser(auth, 'acme', { username: 'eve', email: 'eve@example.com' })).id;
  await t.db.updateTable('users').set({ password_hash: await hashPassword(PASSWORD, t.ctx.argon2), status: 'active' }).where('id', '=', userId).execute();
});
afterAll(() => t.close());

const apiLogin = (login: string, password: string, organization = 'acme') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization, login, password } });

describe('password sign-in', () => {
  it('when the account is unknown or the password wrong, then the answer is exactly the same', async () => {
    const unknown = await apiLogin('nobody', PASSWORD);
    const wrong = await apiLogin('eve', 'wrong password here');
    const noOrg = await apiLogin('eve', PASSWORD, 'no-such-org');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(noOrg.body.replace(/"instance":"[^"]*"/, '')).toBe(wrong.body.replace(/"instance":"[^"]*"/, ''));
    const pageUnknown = await pageClient(t).get('/o/acme/login').then(async () => {
      const c = pageClient(t);
      await c.get('/o/acme/login');
      return c.post('/o/acme/login', { login: 'nobody', password: PASSWORD });
    });
    const c2 = pageClient(t);
    await c2.get('/o/acme/login');
    const pageWrong = await c2.post('/o/acme/login', { login: 'eve', password: 'wrong password here' });
    expect(pageUnknown.statusCode).toBe(pageWrong.statusCode);
    const msg = (html: string) => /id="error">([^<]*)</.exec(html)?.[1];
    expect(msg(pageUnknown.body)).toBe('Wrong username/email or password');
    expect(msg(pageWrong.body)).toBe(msg(pageUnknown.body));
  });

  it('when the user signs in by email or by username, then the dashboard shows who they are', async () => {
    for (const login of ['eve', 'EVE@example.com']) {
      const c = pageClient(t);
      await c.get('/o/acme/login');
      const res = await c.post('/o/acme/login', { login, password: PASSWORD });
      expect(res.statusCode).toBe(303);
      const account = await c.get('/o/acme/account');
      expect(account.body).toContain('<dd id="username">eve</dd>');
    }
  });

  it('when a user is disabled, then their open session ends at once and they cannot sign in', async () => {
    const c = pageClient(t);
    await c.get('/o/acme/login');
    await c.post('/o/acme/login', { login: 'eve', password: PASSWORD });
    expect((await c.get('/o/acme/account')).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${userId}/disable`, headers: auth });
    const after = await c.get('/o/acme/account');
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toBe('/o/acme/login');
    await c.get('/o/acme/login');
    const again = await c.post('/o/acme/login', { login: 'eve', password: PASSWORD });
    expect(again.statusCode).toBe(403);
    expect(again.body).toContain('This account is disabled');
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${userId}/enable`, headers: auth });
    expect((await c.post('/o/acme/login', { login: 'eve', password: PASSWORD })).statusCode).toBe(303);
  });

  it('when sign-in attempts happen, then successes and failures are in the audit log with IP and user agent', async () => {
    await apiLogin('eve', 'another wrong one');
    const res = await t.app.inject({ url: '/api/v1/organizations/acme/audit-events?action=login', headers: auth });
    const actions = res.json().items.map((e: { action: string }) => e.action);
    expect(actions).toContain('login.failed');
    expect(actions).toContain('login.succeeded');
    const failed = res.json().items.find((e: { action: string }) => e.action === 'login.failed');
    expect(failed.ip).toBe('127.0.0.1');
    expect(failed.userAgent).toBe('lightMyRequest');
  });

  it('when a hash was made with older argon2 parameters, then a successful sign-in upgrades it', async () => {
    const old = await hashPassword(PASSWORD, { memoryCost: 2048, timeCost: 1, parallelism: 1 });
    await t.db.updateTable('users').set({ password_hash: old }).where('id', '=', userId).execute();
    const c = pageClient(t);
    await c.get('/o/acme/login');
    expect((await c.post('/o/acme/login', { login: 'eve', password: PASSWORD })).statusCode).toBe(303);
    const row = await t.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  });
});
