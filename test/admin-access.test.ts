import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let a: Awaited<ReturnType<TestApp['createOrg']>>;
let b: Awaited<ReturnType<TestApp['createOrg']>>;
let bUserId: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  a = await t.createOrg('alpha');
  b = await t.createOrg('beta');
  bUserId = (await t.createUser(b.auth, 'beta', { username: 'bob', email: 'bob@beta.test' })).id;
});
afterAll(() => t.close());

describe('organization isolation', () => {
  it("when an admin of A asks for B's users, organization or user, then every answer is 404 as if B did not exist", async () => {
    for (const url of ['/api/v1/organizations/beta', '/api/v1/organizations/beta/users', `/api/v1/organizations/beta/users/${bUserId}`, '/api/v1/organizations/beta/audit-events']) {
      const res = await t.app.inject({ url, headers: a.auth });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('organization.not_found');
    }
    const missing = await t.app.inject({ url: '/api/v1/organizations/does-not-exist', headers: a.auth });
    expect(missing.json()).toEqual({ ...(await t.app.inject({ url: '/api/v1/organizations/beta', headers: a.auth })).json(), instance: '/api/v1/organizations/does-not-exist' });
  });

  it("when an admin of A tries to change or delete B's user, then nothing changes", async () => {
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/beta/users/${bUserId}`, headers: a.auth, payload: { firstName: 'Mallory' } });
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/beta/users/${bUserId}`, headers: a.auth });
    const disable = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/beta/users/${bUserId}/disable`, headers: a.auth });
    expect([patch.statusCode, del.statusCode, disable.statusCode]).toEqual([404, 404, 404]);
    // A's own path with B's user id: the user is simply not found in A.
    const cross = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/alpha/users/${bUserId}`, headers: a.auth, payload: { firstName: 'Mallory' } });
    expect(cross.statusCode).toBe(404);
    const bob = await t.app.inject({ url: `/api/v1/organizations/beta/users/${bUserId}`, headers: b.auth });
    expect(bob.json()).toMatchObject({ firstName: null, status: 'pending' });
  });

  it('when an org admin lists organizations, then only their own is listed', async () => {
    const res = await t.app.inject({ url: '/api/v1/organizations', headers: a.auth });
    expect(res.json().items.map((o: { slug: string }) => o.slug)).toEqual(['alpha']);
  });

  it('when a platform admin lists organizations, then all are listed and any can be managed', async () => {
    await t.createPlatformAdmin('alpha', 'root@alpha.test');
    const headers = await t.consoleLogin('alpha', 'root@alpha.test');
    const res = await t.app.inject({ url: '/api/v1/organizations', headers });
    expect(res.json().items.map((o: { slug: string }) => o.slug)).toEqual(['alpha', 'beta']);
    const beta = await t.app.inject({ url: '/api/v1/organizations/beta/users', headers });
    expect(beta.json().items.map((u: { username: string }) => u.username)).toEqual(['bob']);
  });
});

