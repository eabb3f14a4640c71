import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './helpers/browser.js';
import { pageClient } from './helpers/pages.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let smtp: SmtpSink;
let auth: Record<string, string>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const NEW = 'a brand new passphrase here';
const errorOf = (html: string) => /id="error">([^<]*)</.exec(html)?.[1];

async function userWithPassword(username: string, email: string | null = `${username}@example.com`) {
  const user = await t.createUser(auth, 'acme', { username, email });
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  expect(res.statusCode).toBe(200);
  return user;
}

async function signedIn(login: string, password = PASSWORD) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  const res = await c.post('/o/acme/login', { login, password });
  expect(res.headers.location).toBe('/o/acme/account');
  return c;
}

describe('changing your own password (forms, no JavaScript)', () => {
  it('when a signed-in user changes their password, then other sessions end, this one stays, a notice is emailed and audited', async () => {
    const user = await userWithPassword('chang');
    const other = await signedIn('chang');
    const c = await signedIn('chang');
    const account = await c.get('/o/acme/account');
    expect(account.body).toContain('href="/o/acme/account/password"');
    const form = await c.get('/o/acme/account/password');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="current"');

    const done = await c.post('/o/acme/account/password', { current: PASSWORD, password: NEW, confirm: NEW });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your password is changed');
    expect((await c.get('/o/acme/account')).statusCode).toBe(200);
    expect((await other.get('/o/acme/account')).headers.location).toBe('/o/acme/login');

    const mail = await smtp.waitFor('chang@example.com', (m) => m.subject.includes('password was changed'));
    expect(mail.text).toContain('chang');
    expect(mail.text).toContain("If you didn't do this");
    const audit = (await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?action=password.changed&targetId=${user.id}`, headers: auth })).json();
    expect(audit.items[0]).toMatchObject({ action: 'password.changed', data: { reason: 'self_service' } });

    expect((await pageClient(t).post('/o/acme/login', { login: 'chang', password: PASSWORD })).statusCode).not.toBe(303);
    await signedIn('chang', NEW);
  });

  it('when the current password is wrong, then it is refused without change and counts as a failed sign-in', async () => {
    await userWithPassword('wrongo');
    const c = await signedIn('wrongo');
    await c.get('/o/acme/account/password');
    const wrong = await c.post('/o/acme/account/password', { current: 'not my password at all', password: NEW, confirm: NEW });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong.body)).toBe('Your current password is not correct');
    for (let i = 0; i < 4; i++) await c.post('/o/acme/account/password', { current: `wrong guess number ${i}`, password: NEW, confirm: NEW });
    // Five failures: the account is locked out, here and at sign-in, even with the right password.
    const locked = await c.post('/o/acme/account/password', { current: PASSWORD, password: NEW, confirm: NEW });
    expect(locked.statusCode).toBe(429);
    const login = await pageClient(t).post('/o/acme/login', { login: 'wrongo', password: PASSWORD });
    expect(login.statusCode).not.toBe(303);
    t.clock.advance(3600_000);
    await signedIn('wrongo'); // the password did not change
  });

  it('when the new password breaks the policy or the confirmation differs, then the page says why', async () => {
    await userWithPassword('policed');
    const c = await signedIn('policed');
    await c.get('/o/acme/account/password');
    const short = await c.post('/o/acme/account/password', { current: PASSWORD, password: 'too short', confirm: 'too short' });
    expect(short.statusCode).toBe(400);
    expect(errorOf(short.body)).toContain('at least 15 characters');
    const named = await c.post('/o/acme/account/password', { current: PASSWORD, password: 'policed forever and ever', confirm: 'policed forever and ever' });
    expect(errorOf(named.body)).toContain('your username “policed”');
    const same = await c.post('/o/acme/account/password', { current: PASSWORD, password: PASSWORD, confirm: PASSWORD });
    expect(errorOf(same.body)).toContain('different from the current one');
    const mismatch = await c.post('/o/acme/account/password', { current: PASSWORD, password: NEW, confirm: `${NEW}!` });
    expect(errorOf(mismatch.body)).toContain('do not match');
  });

  it('when the form is posted without its CSRF token or without a session, then nothing changes', async () => {
    await userWithPassword('csrfy');
    const c = await signedIn('csrfy');
    const res = await t.app.inject({
      method: 'POST',
      url: '/o/acme/account/password',
      headers: { cookie: c.cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ current: PASSWORD, password: NEW, confirm: NEW }).toString(),
    });
    expect(res.statusCode).toBe(403);
    const anonymous = await pageClient(t).post('/o/acme/account/password', { current: PASSWORD, password: NEW, confirm: NEW });
    expect(anonymous.headers.location).toBe('/o/acme/login');
    await signedIn('csrfy');
  });
});

describe('changing your own password in a real browser', () => {
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('when a user follows Change password from the account page, then the form changes it', async () => {
    await userWithPassword('browsy');
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${base}/o/acme/login`);
    await page.getByLabel('Username or email').fill('browsy');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await page.getByLabel('Current password').fill('not the password at all');
    await page.getByLabel('New password', { exact: true }).fill(NEW);
    await page.getByLabel('Confirm new password').fill(NEW);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByText('Your current password is not correct').waitFor();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW);
    await page.getByLabel('Confirm new password').fill(NEW);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#notice').getByText('Your password is changed').waitFor();
    await page.getByRole('link', { name: 'Back to your account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  }, 60_000);
});
