import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.js';
import * as mfa from '../src/features/mfa/service.js';
import { totpCode } from '../src/lib/totp.js';
import { pageClient } from './helpers/pages.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let auth: Record<string, string>;
let helpdesk: Record<string, string>;
let otherOrg: Record<string, string>;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false, env: { LOGIN_FAILURE_CAP: '4', LOGIN_MAX_FAILURES: '1000', LOGIN_IP_MAX_FAILURES: '100000' } });
  const created = await t.createOrg('acme');
  auth = created.auth;
  orgId = created.org.id;
  ({ auth: otherOrg } = await t.createOrg('other'));
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: auth, payload: { name: 'desk', privilege: 'helpdesk' } });
  helpdesk = { authorization: `Bearer ${res.json().token}` };
});
afterAll(() => t?.close());

async function activeUser(username: string, privilege?: string) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.test`, ...(privilege && { privilege }) });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  return user;
}

async function signIn(login: string, password = PASSWORD) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  return { c, res: await c.post('/o/acme/login', { login, password }) };
}

const rows = async () => ({
  org: await t.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow(),
});

async function enrollTotp(userId: string) {
  const { org } = await rows();
  const user = await t.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  const enrollment = await mfa.beginTotpEnrollment(t.ctx, org, user);
  const key = enrollment.key.replace(/ /g, '');
  await t.db.transaction().execute((tx) => mfa.confirmTotp(t.ctx, tx, org, user, enrollment.factorId, totpCode(key, t.clock.now()), systemActor()));
  await mfa.generateBackupCodes(t.ctx, org, userId, systemActor());
  return key;
}

const removeIdentity = (userId: string, headers = auth, org = 'acme') => t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${userId}/identity/remove`, headers });
const count = async (table: 'mfa_factors' | 'mfa_backup_codes' | 'recovery_phones' | 'pin_codes' | 'password_history' | 'sessions' | 'devices', column: 'user_id' | 'holder_id', id: string) =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(column, '=', id).executeTakeFirstOrThrow()).n);

