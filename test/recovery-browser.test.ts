import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../src/access/index.js';
import * as mfa from '../src/features/mfa/service.js';
import { totpCode } from '../src/lib/totp.js';
import { axeViolations } from './helpers/axe.js';
import { launchBrowser } from './helpers/browser.js';
import { startReceiver } from './helpers/http-receiver.js';
import { linkIn, startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait.js';

let t: TestApp;
let smtp: SmtpSink;
let sms: Awaited<ReturnType<typeof startReceiver>>;
let browser: Browser;
let base: string;
let auth: Record<string, string>;
let orgId: string;
const shots = 'test-results/screenshots';
const NEW_PASSWORD = 'a fresh phrase for a new start';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  smtp = await startSmtpSink();
  sms = await startReceiver(200);
  t = await createTestApp({ smtpUrl: smtp.url, env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: `${sms.url}/sms`, SMS_WEBHOOK_SECRET: 'webhook-shared-secret' } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  await t.createPlatformAdmin('acme', 'admin@acme.test');
  const org = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'acme').executeTakeFirstOrThrow();
  orgId = org.id;
  const token = await (await import('../src/features/api-tokens/service.js')).create(t.ctx, systemActor(), orgId, { name: 'tests', privilege: 'org_admin' });
  auth = { authorization: `Bearer ${token.token}` };
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
  await sms?.close();
});

const settings = (recovery: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { recovery } } });

async function activeUser(username: string, extra: Record<string, unknown> = {}) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.test`, ...extra });
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  if (res.statusCode !== 200) throw new Error(res.body);
  return user;
}

/** A recovery phone the user proved, as the account page leaves it. */
const verifiedPhone = (userId: string, number: string) =>
  t.db.insertInto('recovery_phones').values({ organization_id: orgId, user_id: userId, number, country: 'US', consented_at: new Date(), verified_at: new Date() }).execute();

/** The body of the latest text message to a number that matches, as the SMS provider received it. */
const textTo = (number: string, pattern = /./) =>
  waitUntil(
    async () => [...sms.received].reverse().map((r) => JSON.parse(r.body) as { to: string; body: string }).find((m) => m.to === number && pattern.test(m.body))?.body,
    `an SMS to ${number}`,
  );

/** Login page → "Forgot your password?" → the login name → one of the offered choices. */
async function forgot(page: Page, login: string, choice: string) {
  await page.goto(`${base}/o/acme/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Username or email').fill(login);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: choice }).click();
  await page.getByRole('heading', { name: 'Check your messages' }).waitFor();
  expect(await page.locator('#sent').textContent()).toContain(`If an account matches ${login}`);
}

async function newPassword(page: Page) {
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByLabel('Confirm password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Reset password' }).click();
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
  expect(await page.locator('#notice').textContent()).toBe('Your password is changed and you are signed in. Your other sessions were signed out.');
}

