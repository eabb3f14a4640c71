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
    await userPage.locator('#notice').waitFor();
    expect(await userPage.locator('#notice').textContent()).toBe('Your password is set. Sign in to continue.');

    await userPage.getByLabel('Username or email').fill('newbie@example.com');
    await userPage.getByLabel('Password').fill('a long and happy passphrase');
    await userPage.getByRole('button', { name: 'Sign in' }).click();
    await userPage.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await userPage.locator('#username').textContent()).toBe('newbie');
    expect(await userPage.locator('#display-name').textContent()).toBe('Nina');
    await userPage.screenshot({ path: `${shots}/account.png`, fullPage: true });

    // The admin sees the account become active.
    await adminPage.getByRole('link', { name: 'newbie' }).click();
    await adminPage.getByText('active', { exact: true }).first().waitFor();
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

