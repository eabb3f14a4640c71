import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { startReceiver } from './helpers/http-receiver.js';
import { pageClient } from './helpers/pages.js';
import { waitUntil } from './helpers/wait.js';
import { newCode } from '../src/flows/index.js';
import * as invitations from '../src/features/invitations/service.js';

let t: TestApp;
let smtp: SmtpSink;
let sms: Awaited<ReturnType<typeof startReceiver>>;
let auth: Record<string, string>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  sms = await startReceiver(200);
  t = await createTestApp({ smtpUrl: smtp.url, env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: `${sms.url}/sms`, SMS_WEBHOOK_SECRET: 'webhook-shared-secret' } });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
  await sms.close();
});

const settings = (patch: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: patch } });
const codeIn = (text: string) => /(?:code is:\s+|your code is )([A-Za-z0-9]+)/.exec(text)![1]!;
const userApi = (id: string) => t.app.inject({ url: `/api/v1/organizations/acme/users/${id}`, headers: auth }).then((r) => r.json());

async function signIn(login: string, password: string) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  return { c, res: await c.post('/o/acme/login', { login, password }) };
}

describe('invitation by emailed code', () => {
  it('when the user signs in with the code as password, then they must set a password and nothing else is reachable until then', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'otto', email: 'otto@example.com', invite: true, invitationMethod: 'email_otp' });
    const mail = await smtp.waitFor('otto@example.com');
    expect(mail.subject).toBe('Your acme Inc. invitation code');
    const code = codeIn(mail.text);
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    const { c, res } = await signIn('otto', code.toLowerCase()); // case folded: codes have one case
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/o/acme/password');
    // No session: the account page sends them back to sign in.
    expect((await c.get('/o/acme/account')).headers.location).toBe('/o/acme/login');
    expect((await c.get('/o/acme/password')).body).toContain('Set your password');
    const set = await c.post('/o/acme/password', { password: PASSWORD, confirm: PASSWORD });
    expect(set.headers.location).toBe('/o/acme/account?notice=password-set');
    expect((await c.get('/o/acme/account')).body).toContain('otto@example.com');
    expect(await userApi(user.id)).toMatchObject({ status: 'active', invitation: { state: 'accepted', stage: 'activated', method: 'email_otp' } });
    expect((await signIn('otto', PASSWORD)).res.headers.location).toBe('/o/acme/account');
  });

  it('when the user goes through "forgot password" → "I have a code", then the code leads to setting a password', async () => {
    await t.createUser(auth, 'acme', { username: 'frieda', email: 'frieda@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('frieda@example.com')).text);
    const c = pageClient(t);
    await c.get('/o/acme/forgot');
    const options = await c.post('/o/acme/forgot', { login: 'frieda' });
    expect(options.body).toContain('I have a code');
    const form = await c.get('/o/acme/forgot/code?login=frieda');
    expect(form.body).toContain('Enter your code');
    const ok = await c.post('/o/acme/forgot/code', { login: 'frieda', code });
    expect(ok.headers.location).toBe('/o/acme/password');
    expect((await c.post('/o/acme/password', { password: PASSWORD, confirm: PASSWORD })).statusCode).toBe(303);
    expect((await signIn('frieda', PASSWORD)).res.headers.location).toBe('/o/acme/account');
  });

  it('when "forgot password" is used for an account that does not exist, then the pages look the same and the code is refused like a wrong one', async () => {
    const c = pageClient(t);
    await c.get('/o/acme/forgot');
    const real = await c.post('/o/acme/forgot', { login: 'frieda' });
    const fake = await c.post('/o/acme/forgot', { login: 'nobody-here' });
    expect(fake.body.replaceAll('nobody-here', 'X')).toBe(real.body.replaceAll('frieda', 'X'));
    const res = await c.post('/o/acme/forgot/code', { login: 'nobody-here', code: 'ABCD1234' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The code is not valid or no longer works.');
  });

  it('when a wrong code is tried 5 times, then even the right code no longer works and the admin sees the invitation exhausted', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'guessed', email: 'guessed@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('guessed@example.com')).text);
    const c = pageClient(t);
    await c.get('/o/acme/forgot/code');
    for (let i = 0; i < 5; i++) expect((await c.post('/o/acme/forgot/code', { login: 'guessed', code: 'WRONG000' })).statusCode).toBe(400);
    // The account's sign-in budget (5 failures) is spent too; past its lockout the code itself is dead.
    expect((await c.post('/o/acme/forgot/code', { login: 'guessed', code })).statusCode).toBe(429);
    t.clock.advance(61 * 60_000);
    const right = await c.post('/o/acme/forgot/code', { login: 'guessed', code });
    expect(right.statusCode).toBe(400);
    expect((await userApi(user.id)).invitation).toMatchObject({ state: 'exhausted', stage: 'exhausted' });
    const audit = await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?action=invitation.exhausted&targetId=${user.id}`, headers: auth });
    expect(audit.json().items).toHaveLength(1);
  });

  it('when codes are generated, then they use only the enabled characters at the configured length', () => {
    const cases = [
      { uppercase: true, lowercase: false, digits: false, length: 6, re: /^[A-Z]{6}$/ },
      { uppercase: false, lowercase: true, digits: false, length: 12, re: /^[a-z]{12}$/ },
      { uppercase: false, lowercase: false, digits: true, length: 20, re: /^[0-9]{20}$/ },
      { uppercase: true, lowercase: true, digits: true, length: 8, re: /^[A-Za-z0-9]{8}$/ },
    ];
    for (const { re, ...alphabet } of cases) {
      const seen = new Set<string>();
      for (let i = 0; i < 2000; i++) {
        const code = newCode(alphabet);
        expect(code).toMatch(re);
        for (const ch of code) seen.add(ch);
      }
      // Every allowed character shows up: the generator covers the whole alphabet.
      const size = (alphabet.uppercase ? 26 : 0) + (alphabet.lowercase ? 26 : 0) + (alphabet.digits ? 10 : 0);
      expect(seen.size).toBe(size);
    }
  });

  it('when the organization changes its code settings, then the next code follows them, and an impossible setting is refused', async () => {
    expect((await settings({ invitation: { otp: { uppercase: false, lowercase: false, digits: true, length: 6 } } })).statusCode).toBe(200);
    await t.createUser(auth, 'acme', { username: 'digits', email: 'digits@example.com', invite: true, invitationMethod: 'email_otp' });
    expect(codeIn((await smtp.waitFor('digits@example.com')).text)).toMatch(/^[0-9]{6}$/);
    const none = await settings({ invitation: { otp: { digits: false } } });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('organization.settings_invalid');
    const tooShort = await settings({ invitation: { otp: { length: 4 } } });
    expect(tooShort.statusCode).toBe(400);
    await settings({ invitation: { otp: { uppercase: true, lowercase: false, digits: true, length: 8 } } });
  });
});

describe('invitation by SMS', () => {
  it('when a user with a phone is invited by SMS, then the webhook provider gets a signed message and the code works', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'sam-sms', phone: '+41 79 123 45 67', invite: true, invitationMethod: 'sms_otp' });
    expect(user.phone).toBe('+41791234567');
    const req = await waitUntil(async () => sms.received.find((r) => r.body.includes('+41791234567')), 'SMS webhook call');
    const body = JSON.parse(req.body) as { to: string; body: string; messageId: string };
    expect(body.to).toBe('+41791234567');
    const [, t1, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['x-latchkey-signature']))!;
    expect(v1).toBe(createHmac('sha256', 'webhook-shared-secret').update(`${t1}.${req.body}`).digest('hex'));
    const code = codeIn(body.body);
    const { res } = await signIn('sam-sms', code);
    expect(res.headers.location).toBe('/o/acme/password');
  });

  it('when the phone is malformed or missing, then a clear 400 names the problem and nothing is written', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: auth, payload: { username: 'badphone', phone: '+1 555' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('user.phone_invalid');
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: auth, payload: { username: 'nophone', email: 'np@example.com', invite: true, invitationMethod: 'sms_otp' } });
    expect(missing.json().code).toBe('user.phone_required');
    const list = await t.app.inject({ url: '/api/v1/organizations/acme/users?search=nophone', headers: auth });
    expect(list.json().items).toHaveLength(0);
  });

  it('when the SMS provider fails, then the onboarding view shows the invitation failed with the error', async () => {
    sms.answerWith(500);
    const user = await t.createUser(auth, 'acme', { username: 'unlucky', phone: '+41791111111', invite: true, invitationMethod: 'sms_otp' });
    const failed = await waitUntil(async () => {
      const r = (await t.app.inject({ url: '/api/v1/organizations/acme/onboarding?stage=failed', headers: auth })).json();
      return r.items.find((i: { userId: string }) => i.userId === user.id);
    }, 'failed delivery', 20_000);
    expect(failed.deliveryError).toContain('SMS provider answered 500');
    sms.answerWith(200);
  }, 30_000);
});

describe('Twilio-compatible provider', () => {
  it('when SMS_PROVIDER=twilio, then the message goes to the Messages API with basic auth and form fields', async () => {
    const twilio = await startReceiver(201);
    const t2 = await createTestApp({ env: { SMS_PROVIDER: 'twilio', TWILIO_BASE_URL: twilio.url, TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'tok', TWILIO_FROM: '+15005550006' } });
    try {
      const { auth: a2 } = await t2.createOrg('tw');
      await t2.createUser(a2, 'tw', { username: 'twilly', phone: '+14155550100', invite: true, invitationMethod: 'sms_otp' });
      const req = await waitUntil(async () => twilio.received[0], 'Twilio call');
      expect(req.url).toBe('/2010-04-01/Accounts/AC123/Messages.json');
      expect(req.headers.authorization).toBe(`Basic ${Buffer.from('AC123:tok').toString('base64')}`);
      const form = new URLSearchParams(req.body);
      expect(form.get('To')).toBe('+14155550100');
      expect(form.get('From')).toBe('+15005550006');
      expect(form.get('Body')).toMatch(/your code is [A-Z0-9]{8}/);
    } finally {
      await t2.close();
      await twilio.close();
    }
  });
});

describe('resend', () => {
  it('when the WSO2-compatible call is made exactly as documented, then 201 and a new code goes out by the scenario’s channel', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'wso2user', email: 'wso2@example.com', phone: '+41792222222', invite: true });
    await smtp.waitFor('wso2@example.com');
    const call = (value: string, username = 'wso2user', realm = 'ACME') =>
      t.app.inject({
        method: 'POST',
        url: '/api/identity/user/v1.0/resend-code',
        headers: auth,
        payload: { user: { username, realm }, properties: [{ key: 'RecoveryScenario', value }] },
      });
    const viaOtp = await call('ADMIN_FORCED_PASSWORD_RESET_VIA_OTP');
    expect(viaOtp.statusCode).toBe(201);
    await smtp.waitFor('wso2@example.com', (m) => m.subject.includes('invitation code'));
    expect((await call('ADMIN_FORCED_PASSWORD_RESET_VIA_SMS_OTP')).statusCode).toBe(201);
    await waitUntil(async () => sms.received.find((r) => r.body.includes('+41792222222')), 'SMS');
    expect((await call('ADMIN_FORCED_PASSWORD_RESET_VIA_EMAIL_LINK')).statusCode).toBe(201);
    expect((await userApi(user.id)).invitation.method).toBe('email_link');

    const unknownScenario = await call('SOMETHING_ELSE');
    expect(unknownScenario.statusCode).toBe(400);
    expect(unknownScenario.json().detail).toContain('Unknown RecoveryScenario');
    expect((await call('ADMIN_FORCED_PASSWORD_RESET_VIA_OTP', 'ghost')).json().code).toBe('user.not_found');
    expect((await call('ADMIN_FORCED_PASSWORD_RESET_VIA_OTP', 'wso2user', 'other-org')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/identity/user/v1.0/resend-code', payload: {} })).statusCode).toBe(401);
  });

  it('when a code is resent, then the earlier code stops working', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'twice', email: 'twice@example.com', invite: true, invitationMethod: 'email_otp' });
    const first = codeIn((await smtp.waitFor('twice@example.com')).text);
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/invitations`, headers: auth, payload: { method: 'email_otp' } });
    const second = codeIn((await smtp.waitFor('twice@example.com', (m) => !m.text.includes(first))).text);
    expect((await signIn('twice', first)).res.statusCode).toBe(401);
    expect((await signIn('twice', second)).res.headers.location).toBe('/o/acme/password');
  });
});

