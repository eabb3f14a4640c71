import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../src/access/index.js';
import * as auth from '../src/auth/service.js';
import * as invitations from '../src/features/invitations/service.js';
import * as mfa from '../src/features/mfa/service.js';
import * as organizations from '../src/features/organizations/service.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';

// A one-time secret allows a number of attempts; parallel guesses must not get more
// comparisons than that. The comparisons are counted where they happen: the constant-time
// compare of code hashes, and the TOTP check of an enrollment.
const compares = vi.hoisted(() => ({ hashes: [] as [string, string][], totp: 0 }));
vi.mock('../src/lib/tokens.js', async (original) => {
  const actual = await original<typeof import('../src/lib/tokens.js')>();
  return {
    ...actual,
    safeEqual: (a: string, b: string) => {
      compares.hashes.push([a, b]);
      return actual.safeEqual(a, b);
    },
  };
});
vi.mock('../src/lib/totp.js', async (original) => {
  const actual = await original<typeof import('../src/lib/totp.js')>();
  return {
    ...actual,
    matchingStep: (...args: Parameters<typeof actual.matchingStep>) => {
      compares.totp++;
      return actual.matchingStep(...args);
    },
  };
});
const { totpCode } = await import('../src/lib/totp.js');

let t: TestApp;
let smtp: SmtpSink;
let adminAuth: Record<string, string>;
const meta = { ip: '203.0.113.20', userAgent: 'test' };
const codeIn = (text: string) => /(?:code is:\s+|your code is )([A-Za-z0-9]+)/.exec(text)![1]!;
const PARALLEL = 20;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  ({ auth: adminAuth } = await t.createOrg('acme'));
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('invitation codes under parallel guesses', () => {
  it('when 20 wrong codes arrive at once for a code with 5 attempts, then at most 5 are compared with it, it is exhausted, and the right code afterwards is refused', async () => {
    const created = await t.createUser(adminAuth, 'acme', { username: 'parallel', email: 'parallel@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('parallel@example.com')).text);
    const org = await organizations.findPublic(t.ctx, 'acme');
    const user = await t.db.selectFrom('users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const invitation = await t.db.selectFrom('invitations').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    const real = invitation.secret_hash!.toString('hex');
    const wrong = code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
    compares.hashes.length = 0;
    const answers = await Promise.allSettled(Array.from({ length: PARALLEL }, () => invitations.verifyCode(t.ctx, org, user, wrong, meta)));
    expect(answers.every((a) => a.status === 'rejected' && a.reason.code === 'invitation.code_invalid')).toBe(true);
    const withReal = compares.hashes.filter(([a, b]) => a === real || b === real).length;
    expect(withReal).toBeLessThanOrEqual(invitations.MAX_CODE_ATTEMPTS);
    const after = await t.db.selectFrom('invitations').select(['state', 'attempts']).where('id', '=', invitation.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ state: 'exhausted', attempts: invitations.MAX_CODE_ATTEMPTS });
    await expect(invitations.verifyCode(t.ctx, org, user, code, meta)).rejects.toMatchObject({ code: 'invitation.code_invalid' });
  });

  it('when the right code is typed after a few wrong ones, then it still works and its attempt is given back', async () => {
    const created = await t.createUser(adminAuth, 'acme', { username: 'typo', email: 'typo@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('typo@example.com')).text);
    const org = await organizations.findPublic(t.ctx, 'acme');
    const user = await t.db.selectFrom('users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const wrong = code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
    for (let i = 0; i < invitations.MAX_CODE_ATTEMPTS - 1; i++) await expect(invitations.verifyCode(t.ctx, org, user, wrong, meta)).rejects.toMatchObject({ code: 'invitation.code_invalid' });
    const invitation = await invitations.verifyCode(t.ctx, org, user, code, meta);
    expect(invitation.state).toBe('pending');
    const row = await t.db.selectFrom('invitations').select(['state', 'attempts']).where('id', '=', invitation.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'pending', attempts: invitations.MAX_CODE_ATTEMPTS - 1 });
  });
});

describe('authenticator enrollment during sign-in under parallel guesses', () => {
  it('when 20 wrong codes arrive at once at a paused enrollment, then at most the flow\'s attempts are checked, the flow is exhausted, and the right code afterwards is refused', async () => {
    const { auth: strictAuth } = await t.createOrg('strict');
    await organizations.update(t.ctx, systemActor(), 'strict', { settings: { mfa: { policy: 'required' } } });
    const user = await t.createUser(strictAuth, 'strict', { username: 'sam', email: 'sam@example.com' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/strict/users/${user.id}/password`, headers: strictAuth, payload: { password: PASSWORD, temporary: false } });
    const c = pageClient(t);
    await c.get('/o/strict/login');
    expect((await c.post('/o/strict/login', { login: 'sam', password: PASSWORD })).headers.location).toBe('/o/strict/login/authenticator');
    const page = await c.get('/o/strict/login/authenticator');
    const key = /id="totp-key">([^<]+)</.exec(page.body)![1]!.replace(/\s/g, '');
    const factorId = /name="factor_id" value="([^"]+)"/.exec(page.body)![1]!;
    const handle = /lk_signin=([^;]+)/.exec(c.cookies)![1]!;
    const paused = (await auth.resume(t.ctx, 'strict', decodeURIComponent(handle)))!;
    const right = totpCode(key, t.clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    compares.totp = 0;
    const answers = await Promise.allSettled(Array.from({ length: PARALLEL }, () => auth.completeEnrollment(t.ctx, paused, { factorId, code: wrong, ...meta })));
    expect(answers.every((a) => a.status === 'rejected')).toBe(true);
    expect(compares.totp).toBeLessThanOrEqual(auth.MAX_FLOW_ATTEMPTS);
    const flow = await t.db.selectFrom('login_flows').select(['attempts', 'completed_at']).where('id', '=', paused.flow.id).executeTakeFirstOrThrow();
    expect(flow.attempts).toBe(auth.MAX_FLOW_ATTEMPTS);
    await expect(auth.completeEnrollment(t.ctx, paused, { factorId, code: right, ...meta })).rejects.toMatchObject({ code: 'login_flow.exhausted' });
    const sessions = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(sessions).toEqual([]);
  });
});

describe('authenticator enrollment on the account pages under parallel guesses', () => {
  it('when 20 wrong codes arrive at once to confirm an enrollment, then at most 10 are compared, the enrollment is abandoned and its right code refused, and a new key is shown', async () => {
    const created = await t.createUser(adminAuth, 'acme', { username: 'swarmer', email: 'swarmer@example.com' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${created.id}/password`, headers: adminAuth, payload: { password: PASSWORD, temporary: false } });
    const org = await organizations.findPublic(t.ctx, 'acme');
    const user = await t.db.selectFrom('users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const enrollment = await mfa.beginTotpEnrollment(t.ctx, org, user);
    const right = totpCode(enrollment.key.replace(/\s/g, ''), t.clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    compares.totp = 0;
    const actor = systemActor();
    const answers = await Promise.allSettled(Array.from({ length: PARALLEL }, () => mfa.confirmOwnTotp(t.ctx, org, user, enrollment.factorId, wrong, actor)));
    expect(answers.every((a) => a.status === 'rejected')).toBe(true);
    expect(compares.totp).toBeLessThanOrEqual(10);
    await expect(mfa.confirmOwnTotp(t.ctx, org, user, enrollment.factorId, right, actor)).rejects.toMatchObject({ code: 'mfa.enrollment_not_found' });
    const factor = await t.db.selectFrom('mfa_factors').select(['confirmed_at', 'disabled_reason', 'confirm_attempts']).where('id', '=', enrollment.factorId).executeTakeFirstOrThrow();
    expect(factor).toEqual({ confirmed_at: null, disabled_reason: 'abandoned', confirm_attempts: 10 });
    expect((await mfa.beginTotpEnrollment(t.ctx, org, user)).factorId).not.toBe(enrollment.factorId);
  });
});
