import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { linkIn, startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { launchBrowser } from './helpers/browser.js';

let t: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let base: string;
const shots = 'test-results/screenshots';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  await t.createPlatformAdmin('acme', 'admin@acme.test');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

/** A fresh browser profile signed in to the console as the platform admin. */
async function consoleSignIn() {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Organization').fill('acme');
  await page.getByLabel('Email or username').fill('admin@acme.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
  return page;
}

describe('onboarding in a real browser', () => {
  it('when an admin invites a user in the console, then the user gets the email, sets a password from the link, signs in and sees the dashboard', async () => {
    const adminPage = await consoleSignIn();

    await adminPage.getByRole('button', { name: 'New user' }).click();
    const dialog = adminPage.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username').fill('newbie');
    await dialog.getByLabel('Email').fill('newbie@example.com');
    await dialog.getByLabel('First name').fill('Nina');
    expect(await dialog.getByLabel('Invite the user to set their own password').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await adminPage.getByRole('link', { name: 'newbie' }).waitFor();
    await adminPage.screenshot({ path: `${shots}/console-users.png`, fullPage: true });

    const mail = await smtp.waitFor('newbie@example.com');
    const link = linkIn(mail.text, /http:\/\/127\.0\.0\.1:\d+\/o\/acme\/invitations\/\S+/);

    const userPage = await (await browser.newContext()).newPage();
    await userPage.goto(link);
    await userPage.getByLabel('New password').fill('a long and happy passphrase');
    await userPage.getByLabel('Confirm password').fill('a long and happy passphrase');
    await userPage.screenshot({ path: `${shots}/password-setup.png`, fullPage: true });
    await userPage.getByRole('button', { name: 'Set password' }).click();
    // Signed in straight away: the dashboard, not a second sign-in form.
    await userPage.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await userPage.locator('#notice').textContent()).toBe('Your password is set and you are signed in.');
    expect(await userPage.locator('#username').textContent()).toBe('newbie');
    expect(await userPage.locator('#display-name').textContent()).toBe('Nina');
    await userPage.screenshot({ path: `${shots}/account.png`, fullPage: true });

    // The admin sees the account become active.
    await adminPage.getByRole('link', { name: 'newbie' }).click();
    await adminPage.getByText('Active', { exact: true }).first().waitFor();
  }, 90_000);

  it('when an admin resends an invitation from the user page, then a new email arrives and the old link is dead', async () => {
    const page = await consoleSignIn();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username').fill('again');
    await dialog.getByLabel('Email').fill('again@example.com');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const first = await smtp.waitFor('again@example.com');

    await page.getByRole('link', { name: 'again' }).click();
    await page.getByRole('button', { name: 'Resend invitation' }).click();
    const second = await smtp.waitFor('again@example.com', (m) => m.text !== first.text);
    const oldLink = linkIn(first.text, /http:\/\/127\.0\.0\.1:\d+\/o\/acme\/invitations\/\S+/);
    expect(linkIn(second.text, /http:\/\/127\.0\.0\.1:\d+\/o\/acme\/invitations\/\S+/)).not.toBe(oldLink);

    const userPage = await (await browser.newContext()).newPage();
    const res = await userPage.goto(oldLink);
    expect(res!.status()).toBe(410);
    await userPage.getByText('replaced by a newer one').waitFor();

    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { name: 'Outbox' }).waitFor();
    await page.screenshot({ path: `${shots}/console-outbox.png`, fullPage: true });
  }, 90_000);
});


describe('end-user pages in a real browser', () => {
  const codeIn = (text: string) => /code is:\s+([A-Za-z0-9]+)/.exec(text)![1]!;

  it('when a user invited by code signs in with it, then the browser is sent to set a password and then is signed in', async () => {
    const token = (await t.createOrg('codes')).auth;
    await t.createUser(token, 'codes', { username: 'coder', email: 'coder@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('coder@example.com')).text);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/o/codes/login`);
    await page.getByLabel('Username or email').fill('coder');
    await page.getByLabel('Password').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set your password' }).waitFor();
    await page.getByLabel('New password').fill('my very own passphrase');
    await page.getByLabel('Confirm password').fill('my very own passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  }, 60_000);

  it('when a user goes through "Forgot your password?" with a code, then each step works without JavaScript', async () => {
    const token = (await t.createOrg('forgetters')).auth;
    await t.createUser(token, 'forgetters', { username: 'fido', email: 'fido@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('fido@example.com')).text);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/o/forgetters/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Username or email').fill('fido');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'I have a code' }).click();
    await page.getByLabel('Code').fill('WRONG123');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText('The code is not valid').waitFor();
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Set your password' }).waitFor();
    await page.screenshot({ path: `${shots}/code-set-password.png`, fullPage: true });
    await page.getByLabel('New password').fill('password');
    await page.getByLabel('Confirm password').fill('password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').getByText('Use at least 15 characters.').waitFor();
    await page.getByLabel('New password').fill('fido has a long phrase');
    await page.getByLabel('Confirm password').fill('fido has a long phrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').getByText('must not contain your username').waitFor();
    await page.getByLabel('New password').fill('a dog with a long phrase');
    await page.getByLabel('Confirm password').fill('a dog with a long phrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.locator('#notice').waitFor();
  }, 60_000);

  it('when a temporary password is shared by one-time link, then the sheet shows it once and the first sign-in forces a new password', async () => {
    const { auth: token } = await t.createOrg('sheets');
    const user = await t.createUser(token, 'sheets', { username: 'paper', email: 'paper@example.com' });
    const reset = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/sheets/users/${user.id}/password`, headers: token, payload: { password: 'printed temporary 42', shareLink: true } });
    const page = await (await browser.newContext()).newPage();
    await page.goto(reset.json().viewUrl);
    expect(await page.locator('#secret').textContent()).toBe('printed temporary 42');
    expect(await page.getByRole('img', { name: /QR code of http/ }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    await page.screenshot({ path: `${shots}/onboarding-sheet.png`, fullPage: true });
    expect((await page.reload())!.status()).toBe(410);

    await page.goto(`${base}/o/sheets/login`);
    await page.getByLabel('Username or email').fill('paper');
    await page.getByLabel('Password').fill('printed temporary 42');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.goto(`${base}/o/sheets/account`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor(); // nothing else is reachable
    await page.goto(`${base}/o/sheets/password`);
    await page.getByLabel('New password').fill('my own secret phrase');
    await page.getByLabel('Confirm password').fill('my own secret phrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.locator('#notice').waitFor();
  }, 60_000);
});

describe('console onboarding screens', () => {
  it('when an admin resets a password in the console, then Reset waits for a matching confirmation and the one-time link works', async () => {
    const { auth: token } = await t.createOrg('resets');
    await t.createPlatformAdmin('resets', 'admin@resets.test');
    const user = await t.createUser(token, 'resets', { username: 'walker', email: 'walker@example.com' });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Organization').fill('resets');
    await page.getByLabel('Email or username').fill('admin@resets.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'walker' }).click();
    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Reset password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset password' });
    await dialog.getByText('Type one').click();
    expect(await dialog.getByLabel('Confirm password').count()).toBe(0);
    await dialog.getByLabel('New password').fill('console temporary 7');
    await dialog.getByLabel('Confirm password').fill('console temporary');
    expect(await dialog.getByRole('button', { name: 'Reset' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Confirm password').fill('console temporary 7');
    expect(await dialog.getByRole('switch', { name: 'Temporary' }).isChecked()).toBe(true);
    await dialog.getByLabel('Create a one-time view link').check();
    await dialog.getByRole('button', { name: 'Reset' }).click();
    await dialog.getByRole('status').getByText('Password reset').waitFor();
    const viewUrl = (await dialog.getByTestId('view-url').textContent())!.trim();
    await page.screenshot({ path: `${shots}/console-reset.png`, fullPage: true });

    const sheet = await (await browser.newContext()).newPage();
    await sheet.goto(viewUrl);
    expect(await sheet.locator('#secret').textContent()).toBe('console temporary 7');
    const row = await t.db.selectFrom('users').select('password_change_required').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_change_required).toBe('temporary');
  }, 60_000);

  it('when an admin opens Onboarding, then the funnel counts invitations and selected users can be resent in bulk', async () => {
    const { auth: token } = await t.createOrg('funnels');
    await t.createPlatformAdmin('funnels', 'admin@funnels.test');
    for (const name of ['ann', 'ben', 'cyd']) await t.createUser(token, 'funnels', { username: name, email: `${name}@funnels.test`, invite: true });
    await smtp.waitFor('cyd@funnels.test');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Organization').fill('funnels');
    await page.getByLabel('Email or username').fill('admin@funnels.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Onboarding' }).click();
    await page.getByRole('heading', { name: 'Onboarding' }).waitFor();
    await page.getByTestId('funnel-invited').getByText('3', { exact: true }).waitFor();
    await page.getByLabel('Select ann').check();
    await page.getByLabel('Select ben').check();
    await page.getByRole('button', { name: 'Resend selected' }).click();
    await page.getByRole('status').getByText('Resent 2 invitations').waitFor();
    await smtp.waitFor('ben@funnels.test', (m) => smtp.mails.filter((x) => x.to.includes('ben@funnels.test')).indexOf(m) === 1);
    await page.screenshot({ path: `${shots}/console-onboarding.png`, fullPage: true });
  }, 60_000);
});
