import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';
import { waitUntil } from './helpers/wait.js';

let t: TestApp;
let auth: Record<string, string>;
let helpdesk: Record<string, string>;
let otherOrg: Record<string, string>;

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
  helpdesk = (await t.createOrg('acme-desk', 'helpdesk')).auth;
  ({ auth: otherOrg } = await t.createOrg('other'));
  // The helpdesk token above belongs to its own organization; one in acme is made here.
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: auth, payload: { name: 'desk', privilege: 'helpdesk' } });
  helpdesk = { authorization: `Bearer ${res.json().token}` };
});
afterAll(() => t?.close());

async function activeUser(username: string, privilege?: string) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.com`, ...(privilege && { privilege }) });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  return user;
}

/** A browser signed in to the account pages. */
async function browser(login: string) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  expect((await c.post('/o/acme/login', { login, password: PASSWORD })).statusCode).toBe(303);
  return c;
}
const signedIn = async (c: ReturnType<typeof pageClient>) => (await c.get('/o/acme/account')).statusCode === 200;

const sessionsOf = (userId: string, headers = auth) => t.app.inject({ url: `/api/v1/organizations/acme/users/${userId}/sessions`, headers });
const auditActions = async (userId: string) =>
  (await t.db.selectFrom('audit_events').select(['action', 'data', 'actor_type']).where('target_id', '=', userId).orderBy('id').execute()).filter((e) => e.action.startsWith('session.'));

describe('an administrator sees and ends a user’s sessions', () => {
  it('when a user is signed in in two browsers, then sessions.list shows both with device, address, times and assurance', async () => {
    const user = await activeUser('sam');
    const c1 = await browser('sam');
    const c2 = pageClient(t);
    await c2.get('/o/acme/login');
    await t.app.inject({
      method: 'POST',
      url: '/o/acme/login',
      headers: { cookie: c2.cookies, 'user-agent': FIREFOX, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ login: 'sam', password: PASSWORD, _csrf: /lk_form=([^;]+)/.exec(c2.cookies)![1]! }).toString(),
    });
    expect(await signedIn(c1)).toBe(true);
    const res = await sessionsOf(user.id);
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(2);
    expect(items.map((s: { device: string }) => s.device).sort()).toEqual(['Firefox on Linux', 'lightMyRequest']);
    expect(items[0]).toMatchObject({ kind: 'account', ip: '127.0.0.1', aal: 1, methods: ['pwd'], current: false });
    for (const at of ['createdAt', 'lastSeenAt', 'expiresAt']) expect(Math.abs(Date.parse(items[0][at]) - Date.now())).toBeLessThan(at === 'expiresAt' ? 24 * 3600_000 : 60_000);
    // The helpdesk may read them too.
    expect((await sessionsOf(user.id, helpdesk)).json().items).toHaveLength(2);
  });

  it('when one session is revoked, then that browser is signed out at its next request (though it was cached) and the other stays signed in', async () => {
    const user = await activeUser('rita');
    const [a, b] = [await browser('rita'), await browser('rita')];
    expect(t.ctx.caches.active).toBe(true);
    for (const c of [a, b, a, b]) expect(await signedIn(c)).toBe(true); // served from the cache the second time
    const [, older] = (await sessionsOf(user.id)).json().items as { id: string }[];
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}/sessions/${older!.id}`, headers: helpdesk });
    expect(res.statusCode).toBe(204);
    expect(await signedIn(a)).toBe(false);
    expect((await a.get('/o/acme/account')).headers.location).toBe('/o/acme/login');
    expect(await signedIn(b)).toBe(true);
    // Again: the session is gone.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}/sessions/${older!.id}`, headers: auth })).json().code).toBe('session.not_found');
    expect(await auditActions(user.id)).toEqual([{ action: 'session.revoked', actor_type: 'api_token', data: { by: 'admin', sessionId: older!.id, kind: 'account' } }]);
  });

  it('when all sessions are revoked, then every browser is signed out at its next request and the count is audited', async () => {
    const user = await activeUser('ali');
    const browsers = [await browser('ali'), await browser('ali'), await browser('ali')];
    for (const c of browsers) expect(await signedIn(c)).toBe(true);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}/sessions`, headers: auth });
    expect(res.json()).toEqual({ revoked: 3 });
    for (const c of browsers) expect(await signedIn(c)).toBe(false);
    expect((await sessionsOf(user.id)).json().items).toEqual([]);
    expect((await auditActions(user.id)).map((e) => [e.action, e.data])).toEqual([['session.revoked_all', { by: 'admin', count: 3 }]]);
  });

  it('when the caller may not, then sessions are neither listed nor ended: other organizations get not found, a helpdesk can’t end an administrator’s', async () => {
    const user = await activeUser('olga');
    const admin = await activeUser('boss', 'org_admin');
    const c = await browser('olga');
    expect((await sessionsOf(user.id, otherOrg)).json().code).toBe('organization.not_found');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}/sessions`, headers: otherOrg })).statusCode).toBe(404);
    // A user of another organization named through the caller's own organization: not found either.
    const stranger = await t.createUser(otherOrg, 'other', { username: 'stranger' });
    expect((await t.app.inject({ url: `/api/v1/organizations/other/users/${stranger.id}/sessions`, headers: auth })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users/${stranger.id}/sessions`, headers: auth })).json().code).toBe('user.not_found');
    const denied = await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${admin.id}/sessions`, headers: helpdesk });
    expect(denied.json().code).toBe('user.privilege_too_high');
    expect(await signedIn(c)).toBe(true);
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users/${user.id}/sessions` })).statusCode).toBe(401);
  });
});

describe('the person ends their own sessions', () => {
  it('when the account page is opened, then "Your sessions" lists this one and the others, and one or all others can be signed out', async () => {
    await activeUser('nina');
    const [other1, other2] = [await browser('nina'), await browser('nina')];
    const me = await browser('nina');
    const page = await me.get('/o/acme/account');
    expect(page.body).toContain('Your sessions');
    expect(page.body.match(/class="session"/g)).toHaveLength(3);
    expect(page.body).toContain('This session');
    const ids = [...page.body.matchAll(/sessions\/([0-9a-f-]{36})\/revoke/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2); // no "Sign out" button for the session in use

    // Without the form token nothing happens.
    const forged = await t.app.inject({ method: 'POST', url: `/o/acme/account/sessions/${ids[0]}/revoke`, headers: { cookie: me.cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(forged.statusCode).toBe(403);

    const one = await me.post(`/o/acme/account/sessions/${ids[1]}/revoke`, {});
    expect(one.headers.location).toBe('/o/acme/account?notice=session-ended');
    expect((await me.get(one.headers.location as string)).body).toContain('That session is signed out.');
    // ids are newest first: ids[1] is the older of the two other browsers.
    expect([await signedIn(other1), await signedIn(other2)]).toEqual([false, true]);

    expect((await me.post('/o/acme/account/sessions/revoke-others', {})).headers.location).toBe('/o/acme/account?notice=others-signed-out');
    expect(await signedIn(other2)).toBe(false);
    expect(await signedIn(me)).toBe(true);
    expect((await me.get('/o/acme/account')).body).not.toContain('Sign out all other sessions');
  });

  it('when someone else’s session id is posted from the account page, then it is not found and stays signed in', async () => {
    await activeUser('pia');
    const victimUser = await activeUser('vic');
    const victim = await browser('vic');
    const [session] = (await sessionsOf(victimUser.id)).json().items as { id: string }[];
    const me = await browser('pia');
    await me.get('/o/acme/account');
    expect((await me.post(`/o/acme/account/sessions/${session!.id}/revoke`, {})).statusCode).toBe(404);
    expect(await signedIn(victim)).toBe(true);
  });

  it('when a console user calls /api/v1/me/sessions, then they list and end their own; an API token is refused', async () => {
    await activeUser('desk1', 'helpdesk');
    const first = await t.consoleLogin('acme', 'desk1');
    const second = await t.consoleLogin('acme', 'desk1');
    const list = await t.app.inject({ url: '/api/v1/me/sessions', headers: second });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((s: { kind: string; current: boolean }) => [s.kind, s.current])).toEqual([['console', true], ['console', false]]);
    const firstId = list.json().items[1].id;
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: first })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${firstId}`, headers: second })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: first })).statusCode).toBe(401);

    const third = await t.consoleLogin('acme', 'desk1');
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/me/sessions', headers: second })).json()).toEqual({ revoked: 1 });
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: third })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: second })).statusCode).toBe(200);

    const token = await t.app.inject({ url: '/api/v1/me/sessions', headers: auth });
    expect([token.statusCode, token.json().code]).toEqual([403, 'auth.session_required']);
  });
});

