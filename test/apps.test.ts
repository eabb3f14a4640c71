import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as apps from '../src/features/apps/service.js';
import { pageClient } from './helpers/pages.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let acme: Awaited<ReturnType<TestApp['createOrg']>>;
let other: Awaited<ReturnType<TestApp['createOrg']>>;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  acme = await t.createOrg('acme');
  other = await t.createOrg('other');
  auth = acme.auth;
});
afterAll(() => t.close());

// The smallest valid PNG (1×1, transparent), and its data: URL.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PNG_URL = `data:image/png;base64,${PNG.toString('base64')}`;

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = auth) =>
  t.app.inject({ method, url: `/api/v1/organizations/${url}`, headers, ...(payload !== undefined && { payload: payload as object }) });

async function createApp(body: Record<string, unknown>, org = 'acme', headers = auth) {
  const res = await api('POST', `${org}/apps`, body, headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; url: string; iconUrl: string | null };
}

async function createGroup(name: string, org = 'acme', headers = auth) {
  const res = await api('POST', `${org}/groups`, { name }, headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
}

const appsOf = async (userId: string, headers = auth) => {
  const res = await api('GET', `acme/users/${userId}/apps`, undefined, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { app: { name: string }; assigned: boolean; direct: boolean; groups: { name: string }[]; firstUsedAt: string | null; lastUsedAt: string | null; uses: number }[];
};

async function tokenOf(privilege: 'helpdesk' | 'org_admin', org = 'acme', headers = auth) {
  const res = await api('POST', `${org}/api-tokens`, { name: `${privilege} ${Math.random()}`, privilege }, headers);
  return { authorization: `Bearer ${res.json().token}` };
}

describe('registering apps', () => {
  it('when an admin registers, edits and deletes an app, then each change shows in the list and is audited', async () => {
    const created = await createApp({ name: 'Wiki', url: 'https://wiki.acme.test/start', description: 'Team notes' });
    expect(created).toMatchObject({ name: 'Wiki', url: 'https://wiki.acme.test/start', description: 'Team notes', iconUrl: null });
    expect((await api('GET', 'acme/apps')).json().items.map((a: { name: string }) => a.name)).toContain('Wiki');

    const edited = await api('PATCH', `acme/apps/${created.id}`, { name: 'Team wiki', description: null });
    expect(edited.json()).toMatchObject({ name: 'Team wiki', url: 'https://wiki.acme.test/start', description: null });
    expect((await api('GET', `acme/apps/${created.id}`)).json().name).toBe('Team wiki');

    expect((await api('DELETE', `acme/apps/${created.id}`)).statusCode).toBe(204);
    const gone = await api('GET', `acme/apps/${created.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('app.not_found');

    const audit = await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?targetId=${created.id}`, headers: auth });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['app.deleted', 'app.updated', 'app.created']);
  });

  it('when an app name is taken in any letter case, then 409 app.name_taken and nothing is added', async () => {
    await createApp({ name: 'Payroll', url: 'https://payroll.acme.test' });
    const before = (await api('GET', 'acme/apps')).json().items.length;
    const res = await api('POST', 'acme/apps', { name: 'PAYROLL', url: 'https://other.acme.test' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('app.name_taken');
    expect((await api('GET', 'acme/apps')).json().items).toHaveLength(before);
    // Another organization may use the same name.
    await createApp({ name: 'Payroll', url: 'https://payroll.other.test' }, 'other', other.auth);
  });

  it('when an address is not http(s) or carries credentials, then 400 app.url_invalid says what is allowed', async () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'ftp://files.acme.test', 'vbscript:msgbox', '/relative/path', 'https://user:secret@acme.test/']) {
      const res = await api('POST', 'acme/apps', { name: `Bad ${url.slice(0, 20)}`, url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code, url).toBe('app.url_invalid');
      expect(res.json().detail, url).toMatch(/http|address/);
    }
    const app = await createApp({ name: 'Fine', url: 'http://intranet.acme.test' });
    const edit = await api('PATCH', `acme/apps/${app.id}`, { url: 'javascript:void(0)' });
    expect(edit.statusCode).toBe(400);
    expect((await api('GET', `acme/apps/${app.id}`)).json().url).toBe('http://intranet.acme.test/');
  });

  it('when an icon is uploaded, then it is served from this server as exactly that image type, sandboxed; SVG and mislabelled bytes are refused', async () => {
    const app = await createApp({ name: 'Pictured', url: 'https://pictured.acme.test', icon: PNG_URL });
    expect(app.iconUrl).toMatch(new RegExp(`^/o/acme/apps/${app.id}/icon\\?v=\\d+$`));
    const icon = await t.app.inject({ url: app.iconUrl! });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/png');
    expect(icon.headers['x-content-type-options']).toBe('nosniff');
    expect(icon.headers['content-security-policy']).toContain('sandbox');
    expect(icon.rawPayload.equals(PNG)).toBe(true);

    const svg = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64')}`;
    const html = `data:image/png;base64,${Buffer.from('<html><script>alert(1)</script></html>').toString('base64')}`;
    const big = `data:image/png;base64,${Buffer.concat([PNG, Buffer.alloc(40 * 1024)]).toString('base64')}`;
    for (const [what, iconUrl] of [['svg', svg], ['html labelled png', html], ['too big', big], ['external link', 'https://cdn.example.com/icon.png']] as const) {
      const res = await api('POST', 'acme/apps', { name: `Icon ${what}`, url: 'https://x.acme.test', icon: iconUrl });
      expect(res.statusCode, what).toBe(400);
      expect(res.json().code, what).toBe('app.icon_invalid');
    }

    expect((await api('PATCH', `acme/apps/${app.id}`, { icon: null })).json().iconUrl).toBeNull();
    expect((await t.app.inject({ url: app.iconUrl! })).statusCode).toBe(404);
  });
});

