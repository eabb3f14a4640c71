import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';
import { FLOW_TTL_MINUTES, MAX_FLOW_ATTEMPTS } from '../src/auth/service.js';

let t: TestApp;
let auth: Record<string, string>;

const TEMP = 'a temporary passphrase 7';
const NEW = 'my own brand new passphrase';

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
  await t.createOrg('other');
});
afterAll(() => t?.close());

/** A user whose password is set by the admin as temporary: the next sign-in must replace it. */
async function userWithTemporaryPassword(username: string) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.com` });
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: TEMP } });
  expect(res.statusCode).toBe(200);
  return user;
}

async function activeUser(username: string, privilege?: string) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.com`, ...(privilege && { privilege }) });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  return user;
}

const flowsOf = (userId: string) => t.db.selectFrom('login_flows').selectAll().where('user_id', '=', userId).execute();
const sessionsOf = (userId: string) => t.db.selectFrom('sessions').select(['kind', 'methods', 'aal']).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();

async function signIn(login: string, password: string, query = '') {
  const c = pageClient(t);
  const form = await c.get(`/o/acme/login${query}`);
  const returnTo = /name="return_to" value="([^"]*)"/.exec(form.body)?.[1];
  const res = await c.post('/o/acme/login', { login, password, ...(returnTo && { return_to: returnTo.replace(/&amp;/g, '&') }) });
  return { c, res, form };
}

describe('a forced password change is a required action of a stored sign-in flow', () => {
  it('when the password must be replaced, then a flow is stored behind a random cookie, no session exists, and replacing it opens one with the password method', async () => {
    const user = await userWithTemporaryPassword('fiona');
    const { c, res } = await signIn('fiona', TEMP);
    expect(res.headers.location).toBe('/o/acme/password');
    const cookie = res.cookies.find((k) => k.name === 'lk_signin')!;
    expect(cookie).toMatchObject({ path: '/o/acme', httpOnly: true, sameSite: 'Lax', maxAge: FLOW_TTL_MINUTES * 60 });
    const [flow] = await flowsOf(user.id);
    expect(flow).toMatchObject({ kind: 'account', step: 'required_action', required_actions: ['change_password'], methods: ['pwd'], aal: 1, attempts: 0, completed_at: null });
    // The database keeps a keyed hash of the handle, never the handle itself.
    expect(flow!.handle_hash.toString('base64url')).not.toBe(cookie.value);
    expect(await sessionsOf(user.id)).toHaveLength(0);

    expect((await c.post('/o/acme/password', { password: NEW, confirm: NEW })).headers.location).toBe('/o/acme/account?notice=password-set');
    expect(await sessionsOf(user.id)).toEqual([{ kind: 'account', methods: ['pwd'], aal: 1 }]);
    const [done] = await flowsOf(user.id);
    expect(done).toMatchObject({ step: 'done', required_actions: [] });
    expect(done!.completed_at).not.toBeNull();
    // The finished flow can't be used again.
    expect((await c.get('/o/acme/password')).headers.location).toBe('/o/acme/login');
  });

  it('when a sign-in completes in one request, then no flow is stored', async () => {
    const user = await activeUser('plain');
    const { res } = await signIn('plain', PASSWORD);
    expect(res.headers.location).toBe('/o/acme/account');
    expect(await flowsOf(user.id)).toHaveLength(0);
    expect(await sessionsOf(user.id)).toEqual([{ kind: 'account', methods: ['pwd'], aal: 1 }]);
  });

  it(`when the browser comes back after ${FLOW_TTL_MINUTES} minutes, then it is sent back to sign in with a message saying why`, async () => {
    const user = await userWithTemporaryPassword('slow');
    const { c } = await signIn('slow', TEMP);
    expect((await c.get('/o/acme/password')).statusCode).toBe(200);
    t.clock.advance(FLOW_TTL_MINUTES * 60_000 + 1000);
    try {
      const late = await c.post('/o/acme/password', { password: NEW, confirm: NEW });
      expect(late.headers.location).toBe('/o/acme/login?notice=flow-expired');
      expect((await c.get(late.headers.location as string)).body).toContain('Your sign-in took too long and has ended. Sign in again.');
    } finally {
      t.clock.advance(-(FLOW_TTL_MINUTES * 60_000 + 1000));
    }
    expect(await sessionsOf(user.id)).toHaveLength(0);
    // Signing in again starts a fresh flow that works.
    const again = await signIn('slow', TEMP);
    expect((await again.c.post('/o/acme/password', { password: NEW, confirm: NEW })).headers.location).toBe('/o/acme/account?notice=password-set');
  });

  it('when two completions of one flow race, then exactly one opens a session and the other is sent back to sign in', async () => {
    const user = await userWithTemporaryPassword('racer');
    const { c } = await signIn('racer', TEMP);
    await c.get('/o/acme/password');
    const answers = await Promise.all([c.post('/o/acme/password', { password: NEW, confirm: NEW }), c.post('/o/acme/password', { password: `${NEW} too`, confirm: `${NEW} too` })]);
    const locations = answers.map((a) => a.headers.location).sort();
    expect(locations).toEqual(['/o/acme/account?notice=password-set', '/o/acme/login?notice=flow-ended']);
    expect(await sessionsOf(user.id)).toHaveLength(1);
    const changed = await t.db.selectFrom('audit_events').select('id').where('target_id', '=', user.id).where('action', '=', 'password.changed').execute();
    expect(changed).toHaveLength(1);
  });

  it('when the handle of a console sign-in is brought to the account pages, then it is not resumed and no session opens', async () => {
    const user = await userWithTemporaryPassword('crosser');
    const { c } = await signIn('crosser', TEMP);
    await t.db.updateTable('login_flows').set({ kind: 'console' }).where('user_id', '=', user.id).execute();
    expect((await c.get('/o/acme/password')).headers.location).toBe('/o/acme/login');
    await c.post('/o/acme/password', { password: NEW, confirm: NEW });
    expect(await sessionsOf(user.id)).toHaveLength(0);
  });

  it(`when ${MAX_FLOW_ATTEMPTS} new passwords are rejected, then the flow ends and the person signs in again`, async () => {
    await userWithTemporaryPassword('picky');
    const { c } = await signIn('picky', TEMP);
    for (let i = 0; i < MAX_FLOW_ATTEMPTS; i++) expect((await c.post('/o/acme/password', { password: 'short', confirm: 'short' })).statusCode).toBe(400);
    const ended = await c.post('/o/acme/password', { password: NEW, confirm: NEW });
    expect(ended.headers.location).toBe('/o/acme/login?notice=flow-ended');
  });
});

