import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { linkIn, startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { launchBrowser } from './helpers/browser.js';
import { pageClient } from './helpers/pages.js';
import * as login from '../src/auth/service.js';
import * as organizations from '../src/features/organizations/service.js';
import * as setup from '../src/features/setup/service.js';

let t: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  ({ auth } = await t.createOrg('acme'));
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

/**
 * A fresh browser profile that counts what the person goes through: page loads (main-frame
 * navigations, a form post and its redirect being one) and fields they type into.
 */
async function countingPage() {
  const page: Page = await (await browser.newContext()).newPage();
  const counts = { loads: 0, typed: 0 };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url() !== 'about:blank') counts.loads++;
  });
  const type = async (label: string, value: string) => {
    counts.typed++;
    await page.getByLabel(label, { exact: true }).fill(value);
  };
  return { page, counts, type };
}

const userRow = (id: string) => t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const signIns = (userId: string) =>
  t.db.selectFrom('audit_events').select(['data']).where('target_id', '=', userId).where('action', '=', 'login.succeeded').execute();
const sessionMethods = (userId: string) => t.db.selectFrom('sessions').select(['methods', 'aal']).where('user_id', '=', userId).execute();
const codeIn = (text: string) => /code is:\s+([A-Za-z0-9]+)/.exec(text)![1]!;

describe('after setting a password the person is signed in', () => {
  it('when an invitation link is opened and a password chosen, then the account page is reached in 2 page loads and 2 typed fields', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'linda', email: 'linda@example.com', invite: true });
    const link = linkIn((await smtp.waitFor('linda@example.com')).text, /http:\/\/127\.0\.0\.1:\d+\/o\/acme\/invitations\/\S+/);
    const { page, counts, type } = await countingPage();
    await page.goto(link);
    await type('New password', 'a long happy passphrase');
    await type('Confirm password', 'a long happy passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await page.locator('#username').textContent()).toBe('linda');
    expect(counts).toEqual({ loads: 2, typed: 2 });
    // An ordinary sign-in: audited, last login recorded.
    expect((await signIns(user.id)).map((e) => e.data)).toEqual([{ kind: 'account', via: 'invitation_link' }]);
    expect((await userRow(user.id)).last_login_at).not.toBeNull();
    // The session says the invitation link proved the person.
    expect(await sessionMethods(user.id)).toEqual([{ methods: ['invitation_link'], aal: 1 }]);
    expect(await page.locator('#signed-in-with').textContent()).toBe('Invitation link (one factor)');
  }, 60_000);

  it('when a temporary password is used, then the account page is reached in 3 page loads (sign-in, forced change, account)', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'terry', email: 'terry@example.com' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: 'a temporary passphrase 7' } });
    const { page, counts, type } = await countingPage();
    await page.goto(`${base}/o/acme/login`);
    await type('Username or email', 'terry');
    await type('Password', 'a temporary passphrase 7');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await type('New password', 'my own quiet passphrase');
    await type('Confirm password', 'my own quiet passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(counts).toEqual({ loads: 3, typed: 4 });
    expect((await signIns(user.id)).map((e) => e.data)).toEqual([{ kind: 'account', via: 'password_change' }]);
  }, 60_000);

  it('when an invitation code is used as the password, then the account page is reached in 3 page loads', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'cody', email: 'cody@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('cody@example.com')).text);
    const { page, counts, type } = await countingPage();
    await page.goto(`${base}/o/acme/login`);
    await type('Username or email', 'cody');
    await type('Password', code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set your password' }).waitFor();
    await type('New password', 'another own passphrase');
    await type('Confirm password', 'another own passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(counts).toEqual({ loads: 3, typed: 4 });
    expect((await signIns(user.id)).map((e) => e.data)).toEqual([{ kind: 'account', via: 'invitation_code' }]);
    expect(await sessionMethods(user.id)).toEqual([{ methods: ['invitation_code'], aal: 1 }]);
  }, 60_000);

  it('when the first administrator is created from the setup link, then the console opens signed in', async () => {
    const s = await createTestApp();
    const sBase = await s.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = new URL((await setup.setupLinkIfNeeded(s.ctx))!).pathname;
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${sBase}${url}`);
      await page.getByLabel('Organization short name').fill('first');
      await page.getByLabel('Organization name').fill('First Ltd');
      await page.getByLabel('Your email').fill('root@first.test');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Create administrator' }).click();
      await page.getByRole('heading', { name: 'Users' }).waitFor({ timeout: 45_000 }).catch(async (err) => {
        throw new Error(`${err}\nat ${page.url()}:\n${(await page.locator('body').innerText({ timeout: 2000 }).catch(() => 'no body')).slice(0, 800)}`);
      });
      expect(page.url()).toContain('/admin/');
      const cookies = await page.context().cookies();
      expect(cookies.map((c) => c.name)).toContain('lk_console');
      const admin = await s.db.selectFrom('users').selectAll().where('email', '=', 'root@first.test').executeTakeFirstOrThrow();
      expect(admin.last_login_at).not.toBeNull();
      const events = await s.db.selectFrom('audit_events').select(['data']).where('target_id', '=', admin.id).where('action', '=', 'login.succeeded').execute();
      expect(events.map((e) => e.data)).toEqual([{ kind: 'console', via: 'setup' }]);
      expect(await s.db.selectFrom('sessions').select(['methods', 'aal']).where('user_id', '=', admin.id).execute()).toEqual([{ methods: ['setup_link'], aal: 1 }]);
    } finally {
      await s.close();
    }
  }, 90_000);
});

describe('no session for an account that may not sign in', () => {
  it('when the account is disabled or locked, then no session is started and nothing is recorded as a sign-in', async () => {
    const org = await organizations.findPublic(t.ctx, 'acme');
    for (const status of ['disabled', 'locked'] as const) {
      const user = await t.createUser(auth, 'acme', { username: `no-${status}`, email: `no-${status}@example.com` });
      await t.db.updateTable('users').set({ status }).where('id', '=', user.id).execute();
      const meta = { ip: '127.0.0.1', userAgent: 'test' };
      expect(await login.continueSignedIn(t.ctx, org, user.id, 'account', 'invitation_link', meta)).toBeUndefined();
      const sessions = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
      expect(sessions).toHaveLength(0);
      expect(await signIns(user.id)).toHaveLength(0);
      expect((await userRow(user.id)).last_login_at).toBeNull();
    }
  });

  it('when a user proves an invitation code or a temporary password at sign-in, then it counts as their last login', async () => {
    const coded = await t.createUser(auth, 'acme', { username: 'last-code', email: 'last-code@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('last-code@example.com')).text);
    const c = pageClient(t);
    await c.get('/o/acme/login');
    expect((await c.post('/o/acme/login', { login: 'last-code', password: code })).headers.location).toBe('/o/acme/password');
    expect((await userRow(coded.id)).last_login_at).not.toBeNull();

    const temp = await t.createUser(auth, 'acme', { username: 'last-temp', email: 'last-temp@example.com' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${temp.id}/password`, headers: auth, payload: { password: 'a temporary passphrase 9' } });
    const d = pageClient(t);
    await d.get('/o/acme/login');
    expect((await d.post('/o/acme/login', { login: 'last-temp', password: 'a temporary passphrase 9' })).headers.location).toBe('/o/acme/password');
    const api = await t.app.inject({ url: `/api/v1/organizations/acme/users/${temp.id}`, headers: auth });
    expect(api.json().lastLoginAt).not.toBeNull();
  });
});