describe('assigning apps', () => {
  it('when an app is assigned directly and by group, then users.apps.list names each source; leaving the group or unassigning takes the app away', async () => {
    const crm = await createApp({ name: 'CRM', url: 'https://crm.acme.test' });
    const sales = await createGroup('Sales team');
    const ann = await t.createUser(auth, 'acme', { username: 'ann', groups: ['Sales team'] });
    const ben = await t.createUser(auth, 'acme', { username: 'ben' });

    const assigned = await api('POST', `acme/apps/${crm.id}/assignments`, { userIds: [ben.id], groupIds: [sales.id] });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().items.map((a: { type: string; user: { username: string } | null; group: { name: string } | null }) => a.user?.username ?? a.group?.name)).toEqual(['ben', 'Sales team']);
    // Assigning again changes nothing.
    expect((await api('POST', `acme/apps/${crm.id}/assignments`, { userIds: [ben.id] })).json().items).toHaveLength(2);

    expect(await appsOf(ann.id)).toMatchObject([{ app: { name: 'CRM' }, assigned: true, direct: false, groups: [{ name: 'Sales team' }], lastUsedAt: null, uses: 0 }]);
    expect(await appsOf(ben.id)).toMatchObject([{ app: { name: 'CRM' }, assigned: true, direct: true, groups: [] }]);

    // Ben joins the group too: both reasons are named; joining is enough to get the app.
    await api('PATCH', `acme/users/${ben.id}`, { groups: ['Sales team'] });
    expect(await appsOf(ben.id)).toMatchObject([{ app: { name: 'CRM' }, direct: true, groups: [{ name: 'Sales team' }] }]);
    await api('PATCH', `acme/users/${ben.id}`, { groups: [] });

    // Ann leaves the group: the app is no longer hers.
    await api('PATCH', `acme/users/${ann.id}`, { groups: [] });
    expect(await appsOf(ann.id)).toEqual([]);

    const benAssignment = assigned.json().items.find((a: { user: { id: string } | null }) => a.user?.id === ben.id);
    expect((await api('DELETE', `acme/apps/${crm.id}/assignments/${benAssignment.id}`)).statusCode).toBe(204);
    expect(await appsOf(ben.id)).toEqual([]);
    expect((await api('DELETE', `acme/apps/${crm.id}/assignments/${benAssignment.id}`)).statusCode).toBe(404);
    expect((await api('GET', `acme/apps/${crm.id}/assignments`)).json().items.map((a: { group: { name: string } | null }) => a.group?.name)).toEqual(['Sales team']);

    const audit = await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?targetId=${crm.id}`, headers: auth });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['app.unassigned', 'app.assigned', 'app.assigned', 'app.created']);
  });

  it('when a use is recorded, then the app shows as used with its last use, even without an assignment', async () => {
    const tool = await createApp({ name: 'Timesheets', url: 'https://time.acme.test' });
    const cai = await t.createUser(auth, 'acme', { username: 'cai' });
    await t.db.transaction().execute((tx) => apps.recordUse(t.ctx, tx, { organizationId: acme.org.id, appId: tool.id, userId: cai.id }));
    t.clock.advance(60_000);
    await t.db.transaction().execute((tx) => apps.recordUse(t.ctx, tx, { organizationId: acme.org.id, appId: tool.id, userId: cai.id }));
    const [used] = await appsOf(cai.id);
    expect(used).toMatchObject({ app: { name: 'Timesheets' }, assigned: false, direct: false, groups: [], uses: 2 });
    const gap = new Date(used!.lastUsedAt!).getTime() - new Date(used!.firstUsedAt!).getTime();
    expect(gap).toBeGreaterThanOrEqual(60_000);
    expect(gap).toBeLessThan(70_000);

    // A use can't be recorded across organizations.
    const stranger = await t.createUser(other.auth, 'other', { username: 'stranger' });
    await expect(t.db.transaction().execute((tx) => apps.recordUse(t.ctx, tx, { organizationId: acme.org.id, appId: tool.id, userId: stranger.id }))).rejects.toMatchObject({ code: 'user.not_found' });
  });

  it("when assigning to another organization's user or group, then 404 and nothing is assigned", async () => {
    const app = await createApp({ name: 'Isolated', url: 'https://isolated.acme.test' });
    const stranger = await t.createUser(other.auth, 'other', { username: 'outsider' });
    const theirGroup = await createGroup('Theirs', 'other', other.auth);
    const byUser = await api('POST', `acme/apps/${app.id}/assignments`, { userIds: [stranger.id] });
    expect([byUser.statusCode, byUser.json().code]).toEqual([404, 'user.not_found']);
    const byGroup = await api('POST', `acme/apps/${app.id}/assignments`, { groupIds: [theirGroup.id] });
    expect([byGroup.statusCode, byGroup.json().code]).toEqual([404, 'group.not_found']);
    expect((await api('GET', `acme/apps/${app.id}/assignments`)).json().items).toEqual([]);
  });
});

describe('privileges and organizations', () => {
  it("when another organization's admin reaches for an app, then every answer is 404 and nothing changes", async () => {
    const app = await createApp({ name: 'Private', url: 'https://private.acme.test' });
    const user = await t.createUser(auth, 'acme', { username: 'dora' });
    const o = other.auth;
    for (const [method, url, body] of [
      ['GET', 'acme/apps', undefined],
      ['GET', `acme/apps/${app.id}`, undefined],
      ['PATCH', `acme/apps/${app.id}`, { name: 'Stolen' }],
      ['DELETE', `acme/apps/${app.id}`, undefined],
      ['POST', `acme/apps/${app.id}/assignments`, { userIds: [user.id] }],
      ['GET', `acme/users/${user.id}/apps`, undefined],
      // Their own path with our app's id: simply not found there.
      ['GET', `other/apps/${app.id}`, undefined],
      ['PATCH', `other/apps/${app.id}`, { name: 'Stolen' }],
      ['DELETE', `other/apps/${app.id}`, undefined],
    ] as const) {
      expect((await api(method, url, body, o)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await api('GET', `acme/apps/${app.id}`)).json().name).toBe('Private');
    expect((await api('GET', `acme/apps/${app.id}/assignments`)).json().items).toEqual([]);
  });

  it('when a helpdesk token works with apps, then it may read them and a user’s apps, but not register, edit, delete or assign (403)', async () => {
    const desk = await tokenOf('helpdesk');
    const app = await createApp({ name: 'Desk view', url: 'https://desk.acme.test' });
    const user = await t.createUser(auth, 'acme', { username: 'eve' });
    expect((await api('GET', 'acme/apps', undefined, desk)).statusCode).toBe(200);
    expect((await api('GET', `acme/apps/${app.id}/assignments`, undefined, desk)).statusCode).toBe(200);
    expect((await api('GET', `acme/users/${user.id}/apps`, undefined, desk)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', 'acme/apps', { name: 'Desk made', url: 'https://x.acme.test' }],
      ['PATCH', `acme/apps/${app.id}`, { name: 'Desk edit' }],
      ['DELETE', `acme/apps/${app.id}`, undefined],
      ['POST', `acme/apps/${app.id}/assignments`, { userIds: [user.id] }],
    ] as const) {
      const res = await api(method, url, body, desk);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    }
    expect((await api('GET', `acme/apps/${app.id}`)).json().name).toBe('Desk view');
  });
});

describe('the account page', () => {
  it('when a user signs in, then the account page links the apps assigned to them (directly or by group), escaped, with the uploaded icon', async () => {
    const team = await createGroup('Designers');
    const user = await t.createUser(auth, 'acme', { username: 'fay', email: 'fay@acme.test', groups: ['Designers'] });
    await api('POST', `acme/users/${user.id}/password`, { password: PASSWORD, temporary: false });
    const board = await createApp({ name: 'Board <b>', url: 'https://board.acme.test/?a=1&b="2"', icon: PNG_URL, description: 'Plans' });
    const mail = await createApp({ name: 'Mail', url: 'https://mail.acme.test' });
    await createApp({ name: 'Not hers', url: 'https://nothers.acme.test' });
    await api('POST', `acme/apps/${board.id}/assignments`, { groupIds: [team.id] });
    await api('POST', `acme/apps/${mail.id}/assignments`, { userIds: [user.id] });

    const c = pageClient(t);
    await c.get('/o/acme/login');
    expect((await c.post('/o/acme/login', { login: 'fay', password: PASSWORD })).headers.location).toBe('/o/acme/account');
    const page = (await c.get('/o/acme/account')).body;
    expect(page).toContain('Your apps');
    expect(page).toContain('href="https://board.acme.test/?a=1&amp;b=%222%22"');
    expect(page).toContain('Board &lt;b&gt;');
    expect(page).toContain(`src="${board.iconUrl}"`);
    expect(page).toContain('href="https://mail.acme.test/"');
    expect(page).not.toContain('Not hers');
  });
});
