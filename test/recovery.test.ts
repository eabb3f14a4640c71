import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.js';
import * as apiTokens from '../src/features/api-tokens/service.js';
import * as mfa from '../src/features/mfa/service.js';
import * as recovery from '../src/features/recovery/service.js';
import { limiterOf, provideLimiter } from '../src/limits/index.js';
import { totpCode } from '../src/lib/totp.js';
import { pageClient, pathOf } from './helpers/pages.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

const NEW_PASSWORD = 'a brand new passphrase to remember';

let t: TestApp;
let auth: Record<string, string>;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp({ worker: false, env: { RECOVERY_MAX_REQUESTS: '1000', RECOVERY_IP_MAX_REQUESTS: '100000', LOGIN_MAX_FAILURES: '1000', LOGIN_IP_MAX_FAILURES: '100000' } });
  const created = await t.createOrg('acme');
  auth = created.auth;
  orgId = created.org.id;
});
afterAll(() => t.close());

/** An active user of acme who signs in with PASSWORD. */
async function activeUser(username: string, extra: Record<string, unknown> = {}) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.test`, ...extra });
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  if (res.statusCode !== 200) throw new Error(`set password failed: ${res.body}`);
  return user;
}

const settings = (recoverySettings: Record<string, unknown>) =>
  t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { recovery: recoverySettings } } });

/** Asks for a reset the way the forgot page does; waits until the sending after the answer is done. */
async function ask(login: string, channel: string, c = pageClient(t), headers: Record<string, string> = {}) {
  await c.get('/o/acme/forgot');
  await c.post('/o/acme/forgot', { login });
  const res = await c.post('/o/acme/forgot/send', { login, channel }, headers);
  // The sending starts once the answer is out.
  await new Promise((r) => setTimeout(r, 0));
  await recovery.settled(t.ctx);
  return res;
}

/** The latest message of a kind to a recipient, as queued in the outbox. */
const lastMessage = (to: string, kind: string) =>
  t.db.selectFrom('outbox_messages').selectAll().where('recipient', '=', to).where('kind', '=', kind).orderBy('created_at', 'desc').executeTakeFirst();
const messagesTo = async (to: string) => (await t.db.selectFrom('outbox_messages').select('kind').where('recipient', '=', to).execute()).map((m) => m.kind);
const linkIn = (text: string) => pathOf(/http:\/\/\S+\/forgot\/reset\/\S+/.exec(text)![0]);
const codeIn = (text: string) => /^\s{4}([0-9A-Za-z]{6,20})$/m.exec(text)![1]!;
const auditOf = async (action: string) => (await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?action=${action}`, headers: auth })).json().items as { target: { id: string } | null; data: Record<string, unknown> }[];

async function signIn(login: string, password: string) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  return { c, res: await c.post('/o/acme/login', { login, password }) };
}

