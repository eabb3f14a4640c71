import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';

let t: TestApp;
let auth: Record<string, string>;
let helpdesk: Record<string, string>;
let otherOrg: Record<string, string>;

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const LIMIT_MESSAGE = (n: number) => `This account is already used on ${n} ${n === 1 ? 'device' : 'devices'}; forget one from a device you use, or ask your administrator.`;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
  ({ auth: otherOrg } = await t.createOrg('other'));
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: auth, payload: { name: 'desk', privilege: 'helpdesk' } });
  helpdesk = { authorization: `Bearer ${res.json().token}` };
});
afterAll(() => t?.close());

async function activeUser(username: string, privilege?: string) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.com`, ...(privilege && { privilege }) });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  return user;
}

/** A browser with its own cookie jar and user agent. */
function browser(userAgent = FIREFOX) {
  const c = pageClient(t);
  return {
    c,
    async signIn(login: string, password = PASSWORD) {
      await c.get('/o/acme/login');
      return c.post('/o/acme/login', { login, password }, { 'user-agent': userAgent });
    },
    signedIn: async () => (await c.get('/o/acme/account')).statusCode === 200,
    deviceCookie: () => /lk_device=([^;]+)/.exec(c.cookies)?.[1],
  };
}

const devicesOf = (userId: string, headers = auth) => t.app.inject({ url: `/api/v1/organizations/acme/users/${userId}/devices`, headers });
const setLimit = (userId: string, limit: number | null, headers = auth) =>
  t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${userId}/device-limit`, headers, payload: { limit } });
const audit = async (userId: string, prefix: string) =>
  (await t.db.selectFrom('audit_events').select(['action', 'data']).where('target_id', '=', userId).orderBy('id').execute()).filter((e) => e.action.startsWith(prefix));

describe('devices are remembered at sign-in', () => {
  it('when a browser signs in, then it gets a long-lived signed device cookie and the device is listed with its name, times and address', async () => {
    const user = await activeUser('dev');
    const b = browser();
    const res = await b.signIn('dev');
    expect(res.statusCode).toBe(303);
    const cookie = res.cookies.find((k) => k.name === 'lk_device')!;
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax' });
    expect(cookie.maxAge).toBeGreaterThanOrEqual(365 * 24 * 3600);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);

    const list = (await devicesOf(user.id)).json();
    expect(list).toMatchObject({ limit: null, userLimit: null, organizationDefault: null });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ name: 'Firefox on Linux', lastIp: '127.0.0.1', current: false });
    // The database keeps a keyed hash of the identifier, never the identifier.
    const [row] = await t.db.selectFrom('devices').selectAll().where('user_id', '=', user.id).execute();
    expect(row!.key_hash.toString('base64url')).not.toBe(cookie.value.split('.')[0]);
    const [session] = await t.db.selectFrom('sessions').select('device_id').where('user_id', '=', user.id).execute();
    expect(session!.device_id).toBe(row!.id);

    // The same browser again: the same device, seen later.
    t.clock.advance(60_000);
    await b.signIn('dev');
    const again = (await devicesOf(user.id)).json().items;
    expect(again).toHaveLength(1);
    expect(Date.parse(again[0].lastSeenAt)).toBeGreaterThan(Date.parse(again[0].firstSeenAt));
    // Another browser: a second device.
    await browser(SAFARI).signIn('dev');
    expect((await devicesOf(user.id)).json().items.map((d: { name: string }) => d.name).sort()).toEqual(['Firefox on Linux', 'Safari on macOS']);
  });

  it('when the account page is opened, then "Your devices" lists them, marks this one, and forgetting another signs it out', async () => {
    await activeUser('dana');
    const laptop = browser();
    const phone = browser(SAFARI);
    await laptop.signIn('dana');
    await phone.signIn('dana');
    const page = await laptop.c.get('/o/acme/account');
    expect(page.body).toContain('Your devices');
    expect(page.body.match(/class="device"/g)).toHaveLength(2);
    expect(page.body).toContain('This device');
    const safariId = /data-device="([0-9a-f-]{36})">\s*<strong>Safari on macOS/.exec(page.body)![1]!;
    const res = await laptop.c.post(`/o/acme/account/devices/${safariId}/forget`, {});
    expect(res.headers.location).toBe('/o/acme/account?notice=device-forgotten');
    expect(await phone.signedIn()).toBe(false);
    expect(await laptop.signedIn()).toBe(true);
    expect((await laptop.c.get('/o/acme/account')).body.match(/class="device"/g)).toHaveLength(1);
  });
});

