import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './helpers/browser.js';
import { startReceiver } from './helpers/http-receiver.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait.js';

let t: TestApp;
let smtp: SmtpSink;
let sms: Awaited<ReturnType<typeof startReceiver>>;
let browser: Browser;
let base: string;
const shots = 'test-results/screenshots';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  smtp = await startSmtpSink();
  sms = await startReceiver(200);
  t = await createTestApp({ smtpUrl: smtp.url, env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: `${sms.url}/sms`, SMS_WEBHOOK_SECRET: 'webhook-shared-secret' } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  await t.createPlatformAdmin('acme', 'admin@acme.test');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await sms?.close();
  await smtp?.close();
});

const textTo = (number: string) =>
  waitUntil(async () => sms.received.map((r) => JSON.parse(r.body) as { to: string; body: string }).find((m) => m.to === number), `SMS to ${number}`);

describe('the recovery phone in a real browser', () => {
  it('when a user adds a phone with consent and proves it with the texted code, then the account shows it verified; an admin sees it in the console and removes it', async () => {
    const admin = await t.consoleLogin('acme', 'admin@acme.test');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: admin, payload: { username: 'petra', email: 'petra@example.com' } });
    const userId = created.json().id as string;
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${userId}/password`, headers: admin, payload: { password: PASSWORD, temporary: false } });

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/o/acme/login`);
    await page.getByLabel('Username or email').fill('petra');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByRole('link', { name: 'Add a recovery phone' }).click();
    await page.getByRole('heading', { name: 'Add a recovery phone' }).waitFor();

    // Without consent nothing is sent, and the page says why.
    await page.getByLabel('Country').selectOption('CH');
    await page.getByLabel('Mobile number').fill('079 555 20 20');
    await page.getByRole('button', { name: 'Send code' }).click();
    expect(await page.locator('#error').textContent()).toContain('Tick the box to agree to receive security codes by SMS');
    expect(await page.getByLabel('Country').inputValue()).toBe('CH');

    await page.getByLabel('I agree to receive security codes by SMS at this number. Messages and carrier rates may apply.').check();
    await page.screenshot({ path: `${shots}/recovery-phone-add.png`, fullPage: true });
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('heading', { name: 'Prove it' }).waitFor();
    expect(await page.locator('#phone-state').textContent()).toBe('Not verified yet');
    const code = /(\d{6}) is your code/.exec((await textTo('+41795552020')).body)![1]!;

    await page.getByLabel('Code from the text message').fill(code);
    await page.screenshot({ path: `${shots}/recovery-phone-prove.png`, fullPage: true });
    await page.getByRole('button', { name: 'Prove it' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await page.locator('#notice').textContent()).toBe('Your recovery phone is verified.');
    expect(await page.locator('#recovery-phone-state').textContent()).toContain('verified');
    expect(await page.locator('#recovery-phone-state').textContent()).toContain('+41 •••••••20');
    await smtp.waitFor('petra@example.com', (m) => m.subject.includes('recovery phone was added'));

    // The console shows the phone on the user's page, with a confirmed Remove.
    const adminPage = await (await browser.newContext()).newPage();
    await adminPage.goto(`${base}/admin/`);
    await adminPage.getByLabel('Organization').fill('acme');
    await adminPage.getByLabel('Email or username').fill('admin@acme.test');
    await adminPage.getByLabel('Password').fill(PASSWORD);
    await adminPage.getByRole('button', { name: 'Sign in' }).click();
    await adminPage.getByRole('link', { name: 'petra' }).click();
    await adminPage.getByRole('tab', { name: 'Security' }).click();
    await adminPage.getByRole('heading', { name: 'Recovery phone' }).waitFor();
    expect(await adminPage.getByTestId('recovery-phone-number').textContent()).toBe('+41795552020');
    expect(await adminPage.getByTestId('recovery-phone-state').textContent()).toBe('Verified');
    await adminPage.screenshot({ path: `${shots}/console-recovery-phone.png`, fullPage: true });
    await adminPage.getByRole('button', { name: 'Remove recovery phone' }).click();
    await adminPage.getByRole('dialog', { name: 'Remove recovery phone?' }).getByRole('button', { name: 'Remove recovery phone' }).click();
    await adminPage.getByTestId('recovery-phone-none').waitFor();

    await smtp.waitFor('petra@example.com', (m) => m.subject.includes('was removed'));
    await page.reload();
    await page.getByRole('link', { name: 'Add a recovery phone' }).waitFor();
  }, 90_000);

  it('when an admin sets the default country on the Organization page, then a new user\'s phone form starts on it', async () => {
    const adminPage = await (await browser.newContext()).newPage();
    await adminPage.goto(`${base}/admin/`);
    await adminPage.getByLabel('Organization').fill('acme');
    await adminPage.getByLabel('Email or username').fill('admin@acme.test');
    await adminPage.getByLabel('Password').fill(PASSWORD);
    await adminPage.getByRole('button', { name: 'Sign in' }).click();
    await adminPage.getByRole('link', { name: 'Organization', exact: true }).click();
    await adminPage.getByLabel('Default country').fill('de');
    await adminPage.getByText('Germany: the country the form starts on').waitFor();
    await adminPage.getByRole('button', { name: 'Set default country' }).click();
    await adminPage.getByText('Default country set').waitFor();

    const admin = await t.consoleLogin('acme', 'admin@acme.test');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: admin, payload: { username: 'dieter' } });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${created.json().id}/password`, headers: admin, payload: { password: PASSWORD, temporary: false } });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/o/acme/login`);
    await page.getByLabel('Username or email').fill('dieter');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Add a recovery phone' }).click();
    expect(await page.getByLabel('Country').inputValue()).toBe('DE');
  }, 60_000);
});
