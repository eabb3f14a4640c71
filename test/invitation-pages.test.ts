import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { linkIn, startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { pageClient, pathOf } from './helpers/pages.js';
import * as setup from '../src/features/setup/service.js';

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

async function invite(username: string, headers = auth) {
  const email = `${username}@example.com`;
  const user = await t.createUser(headers, 'acme', { username, email, invite: true });
  const mail = await smtp.waitFor(email);
  return { user, link: pathOf(linkIn(mail.text, /http:\/\/latchkey\.test\/o\/acme\/invitations\/\S+/)) };
}
const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

describe('a link that no longer works says what to do next', () => {
  it('when a used link is opened, then the page says so in the organization layout and links to sign in and forgot password', async () => {
    const { link } = await invite('used-ursula');
    const c = pageClient(t);
    await c.get(link);
    await c.post(link, { password: PASSWORD, confirm: PASSWORD });
    const page = await c.get(link);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This invitation has already been used');
    expect(page.body).toContain('acme Inc.');
    expect(hrefs(page.body)).toEqual(expect.arrayContaining(['/o/acme/login', '/o/acme/forgot']));
  });

  it('when a link was replaced by a temporary password, then the page says to sign in with it and does not mention a newer email', async () => {
    const { user, link } = await invite('temp-tom');
    const reset = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: 'a temporary passphrase 1' } });
    expect(reset.statusCode).toBe(200);
    const page = await pageClient(t).get(link);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('replaced by a temporary password');
    expect(page.body).not.toContain('newer');
    expect(page.body).not.toContain('most recent');
    expect(hrefs(page.body)).toContain('/o/acme/login');
    // The revocation is on record, with why.
    const events = await t.db.selectFrom('audit_events').select(['action', 'data']).where('target_id', '=', user.id).where('action', '=', 'invitation.revoked').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ invitationId: user.invitation!.id, reason: 'temporary_password' });
  });

  it('when an admin revoked the link and sent nothing newer, then the page says it was withdrawn and whom to ask', async () => {
    await t.createPlatformAdmin('acme', 'boss@acme.test');
    const consoleAuth = await t.consoleLogin('acme', 'boss@acme.test');
    const { user, link } = await invite('withdrawn-will', consoleAuth);
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/invitations/${user.invitation!.id}/revoke`, headers: auth });
    const page = await pageClient(t).get(link);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('withdrew this invitation, and no newer one was sent');
    expect(page.body).not.toContain('most recent');
    // The admin who sent it is the one to ask.
    expect(hrefs(page.body).find((h) => h.startsWith('mailto:'))).toMatch(/^mailto:boss%40acme\.test\?subject=Invitation%20for%20withdrawn-will/);
  });

  it('when a link was superseded by a code sent by text message, then the page points to the text message, not an email', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'moved-mia', email: 'moved-mia@example.com', phone: '+41 79 555 66 77', invite: true });
    const link = pathOf(linkIn((await smtp.waitFor('moved-mia@example.com')).text, /http:\/\/latchkey\.test\/o\/acme\/invitations\/\S+/));
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/invitations`, headers: auth, payload: { method: 'sms_otp' } });
    const page = await pageClient(t).get(link);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('replaced by a newer one');
    expect(page.body).toContain('by text message');
    expect(page.body).not.toContain('most recent invitation email');
  });

  it('when a link was superseded by a newer email link, then the page says to use the most recent email', async () => {
    const { user, link } = await invite('resent-rita');
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/invitations`, headers: auth, payload: {} });
    const page = await pageClient(t).get(link);
    expect(page.body).toContain('Use the link in the most recent invitation email');
  });

  it('when an expired link is opened, then the page says to ask for a new invitation', async () => {
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { invitation: { expiryMinutes: 5 } } } });
    const { link } = await invite('late-lena');
    t.clock.advance(6 * 60_000);
    const page = await pageClient(t).get(link);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This invitation has expired');
    expect(page.body).toContain('Ask your administrator to send you a new invitation');
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { invitation: { expiryMinutes: 4320 } } } });
  });
});

describe('a one-time sheet opened again', () => {
  it('when a sheet is opened a second time, then the page is in the organization layout and links to sign in', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'sheet-sue', email: 'sheet-sue@example.com' });
    const reset = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: 'a printed passphrase 3', shareLink: true } });
    const view = pathOf(reset.json().viewUrl);
    expect((await pageClient(t).get(view)).statusCode).toBe(200);
    const again = await pageClient(t).get(view);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('acme Inc.');
    expect(hrefs(again.body)).toContain('/o/acme/login');
  });
});

describe('first administrator setup page', () => {
  it('when the form has several mistakes, then each is reported at once in the words of the form, and a good password is kept', async () => {
    const s = await createTestApp();
    try {
      const url = pathOf((await setup.setupLinkIfNeeded(s.ctx))!);
      const c = pageClient(s);
      expect((await c.get(url)).statusCode).toBe(200);
      const bad = await c.post(url, { organization: 'Bad Name!', organizationName: 'Acme', email: 'not-an-email', password: 'a fine long passphrase' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Organization short name: use lowercase letters');
      expect(bad.body).toContain('Your email: enter an address like name@example.com.');
      expect(bad.body).not.toMatch(/slug|must match format/i);
      expect(bad.body).toContain('value="a fine long passphrase"');
      const weak = await c.post(url, { organization: 'Bad Name!', organizationName: 'Acme', email: 'me@acme.test', password: 'short' });
      expect(weak.body).toContain('Password: use at least 15 characters.');
      expect(weak.body).toContain('Organization short name');
      expect(weak.body).not.toContain('value="short"');
      expect(weak.body).toContain('value="me@acme.test"');
    } finally {
      await s.close();
    }
  });

  it('when a used setup link is opened again, then the page says setup is done and links to the console sign-in', async () => {
    const s = await createTestApp();
    try {
      const url = pathOf((await setup.setupLinkIfNeeded(s.ctx))!);
      const c = pageClient(s);
      await c.get(url);
      const done = await c.post(url, { organization: 'first', organizationName: 'First', email: 'root@first.test', password: PASSWORD });
      expect(done.statusCode).toBe(303);
      const again = await pageClient(s).get(url);
      expect(again.statusCode).toBe(410);
      expect(again.body).toContain('Latchkey is already set up');
      expect(hrefs(again.body)).toContain('/admin/');
    } finally {
      await s.close();
    }
  });
});