describe('the device limit', () => {
  it('when a user at their limit signs in from a new device, then the right password is refused with the clear message, audited; a wrong one is just wrong', async () => {
    const user = await activeUser('lim');
    const known = browser();
    await known.signIn('lim');
    expect((await setLimit(user.id, 1)).json()).toEqual({ limit: 1, userLimit: 1, organizationDefault: null });

    const stranger = browser(SAFARI);
    const wrong = await stranger.signIn('lim', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('devices');

    const refused = await stranger.signIn('lim');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(LIMIT_MESSAGE(1));
    expect(refused.cookies.map((k) => k.name)).not.toContain('lk_device');
    expect(await stranger.signedIn()).toBe(false);
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'lim', password: PASSWORD } });
    // A plain user is no admin: the console answers as for a wrong password, before the device is looked at.
    expect(api.statusCode).toBe(401);
    const refusals = (await audit(user.id, 'login.refused')).map((e) => e.data);
    expect(refusals).toEqual([{ kind: 'account', reason: 'device_limit' }]);

    // The device it already has still signs in.
    expect((await known.signIn('lim')).statusCode).toBe(303);
    expect((await devicesOf(user.id)).json().items).toHaveLength(1);
  });

  it('when an administrator over the limit signs in to the console from a new client, then the problem says so with the count', async () => {
    const admin = await activeUser('adm', 'helpdesk');
    await t.consoleLogin('acme', 'adm');
    await t.consoleLogin('acme', 'adm'); // no cookie kept: every call is a new client
    await setLimit(admin.id, 2);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'adm', password: PASSWORD } });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'device.limit_reached', detail: LIMIT_MESSAGE(2), devices: 2, limit: 2 });
  });

  it('when a device is forgotten by an administrator, then its session ends and a new device may sign in', async () => {
    const user = await activeUser('forg');
    const old = browser(SAFARI);
    await old.signIn('forg');
    await setLimit(user.id, 1);
    const fresh = browser();
    expect((await fresh.signIn('forg')).statusCode).toBe(403);
    const [device] = (await devicesOf(user.id)).json().items;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}/devices/${device.id}`, headers: helpdesk });
    expect(res.statusCode).toBe(204);
    expect(await old.signedIn()).toBe(false);
    expect((await fresh.signIn('forg')).statusCode).toBe(303);
    expect((await devicesOf(user.id)).json().items.map((d: { name: string }) => d.name)).toEqual(['Firefox on Linux']);
    expect((await audit(user.id, 'device.')).map((e) => e.data)).toEqual([{ by: 'admin', deviceId: device.id, name: 'Safari on macOS', sessionsEnded: 1 }]);
    // Forgotten once is forgotten.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}/devices/${device.id}`, headers: auth })).json().code).toBe('device.not_found');
  });

  it('when the user limit is reset to a higher organization default, then the new device signs in', async () => {
    const user = await activeUser('resi');
    await browser().signIn('resi');
    await setLimit(user.id, 1);
    const second = browser(SAFARI);
    expect((await second.signIn('resi')).statusCode).toBe(403);
    const settings = await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { devices: { defaultLimit: 3 } } } });
    expect(settings.statusCode).toBe(200);
    expect(settings.json().settings.devices).toEqual({ defaultLimit: 3 });
    // The user's own limit still applies until it is reset.
    expect((await second.signIn('resi')).statusCode).toBe(403);
    expect((await setLimit(user.id, null)).json()).toEqual({ limit: 3, userLimit: null, organizationDefault: 3 });
    expect((await second.signIn('resi')).statusCode).toBe(303);
    expect((await audit(user.id, 'user.device_limit_set')).map((e) => e.data)).toEqual([
      { userLimit: 1, previous: null, applies: 1 },
      { userLimit: null, previous: 1, applies: 3 },
    ]);
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { devices: { defaultLimit: null } } } });
  });

  it('when the device cookie is tampered with or forged, then the browser counts as a new device', async () => {
    const user = await activeUser('tamp');
    const b = browser();
    await b.signIn('tamp');
    await setLimit(user.id, 1);
    const [id, sig] = b.deviceCookie()!.split('.') as [string, string];
    const signedWith = (key: string, deviceId: string) => `${deviceId}.${createHmac('sha256', key).update(`device:${deviceId}`).digest('base64url')}`;
    const forgeries = [
      `${id}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`, // an edited signature
      `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${sig}`, // another identifier under the same signature
      signedWith('some-other-installation-key-0123456789', id), // signed with another key
      id, // no signature
    ];
    for (const forged of forgeries) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { cookie: `lk_device=${forged}` },
        payload: { organization: 'acme', login: 'tamp', password: PASSWORD },
      });
      // Plain users are refused at the console anyway; the account page is the real check.
      expect(res.statusCode).toBe(401);
      const page = await t.app.inject({ method: 'GET', url: '/o/acme/login', headers: { cookie: `lk_device=${forged}` } });
      const form = /lk_form=([^;]+)/.exec(String(page.headers['set-cookie']))![1]!;
      const login = await t.app.inject({
        method: 'POST',
        url: '/o/acme/login',
        headers: { cookie: `lk_device=${forged}; lk_form=${form}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: form, login: 'tamp', password: PASSWORD }).toString(),
      });
      expect(login.statusCode).toBe(403);
      expect(login.body).toContain(LIMIT_MESSAGE(1));
    }
    // The genuine cookie still signs in.
    expect((await b.signIn('tamp')).statusCode).toBe(303);
  });
});

describe('who may see and change devices', () => {
  it('when the caller lacks the privilege or the organization, then devices and limits are refused', async () => {
    const user = await activeUser('priv');
    const admin = await activeUser('orgadm', 'org_admin');
    await browser().signIn('priv');
    expect((await devicesOf(user.id, helpdesk)).statusCode).toBe(200);
    expect((await setLimit(user.id, 2, helpdesk)).json().code).toBe('auth.forbidden');
    expect((await devicesOf(user.id, otherOrg)).json().code).toBe('organization.not_found');
    expect((await setLimit(user.id, 2, otherOrg)).statusCode).toBe(404);
    const [device] = (await devicesOf(user.id)).json().items;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${user.id}/devices/${device.id}`, headers: otherOrg })).statusCode).toBe(404);
    // Another user's device named under this user: not found.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${admin.id}/devices/${device.id}`, headers: auth })).json().code).toBe('device.not_found');
    expect((await setLimit(user.id, 0)).statusCode).toBe(400);
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users/${user.id}/devices` })).statusCode).toBe(401);
  });

  it('when a console user calls /api/v1/me/devices, then they list (this one marked) and forget their own; an API token is refused', async () => {
    await activeUser('meadm', 'helpdesk');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'user-agent': FIREFOX }, payload: { organization: 'acme', login: 'meadm', password: PASSWORD } });
    const jar = login.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
    const headers = { cookie: jar, 'x-csrf-token': login.json().csrfToken };
    await t.consoleLogin('acme', 'meadm'); // a second client
    const list = await t.app.inject({ url: '/api/v1/me/devices', headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { name: string; current: boolean }) => [d.name, d.current]).sort()).toEqual([['Firefox on Linux', true], ['lightMyRequest', false]]);
    const other = list.json().items.find((d: { current: boolean }) => !d.current);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/devices/${other.id}`, headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/me/devices', headers })).json().items).toHaveLength(1);
    const token = await t.app.inject({ url: '/api/v1/me/devices', headers: auth });
    expect([token.statusCode, token.json().code]).toEqual([403, 'auth.session_required']);
  });
});