describe('privileges', () => {
  it('when a helpdesk token reads users and resends, then it may; when it deletes, creates or edits settings, then it is refused with 403', async () => {
    const helpdesk = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/alpha/api-tokens', headers: a.auth, payload: { name: 'desk', privilege: 'helpdesk' } });
    const headers = { authorization: `Bearer ${helpdesk.json().token}` };
    const victim = await t.createUser(a.auth, 'alpha', { username: 'victim', email: 'victim@alpha.test' });
    expect((await t.app.inject({ url: '/api/v1/organizations/alpha/users', headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/organizations/alpha/users/${victim.id}/invitations`, headers, payload: {} })).statusCode).toBe(201);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/alpha/users/${victim.id}`, headers });
    expect(del.statusCode).toBe(403);
    expect(del.json().code).toBe('auth.forbidden');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/organizations/alpha/users', headers, payload: { username: 'x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/alpha', headers, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/v1/organizations/alpha/users/${victim.id}`, headers: a.auth })).statusCode).toBe(200);
  });

  it('when an org admin tries to create a platform admin or a stronger token, then it is refused', async () => {
    const user = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/alpha/users', headers: a.auth, payload: { username: 'boss', privilege: 'platform_admin' } });
    expect(user.statusCode).toBe(403);
    expect(user.json().code).toBe('user.privilege_too_high');
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/alpha/api-tokens', headers: a.auth, payload: { name: 'x', privilege: 'platform_admin' } });
    expect(token.statusCode).toBe(403);
  });

  it('when an org admin tries to create an organization, then it is refused', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations', headers: a.auth, payload: { slug: 'gamma', name: 'Gamma' } });
    expect(res.statusCode).toBe(403);
  });

  it('when any API operation is called without credentials, then it is refused with 401 (only the console sign-in and its second step are public)', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId?: string }>> };
    const called: string[] = [];
    const answered: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/') && !path.startsWith('/t/')) continue;
      for (const [method, op] of Object.entries(item)) {
        // The second step of a sign-in is proved by the flow cookie of the first (test/mfa-api.test.ts).
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || ['auth.login', 'auth.secondFactor', 'auth.secondFactorSms'].includes(op.operationId ?? '')) continue;
        const route = `${method.toUpperCase()} ${path}`;
        called.push(route);
        // Real names where a path wants them: authentication must come before any lookup.
        const url = path.replace(/\{[^}]+\}/g, (p) => (p === '{org}' ? 'alpha' : bUserId));
        const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url, ...(method !== 'get' && method !== 'delete' && { payload: {} }) });
        if (res.statusCode !== 401) answered.push(`${route}: ${res.statusCode}`);
      }
    }
    expect(called.length).toBeGreaterThan(30);
    expect(answered).toEqual([]);
  });

  it('when there are no credentials or a revoked token, then 401', async () => {
    expect((await t.app.inject({ url: '/api/v1/organizations/alpha/users' })).statusCode).toBe(401);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/alpha/api-tokens', headers: a.auth, payload: { name: 'temp' } });
    const headers = { authorization: `Bearer ${created.json().token}` };
    expect((await t.app.inject({ url: '/api/v1/organizations/alpha/users', headers })).statusCode).toBe(200);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/alpha/api-tokens/${created.json().id}`, headers: a.auth });
    const after = await t.app.inject({ url: '/api/v1/organizations/alpha/users', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.required');
  });

  it('when an API token is created, then it is shown once and only a hash is stored', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/alpha/api-tokens', headers: a.auth, payload: { name: 'ci' } });
    const token: string = created.json().token;
    expect(token).toMatch(/^lk_[A-Za-z0-9_-]{43}$/);
    const rows = await t.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token.slice(3));
    const list = await t.app.inject({ url: '/api/v1/organizations/alpha/api-tokens', headers: a.auth });
    expect(list.body).not.toContain(token);
    expect(list.json().items.find((i: { name: string }) => i.name === 'ci').prefix).toBe(token.slice(0, 9));
  });
});

describe('console session', () => {
  it('when a console request changes state without the CSRF token, then it is refused; with it, it works', async () => {
    await t.createPlatformAdmin('beta', 'root@beta.test');
    const { cookie, 'x-csrf-token': csrf } = await t.consoleLogin('beta', 'root@beta.test');
    const body = { username: 'csrf-test', email: 'c@beta.test' };
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/beta/users', headers: { cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('auth.csrf');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/beta/users', headers: { cookie, 'x-csrf-token': 'nope' }, payload: body });
    expect(wrong.statusCode).toBe(403);
    const withToken = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/beta/users', headers: { cookie, 'x-csrf-token': csrf }, payload: body });
    expect(withToken.statusCode).toBe(201);
    // Reads need no CSRF token.
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).json()).toMatchObject({ via: 'console', csrfToken: csrf });
  });

  it('when the session cookie is set, then it is HttpOnly and SameSite=Lax; after sign-out it no longer works', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'beta', login: 'root@beta.test', password: PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'lk_console')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const headers = { cookie: `lk_console=${cookie.value}`, 'x-csrf-token': res.json().csrfToken };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('when a plain user signs in to the console, then they are refused', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'beta', login: 'bob', password: PASSWORD } });
    expect(res.statusCode).toBe(401); // bob has no password yet: same as wrong credentials
  });
});

describe('no escalation through lower privileges', () => {
  it("when a helpdesk tries to resend an administrator's invitation, then it is refused, and the outbox never shows it the admin's link", async () => {
    const desk = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/alpha/api-tokens', headers: a.auth, payload: { name: 'desk2', privilege: 'helpdesk' } });
    const headers = { authorization: `Bearer ${desk.json().token}` };
    const boss = await t.createUser(a.auth, 'alpha', { username: 'pending-boss', email: 'boss@alpha.test', privilege: 'org_admin', invite: true });
    const resend = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/alpha/users/${boss.id}/invitations`, headers, payload: {} });
    expect(resend.statusCode).toBe(403);
    expect(resend.json().code).toBe('user.privilege_too_high');
    // The message is still queued (no worker here); in any state a helpdesk sees it masked.
    const outbox = (await t.app.inject({ url: '/api/v1/organizations/alpha/outbox', headers })).json();
    const mail = outbox.items.find((m: { recipient: string }) => m.recipient === 'boss@alpha.test');
    expect(mail.textBody).toContain('/o/alpha/invitations/••••••');
    expect(mail.htmlBody).not.toMatch(/invitations\/[A-Za-z0-9_-]{43}/);
  });

  it('when an org admin lists or revokes API tokens, then stronger tokens are invisible and untouchable', async () => {
    await t.createPlatformAdmin('alpha', 'root2@alpha.test');
    const root = await t.consoleLogin('alpha', 'root2@alpha.test');
    const strong = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/alpha/api-tokens', headers: root, payload: { name: 'root-token', privilege: 'platform_admin' } });
    const list = (await t.app.inject({ url: '/api/v1/organizations/alpha/api-tokens', headers: a.auth })).json();
    expect(list.items.map((i: { name: string }) => i.name)).not.toContain('root-token');
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/alpha/api-tokens/${strong.json().id}`, headers: a.auth });
    expect(revoke.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/organizations', headers: { authorization: `Bearer ${strong.json().token}` } })).statusCode).toBe(200);
  });

  it("when a user who created tokens is disabled or demoted, then their tokens above their new standing stop working", async () => {
    const maker = await t.createUser(a.auth, 'alpha', { username: 'maker', email: 'maker@alpha.test', privilege: 'org_admin' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/alpha/users/${maker.id}/password`, headers: a.auth, payload: { password: PASSWORD, temporary: false } });
    const session = await t.consoleLogin('alpha', 'maker');
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/alpha/api-tokens', headers: session, payload: { name: 'makers', privilege: 'org_admin' } });
    const token = { authorization: `Bearer ${made.json().token}` };
    expect((await t.app.inject({ url: '/api/v1/organizations/alpha/users', headers: token })).statusCode).toBe(200);
    const demote = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/alpha/users/${maker.id}`, headers: a.auth, payload: { privilege: 'helpdesk' } });
    expect(demote.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/organizations/alpha/users', headers: token })).statusCode).toBe(401);
    const audit = (await t.app.inject({ url: `/api/v1/organizations/alpha/audit-events?action=user.updated&targetId=${maker.id}`, headers: a.auth })).json();
    expect(audit.items[0].data.privilege).toEqual({ from: 'org_admin', to: 'helpdesk' });
  });
});

describe('bad input never becomes a server error', () => {
  it.each([
    ['a NUL in a search', 'GET', '/api/v1/organizations/alpha/users?search=a%00b', undefined],
    ['a NUL in a name', 'POST', '/api/v1/organizations/alpha/users', { username: 'nul', firstName: 'a\u0000b' }],
    ['a forged cursor', 'GET', `/api/v1/organizations/alpha/users?cursor=${Buffer.from(JSON.stringify(['a', '-'.repeat(36)])).toString('base64url')}`, undefined],
    ['a huge audit cursor', 'GET', '/api/v1/organizations/alpha/audit-events?cursor=9999999999999999999', undefined],
    ['a leap-second date', 'GET', '/api/v1/organizations/alpha/audit-events?since=2016-12-31T23:59:60Z', undefined],
  ])('when the request has %s, then the answer is a 4xx problem', async (_what, method, url, payload) => {
    const res = await t.app.inject({ method: method as 'GET', url, headers: a.auth, ...(payload && { payload }) });
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('when the console sign-in is posted as a form (a cross-site form could), then it is refused', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `organization=beta&login=root%40beta.test&password=${encodeURIComponent(PASSWORD)}`,
    });
    expect(res.statusCode).toBe(415);
    expect(res.cookies.find((c) => c.name === 'lk_console')).toBeUndefined();
  });
});
