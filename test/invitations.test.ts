import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { linkIn, startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { pageClient, pathOf } from './helpers/pages.js';
import { waitUntil } from './helpers/wait.js';

let t: TestApp;
let smtp: SmtpSink;
let auth: Record<string, string>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function invite(username: string, email = `${username}@example.com`) {
  const user = await t.createUser(auth, 'acme', { username, email, invite: true });
  const mail = await smtp.waitFor(email);
  return { user, mail, link: linkIn(mail.text, /http:\/\/latchkey\.test\/o\/acme\/invitations\/\S+/) };
}

describe('invitation by email link', () => {
  it('when an admin invites a user, then an email with a one-time link arrives over SMTP and the user is pending', async () => {
    const { user, mail, link } = await invite('ada', 'ada@example.com');
    expect(user.status).toBe('pending');
    expect(user.invitation).toMatchObject({ method: 'email_link', state: 'pending' });
    expect(mail.subject).toBe("You're invited to acme Inc.");
    expect(mail.html).toContain(link);
    expect(mail.messageId).toMatch(/@latchkey>$/);
    const delivered = await waitUntil(async () => {
      const detail = (await t.app.inject({ url: `/api/v1/organizations/acme/users/${user.id}`, headers: auth })).json();
      return detail.invitation.delivery?.state === 'sent' && detail.invitation.delivery;
    }, 'delivery recorded');
    expect(delivered).toMatchObject({ state: 'sent', attempts: 1, lastError: null });
  });

  it('when the link is opened and a password set, then the account is active, the user can sign in and sees the dashboard', async () => {
    const { user, link } = await invite('grace');
    const browser = pageClient(t);
    const page = await browser.get(pathOf(link));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Set your password');
    expect(page.body).toContain('grace');

    const set = await browser.post(pathOf(link), { password: PASSWORD, confirm: PASSWORD });
    expect(set.statusCode).toBe(303);
    // Signed in at once: the password just chosen is not asked for again.
    expect(set.headers.location).toBe('/o/acme/account?notice=password-set');

    const after = await t.app.inject({ url: `/api/v1/organizations/acme/users/${user.id}`, headers: auth });
    expect(after.json()).toMatchObject({ status: 'active', invitation: { state: 'accepted' } });

    const dashboard = await browser.get('/o/acme/account');
    expect(dashboard.body).toContain('Your account');
    expect(dashboard.body).toContain('grace@example.com');

    const activated = await smtp.waitFor('grace@example.com', (m) => m.subject.includes('is active'));
    expect(activated.text).toContain('http://latchkey.test/o/acme/login');
  });

  it('when the link is used a second time, then a page says it was already used', async () => {
    const { link } = await invite('linus');
    const browser = pageClient(t);
    await browser.get(pathOf(link));
    await browser.post(pathOf(link), { password: PASSWORD, confirm: PASSWORD });
    const again = await browser.get(pathOf(link));
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('already been used');
  });

  it('when two redemptions of one link race, then exactly one sets the password', async () => {
    const { user, link } = await invite('racer');
    const a = pageClient(t);
    const b = pageClient(t);
    await a.get(pathOf(link));
    await b.get(pathOf(link));
    const results = await Promise.all([
      a.post(pathOf(link), { password: 'first contender secret 1', confirm: 'first contender secret 1' }),
      b.post(pathOf(link), { password: 'second contender secret 2', confirm: 'second contender secret 2' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    const winner = results[0]!.statusCode === 303 ? 'first contender secret 1' : 'second contender secret 2';
    const loser = winner.startsWith('first') ? 'second contender secret 2' : 'first contender secret 1';
    const tryLogin = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'racer', password } });
    // A plain user may not use the console; the account page tells which password won.
    expect((await tryLogin(winner)).json().code).toBe('auth.invalid_credentials');
    expect((await tryLogin(loser)).json().code).toBe('auth.invalid_credentials');
    const page = async (password: string) => {
      const c = pageClient(t);
      await c.get('/o/acme/login');
      return c.post('/o/acme/login', { login: 'racer', password });
    };
    expect((await page(winner)).statusCode).toBe(303);
    expect((await page(loser)).statusCode).toBe(401);
    const accepted = await t.db.selectFrom('invitations').select('state').where('user_id', '=', user.id).execute();
    expect(accepted.filter((i) => i.state === 'accepted')).toHaveLength(1);
  });

  it('when the invitation email has been delivered over SMTP, then the raw token appears nowhere in the database', async () => {
    const { user, link } = await invite('secretive');
    const token = link.split('/').pop()!;
    await waitUntil(
      () => t.db.selectFrom('outbox_messages').select('id').where('user_id', '=', user.id).where('state', '=', 'sent').executeTakeFirst(),
      'delivery recorded',
    );
    const dump = await sql<{ t: string }>`select string_agg(t, ' ') as t from (
      select i::text as t from invitations i union all select u::text from users u union all select m::text from outbox_messages m) x`.execute(t.db);
    expect(dump.rows[0]!.t).not.toContain(token);
    // What stays in the outbox is the masked copy.
    const kept = await t.db.selectFrom('outbox_messages').select('text_body').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(kept.text_body).toContain('http://latchkey.test/o/acme/invitations/••••••');
  });

  it('when the password breaks the policy, then the page says which rule and the link still works', async () => {
    const { link } = await invite('shorty');
    const browser = pageClient(t);
    await browser.get(pathOf(link));
    const short = await browser.post(pathOf(link), { password: 'short', confirm: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Use at least 15 characters.');
    const withName = await browser.post(pathOf(link), { password: 'my name is shorty ok', confirm: 'my name is shorty ok' });
    expect(withName.body).toContain('must not contain your username');
    const mismatch = await browser.post(pathOf(link), { password: PASSWORD, confirm: `${PASSWORD}!` });
    expect(mismatch.body).toContain('do not match');
    const ok = await browser.post(pathOf(link), { password: PASSWORD, confirm: PASSWORD });
    expect(ok.statusCode).toBe(303);
  });

  it('when a form is posted without its CSRF token, then nothing is changed', async () => {
    const { user, link } = await invite('csrf-victim');
    const res = await t.app.inject({
      method: 'POST',
      url: pathOf(link),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ password: PASSWORD, confirm: PASSWORD }).toString(),
    });
    expect(res.statusCode).toBe(403);
    const after = await t.app.inject({ url: `/api/v1/organizations/acme/users/${user.id}`, headers: auth });
    expect(after.json().status).toBe('pending');
  });
});

describe('invitation expiry and resend', () => {
  const setExpiry = (expiryMinutes: number) =>
    t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { invitation: { expiryMinutes } } } });

  it('when expiry is 0, then inviting is refused with a clear problem and no dead secret is sent', async () => {
    expect((await setExpiry(0)).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: auth, payload: { username: 'instant', email: 'instant@example.com', invite: true } });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'invitation.expires_immediately' });
    expect(res.json().title).toContain('nothing was sent');
    const queued = await t.db.selectFrom('outbox_messages').select('id').where('recipient', '=', 'instant@example.com').execute();
    expect(queued).toHaveLength(0);
    await setExpiry(4320);
  });

  it('when an expired link is opened, then the page says to ask for a new invitation, in the organization layout', async () => {
    await setExpiry(30);
    const { link } = await invite('instant');
    t.clock.advance(31 * 60_000);
    const page = await pageClient(t).get(pathOf(link));
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This invitation has expired');
    expect(page.body).toContain('Ask your administrator to send you a new invitation');
    expect(page.body).toContain('acme Inc.');
    await setExpiry(4320);
  });

  it('when expiry is N minutes, then the link works before N minutes and not after', async () => {
    await setExpiry(30);
    const { user, link } = await invite('timed');
    expect(new Date(user.invitation!.expiresAt!).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    expect((await pageClient(t).get(pathOf(link))).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await pageClient(t).get(pathOf(link))).statusCode).toBe(410);
    const detail = await t.app.inject({ url: `/api/v1/organizations/acme/users/${user.id}`, headers: auth });
    expect(detail.json().invitation.state).toBe('expired');
    await setExpiry(4320);
  });

  it('when expiry is -1, then the link never expires', async () => {
    await setExpiry(-1);
    const { user, link } = await invite('forever');
    expect(user.invitation!.expiresAt).toBeNull();
    t.clock.advance(5 * 365 * 24 * 3600_000);
    expect((await pageClient(t).get(pathOf(link))).statusCode).toBe(200);
    await setExpiry(4320);
  });

  it('when an admin resends, then the old link stops working and the new one works', async () => {
    const { user, link: oldLink } = await invite('resent');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/invitations`, headers: auth, payload: {} });
    expect(res.statusCode).toBe(201);
    const second = await smtp.waitFor('resent@example.com', (m) => !m.text.includes(oldLink));
    const newLink = linkIn(second.text, /http:\/\/latchkey\.test\/o\/acme\/invitations\/\S+/);
    expect(newLink).not.toBe(oldLink);
    const old = await pageClient(t).get(pathOf(oldLink));
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain('replaced by a newer one');
    expect(old.body).toContain('Use the link in the most recent invitation email');
    expect((await pageClient(t).get(pathOf(newLink))).statusCode).toBe(200);
  });

  it('when the user already set a password, then resend is refused with a clear problem', async () => {
    const { user, link } = await invite('done');
    const browser = pageClient(t);
    await browser.get(pathOf(link));
    await browser.post(pathOf(link), { password: PASSWORD, confirm: PASSWORD });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/invitations`, headers: auth, payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'invitation.user_not_pending', type: 'urn:latchkey:error:invitation.user_not_pending' });
  });

  it('when a user without email is invited, then creation is refused and no user is left behind', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: auth, payload: { username: 'nomail', invite: true } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('user.email_required');
    const list = await t.app.inject({ url: '/api/v1/organizations/acme/users?search=nomail', headers: auth });
    expect(list.json().items).toHaveLength(0);
  });

  it('when an unknown token is opened, then a not-found page is shown', async () => {
    const res = await pageClient(t).get('/o/acme/invitations/not-a-real-token');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('This invitation link is not valid');
  });
});
