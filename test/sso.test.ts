import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './helpers/axe.js';
import { launchBrowser, signInToConsole } from './helpers/browser.js';
import { pageClient } from './helpers/pages.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { startUpstreamIdp, type UpstreamIdp } from './helpers/upstream-idp.js';

let t: TestApp;
let idp: UpstreamIdp;
let browser: Browser;
let base: string;
let api: Record<string, string>;
const shots = 'test-results/screenshots';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  // The upstream runs on this machine, which outgoing requests are refused by default.
  t = await createTestApp({ worker: false, env: { OIDC_ALLOW_PRIVATE_ADDRESSES: 'true' } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  await t.createPlatformAdmin('acme', 'admin@acme.test');
  api = await t.consoleLogin('acme', 'admin@acme.test');
  idp = await startUpstreamIdp([`${base}/o/acme/sso/callback`]);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await idp?.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1/organizations/acme${url}`, headers: api, ...(payload && { payload }) });
const ok = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
  const res = await call(method, url, payload);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.statusCode === 204 ? undefined : res.json();
};
const configure = (patch: object = {}) =>
  ok('PATCH', '/sso', { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, displayName: 'Acme Login', matching: 'email', jitCreation: false, ...patch });
const enforce = (on: boolean) => ok('PATCH', '', { settings: { ssoEnforced: on } });

/** A fresh browser: the sign-in page's button, the upstream's login page, back to Latchkey. */
async function signInThroughUpstream(login: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  try {
    await page.goto(`${base}/o/acme/login`);
    await page.getByRole('link', { name: 'Sign in with Acme Login' }).click({ timeout: 5000 });
    await page.waitForURL(`${idp.issuer}/**`, { timeout: 5000 });
    await page.locator('input[name=login]').fill(login, { timeout: 5000 });
    await page.locator('input[name=password]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.waitForURL(`${base}/**`, { timeout: 5000 });
    await page.waitForLoadState();
  } catch (err) {
    throw new Error(`${(err as Error).message}\nat ${page.url()}:\n${(await page.locator('body').innerText()).slice(0, 1000)}`);
  }
  return page;
}

/** axe-core on a copy of the page in a context that lets its script in (the pages' CSP keeps it out). */
async function accessibilityOf(page: Page): Promise<string[]> {
  const copy = await (await browser.newContext({ bypassCSP: true })).newPage();
  await copy.setContent(await page.content());
  return axeViolations(copy);
}

const sessionsOf = (userId: string) => t.db.selectFrom('sessions').select(['methods', 'aal', 'kind']).where('user_id', '=', userId).execute();
const auditOf = (action: string) => t.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('occurred_at', 'desc').execute();

describe('SSO settings over the API', () => {
  it('when an admin saves the upstream provider, then its client secret is encrypted at rest and never in an answer or the audit log', async () => {
    const before = await ok('GET', '/sso');
    expect(before).toMatchObject({ configured: false, clientSecretSet: false, redirectUri: `${base}/o/acme/sso/callback` });
    const saved = await configure();
    expect(saved).toMatchObject({ configured: true, issuer: idp.issuer, clientId: idp.clientId, clientSecretSet: true, displayName: 'Acme Login', matching: 'email', jitCreation: false });
    const read = await call('GET', '/sso');
    for (const body of [JSON.stringify(saved), read.body]) expect(body).not.toContain(idp.clientSecret);
    const row = await t.db.selectFrom('organization_sso').selectAll().executeTakeFirstOrThrow();
    expect(row.encrypted_client_secret!.toString('latin1')).not.toContain(idp.clientSecret);
    const events = await auditOf('organization.sso_updated');
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain(idp.clientSecret);
    expect(events[0]!.data).toMatchObject({ clientSecret: 'changed' });
  });

  it('when the issuer does not answer discovery, or the client id changes without the secret, then the settings are refused with the reason', async () => {
    const wrong = await call('PATCH', '/sso', { issuer: 'http://127.0.0.1:9/nothing', clientSecret: 'x' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('sso.discovery_failed');
    const moved = await call('PATCH', '/sso', { clientId: 'another' });
    expect(moved.json()).toMatchObject({ code: 'sso.settings_invalid', errors: [{ field: 'body/clientSecret' }] });
    const http = await call('PATCH', '/sso', { issuer: 'http://idp.example.com' });
    expect(http.json()).toMatchObject({ code: 'sso.settings_invalid', errors: [{ field: 'body/issuer' }] });
    expect((await ok('GET', '/sso')).clientId).toBe(idp.clientId);
  });

  it('when SSO is enforced, then the provider cannot be removed until enforcement is off', async () => {
    await enforce(true);
    const refused = await call('DELETE', '/sso');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('sso.still_enforced');
    await enforce(false);
  });

  it('when a helpdesk or another organization asks for the settings, then they are refused', async () => {
    const desk = await call('POST', '/api-tokens', { name: 'desk', privilege: 'helpdesk' });
    const deskAuth = { authorization: `Bearer ${desk.json().token}` };
    for (const [method, payload] of [['GET', undefined], ['PATCH', { displayName: 'Hijack' }], ['DELETE', undefined]] as const) {
      const res = await t.app.inject({ method, url: '/api/v1/organizations/acme/sso', headers: deskAuth, ...(payload && { payload }) });
      expect(res.statusCode, `${method} ${res.body}`).toBe(403);
    }
    const stranger = await t.createOrg('umbrella');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/organizations/acme/sso', headers: stranger.auth });
    expect([403, 404]).toContain(res.statusCode);
    expect(res.body).not.toContain(idp.issuer);
  });

  it('when an organization has no provider, then enforcing SSO is refused', async () => {
    const other = await t.createOrg('globex');
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/globex', headers: other.auth, payload: { settings: { ssoEnforced: true } } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('organization.sso_unavailable');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/organizations/globex/sso', headers: other.auth })).json().configured).toBe(false);
  });
});

