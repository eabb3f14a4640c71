import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';
import { systemActor } from '../src/access/index.js';
import * as auth from '../src/auth/service.js';
import * as mfa from '../src/features/mfa/service.js';
import * as organizations from '../src/features/organizations/service.js';
import { totpCode } from '../src/lib/totp.js';

let t: TestApp;
let auth0: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth: auth0 } = await t.createOrg('acme'));
});
afterAll(() => t?.close());

async function activeUser(username: string, privilege?: string) {
  const user = await t.createUser(auth0, 'acme', { username, email: `${username}@example.com`, ...(privilege && { privilege }) });
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth0, payload: { password: PASSWORD, temporary: false } });
  expect(res.statusCode).toBe(200);
  return user;
}

const sessionsOf = (userId: string) => t.db.selectFrom('sessions').select(['methods', 'aal']).where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at').execute();
const keyOf = (html: string) => /id="totp-key">([^<]+)</.exec(html)![1]!.replace(/\s/g, '');
const factorIdOf = (html: string) => /name="factor_id" value="([^"]+)"/.exec(html)![1]!;
/** The code an authenticator app shows now (the server's clock), or `steps` steps later. */
const codeNow = (key: string, steps = 0) => totpCode(key, new Date(t.clock.now().getTime() + steps * 30_000));

async function signIn(login: string, password = PASSWORD) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  const res = await c.post('/o/acme/login', { login, password });
  return { c, res };
}

/** A user signed in on the account pages who turns on an authenticator app; returns the key. */
async function enrolled(username: string) {
  const user = await activeUser(username);
  const { c } = await signIn(username);
  const page = await c.get('/o/acme/account/authenticator');
  expect(page.body).toContain('<img src="data:image/png;base64,');
  const key = keyOf(page.body);
  const done = await c.post('/o/acme/account/authenticator', { factor_id: factorIdOf(page.body), code: codeNow(key) });
  expect(done.headers.location).toBe('/o/acme/account?notice=authenticator-on');
  t.clock.advance(30_000);
  return { user, key, c };
}