describe('onboarding view', () => {
  it('when invitations are sent, opened, accepted, revoked and left to expire, then the view and the funnel count each stage', async () => {
    const t3 = await createTestApp({ smtpUrl: smtp.url });
    try {
      const { auth: a } = await t3.createOrg('funnel');
      const mk = (u: string) => t3.createUser(a, 'funnel', { username: u, email: `${u}@funnel.test`, invite: true });
      const [opened, accepted, revoked, waiting] = [await mk('f-opened'), await mk('f-accepted'), await mk('f-revoked'), await mk('f-waiting')];
      await t3.createUser(a, 'funnel', { username: 'f-none', email: 'none@funnel.test' });
      const linkOf = async (u: string) => /http:\/\/latchkey\.test(\/o\/funnel\/invitations\/\S+)/.exec((await smtp.waitFor(`${u}@funnel.test`)).text)![1]!;
      const c = pageClient(t3);
      await c.get(await linkOf('f-opened'));
      const acceptLink = await linkOf('f-accepted');
      await c.get(acceptLink);
      await c.post(acceptLink, { password: PASSWORD, confirm: PASSWORD });
      await t3.app.inject({ method: 'POST', url: `/api/v1/organizations/funnel/invitations/${revoked.invitation!.id}/revoke`, headers: a });
      await waitUntil(async () => (await t3.app.inject({ url: '/api/v1/organizations/funnel/onboarding?stage=delivered', headers: a })).json().items.length === 1, 'delivery');

      const view = (await t3.app.inject({ url: '/api/v1/organizations/funnel/onboarding', headers: a })).json();
      const stageOf = (id: string) => view.items.find((i: { userId: string }) => i.userId === id)?.stage;
      expect(stageOf(opened.id)).toBe('opened');
      expect(stageOf(revoked.id)).toBe('revoked');
      expect(stageOf(waiting.id)).toBe('delivered');
      expect(stageOf(accepted.id)).toBeUndefined(); // active users are not pending
      expect(view.items.find((i: { username: string }) => i.username === 'f-none').stage).toBe('not_invited');
      expect(view.funnel).toEqual({ invited: 4, delivered: 3, opened: 2, activated: 1, expired: 0, failed: 0 });

      t3.clock.advance(4 * 24 * 3600_000); // past the default 3-day expiry
      const later = (await t3.app.inject({ url: '/api/v1/organizations/funnel/onboarding?stage=expired', headers: a })).json();
      expect(later.items.map((i: { username: string }) => i.username).sort()).toEqual(['f-opened', 'f-waiting']);
      expect(later.funnel.expired).toBe(2);

      const bulk = await t3.app.inject({ method: 'POST', url: '/api/v1/organizations/funnel/onboarding/resend', headers: a, payload: { userIds: [waiting.id, accepted.id] } });
      expect(bulk.json().results).toEqual([
        expect.objectContaining({ userId: waiting.id, ok: true }),
        expect.objectContaining({ userId: accepted.id, ok: false, code: 'invitation.user_not_pending' }),
      ]);
      const after = (await t3.app.inject({ url: `/api/v1/organizations/funnel/users/${waiting.id}`, headers: a })).json();
      expect(after.invitation.state).toBe('pending');
    } finally {
      await t3.close();
    }
  });

  it('when a pending invitation is revoked, then its link says it is no longer valid', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'revokee', email: 'revokee@example.com', invite: true });
    const link = /http:\/\/latchkey\.test(\/o\/acme\/invitations\/\S+)/.exec((await smtp.waitFor('revokee@example.com')).text)![1]!;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/invitations/${user.invitation!.id}/revoke`, headers: auth });
    expect(res.json().state).toBe('revoked');
    expect((await pageClient(t).get(link)).statusCode).toBe(410);
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/invitations/${user.invitation!.id}/revoke`, headers: auth });
    expect(again.json().code).toBe('invitation.not_pending');
  });
});

