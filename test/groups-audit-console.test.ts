import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as audit from '../src/features/audit/service.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { launchBrowser, signInToConsole } from './helpers/browser.js';

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** An organization whose platform admin signs in to the console. */
async function orgWithAdmin(slug: string) {
  const created = await t.createOrg(slug);
  await t.createPlatformAdmin(slug, `admin@${slug}.test`);
  return created;
}

describe('the groups page', () => {
  it('when an admin creates, renames, fills and deletes a group, then the page shows each step, refuses a duplicate name and confirms the deletion', async () => {
    const { auth } = await orgWithAdmin('teams');
    await t.createUser(auth, 'teams', { username: 'ada', email: 'ada@teams.test' });
    const page = await signInToConsole(browser, base, 'teams', 'admin@teams.test', PASSWORD);
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('heading', { name: 'Groups', exact: true }).waitFor();
    await page.getByText('No groups yet.').waitFor();

    await page.getByRole('textbox', { name: 'New group' }).fill('Engineering');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('cell', { name: 'Engineering', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'New group' }).fill('engineering');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByText('There is already a group named "engineering" (names are compared ignoring case).').waitFor();

    await page.getByRole('button', { name: 'Rename Engineering' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename Engineering' });
    await dialog.getByLabel('Name').fill('Platform');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('cell', { name: 'Platform', exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: 'Engineering', exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Members of Platform' }).click();
    const members = page.getByRole('dialog', { name: 'Members of Platform' });
    await members.getByText('No members yet.').waitFor();
    await members.getByRole('textbox', { name: 'Add a member' }).fill('nobody');
    await members.getByRole('button', { name: 'Add', exact: true }).click();
    await members.getByText('No user named "nobody" in this organization').waitFor();
    await members.getByRole('textbox', { name: 'Add a member' }).fill('ADA');
    await members.getByRole('button', { name: 'Add', exact: true }).click();
    await members.getByRole('link', { name: 'ada' }).waitFor();
    await page.keyboard.press('Escape');
    const row = page.getByRole('row', { name: /Platform/ });
    await row.getByRole('cell', { name: '1', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Delete Platform' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete group' });
    await confirm.getByText('Its 1 member stays a user but leaves the group.').waitFor();
    await confirm.getByRole('button', { name: 'Delete group' }).click();
    await page.getByTestId('notices').getByText('Group deleted').waitFor();
    await page.getByText('No groups yet.').waitFor();
    const groups = (await t.app.inject({ url: '/api/v1/organizations/teams/groups', headers: auth })).json().items;
    expect(groups).toEqual([]);
  }, 90_000);

  it('when an admin adds a user to a group and removes them on the user page, then the groups section and the details follow, and a helpdesk only sees them', async () => {
    const { auth } = await orgWithAdmin('members');
    for (const name of ['Sales', 'Support']) await t.app.inject({ method: 'POST', url: '/api/v1/organizations/members/groups', headers: auth, payload: { name } });
    const bea = await t.createUser(auth, 'members', { username: 'bea', email: 'bea@members.test', groups: ['Sales'] });
    const page = await signInToConsole(browser, base, 'members', 'admin@members.test', PASSWORD);
    await page.goto(`${base}/admin/users/${bea.id}?tab=groups`);
    const section = page.getByRole('region', { name: 'Groups' });
    await section.getByTestId('user-groups').getByText('Sales').waitFor();

    await section.getByLabel('Add to group').click();
    await page.getByRole('option', { name: 'Support' }).click();
    await section.getByRole('button', { name: 'Add', exact: true }).click();
    await section.getByTestId('user-groups').getByText('Support').waitFor();
    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByText('Sales, Support').waitFor(); // the details follow
    await page.getByRole('tab', { name: 'Groups' }).click();

    await section.getByRole('button', { name: 'Remove from Sales' }).click();
    await page.getByText('Support', { exact: true }).first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="user-groups"]')?.textContent?.includes('Sales'));
    const mine = (await t.app.inject({ url: `/api/v1/organizations/members/users/${bea.id}/groups`, headers: auth })).json().items;
    expect(mine.map((g: { name: string }) => g.name)).toEqual(['Support']);

    // A helpdesk sees the groups but no way to change them.
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/members/users', headers: auth, payload: { username: 'desk', email: 'desk@members.test', privilege: 'helpdesk' } });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/members/users/${token.json().id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
    const desk = await signInToConsole(browser, base, 'members', 'desk', PASSWORD);
    await desk.goto(`${base}/admin/users/${bea.id}?tab=groups`);
    await desk.getByRole('region', { name: 'Groups' }).getByText('Support').waitFor();
    expect(await desk.getByLabel('Add to group').count()).toBe(0);
    expect(await desk.getByRole('button', { name: 'Remove from Support' }).count()).toBe(0);
    await desk.getByRole('link', { name: 'Groups', exact: true }).click();
    await desk.getByRole('cell', { name: 'Support', exact: true }).waitFor();
    expect(await desk.getByRole('button', { name: 'Create group' }).count()).toBe(0);
    expect(await desk.getByRole('button', { name: 'Delete Support' }).count()).toBe(0);
  }, 90_000);
});

describe('the audit log page', () => {
  it('when an admin reads the log, then rows say who did what to whom, when and from where; filters narrow it; load more pages on; the export downloads the filtered events as JSON lines', async () => {
    const { org, auth } = await orgWithAdmin('trail');
    const pat = await t.createUser(auth, 'trail', { username: 'pat', email: 'pat@trail.test' });
    const helper = await t.createUser(auth, 'trail', { username: 'helper', email: 'helper@trail.test', privilege: 'helpdesk' });
    await t.app.inject({ method: 'POST', url: '/api/v1/organizations/trail/groups', headers: auth, payload: { name: 'Auditors' } });
    // More sign-ins than one page holds, before the event the test looks for.
    await sql`insert into audit_events (organization_id, actor_type, actor_id, actor_label, action, target_type, target_id, ip, occurred_at)
      select ${org.id}::uuid, 'user', ${pat.id}::uuid, 'pat', 'login.succeeded', 'user', ${pat.id}::uuid, '203.0.113.9', now() - n * interval '1 minute'
      from generate_series(1, 60) n`.execute(t.db);

    await audit.record(
      t.db,
      { type: 'user', id: pat.id, label: 'pat', organizationId: org.id, privilege: 'user', ip: '198.51.100.23', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', impersonator: { id: helper.id, label: 'helper' } },
      { organizationId: org.id, action: 'password.changed', target: { type: 'user', id: pat.id }, data: { reason: 'ticket 42' } },
    );
    const page = await signInToConsole(browser, base, 'trail', 'admin@trail.test', PASSWORD, { acceptDownloads: true });
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const table = page.getByTestId('audit-table');
    // Newest first: the impersonated password change is on the first page, above the sign-ins.
    const first = table.getByRole('row', { name: /password\.changed/ });
    await first.getByText('impersonated by helper').waitFor();
    await first.getByText('198.51.100.23').waitFor();
    await first.getByText('Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0').waitFor();
    await first.getByText('ticket 42').waitFor();

    await page.getByLabel('Action').fill('login.*');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // The unfiltered page had 50 rows too: wait for the filtered rows to replace its events.
    await expect.poll(() => table.getByText('password.changed').count(), { timeout: 10_000 }).toBe(0);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 50);
    await page.getByRole('button', { name: 'Load more' }).click();
    // 60 inserted, plus the admin's own sign-in to the console.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 61);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await page.getByLabel('Action').fill('');
    await page.getByLabel('Impersonator').fill('nobody');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No user named "nobody" in this organization').waitFor();
    await page.getByLabel('Impersonator').fill('helper');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length === 1);
    await table.getByText('password.changed').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export (JSON lines)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-trail-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ action: 'password.changed', impersonatorId: helper.id, impersonatorLabel: 'helper', ip: '198.51.100.23' });
  }, 90_000);
});
