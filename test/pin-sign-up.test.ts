import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';

let t: TestApp;
let admin: Record<string, string>;
let desk: Record<string, string>;
let other: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false, env: { LOGIN_MAX_FAILURES: '3', LOGIN_IP_MAX_FAILURES: '1000' } });
  ({ auth: admin } = await t.createOrg('acme'));
  ({ auth: other } = await t.createOrg('globex'));
  const token = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: admin, payload: { name: 'desk', privilege: 'helpdesk' } });
  desk = { authorization: `Bearer ${token.json().token}` };
  await settings({ login: { pinSignUp: 'all_clients' } });
});
afterAll(() => t.close());

const settings = (patch: object, org = 'acme', headers = admin) => t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/${org}`, headers, payload: { settings: patch } });
const assign = (id: string, body: object = {}, headers = admin, org = 'acme') =>
  t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${id}/pin-code`, headers, payload: body });
let ip = 0;
/** Each call from its own address unless one is given, so address budgets don't mix tests. */
const signUp = (body: { pin: string; email: string; username: string }, remoteAddress = `10.1.0.${++ip}`, org = 'acme') =>
  t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/pin-sign-ups`, payload: body, remoteAddress });

let n = 0;
async function holder(body: Record<string, unknown> = {}, pin: object = {}) {
  const user = await t.createUser(admin, 'acme', { username: `holder${++n}`, email: `holder${n}@example.com`, ...body });
  const res = await assign(user.id, pin);
  expect(res.statusCode).toBe(200);
  return { user, pin: res.json().pin as string };
}

describe('PIN-code sign-up over the API', () => {
  it('when a holder signs up a user, then the user has the holder’s groups and roles, is a plain user, and gets a temporary password by email', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/groups', headers: admin, payload: { name: 'Partners' } });
    const h = await holder({ groups: ['Partners'], roles: ['reseller'], privilege: 'helpdesk' });
    const res = await signUp({ pin: h.pin, email: 'new1@example.com', username: 'new1' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'new1', email: 'new1@example.com', pin: { used: 1, quota: null } });
    const list = (await t.app.inject({ url: '/api/v1/organizations/acme/users?search=new1', headers: admin })).json().items;
    expect(list[0]).toMatchObject({ username: 'new1', groups: ['Partners'], roles: ['reseller'], privilege: 'user', type: 'standard', status: 'pending' });
    const mail = await t.db.selectFrom('outbox_messages').selectAll().where('recipient', '=', 'new1@example.com').executeTakeFirstOrThrow();
    expect(mail.kind).toBe('password_new');
    const password = /^ {4}(\S+)$/m.exec(mail.text_body)![1]!;
    // The temporary password signs in only to be replaced.
    const c = pageClient(t);
    await c.get('/o/acme/login');
    expect((await c.post('/o/acme/login', { login: 'new1', password })).headers.location).toBe('/o/acme/password');
    const audit = (await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?action=user.created&targetId=${list[0].id}`, headers: admin })).json().items;
    expect(audit[0]).toMatchObject({ actor: { type: 'user', id: h.user.id }, target: { type: 'user', id: list[0].id }, data: { via: 'pin_code' } });
    const detail = (await t.app.inject({ url: `/api/v1/organizations/acme/users/${h.user.id}/pin-code`, headers: admin })).json();
    expect(detail).toMatchObject({ used: 1, quota: null, createdUsers: [{ username: 'new1', email: 'new1@example.com' }] });
    const holderRow = (await t.app.inject({ url: `/api/v1/organizations/acme/users/${h.user.id}`, headers: admin })).json();
    expect(holderRow.type).toBe('pin_holder');
    const holders = (await t.app.inject({ url: '/api/v1/organizations/acme/users?type=pin_holder', headers: admin })).json().items;
    expect(holders.map((u: { username: string }) => u.username)).toContain(h.user.username);
    expect(holders.every((u: { type: string }) => u.type === 'pin_holder')).toBe(true);
  });

  it('when the quota is reached, then the next sign-up is refused with quota_reached and nothing is created', async () => {
    const h = await holder({}, { quota: 1 });
    expect((await signUp({ pin: h.pin, email: 'q1@example.com', username: 'q1' })).statusCode).toBe(201);
    const res = await signUp({ pin: h.pin, email: 'q2@example.com', username: 'q2' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('pin_code.quota_reached');
    expect(await t.db.selectFrom('users').select('id').where('username', '=', 'q2').executeTakeFirst()).toBeUndefined();
  });

  it('when 20 sign-ups race against a quota of 5, then exactly 5 users are created', async () => {
    const h = await holder({}, { quota: 5 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signUp({ pin: h.pin, email: `race${i}@example.com`, username: `race${i}` })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(5);
    expect(codes.filter((c) => c !== 201), JSON.stringify(results.filter((r) => r.statusCode !== 201 && r.statusCode !== 409).map((r) => r.json()))).toEqual(Array(15).fill(409));
    const created = await t.db.selectFrom('pin_sign_ups').select('user_id').where('holder_id', '=', h.user.id).execute();
    expect(created).toHaveLength(5);
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users/${h.user.id}/pin-code`, headers: admin })).json()).toMatchObject({ used: 5, quota: 5 });
  });

  it('when the PIN is regenerated, then the old one stops working and the used count is kept', async () => {
    const h = await holder({}, { quota: 3 });
    expect((await signUp({ pin: h.pin, email: 'rg1@example.com', username: 'rg1' })).statusCode).toBe(201);
    const again = await assign(h.user.id, {});
    expect(again.json()).toMatchObject({ used: 1, quota: 3 });
    expect(again.json().pin).not.toBe(h.pin);
    expect((await signUp({ pin: h.pin, email: 'rg2@example.com', username: 'rg2' })).json().code).toBe('pin_code.invalid');
    expect((await signUp({ pin: again.json().pin, email: 'rg2@example.com', username: 'rg2' })).json().pin).toEqual({ used: 2, quota: 3 });
  });

  it('when only the limits change, then the PIN stays the same; when the PIN is taken away, it stops working and the holder is standard again', async () => {
    const h = await holder({}, { quota: 2 });
    const limits = await assign(h.user.id, { quota: 4, regenerate: false });
    expect(limits.json()).toMatchObject({ pin: h.pin, quota: 4, used: 0 });
    const gone = await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${h.user.id}/pin-code`, headers: admin });
    expect(gone.statusCode).toBe(204);
    expect((await signUp({ pin: h.pin, email: 'gone@example.com', username: 'gone' })).json().code).toBe('pin_code.invalid');
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users/${h.user.id}`, headers: admin })).json().type).toBe('standard');
  });

  it('when the organization is at its user limit, then a sign-up is refused and the PIN keeps its quota', async () => {
    const h = await holder({}, { quota: 2 });
    const count = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('organization_id', '=', h.user.organizationId).where('status', '!=', 'disabled').executeTakeFirstOrThrow();
    expect((await settings({ userLimit: Number(count.n) })).statusCode).toBe(200);
    const res = await signUp({ pin: h.pin, email: 'limit@example.com', username: 'limit' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('organization.user_limit_reached');
    await settings({ userLimit: null });
    expect((await signUp({ pin: h.pin, email: 'limit@example.com', username: 'limit' })).json().pin).toEqual({ used: 1, quota: 2 });
  });

  it('when the PIN has expired, then it is refused with the same answer as a wrong one', async () => {
    const h = await holder({}, { expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    t.clock.advance(2 * 3600_000);
    const expired = await signUp({ pin: h.pin, email: 'late@example.com', username: 'late' });
    const wrong = await signUp({ pin: 'NOTAPIN123', email: 'late@example.com', username: 'late' });
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toEqual({ ...wrong.json(), instance: expired.json().instance });
    expect(expired.json().title).toBe('Wrong or expired PIN');
  });

  it('when wrong PINs come from one address, then it is throttled, also for a right PIN, while another address still works', async () => {
    const h = await holder();
    for (let i = 0; i < 3; i++) expect((await signUp({ pin: `WRONG${i}AAAA`, email: 'x@example.com', username: 'x' }, '10.9.9.9')).statusCode).toBe(400);
    const locked = await signUp({ pin: h.pin, email: 'thr@example.com', username: 'thr' }, '10.9.9.9');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().detail).toMatch(/^Too many wrong PINs\. Try again in \d+ minutes?\.$/);
    expect(locked.headers['retry-after']).toBeDefined();
    expect((await signUp({ pin: h.pin, email: 'thr@example.com', username: 'thr' }, '10.9.9.10')).statusCode).toBe(201);
  });

  it('when a holder’s sign-ups keep failing (taken names), then that holder is throttled whatever the address', async () => {
    const h = await holder();
    const taken = await signUp({ pin: h.pin, email: 'holder1@example.com', username: 'fresh' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('user.username_taken');
    for (let i = 0; i < 5; i++) await signUp({ pin: h.pin, email: 'holder1@example.com', username: `fresh${i}` });
    expect((await signUp({ pin: h.pin, email: 'ok@example.com', username: 'okname' })).statusCode).toBe(429);
  });

  it('when the email or username is not valid, then the answer names what to fix', async () => {
    const h = await holder();
    const page = pageClient(t);
    await page.get('/o/acme/pin-sign-up');
    const res = await page.post('/o/acme/pin-sign-up', { pin: h.pin, email: 'not-an-email', username: 'bademail' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter a valid email address for the new user');
    const api = await signUp({ pin: h.pin, email: 'ok2@example.com', username: 'has space' });
    expect(api.json().code).toBe('pin_code.username_invalid');
  });

  it('when sign-up is web only, then the API refuses with a clear problem while the page works; when off, both refuse', async () => {
    const h = await holder();
    await settings({ login: { pinSignUp: 'web_only' } });
    const api = await signUp({ pin: h.pin, email: 'web1@example.com', username: 'web1' });
    expect(api.statusCode).toBe(403);
    expect(api.json().code).toBe('pin_code.web_only');
    const page = pageClient(t);
    expect((await page.get('/o/acme/login')).body).toContain('Sign up with a PIN code');
    await page.get('/o/acme/pin-sign-up');
    const ok = await page.post('/o/acme/pin-sign-up', { pin: h.pin, email: 'web1@example.com', username: 'web1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('The account <strong>web1</strong> is created');

    await settings({ login: { pinSignUp: 'off' } });
    expect((await signUp({ pin: h.pin, email: 'web2@example.com', username: 'web2' })).json().code).toBe('pin_code.sign_up_off');
    const off = await page.get('/o/acme/pin-sign-up');
    expect(off.statusCode).toBe(403);
    expect(off.body).toContain('Sign-up with a PIN code is turned off for this organization');
    expect((await page.get('/o/acme/login')).body).not.toContain('Sign up with a PIN code');
    await settings({ login: { pinSignUp: 'all_clients' } });
  });
});

describe('who sees and sends the PIN', () => {
  it('when a helpdesk reads a holder, then it never sees the PIN and may not assign one or send it elsewhere', async () => {
    const h = await holder();
    const seen = (await t.app.inject({ url: `/api/v1/organizations/acme/users/${h.user.id}/pin-code`, headers: desk })).json();
    expect(seen.used).toBe(0);
    expect(seen).not.toHaveProperty('pin');
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users/${h.user.id}/pin-code`, headers: admin })).json().pin).toBe(h.pin);
    expect((await assign(h.user.id, {}, desk)).statusCode).toBe(403);
    const elsewhere = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${h.user.id}/pin-code/email`, headers: desk, payload: { to: 'someone@example.com' } });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().code).toBe('auth.secrets_forbidden');
    const own = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${h.user.id}/pin-code/email`, headers: desk, payload: {} });
    expect(own.json().to).toBe(h.user.email);
    // The helpdesk reads the message masked.
    const box = (await t.app.inject({ url: '/api/v1/organizations/acme/outbox', headers: desk })).json().items.find((m: { recipient: string; kind: string }) => m.kind === 'pincode');
    expect(box.textBody).not.toContain(h.pin);
  });

  it('when an admin emails the PIN to another address, then the pincode message carries it and the action is audited', async () => {
    const h = await holder();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${h.user.id}/pin-code/email`, headers: admin, payload: { to: 'requester@example.com' } });
    expect(res.statusCode).toBe(200);
    const mail = await t.db.selectFrom('outbox_messages').selectAll().where('recipient', '=', 'requester@example.com').executeTakeFirstOrThrow();
    expect(mail.kind).toBe('pincode');
    expect(mail.text_body).toContain(h.pin);
    expect(mail.html_body).toContain(h.pin);
    const events = (await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?action=pin_code&targetId=${h.user.id}`, headers: admin })).json().items;
    expect(events.map((e: { action: string }) => e.action).sort()).toEqual(['pin_code.assigned', 'pin_code.emailed']);
    expect(JSON.stringify(events)).not.toContain(h.pin);
  });

  it('when another organization’s admin or PIN is used, then the holder is not found and the PIN does not work there', async () => {
    const h = await holder();
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users/${h.user.id}/pin-code`, headers: other })).statusCode).toBe(404);
    expect((await assign(h.user.id, {}, other, 'globex')).statusCode).toBe(404);
    await settings({ login: { pinSignUp: 'all_clients' } }, 'globex', other);
    expect((await signUp({ pin: h.pin, email: 'cross@example.com', username: 'cross' }, undefined, 'globex')).json().code).toBe('pin_code.invalid');
  });
});

describe('custom attributes', () => {
  const define = (body: object, headers = admin) => t.app.inject({ method: 'POST', url: '/api/v1/organizations/attrs/attributes', headers, payload: body });
  let attrs: Record<string, string>;
  beforeAll(async () => {
    ({ auth: attrs } = await t.createOrg('attrs'));
  });

  it('when an organization defines attributes, then users are validated against them with a 400 naming the attribute', async () => {
    expect((await define({ name: 'costCenter', type: 'string', required: true }, attrs)).statusCode).toBe(201);
    expect((await define({ name: 'seats', type: 'number' }, attrs)).statusCode).toBe(201);
    expect((await define({ name: 'hired', type: 'date' }, attrs)).statusCode).toBe(201);
    expect((await define({ name: 'COSTCENTER', type: 'string' }, attrs)).json().code).toBe('attribute.name_taken');
    const create = (attributes: object) => t.app.inject({ method: 'POST', url: '/api/v1/organizations/attrs/users', headers: attrs, payload: { username: `u${++n}`, attributes } });
    const missing = await create({ seats: 3 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'attribute.required', detail: 'The attribute "costCenter" is required.' });
    expect((await create({ costCenter: 'X', seats: 'three' })).json().detail).toBe('The attribute "seats" must be a number.');
    expect((await create({ costCenter: 'X', hired: '2026-02-30' })).json().detail).toBe('The attribute "hired" must be a date (YYYY-MM-DD).');
    expect((await create({ costCenter: 'X', shoeSize: 44 })).json()).toMatchObject({ code: 'attribute.unknown', detail: 'The organization defines no attribute "shoeSize".' });
    const ok = await create({ costCenter: 'X', seats: 3, hired: '2026-02-28' });
    expect(ok.statusCode).toBe(201);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/attrs/users/${ok.json().id}`, headers: attrs, payload: { attributes: { costCenter: 'X', seats: true } } });
    expect(patch.json().code).toBe('attribute.invalid');
    const list = (await t.app.inject({ url: '/api/v1/organizations/attrs/attributes', headers: attrs })).json().items;
    expect(list.map((a: { name: string }) => a.name)).toEqual(['costCenter', 'hired', 'seats']);
  });

  it('when a helpdesk or another organization tries to change the schema, then it is refused, and schema changes are audited', async () => {
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/attrs/api-tokens', headers: attrs, payload: { name: 'desk', privilege: 'helpdesk' } });
    const attrsDesk = { authorization: `Bearer ${token.json().token}` };
    expect((await define({ name: 'region', type: 'string' }, attrsDesk)).statusCode).toBe(403);
    expect((await define({ name: 'region', type: 'string' }, admin)).statusCode).toBe(404);
    const seats = (await t.app.inject({ url: '/api/v1/organizations/attrs/attributes', headers: attrs })).json().items.find((a: { name: string }) => a.name === 'seats');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/acme/attributes/${seats.id}`, headers: admin, payload: { inheritable: true } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/attrs/attributes/${seats.id}`, headers: attrs, payload: { inheritable: true } })).json().inheritable).toBe(true);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/attrs/attributes/${seats.id}`, headers: attrs })).statusCode).toBe(204);
    const events = (await t.app.inject({ url: '/api/v1/organizations/attrs/audit-events?action=attribute', headers: attrs })).json().items.map((e: { action: string }) => e.action);
    expect(events).toEqual(['attribute.deleted', 'attribute.updated', 'attribute.defined', 'attribute.defined', 'attribute.defined']);
  });

  it('when a holder signs up a user, then only the inheritable attributes are passed on, and a required one the holder cannot pass on does not block it', async () => {
    await define({ name: 'team', type: 'string', inheritable: true }, attrs);
    await define({ name: 'badge', type: 'string' }, attrs);
    await settings({ login: { pinSignUp: 'all_clients' } }, 'attrs', attrs);
    const h = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/attrs/users', headers: attrs, payload: { username: 'lead', email: 'lead@attrs.test', attributes: { costCenter: 'CC', team: 'blue', badge: 'B-1' } } });
    const pin = (await assign(h.json().id, {}, attrs, 'attrs')).json().pin;
    const res = await signUp({ pin, email: 'member@attrs.test', username: 'member' }, undefined, 'attrs');
    expect(res.statusCode).toBe(201);
    const member = (await t.app.inject({ url: '/api/v1/organizations/attrs/users?search=member', headers: attrs })).json().items[0];
    expect(member.attributes).toEqual({ team: 'blue' });
  });
});

describe('the holder’s account page', () => {
  it('when a holder signs in, then the account page shows the PIN’s use and the users it created', async () => {
    const h = await holder({}, { quota: 4 });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${h.user.id}/password`, headers: admin, payload: { password: PASSWORD, temporary: false } });
    await signUp({ pin: h.pin, email: 'mine@example.com', username: 'mine' });
    const c = pageClient(t);
    await c.get('/o/acme/login');
    await c.post('/o/acme/login', { login: h.user.username, password: PASSWORD });
    const page = await c.get('/o/acme/account');
    expect(page.body).toContain('1 of 4 used');
    expect(page.body).toContain('mine (mine@example.com)');
  });
});
