import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.js';
import * as mfa from '../src/features/mfa/service.js';
import * as recovery from '../src/features/recovery/service.js';
import { totpCode } from '../src/lib/totp.js';
import { pageClient } from './helpers/pages.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

const NEW_PASSWORD = 'a brand new passphrase to remember';
const NOTE = 'called back on the number in HR records';

let t: TestApp;
let auth: Record<string, string>;
let helpdesk: Record<string, string>;
let otherOrg: Record<string, string>;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false, env: { LOGIN_MAX_FAILURES: '1000', LOGIN_IP_MAX_FAILURES: '100000' } });
  const created = await t.createOrg('acme');
  auth = created.auth;
  orgId = created.org.id;
  ({ auth: otherOrg } = await t.createOrg('other'));
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: auth, payload: { name: 'desk', privilege: 'helpdesk' } });
  helpdesk = { authorization: `Bearer ${res.json().token}` };
});
afterAll(() => t?.close());

async function activeUser(username: string, privilege?: string) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.test`, ...(privilege && { privilege }) });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  return user;
}

const issue = (userId: string, headers = helpdesk, note: string | null = NOTE, org = 'acme') =>
  t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${userId}/recovery-codes`, headers, payload: note === null ? {} : { note } });

async function signIn(login: string, password: string) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  return { c, res: await c.post('/o/acme/login', { login, password }) };
}

/** Redeems on the page, as the caller does with the code the helpdesk read to them. */
async function redeem(login: string, code: string, password = NEW_PASSWORD) {
  const c = pageClient(t);
  await c.get(`/o/acme/forgot/helpdesk?login=${encodeURIComponent(login)}`);
  return { c, res: await c.post('/o/acme/forgot/helpdesk', { login, code, password, confirm: password }) };
}

const auditOf = (action: string, userId: string) =>
  t.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('target_id', '=', userId).orderBy('id').execute();

async function enrollTotp(userId: string) {
  const org = await t.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
  const user = await t.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  const enrollment = await mfa.beginTotpEnrollment(t.ctx, org, user);
  const key = enrollment.key.replace(/ /g, '');
  await t.db.transaction().execute((tx) => mfa.confirmTotp(t.ctx, tx, org, user, enrollment.factorId, totpCode(key, t.clock.now()), systemActor()));
  return key;
}

