import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.js';
import * as auth from '../src/auth/service.js';
import * as mfa from '../src/features/mfa/service.js';
import * as organizations from '../src/features/organizations/service.js';
import { totpCode } from '../src/lib/totp.js';
import { pageClient, pathOf } from './helpers/pages.js';
import { linkIn, startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

// A paused sign-in goes on only from the step it waits at: a required action can't be
// completed while the flow still waits for the second factor, whatever the caller passes in.

let t: TestApp;
let smtp: SmtpSink;
let adminAuth: Record<string, string>;
const TEMP = 'a temporary passphrase 7';
const NEW = 'my own brand new passphrase';
const meta = { ip: '203.0.113.30', userAgent: 'test' };

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  ({ auth: adminAuth } = await t.createOrg('acme'));
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** A user with an authenticator app whose password an administrator set as temporary. */
async function temporaryWithAuthenticator(username: string) {
  const created = await t.createUser(adminAuth, 'acme', { username, email: `${username}@example.com` });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${created.id}/password`, headers: adminAuth, payload: { password: PASSWORD, temporary: false } });
  const org = await organizations.findPublic(t.ctx, 'acme');
  const user = await t.db.selectFrom('users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
  const enrollment = await mfa.beginTotpEnrollment(t.ctx, org, user);
  const key = enrollment.key.replace(/\s/g, '');
  await mfa.confirmOwnTotp(t.ctx, org, user, enrollment.factorId, totpCode(key, t.clock.now()), systemActor());
  t.clock.advance(30_000);
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${created.id}/password`, headers: adminAuth, payload: { password: TEMP } });
  expect(res.statusCode).toBe(200);
  return { user, key };
}

describe('a paused sign-in goes on only from its current step', () => {
  it('when a required action is completed while the flow waits for the second factor, then it is refused, the password is unchanged and the flow still waits for the second factor', async () => {
    const { user, key } = await temporaryWithAuthenticator('stepper');
    const c = pageClient(t);
    await c.get('/o/acme/login');
    expect((await c.post('/o/acme/login', { login: 'stepper', password: TEMP })).headers.location).toBe('/o/acme/login/second-factor');
    const handle = decodeURIComponent(/lk_signin=([^;]+)/.exec(c.cookies)![1]!);
    const paused = (await auth.resume(t.ctx, 'acme', handle))!;
    expect(paused.step).toBe('second_factor');
    const before = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();

    // The step is the flow's, not the caller's: claiming the required-action step changes nothing.
    for (const attempt of [paused, { ...paused, step: 'required_action' as const, action: 'change_password' as const }]) {
      await expect(auth.completeRequiredAction(t.ctx, attempt, { password: NEW, confirm: NEW, ...meta })).rejects.toMatchObject({ code: 'login_flow.ended' });
    }
    const after = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toEqual(before.password_hash);
    const flow = await t.db.selectFrom('login_flows').select(['step', 'completed_at', 'required_actions']).where('id', '=', paused.flow.id).executeTakeFirstOrThrow();
    expect(flow).toEqual({ step: 'second_factor', completed_at: null, required_actions: ['change_password'] });
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);

    // The way on is still the second factor, then the new password.
    const proved = await c.post('/o/acme/login/second-factor', { method: 'otp', code: totpCode(key, t.clock.now()) });
    expect(proved.headers.location).toBe('/o/acme/password');
    await c.get('/o/acme/password');
    expect((await c.post('/o/acme/password', { password: NEW, confirm: NEW })).headers.location).toBe('/o/acme/account?notice=password-set');
  });

  it('when an enrollment is completed while the flow waits for the second factor, then it is refused', async () => {
    const { user } = await temporaryWithAuthenticator('enroller');
    const c = pageClient(t);
    await c.get('/o/acme/login');
    await c.post('/o/acme/login', { login: 'enroller', password: TEMP });
    const paused = (await auth.resume(t.ctx, 'acme', decodeURIComponent(/lk_signin=([^;]+)/.exec(c.cookies)![1]!)))!;
    const org = await organizations.findPublic(t.ctx, 'acme');
    const enrollment = await mfa.beginTotpEnrollment(t.ctx, org, paused.user);
    const code = totpCode(enrollment.key.replace(/\s/g, ''), t.clock.now());
    await expect(auth.completeEnrollment(t.ctx, { ...paused, step: 'required_action', action: 'enroll_authenticator' }, { factorId: enrollment.factorId, code, ...meta })).rejects.toMatchObject({ code: 'login_flow.ended' });
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    const flow = await t.db.selectFrom('login_flows').select(['step', 'completed_at']).where('id', '=', paused.flow.id).executeTakeFirstOrThrow();
    expect(flow).toEqual({ step: 'second_factor', completed_at: null });
  });
});

describe('signing in right after an invitation link', () => {
  it('when the organization requires a second factor, then setting the password from the link goes on to enrolling an authenticator, and no session opens before it', async () => {
    const { auth: strictAuth } = await t.createOrg('strict');
    await organizations.update(t.ctx, systemActor(), 'strict', { settings: { mfa: { policy: 'required' } } });
    const created = await t.createUser(strictAuth, 'strict', { username: 'ivy', email: 'ivy@example.com', invite: true });
    const link = pathOf(linkIn((await smtp.waitFor('ivy@example.com')).text, /http:\/\/latchkey\.test\/o\/strict\/invitations\/\S+/));
    const c = pageClient(t);
    await c.get(link);
    const set = await c.post(link, { password: NEW, confirm: NEW });
    expect(set.headers.location).toBe('/o/strict/login/authenticator');
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', created.id).execute()).toEqual([]);
    expect((await c.get('/o/strict/account')).headers.location).toBe('/o/strict/login');
    const page = await c.get('/o/strict/login/authenticator');
    const key = /id="totp-key">([^<]+)</.exec(page.body)![1]!.replace(/\s/g, '');
    const factorId = /name="factor_id" value="([^"]+)"/.exec(page.body)![1]!;
    const done = await c.post('/o/strict/login/authenticator', { factor_id: factorId, code: totpCode(key, t.clock.now()) });
    expect(done.headers.location).toBe('/o/strict/account?notice=authenticator-on');
    const sessions = await t.db.selectFrom('sessions').select(['methods', 'aal']).where('user_id', '=', created.id).execute();
    expect(sessions).toEqual([{ methods: ['invitation_link'], aal: 1 }]);
  });
});
