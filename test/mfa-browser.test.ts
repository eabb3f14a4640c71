import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { launchBrowser } from './helpers/browser.js';
import { pageClient } from './helpers/pages.js';
import { totpCode } from '../src/lib/totp.js';

let t: TestApp;
let browser: Browser;
let base: string;
let auth: Record<string, string>;
/** A console session of the acme administrator, taken before they turn on a second factor. */
let acmeAdmin: Record<string, string>;
const shots = 'test-results/screenshots';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await createTestApp({ worker: false });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  await t.createPlatformAdmin('acme', 'admin@acme.test');
  ({ auth } = await t.createOrg('strict'));
  acmeAdmin = await t.consoleLogin('acme', 'admin@acme.test');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The code the authenticator app shows now; the clock moves on a step, so the next code is new. */
const appCode = (key: string) => totpCode(key.replace(/\s/g, ''), t.clock.now());
const nextStep = () => t.clock.advance(30_000);

async function activeUser(org: string, username: string, headers = auth) {
  const u = await t.createUser(headers, org, { username, email: `${username}@example.com` });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${u.id}/password`, headers, payload: { password: PASSWORD, temporary: false } });
  return u;
}

async function signInWithPassword(org: string, login: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/o/${org}/login`);
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/** On the account page: sets up the authenticator app from the key shown; returns the key. */
async function turnOnAuthenticator(page: Page) {
  await page.getByRole('link', { name: 'Set up' }).click();
  await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor();
  const key = (await page.locator('#totp-key').textContent())!;
  await page.getByLabel('Code from the app').fill(appCode(key));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByText('Your authenticator app is turned on.').waitFor();
  nextStep();
  return key;
}