/** A fresh browser profile signed in to the console as the platform admin. */
async function consoleSignIn() {
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(`${base}/admin/`);
  await admin.getByLabel('Organization').fill('acme');
  await admin.getByLabel('Email or username').fill('admin@acme.test');
  await admin.getByLabel('Password').fill(PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.getByRole('heading', { name: 'Users' }).waitFor();
  return admin;
}

describe('password recovery in a real browser', () => {
  it('when a user forgets the password and uses the emailed link, then they choose a new one and are signed in; the notice arrives', async () => {
    await activeUser('lisa');
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await forgot(page, 'lisa', 'Email me a reset link');
    await page.screenshot({ path: `${shots}/forgot-sent.png`, fullPage: true });
    const mail = await smtp.waitFor('lisa@example.test', (m) => m.subject.startsWith('Reset your'));
    await page.goto(linkIn(mail.text, /http:\/\/127\.0\.0\.1:\d+\/o\/acme\/forgot\/reset\/\S+/));
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(await page.getByLabel('Code from the email').count()).toBe(0);
    await newPassword(page);
    const notice = await smtp.waitFor('lisa@example.test', (m) => m.subject.includes('password was changed'));
    expect(notice.text).toContain('Forgot your password?');
  }, 90_000);

  it('when an admin turns on "Require a code to reset" in the console, then the forgot page says so, a bare link is refused and the code from the email works', async () => {
    await activeUser('cara');
    const admin = await consoleSignIn();
    await admin.getByRole('link', { name: 'Organization', exact: true }).click();
    const section = admin.getByRole('region', { name: 'Reset options' });
    await section.getByRole('switch', { name: 'Require a code to reset' }).check();
    await section.screenshot({ path: `${shots}/console-reset-options.png` });
    await section.getByRole('button', { name: 'Save reset options' }).click();
    await admin.getByText('Reset options saved').waitFor();
    await waitUntil(async () => (await t.app.inject({ url: '/api/v1/organizations/acme', headers: auth })).json().settings.recovery.requireCode, 'the setting saved');

    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${base}/o/acme/login`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByLabel('Username or email').fill('cara');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByText('The email holds a code too').waitFor();
      await page.getByRole('button', { name: 'Email me a reset link' }).click();
      const mail = await smtp.waitFor('cara@example.test', (m) => m.subject.startsWith('Reset your'));
      const code = /^\s{4}(\d{8})$/m.exec(mail.text)![1]!;
      await page.goto(linkIn(mail.text, /http:\/\/127\.0\.0\.1:\d+\/o\/acme\/forgot\/reset\/\S+/));
      // The bare link: no code typed. The browser's own check is bypassed, as a crafted request would.
      await page.locator('form').evaluate((f) => f.setAttribute('novalidate', ''));
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByLabel('Confirm password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Reset password' }).click();
      await page.getByRole('alert').getByText('requires the code from the email as well as the link').waitFor();
      await page.screenshot({ path: `${shots}/reset-code-required.png`, fullPage: true });
      await page.getByLabel('Code from the email').fill(code);
      await newPassword(page);
    } finally {
      await settings({ requireCode: false });
    }
  }, 90_000);

  it('when an admin clicks "Send password reset" on a user page, then the user gets the reset email and it works', async () => {
    const user = await activeUser('remy');
    const admin = await consoleSignIn();
    await admin.goto(`${base}/admin/users/${user.id}?tab=security`);
    await admin.getByRole('button', { name: 'Send password reset' }).click();
    await admin.getByRole('status').getByText('Sent a reset link by email').waitFor();
    const mail = await smtp.waitFor('remy@example.test', (m) => m.subject.startsWith('Reset your'));
    const page = await (await browser.newContext()).newPage();
    await page.goto(linkIn(mail.text, /http:\/\/127\.0\.0\.1:\d+\/o\/acme\/forgot\/reset\/\S+/));
    await newPassword(page);
  }, 90_000);

  it('when SMS reset is on and the user has a verified recovery phone, then the texted code resets the password', async () => {
    await settings({ sms: true });
    try {
      const user = await activeUser('sami');
      await verifiedPhone(user.id, '+14155550166');
      const page = await (await browser.newContext()).newPage();
      await forgot(page, 'sami', 'Text a code to my recovery phone');
      const code = /is (\d{8})\./.exec(await textTo('+14155550166', /reset code/))![1]!;
      await page.getByRole('button', { name: 'Enter the code' }).click();
      await page.getByLabel('Reset code').fill(code);
      await newPassword(page);
      expect(await textTo('+14155550166', /was changed/)).toContain('Not you?');
    } finally {
      await settings({ sms: false });
    }
  }, 90_000);

  it('when a user lost the authenticator app, then the texted code resets it, and the next sign-in enrolls a new one before anything else', async () => {
    await settings({ sms: true });
    try {
      const user = await activeUser('toby');
      await verifiedPhone(user.id, '+14155550177');
      const org = await t.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
      const row = await t.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      const enrollment = await mfa.beginTotpEnrollment(t.ctx, org, row);
      await t.db.transaction().execute((tx) => mfa.confirmTotp(t.ctx, tx, org, row, enrollment.factorId, totpCode(enrollment.key.replace(/ /g, ''), t.clock.now()), systemActor()));

      const page = await (await browser.newContext()).newPage();
      await forgot(page, 'toby', 'Reset my authenticator');
      const code = /is (\d{8})\./.exec(await textTo('+14155550177', /reset code/))![1]!;
      await page.getByRole('button', { name: 'Enter the code' }).click();
      await page.getByLabel('Code from the text message').fill(code);
      await page.getByRole('button', { name: 'Reset my authenticator' }).click();
      await page.getByRole('heading', { name: 'Your authenticator is reset' }).waitFor();
      await page.screenshot({ path: `${shots}/authenticator-reset.png`, fullPage: true });
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.getByLabel('Username or email').fill('toby');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Set up an authenticator app' }).waitFor();
      // Nothing else is reachable until the new authenticator is enrolled.
      await page.goto(`${base}/o/acme/account`);
      expect(new URL(page.url()).pathname).toBe('/o/acme/login');
      await page.goto(`${base}/o/acme/login/authenticator`);
      const key = (await page.locator('#totp-key').textContent())!.replace(/ /g, '');
      t.clock.advance(60_000);
      await page.getByLabel('Code from the app').fill(totpCode(key, t.clock.now()));
      await page.getByRole('button', { name: 'Turn on' }).click();
      await page.getByRole('heading', { name: 'Your account' }).waitFor();
      await smtp.waitFor('toby@example.test', (m) => m.subject.toLowerCase().includes('authenticator'));
    } finally {
      await settings({ sms: false });
    }
  }, 90_000);

  it('when the recovery pages are checked with axe, then there are no serious or critical violations', async () => {
    await settings({ sms: true, requireCode: true });
    try {
      await activeUser('axel');
      const page = await (await browser.newContext({ bypassCSP: true })).newPage();
      const found: Record<string, string[]> = {};
      await page.goto(`${base}/o/acme/forgot`);
      await page.getByLabel('Username or email').fill('axel');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Email me a reset link' }).waitFor();
      found.options = await axeViolations(page);
      await page.getByRole('button', { name: 'Email me a reset link' }).click();
      await page.getByRole('heading', { name: 'Check your messages' }).waitFor();
      found.sent = await axeViolations(page);
      const mail = await smtp.waitFor('axel@example.test', (m) => m.subject.startsWith('Reset your'));
      await page.goto(linkIn(mail.text, /http:\/\/127\.0\.0\.1:\d+\/o\/acme\/forgot\/reset\/\S+/));
      await page.getByLabel('Code from the email').waitFor();
      found.link = await axeViolations(page);
      await page.goto(`${base}/o/acme/forgot/reset?login=axel`);
      found.code = await axeViolations(page);
      await page.goto(`${base}/o/acme/forgot/authenticator`);
      found.authenticator = await axeViolations(page);
      await page.goto(`${base}/o/acme/forgot/reset/not-a-real-token`);
      found.ended = await axeViolations(page);
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    } finally {
      await settings({ sms: false, requireCode: false });
    }
  }, 90_000);
});