describe('a disabled user’s live sessions stop at their next request', () => {
  it('when a user with an account session and a console session is disabled, then both are refused at their next request, though cached', async () => {
    const user = await activeUser('dora', 'helpdesk');
    const page = await browser('dora');
    const consoleHeaders = await t.consoleLogin('acme', 'dora');
    const me = async () => (await t.app.inject({ url: '/api/v1/auth/me', headers: consoleHeaders })).statusCode;
    for (let i = 0; i < 2; i++) {
      expect(await signedIn(page)).toBe(true);
      expect(await me()).toBe(200);
    }
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/disable`, headers: auth })).statusCode).toBe(200);
    expect(await signedIn(page)).toBe(false);
    expect(await me()).toBe(401);
    // Enabling does not bring the ended sessions back.
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/enable`, headers: auth });
    expect(await signedIn(page)).toBe(false);
    expect(await me()).toBe(401);
  });
});

describe('on every node', () => {
  it('when a session is revoked on one node, then the node that cached it refuses it as soon as the invalidation arrives', async () => {
    const second = await createTestApp({ databaseUrl: t.databaseUrl, worker: false });
    try {
      const user = await activeUser('nodey');
      const c = await browser('nodey');
      const onSecond = async () => (await second.app.inject({ url: '/o/acme/account', headers: { cookie: c.cookies } })).statusCode;
      expect(await onSecond()).toBe(200);
      expect(await onSecond()).toBe(200); // cached on the second node
      const [s] = (await sessionsOf(user.id)).json().items as { id: string }[];
      await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}/sessions/${s!.id}`, headers: auth });
      expect(await signedIn(c)).toBe(false); // the node that revoked it: the very next request
      const revokedAt = Date.now();
      await waitUntil(async () => (await onSecond()) === 302, 'revocation seen by the second node', 1000);
      expect(Date.now() - revokedAt).toBeLessThan(1000);
    } finally {
      await second.close();
    }
  });
});
