import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { systemActor } from '../src/access/index.js';
import * as apiTokens from '../src/features/api-tokens/service.js';
import { axeViolations } from './helpers/axe.js';
import { launchBrowser, signInToConsole } from './helpers/browser.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let browser: Browser;
let base: string;
let auth: Record<string, string>;
const NEW_PASSWORD = 'a fresh phrase for a new start';

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  await t.createPlatformAdmin('acme', 'admin@acme.test');
  const org = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'acme').executeTakeFirstOrThrow();
  const token = await apiTokens.create(t.ctx, systemActor(), org.id, { name: 'tests', privilege: 'org_admin' });
  auth = { authorization: `Bearer ${token.token}` };
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function activeUser(username: string, privilege?: string) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.test`, ...(privilege && { privilege }) });
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  if (res.statusCode !== 200) throw new Error(res.body);
  return user;
}

describe('support actions in the browser', () => {
  it('when a helpdesk issues a recovery code in the console and the caller types it on the recovery page, then the caller sets a new password and is signed in', async () => {
    await activeUser('desk', 'helpdesk');
    const caller = await activeUser('carla');
    const console = await signInToConsole(browser, base, 'acme', 'desk', PASSWORD);
    await console.goto(`${base}/admin/users/${caller.id}?tab=security`);
    await console.getByRole('heading', { name: 'Support actions' }).waitFor();
    // A helpdesk can't remove an identity: only the code is offered.
    expect(await console.getByRole('button', { name: 'Remove user identity' }).count()).toBe(0);
    await console.getByRole('button', { name: 'Issue recovery code' }).click();
    const dialog = console.getByRole('dialog');
    const issue = dialog.getByRole('button', { name: 'Issue code' });
    expect(await issue.isDisabled()).toBe(true);
    await dialog.getByLabel('How did you verify the caller?').fill('called back on the number in HR records');
    await issue.click();
    const code = (await dialog.getByTestId('recovery-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(await dialog.getByText('Shown only now').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${base}/o/acme/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Username or email').fill('carla');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('link', { name: 'I have a code from the helpdesk' }).click();
    await page.getByRole('heading', { name: 'Use your code from the helpdesk' }).waitFor();
    expect(await page.getByLabel('Username or email').inputValue()).toBe('carla');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Code from the helpdesk').fill(code.toLowerCase());
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('Confirm password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    const events = await t.db.selectFrom('audit_events').select('action').where('target_id', '=', caller.id).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['recovery_code.issued', 'recovery_code.redeemed']));
  });

  it('when an administrator removes an identity and deletes a user in the console, then each asks for confirmation and delete needs the typed username', async () => {
    const user = await activeUser('dora');
    const gone = await activeUser('gone-gary');
    const admin = await signInToConsole(browser, base, 'acme', 'admin@acme.test', PASSWORD);
    await admin.goto(`${base}/admin/users/${user.id}?tab=security`);
    await admin.getByRole('button', { name: 'Remove user identity' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Remove identity' }).click();
    await admin.getByText('User identity removed').first().waitFor();
    expect((await t.db.selectFrom('users').select(['status', 'password_hash']).where('id', '=', user.id).executeTakeFirstOrThrow())).toEqual({ status: 'pending', password_hash: null });

    await admin.goto(`${base}/admin/users/${gone.id}`);
    await admin.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = admin.getByRole('dialog');
    const del = dialog.getByRole('button', { name: 'Delete user' });
    expect(await del.isDisabled()).toBe(true);
    await dialog.getByLabel('Type gone-gary to confirm').fill('gone-gar');
    expect(await del.isDisabled()).toBe(true);
    await dialog.getByLabel('Type gone-gary to confirm').fill('gone-gary');
    await del.click();
    await admin.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    expect(await t.db.selectFrom('users').select('id').where('id', '=', gone.id).executeTakeFirst()).toBeUndefined();
  });
});