async function consoleSignIn(code?: () => string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Organization').fill('acme');
  await page.getByLabel('Email or username').fill('admin@acme.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (code) {
    await page.getByLabel('Code from your authenticator app').fill(code());
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  await page.getByRole('heading', { name: 'Users' }).waitFor();
  return page;
}

describe('multi-factor authentication in a real browser', () => {
  let key: string;
  let backupCodes: string[];
  let adminKey: string;

  it('when a person turns on an authenticator app from the QR code page, then the next sign-in asks for its code and records two factors', async () => {
    await activeUser('acme', 'ada', acmeAdmin);
    const page = await signInWithPassword('acme', 'ada');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    key = await turnOnAuthenticator(page);
    await page.screenshot({ path: `${shots}/mfa-account.png`, fullPage: true });

    const again = await signInWithPassword('acme', 'ada');
    await again.getByRole('heading', { name: 'Verify it is you' }).waitFor();
    await again.getByLabel('Code from your authenticator app').fill(appCode(key));
    await again.getByRole('button', { name: 'Verify' }).click();
    expect(await again.locator('#signed-in-with').textContent()).toBe('Password and authenticator app (two factors)');
    nextStep();
  });

  it('when a person signs in with a backup code, then it works, and the same code fails the next time', async () => {
    const page = await signInWithPassword('acme', 'ada');
    await page.getByLabel('Code from your authenticator app').fill(appCode(key));
    await page.getByRole('button', { name: 'Verify' }).click();
    nextStep();
    await page.getByRole('link', { name: 'Manage' }).nth(1).click();
    await page.getByRole('button', { name: 'Make backup codes' }).click();
    backupCodes = await page.locator('#backup-codes li').allTextContents();
    expect(backupCodes).toHaveLength(10);
    expect(await page.getByRole('link', { name: 'Download as a text file' }).getAttribute('download')).toBe('acme-backup-codes.txt');

    for (const attempt of ['first', 'again']) {
      const p = await signInWithPassword('acme', 'ada');
      await p.getByRole('link', { name: 'Use a backup code' }).click();
      await p.getByLabel('Backup code').fill(backupCodes[0]!);
      await p.getByRole('button', { name: 'Verify' }).click();
      if (attempt === 'first') expect(await p.locator('#signed-in-with').textContent()).toBe('Password and backup code (two factors)');
      else expect(await p.locator('#error').textContent()).toContain('The code is not valid');
    }
  });

  it('when an administrator generates a backup code for a locked-out user in the console, then it works once', async () => {
    const admin = await consoleSignIn();
    await admin.goto(`${base}/admin/users`);
    await admin.getByRole('link', { name: 'ada' }).click();
    await admin.getByRole('tab', { name: 'Security' }).click();
    await admin.getByRole('heading', { name: 'Security' }).waitFor();
    await admin.getByRole('button', { name: 'Generate backup code' }).click();
    const code = (await admin.getByTestId('issued-backup-code').locator('code').textContent())!;
    await admin.screenshot({ path: `${shots}/mfa-user-security.png`, fullPage: true });

    for (const attempt of ['first', 'again']) {
      const p = await signInWithPassword('acme', 'ada');
      await p.getByRole('link', { name: 'Use a backup code' }).click();
      await p.getByLabel('Backup code').fill(code);
      await p.getByRole('button', { name: 'Verify' }).click();
      if (attempt === 'first') await p.getByRole('heading', { name: 'Your account' }).waitFor();
      else expect(await p.locator('#error').textContent()).toContain('The code is not valid');
    }
  });

  it('when an administrator with an authenticator app signs in to the console, then the console asks for the code after the password', async () => {
    const page = await signInWithPassword('acme', 'admin@acme.test');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    adminKey = await turnOnAuthenticator(page);
    const consolePage = await consoleSignIn(() => appCode(adminKey));
    await consolePage.screenshot({ path: `${shots}/mfa-console-signed-in.png` });
    nextStep();
  });

  it('when the admin allows SMS on the Organization page, then a person with a verified recovery phone signs in with a texted code', async () => {
    const admin = await consoleSignIn(() => appCode(adminKey));
    nextStep();
    await admin.goto(`${base}/admin/organization`);
    const section = admin.getByRole('region', { name: 'Multi-factor authentication' });
    await section.getByText('SMS is a restricted authenticator').waitFor();
    await section.getByLabel('Allow SMS codes as a second factor').check({ force: true });
    await section.getByRole('button', { name: 'Apply multi-factor policy' }).click();
    await admin.getByText('Multi-factor policy saved').waitFor();

    // The recovery phone is set and proved on the account pages (forms), then SMS turned on.
    await activeUser('acme', 'tim', acmeAdmin);
    const text = async (pattern: RegExp) => {
      const rows = await t.db.selectFrom('outbox_messages').select('text_body').where('recipient', '=', '+41795550777').orderBy('created_at', 'desc').execute();
      return pattern.exec(rows[0]?.text_body ?? '')?.[1];
    };
    const c = pageClient(t);
    await c.get('/o/acme/login');
    await c.post('/o/acme/login', { login: 'tim', password: PASSWORD });
    await c.get('/o/acme/account/phone');
    await c.post('/o/acme/account/phone', { country: 'CH', number: '079 555 07 77', consent: 'yes' });
    await c.post('/o/acme/account/phone/verify', { code: (await text(/(\d{6}) is your code/))! });
    await c.get('/o/acme/account');
    expect((await c.post('/o/acme/account/sms', { enable: 'on' })).headers.location).toBe('/o/acme/account?notice=sms-on');

    const page = await signInWithPassword('acme', 'tim');
    await page.getByRole('heading', { name: 'Verify it is you' }).waitFor();
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText('We sent a code to').waitFor();
    await page.getByLabel('Code from the text message').fill((await text(/(\d{6}) is your .* sign-in code/))!);
    await page.getByRole('button', { name: 'Verify' }).click();
    expect(await page.locator('#signed-in-with').textContent()).toBe('Password and text message code (two factors)');
  });

  it('when the organization requires a second factor, then a person without one enrolls an authenticator at sign-in before anything else', async () => {
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/strict', headers: auth, payload: { settings: { mfa: { policy: 'required' } } } });
    await activeUser('strict', 'sam');
    const page = await signInWithPassword('strict', 'sam');
    await page.getByRole('heading', { name: 'Set up an authenticator app' }).waitFor();
    expect(await page.getByText('Your organization requires a second factor').count()).toBe(1);
    await page.goto(`${base}/o/strict/account`);
    // Not signed in yet: the account page sends the browser back to sign in.
    expect(page.url()).toBe(`${base}/o/strict/login`);
    const enrolling = await signInWithPassword('strict', 'sam');
    const samKey = (await enrolling.locator('#totp-key').textContent())!;
    await enrolling.getByLabel('Code from the app').fill(appCode(samKey));
    await enrolling.getByRole('button', { name: 'Turn on' }).click();
    await enrolling.getByText('Your authenticator app is turned on.').waitFor();
  });
});
