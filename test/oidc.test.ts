import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { launchBrowser, signInToConsole } from './helpers/browser.js';
import { startReceiver } from './helpers/http-receiver.js';
import { totpCode } from '../src/lib/totp.js';
import * as mfa from '../src/features/mfa/service.js';
import * as usersService from '../src/features/users/service.js';
import * as oidcService from '../src/features/oidc/service.js';

let t: TestApp;
let browser: Browser;
let base: string;
let auth: Record<string, string>;
let rp: Awaited<ReturnType<typeof startReceiver>>;
let issuer: string;
let orgId: string;
const TEMP = 'Temporary-Passw0rd-42';
const NEW_PASSWORD = 'a brand new long passphrase 7';
const SCOPE = 'openid email profile groups organization offline_access';

async function api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1/organizations/acme/${url}`, headers: auth, ...(payload !== undefined && { payload: payload as object }) });
}

async function registerApp(name: string, clientType: 'confidential' | 'public', more: Record<string, unknown> = {}) {
  const app = (await api('POST', 'apps', { name, url: `${rp.url}/` })).json() as { id: string };
  const res = await api('PUT', `apps/${app.id}/oidc`, { clientType, redirectUris: [`${rp.url}/cb`], postLogoutRedirectUris: [`${rp.url}/bye`], ...more });
  expect(res.statusCode).toBe(200);
  return { id: app.id, secret: res.json().clientSecret as string | undefined };
}

async function user(username: string, opts: { temporary?: boolean; assignTo?: string } = {}) {
  const u = await t.createUser(auth, 'acme', { username, email: `${username}@example.com`, firstName: username[0]!.toUpperCase() + username.slice(1), lastName: 'Tester' });
  await api('POST', `users/${u.id}/password`, { password: opts.temporary ? TEMP : PASSWORD, temporary: opts.temporary ?? false });
  if (opts.assignTo) expect((await api('POST', `apps/${opts.assignTo}/assignments`, { userIds: [u.id] })).statusCode).toBe(200);
  return u;
}

const newPage = async () => (await browser.newContext()).newPage();
const atRp = (path: string) => (u: URL) => u.href.startsWith(`${rp.url}${path}`);

async function signIn(page: Page, login: string, password = PASSWORD) {
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  t = await createTestApp({ worker: false, env: { OIDC_ALLOW_PRIVATE_ADDRESSES: 'true' } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  const created = await t.createOrg('acme');
  auth = created.auth;
  orgId = created.org.id;
  rp = await startReceiver(200);
  issuer = `${base}/o/acme/oidc`;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rp?.close();
  await t?.close();
});

describe('OpenID Connect provider', () => {
  it('when an app signs a person in with a temporary password and a second factor, then it gets tokens with their profile, refreshes with rotation, and logging out ends the Latchkey session', async () => {
    const wiki = await registerApp('Wiki', 'confidential', { backchannelLogoutUri: `${rp.url}/backchannel` });
    expect(wiki.secret).toMatch(/^lks_/);
    // The secret is stored only as a keyed hash.
    const stored = await t.db.selectFrom('oidc_clients').select('secret_hash').where('app_id', '=', wiki.id).executeTakeFirstOrThrow();
    expect(stored.secret_hash?.toString('utf8')).not.toContain(wiki.secret);

    const tina = await user('tina', { assignTo: wiki.id });
    const group = (await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/groups', headers: auth, payload: { name: 'Editors' } })).json();
    await t.app.inject({ method: 'PUT', url: `/api/v1/organizations/acme/groups/${group.id}/members/${tina.id}`, headers: auth });
    // Tina has an authenticator app, and then gets a temporary password.
    const org = (await t.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow());
    const row = (await usersService.findById(t.db, orgId, tina.id))!;
    const enrollment = await mfa.beginTotpEnrollment(t.ctx, org, row);
    const key = enrollment.key.replace(/\s/g, '');
    await mfa.confirmOwnTotp(t.ctx, org, row, enrollment.factorId, totpCode(key, t.clock.now()), { type: 'user', id: tina.id, label: 'tina', organizationId: orgId, privilege: 'user', ip: null, userAgent: null });
    t.clock.advance(30_000);
    await api('POST', `users/${tina.id}/password`, { password: TEMP, temporary: true });

    const config = await client.discovery(new URL(issuer), wiki.id, undefined, client.ClientSecretBasic(wiki.secret!), { execute: [client.allowInsecureRequests] });
    expect(config.serverMetadata().issuer).toBe(issuer);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: `${rp.url}/cb`, scope: SCOPE, state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });

    const page = await newPage();
    await page.goto(url.href);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, 'tina', TEMP);
    await page.getByLabel('Code from your authenticator app').fill(totpCode(key, t.clock.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('Confirm password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(atRp('/cb'));

    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: issuer, sub: tina.id, aud: wiki.id, email: 'tina@example.com', name: 'Tina Tester', preferred_username: 'tina', groups: ['Editors'], organization: 'acme', acr: 'aal2' });
    expect(claims.amr).toEqual(['pwd', 'otp']);
    expect(claims.act).toBeUndefined();
    const info = await client.fetchUserInfo(config, tokens.access_token, tina.id);
    expect(info).toMatchObject({ sub: tina.id, email: 'tina@example.com', groups: ['Editors'], organization: 'acme' });

    // Refresh rotates: the new refresh token works once more, the used one is refused.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    // A replayed refresh token ends the whole grant: the newer one is refused as well.
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

    // The use was recorded for the user's associated apps.
    const apps = (await api('GET', `users/${tina.id}/apps`)).json().items;
    expect(apps).toMatchObject([{ app: { name: 'Wiki' }, assigned: true }]);
    expect(apps[0].uses).toBeGreaterThanOrEqual(1);

    // RP-initiated logout: confirmed on the provider's page, back to the app, Latchkey session ended.
    // Signed in already: the next authorization goes straight back to the app.
    const state2 = client.randomState();
    const verifier2 = client.randomPKCECodeVerifier();
    await page.goto(client.buildAuthorizationUrl(config, { redirect_uri: `${rp.url}/cb`, scope: SCOPE, state: state2, code_challenge: await client.calculatePKCECodeChallenge(verifier2), code_challenge_method: 'S256' }).href);
    await page.waitForURL(atRp('/cb'));
    const again = await client.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier2, expectedState: state2 });
    expect(again.claims()).toMatchObject({ sub: tina.id, acr: 'aal2' });
    await page.goto(client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${rp.url}/bye` }).href);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(atRp('/bye'));
    // Back-channel logout: the app's server is told too, with a signed logout token.
    const logout = rp.received.find((r) => r.url === '/backchannel');
    expect(logout?.method).toBe('POST');
    const logoutToken = JSON.parse(Buffer.from(new URLSearchParams(logout!.body).get('logout_token')!.split('.')[1]!, 'base64url').toString());
    expect(logoutToken).toMatchObject({ iss: issuer, aud: wiki.id, sub: tina.id, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } });
    await page.goto(`${base}/o/acme/account`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const live = await t.db.selectFrom('sessions').select('id').where('user_id', '=', tina.id).where('revoked_at', 'is', null).execute();
    expect(live).toEqual([]);
    await expect(client.refreshTokenGrant(config, again.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  }, 60_000);

  it('when a public client asks for a code without PKCE, then it is refused; with S256 (oauth4webapi as the client) it signs in', async () => {
    const spa = await registerApp('Board', 'public');
    expect(spa.secret).toBeUndefined();
    const paul = await user('paul', { assignTo: spa.id });
    const page = await newPage();

    const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer), { algorithm: 'oidc', [oauth.allowInsecureRequests]: true }));
    const withoutPkce = new URL(as.authorization_endpoint!);
    withoutPkce.search = new URLSearchParams({ client_id: spa.id, redirect_uri: `${rp.url}/cb`, response_type: 'code', scope: 'openid' }).toString();
    await page.goto(withoutPkce.href);
    await page.waitForURL(atRp('/cb'));
    expect(new URL(page.url()).searchParams.get('error')).toBe('invalid_request');
    expect(new URL(page.url()).searchParams.get('error_description')).toMatch(/PKCE/);

    const verifier = oauth.generateRandomCodeVerifier();
    const nonce = oauth.generateRandomNonce();
    const authorize = new URL(as.authorization_endpoint!);
    authorize.search = new URLSearchParams({
      client_id: spa.id,
      redirect_uri: `${rp.url}/cb`,
      response_type: 'code',
      scope: 'openid email',
      nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    await page.goto(authorize.href);
    await signIn(page, 'paul');
    await page.waitForURL(atRp('/cb'));

    const c: oauth.Client = { client_id: spa.id };
    const params = oauth.validateAuthResponse(as, c, new URL(page.url()));
    const res = await oauth.authorizationCodeGrantRequest(as, c, oauth.None(), params, `${rp.url}/cb`, verifier, { [oauth.allowInsecureRequests]: true });
    const result = await oauth.processAuthorizationCodeResponse(as, c, res, { expectedNonce: nonce, requireIdToken: true });
    expect(oauth.getValidatedIdTokenClaims(result)).toMatchObject({ iss: issuer, aud: spa.id, email: 'paul@example.com', acr: 'aal1', amr: ['pwd'] });

    // prompt=login: signed in already, the person still proves themself again.
    authorize.searchParams.set('prompt', 'login');
    await page.goto(authorize.href);
    await signIn(page, 'paul');
    await page.waitForURL(atRp('/cb'));
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();

    // An administrator ends the person's sessions: the app's refresh token stops working.
    expect((await api('DELETE', `users/${paul.id}/sessions`)).statusCode).toBe(200);
    const refresh = await oauth.refreshTokenGrantRequest(as, c, oauth.None(), result.refresh_token!, { [oauth.allowInsecureRequests]: true });
    await expect(oauth.processRefreshTokenResponse(as, c, refresh)).rejects.toMatchObject({ error: 'invalid_grant' });
  }, 60_000);

  it('when a person the app is not assigned to signs in to it, then they see that they have no access and the app gets no code', async () => {
    const hr = await registerApp('HR', 'confidential');
    await user('ursula');
    const page = await newPage();
    const config = await client.discovery(new URL(issuer), hr.id, undefined, client.ClientSecretBasic(hr.secret!), { execute: [client.allowInsecureRequests] });
    await page.goto(client.buildAuthorizationUrl(config, { redirect_uri: `${rp.url}/cb`, scope: 'openid', state: client.randomState() }).href);
    await signIn(page, 'ursula');
    await page.getByText("You don't have access to HR").waitFor();
    expect(page.url()).toContain('/o/acme/oidc/interaction/');
    expect(rp.received.some((r) => r.url.includes('code=') && r.url.includes(hr.id))).toBe(false);
    const refused = await t.db.selectFrom('audit_events').select(['action', 'actor_label']).where('target_id', '=', hr.id).where('action', '=', 'app.access_refused').execute();
    expect(refused).toEqual([{ action: 'app.access_refused', actor_label: 'ursula' }]);
  }, 60_000);

  it('when a user is disabled, then their refresh token is refused; a wrong secret and a wrong redirect address are refused too', async () => {
    const crm = await registerApp('CRM', 'confidential');
    const dora = await user('dora', { assignTo: crm.id });
    const config = await client.discovery(new URL(issuer), crm.id, undefined, client.ClientSecretBasic(crm.secret!), { execute: [client.allowInsecureRequests] });
    const page = await newPage();

    // A redirect address that is not registered: an error page, the browser never leaves.
    await page.goto(client.buildAuthorizationUrl(config, { redirect_uri: 'https://evil.example/cb', scope: 'openid' }).href);
    await page.getByText(/redirect_uri did not match/).waitFor();
    expect(page.url().startsWith(base)).toBe(true);

    const state = client.randomState();
    const verifier = client.randomPKCECodeVerifier();
    await page.goto(client.buildAuthorizationUrl(config, { redirect_uri: `${rp.url}/cb`, scope: SCOPE, state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).href);
    await signIn(page, 'dora');
    await page.waitForURL(atRp('/cb'));
    const callback = new URL(page.url());

    const wrongSecret = await client.discovery(new URL(issuer), crm.id, undefined, client.ClientSecretBasic('lks_not-the-secret'), { execute: [client.allowInsecureRequests] });
    await expect(client.authorizationCodeGrant(wrongSecret, callback, { pkceCodeVerifier: verifier, expectedState: state })).rejects.toMatchObject({ status: 401, cause: [{ parameters: { error: 'invalid_client' } }] });

    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect((await api('POST', `users/${dora.id}/disable`)).statusCode).toBe(200);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  }, 60_000);

  it('when a client asks for two factors of a person signed in with one, then they sign in again and are asked their second factor', async () => {
    const payroll = await registerApp('Payroll', 'confidential');
    const sam = await user('sam', { assignTo: payroll.id });
    const page = await newPage();
    await page.goto(`${base}/o/acme/login`);
    await signIn(page, 'sam');
    await page.waitForURL(/\/o\/acme\/account/);
    // An authenticator app is added after that one-factor sign-in.
    const org = await t.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
    const row = (await usersService.findById(t.db, orgId, sam.id))!;
    const enrollment = await mfa.beginTotpEnrollment(t.ctx, org, row);
    const key = enrollment.key.replace(/\s/g, '');
    await mfa.confirmOwnTotp(t.ctx, org, row, enrollment.factorId, totpCode(key, t.clock.now()), { type: 'user', id: sam.id, label: 'sam', organizationId: orgId, privilege: 'user', ip: null, userAgent: null });
    t.clock.advance(30_000);

    const config = await client.discovery(new URL(issuer), payroll.id, undefined, client.ClientSecretBasic(payroll.secret!), { execute: [client.allowInsecureRequests] });
    const state = client.randomState();
    await page.goto(client.buildAuthorizationUrl(config, { redirect_uri: `${rp.url}/cb`, scope: 'openid', acr_values: 'aal2', state }).href);
    await signIn(page, 'sam');
    await page.getByLabel('Code from your authenticator app').fill(totpCode(key, t.clock.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(atRp('/cb'));
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), { expectedState: state });
    expect(tokens.claims()).toMatchObject({ sub: sam.id, acr: 'aal2', amr: ['pwd', 'otp'] });
  }, 60_000);

  it('when a client asks for two factors and the account has only a password, then the sign-in ends with unmet_authentication_requirements', async () => {
    const vault = await registerApp('Vault', 'confidential');
    await user('vera', { assignTo: vault.id });
    const config = await client.discovery(new URL(issuer), vault.id, undefined, client.ClientSecretBasic(vault.secret!), { execute: [client.allowInsecureRequests] });
    const page = await newPage();
    await page.goto(client.buildAuthorizationUrl(config, { redirect_uri: `${rp.url}/cb`, scope: 'openid', acr_values: 'aal2', state: 's' }).href);
    await signIn(page, 'vera');
    await page.waitForURL(atRp('/cb'));
    expect(new URL(page.url()).searchParams.get('error')).toBe('unmet_authentication_requirements');
  }, 60_000);

  it('when an administrator turns on sign-in for an app in the console, then the secret is shown once and authenticates the app', async () => {
    await t.createPlatformAdmin('acme', 'admin@acme.test');
    await api('POST', 'apps', { name: 'Tracker', url: `${rp.url}/` });
    const page = await signInToConsole(browser, base, 'acme', 'admin@acme.test', PASSWORD);
    await page.getByRole('link', { name: 'Apps' }).click();
    await page.getByRole('button', { name: 'Sign-in settings of Tracker' }).click();
    await page.getByText("This app doesn't sign people in through Latchkey yet").waitFor();
    await page.getByLabel('Redirect addresses').fill(`${rp.url}/cb`);
    await page.getByRole('button', { name: 'Turn on sign-in' }).click();
    const secret = (await page.getByLabel('Client secret', { exact: true }).textContent())!;
    expect(secret).toMatch(/^lks_/);
    const clientId = (await page.getByLabel('Client id', { exact: true }).textContent())!;
    const config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(secret), { execute: [client.allowInsecureRequests] });
    await client.tokenRevocation(config, 'not-a-token');
    // Closed and opened again: the secret is not shown any more.
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Sign-in settings of Tracker' }).click();
    await page.getByText('Secret issued').waitFor();
    expect(await page.getByLabel('Client secret', { exact: true }).count()).toBe(0);
  }, 60_000);

  it('when the signing keys are rotated, then the next key (published in advance) signs and the old one stays published', async () => {
    const jwks = async () => (await t.app.inject({ method: 'GET', url: '/o/acme/oidc/jwks' })).json().keys.map((k: { kid: string }) => k.kid) as string[];
    const before = await jwks();
    expect(before).toHaveLength(2);
    const rotated = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/oidc/keys/rotate', headers: auth });
    expect(rotated.statusCode).toBe(200);
    const { activeKid, nextKid } = rotated.json();
    expect(activeKid).toBe(before[1]);
    const after = await jwks();
    expect(after).toEqual([activeKid, nextKid, before[0]]);
    // The private halves never leave: the published keys are public.
    const published = (await t.app.inject({ method: 'GET', url: '/o/acme/oidc/jwks' })).json().keys;
    expect(published.every((k: Record<string, unknown>) => k.d === undefined)).toBe(true);
    const stored = await t.db.selectFrom('oidc_signing_keys').select('private_jwk').where('organization_id', '=', orgId).execute();
    expect(stored.every((k) => !k.private_jwk.toString('utf8').includes('"d"'))).toBe(true);
  });
  it('when an administrator impersonates a user and opens an app, then the tokens carry the administrator as act, signed with the key now active', async () => {
    const desk = await registerApp('Helpdesk', 'confidential');
    const ida = await user('ida', { assignTo: desk.id });
    const adminConsole = await t.consoleLogin('acme', 'admin@acme.test');
    const adminId = (await t.db.selectFrom('users').select('id').where('email', '=', 'admin@acme.test').executeTakeFirstOrThrow()).id;
    const started = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${ida.id}/impersonation`, headers: adminConsole, payload: { reason: 'Checking the helpdesk app', ticket: 'SUP-7' } });
    expect(started.statusCode).toBe(201);
    const page = await newPage();
    await page.goto(started.json().url.replace('http://latchkey.test', base));
    await page.getByText('impersonated by').first().waitFor();

    const config = await client.discovery(new URL(issuer), desk.id, undefined, client.ClientSecretBasic(desk.secret!), { execute: [client.allowInsecureRequests] });
    const state = client.randomState();
    await page.goto(client.buildAuthorizationUrl(config, { redirect_uri: `${rp.url}/cb`, scope: 'openid profile', state }).href);
    await page.waitForURL(atRp('/cb'));
    const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), { expectedState: state });
    expect(tokens.claims()).toMatchObject({ sub: ida.id, preferred_username: 'ida', act: { sub: adminId } });
    const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString());
    const active = await t.db.selectFrom('oidc_signing_keys').select('kid').where('organization_id', '=', orgId).where('state', '=', 'active').executeTakeFirstOrThrow();
    expect(header.kid).toBe(active.kid);
  }, 60_000);
  it('when a third-party app asks, then the person decides once: declining sends access_denied, allowing is remembered', async () => {
    const partner = await registerApp('Partner', 'confidential', { firstParty: false });
    await user('fay', { assignTo: partner.id });
    const config = await client.discovery(new URL(issuer), partner.id, undefined, client.ClientSecretBasic(partner.secret!), { execute: [client.allowInsecureRequests] });
    const authorize = () => client.buildAuthorizationUrl(config, { redirect_uri: `${rp.url}/cb`, scope: 'openid email', state: 's' }).href;
    const page = await newPage();
    await page.goto(authorize());
    await signIn(page, 'fay');
    await page.getByRole('heading', { name: 'Allow Partner?' }).waitFor();
    expect(await page.locator('#consent-scopes li').allTextContents()).toEqual(['Know who you are', 'Your email address']);
    await page.getByRole('button', { name: "Don't allow" }).click();
    await page.waitForURL(atRp('/cb'));
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');

    await page.goto(authorize());
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await page.waitForURL(atRp('/cb'));
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    await page.goto(authorize());
    await page.waitForURL(atRp('/cb'));
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
  }, 60_000);

  it('when one node issues a code and another redeems it, then it works there with the same keys; expired rows are cleaned up', async () => {
    const notes = await registerApp('Notes', 'confidential');
    await user('nora', { assignTo: notes.id });
    const config = await client.discovery(new URL(issuer), notes.id, undefined, client.ClientSecretBasic(notes.secret!), { execute: [client.allowInsecureRequests] });
    const verifier = client.randomPKCECodeVerifier();
    const page = await newPage();
    await page.goto(client.buildAuthorizationUrl(config, { redirect_uri: `${rp.url}/cb`, scope: SCOPE, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).href);
    await signIn(page, 'nora');
    await page.waitForURL(atRp('/cb'));

    // A second node on the same database behind the same public address.
    const nodeB = await createTestApp({ databaseUrl: t.databaseUrl, worker: false });
    try {
      nodeB.ctx.publicUrl = base;
      const res = await nodeB.app.inject({
        method: 'POST',
        url: '/o/acme/oidc/token',
        headers: { authorization: `Basic ${Buffer.from(`${notes.id}:${notes.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'authorization_code', code: new URL(page.url()).searchParams.get('code')!, redirect_uri: `${rp.url}/cb`, code_verifier: verifier }).toString(),
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(JSON.parse(Buffer.from(body.id_token.split('.')[1], 'base64url').toString())).toMatchObject({ iss: issuer, sub: expect.any(String) });
      expect((await nodeB.app.inject({ url: '/o/acme/oidc/jwks' })).json()).toEqual((await t.app.inject({ url: '/o/acme/oidc/jwks' })).json());
      // Back on the first node, the refresh token from the second works.
      expect((await client.refreshTokenGrant(config, body.refresh_token)).access_token).toBeTruthy();
    } finally {
      await nodeB.close();
    }

    await t.db
      .insertInto('oidc_models')
      .values({ organization_id: orgId, model: 'AccessToken', id: 'expired-one', payload: '{}', expires_at: new Date(Date.now() - 60_000) })
      .execute();
    expect(await oidcService.cleanup(t.ctx)).toBeGreaterThanOrEqual(1);
    expect(await t.db.selectFrom('oidc_models').select('id').where('id', '=', 'expired-one').executeTakeFirst()).toBeUndefined();
  }, 60_000);
});
