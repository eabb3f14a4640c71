import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { launchBrowser } from './helpers/browser.js';

let t: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let base: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

/** A fresh browser profile signed in to the console. */
async function signIn(org: string, login: string, options: BrowserContextOptions = {}, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Organization').fill(org);
  await page.getByLabel('Email or username').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
  return page;
}

/** An organization with an org-admin token and a platform admin who can sign in to the console. */
async function orgWithAdmin(slug: string) {
  const { auth } = await t.createOrg(slug);
  await t.createPlatformAdmin(slug, `admin@${slug}.test`);
  return auth;
}

/** A user with a permanent password, so they can sign in at once. */
async function userWithPassword(auth: Record<string, string>, org: string, body: Record<string, unknown>, password = PASSWORD) {
  const user = await t.createUser(auth, org, body);
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${user.id}/password`, headers: auth, payload: { password, temporary: false } });
  if (res.statusCode !== 200) throw new Error(`password failed: ${res.body}`);
  return user;
}

const inViewport = (locator: ReturnType<Page['getByText']>) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  });

describe('the console follows the signed-in admin', () => {
  it('when a helpdesk admin signs in, then /auth/me lists their permissions and the console offers no user management, read-only settings and no API tokens', async () => {
    const auth = await orgWithAdmin('desk');
    await userWithPassword(auth, 'desk', { username: 'helper', email: 'helper@desk.test', privilege: 'helpdesk' });
    const target = await t.createUser(auth, 'desk', { username: 'someone', email: 'someone@desk.test' });

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: await t.consoleLogin('desk', 'helper') });
    expect(me.json().permissions).toContain('users.read');
    expect(me.json().permissions).not.toContain('users.manage');
    expect(me.json().permissions).not.toContain('settings.manage');
    const admin = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: await t.consoleLogin('desk', 'admin@desk.test') });
    expect(admin.json().permissions).toEqual(expect.arrayContaining(['users.manage', 'settings.manage', 'organizations.create']));

    const page = await signIn('desk', 'helper');
    await page.getByRole('link', { name: 'someone' }).waitFor();
    expect(await page.getByRole('button', { name: 'New user' }).count()).toBe(0);
    await page.goto(`${base}/admin/users/${target.id}`);
    await page.getByRole('heading', { name: 'someone' }).waitFor();
    for (const name of ['Edit', 'Reset password', 'Disable', 'Delete']) expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    expect(await page.getByLabel('With printable sheet').count()).toBe(0);

    await page.getByRole('link', { name: 'Organization', exact: true }).click();
    await page.getByText('changing them needs the organization admin privilege').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'API tokens' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'All organizations' }).count()).toBe(0);
  }, 90_000);
});

describe('organization settings', () => {
  it('when an admin saves settings, then the result shows wherever they scrolled, a user limit below the users is refused at the field, "no limit" is a switch, durations have units and SSO is not offered', async () => {
    const auth = await orgWithAdmin('limits');
    for (const name of ['one', 'two']) await t.createUser(auth, 'limits', { username: name, email: `${name}@limits.test` });
    // The API refuses both lock-outs on its own.
    const patch = (settings: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/limits', headers: auth, payload: { settings } });
    const low = await patch({ userLimit: 1 });
    expect(low.statusCode).toBe(409);
    expect(low.json()).toMatchObject({ code: 'organization.user_limit_too_low', userCount: 3 });
    const sso = await patch({ ssoEnforced: true });
    expect(sso.statusCode).toBe(409);
    expect(sso.json().code).toBe('organization.sso_unavailable');
    expect((await patch({ userLimit: 3 })).statusCode).toBe(200);
    expect((await patch({ userLimit: null })).statusCode).toBe(200);

    const page = await signIn('limits', 'admin@limits.test', { viewport: { width: 1280, height: 700 } });
    await page.getByRole('link', { name: 'Organization', exact: true }).click();
    await page.getByRole('heading', { name: 'General' }).waitFor();
    expect(await page.getByText('Enforce SSO').count()).toBe(0);

    // Durations: 4320 minutes reads as 3 days; 0 warns that invitations expire at once.
    const expiry = page.getByLabel('Invitations expire after', { exact: true });
    expect(await expiry.inputValue()).toBe('3');
    expect(await page.getByLabel('Invitations expire after: unit').inputValue()).toBe('days');
    await expiry.fill('0');
    await page.getByText('With 0, invitations expire immediately').waitFor();
    await expiry.fill('2');
    await page.getByLabel('Invitations expire after: unit').selectOption('hours');

    // No limit is the switch being off; with it on, a limit below the 3 users is refused at the field.
    expect(await page.getByRole('switch', { name: 'Limit the number of users' }).isChecked()).toBe(false);
    expect(await page.getByLabel('User limit').count()).toBe(0);
    await page.getByRole('switch', { name: 'Limit the number of users' }).click({ force: true });
    await page.getByLabel('User limit').fill('-1');
    expect(await page.getByLabel('User limit').inputValue()).toBe('1');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('must be at least 3, the number of users who are not disabled').first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('1');

    await page.getByRole('textbox', { name: 'User limit' }).fill('5');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = page.getByTestId('notices').getByText('Organization saved');
    await saved.waitFor();
    expect(await inViewport(saved)).toBe(true);
    const org = (await t.app.inject({ method: 'GET', url: '/api/v1/organizations/limits', headers: auth })).json();
    expect(org.settings.userLimit).toBe(5);
    expect(org.settings.invitation.expiryMinutes).toBe(120);
  }, 90_000);
});

describe('forms say what is wrong, all at once', () => {
  it('when a new user has a bad email and a bad phone, then both fields say so in words; a bad short name at sign-in names the field and keeps the password', async () => {
    await orgWithAdmin('forms');
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/forms/users', headers: await t.consoleLogin('forms', 'admin@forms.test'), payload: { username: 'x', email: 'nope', firstName: 'a'.repeat(300) } });
    expect(api.statusCode).toBe(400);
    const messages = api.json().errors.map((e: { field: string; message: string }) => `${e.field} ${e.message}`);
    expect(messages).toEqual(expect.arrayContaining(['body/email must be an email address', 'body/firstName must be at most 100 characters']));
    expect(JSON.stringify(api.json())).not.toContain('must match format');

    const page = await signIn('forms', 'admin@forms.test');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username').fill('typo');
    await dialog.getByLabel('Email').fill('typo-at-example');
    await dialog.getByLabel('Phone').fill('12');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByText('must be an email address').first().waitFor();
    await dialog.getByRole('alert').getByText(/Phone:/).waitFor();
    expect(await dialog.getByText('must match format').count()).toBe(0);

    const signInPage = await (await browser.newContext()).newPage();
    await signInPage.goto(`${base}/admin/`);
    await signInPage.getByLabel('Organization').fill('not a slug!');
    await signInPage.getByLabel('Email or username').fill('admin@forms.test');
    await signInPage.getByLabel('Password').fill(PASSWORD);
    await signInPage.getByRole('button', { name: 'Sign in' }).click();
    await signInPage.getByRole('alert').getByText('Organization short name').waitFor();
    expect(await signInPage.getByRole('alert').getByText('Organization slug').count()).toBe(0);
    expect(await signInPage.getByLabel('Password').inputValue()).toBe(PASSWORD);
  }, 90_000);
});

describe('lockouts, resets and wording', () => {
  it('when a user is locked out, then list and page say until when and why and Unlock is offered; a user who is not locked out has Unlock disabled', async () => {
    const auth = await orgWithAdmin('locks');
    const locked = await t.createUser(auth, 'locks', { username: 'locked', email: 'locked@locks.test' });
    const free = await t.createUser(auth, 'locks', { username: 'free', email: 'free@locks.test' });
    const until = new Date(Date.now() + 15 * 60_000).toISOString();
    const page = await (await browser.newContext()).newPage();
    // The lockout as the users API reports it: `null`, or until when and why.
    const withLockout = (u: { id: string }) => (u.id === locked.id ? { until: null, reason: 'failure_cap' } : u.id === free.id ? null : undefined);
    let unlocked = false;
    await page.route(/\/api\/v1\/organizations\/locks\/users(\/[^/]+)?(\?.*)?$/, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const res = await route.fetch();
      const body = await res.json();
      const add = (u: { id: string }) => ({ ...u, lockout: unlocked ? null : withLockout(u) });
      await route.fulfill({ response: res, json: body.items ? { ...body, items: body.items.map(add) } : add(body) });
    });
    await page.route(`**/api/v1/organizations/locks/users/${locked.id}/unlock`, async (route) => {
      unlocked = true;
      await route.fulfill({ json: { unlocked: true } });
    });
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Organization').fill('locks');
    await page.getByLabel('Email or username').fill('admin@locks.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('row', { name: /locked/ }).getByText('Locked out (100 failures)').waitFor();
    await page.getByRole('row', { name: /locked/ }).getByText('after 100 failed sign-ins in a row').waitFor();
    expect(await page.getByRole('row', { name: /free/ }).getByTestId('lockout').count()).toBe(0);

    await page.getByRole('link', { name: 'free' }).click();
    await page.getByRole('heading', { name: 'free' }).waitFor();
    await page.getByRole('tab', { name: 'Security' }).click();
    expect(await page.getByRole('button', { name: 'Unlock' }).isDisabled()).toBe(true);

    await page.getByRole('link', { name: 'Back to the list' }).click();
    await page.getByRole('link', { name: 'locked', exact: true }).click();
    await page.getByTestId('lockout-detail').getByText('Locked out until an admin unlocks, after 100 failed sign-ins in a row').waitFor();
    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('notices').getByText('Sign-in lockouts cleared').waitFor();
    await page.getByText('Not locked out').waitFor();
    expect(await page.getByRole('button', { name: 'Unlock' }).isDisabled()).toBe(true);
    void until;
  }, 90_000);

  it('when an admin resets a password, then Generate is the default and the generated password is shown once with a copy button', async () => {
    const auth = await orgWithAdmin('gens');
    const user = await t.createUser(auth, 'gens', { username: 'gen', email: 'gen@gens.test' });
    const page = await signIn('gens', 'admin@gens.test');
    let sent: unknown;
    // The reply of the generate contract: the password, once.
    await page.route(`**/api/v1/organizations/gens/users/${user.id}/password`, async (route) => {
      sent = route.request().postDataJSON();
      const reply = await route.fetch({ postData: JSON.stringify({ password: 'violet Lantern 4711 orbit', temporary: true }) });
      await route.fulfill({ response: reply, json: { ...(await reply.json()), password: 'violet Lantern 4711 orbit' } });
    });
    await page.goto(`${base}/admin/users/${user.id}?tab=security`);
    await page.getByRole('button', { name: 'Reset password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset password' });
    expect(await dialog.getByLabel('New password').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Reset' }).click();
    await dialog.getByTestId('generated-password').waitFor();
    expect(sent).toMatchObject({ generate: true, temporary: true });
    expect(await dialog.getByTestId('generated-password').textContent()).toBe('violet Lantern 4711 orbit');
    await dialog.getByRole('button', { name: 'Copy password' }).waitFor();
  }, 60_000);

  it('when an admin reads onboarding, outbox and user pages, then states are words, funnel cards filter, times show the zone, outbox links are clickable, Revoke asks first and a deleted user is said to be gone', async () => {
    const auth = await orgWithAdmin('words');
    await t.createUser(auth, 'words', { username: 'quiet', email: 'quiet@words.test' });
    const invited = await t.createUser(auth, 'words', { username: 'invited', email: 'invited@words.test', invite: true });
    await smtp.waitFor('invited@words.test');
    const page = await signIn('words', 'admin@words.test', { timezoneId: 'Asia/Tokyo' });

    await page.getByRole('link', { name: 'Onboarding' }).click();
    await page.getByRole('row', { name: /quiet/ }).getByText('Not invited', { exact: true }).waitFor();
    expect(await page.getByText('not_invited', { exact: true }).count()).toBe(0);
    await page.getByTestId('funnel-card-delivered').click();
    await page.waitForURL(/stage=delivered/);
    expect(await page.getByTestId('funnel-card-delivered').getAttribute('aria-pressed')).toBe('true');
    // The filtered list replaces the whole one: until then "Not invited" of quiet's row matches /invited/ too.
    await page.getByRole('row', { name: /quiet/ }).waitFor({ state: 'detached' });
    expect(await page.getByRole('row', { name: /quiet/ }).count()).toBe(0);
    expect(await page.getByRole('row', { name: /invited/ }).innerText()).toMatch(/GMT\+9/);

    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('cell', { name: 'Invitation link (email)' }).first().waitFor();
    await page.getByRole('row', { name: /invited@words.test/ }).first().click();
    const link = page.getByRole('dialog').getByTestId('message-text').getByRole('link').first();
    expect(await link.getAttribute('href')).toMatch(/\/o\/words\/invitations\//);
    await page.keyboard.press('Escape');

    await page.goto(`${base}/admin/users/${invited.id}`);
    await page.getByRole('button', { name: 'Revoke invitation' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke invitation?' });
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/organizations/words/users/${invited.id}`, headers: auth })).json().invitation.state).toBe('pending');
    await page.getByRole('button', { name: 'Revoke invitation' }).click();
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('notices').getByText('Invitation revoked').waitFor();

    await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/words/users/${invited.id}`, headers: auth });
    await page.reload();
    await page.getByRole('heading', { name: 'No such user' }).waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
  }, 90_000);
});

describe('organizations for platform admins', () => {
  it('when a platform admin opens All organizations, then they see every organization and can create one and work in it', async () => {
    await orgWithAdmin('platform');
    await t.createOrg('other-tenant');
    const page = await signIn('platform', 'admin@platform.test');
    await page.getByRole('link', { name: 'All organizations' }).click();
    await page.getByRole('cell', { name: 'other-tenant', exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Brand New Co');
    expect(await page.getByLabel('Short name').inputValue()).toBe('brand-new-co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Organization', exact: true }).waitFor();
    await page.getByTestId('organization-name').getByText('Brand New Co').waitFor();
    await page.getByRole('link', { name: 'All organizations' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Again');
    await page.getByLabel('Short name').fill('brand-new-co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('Short name is already used by another organization').waitFor();
  }, 60_000);
});
