import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations } from './helpers/axe.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { linkIn, startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { launchBrowser } from './helpers/browser.js';
import { totpCode } from '../src/lib/totp.js';

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

describe('accessibility and small screens', () => {
  it('when every console page and every end-user page is checked with axe, then there are no serious or critical violations, and console tables scroll inside a 390 px wide screen', async () => {
    const { auth } = await t.createOrg('axe');
    await t.createPlatformAdmin('axe', 'admin@axe.test');
    await t.createUser(auth, 'axe', { username: 'plain', email: 'plain@axe.test' });
    const invited = await t.createUser(auth, 'axe', { username: 'invitee', email: 'invitee@axe.test', invite: true });
    const mail = await smtp.waitFor('invitee@axe.test');
    await t.app.inject({ method: 'POST', url: '/api/v1/organizations/axe/groups', headers: auth, payload: { name: 'Axe team' } });
    const found: Record<string, string[]> = {};

    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/admin/`);
    found['console sign-in'] = await axeViolations(page);
    await page.getByLabel('Organization').fill('axe');
    await page.getByLabel('Email or username').fill('admin@axe.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByRole('link', { name: 'invitee' }).waitFor();

    const widths: Record<string, number> = {};
    const visit = async (name: string, path: string, ready: () => Promise<unknown>) => {
      await page.goto(`${base}/admin${path}`);
      await ready();
      found[name] = await axeViolations(page);
      // The page itself never scrolls sideways; wide tables scroll in their own container.
      widths[name] = await page.evaluate(() => document.documentElement.scrollWidth);
    };
    await visit('users', '/users', () => page.getByRole('link', { name: 'invitee' }).waitFor());
    await visit('user', `/users/${invited.id}`, () => page.getByRole('heading', { name: 'Invitation' }).waitFor());
    await visit('onboarding', '/onboarding', () => page.getByRole('link', { name: 'invitee' }).waitFor());
    await visit('outbox', '/outbox', () => page.getByText('invitee@axe.test').first().waitFor());
    await visit('organization', '/organization', () => page.getByRole('heading', { name: 'API tokens' }).waitFor());
    await visit('groups', '/groups', () => page.getByRole('cell', { name: 'Axe team', exact: true }).waitFor());
    await visit('audit log', '/audit', () => page.getByRole('cell', { name: 'group.created' }).waitFor());
    await visit('support', '/support', () => page.getByRole('heading', { name: 'Support' }).waitFor());
    await visit('apps', '/apps', () => page.getByRole('heading', { name: 'Apps', exact: true }).waitFor());
    await visit('organizations', '/organizations', () => page.getByRole('cell', { name: 'axe', exact: true }).waitFor());
    await visit('missing user', '/users/00000000-0000-4000-8000-000000000000', () => page.getByRole('heading', { name: 'No such user' }).waitFor());
    for (const [name, width] of Object.entries(widths)) expect(width, name).toBeLessThanOrEqual(390);

    // The console's shell: the favicon is served, and without JavaScript the page says what to do.
    expect((await page.request.get(`${base}/admin/favicon.svg`)).headers()['content-type']).toMatch(/svg/);
    const html = await (await page.request.get(`${base}/admin/`)).text();
    expect(html).toMatch(/<noscript>[\s\S]*The Latchkey admin console needs JavaScript/);

    // End-user pages.
    const user = await (await browser.newContext({ bypassCSP: true })).newPage();
    await user.goto(`${base}/o/axe/login`);
    found.login = await axeViolations(user);
    await user.getByRole('link', { name: 'Forgot your password?' }).click();
    await user.getByRole('button', { name: 'Continue' }).waitFor();
    found.forgot = await axeViolations(user);
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/axe', headers: auth, payload: { settings: { login: { pinSignUp: 'web_only' } } } });
    await user.goto(`${base}/o/axe/pin-sign-up`);
    await user.getByRole('button', { name: 'Create account' }).click();
    await user.locator('#error').waitFor();
    found['pin sign-up with an error'] = await axeViolations(user);
    await user.goto(linkIn(mail.text, /http:\/\/127\.0\.0\.1:\d+\/o\/axe\/invitations\/\S+/));
    await user.getByLabel('New password').waitFor();
    found['password setup'] = await axeViolations(user);
    await user.getByLabel('New password').fill('an accessible passphrase');
    await user.getByLabel('Confirm password').fill('an accessible passphrase');
    await user.getByRole('button', { name: 'Set password' }).click();
    // Setting the password signs the person in: the account page follows.
    await user.getByRole('heading', { name: 'Your account' }).waitFor();
    found.account = await axeViolations(user);
    await user.goto(`${base}/o/axe/account/phone`);
    await user.getByRole('button', { name: 'Send code' }).click();
    found.recoveryPhone = await axeViolations(user);
    await user.goto(`${base}/o/axe/account/authenticator`);
    await user.getByLabel('Code from the app').waitFor();
    found.enrollAuthenticator = await axeViolations(user);
    const key = (await user.locator('#totp-key').textContent())!.replace(/\s/g, '');
    await user.getByLabel('Code from the app').fill(totpCode(key, t.clock.now()));
    await user.getByRole('button', { name: 'Turn on' }).click();
    await user.getByText('Your authenticator app is turned on.').waitFor();
    await user.goto(`${base}/o/axe/account/backup-codes`);
    await user.getByRole('button', { name: 'Make backup codes' }).click();
    await user.locator('#backup-codes').waitFor();
    found.backupCodes = await axeViolations(user);
    await user.getByRole('link', { name: 'Back to your account' }).click();
    await user.getByRole('button', { name: 'Sign out' }).click();
    await user.getByLabel('Username or email').fill('invitee');
    await user.getByLabel('Password').fill('an accessible passphrase');
    await user.getByRole('button', { name: 'Sign in' }).click();
    await user.getByRole('heading', { name: 'Verify it is you' }).waitFor();
    found.secondFactor = await axeViolations(user);
    await user.goto(`${base}/o/axe/invitations/not-a-real-token`);
    found.error = await axeViolations(user);

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  }, 120_000);
});