describe('Sign in with the upstream provider, in a real browser', () => {
  beforeAll(() => configure());
  it('when a user with the verified email exists, then the button signs them in through the upstream, with method sso, and links the upstream account', async () => {
    const user = await t.createUser(api, 'acme', { username: 'alice', email: 'alice@acme.test' });
    idp.accounts.set('alice-upstream', { email: 'Alice@acme.test', email_verified: true });
    const page = await signInThroughUpstream('alice-upstream');
    expect(new URL(page.url()).pathname).toBe('/o/acme/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.screenshot({ path: `${shots}/sso-signed-in.png`, fullPage: true });
    expect(await sessionsOf(user.id)).toEqual([{ methods: ['sso'], aal: 1, kind: 'account' }]);
    const link = await t.db.selectFrom('sso_links').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ issuer: idp.issuer, subject: 'alice-upstream' });
    const signedIn = (await auditOf('login.succeeded')).find((e) => e.target_id === user.id);
    expect(signedIn?.data).toMatchObject({ via: 'sso' });
  });

  it('when the upstream has not verified the email, then a page says so and nobody is signed in', async () => {
    await t.createUser(api, 'acme', { username: 'bob', email: 'bob@acme.test' });
    idp.accounts.set('bob-upstream', { email: 'bob@acme.test', email_verified: false });
    const page = await signInThroughUpstream('bob-upstream');
    await page.getByRole('heading', { name: 'Your email address is not verified' }).waitFor();
    expect(await page.locator('#error').textContent()).toContain('has not verified your email address');
    expect(await page.getByRole('link', { name: 'Go to sign in' }).getAttribute('href')).toBe('/o/acme/login');
    expect(await page.context().cookies()).not.toContainEqual(expect.objectContaining({ name: 'lk_session' }));
  });

  it('when the upstream asserts the verified email of an administrator, then nobody is signed in: the provider its admins choose never proves an administrator', async () => {
    idp.accounts.set('mallory-upstream', { email: 'admin@acme.test', email_verified: true });
    const page = await signInThroughUpstream('mallory-upstream');
    await page.getByRole('heading', { name: 'No account matches your sign-in' }).waitFor();
    expect(await page.context().cookies()).not.toContainEqual(expect.objectContaining({ name: 'lk_session' }));
    const admin = await t.db.selectFrom('users').select('id').where('email', '=', 'admin@acme.test').executeTakeFirstOrThrow();
    expect(await sessionsOf(admin.id)).not.toContainEqual(expect.objectContaining({ methods: ['sso'] }));
    expect((await auditOf('login.refused')).find((e) => e.target_id === admin.id)?.data).toMatchObject({ via: 'sso', reason: 'administrator' });
  });

  it('when no user matches and just-in-time creation is off, then a page says so; when it is on, then a user is created, linked and signed in', async () => {
    idp.accounts.set('carol-upstream', { email: 'carol@acme.test', email_verified: true, preferred_username: 'carol', given_name: 'Carol', family_name: 'Jones' });
    const refused = await signInThroughUpstream('carol-upstream');
    await refused.getByRole('heading', { name: 'No account matches your sign-in' }).waitFor();
    expect(await refused.locator('#error').textContent()).toBe('No account here matches your identity provider account. Ask your administrator to create one for you.');
    await refused.screenshot({ path: `${shots}/sso-no-matching-user.png`, fullPage: true });
    expect(await accessibilityOf(refused)).toEqual([]);
    expect(await t.db.selectFrom('users').select('id').where('username', '=', 'carol').executeTakeFirst()).toBeUndefined();

    await configure({ jitCreation: true });
    const page = await signInThroughUpstream('carol-upstream');
    expect(new URL(page.url()).pathname).toBe('/o/acme/account');
    const carol = await t.db.selectFrom('users').selectAll().where('username', '=', 'carol').executeTakeFirstOrThrow();
    expect(carol).toMatchObject({ email: 'carol@acme.test', first_name: 'Carol', last_name: 'Jones', status: 'active', privilege: 'user', password_hash: null });
    expect((await auditOf('user.created')).find((e) => e.target_id === carol.id)?.data).toMatchObject({ via: 'sso' });
    await configure({ jitCreation: false });
  });

  it('when matching is by subject, then the stored link signs the user in even after the upstream email changed, and an unlinked account is refused', async () => {
    await configure({ matching: 'subject' });
    idp.accounts.set('alice-upstream', { email: 'alice.new@elsewhere.test', email_verified: true });
    const page = await signInThroughUpstream('alice-upstream');
    expect(new URL(page.url()).pathname).toBe('/o/acme/account');
    const alice = await t.db.selectFrom('users').select('id').where('username', '=', 'alice').executeTakeFirstOrThrow();
    expect((await sessionsOf(alice.id)).length).toBe(2);

    // A user with the same verified email but no link is not found by subject matching.
    await t.createUser(api, 'acme', { username: 'dave', email: 'dave@acme.test' });
    idp.accounts.set('dave-upstream', { email: 'dave@acme.test', email_verified: true });
    const refused = await signInThroughUpstream('dave-upstream');
    await refused.getByRole('heading', { name: 'No account matches your sign-in' }).waitFor();
    await configure({ matching: 'email' });
  });

  it('when the person cancels at the upstream, then a page says the identity provider did not sign them in', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/o/acme/login`);
    await page.getByRole('link', { name: 'Sign in with Acme Login' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    await page.waitForURL(`${base}/**`);
    await page.getByRole('heading', { name: "Your organization's identity provider did not sign you in" }).waitFor();
    expect(await page.locator('#error').textContent()).toContain('access_denied');
  });

  it('when the callback comes with another state, or to a browser that never started a sign-in, then a page says to start again', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/o/acme/login`);
    await page.getByRole('link', { name: 'Sign in with Acme Login' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    // This browser started a sign-in; an answer carrying another state is not its own.
    const forged = await page.goto(`${base}/o/acme/sso/callback?code=stolen&state=forged`);
    expect(forged!.status()).toBe(400);
    await page.getByRole('heading', { name: 'This sign-in cannot go on' }).waitFor();
    expect(await page.locator('#error').textContent()).toContain('did not start in this browser');
    const fresh = await (await browser.newContext()).newPage();
    expect((await fresh.goto(`${base}/o/acme/sso/callback?code=x&state=y`))!.status()).toBe(400);
  });

  it('when a matched user is disabled, then the upstream sign-in is refused with the reason', async () => {
    const erin = await t.createUser(api, 'acme', { username: 'erin', email: 'erin@acme.test' });
    await ok('POST', `/users/${erin.id}/disable`);
    idp.accounts.set('erin-upstream', { email: 'erin@acme.test', email_verified: true });
    const page = await signInThroughUpstream('erin-upstream');
    await page.getByRole('heading', { name: 'This account is disabled' }).waitFor();
    expect(await sessionsOf(erin.id)).toEqual([]);
  });
});

describe('The gates of the sign-in flow after the upstream', () => {
  beforeAll(() => configure());

  it('when the organization requires a second factor, then an upstream sign-in pauses at enrolling an authenticator app', async () => {
    await ok('PATCH', '', { settings: { mfa: { policy: 'required' } } });
    try {
      idp.accounts.set('ivan-upstream', { email: 'ivan@acme.test', email_verified: true });
      const ivan = await t.createUser(api, 'acme', { username: 'ivan', email: 'ivan@acme.test' });
      const page = await signInThroughUpstream('ivan-upstream');
      expect(new URL(page.url()).pathname).toBe('/o/acme/login/authenticator');
      expect(await sessionsOf(ivan.id)).toEqual([]);
      const flow = await t.db.selectFrom('login_flows').selectAll().where('user_id', '=', ivan.id).executeTakeFirstOrThrow();
      expect(flow).toMatchObject({ methods: ['sso'], required_actions: ['enroll_authenticator'] });
    } finally {
      await ok('PATCH', '', { settings: { mfa: { policy: 'optional' } } });
    }
  });

  it('when the user is at their device limit, then an upstream sign-in from a new browser is refused with the reason', async () => {
    idp.accounts.set('judy-upstream', { email: 'judy@acme.test', email_verified: true });
    const judy = await t.createUser(api, 'acme', { username: 'judy', email: 'judy@acme.test' });
    await ok('POST', `/users/${judy.id}/device-limit`, { limit: 1 });
    expect(new URL((await signInThroughUpstream('judy-upstream')).url()).pathname).toBe('/o/acme/account');
    const second = await signInThroughUpstream('judy-upstream');
    await second.getByRole('heading', { name: /already used on/ }).waitFor();
    expect((await sessionsOf(judy.id)).length).toBe(1);
  });
});

describe('Enforced SSO', () => {
  let frank: { id: string };
  let henry: { id: string };
  beforeAll(async () => {
    await configure();
    // An organization admin: enforced SSO holds for the console's password sign-in too.
    frank = await t.createUser(api, 'acme', { username: 'frank', email: 'frank@acme.test', privilege: 'org_admin' });
    // Never set a password: an invitation would be the way to one.
    henry = await t.createUser(api, 'acme', { username: 'henry', email: 'henry@acme.test' });
    // A password set before enforcement: it must stop working.
    const set = await call('POST', `/users/${frank.id}/password`, { password: 'Violet staple lantern 93', temporary: false });
    expect(set.statusCode, set.body).toBe(200);
    await ok('PATCH', '', { settings: { login: { pinSignUp: 'all_clients' } } });
    await enforce(true);
  });
  afterAll(() => enforce(false));

  it('when an admin gives a temporary password or an invitation, or a PIN holder signs someone up, then each is refused with the documented reason', async () => {
    const temp = await call('POST', `/users/${frank.id}/password`, { generate: true });
    expect(temp.statusCode).toBe(409);
    expect(temp.json()).toMatchObject({ code: 'organization.sso_enforced' });
    const invite = await call('POST', `/users/${henry.id}/invitations`, {});
    expect(invite.json().code).toBe('organization.sso_enforced');
    const pin = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/pin-sign-ups', payload: { pin: 'ABCDEFGHJK', email: 'new@acme.test', username: 'newbie' } });
    expect(pin.json().code).toBe('organization.sso_enforced');
    const client = pageClient(t);
    const pinPage = await client.get('/o/acme/pin-sign-up');
    expect(pinPage.statusCode).toBe(409);
    expect(pinPage.body).toContain('This organization signs in through SSO only');
    await client.get('/o/acme/login');
    const pinPost = await client.post('/o/acme/pin-sign-up', { pin: 'ABCDEFGHJK', email: 'new@acme.test', username: 'newbie' });
    expect(pinPost.statusCode).toBe(409);
    expect(pinPost.body).toContain('This organization signs in through SSO only');
    const reset = await call('POST', `/users/${frank.id}/password-reset`);
    expect(reset.json().code).toBe('organization.sso_enforced');
  });

  it('when a user signs in with a right password, then the sign-in page refuses with the reason, and the forgot-password page says passwords are reset at the provider', async () => {
    const client = pageClient(t);
    const form = await client.get('/o/acme/login');
    expect(form.body).toContain('Sign in with Acme Login');
    expect(form.body).toContain('signs in with Acme Login only');
    const res = await client.post('/o/acme/login', { login: 'frank', password: 'Violet staple lantern 93' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('This organization signs in through its identity provider only');
    expect(await sessionsOf(frank.id)).toEqual([]);
    const consoleLogin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'frank', password: 'Violet staple lantern 93' } });
    expect(consoleLogin.json().code).toBe('organization.sso_enforced');
    const forgot = await client.get('/o/acme/forgot');
    expect(forgot.statusCode).toBe(409);
    expect(forgot.body).toContain('passwords are reset there, not here');
    const refused = (await auditOf('login.refused')).find((e) => e.target_id === frank.id);
    expect(refused?.data).toMatchObject({ reason: 'sso_enforced' });
  });

  it('when a user signs in through the upstream instead, then they are signed in', async () => {
    const ivy = await t.createUser(api, 'acme', { username: 'ivy', email: 'ivy@acme.test' });
    idp.accounts.set('ivy-upstream', { email: 'ivy@acme.test', email_verified: true });
    const page = await signInThroughUpstream('ivy-upstream');
    expect(new URL(page.url()).pathname).toBe('/o/acme/account');
    expect(await sessionsOf(ivy.id)).toEqual([{ methods: ['sso'], aal: 1, kind: 'account' }]);
  });

  it('when the platform administrator signs in with a password (break-glass), then it works in the browser and the console, and is audited', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/o/acme/login`);
    expect(await accessibilityOf(page)).toEqual([]);
    await page.getByText('Platform administrator sign-in').click();
    await page.getByLabel('Username or email').fill('admin@acme.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${base}/o/acme/account`);
    await page.screenshot({ path: `${shots}/sso-break-glass.png`, fullPage: true });
    await t.consoleLogin('acme', 'admin@acme.test');
    const events = await auditOf('login.break_glass');
    expect(events.map((e) => (e.data as { kind: string }).kind).sort()).toEqual(['account', 'console']);
  });
});

describe('The console section', () => {
  it('when an admin sets up single sign-on on the Organization page, then the secret is kept out of the page and Enforce SSO is offered and saved', async () => {
    await t.createPlatformAdmin('initech', 'admin@initech.test');
    const page = await signInToConsole(browser, base, 'initech', 'admin@initech.test', PASSWORD);
    await page.goto(`${base}/admin/organization`);
    const section = page.getByRole('region', { name: 'Single sign-on' });
    await section.waitFor();
    expect(await page.getByRole('switch', { name: 'Enforce SSO' }).count()).toBe(0);
    expect(await section.getByTestId('sso-redirect-uri').textContent()).toBe(`${base}/o/initech/sso/callback`);
    await section.getByLabel('Issuer URL').fill(idp.issuer);
    await section.getByLabel('Client ID').fill(idp.clientId);
    await section.getByLabel('Client secret').fill(idp.clientSecret);
    await section.getByLabel('Button name').fill('Initech ID');
    await section.getByRole('button', { name: 'Save single sign-on' }).click();
    await section.getByText('A secret is stored; leave empty to keep it').waitFor();
    expect(await page.content()).not.toContain(idp.clientSecret);
    const enforce = page.getByRole('switch', { name: 'Enforce SSO' });
    await enforce.waitFor();
    await enforce.check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved', { exact: false }).first().waitFor();
    await page.screenshot({ path: `${shots}/sso-console.png`, fullPage: true });
    const org = await t.db.selectFrom('organizations').select('settings').where('slug', '=', 'initech').executeTakeFirstOrThrow();
    expect((org.settings as { ssoEnforced?: boolean }).ssoEnforced).toBe(true);
    const login = await pageClient(t).get('/o/initech/login');
    expect(login.body).toContain('Sign in with Initech ID');
  });
});
