import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';

let t: TestApp;
let smtp: SmtpSink;
let auth: Record<string, string>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  ({ auth } = await t.createOrg('acme'));
  // The organization's default stays email_link throughout.
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const resend = (userId: string, body: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${userId}/invitations`, headers: auth, payload: body });
const messagesOf = (userId: string) =>
  t.db.selectFrom('outbox_messages').select(['channel', 'kind', 'recipient']).where('user_id', '=', userId).orderBy('created_at').execute();

describe('resend keeps the method of the invitation it replaces', () => {
  it('when an email code invitation is resent without a method, then a new code goes out, not a link (the default)', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'otp-ann', email: 'otp-ann@example.com', invite: true, invitationMethod: 'email_otp' });
    const res = await resend(user.id);
    expect(res.statusCode).toBe(201);
    expect(res.json().method).toBe('email_otp');
    expect((await messagesOf(user.id)).map((m) => m.kind)).toEqual(['invitation_otp', 'invitation_otp']);
    const second = await smtp.waitFor('otp-ann@example.com', (m) => smtp.mails.filter((x) => x.to.includes('otp-ann@example.com')).indexOf(m) === 1);
    expect(second.text).toMatch(/code/i);
    expect(second.text).not.toContain('/invitations/');
  });

  it('when an SMS-only user is resent to without a method, then the code goes by SMS again instead of failing for lack of email', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'sms-sam', phone: '+41 79 555 12 34', invite: true, invitationMethod: 'sms_otp' });
    const res = await resend(user.id);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ method: 'sms_otp', state: 'pending' });
    expect((await messagesOf(user.id)).map((m) => m.channel)).toEqual(['sms', 'sms']);
  });

  it('when a method is given, then it wins over the earlier one', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'switcher', email: 'switcher@example.com', invite: true, invitationMethod: 'email_otp' });
    const res = await resend(user.id, { method: 'email_link' });
    expect(res.json().method).toBe('email_link');
    // ...and that choice is what the next plain resend keeps.
    expect((await resend(user.id)).json().method).toBe('email_link');
  });

  it('when the bulk resend has no method, then each user keeps their own; with one, all switch to it', async () => {
    const coded = await t.createUser(auth, 'acme', { username: 'bulk-code', email: 'bulk-code@example.com', invite: true, invitationMethod: 'email_otp' });
    const texted = await t.createUser(auth, 'acme', { username: 'bulk-sms', phone: '+41 79 555 43 21', invite: true, invitationMethod: 'sms_otp' });
    const linked = await t.createUser(auth, 'acme', { username: 'bulk-link', email: 'bulk-link@example.com', invite: true });
    const bulk = (body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/onboarding/resend', headers: auth, payload: body });
    const kept = await bulk({ userIds: [coded.id, texted.id, linked.id] });
    expect(kept.statusCode).toBe(200);
    expect(kept.json().results.map((r: { ok: boolean; method: string }) => [r.ok, r.method])).toEqual([
      [true, 'email_otp'],
      [true, 'sms_otp'],
      [true, 'email_link'],
    ]);
    const switched = await bulk({ userIds: [coded.id, texted.id], method: 'email_link' });
    expect(switched.json().results).toMatchObject([
      { ok: true, method: 'email_link' },
      { ok: false, code: 'user.email_required', method: null },
    ]);
    expect((await bulk({ userIds: [coded.id], method: 'fax' })).statusCode).toBe(400);
  });

  it('when the organization expiry is 0, then a resend is refused with a problem and nothing is queued', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'dead-on-arrival', email: 'doa@example.com', invite: true });
    const before = (await messagesOf(user.id)).length;
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { invitation: { expiryMinutes: 0 } } } });
    try {
      const res = await resend(user.id);
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'invitation.expires_immediately', type: 'urn:latchkey:error:invitation.expires_immediately' });
      expect(await messagesOf(user.id)).toHaveLength(before);
      // The earlier invitation is untouched: refusing must not kill what still works.
      const detail = await t.app.inject({ url: `/api/v1/organizations/acme/users/${user.id}`, headers: auth });
      expect(detail.json().invitation.state).toBe('pending');
      const bulk = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/onboarding/resend', headers: auth, payload: { userIds: [user.id] } });
      expect(bulk.json().results[0]).toMatchObject({ ok: false, code: 'invitation.expires_immediately' });
    } finally {
      await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { invitation: { expiryMinutes: 4320 } } } });
    }
  });
});