describe('forgot password by email link', () => {
  it('when a user asks for a link and chooses a new password, then they sign in with it, other sessions are gone, and the notice was sent', async () => {
    const user = await activeUser('lena');
    const before = await signIn('lena', PASSWORD);
    expect((await before.c.get('/o/acme/account')).statusCode).toBe(200);

    const sent = await ask('lena@example.test', 'email_link');
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('If an account matches');
    const mail = (await lastMessage('lena@example.test', 'password_reset_link'))!;
    expect(mail.subject).toBe('Reset your acme Inc. password');
    const link = linkIn(mail.text_body);

    const c = pageClient(t);
    const page = await c.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Choose a new password');
    expect(page.body).not.toContain('name="code"');
    const weak = await c.post(link, { password: 'short', confirm: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('Use at least 15 characters.');
    const done = await c.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    // Signed in straight away with the new session; every earlier one has ended.
    expect(done.headers.location).toBe('/o/acme/account?notice=password-reset');
    const account = await c.get('/o/acme/account?notice=password-reset');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Your password is changed and you are signed in.');
    expect(account.body).toContain('Recovery link (one factor)');

    // The session from before the reset has ended; the old password is dead, the new one works.
    expect((await before.c.get('/o/acme/account')).statusCode).toBe(302);
    expect((await signIn('lena', PASSWORD)).res.statusCode).toBe(401);
    expect((await signIn('lena', NEW_PASSWORD)).res.statusCode).toBe(303);
    const notice = (await lastMessage('lena@example.test', 'password_changed'))!;
    expect(notice.text_body).toContain('with "Forgot your password?"');
    expect(notice.text_body).toContain("If you didn't do this");

    // Used once: the link is dead now and says so.
    const again = await pageClient(t).get(link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('already been used');

    for (const action of ['recovery.requested', 'recovery.completed']) expect((await auditOf(action)).some((e) => e.target?.id === user.id)).toBe(true);
    expect((await auditOf('password.changed')).find((e) => e.target?.id === user.id)?.data).toEqual({ reason: 'recovery' });
  });

  it('when the account is at its device limit, then a reset from a new browser sets the password but signs in no new device', async () => {
    const user = await activeUser('dora');
    expect((await signIn('dora', PASSWORD)).res.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/device-limit`, headers: auth, payload: { limit: 1 } })).statusCode).toBe(200);
    await ask('dora', 'email_link');
    const link = linkIn((await lastMessage('dora@example.test', 'password_reset_link'))!.text_body);
    const c = pageClient(t);
    await c.get(link);
    const done = await c.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.headers.location).toBe('/o/acme/login?notice=password-reset');
    expect((await c.get('/o/acme/account')).statusCode).toBe(302);
    // The new password is set; the sign-in from this browser says why it can't go on.
    const again = await c.post('/o/acme/login', { login: 'dora', password: NEW_PASSWORD });
    expect(again.body).toContain('already used on 1 device');
  });

  it('when a newer reset is requested, then the older link stops working and says a newer one exists', async () => {
    await activeUser('nora');
    await ask('nora', 'email_link');
    const first = linkIn((await lastMessage('nora@example.test', 'password_reset_link'))!.text_body);
    await ask('nora', 'email_code');
    const old = await pageClient(t).get(first);
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain('A newer reset was requested');
    const code = codeIn((await lastMessage('nora@example.test', 'password_reset_code'))!.text_body);
    const c = pageClient(t);
    await c.get('/o/acme/forgot/reset?login=nora');
    expect((await c.post('/o/acme/forgot/reset', { login: 'nora', code, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);
  });

  it('when the account has a second factor, then after the new password the sign-in asks for it before any session opens', async () => {
    const user = await activeUser('mona');
    await enrollTotp(user.id);
    await ask('mona', 'email_link');
    const link = linkIn((await lastMessage('mona@example.test', 'password_reset_link'))!.text_body);
    const c = pageClient(t);
    await c.get(link);
    const done = await c.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/o/acme/login/second-factor');
    expect((await c.get('/o/acme/account')).statusCode).toBe(302);
  });

  it('when several resets of one user are asked for at the same instant, then one request stays pending and only its link works', async () => {
    const user = await activeUser('pia');
    const c = pageClient(t);
    await c.get('/o/acme/forgot');
    await Promise.all(Array.from({ length: 5 }, () => c.post('/o/acme/forgot/send', { login: 'pia', channel: 'email_link' })));
    await new Promise((r) => setTimeout(r, 0));
    await recovery.settled(t.ctx);
    const pending = await t.db.selectFrom('recovery_requests').select('id').where('user_id', '=', user.id).where('state', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    // Of the messages sent, the link of the one pending request is the one that works.
    const mails = await t.db.selectFrom('outbox_messages').select('text_body').where('recipient', '=', 'pia@example.test').where('kind', '=', 'password_reset_link').execute();
    const opened = await Promise.all(mails.map(async (m) => (await pageClient(t).get(linkIn(m.text_body))).statusCode));
    expect(opened.filter((s) => s === 200)).toHaveLength(1);
  });

  it('when the link has expired, then the page says so and offers to ask again', async () => {
    await activeUser('otto');
    await ask('otto', 'email_link');
    const link = linkIn((await lastMessage('otto@example.test', 'password_reset_link'))!.text_body);
    t.clock.advance(16 * 60_000);
    const res = await pageClient(t).get(link);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('has expired');
    expect(res.body).toContain('Ask for a new reset');
  });
});

describe('require code to reset', () => {
  it('when the organization requires a code, then a bare link is refused clearly and the code from the email works', async () => {
    await activeUser('rita');
    expect((await settings({ requireCode: true })).statusCode).toBe(200);
    try {
      await ask('rita', 'email_link');
      const mail = (await lastMessage('rita@example.test', 'password_reset_link'))!;
      const link = linkIn(mail.text_body);
      const code = codeIn(mail.text_body);
      const c = pageClient(t);
      const page = await c.get(link);
      expect(page.body).toContain('Code from the email');
      const bare = await c.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(bare.statusCode).toBe(400);
      expect(bare.body).toContain('requires the code from the email as well as the link');
      const wrong = await c.post(link, { code: '00000000', password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('The code is not valid');
      const done = await c.post(link, { code, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(done.statusCode).toBe(303);
      expect((await signIn('rita', NEW_PASSWORD)).res.statusCode).toBe(303);
    } finally {
      await settings({ requireCode: false });
    }
  });

  it('when a link was sent before the code was required, then it no longer resets the password', async () => {
    await activeUser('sven');
    await ask('sven', 'email_link');
    const link = linkIn((await lastMessage('sven@example.test', 'password_reset_link'))!.text_body);
    await settings({ requireCode: true });
    try {
      const c = pageClient(t);
      await c.get(link);
      const res = await c.post(link, { code: '12345678', password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(res.statusCode).toBe(410);
      expect(res.body).toContain('ask for a new one');
    } finally {
      await settings({ requireCode: false });
    }
  });
});

describe('reset codes', () => {
  it('when wrong codes reach the limit, then even the right code no longer works', async () => {
    await activeUser('tara');
    await ask('tara', 'email_code');
    const code = codeIn((await lastMessage('tara@example.test', 'password_reset_code'))!.text_body);
    const c = pageClient(t);
    await c.get('/o/acme/forgot/reset?login=tara');
    for (let i = 0; i < recovery.MAX_CODE_ATTEMPTS; i++) {
      expect((await c.post('/o/acme/forgot/reset', { login: 'tara', code: `1111111${i}`, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(400);
    }
    const right = await c.post('/o/acme/forgot/reset', { login: 'tara', code, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(right.statusCode).toBe(400);
    expect(right.body).toContain('The code is not valid');
    await recovery.settled(t.ctx);
    expect((await auditOf('recovery.code_rejected')).length).toBeGreaterThanOrEqual(recovery.MAX_CODE_ATTEMPTS - 1);
    expect(await auditOf('recovery.exhausted')).toHaveLength(1);
  });

  it('when 30 wrong codes arrive at once, then none is judged before it is counted, no more than the limit are tried, and the right code is refused after', async () => {
    const wes = await activeUser('wes');
    await ask('wes', 'email_code');
    const code = codeIn((await lastMessage('wes@example.test', 'password_reset_code'))!.text_body);
    const requestId = (await t.db.selectFrom('recovery_requests').select('id').where('user_id', '=', wes.id).where('state', '=', 'pending').executeTakeFirstOrThrow()).id;
    // Every judged wrong code costs the account a sign-in failure: counted here.
    const limiter = limiterOf(t.ctx);
    let judged = 0;
    const counting = (budget: Parameters<typeof limiter.fail>[0], keys: readonly string[]) => {
      if (budget.name === 'acct') judged += 1;
      return limiter.fail(budget, keys);
    };
    provideLimiter(t.ctx, { ...limiter, fail: counting });
    // The request row is held, as a busy database would, on connections of its own: whatever a
    // submission does with the row waits there, and what it did before shows.
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select id from recovery_requests where id = $1 for update', [requestId]);
    try {
      const wrong = Array.from({ length: 30 }, (_, i) => String(20000000 + i)).filter((w) => w !== code);
      const results = Promise.allSettled(wrong.map((w) => recovery.redeemCode(t.ctx, 'acme', { login: 'wes', code: w, password: NEW_PASSWORD, confirm: NEW_PASSWORD, ip: null, userAgent: null })));
      const waiting = async () =>
        Number((await holder.query<{ n: string }>(`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() and pid <> pg_backend_pid()`)).rows[0]!.n);
      // Once a submission waits for the row, it has done all it does before counting.
      while (judged === 0 && (await waiting()) < 1) await new Promise((r) => setTimeout(r, 20));
      expect(judged).toBe(0);
      await holder.query('commit');
      expect((await results).every((r) => r.status === 'rejected')).toBe(true);
    } finally {
      await holder.end();
      provideLimiter(t.ctx, limiter);
    }
    const row = await t.db.selectFrom('recovery_requests').select(['attempts', 'state']).where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(row.attempts).toBeLessThanOrEqual(recovery.MAX_CODE_ATTEMPTS);
    expect(row.state).toBe('exhausted');
    await expect(recovery.redeemCode(t.ctx, 'acme', { login: 'wes', code, password: NEW_PASSWORD, confirm: NEW_PASSWORD, ip: null, userAgent: null })).rejects.toMatchObject({ code: 'recovery.code_invalid' });
    expect((await signIn('wes', NEW_PASSWORD)).res.headers.location).not.toBe('/o/acme/account');
  });

  it('when 20 browsers redeem one code at once, then exactly one resets the password', async () => {
    await activeUser('uma');
    await ask('uma', 'email_code');
    const code = codeIn((await lastMessage('uma@example.test', 'password_reset_code'))!.text_body);
    const clients = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const c = pageClient(t);
        await c.get('/o/acme/forgot/reset');
        return c;
      }),
    );
    const results = await Promise.all(clients.map((c, i) => c.post('/o/acme/forgot/reset', { login: 'uma', code, password: `${NEW_PASSWORD} ${i}`, confirm: `${NEW_PASSWORD} ${i}` })));
    expect(results.filter((r) => r.statusCode === 303)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 410).every((r) => r.body.includes('already been used'))).toBe(true);
    const winner = results.findIndex((r) => r.statusCode === 303);
    expect((await signIn('uma', `${NEW_PASSWORD} ${winner}`)).res.statusCode).toBe(303);
    expect(await messagesTo('uma@example.test')).toEqual(expect.arrayContaining(['password_changed']));
    expect((await messagesTo('uma@example.test')).filter((k) => k === 'password_changed')).toHaveLength(1);
  });

  it('when the password is refused by the policy, then the code still works for a second try', async () => {
    await activeUser('vera');
    await ask('vera', 'email_code');
    const code = codeIn((await lastMessage('vera@example.test', 'password_reset_code'))!.text_body);
    const c = pageClient(t);
    await c.get('/o/acme/forgot/reset');
    const weak = await c.post('/o/acme/forgot/reset', { login: 'vera', code, password: 'password', confirm: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain(`value="${code}"`);
    expect((await c.post('/o/acme/forgot/reset', { login: 'vera', code, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);
  });
});

describe('who gets a message', () => {
  it('when the account is unknown, has no email, is pending or disabled, then nothing is sent and the answer is the same', async () => {
    await t.createUser(auth, 'acme', { username: 'qnomail' });
    const noMail = await t.db.selectFrom('users').select('id').where('username', '=', 'qnomail').executeTakeFirstOrThrow();
    await t.db.updateTable('users').set({ status: 'active', password_hash: 'x' }).where('id', '=', noMail.id).execute();
    await t.createUser(auth, 'acme', { username: 'qpend', email: 'qpend@example.test', invite: false });
    const off = await activeUser('qoff');
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${off.id}/disable`, headers: auth });
    await activeUser('qreal');
    const count = async () => Number((await t.db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const answers = [];
    for (const login of ['qreal', 'qghost', 'qnomail', 'qpend', 'qoff']) {
      const before = await count();
      const res = await ask(login, 'email_link');
      answers.push({ login, status: res.statusCode, body: res.body.replaceAll(login, 'LOGIN'), sent: (await count()) - before });
    }
    expect(answers.map((a) => a.sent)).toEqual([1, 0, 0, 0, 0]);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body).toBe(answers[0]!.body);
    }
  });

  it('when SMS reset is asked for and the account has only a profile phone, no recovery phone, then no text message is sent', async () => {
    await settings({ sms: true });
    try {
      await activeUser('phil', { phone: '+14155550100' });
      const res = await ask('phil', 'sms_code');
      expect(res.statusCode).toBe(200);
      expect(await messagesTo('+14155550100')).toEqual([]);
      expect((await auditOf('recovery.requested')).some((e) => e.data.reason === 'no_verified_phone')).toBe(true);
    } finally {
      await settings({ sms: false });
    }
  });
});

/** A recovery phone the user added (and, with `verified`, proved), as the account page leaves it. */
const addPhone = (userId: string, number: string, verified: boolean) =>
  t.db
    .insertInto('recovery_phones')
    .values({ organization_id: orgId, user_id: userId, number, country: 'US', consented_at: new Date(), verified_at: verified ? new Date() : null })
    .execute();

describe('forgot password by SMS', () => {
  it('when the account has a verified recovery phone, then the code goes there, resets the password, and the notice goes there too; an unverified phone gets nothing', async () => {
    await settings({ sms: true });
    try {
      const sam = await activeUser('sam');
      await addPhone(sam.id, '+14155550111', true);
      const una = await activeUser('una');
      await addPhone(una.id, '+14155550122', false);

      expect((await ask('una', 'sms_code')).statusCode).toBe(200);
      expect(await messagesTo('+14155550122')).toEqual([]);

      const sent = await ask('sam', 'sms_code');
      expect(sent.body).toContain('verified recovery phone');
      const sms = (await lastMessage('+14155550111', 'password_reset_sms'))!;
      const code = /is (\d{8})\./.exec(sms.text_body)![1]!;
      const c = pageClient(t);
      await c.get('/o/acme/forgot/reset?login=sam');
      expect((await c.post('/o/acme/forgot/reset', { login: 'sam', code, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);
      expect((await signIn('sam', NEW_PASSWORD)).res.statusCode).toBe(303);
      expect((await lastMessage('+14155550111', 'password_changed_sms'))!.text_body).toContain('Not you?');
      expect(await lastMessage('sam@example.test', 'password_changed')).toBeDefined();

      // Someone else's password reset never messages the unverified number either.
      await ask('una', 'email_link');
      expect(await messagesTo('+14155550122')).toEqual([]);
    } finally {
      await settings({ sms: false });
    }
  });
});

/** Turns on an authenticator app for the user, as confirming the first code on the account page does; returns its key. */
async function enrollTotp(userId: string) {
  const org = (await t.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow());
  const user = await t.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  const enrollment = await mfa.beginTotpEnrollment(t.ctx, org, user);
  const key = enrollment.key.replace(/ /g, '');
  await t.db.transaction().execute((tx) => mfa.confirmTotp(t.ctx, tx, org, user, enrollment.factorId, totpCode(key, t.clock.now()), systemActor()));
  return key;
}

describe('authenticator reset by SMS', () => {
  it('when a user resets a lost authenticator with the code sent to the verified phone, then every session ends and the next password sign-in goes to enrolling a new one', async () => {
    await settings({ sms: true });
    try {
      const alex = await activeUser('alex');
      await addPhone(alex.id, '+14155550144', true);
      const key = await enrollTotp(alex.id);
      // Signed in with both factors before the reset.
      t.clock.advance(60_000);
      const { c: before, res } = await signIn('alex', PASSWORD);
      expect(res.headers.location).toBe('/o/acme/login/second-factor');
      const second = await before.post('/o/acme/login/second-factor', { method: 'otp', code: totpCode(key, t.clock.now()) });
      expect(second.headers.location).toBe('/o/acme/account');
      expect((await before.get('/o/acme/account')).statusCode).toBe(200);

      const sent = await ask('alex', 'authenticator');
      expect(sent.body).toContain('a code to reset the authenticator');
      expect(sent.body).toContain('/o/acme/forgot/authenticator');
      const sms = (await lastMessage('+14155550144', 'password_reset_sms'))!;
      expect(sms.text_body).toContain('authenticator reset code');
      const code = /is (\d{8})\./.exec(sms.text_body)![1]!;

      const noticesBefore = (await messagesTo('+14155550144')).filter((k) => k === 'authenticator_changed_sms').length;
      const c = pageClient(t);
      await c.get('/o/acme/forgot/authenticator?login=alex');
      // A wrong code is refused, and the right one still works after it.
      expect((await c.post('/o/acme/forgot/authenticator', { login: 'alex', code: '12345678' })).statusCode).toBe(400);
      const done = await c.post('/o/acme/forgot/authenticator', { login: 'alex', code });
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain('Your authenticator is reset');

      expect((await before.get('/o/acme/account')).statusCode).toBe(302);
      const next = await signIn('alex', PASSWORD);
      expect(next.res.headers.location).toBe('/o/acme/login/authenticator');
      // Nothing else is reachable until a new authenticator is enrolled.
      expect((await next.c.get('/o/acme/account')).statusCode).toBe(302);
      expect((await next.c.get('/o/acme/login/authenticator')).body).toContain('Set up an authenticator app');

      expect((await auditOf('mfa.authenticator_reset')).some((e) => e.target?.id === alex.id)).toBe(true);
      expect((await auditOf('recovery.completed')).find((e) => e.target?.id === alex.id)?.data).toMatchObject({ kind: 'authenticator', channel: 'sms_code' });
      expect(await lastMessage('alex@example.test', 'authenticator_changed')).toBeDefined();
      // One notice of the reset on the phone, no more.
      const phoneMessages = await messagesTo('+14155550144');
      expect(phoneMessages.filter((k) => k === 'authenticator_changed_sms').length - noticesBefore).toBe(1);
      expect(phoneMessages).not.toContain('password_changed_sms');
    } finally {
      await settings({ sms: false });
    }
  });

  it('when only the recovery phone is held, then it may reset the authenticator or the password but never both, in either order, until a two-factor sign-in', async () => {
    await settings({ sms: true });
    try {
      const smsCode = async (login: string, phone: string, channel: string) => {
        await ask(login, channel);
        return /is (\d{8})\./.exec((await lastMessage(phone, 'password_reset_sms'))!.text_body)![1]!;
      };
      const resetPassword = async (login: string, code: string) => {
        const c = pageClient(t);
        await c.get(`/o/acme/forgot/reset?login=${login}`);
        return c.post('/o/acme/forgot/reset', { login, code, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      };
      const resetAuthenticator = async (login: string, code: string) => {
        const c = pageClient(t);
        await c.get(`/o/acme/forgot/authenticator?login=${login}`);
        return c.post('/o/acme/forgot/authenticator', { login, code });
      };

      // The authenticator first, then the password: the password reset is refused.
      const ann = await activeUser('ann');
      await addPhone(ann.id, '+14155550171', true);
      await enrollTotp(ann.id);
      expect((await resetAuthenticator('ann', await smsCode('ann', '+14155550171', 'authenticator'))).statusCode).toBe(200);
      const refused = await resetPassword('ann', await smsCode('ann', '+14155550171', 'sms_code'));
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('one phone may not replace both');
      expect((await signIn('ann', NEW_PASSWORD)).res.statusCode).toBe(401);
      // Email, another way of proving the person, still works.
      await ask('ann', 'email_link');
      const mail = (await lastMessage('ann@example.test', 'password_reset_link'))!;
      const viaEmail = pageClient(t);
      await viaEmail.get(linkIn(mail.text_body));
      expect((await viaEmail.post(linkIn(mail.text_body), { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);

      // The password first, then the authenticator: the authenticator reset is refused until
      // the person signs in with both factors.
      const bob = await activeUser('bob');
      await addPhone(bob.id, '+14155550172', true);
      const key = await enrollTotp(bob.id);
      expect((await resetPassword('bob', await smsCode('bob', '+14155550172', 'sms_code'))).statusCode).toBe(303);
      const blocked = await resetAuthenticator('bob', await smsCode('bob', '+14155550172', 'authenticator'));
      expect(blocked.statusCode).toBe(409);
      expect(blocked.body).toContain('one phone may not replace both');
      const stillOn = await t.db.selectFrom('mfa_factors').select('id').where('user_id', '=', bob.id).where('kind', '=', 'totp').where('disabled_at', 'is', null).execute();
      expect(stillOn).toHaveLength(1);
      // After a sign-in with the password and the authenticator, the phone may reset the authenticator again.
      t.clock.advance(60_000);
      const { c, res } = await signIn('bob', NEW_PASSWORD);
      expect(res.headers.location).toBe('/o/acme/login/second-factor');
      expect((await c.post('/o/acme/login/second-factor', { method: 'otp', code: totpCode(key, t.clock.now()) })).headers.location).toBe('/o/acme/account');
      expect((await resetAuthenticator('bob', await smsCode('bob', '+14155550172', 'authenticator'))).statusCode).toBe(200);
    } finally {
      await settings({ sms: false });
    }
  });

  it('when someone with a phished password is paused at enrolling an authenticator and the owner resets the password, then that sign-in can no longer finish', async () => {
    await settings({ sms: true });
    try {
      const quill = await activeUser('quill');
      await addPhone(quill.id, '+14155550166', true);
      await enrollTotp(quill.id);
      await ask('quill', 'authenticator');
      const smsCode = /is (\d{8})\./.exec((await lastMessage('+14155550166', 'password_reset_sms'))!.text_body)![1]!;
      const owner = pageClient(t);
      await owner.get('/o/acme/forgot/authenticator?login=quill');
      expect((await owner.post('/o/acme/forgot/authenticator', { login: 'quill', code: smsCode })).statusCode).toBe(200);

      // The attacker signs in with the phished password and stops at enrolling an app.
      const attacker = await signIn('quill', PASSWORD);
      expect(attacker.res.headers.location).toBe('/o/acme/login/authenticator');
      expect((await attacker.c.get('/o/acme/login/authenticator')).body).toContain('Set up an authenticator app');

      // The owner resets the password by email.
      await ask('quill', 'email_code');
      const code = codeIn((await lastMessage('quill@example.test', 'password_reset_code'))!.text_body);
      const c = pageClient(t);
      await c.get('/o/acme/forgot/reset?login=quill');
      expect((await c.post('/o/acme/forgot/reset', { login: 'quill', code, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);

      const again = await attacker.c.get('/o/acme/login/authenticator');
      expect(again.body).not.toContain('Set up an authenticator app');
      expect((await attacker.c.get('/o/acme/account')).statusCode).toBe(302);
    } finally {
      await settings({ sms: false });
    }
  });

  it('when the account has no authenticator app, then "Reset my authenticator" sends nothing, with the same answer', async () => {
    await settings({ sms: true });
    try {
      const bea = await activeUser('bea');
      await addPhone(bea.id, '+14155550155', true);
      const res = await ask('bea', 'authenticator');
      const unknown = await ask('nobody-here', 'authenticator');
      expect(res.statusCode).toBe(200);
      expect(res.body.replaceAll('bea', 'LOGIN')).toBe(unknown.body.replaceAll('nobody-here', 'LOGIN'));
      expect(await messagesTo('+14155550155')).toEqual([]);
      expect((await auditOf('recovery.requested')).some((e) => e.target?.id === bea.id && e.data.reason === 'no_authenticator')).toBe(true);
    } finally {
      await settings({ sms: false });
    }
  });
});

describe('reset options', () => {
  it('when an admin changes the reset options, then the forgot page offers what they allow and refuses the rest', async () => {
    const options = async () => {
      const c = pageClient(t);
      await c.get('/o/acme/forgot');
      return (await c.post('/o/acme/forgot', { login: 'anyone' })).body;
    };
    const defaults = await options();
    expect(defaults).toContain('Email me a reset link');
    expect(defaults).toContain('Email me a code');
    expect(defaults).not.toContain('Text a code');
    expect(defaults).toContain('I have a code');

    expect((await settings({ email: false, sms: true })).json().settings.recovery).toMatchObject({ email: false, sms: true, requireCode: false, expiryMinutes: 15 });
    try {
      const changed = await options();
      expect(changed).not.toContain('Email me a reset link');
      expect(changed).toContain('Text a code to my recovery phone');
      expect(changed).toContain('Reset my authenticator');
      const refused = await ask('anyone', 'email_link');
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('does not offer this way of resetting');
    } finally {
      await settings({ email: true, sms: false });
    }
    expect((await settings({ otp: { digits: false } })).statusCode).toBe(400);
    expect((await settings({ expiryMinutes: 0 })).statusCode).toBe(400);
  });
});

describe('reset request budgets', () => {
  it('when one account or one address asks too often, then further requests are refused, for unknown names alike', async () => {
    const limited = await createTestApp({ worker: false, env: { TRUST_PROXY: '1', RECOVERY_MAX_REQUESTS: '2', RECOVERY_IP_MAX_REQUESTS: '4' } });
    try {
      const admin = (await limited.createOrg('acme')).auth;
      const u = await limited.createUser(admin, 'acme', { username: 'wes', email: 'wes@example.test' });
      await limited.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/password`, headers: admin, payload: { password: PASSWORD, temporary: false } });
      const c = pageClient(limited);
      await c.get('/o/acme/forgot');
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      const send = (login: string, ip: string) => c.post('/o/acme/forgot/send', { login, channel: 'email_link' }, from(ip));
      // Per account: its username and email share one budget; an unknown name has its own, alike.
      expect((await send('wes', '203.0.113.1')).statusCode).toBe(200);
      expect((await send('wes@example.test', '203.0.113.2')).statusCode).toBe(200);
      const real = await send('wes', '203.0.113.3');
      expect(real.statusCode).toBe(429);
      expect(real.body).toContain('Too many reset requests');
      for (const ip of ['203.0.113.1', '203.0.113.2']) expect((await send('ghost', ip)).statusCode).toBe(200);
      const unknown = await send('ghost', '203.0.113.3');
      expect(unknown.statusCode).toBe(429);
      expect(unknown.body.replaceAll('ghost', 'LOGIN')).toBe(real.body.replaceAll('wes', 'LOGIN'));
      expect(unknown.headers['retry-after']).toBe(real.headers['retry-after']);
      // Per address: four requests, each for another name, then the address is refused.
      for (let i = 0; i < 4; i++) expect((await send(`name-${i}`, '198.51.100.9')).statusCode).toBe(200);
      expect((await send('name-x', '198.51.100.9')).statusCode).toBe(429);
      expect((await send('name-x', '198.51.100.10')).statusCode).toBe(200);
      // Asking for resets never locks anyone out of signing in.
      const login = pageClient(limited);
      await login.get('/o/acme/login');
      expect((await login.post('/o/acme/login', { login: 'wes', password: PASSWORD }, from('203.0.113.3'))).statusCode).toBe(303);
    } finally {
      await limited.close();
    }
  });
});

describe('password reset email from an administrator', () => {
  const send = (id: string, headers = auth, org = 'acme') => t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${id}/password-reset`, headers });

  it('when an admin sends a password reset, then the user gets the link by the reset options and it works once; it is audited with the admin', async () => {
    const user = await activeUser('hank');
    const res = await send(user.id);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ userId: user.id, channel: 'email_link', codeRequired: false });
    const link = linkIn((await lastMessage('hank@example.test', 'password_reset_link'))!.text_body);
    const c = pageClient(t);
    await c.get(link);
    expect((await c.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);
    const event = (await auditOf('recovery.requested')).find((e) => e.target?.id === user.id) as unknown as { actor: { type: string } };
    expect(event.actor.type).toBe('api_token');

    await settings({ requireCode: true });
    try {
      expect((await send(user.id)).json()).toMatchObject({ channel: 'email_link', codeRequired: true });
    } finally {
      await settings({ requireCode: false });
    }
  });

  it('when the user cannot be reached, is not active, is above the sender, or in another organization, then it is refused with the reason', async () => {
    const admin = await activeUser('boss', { privilege: 'org_admin' });
    const other = (await t.createOrg('acme-other')).auth;
    expect((await send(admin.id, other, 'acme')).statusCode).toBe(404);
    const helpdesk = await apiTokens.create(t.ctx, systemActor(), orgId, { name: 'helpdesk', privilege: 'helpdesk' });
    const refused = await send(admin.id, { authorization: `Bearer ${helpdesk.token}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('urn:latchkey:error:user.privilege_too_high');
    expect((await send((await activeUser('helped')).id, { authorization: `Bearer ${helpdesk.token}` })).statusCode).toBe(201);
    const pending = await t.createUser(auth, 'acme', { username: 'newcomer', email: 'newcomer@example.test' });
    expect((await send(pending.id)).json().type).toBe('urn:latchkey:error:recovery.user_not_active');
    await settings({ email: false, sms: true });
    try {
      const r = await send(admin.id);
      expect(r.statusCode).toBe(409);
      expect(r.json().type).toBe('urn:latchkey:error:recovery.no_verified_phone');
    } finally {
      await settings({ email: true, sms: false });
    }
  });
});

describe('invitation codes on the forgot page', () => {
  it('when an invited user chooses "I have a code", then the invitation code still leads to setting a password', async () => {
    await t.createUser(auth, 'acme', { username: 'ivy', email: 'ivy@example.test', invite: true, invitationMethod: 'email_otp' });
    const code = /code is:\s+([A-Za-z0-9]+)/.exec((await lastMessage('ivy@example.test', 'invitation_otp'))!.text_body)![1]!;
    const c = pageClient(t);
    await c.get('/o/acme/forgot/code?login=ivy');
    const res = await c.post('/o/acme/forgot/code', { login: 'ivy', code });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/o/acme/password');
  });
});
