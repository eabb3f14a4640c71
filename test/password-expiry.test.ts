import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';

let t: TestApp;
let auth: Record<string, string>;
let otherAuth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
  ({ auth: otherAuth } = await t.createOrg('other'));
});
afterAll(() => t.close());

const DAY = 24 * 3600_000;
const expiry = (id: string, expiresAt: string | null, headers = auth, org = 'acme') =>
  t.app.inject({ method: 'PUT', url: `/api/v1/organizations/${org}/users/${id}/password-expiry`, headers, payload: { expiresAt } });

async function userWithPassword(username: string) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.com` });
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  expect(res.statusCode).toBe(200);
  return user as { id: string };
}

/** Where a page sign-in with the right password lands. */
async function signIn(username: string) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  return (await c.post('/o/acme/login', { login: username, password: PASSWORD })).headers.location;
}

describe('set password expiry', () => {
  it('when an admin sets a date, then sign-in works before it and goes to the forced change after it', async () => {
    const user = await userWithPassword('dana');
    const when = new Date(t.clock.now().getTime() + 3 * DAY);
    const res = await expiry(user.id, when.toISOString());
    expect(res.statusCode).toBe(200);
    expect(res.json().passwordExpiresAt).toBe(when.toISOString());
    expect(await signIn('dana')).toBe('/o/acme/account');
    t.clock.advance(4 * DAY);
    expect(await signIn('dana')).toBe('/o/acme/password');
  });

  it('when the date is cleared, then the password signs in again as is', async () => {
    const user = await userWithPassword('evan');
    await expiry(user.id, new Date(t.clock.now().getTime() + DAY).toISOString());
    t.clock.advance(2 * DAY);
    expect(await signIn('evan')).toBe('/o/acme/password');
    const cleared = await expiry(user.id, null);
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().passwordExpiresAt).toBeNull();
    expect(await signIn('evan')).toBe('/o/acme/account');
  });

  it('when a date is set, then the user is emailed the date and the steps, and the change is audited', async () => {
    const user = await userWithPassword('fran');
    const when = new Date(t.clock.now().getTime() + 10 * DAY);
    await expiry(user.id, when.toISOString());
    const mail = await t.db.selectFrom('outbox_messages').selectAll().where('user_id', '=', user.id).where('kind', '=', 'password_expiry').executeTakeFirstOrThrow();
    expect(mail.recipient).toBe('fran@example.com');
    // The date as the template's localdate filter writes it for the default locale.
    const written = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone: 'UTC' }).format(when);
    expect(mail.subject).toContain(written);
    expect(mail.text_body).toContain(written);
    expect(mail.text_body).toContain('/o/acme/account/password');
    expect(mail.text_body).toContain('asked to choose a new one');
    expect(mail.html_body).toContain('/o/acme/forgot');
    const events = await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?action=user.password_expiry_set&targetId=${user.id}`, headers: auth });
    expect(events.json().items[0]).toMatchObject({ action: 'user.password_expiry_set', data: { expiresAt: when.toISOString(), previous: null, notified: true } });
    await expiry(user.id, null);
    const sent = await t.db.selectFrom('outbox_messages').select('id').where('user_id', '=', user.id).where('kind', '=', 'password_expiry').execute();
    expect(sent).toHaveLength(1); // clearing it sends nothing
  });

  it('when a helpdesk token, another organization or an unknown user is used, then the date is not set', async () => {
    const user = await userWithPassword('gail');
    const desk = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: auth, payload: { name: 'desk', privilege: 'helpdesk' } });
    const when = new Date(t.clock.now().getTime() + DAY).toISOString();
    expect((await expiry(user.id, when, { authorization: `Bearer ${desk.json().token}` })).statusCode).toBe(403);
    expect((await expiry(user.id, when, otherAuth, 'other')).statusCode).toBe(404);
    expect((await expiry(user.id, when, otherAuth, 'acme')).statusCode).toBe(404);
    expect((await expiry(user.id, 'next tuesday')).statusCode).toBe(400);
    const row = await t.db.selectFrom('users').select('password_expires_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_expires_at).toBeNull();
  });
});