describe('remove user identity', () => {
  it('when an administrator removes a user identity, then password and every factor are gone, the user is pending, sessions and paused sign-ins end, and a new invitation works', async () => {
    const user = await activeUser('rhea');
    const key = await enrollTotp(user.id);
    await t.db.insertInto('recovery_phones').values({ organization_id: orgId, user_id: user.id, number: '+41791234567', country: 'CH', consented_at: new Date(), verified_at: new Date() }).execute();
    const pin = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/pin-code`, headers: auth, payload: {} });
    expect(pin.statusCode).toBeLessThan(300);
    // Signed in in one browser; in another the sign-in waits at its second factor.
    t.clock.advance(30_000);
    const signedIn = await signIn('rhea');
    expect(signedIn.res.headers.location).toBe('/o/acme/login/second-factor');
    await signedIn.c.get('/o/acme/login/second-factor');
    expect((await signedIn.c.post('/o/acme/login/second-factor', { method: 'otp', code: totpCode(key, t.clock.now()) })).statusCode).toBe(303);
    expect((await signedIn.c.get('/o/acme/account')).statusCode).toBe(200);
    t.clock.advance(30_000);
    const paused = await signIn('rhea');
    expect(paused.res.headers.location).toBe('/o/acme/login/second-factor');
    await paused.c.get('/o/acme/login/second-factor');

    const res = await removeIdentity(user.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { id: user.id, status: 'pending', type: 'standard', passwordExpiresAt: null },
      removed: { password: true, factors: 1, recoveryPhone: true, pinCode: true, sessions: true },
    });
    expect(res.json().removed.backupCodes).toBeGreaterThan(0);

    for (const table of ['mfa_factors', 'mfa_backup_codes', 'recovery_phones', 'password_history'] as const) expect(await count(table, 'user_id', user.id), table).toBe(0);
    const live = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    expect(live).toEqual([]);
    expect(await count('pin_codes', 'holder_id', user.id)).toBe(0);
    const row = await t.db.selectFrom('users').select(['password_hash', 'status', 'failed_logins']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ password_hash: null, status: 'pending', failed_logins: 0 });

    // The live session ends at its next request; the paused sign-in can't finish; the old password is dead.
    expect((await signedIn.c.get('/o/acme/account')).statusCode).toBe(302);
    const finish = await paused.c.post('/o/acme/login/second-factor', { method: 'otp', code: totpCode(key, t.clock.now()) });
    expect(finish.headers.location ?? '').not.toContain('/o/acme/account');
    expect((await paused.c.get('/o/acme/account')).statusCode).toBe(302);
    expect((await signIn('rhea')).res.statusCode).toBe(401);

    const audit = await t.db.selectFrom('audit_events').selectAll().where('action', '=', 'user.identity_removed').where('target_id', '=', user.id).executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ username: 'rhea', password: true, factors: 1, recoveryPhone: true, pinCode: true });

    // Like a new invitee: invited again, the invitation sets a password and signs in without a second factor.
    const invited = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/invitations`, headers: helpdesk, payload: { shareLink: false } });
    expect(invited.statusCode, invited.body).toBeLessThan(300);
    const message = await t.db.selectFrom('outbox_messages').select('text_body').where('user_id', '=', user.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const link = new URL(/http:\/\/latchkey\.test\/o\/acme\/invitations\/\S+/.exec(message.text_body)![0]);
    const invitee = pageClient(t);
    await invitee.get(link.pathname);
    const accepted = await invitee.post(link.pathname, { password: 'a second life begins today', confirm: 'a second life begins today' });
    expect(accepted.statusCode).toBe(303);
    const again = await signIn('rhea', 'a second life begins today');
    expect(again.res.headers.location).toContain('/o/acme/account');
  });

  it('when someone without the privilege asks, then it is refused and nothing changes: helpdesk, another organization, a higher privilege, oneself, a disabled user', async () => {
    const user = await activeUser('sol');
    expect((await removeIdentity(user.id, helpdesk)).json().code).toBe('auth.forbidden');
    expect((await removeIdentity(user.id, otherOrg)).json().code).toBe('organization.not_found');
    expect((await removeIdentity(user.id, otherOrg, 'other')).json().code).toBe('user.not_found');
    const platform = await activeUser('root', 'org_admin');
    const adminConsole = await t.consoleLogin('acme', 'root');
    expect((await removeIdentity(platform.id, adminConsole)).json().code).toBe('user.cannot_modify_self');
    await t.db.updateTable('users').set({ privilege: 'platform_admin' }).where('id', '=', platform.id).execute();
    expect((await removeIdentity(platform.id)).json().code).toBe('user.privilege_too_high');
    const off = await activeUser('off');
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${off.id}/disable`, headers: auth });
    expect((await removeIdentity(off.id)).json().code).toBe('user.identity_not_removable');
    expect((await t.db.selectFrom('users').select('status').where('id', '=', user.id).executeTakeFirstOrThrow()).status).toBe('active');
    expect((await signIn('sol')).res.statusCode).toBe(303);
  });
});

describe('delete and disable', () => {
  it('when a user is deleted, then credentials, sessions, devices and factors go with them and the audit keeps the record', async () => {
    const user = await activeUser('tess');
    await enrollTotp(user.id);
    const browser = await signIn('tess');
    expect(browser.res.headers.location).toBe('/o/acme/login/second-factor');
    await t.db.insertInto('recovery_phones').values({ organization_id: orgId, user_id: user.id, number: '+41791234568', country: 'CH', consented_at: new Date(), verified_at: new Date() }).execute();
    // A remembered device, as a sign-in registers one.
    const other = await activeUser('tess-device');
    const device = await signIn('tess-device');
    expect((await device.c.get('/o/acme/account')).statusCode).toBe(200);
    expect(await count('devices', 'user_id', other.id)).toBeGreaterThan(0);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}`, headers: helpdesk })).json().code).toBe('auth.forbidden');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}`, headers: otherOrg })).json().code).toBe('organization.not_found');
    for (const id of [user.id, other.id]) expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${id}`, headers: auth })).statusCode).toBe(204);

    for (const table of ['mfa_factors', 'mfa_backup_codes', 'recovery_phones', 'password_history', 'sessions', 'devices'] as const) {
      expect(await count(table, 'user_id', user.id), table).toBe(0);
      expect(await count(table, 'user_id', other.id), table).toBe(0);
    }
    expect((await device.c.get('/o/acme/account')).statusCode).toBe(302);
    const kept = await t.db.selectFrom('audit_events').select(['action', 'data']).where('target_id', '=', user.id).orderBy('id').execute();
    expect(kept.map((e) => e.action)).toContain('user.created');
    expect(kept.at(-1)).toMatchObject({ action: 'user.deleted', data: { username: 'tess' } });
  });

  it('when a user is disabled, then their live account session and console session stop on their next request', async () => {
    const user = await activeUser('uma', 'helpdesk');
    const page = await signIn('uma');
    expect((await page.c.get('/o/acme/account')).statusCode).toBe(200);
    const api = await t.consoleLogin('acme', 'uma');
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: api })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users?limit=1`, headers: api })).statusCode).toBe(200);

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/disable`, headers: auth })).json().status).toBe('disabled');
    expect((await page.c.get('/o/acme/account')).statusCode).toBe(302);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: api })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users?limit=1`, headers: api })).statusCode).toBe(401);
    expect((await signIn('uma')).res.statusCode).not.toBe(303);
  });
});

describe('users list: locked out now', () => {
  it('when users are at the failure cap, locked, or temporarily locked out, then lockout=now lists exactly them, and only for this organization', async () => {
    const capped = await activeUser('vic');
    const c = pageClient(t);
    await c.get('/o/acme/login');
    for (let i = 0; i < 4; i++) await c.post('/o/acme/login', { login: 'vic', password: 'not the password' });
    const locked = await activeUser('wes');
    await t.db.updateTable('users').set({ status: 'locked' }).where('id', '=', locked.id).execute();
    await activeUser('xena');
    const list = async (query: string, headers = auth, org = 'acme') =>
      (await t.app.inject({ url: `/api/v1/organizations/${org}/users?${query}`, headers })).json();
    const names = (body: { items: { username: string }[] }) => body.items.map((u) => u.username);
    expect(names(await list('lockout=failure_cap'))).toEqual(['vic']);
    expect(names(await list('lockout=now'))).toEqual(['vic', 'wes']);
    // Paged one by one with the cursor, in both directions and another order.
    for (const [query, expected] of [['', ['vic', 'wes']], ['&order=desc', ['wes', 'vic']], ['&sort=created', ['vic', 'wes']]] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`lockout=now&limit=1${query}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...names(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, query).toEqual(expected);
    }
    expect(names(await list('lockout=now', helpdesk))).toEqual(['vic', 'wes']);
    expect((await list('lockout=now&search=w')).items.map((u: { id: string }) => u.id)).toEqual([locked.id]);
    expect(names(await list('lockout=now', otherOrg, 'other'))).toEqual([]);
    expect((await list('lockout=now', otherOrg)).code).toBe('organization.not_found');
    expect((await list('lockout=now')).items.find((u: { id: string }) => u.id === capped.id).lockout).toMatchObject({ reason: 'failure_cap' });
    // Unlocked: off the list.
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${capped.id}/unlock`, headers: auth });
    expect(names(await list('lockout=now'))).toEqual(['wes']);
  });

  it('when the limiter store is PostgreSQL, then a temporary lockout that has not ended is listed, and drops off when it ends', async () => {
    const pgApp = await createTestApp({ worker: false, env: { RATE_LIMIT_STORE: 'postgres', LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_BASE_SECONDS: '60' } });
    try {
      const { auth: a } = await pgApp.createOrg('acme');
      const u = await pgApp.createUser(a, 'acme', { username: 'yuri', email: 'yuri@example.test' });
      await pgApp.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/password`, headers: a, payload: { password: PASSWORD, temporary: false } });
      await pgApp.createUser(a, 'acme', { username: 'zed' });
      const c = pageClient(pgApp);
      await c.get('/o/acme/login');
      for (let i = 0; i < 3; i++) await c.post('/o/acme/login', { login: 'yuri', password: 'not the password' });
      const list = async () => (await pgApp.app.inject({ url: '/api/v1/organizations/acme/users?lockout=now', headers: a })).json().items.map((x: { username: string }) => x.username);
      expect(await list()).toEqual(['yuri']);
      pgApp.clock.advance(61_000);
      expect(await list()).toEqual([]);
    } finally {
      await pgApp.close();
    }
  });
});
