import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './helpers/browser.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

// One Latchkey organization ("home", the OpenID Connect provider) is the upstream identity
// provider of another ("acme", enforcing SSO): the two halves of the product against each other.
let t: TestApp;
let browser: Browser;
let base: string;
let home: Record<string, string>;
let acme: Record<string, string>;

const call = (auth: Record<string, string>, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1/organizations/${url}`, headers: auth, ...(payload && { payload }) });

beforeAll(async () => {
  t = await createTestApp({ worker: false, env: { OIDC_ALLOW_PRIVATE_ADDRESSES: 'true' } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  home = (await t.createOrg('home')).auth;
  acme = (await t.createOrg('acme')).auth;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('SSO through another Latchkey organization', () => {
  it('when acme enforces SSO with home as its provider, then a temporary password is refused with the documented reason and a home user signs in to acme through home', async () => {
    // At home: the app "Acme" signs home's users in for acme's callback; pat is assigned to it.
    const app = (await call(home, 'POST', 'home/apps', { name: 'Acme', url: `${base}/o/acme/account` })).json() as { id: string };
    const client = await call(home, 'PUT', `home/apps/${app.id}/oidc`, { clientType: 'confidential', redirectUris: [`${base}/o/acme/sso/callback`] });
    expect(client.statusCode, client.body).toBe(200);
    const pat = await t.createUser(home, 'home', { username: 'pat', email: 'pat@home.test', firstName: 'Pat', lastName: 'Home' });
    expect((await call(home, 'POST', `home/users/${pat.id}/password`, { password: PASSWORD, temporary: false })).statusCode).toBe(200);
    expect((await call(home, 'POST', `home/apps/${app.id}/assignments`, { userIds: [pat.id] })).statusCode).toBe(200);

    // At acme: home is the provider (discovery is checked on save), people come in just in time, SSO is enforced.
    const sso = await call(acme, 'PATCH', 'acme/sso', {
      issuer: `${base}/o/home/oidc`,
      clientId: app.id,
      clientSecret: client.json().clientSecret,
      displayName: 'Home',
      matching: 'subject',
      jitCreation: true,
    });
    expect(sso.statusCode, sso.body).toBeLessThan(300);
    expect((await call(acme, 'PATCH', 'acme', { settings: { ssoEnforced: true } })).statusCode).toBe(200);

    const local = await t.createUser(acme, 'acme', { username: 'lou', email: 'lou@acme.test' });
    const temporary = await call(acme, 'POST', `acme/users/${local.id}/password`, { password: 'Temporary-Passw0rd-42', temporary: true });
    expect(temporary.statusCode).toBe(409);
    expect(temporary.json()).toMatchObject({ code: 'organization.sso_enforced' });

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/o/acme/login`);
    await page.getByRole('link', { name: 'Sign in with Home' }).click();
    // Home's own sign-in page, as the provider's interaction.
    await page.waitForURL((u) => u.pathname.startsWith('/o/home/'));
    await page.getByLabel('Username or email').fill('pat');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/o/acme/account**`, { timeout: 15_000 });

    const created = await t.db.selectFrom('users').innerJoin('organizations', 'organizations.id', 'users.organization_id').select(['users.id', 'users.username', 'users.first_name']).where('organizations.slug', '=', 'acme').where('users.username', '=', 'pat').executeTakeFirstOrThrow();
    expect(created.first_name).toBe('Pat');
    const link = await t.db.selectFrom('sso_links').selectAll().where('user_id', '=', created.id).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ issuer: `${base}/o/home/oidc`, subject: pat.id });
    const sessions = await t.db.selectFrom('sessions').select('methods').where('user_id', '=', created.id).execute();
    expect(sessions).toEqual([{ methods: ['sso'] }]);
  }, 90_000);
});
