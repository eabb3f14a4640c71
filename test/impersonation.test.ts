import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient, pathOf } from './helpers/pages.js';

let t: TestApp;
let token: Record<string, string>;
let admin: Record<string, string>;
let adminId: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth: token } = await t.createOrg('acme'));
  await t.createOrg('other');
  const a = await activeUser('ada', 'org_admin', 'Ada', 'Admin');
  adminId = a.id;
  admin = await t.consoleLogin('acme', 'ada');
});
afterAll(() => t?.close());

/** Moves the clock; the administrator signs in to the console again (its idle period may have passed). */
async function later(ms: number) {
  t.clock.advance(ms);
  admin = await t.consoleLogin('acme', 'ada');
}

async function activeUser(username: string, privilege?: string, firstName?: string, lastName?: string) {
  const user = await t.createUser(token, 'acme', { username, email: `${username}@example.com`, ...(privilege && { privilege }), ...(firstName && { firstName, lastName }) });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: token, payload: { password: PASSWORD, temporary: false } });
  return user;
}

const start = (userId: string, headers = admin, payload: Record<string, unknown> = { reason: 'Customer cannot find the apps page', ticket: 'SUP-42' }, org = 'acme') =>
  t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${userId}/impersonation`, headers, payload });
const listOf = (userId: string) => t.app.inject({ url: `/api/v1/organizations/acme/users/${userId}/impersonations`, headers: admin });
const eventsOf = (userId: string) =>
  t.db.selectFrom('audit_events').select(['action', 'actor_id', 'actor_label', 'impersonator_id', 'impersonator_label', 'data']).where('target_id', '=', userId).orderBy('occurred_at').orderBy('id').execute();

/** Starts an impersonation and opens its link in a browser of its own; returns that browser. */
async function impersonate(userId: string) {
  const res = await start(userId);
  expect(res.statusCode).toBe(201);
  const c = pageClient(t);
  const opened = await c.get(pathOf(res.json().url));
  expect(opened.statusCode).toBe(303);
  expect(opened.headers.location).toBe('/o/acme/account');
  return { c, link: pathOf(res.json().url), id: res.json().id as string };
}

describe('an administrator impersonates a user', () => {
  it('when the link is opened, then the account pages show the banner with both names, actions are audited with both identities, and Stop ends only that session', async () => {
    const user = await activeUser('uma', undefined, 'Uma', 'User');
    const { c, id } = await impersonate(user.id);
    const page = await c.get('/o/acme/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="impersonation-banner"');
    expect(page.body).toMatch(/as <strong>Uma User<\/strong> \(uma\), impersonated by <strong>ada<\/strong> — ends at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(page.body).toContain('Stop impersonating');
    expect((await listOf(user.id)).json().items[0]).toMatchObject({ id, adminId, reason: 'Customer cannot find the apps page', ticket: 'SUP-42', state: 'active' });

    // The banner's Stop button: a plain form.
    const stop = await c.post('/o/acme/impersonation/stop', {});
    expect(stop.statusCode).toBe(200);
    expect(stop.body).toContain('You are no longer signed in as this user');
    expect(stop.body).not.toContain('impersonation-banner');
    expect((await c.get('/o/acme/account')).headers.location).toBe('/o/acme/login');
    // The administrator's console session is untouched.
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: admin })).statusCode).toBe(200);

    const events = await eventsOf(user.id);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['impersonation.started', 'impersonation.opened', 'impersonation.stopped']));
    const started = events.find((e) => e.action === 'impersonation.started')!;
    expect(started).toMatchObject({ actor_id: adminId, impersonator_id: null, data: { impersonationId: id, reason: 'Customer cannot find the apps page', ticket: 'SUP-42', maxMinutes: 30 } });
    const opened = events.find((e) => e.action === 'impersonation.opened')!;
    expect(opened).toMatchObject({ actor_id: user.id, actor_label: 'uma', impersonator_id: adminId, impersonator_label: 'ada' });
    const stopped = events.find((e) => e.action === 'impersonation.stopped')!;
    expect(stopped).toMatchObject({ actor_id: user.id, impersonator_id: adminId, data: { impersonationId: id, endedBy: 'impersonation', reason: 'Customer cannot find the apps page', ticket: 'SUP-42' } });
    expect(typeof (stopped.data as { durationSeconds: unknown }).durationSeconds).toBe('number');
    expect((await listOf(user.id)).json().items[0]).toMatchObject({ state: 'ended', stoppedBy: 'impersonation' });
  });

  it('when the impersonated session signs another session out, then the event names the user and the administrator', async () => {
    const user = await activeUser('otto');
    const own = pageClient(t);
    await own.get('/o/acme/login');
    await own.post('/o/acme/login', { login: 'otto', password: PASSWORD });
    const { c } = await impersonate(user.id);
    await c.get('/o/acme/account');
    // Signing out (the ordinary sign-out form) is audited, and with both identities.
    expect((await c.post('/o/acme/logout', {})).statusCode).toBe(303);
    const logout = (await eventsOf(user.id)).find((e) => e.action === 'logout' || e.action.startsWith('session.'));
    expect(logout).toMatchObject({ actor_id: user.id, impersonator_id: adminId, impersonator_label: 'ada' });
    // The person's own session is not touched.
    expect((await own.get('/o/acme/account')).statusCode).toBe(200);
  });

  it('when the link is opened a second time or after two minutes, then it is refused', async () => {
    const user = await activeUser('lena');
    const { link } = await impersonate(user.id);
    const again = await pageClient(t).get(link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('already used or has expired');
    const late = await start(user.id);
    await later(3 * 60_000);
    expect((await pageClient(t).get(pathOf(late.json().url))).statusCode).toBe(410);
  });

  it('when the time limit passes, then the session stops by itself, the end is audited as expired and the user is emailed', async () => {
    const user = await activeUser('max');
    const { c, id } = await impersonate(user.id);
    expect((await c.get('/o/acme/account')).statusCode).toBe(200);
    await later(31 * 60_000);
    expect((await c.get('/o/acme/account')).headers.location).toBe('/o/acme/login');
    const items = (await listOf(user.id)).json().items;
    expect(items.find((i: { id: string }) => i.id === id)).toMatchObject({ state: 'ended', stoppedBy: 'expired' });
    const stopped = (await eventsOf(user.id)).find((e) => e.action === 'impersonation.stopped')!;
    expect(stopped.data).toMatchObject({ endedBy: 'expired', durationSeconds: 30 * 60 });
    const mail = await t.db.selectFrom('outbox_messages').selectAll().where('user_id', '=', user.id).where('kind', '=', 'impersonation_notice').executeTakeFirstOrThrow();
    expect(mail.recipient).toBe('max@example.com');
    expect(mail.subject).toBe('An administrator signed in as you on acme Inc.');
    expect(mail.text_body).toContain('ada signed in as you on acme Inc. (max)');
    expect(mail.text_body).toContain('for this reason: Customer cannot find the apps page (ticket SUP-42)');
  });

  it('when the organization turns the notice off, then no email is sent', async () => {
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: token, payload: { settings: { impersonation: { notifyUser: false, maxMinutes: 10 } } } });
    try {
      const user = await activeUser('nora');
      const { c } = await impersonate(user.id);
      expect((await c.get('/o/acme/account')).body).toContain('impersonation-banner');
      await later(11 * 60_000);
      await listOf(user.id);
      expect((await eventsOf(user.id)).find((e) => e.action === 'impersonation.stopped')!.data).toMatchObject({ endedBy: 'expired', durationSeconds: 600 });
      expect(await t.db.selectFrom('outbox_messages').select('id').where('user_id', '=', user.id).where('kind', '=', 'impersonation_notice').execute()).toEqual([]);
    } finally {
      await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: token, payload: { settings: { impersonation: { notifyUser: true, maxMinutes: 30 } } } });
    }
  });

  it('when an administrator stops it from the console, then the session ends and the end is audited with the administrator as actor', async () => {
    const user = await activeUser('carl');
    const { c, id } = await impersonate(user.id);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/impersonations/${id}/stop`, headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'ended', stoppedBy: 'admin' });
    expect((await c.get('/o/acme/account')).headers.location).toBe('/o/acme/login');
    expect((await eventsOf(user.id)).find((e) => e.action === 'impersonation.stopped')).toMatchObject({ actor_id: adminId, impersonator_id: null });
  });
});