describe('helpdesk recovery code', () => {
  it('when a helpdesk issues a code with its verification note and the caller redeems it on the page, then the new password signs in, old sessions end, and both steps are audited without the code', async () => {
    const user = await activeUser('hana');
    const before = await signIn('hana', PASSWORD);
    expect((await before.c.get('/o/acme/account')).statusCode).toBe(200);

    const res = await issue(user.id);
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { code, expiresAt, requestId } = res.json();
    expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    // Default lifetime: 15 minutes.
    expect(Math.abs(Date.parse(expiresAt) - (t.clock.now().getTime() + 15 * 60_000))).toBeLessThan(10_000);

    // Stored only as a keyed hash; the audit keeps the note, never the code.
    const row = await t.db.selectFrom('recovery_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'helpdesk_code', kind: 'password', state: 'pending', link_hash: null, issued_by: null });
    expect(JSON.stringify(row)).not.toContain(code.replace('-', ''));
    const [issued] = await auditOf('recovery_code.issued', user.id);
    expect(issued?.data).toMatchObject({ note: NOTE, requestId });
    expect(JSON.stringify(issued)).not.toContain(code.replace('-', ''));

    // The caller types it in lower case, without the dash: it still matches.
    const done = await redeem('hana', code.replace('-', '').toLowerCase());
    expect(done.res.statusCode).toBe(303);
    expect(done.res.headers.location).toContain('/o/acme/account');
    expect((await done.c.get('/o/acme/account')).statusCode).toBe(200);
    expect((await before.c.get('/o/acme/account')).statusCode).toBe(302);
    expect((await signIn('hana', PASSWORD)).res.statusCode).toBe(401);
    expect((await signIn('hana', NEW_PASSWORD)).res.statusCode).toBe(303);
    const [redeemed] = await auditOf('recovery_code.redeemed', user.id);
    expect(redeemed?.data).toMatchObject({ requestId, secondFactorReset: false });
    expect((await auditOf('password.changed', user.id))[0]?.data).toEqual({ reason: 'recovery' });

    // Single use: the same code again is refused, as any code that no longer works.
    const again = await redeem('hana', code, 'yet another long passphrase here');
    expect(again.res.statusCode).toBe(400);
    expect(again.res.body).toContain('not valid');
  });

  it('when the user had an authenticator app, then after the code the sign-in enrolls a new one before anything else', async () => {
    const user = await activeUser('ivo');
    await enrollTotp(user.id);
    const { code } = (await issue(user.id)).json();
    const done = await redeem('ivo', code);
    expect(done.res.statusCode).toBe(303);
    expect(done.res.headers.location).toBe('/o/acme/login/authenticator');
    expect((await done.c.get('/o/acme/account')).statusCode).toBe(302);
    // A later sign-in with the new password goes there too: the old app no longer counts.
    const next = await signIn('ivo', NEW_PASSWORD);
    expect(next.res.headers.location).toBe('/o/acme/login/authenticator');
    expect((await auditOf('recovery_code.redeemed', user.id))[0]?.data).toMatchObject({ secondFactorReset: true });
    expect((await auditOf('mfa.authenticator_reset', user.id))[0]?.data).toMatchObject({ reason: 'helpdesk recovery code' });
  });

  it('when the organization requires a second factor, then a user without one enrolls one right after the code', async () => {
    const user = await activeUser('jo');
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { mfa: { policy: 'required' } } } });
    try {
      const { code } = (await issue(user.id)).json();
      const done = await redeem('jo', code);
      expect(done.res.headers.location).toBe('/o/acme/login/authenticator');
    } finally {
      await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { mfa: { policy: 'optional' } } } });
    }
  });

  it('when one code is redeemed in parallel, then exactly one redemption wins', async () => {
    await activeUser('kai');
    const user = (await t.db.selectFrom('users').select('id').where('username', '=', 'kai').executeTakeFirstOrThrow());
    const { code } = (await issue(user.id)).json();
    const meta = { ip: '198.51.100.7', userAgent: 'test' };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_v, i) => recovery.redeemHelpdeskCode(t.ctx, 'acme', { login: 'kai', code, password: `${NEW_PASSWORD} ${i}`, confirm: `${NEW_PASSWORD} ${i}`, ...meta })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toMatch(/^recovery\.(used|code_invalid)$/);
    expect(await auditOf('recovery_code.redeemed', user.id)).toHaveLength(1);
  });

  it('when the code has expired, then it is refused and the password is unchanged', async () => {
    const user = await activeUser('lou');
    const { code } = (await issue(user.id)).json();
    t.clock.advance(16 * 60_000);
    const done = await redeem('lou', code);
    expect(done.res.statusCode).toBe(410);
    expect(done.res.body).toContain('expired');
    expect((await signIn('lou', PASSWORD)).res.statusCode).toBe(303);
  });

  it('when five wrong codes were typed, then the right one no longer works (exhausted)', async () => {
    const user = await activeUser('max');
    const { code } = (await issue(user.id)).json();
    for (let i = 0; i < 5; i++) expect((await redeem('max', 'AAAAA-AAAAA')).res.statusCode).toBe(400);
    const done = await redeem('max', code);
    expect(done.res.statusCode).toBe(400);
    expect(done.res.body).toContain('not valid');
    const row = await t.db.selectFrom('recovery_requests').select('state').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('exhausted');
  });

  it('when a new code is issued, then the older one stops working', async () => {
    const user = await activeUser('nia');
    const first = (await issue(user.id)).json().code;
    const second = (await issue(user.id)).json().code;
    expect((await redeem('nia', first)).res.statusCode).toBe(400);
    expect((await redeem('nia', second)).res.statusCode).toBe(303);
  });

  it('when the account is unknown, or the code is typed on the emailed-code page, then the answer is the same "not valid"', async () => {
    const user = await activeUser('ola');
    const { code } = (await issue(user.id)).json();
    const unknown = await redeem('nobody-here', code);
    const wrong = await redeem('ola', 'BBBBB-BBBBB');
    expect(unknown.res.statusCode).toBe(400);
    expect(wrong.res.statusCode).toBe(400);
    const message = (body: string) => /class="error"[^>]*>([^<]*)</.exec(body)?.[1];
    expect(message(unknown.res.body)).toBe(message(wrong.res.body));
    // The message-code path does not take a helpdesk code (it would skip the second-factor reset).
    const c = pageClient(t);
    await c.get('/o/acme/forgot/reset?login=ola');
    expect((await c.post('/o/acme/forgot/reset', { login: 'ola', code, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(400);
    expect((await redeem('ola', code)).res.statusCode).toBe(303);
  });

  it('when the caller is not allowed, then the code is refused: no note, a plain user, another organization, an equal or higher privilege, a pending user, oneself', async () => {
    const user = await activeUser('pia');
    expect((await issue(user.id, helpdesk, null)).statusCode).toBe(400);
    expect((await issue(user.id, helpdesk, '     ')).json().code).toBe('recovery_code.note_required');
    // A plain user gets no console session, and the service refuses one acting anyway.
    const plain = await activeUser('plain');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'plain', password: PASSWORD } })).statusCode).not.toBe(200);
    const asPlain = { type: 'user' as const, id: plain.id, label: 'plain', organizationId: orgId, privilege: 'user' as const, ip: null, userAgent: null };
    await expect(recovery.issueRecoveryCode(t.ctx, asPlain, 'acme', user.id, { note: NOTE })).rejects.toMatchObject({ code: 'auth.forbidden' });
    // Another organization's administrator: the user is not found there, and acme is not theirs.
    expect((await issue(user.id, otherOrg, NOTE, 'other')).json().code).toBe('user.not_found');
    expect((await issue(user.id, otherOrg)).json().code).toBe('organization.not_found');
    // A helpdesk may not take over a peer or an administrator.
    const desk = await activeUser('desk2', 'helpdesk');
    const admin = await activeUser('boss', 'org_admin');
    for (const target of [desk, admin]) {
      const res = await issue(target.id);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('recovery_code.privilege_not_lower');
    }
    // An org admin may, toward a helpdesk.
    expect((await issue(desk.id, auth)).statusCode).toBe(201);
    // A pending user has an invitation instead.
    const pending = await t.createUser(auth, 'acme', { username: 'newbie', email: 'newbie@example.test' });
    expect((await issue(pending.id)).json().code).toBe('recovery.user_not_active');
    // Oneself: a helpdesk signed in to the console.
    const console = await t.consoleLogin('acme', 'desk2');
    expect((await issue(desk.id, console)).json().code).toBe('user.cannot_modify_self');
    const issuedByConsole = await issue(user.id, console);
    expect(issuedByConsole.statusCode).toBe(201);
    const row = await t.db.selectFrom('recovery_requests').select('issued_by').where('id', '=', issuedByConsole.json().requestId).executeTakeFirstOrThrow();
    expect(row.issued_by).toBe(desk.id);
    expect((await auditOf('recovery_code.issued', user.id)).at(-1)).toMatchObject({ actor_id: desk.id });
  });

  it('when the account was temporarily locked out by failed sign-ins, then issuing the code lifts it so the caller can redeem at once', async () => {
    const strict = await createTestApp({ worker: false, env: { LOGIN_MAX_FAILURES: '3' } });
    try {
      const { auth: a } = await strict.createOrg('acme');
      const desk = await strict.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: a, payload: { name: 'desk', privilege: 'helpdesk' } });
      const deskAuth = { authorization: `Bearer ${desk.json().token}` };
      const u = await strict.createUser(a, 'acme', { username: 'quinn', email: 'quinn@example.test' });
      await strict.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/password`, headers: a, payload: { password: PASSWORD, temporary: false } });
      const c = pageClient(strict);
      await c.get('/o/acme/login');
      for (let i = 0; i < 3; i++) await c.post('/o/acme/login', { login: 'quinn', password: 'wrong password' });
      expect((await c.post('/o/acme/login', { login: 'quinn', password: PASSWORD })).statusCode).toBe(429);
      const locked = await strict.app.inject({ url: '/api/v1/organizations/acme/users?lockout=now', headers: a });
      expect(locked.json().items.map((x: { username: string }) => x.username)).toEqual(['quinn']);

      const { code } = (await strict.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/recovery-codes`, headers: deskAuth, payload: { note: NOTE } })).json();
      const r = pageClient(strict);
      await r.get('/o/acme/forgot/helpdesk');
      expect((await r.post('/o/acme/forgot/helpdesk', { login: 'quinn', code, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);
    } finally {
      await strict.close();
    }
  });

  it('when a code is issued and redeemed with the server logging at debug level, then neither the code nor the new password is in the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await createTestApp({ worker: false, log: pino({ level: 'debug' }, sink) });
    try {
      const { auth: a } = await logged.createOrg('acme');
      const u = await logged.createUser(a, 'acme', { username: 'rosa', email: 'rosa@example.test' });
      await logged.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/password`, headers: a, payload: { password: PASSWORD, temporary: false } });
      const res = await logged.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${u.id}/recovery-codes`, headers: a, payload: { note: NOTE } });
      const { code } = res.json();
      const c = pageClient(logged);
      await c.get('/o/acme/forgot/helpdesk');
      expect((await c.post('/o/acme/forgot/helpdesk', { login: 'rosa', code, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(303);
      const all = lines.join('');
      expect(all.length).toBeGreaterThan(0);
      for (const secret of [code, code.replace('-', ''), NEW_PASSWORD]) expect(all).not.toContain(secret);
    } finally {
      await logged.close();
    }
  });
});