describe('authenticator app (TOTP)', () => {
  it('when a person turns on an authenticator app and signs in again, then the password is followed by the app code and the session records AAL2 with both methods', async () => {
    const { user, key, c } = await enrolled('ada');
    expect((await c.get('/o/acme/account')).body).toMatch(/id="mfa-totp">On/);
    const [factor] = await t.db.selectFrom('mfa_factors').selectAll().where('user_id', '=', user.id).execute();
    // Stored encrypted: the key itself appears nowhere in the row.
    expect(factor!.encrypted_secret!.toString('latin1')).not.toContain(key);

    const { c: again, res } = await signIn('ada');
    expect(res.headers.location).toBe('/o/acme/login/second-factor');
    const page = await again.get('/o/acme/login/second-factor');
    expect(page.body).toContain('Enter the code from your authenticator app.');
    const ok = await again.post('/o/acme/login/second-factor', { method: 'otp', code: codeNow(key) });
    expect(ok.headers.location).toBe('/o/acme/account');
    expect((await sessionsOf(user.id)).at(-1)).toEqual({ methods: ['pwd', 'otp'], aal: 2 });
    expect((await again.get('/o/acme/account')).body).toContain('Password and authenticator app (two factors)');
  });

  it('when a code that was already accepted is typed again, then it is refused; the next step\'s code works', async () => {
    const { key } = await enrolled('replay');
    const code = codeNow(key);
    const first = await signIn('replay');
    expect((await first.c.post('/o/acme/login/second-factor', { method: 'otp', code })).headers.location).toBe('/o/acme/account');
    const second = await signIn('replay');
    const refused = await second.c.post('/o/acme/login/second-factor', { method: 'otp', code });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('an authenticator-app code works once');
    t.clock.advance(30_000);
    expect((await second.c.post('/o/acme/login/second-factor', { method: 'otp', code: codeNow(key) })).headers.location).toBe('/o/acme/account');
  });

  it('when two sign-ins use one code at the same time, then exactly one of them is accepted', async () => {
    const { user, key } = await enrolled('twice');
    const code = codeNow(key);
    const results = await Promise.all(Array.from({ length: 10 }, () => mfa.verifyTotp(t.ctx, { id: user.organizationId } as never, user.id, code)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('when wrong codes are typed at the second factor, then they count toward the sign-in throttle of the account', async () => {
    await enrolled('guesser');
    const { c } = await signIn('guesser');
    let last;
    for (let i = 0; i < t.ctx.config.loginMaxFailures; i++) last = await c.post('/o/acme/login/second-factor', { method: 'otp', code: '000000' });
    expect(last!.statusCode).toBe(400);
    const throttled = await c.post('/o/acme/login/second-factor', { method: 'otp', code: '000000' });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.body).toContain('Too many failed sign-in attempts');
    const failed = await t.db.selectFrom('audit_events').select('data').where('action', '=', 'login.failed').execute();
    expect(failed.some((e) => (e.data as { reason?: string }).reason === 'wrong_otp')).toBe(true);
  });

  it('when someone with the password signs in again after each few wrong codes, then the wrong codes still add up and the account is locked out', async () => {
    const { user } = await enrolled('looper');
    const max = t.ctx.config.loginMaxFailures;
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      const { c, res } = await signIn('looper');
      statuses.push(res.statusCode);
      for (let i = 0; i < max - 1; i++) statuses.push((await c.post('/o/acme/login/second-factor', { method: 'otp', code: '000000' })).statusCode);
    }
    expect(statuses).toContain(429);
    const { res } = await signIn('looper');
    expect(res.statusCode).toBe(429);
    const row = await t.db.selectFrom('users').select('failed_logins').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBeGreaterThanOrEqual(max);
  });
});

describe('opening the enrollment page', () => {
  it('when the set-up page is opened several times at once (another tab, another site), then every key it showed can still finish the enrollment', async () => {
    const user = await activeUser('tabs');
    const { c } = await signIn('tabs');
    const pages = await Promise.all(Array.from({ length: 6 }, () => c.get('/o/acme/account/authenticator')));
    const shown = new Map(pages.map((p) => [factorIdOf(p.body), keyOf(p.body)]));
    const abandoned = await t.db.selectFrom('mfa_factors').select('id').where('user_id', '=', user.id).where('disabled_reason', '=', 'abandoned').execute();
    expect(abandoned.filter((f) => shown.has(f.id))).toEqual([]);
    // The first key shown, as the person scanned it, still finishes the enrollment.
    const [factorId, key] = [...shown][0]!;
    const done = await c.post('/o/acme/account/authenticator', { factor_id: factorId, code: codeNow(key) });
    expect(done.headers.location).toBe('/o/acme/account?notice=authenticator-on');
  });
});

describe('notices of removed factors', () => {
  const noticesTo = (email: string) =>
    t.db.selectFrom('outbox_messages').select('text_body').where('recipient', '=', email).where('kind', '=', 'authenticator_changed').orderBy('created_at').execute();

  it('when a person removes their authenticator app, then they are emailed that it was removed', async () => {
    const { c } = await enrolled('remover');
    const before = (await noticesTo('remover@example.com')).length;
    expect((await c.post('/o/acme/account/authenticator/remove', {})).headers.location).toBe('/o/acme/account?notice=authenticator-off');
    const notices = await noticesTo('remover@example.com');
    expect(notices).toHaveLength(before + 1);
    expect(notices.at(-1)!.text_body).toContain('Your authenticator app was removed as a second factor');
  });

  it('when a person turns SMS off as a second factor, then they are emailed that it was turned off', async () => {
    const user = await activeUser('smsoff');
    const org = await organizations.findPublic(t.ctx, 'acme');
    const now = t.clock.now();
    // SMS needs a verified recovery phone to be turned on; the factor row stands for that here.
    await t.db.insertInto('mfa_factors').values({ organization_id: org.id, user_id: user.id, kind: 'sms', label: 'Text message to the recovery phone', encrypted_secret: null, confirmed_at: now, created_at: now }).execute();
    const { c } = await signIn('smsoff');
    await c.get('/o/acme/account');
    expect((await c.post('/o/acme/account/sms', { enable: 'off' })).headers.location).toBe('/o/acme/account?notice=sms-off');
    const notices = await noticesTo('smsoff@example.com');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text_body).toContain('Text messages to your recovery phone were turned off as a second factor');
  });
});

describe('parallel guessing', () => {
  it('when 30 wrong authenticator codes are sent at once to one paused sign-in, then no more are compared than the account\'s sign-in budget (below the flow\'s 10 attempts); the right code is refused after', async () => {
    const { key } = await enrolled('swarm');
    const meta = { ip: '192.0.2.30', userAgent: null };
    const started = await auth.signIn(t.ctx, 'account', { organization: 'acme', login: 'swarm', password: PASSWORD, ...meta });
    expect(started.kind).toBe('paused');
    const handle = (started as { handle: string }).handle;
    const paused = (await auth.resume(t.ctx, 'acme', handle))!;
    const wrong = codeNow(key) === '000000' ? '111111' : '000000';
    await Promise.allSettled(Array.from({ length: 30 }, () => auth.proveSecondFactor(t.ctx, paused, { method: 'otp', code: wrong, ...meta })));
    const flow = await t.db.selectFrom('login_flows').select('attempts').where('id', '=', paused.flow.id).executeTakeFirstOrThrow();
    // The sign-in budget is reserved before the flow's attempt, so it runs out first.
    expect(flow.attempts).toBe(Math.min(10, t.ctx.config.loginMaxFailures));
    await expect(auth.proveSecondFactor(t.ctx, paused, { method: 'otp', code: codeNow(key), ...meta })).rejects.toMatchObject({ code: 'auth.throttled' });
  });
});

describe('backup codes', () => {
  it('when a person signs in with a backup code, then it works once; the page shows one fewer left', async () => {
    const { user, c } = await enrolled('bea');
    const made = await c.post('/o/acme/account/backup-codes', {});
    const codes = [...made.body.matchAll(/<li>([A-Z0-9]{5}-[A-Z0-9]{5})<\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(made.body).toContain('download="acme-backup-codes.txt"');

    const first = await signIn('bea');
    expect((await first.c.get('/o/acme/login/second-factor')).body).toContain('id="use-backup_code"');
    const ok = await first.c.post('/o/acme/login/second-factor', { method: 'backup_code', code: codes[0]!.toLowerCase() });
    expect(ok.headers.location).toBe('/o/acme/account');
    expect((await sessionsOf(user.id)).at(-1)).toEqual({ methods: ['pwd', 'backup_code'], aal: 2 });
    expect((await first.c.get('/o/acme/account/backup-codes')).body).toMatch(/<strong>9<\/strong> unused backup codes/);

    const again = await signIn('bea');
    expect((await again.c.post('/o/acme/login/second-factor', { method: 'backup_code', code: codes[0]! })).statusCode).toBe(400);

    // A new set ends the old one.
    await c.get('/o/acme/account/backup-codes');
    await c.post('/o/acme/account/backup-codes', {});
    expect((await again.c.post('/o/acme/login/second-factor', { method: 'backup_code', code: codes[1]! })).statusCode).toBe(400);
  });

  it('when one backup code is redeemed 20 times at once, then exactly one redemption wins', async () => {
    const { user } = await enrolled('racer');
    const org = await organizations.findPublic(t.ctx, 'acme');
    const [code] = await mfa.generateBackupCodes(t.ctx, org, user.id, systemActor());
    const wins = await Promise.all(Array.from({ length: 20 }, () => mfa.redeemBackupCode(t.ctx, t.db, org, user.id, code!)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
});

describe('enrollment as a required action', () => {
  it('when the organization requires a second factor and the account has none, then sign-in pauses at enrolling an authenticator, nothing else is reachable, and the first code finishes it', async () => {
    const { auth: strictAuth } = await t.createOrg('strict');
    await organizations.update(t.ctx, systemActor(), 'strict', { settings: { mfa: { policy: 'required' } } });
    const user = await t.createUser(strictAuth, 'strict', { username: 'sam', email: 'sam@example.com' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/strict/users/${user.id}/password`, headers: strictAuth, payload: { password: PASSWORD, temporary: false } });
    const c = pageClient(t);
    await c.get('/o/strict/login');
    const res = await c.post('/o/strict/login', { login: 'sam', password: PASSWORD });
    expect(res.headers.location).toBe('/o/strict/login/authenticator');
    expect((await c.get('/o/strict/account')).headers.location).toBe('/o/strict/login');
    expect((await c.get('/o/strict/password')).headers.location).toBe('/o/strict/login/authenticator');
    const page = await c.get('/o/strict/login/authenticator');
    expect(page.body).toContain('Your organization requires a second factor');
    const done = await c.post('/o/strict/login/authenticator', { factor_id: factorIdOf(page.body), code: codeNow(keyOf(page.body)) });
    expect(done.headers.location).toBe('/o/strict/account?notice=authenticator-on');
    expect(await sessionsOf(user.id)).toEqual([{ methods: ['pwd'], aal: 1 }]);
  });
});

describe('required actions one after the other', () => {
  it('when a temporary password must be replaced in an organization that requires a second factor, then the new password comes first, then the enrollment, then the session', async () => {
    const { auth: strictAuth } = await t.createOrg('strict-temp');
    await organizations.update(t.ctx, systemActor(), 'strict-temp', { settings: { mfa: { policy: 'required' } } });
    const user = await t.createUser(strictAuth, 'strict-temp', { username: 'tom', email: 'tom@example.com' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/strict-temp/users/${user.id}/password`, headers: strictAuth, payload: { password: 'a temporary passphrase 7' } });
    const c = pageClient(t);
    await c.get('/o/strict-temp/login');
    expect((await c.post('/o/strict-temp/login', { login: 'tom', password: 'a temporary passphrase 7' })).headers.location).toBe('/o/strict-temp/password');
    expect((await c.get('/o/strict-temp/login/authenticator')).headers.location).toBe('/o/strict-temp/password');
    await c.get('/o/strict-temp/password');
    const changed = await c.post('/o/strict-temp/password', { password: 'my own brand new passphrase', confirm: 'my own brand new passphrase' });
    expect(changed.headers.location).toBe('/o/strict-temp/login/authenticator');
    expect(await sessionsOf(user.id)).toEqual([]);
    const page = await c.get('/o/strict-temp/login/authenticator');
    const done = await c.post('/o/strict-temp/login/authenticator', { factor_id: factorIdOf(page.body), code: codeNow(keyOf(page.body)) });
    expect(done.headers.location).toBe('/o/strict-temp/account?notice=authenticator-on');
    expect(await sessionsOf(user.id)).toEqual([{ methods: ['pwd'], aal: 1 }]);
  });
});

describe('the interfaces recovery builds on', () => {
  it('when the authenticator is reset after a recovery, then the old app stops working, the person is told, and the next sign-in goes straight to enrolling a new one', async () => {
    const { user, key } = await enrolled('lost');
    const org = await organizations.findPublic(t.ctx, 'acme');
    await t.db.transaction().execute((tx) => mfa.resetAuthenticator(t.ctx, tx, { org, userId: user.id, actor: systemActor('recovery'), reason: 'sms recovery' }));
    const [factor] = await t.db.selectFrom('mfa_factors').selectAll().where('user_id', '=', user.id).execute();
    expect(factor).toMatchObject({ disabled_reason: 'recovery' });
    const notice = await t.db.selectFrom('outbox_messages').select(['kind', 'text_body']).where('user_id', '=', user.id).where('kind', '=', 'authenticator_changed').executeTakeFirst();
    expect(notice?.text_body).toContain('Not you?');

    const { c, res } = await signIn('lost');
    expect(res.headers.location).toBe('/o/acme/login/authenticator');
    // Nothing else: the second-factor and password pages send the browser back to enrolling.
    expect((await c.get('/o/acme/login/second-factor')).headers.location).toBe('/o/acme/login/authenticator');
    const page = await c.get('/o/acme/login/authenticator');
    expect(page.body).toContain('Your authenticator app was reset');
    const newKey = keyOf(page.body);
    expect(newKey).not.toBe(key);
    expect((await c.post('/o/acme/login/authenticator', { factor_id: factorIdOf(page.body), code: '000000' })).statusCode).toBe(400);
    const done = await c.post('/o/acme/login/authenticator', { factor_id: factorIdOf(page.body), code: codeNow(newKey) });
    expect(done.headers.location).toBe('/o/acme/account?notice=authenticator-on');
    t.clock.advance(30_000);
    const next = await signIn('lost');
    expect(next.res.headers.location).toBe('/o/acme/login/second-factor');
  });

  it('when a person proved by recovery has a second factor, then signInAfterRecovery pauses at it; without one it opens a session', async () => {
    const org = await organizations.findPublic(t.ctx, 'acme');
    const plain = await activeUser('plainrec');
    const opened = await auth.signInAfterRecovery(t.ctx, org, plain.id, 'recovery_link', { ip: null, userAgent: null });
    expect(opened).toMatchObject({ kind: 'session', aal: 1, methods: ['recovery_link'] });
    const { user } = await enrolled('mfarec');
    const paused = await auth.signInAfterRecovery(t.ctx, org, user.id, 'recovery_code', { ip: null, userAgent: null });
    expect(paused).toMatchObject({ kind: 'paused', step: 'second_factor', secondFactors: ['otp'] });
  });
});

describe('SMS codes to the verified recovery phone as a second factor', () => {
  const textTo = async (number: string, pattern: RegExp) => {
    const rows = await t.db.selectFrom('outbox_messages').select('text_body').where('recipient', '=', number).where('channel', '=', 'sms').orderBy('created_at', 'desc').execute();
    return pattern.exec(rows[0]?.text_body ?? '')?.[1];
  };

  /** A user of `org` with a verified recovery phone who turned SMS on as a second factor. */
  async function smsUser(org: string, headers: Record<string, string>, username: string, number: string, national: string) {
    const u = await t.createUser(headers, org, { username, email: `${username}@example.com` });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${u.id}/password`, headers, payload: { password: PASSWORD, temporary: false } });
    const c = pageClient(t);
    await c.get(`/o/${org}/login`);
    await c.post(`/o/${org}/login`, { login: username, password: PASSWORD });
    await c.get(`/o/${org}/account/phone`);
    await c.post(`/o/${org}/account/phone`, { country: 'CH', number: national, consent: 'yes' });
    await c.post(`/o/${org}/account/phone/verify`, { code: (await textTo(number, /(\d{6}) is your code/))! });
    const account = await c.get(`/o/${org}/account`);
    expect(account.body).toContain('id="toggle-sms"');
    expect((await c.post(`/o/${org}/account/sms`, { enable: 'on' })).headers.location).toBe(`/o/${org}/account?notice=sms-on`);
    return u;
  }

  it('when SMS is allowed and a person signs in, then "send code" texts a code to the verified phone; it works once and the session has AAL2 with sms', async () => {
    const { auth: textingAuth } = await t.createOrg('texting');
    await organizations.update(t.ctx, systemActor(), 'texting', { settings: { mfa: { smsAllowed: true } } });
    const u = await smsUser('texting', textingAuth, 'tess', '+41795550301', '079 555 03 01');
    const c = pageClient(t);
    await c.get('/o/texting/login');
    expect((await c.post('/o/texting/login', { login: 'tess', password: PASSWORD })).headers.location).toBe('/o/texting/login/second-factor');
    const page = await c.get('/o/texting/login/second-factor');
    expect(page.body).toContain('id="send-sms"');
    const sent = await c.post('/o/texting/login/second-factor/sms', {});
    expect(sent.body).toContain('We sent a code to');
    const code = (await textTo('+41795550301', /(\d{6}) is your .* sign-in code/))!;
    expect((await c.post('/o/texting/login/second-factor', { method: 'sms', code: code === '000000' ? '111111' : '000000' })).statusCode).toBe(400);
    expect((await c.post('/o/texting/login/second-factor', { method: 'sms', code })).headers.location).toBe('/o/texting/account');
    expect((await sessionsOf(u.id)).at(-1)).toEqual({ methods: ['pwd', 'sms'], aal: 2 });
    // The outbox shows the code masked to anyone reading it.
    const stored = await t.db.selectFrom('outbox_messages').select('redacted_text_body').where('kind', '=', 'mfa_sms_code').executeTakeFirstOrThrow();
    expect(stored.redacted_text_body).not.toContain(code);
  });

  it('when a second code is sent, then the first stops working; a code of another sign-in never works here', async () => {
    const c = pageClient(t);
    await c.get('/o/texting/login');
    await c.post('/o/texting/login', { login: 'tess', password: PASSWORD });
    await c.get('/o/texting/login/second-factor');
    await c.post('/o/texting/login/second-factor/sms', {});
    const first = (await textTo('+41795550301', /(\d{6}) is your .* sign-in code/))!;
    await c.post('/o/texting/login/second-factor/sms', {});
    const second = (await textTo('+41795550301', /(\d{6}) is your .* sign-in code/))!;
    const other = pageClient(t);
    await other.get('/o/texting/login');
    await other.post('/o/texting/login', { login: 'tess', password: PASSWORD });
    await other.get('/o/texting/login/second-factor');
    expect((await other.post('/o/texting/login/second-factor', { method: 'sms', code: second })).statusCode).toBe(400);
    if (first !== second) expect((await c.post('/o/texting/login/second-factor', { method: 'sms', code: first })).statusCode).toBe(400);
    expect((await c.post('/o/texting/login/second-factor', { method: 'sms', code: second })).headers.location).toBe('/o/texting/account');
  });

  it('when a person without a verified recovery phone turns SMS on, then it is refused and nothing is texted', async () => {
    const { auth: h } = await t.createOrg('texting2');
    await organizations.update(t.ctx, systemActor(), 'texting2', { settings: { mfa: { smsAllowed: true } } });
    const u = await t.createUser(h, 'texting2', { username: 'ulla', email: 'ulla@example.com', phone: '+41795550399' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/texting2/users/${u.id}/password`, headers: h, payload: { password: PASSWORD, temporary: false } });
    const c = pageClient(t);
    await c.get('/o/texting2/login');
    await c.post('/o/texting2/login', { login: 'ulla', password: PASSWORD });
    await c.get('/o/texting2/account');
    expect((await c.post('/o/texting2/account/sms', { enable: 'on' })).headers.location).toBe('/o/texting2/account?notice=sms-needs-phone');
    const again = pageClient(t);
    await again.get('/o/texting2/login');
    expect((await again.post('/o/texting2/login', { login: 'ulla', password: PASSWORD })).headers.location).toBe('/o/texting2/account');
    expect(await t.db.selectFrom('outbox_messages').select('id').where('user_id', '=', u.id).where('channel', '=', 'sms').execute()).toEqual([]);
  });

  it('when 30 wrong SMS codes are checked at once, then no more than five are counted, the code ends exhausted and the right one is refused after', async () => {
    const { auth: guessAuth } = await t.createOrg('guessing');
    await organizations.update(t.ctx, systemActor(), 'guessing', { settings: { mfa: { smsAllowed: true } } });
    const u = await smsUser('guessing', guessAuth, 'gus', '+41795550331', '079 555 03 31');
    const meta = { ip: '192.0.2.31', userAgent: null };
    const started = (await auth.signIn(t.ctx, 'account', { organization: 'guessing', login: 'gus', password: PASSWORD, ...meta })) as { handle: string };
    const paused = (await auth.resume(t.ctx, 'guessing', started.handle))!;
    await auth.sendSmsCode(t.ctx, paused, meta);
    const code = (await textTo('+41795550331', /(\d{6}) is your .* sign-in code/))!;
    const wrong = code === '000000' ? '111111' : '000000';
    const results = await Promise.all(Array.from({ length: 30 }, () => mfa.verifySignInCode(t.ctx, paused.org, u.id, paused.flow.id, wrong)));
    expect(results.some(Boolean)).toBe(false);
    const row = await t.db.selectFrom('mfa_sms_codes').select(['attempts', 'state']).where('login_flow_id', '=', paused.flow.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 5, state: 'exhausted' });
    expect(await mfa.verifySignInCode(t.ctx, paused.org, u.id, paused.flow.id, code)).toBe(false);
  });

  it('when the organization stops allowing SMS, then the SMS factor is no longer asked for', async () => {
    await organizations.update(t.ctx, systemActor(), 'texting', { settings: { mfa: { smsAllowed: false } } });
    const c = pageClient(t);
    await c.get('/o/texting/login');
    expect((await c.post('/o/texting/login', { login: 'tess', password: PASSWORD })).headers.location).toBe('/o/texting/account');
    await organizations.update(t.ctx, systemActor(), 'texting', { settings: { mfa: { smsAllowed: true } } });
  });
});

describe('the organization policy', () => {
  it('when a second factor is required, then the minimum password length may be 8; back to optional, 15 applies again', async () => {
    await t.createOrg('short');
    const patch = (settings: Record<string, unknown>) => organizations.update(t.ctx, systemActor(), 'short', { settings });
    await expect(patch({ passwordPolicy: { minLength: 8 } })).rejects.toMatchObject({ code: 'organization.password_length_needs_mfa' });
    const required = await patch({ mfa: { policy: 'required' }, passwordPolicy: { minLength: 8 } });
    expect(required.settings).toMatchObject({ mfa: { policy: 'required', smsAllowed: false }, passwordPolicy: { minLength: 8 } });
    const optional = await patch({ mfa: { policy: 'optional' } });
    expect(optional.settings.passwordPolicy.minLength).toBe(15);
  });

  it('when an administrator resets the factors of a sign-in waiting at the second factor, then that sign-in ends', async () => {
    const { user } = await enrolled('midway');
    const { c } = await signIn('midway');
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/mfa/reset`, headers: auth0 });
    expect((await c.get('/o/acme/login/second-factor')).headers.location).toBe('/o/acme/login?notice=flow-ended');
  });
});
