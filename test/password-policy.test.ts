import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';

let t: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(() => t.close());

const settings = (patch: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: patch } });
const reset = (id: string, password: string, temporary = true) =>
  t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${id}/password`, headers: auth, payload: { password, temporary } });

/** Signs in with a temporary password and tries new passwords on the forced-change page. */
async function forcedChange(username: string, temp: string) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  const res = await c.post('/o/acme/login', { login: username, password: temp });
  expect(res.headers.location).toBe('/o/acme/password');
  await c.get('/o/acme/password');
  return (password: string) => c.post('/o/acme/password', { password, confirm: password });
}

const errorOf = (html: string) => /id="error">([^<]*)</.exec(html)?.[1];

describe('password policy', () => {
  it.each([
    ['too short', 'short one', 'password.too_short', 'minLength'],
    ['common', 'passwordpassword', 'password.common', 'blocklist'],
    ['containing the username', 'I am policy-pat forever', 'password.contains_identity', 'identity'],
    ['too long', 'x'.repeat(129), 'password.too_long', 'maxLength'],
  ])('when an admin sets a password that is %s, then the API names the failed rule', async (_what, password, code, rule) => {
    const user = await t.createUser(auth, 'acme', { username: `policy-pat-${rule}`.replace('-identity', ''), email: `${rule}@example.com` });
    const res = await reset(user.id, password);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code, rule });
  });

  it('when a user picks a common password on the page, then the page says why', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'commoner', email: 'commoner@example.com' });
    await reset(user.id, 'Temp pass for commoner 1'.replace('commoner', 'x'));
    const tryPassword = await forcedChange('commoner', 'Temp pass for x 1');
    const res = await tryPassword('1qaz2wsx3edc4rfv');
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body)).toContain('too common');
  });

  it('when history is on, then none of the last N passwords can be chosen again', async () => {
    await settings({ passwordPolicy: { historyCount: 3 } });
    const user = await t.createUser(auth, 'acme', { username: 'historian', email: 'historian@example.com' });
    const passwords = ['first good passphrase', 'second good passphrase', 'third good passphrase'];
    for (const [i, p] of passwords.entries()) {
      await reset(user.id, `temporary number ${i} ok`);
      expect((await (await forcedChange('historian', `temporary number ${i} ok`))(p)).statusCode).toBe(303);
    }
    await reset(user.id, 'temporary number 9 ok');
    const tryPassword = await forcedChange('historian', 'temporary number 9 ok');
    const reused = await tryPassword('first good passphrase');
    expect(reused.statusCode).toBe(400);
    expect(errorOf(reused.body)).toContain('last 3 passwords');
    expect((await tryPassword('a completely new passphrase')).statusCode).toBe(303);
    await settings({ passwordPolicy: { historyCount: 0 } });
  });

  it('when the password is older than the maximum age, then sign-in requires a new one first', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'aging', email: 'aging@example.com' });
    await reset(user.id, PASSWORD, false);
    await settings({ passwordPolicy: { maxAgeDays: 30 } });
    const c = pageClient(t);
    await c.get('/o/acme/login');
    expect((await c.post('/o/acme/login', { login: 'aging', password: PASSWORD })).headers.location).toBe('/o/acme/account');
    t.clock.advance(31 * 24 * 3600_000);
    const c2 = pageClient(t);
    await c2.get('/o/acme/login');
    expect((await c2.post('/o/acme/login', { login: 'aging', password: PASSWORD })).headers.location).toBe('/o/acme/password');
    await c2.get('/o/acme/password');
    expect((await c2.post('/o/acme/password', { password: 'a fresh new passphrase', confirm: 'a fresh new passphrase' })).statusCode).toBe(303);
    await settings({ passwordPolicy: { maxAgeDays: 0 } });
  });

  it('when an admin sets a password expiry date for a user, then after it the user must change the password', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'dated', email: 'dated@example.com' });
    await reset(user.id, PASSWORD, false);
    const when = new Date(t.clock.now().getTime() + 24 * 3600_000).toISOString();
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/acme/users/${user.id}`, headers: auth, payload: { passwordExpiresAt: when } })).statusCode).toBe(200);
    t.clock.advance(2 * 24 * 3600_000);
    const c = pageClient(t);
    await c.get('/o/acme/login');
    expect((await c.post('/o/acme/login', { login: 'dated', password: PASSWORD })).headers.location).toBe('/o/acme/password');
  });

  it('when the console sign-in needs a password change, then it is refused with where to change it', async () => {
    const admin = await t.createUser(auth, 'acme', { username: 'helper-admin', email: 'ha@example.com', privilege: 'helpdesk' });
    await reset(admin.id, 'Temporary for helper 1');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'helper-admin', password: 'Temporary for helper 1' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'password.change_required', changeUrl: 'http://latchkey.test/o/acme/login' });
  });

  it('when the policy settings are out of range, then they are refused', async () => {
    expect((await settings({ passwordPolicy: { minLength: 7 } })).statusCode).toBe(400);
    expect((await settings({ passwordPolicy: { maxLength: 63 } })).statusCode).toBe(400);
    expect((await settings({ passwordPolicy: { historyCount: 25 } })).statusCode).toBe(400);
    const org = (await t.app.inject({ url: '/api/v1/organizations/acme', headers: auth })).json();
    expect(org.settings.passwordPolicy).toEqual({ minLength: 15, maxLength: 128, historyCount: 0, maxAgeDays: 0 });
  });
});
