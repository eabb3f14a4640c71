import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './helpers/axe.js';
import { startConsoleApp, type ConsoleApp } from './helpers/console-app.js';
import { PASSWORD } from './helpers/test-app.js';

let c: ConsoleApp;
const shots = 'test-results/screenshots';
/** Headers of the platform admin's console session, for the API calls that set the scene. */
let admin: Record<string, string>;

const api = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = admin) => {
  const res = await c.t.app.inject({ method, url: `/api/v1/organizations/${c.org}${url}`, headers, ...(payload !== undefined && { payload: payload as object }) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? null : res.json();
};

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  c = await startConsoleApp('detail');
  admin = await c.t.consoleLogin('detail', c.adminEmail);
  await api('POST', '/attributes', { name: 'costCenter', type: 'number' });
  await api('POST', '/attributes', { name: 'badge', type: 'string', required: true });
}, 60_000);
afterAll(async () => {
  await c?.close();
});

/** A fresh browser profile signed in to the user's own account pages. */
async function accountSignIn(login: string): Promise<Page> {
  const page = await (await c.browser.newContext()).newPage();
  await page.goto(`${c.base}/o/${c.org}/login`);
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  return page;
}
const isSignedIn = async (page: Page) => {
  await page.goto(`${c.base}/o/${c.org}/account`);
  return new URL(page.url()).pathname === `/o/${c.org}/account`;
};

const userPage = (page: Page, id: string, tab?: string) => page.goto(`${c.base}/admin/users/${id}${tab ? `?tab=${tab}` : ''}`);