describe('return_to', () => {
  it('when sign-in starts with a return address under the organization, then the browser goes there once signed in, also after a required action', async () => {
    await activeUser('tourist');
    const { res, form } = await signIn('tourist', PASSWORD, '?return_to=%2Fo%2Facme%2Faccount%2Fpassword');
    expect(form.body).toContain('name="return_to" value="/o/acme/account/password"');
    expect(res.headers.location).toBe('/o/acme/account/password');

    const user = await userWithTemporaryPassword('tourist-2');
    const paused = await signIn('tourist-2', TEMP, '?return_to=%2Fo%2Facme%2Faccount%2Fpassword');
    expect((await flowsOf(user.id))[0]!.return_to).toBe('/o/acme/account/password');
    expect((await paused.c.post('/o/acme/password', { password: NEW, confirm: NEW })).headers.location).toBe('/o/acme/account/password');
  });

  it('when the return address points elsewhere, then it is ignored and the account page is used', async () => {
    await activeUser('target');
    for (const hostile of ['https://evil.example/', '//evil.example/o/acme/', '/o/acme/\\evil', '/o/other/account', '/o/acme/../other/account']) {
      const { res, form } = await signIn('target', PASSWORD, `?return_to=${encodeURIComponent(hostile)}`);
      expect(form.body).not.toContain('name="return_to"');
      expect(res.headers.location).toBe('/o/acme/account');
    }
    // A crafted form posted straight away is checked the same way.
    const c = pageClient(t);
    await c.get('/o/acme/login');
    const res = await c.post('/o/acme/login', { login: 'target', password: PASSWORD, return_to: 'https://evil.example/' });
    expect(res.headers.location).toBe('/o/acme/account');
  });
});

describe('sessions say how they were opened', () => {
  it('when an administrator signs in to the console, then the sign-in and /auth/me report assurance level 1 by password', async () => {
    await activeUser('boss', 'org_admin');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'boss', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ aal: 1, methods: ['pwd'] });
    const cookie = res.cookies.find((k) => k.name === 'lk_console')!;
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `lk_console=${cookie.value}` } });
    expect(me.json()).toMatchObject({ via: 'console', aal: 1, methods: ['pwd'] });
    const token = await t.app.inject({ url: '/api/v1/auth/me', headers: auth });
    expect(token.json()).toMatchObject({ via: 'api_token', aal: null, methods: [] });
  });

  it('when an administrator whose password must be replaced signs in to the console, then it is refused as before and no flow is stored', async () => {
    const admin = await t.createUser(auth, 'acme', { username: 'boss-temp', email: 'boss-temp@example.com', privilege: 'org_admin' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${admin.id}/password`, headers: auth, payload: { password: TEMP } });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'boss-temp', password: TEMP } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ type: 'urn:latchkey:error:password.change_required', changeUrl: 'http://latchkey.test/o/acme/login' });
    expect(await flowsOf(admin.id)).toHaveLength(0);
  });

  it('when the account page is open, then it says the session was opened with a password and one factor', async () => {
    await activeUser('shown');
    const { c } = await signIn('shown', PASSWORD);
    expect((await c.get('/o/acme/account')).body).toMatch(/id="signed-in-with">Password \(one factor\)</);
  });
});
