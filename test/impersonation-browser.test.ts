import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type TestApp } from './helpers/test-app.js';
import { startConsoleApp, type ConsoleApp } from './helpers/console-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';

let c: ConsoleApp;
let t: TestApp;
let base: string;
let auth: Record<string, string>;
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  c = await startConsoleApp('walk', { smtpUrl: smtp.url, worker: true });
  ({ t, base, auth } = c);
}, 60_000);
afterAll(async () => {
  await c?.close();
  await smtp?.close();
});

describe('impersonation in the browser', () => {
  it('when an administrator impersonates from the user page, then a new tab shows the account with the banner, security settings are refused, Stop ends it and the user is emailed', async () => {
    const user = await t.createUser(auth, 'walk', { username: 'wanda', email: 'wanda@walk.test', firstName: 'Wanda', lastName: 'Walker' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/walk/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });

    const admin = await c.signIn();
    const context = admin.context();
    await admin.goto(`${base}/admin/users/${user.id}?tab=security`);
    await admin.getByText('Nobody has impersonated wanda.').waitFor();

    await admin.getByRole('button', { name: 'Impersonate', exact: true }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Checking what the user sees');
    await dialog.getByLabel('Ticket reference').fill('SUP-7');
    await dialog.getByRole('button', { name: 'Start impersonation' }).click();
    const [tab] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('link', { name: 'Open as wanda in a new tab' }).click()]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toBe('/o/walk/account');
    const banner = tab.locator('#impersonation-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/as Wanda Walker \(wanda\), impersonated by admin@walk\.test — ends at/);

    // The security settings are read-only while impersonating.
    await tab.goto(`${base}/o/walk/account/password`);
    await tab.getByText('While impersonating, the password and security settings are read-only').waitFor();

    // The console lists it as active.
    await admin.reload();
    const table = admin.getByTestId('impersonations-table');
    await table.getByText('Checking what the user sees').waitFor();
    await table.getByText('active').waitFor();

    await tab.goto(`${base}/o/walk/account`);
    await tab.getByRole('button', { name: 'Stop impersonating' }).click();
    await tab.getByText('You are no longer signed in as this user').waitFor();
    await tab.goto(`${base}/o/walk/account`);
    expect(new URL(tab.url()).pathname).toBe('/o/walk/login');

    // The console session is still there and shows how it ended.
    await admin.reload();
    await admin.getByTestId('impersonations-table').getByText('stopped with the banner').waitFor();
    // The user hears of it afterwards, by email.
    const mail = await smtp.waitFor('wanda@walk.test', (m) => m.subject === 'An administrator signed in as you on walk Inc.');
    expect(mail.text).toContain('admin@walk.test signed in as you on walk Inc. (wanda)');
    expect(mail.text).toContain('for this reason: Checking what the user sees (ticket SUP-7)');
    const events = await t.db.selectFrom('audit_events').select(['action', 'impersonator_label']).where('target_id', '=', user.id).where('action', 'like', 'impersonation.%').orderBy('occurred_at').execute();
    expect(events).toEqual([
      { action: 'impersonation.started', impersonator_label: null },
      { action: 'impersonation.opened', impersonator_label: 'admin@walk.test' },
      { action: 'impersonation.stopped', impersonator_label: 'admin@walk.test' },
    ]);
  }, 60_000);
});