describe('the user detail page in a real browser', () => {
  it('when an admin opens each tab, then it shows the real data of the user and the address names the tab', async () => {
    const rita = await c.activeUser({ username: 'rita', email: 'rita@detail.test', firstName: 'Rita', lastName: 'Reyes', phone: '+41791234567', attributes: { badge: 'B-17', costCenter: 4200 } });
    const sales = await api('POST', '/groups', { name: 'Sales' });
    await api('PUT', `/groups/${sales.id}/members/${rita.id}`);
    const app = await api('POST', '/apps', { name: 'Expenses', url: 'https://expenses.detail.test/' });
    await api('POST', `/apps/${app.id}/assignments`, { groupIds: [sales.id] });
    const browserOfRita = await accountSignIn('rita');
    expect(await isSignedIn(browserOfRita)).toBe(true);

    const page = await c.signIn();
    await userPage(page, rita.id);
    await page.getByRole('heading', { name: 'rita', level: 1 }).waitFor();
    const status = page.getByTestId('user-status');
    await status.getByText('Active').waitFor();
    // Profile: contact details and custom attributes.
    const details = page.getByTestId('user-details');
    await details.getByText('rita@detail.test').waitFor();
    await details.getByText('+41791234567').waitFor();
    await details.getByText('B-17').waitFor();
    await details.getByText('4200').waitFor();
    await page.screenshot({ path: `${shots}/console-user-profile.png`, fullPage: true });

    await page.getByRole('tab', { name: 'Groups' }).click();
    expect(new URL(page.url()).search).toBe('?tab=groups');
    await page.getByTestId('user-groups').getByText('Sales').waitFor();

    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByTestId('mfa-summary').getByText('No second factor.').waitFor();
    await page.getByRole('button', { name: 'Reset password' }).waitFor();
    await page.getByRole('button', { name: 'Send password reset' }).waitFor();
    await page.getByRole('button', { name: 'Impersonate', exact: true }).waitFor();
    await page.screenshot({ path: `${shots}/console-user-security.png`, fullPage: true });

    await page.getByRole('tab', { name: 'Sessions' }).click();
    const sessions = page.getByTestId('sessions-table');
    await sessions.locator('tbody tr').first().waitFor();
    expect(await sessions.locator('tbody tr').count()).toBe(1);
    await sessions.getByText('Account pages').waitFor();
    await sessions.getByText(/^AAL1/).waitFor();
    await page.screenshot({ path: `${shots}/console-user-sessions.png`, fullPage: true });

    await page.getByRole('tab', { name: 'Devices' }).click();
    const devices = page.getByTestId('devices-table');
    await devices.locator('tbody tr').first().waitFor();
    expect(await devices.locator('tbody tr').count()).toBe(1);

    await page.getByRole('tab', { name: 'Apps' }).click();
    await page.getByRole('table', { name: 'Apps of this user' }).getByText('Group: Sales').waitFor();

    await page.getByRole('tab', { name: 'Activity' }).click();
    const activity = page.getByTestId('activity-table');
    await activity.getByText('user.created').waitFor();
    // Newest first: the membership came after the creation.
    const actions = await activity.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(actions.indexOf('user.created')).toBeGreaterThan(0);
    expect(actions.at(-1)).toBe('user.created');

    // The address opens the tab it names, also after a reload.
    await userPage(page, rita.id, 'devices');
    await page.getByTestId('devices-table').waitFor();
    expect(await page.getByRole('tab', { name: 'Devices' }).getAttribute('aria-selected')).toBe('true');
    await page.reload();
    await page.getByTestId('devices-table').waitFor();
  }, 120_000);

  it('when the activity of a user is longer than a page, then Load more brings the older events', async () => {
    const busy = await c.activeUser({ username: 'busy', email: 'busy@detail.test', attributes: { badge: 'B-2' } });
    for (let i = 0; i < 26; i++) {
      await api('POST', `/users/${busy.id}/disable`);
      await api('POST', `/users/${busy.id}/enable`);
    }
    const page = await c.signIn();
    await userPage(page, busy.id, 'activity');
    const rows = page.getByTestId('activity-table').locator('tbody tr');
    await rows.nth(49).waitFor();
    expect(await rows.count()).toBe(50);
    expect(await page.getByTestId('activity-table').getByText('user.created').count()).toBe(0);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByTestId('activity-table').getByText('user.created').waitFor();
    expect(await rows.count()).toBeGreaterThan(52);
  }, 90_000);

  it('when an admin edits the profile with a value the attribute schema refuses, then the API reason is shown; a good value saves', async () => {
    const ed = await c.activeUser({ username: 'ed', email: 'ed@detail.test', attributes: { badge: 'B-3' } });
    const page = await c.signIn();
    await userPage(page, ed.id);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit ed' });
    await dialog.getByLabel('First name').fill('Edgar');
    await dialog.getByLabel('costCenter').fill('not a number');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').getByText('costCenter: must be a number').waitFor();
    expect((await api('GET', `/users/${ed.id}`)).firstName).toBeNull();

    // A required attribute cleared: refused too, with its own reason.
    await dialog.getByLabel('costCenter').fill('12');
    await dialog.getByLabel('badge').fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').getByText('badge: is required').waitFor();

    await dialog.getByLabel('badge').fill('B-33');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('notices').getByText('User saved').waitFor();
    await page.getByTestId('user-details').getByText('Edgar').waitFor();
    await page.getByTestId('user-details').getByText('B-33').waitFor();
    const saved = await api('GET', `/users/${ed.id}`);
    expect(saved).toMatchObject({ firstName: 'Edgar', attributes: { badge: 'B-33', costCenter: 12 } });
  }, 90_000);

  it('when an admin adds and removes a group on the groups tab, then the membership follows', async () => {
    const gus = await c.activeUser({ username: 'gus', email: 'gus@detail.test', attributes: { badge: 'B-4' } });
    const ops = await api('POST', '/groups', { name: 'Operations' });
    const page = await c.signIn();
    await userPage(page, gus.id, 'groups');
    await page.getByText('Not in any group.').waitFor();
    await page.getByLabel('Add to group').click();
    await page.getByRole('option', { name: 'Operations' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('user-groups').getByText('Operations').waitFor();
    expect((await api('GET', `/users/${gus.id}/groups`)).items.map((g: { id: string }) => g.id)).toEqual([ops.id]);

    await page.getByRole('button', { name: 'Remove from Operations' }).click();
    await page.getByText('Not in any group.').waitFor();
    expect((await api('GET', `/users/${gus.id}/groups`)).items).toEqual([]);
  }, 90_000);

  it('when an admin signs out a session and forgets a device, then that browser of the user is signed out and the device is gone', async () => {
    const sam = await c.activeUser({ username: 'sam', email: 'sam@detail.test', attributes: { badge: 'B-5' } });
    const laptop = await accountSignIn('sam');
    const phone = await accountSignIn('sam');
    const page = await c.signIn();
    await userPage(page, sam.id, 'sessions');
    const rows = page.getByTestId('sessions-table').locator('tbody tr');
    await rows.nth(1).waitFor();
    await page.getByRole('button', { name: /^Sign out .*signed in/ }).first().click();
    await page.getByTestId('notices').getByText('Session signed out').waitFor();
    await rows.nth(1).waitFor({ state: 'detached' });
    // Exactly one of the two browsers lost its session.
    const signedIn = [await isSignedIn(laptop), await isSignedIn(phone)];
    expect(signedIn.filter(Boolean)).toHaveLength(1);

    await page.getByRole('tab', { name: 'Devices' }).click();
    const devices = page.getByTestId('devices-table').locator('tbody tr');
    await devices.nth(1).waitFor();
    await page.getByRole('button', { name: /^Forget / }).first().click();
    await page.getByTestId('notices').getByText('Device forgotten').waitFor();
    await devices.nth(1).waitFor({ state: 'detached' });
    expect((await api('GET', `/users/${sam.id}/devices`)).items).toHaveLength(1);
  }, 90_000);

  it('when an admin disables and enables a user, then the status follows and the disabled user\'s open session stops; delete is refused until the username is typed', async () => {
    const dora = await c.activeUser({ username: 'dora', email: 'dora@detail.test', attributes: { badge: 'B-6' } });
    const browserOfDora = await accountSignIn('dora');
    expect(await isSignedIn(browserOfDora)).toBe(true);
    const page = await c.signIn();
    await userPage(page, dora.id);
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByTestId('user-status').getByText('Disabled').waitFor();
    expect((await api('GET', `/users/${dora.id}`)).status).toBe('disabled');
    // Her open session stops at its next request.
    expect(await isSignedIn(browserOfDora)).toBe(false);
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByTestId('user-status').getByText('Active').waitFor();
    expect((await api('GET', `/users/${dora.id}`)).status).toBe('active');

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete user' });
    const confirm = dialog.getByRole('button', { name: 'Delete user' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type dora to confirm').fill('dor');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type dora to confirm').press('Enter');
    expect((await api('GET', `/users/${dora.id}`)).status).toBe('active');
    await dialog.getByLabel('Type dora to confirm').fill('dora');
    await confirm.click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByTestId('notices').getByText('dora was deleted.').waitFor();
    const gone = await c.t.app.inject({ url: `/api/v1/organizations/${c.org}/users/${dora.id}`, headers: admin });
    expect(gone.statusCode).toBe(404);
  }, 90_000);

  it('when a helpdesk admin opens a user, then they see the data, resend and reset email, and no delete, disable, impersonate or secret setting', async () => {
    await c.activeUser({ username: 'desk', email: 'desk@detail.test', privilege: 'helpdesk', attributes: { badge: 'B-7' } });
    const hana = await c.activeUser({ username: 'hana', email: 'hana@detail.test', attributes: { badge: 'B-8' } });
    const pending = await c.t.createUser(c.auth, c.org, { username: 'pia', email: 'pia@detail.test', attributes: { badge: 'B-9' } });
    const page = await c.signIn('desk');
    await userPage(page, hana.id);
    await page.getByTestId('user-details').getByText('hana@detail.test').waitFor();
    for (const name of ['Edit', 'Disable', 'Delete']) expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);

    await page.getByRole('tab', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Send password reset' }).waitFor();
    await page.getByTestId('mfa-summary').waitFor();
    for (const name of ['Reset password', 'Impersonate', 'Generate backup code', 'Reset MFA', 'Set password expiry', 'Give a PIN']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    await page.getByRole('button', { name: 'Send password reset' }).click();
    await page.getByTestId('notices').getByText('Password reset sent').waitFor();

    // A pending user: the helpdesk may resend the invitation, without a printable sheet.
    await userPage(page, pending.id);
    await page.getByRole('button', { name: 'Send invitation' }).waitFor();
    expect(await page.getByLabel('With printable sheet').count()).toBe(0);
  }, 90_000);

  it('when the organization page sets the impersonation time limit and notice, then the setting is saved', async () => {
    const page = await c.signIn();
    await page.goto(`${c.base}/admin/organization`);
    const section = page.getByRole('region', { name: 'Impersonation' });
    await section.getByLabel('Time limit (minutes)').fill('300');
    await section.getByText('Enter a whole number from 1 to 240').waitFor();
    await section.getByLabel('Time limit (minutes)').fill('45');
    await section.getByLabel('Tell the user afterwards').uncheck({ force: true });
    await section.getByRole('button', { name: 'Apply impersonation settings' }).click();
    await page.getByTestId('notices').getByText('Impersonation settings saved').waitFor();
    const org = await c.t.app.inject({ url: `/api/v1/organizations/${c.org}`, headers: admin });
    expect(org.json().settings.impersonation).toEqual({ maxMinutes: 45, notifyUser: false });
  }, 90_000);

  it('when axe checks every tab of the user page, then it finds no serious violation', async () => {
    const alex = await c.activeUser({ username: 'alex', email: 'alex@detail.test', attributes: { badge: 'B-10' } });
    await accountSignIn('alex');
    const page = await c.signIn(undefined, undefined, { bypassCSP: true });
    for (const [tab, ready] of [
      ['profile', () => page.getByTestId('user-details').waitFor()],
      ['groups', () => page.getByText('Not in any group.').waitFor()],
      ['security', () => page.getByTestId('mfa-summary').waitFor()],
      ['sessions', () => page.getByTestId('sessions-table').waitFor()],
      ['devices', () => page.getByTestId('devices-table').waitFor()],
      ['apps', () => page.getByText('No apps are assigned to this user, and they have used none.').waitFor()],
      ['activity', () => page.getByTestId('activity-table').waitFor()],
    ] as const) {
      await userPage(page, alex.id, tab);
      await ready();
      expect(await axeViolations(page), tab).toEqual([]);
    }
    // Dialogs are checked once they have faded in: half-transparent text measures as low contrast.
    const faded = () => page.waitForFunction(() => [...document.querySelectorAll('[role=dialog]')].every((d) => getComputedStyle(d).opacity === '1'));
    await userPage(page, alex.id);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('dialog', { name: 'Edit alex' }).getByLabel('costCenter').waitFor();
    await faded();
    expect(await axeViolations(page), 'edit dialog').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog', { name: 'Delete user' }).getByLabel('Type alex to confirm').waitFor();
    await faded();
    expect(await axeViolations(page), 'delete dialog').toEqual([]);
  }, 120_000);
});
