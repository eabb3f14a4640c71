import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, type TestApp } from './helpers/test-app.js';
import { startConsoleApp, type ConsoleApp } from './helpers/console-app.js';

let c: ConsoleApp;
let t: TestApp;
let browser: Browser;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  c = await startConsoleApp('walk');
  ({ t, browser, base, auth } = c);
}, 60_000);
afterAll(async () => {
  await c?.close();
});

/** A fresh browser profile signed in to the account pages (or refused: the page says why). */
async function accountSignIn(login: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/o/walk/login`);
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  return page;
}
const isSignedIn = async (page: Page) => {
  await page.goto(`${base}/o/walk/account`);
  return new URL(page.url()).pathname === '/o/walk/account';
};

describe('sessions and devices in the browser', () => {
  it('when a person and an administrator sign sessions out and manage devices, then each browser notices at its next page and the limit is explained', async () => {
    const user = await t.createUser(auth, 'walk', { username: 'walker', email: 'walker@walk.test' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/walk/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });

    // The person, in two browsers, signs the other one out from the account page.
    const laptop = await accountSignIn('walker');
    const phone = await accountSignIn('walker');
    await laptop.goto(`${base}/o/walk/account`);
    await laptop.getByRole('heading', { name: 'Your sessions' }).waitFor();
    expect(await laptop.locator('li.session').count()).toBe(2);
    await laptop.getByRole('button', { name: /^Sign out .*signed in/ }).click();
    await laptop.getByText('That session is signed out.').waitFor();
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);

    // The administrator sees the session and the two devices, and signs the user out everywhere.
    const admin = await c.signIn();
    await admin.goto(`${base}/admin/users/${user.id}?tab=sessions`);
    const sessions = admin.getByTestId('sessions-table');
    await sessions.waitFor();
    expect(await sessions.locator('tbody tr').count()).toBe(1);
    await admin.getByRole('tab', { name: 'Devices' }).click();
    // The devices table loads on its own request: wait for its rows, not only the table.
    const devices = admin.getByTestId('devices-table');
    await devices.locator('tbody tr').nth(1).waitFor();
    expect(await devices.locator('tbody tr').count()).toBe(2);
    await admin.getByRole('tab', { name: 'Sessions' }).click();
    await admin.getByRole('button', { name: 'Sign out everywhere' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await admin.getByText('walker is not signed in anywhere.').waitFor();
    expect(await isSignedIn(laptop)).toBe(false);
    await admin.getByRole('tab', { name: 'Devices' }).click();

    // A limit of two devices: a third browser is refused with the reason and the way out.
    await admin.getByRole('button', { name: 'Change limit' }).click();
    await admin.getByRole('dialog').getByLabel('Maximum devices').fill('2');
    await admin.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await admin.getByTestId('device-limit').getByText('2 devices (set for this user)').waitFor();
    const tablet = await accountSignIn('walker');
    await tablet.getByText('This account is already used on 2 devices; forget one from a device you use, or ask your administrator.').waitFor();
    expect(await isSignedIn(tablet)).toBe(false);

    // The administrator forgets one; the third browser gets in.
    await admin.getByRole('button', { name: /^Forget / }).first().click();
    await admin.getByText('Device forgotten').waitFor();
    await devices.locator('tbody tr').nth(1).waitFor({ state: 'detached' });
    const again = await accountSignIn('walker');
    expect(await isSignedIn(again)).toBe(true);
    await again.getByRole('heading', { name: 'Your devices' }).waitFor();
    await again.getByText('This device').waitFor();

    // Back to the organization default (unlimited).
    await admin.reload();
    await admin.getByRole('button', { name: 'Change limit' }).click();
    await admin.getByRole('button', { name: 'Reset to organization default' }).click();
    await admin.getByTestId('device-limit').getByText('Unlimited (organization default)').waitFor();

    // The organization default, set on the organization page, applies to users without their own.
    await admin.goto(`${base}/admin/organization`);
    await admin.getByLabel('Limit devices per user').check({ force: true });
    await admin.getByLabel('Default device limit').fill('5');
    await admin.getByRole('button', { name: 'Apply device limit' }).click();
    await admin.getByText('Device limit saved').waitFor();
    const org = await t.app.inject({ url: '/api/v1/organizations/walk', headers: auth });
    expect(org.json().settings.devices).toEqual({ defaultLimit: 5 });
    await admin.goto(`${base}/admin/users/${user.id}?tab=devices`);
    await admin.getByTestId('device-limit').getByText('5 devices (organization default)').waitFor();
  }, 120_000);
});