describe('while impersonating, the account cannot be taken over', () => {
  it('when the password or security settings are opened or changed, then they are refused with a clear message', async () => {
    const user = await activeUser('pia');
    const { c } = await impersonate(user.id);
    await c.get('/o/acme/account');
    for (const path of ['/o/acme/account/password', '/o/acme/account/authenticator', '/o/acme/account/phone', '/o/acme/account/backup-codes']) {
      const res = await c.get(path);
      expect(res.statusCode, path).toBe(403);
      expect(res.body).toContain('read-only');
    }
    const change = await c.post('/o/acme/account/password', { current: PASSWORD, password: 'a whole new passphrase here', confirm: 'a whole new passphrase here' });
    expect(change.statusCode).toBe(403);
    expect(change.body).toContain('the person changes them themself');
    const other = (await t.app.inject({ url: `/api/v1/organizations/acme/users/${user.id}/sessions`, headers: admin })).json().items[0].id;
    expect((await c.post(`/o/acme/account/sessions/${other}/revoke`, {})).statusCode).toBe(403);
    // The password still signs in.
    const own = pageClient(t);
    await own.get('/o/acme/login');
    expect((await own.post('/o/acme/login', { login: 'pia', password: PASSWORD })).statusCode).toBe(303);
  });
});

describe('who may impersonate whom', () => {
  it('when the target has equal or higher privilege, is the administrator themself, or is disabled, then it is refused', async () => {
    const peer = await activeUser('peer', 'org_admin');
    expect((await start(peer.id)).json().code).toBe('impersonation.privilege_too_high');
    expect((await start(adminId)).json().code).toBe('impersonation.self');
    const off = await activeUser('off');
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${off.id}/disable`, headers: token });
    const disabled = await t.db.selectFrom('users').select('status').where('id', '=', off.id).executeTakeFirstOrThrow();
    expect(disabled.status).toBe('disabled');
    expect((await start(off.id)).json().code).toBe('impersonation.user_disabled');
    expect((await start(off.id, admin, { reason: '   ' })).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('when a helpdesk tries, then it is refused; toward another organization, then the user is not found', async () => {
    const user = await activeUser('hank');
    await activeUser('desk', 'helpdesk');
    const desk = await t.consoleLogin('acme', 'desk');
    expect((await start(user.id, desk)).json().code).toBe('auth.forbidden');
    const other = await t.createOrg('elsewhere');
    const stranger = await t.createUser(other.auth, 'elsewhere', { username: 'stranger', email: 'stranger@example.com' });
    expect((await start(stranger.id, admin, undefined, 'elsewhere')).json().code).toBe('organization.not_found');
    expect((await start(stranger.id, admin)).json().code).toBe('user.not_found');
  });

  it('when a platform admin impersonates in another organization, then it works toward a lower privilege and not toward an equal one', async () => {
    await t.createPlatformAdmin('acme', 'root@acme.test');
    const root = await t.consoleLogin('acme', 'root@acme.test');
    const other = await t.createOrg('far');
    const farUser = await t.createUser(other.auth, 'far', { username: 'faruser', email: 'faruser@example.com' });
    const farAdmin = await t.createUser(other.auth, 'far', { username: 'farroot', email: 'farroot@example.com', privilege: 'org_admin' });
    expect((await start(farUser.id, root, undefined, 'far')).statusCode).toBe(201);
    expect((await start(farAdmin.id, root, undefined, 'far')).statusCode).toBe(201);
    await t.db.updateTable('users').set({ privilege: 'platform_admin' }).where('id', '=', farAdmin.id).execute();
    expect((await start(farAdmin.id, root, undefined, 'far')).json().code).toBe('impersonation.privilege_too_high');
  });

  it('when the user is promoted, or the administrator demoted, before the link is opened, then the link is refused', async () => {
    const user = await activeUser('rosa');
    const promoted = await start(user.id);
    await t.db.updateTable('users').set({ privilege: 'org_admin' }).where('id', '=', user.id).execute();
    expect((await pageClient(t).get(pathOf(promoted.json().url))).statusCode).toBe(410);

    const other = await activeUser('ivan');
    const demoted = await start(other.id);
    await t.db.updateTable('users').set({ privilege: 'helpdesk' }).where('id', '=', adminId).execute();
    try {
      expect((await pageClient(t).get(pathOf(demoted.json().url))).statusCode).toBe(410);
    } finally {
      await t.db.updateTable('users').set({ privilege: 'org_admin' }).where('id', '=', adminId).execute();
    }
  });

  it('when an API token tries, then a console session is required', async () => {
    const user = await activeUser('tom');
    expect((await start(user.id, token)).json().code).toBe('auth.session_required');
  });
});