describe('reminders and lock-until-set', () => {
  it('when an invitation nears its expiry, then exactly one reminder is sent', async () => {
    await settings({ invitation: { reminderMinutesBefore: 60 } });
    await t.createUser(auth, 'acme', { username: 'forgetful', email: 'forgetful@example.com', invite: true });
    await smtp.waitFor('forgetful@example.com');
    expect(await invitations.sendDueReminders(t.ctx)).toBe(0);
    t.clock.advance(3 * 24 * 3600_000 - 30 * 60_000); // 30 minutes before the 3-day expiry
    expect(await invitations.sendDueReminders(t.ctx)).toBeGreaterThanOrEqual(1);
    expect(await invitations.sendDueReminders(t.ctx)).toBe(0);
    const reminder = await smtp.waitFor('forgetful@example.com', (m) => m.subject.startsWith('Reminder'));
    expect(reminder.text).toContain('expires on');
    await settings({ invitation: { reminderMinutesBefore: 0 } });
  });

  it('when the organization sends activation notices, then setting the password sends one; when it does not, then none', async () => {
    await settings({ invitation: { sendActivationNotice: false } });
    await t.createUser(auth, 'acme', { username: 'quiet', email: 'quiet@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('quiet@example.com')).text);
    const { c } = await signIn('quiet', code);
    await c.post('/o/acme/password', { password: PASSWORD, confirm: PASSWORD });
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mails.filter((m) => m.to.includes('quiet@example.com'))).toHaveLength(1);
    await settings({ invitation: { sendActivationNotice: true } });
  });

  it('when an invited user also has a temporary password and lock-until-set is on, then only the invitation opens the account', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'locked-in', email: 'locked@example.com' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: 'Temporary pass 123', temporary: true } });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/invitations`, headers: auth, payload: { method: 'email_otp' } });
    const code = codeIn((await smtp.waitFor('locked@example.com')).text);
    const byPassword = await signIn('locked-in', 'Temporary pass 123');
    expect(byPassword.res.statusCode).toBe(403);
    expect(byPassword.res.body).toContain('Finish setting up your account with the invitation');
    expect((await signIn('locked-in', code)).res.headers.location).toBe('/o/acme/password');
  });
});
