import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.js';
import * as recovery from '../src/features/recovery/service.js';
import { pageClient } from './helpers/pages.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

// Budgets out of the way: these measure the work of a request, not the lockout.
let t: TestApp;
let auth: Record<string, string>;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp({ worker: false, env: { RECOVERY_MAX_REQUESTS: '1000', RECOVERY_IP_MAX_REQUESTS: '100000', LOGIN_MAX_FAILURES: '1000', LOGIN_IP_MAX_FAILURES: '100000' } });
  const created = await t.createOrg('acme');
  auth = created.auth;
  orgId = created.org.id;
  await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { recovery: { sms: true } } } });
});
afterAll(() => t.close());

async function activeUser(username: string, body: Record<string, unknown>) {
  const user = await t.createUser(auth, 'acme', { username, ...body });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  return user;
}

/** Lets the sending queued after the last answer start and finish, outside any timing. */
async function quiet() {
  await new Promise((r) => setTimeout(r, 0));
  await recovery.settled(t.ctx);
}

/**
 * Keeps the user's reset request pending between timed wrong codes (five would exhaust it),
 * outside the timing. The resets leave row versions behind that only that account's lookups
 * would walk through, so they are vacuumed away: what is measured is one wrong code, as an
 * attacker meets it, not a test's hundred.
 */
async function keepPending(userId: string) {
  await t.db.updateTable('recovery_requests').set({ attempts: 0 }).where('user_id', '=', userId).execute();
  await sql`vacuum recovery_requests`.execute(t.db);
  await quiet();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

/**
 * Times `kinds` interleaved (in a random order each round, so load drifts hit all alike)
 * after a warm-up, and compares each kind's median with the control: two groups of unknown
 * names, whose difference is the noise of the measure. On a busy machine one
 * measurement can land outside by chance, so a failing one is taken again, up to three in
 * all; a real difference of work (a write or a hash only for real accounts) fails every one.
 */
async function compareTimings(kinds: string[], timed: (kind: string) => Promise<number>, rounds = 60) {
  for (let attempt = 1; ; attempt++) {
    const outside = await measureTimings(kinds, timed, rounds);
    if (outside.length === 0 || attempt === 3) {
      for (const o of outside) expect(o.difference, o.kind).toBeLessThanOrEqual(o.allowed);
      return;
    }
  }
}

/** One measurement: the kinds whose median is outside the allowed distance from the control. */
async function measureTimings(kinds: string[], timed: (kind: string) => Promise<number>, rounds: number) {
  const all = [...kinds, 'unknownA', 'unknownB'];
  const groups = Object.fromEntries(all.map((k) => [k, [] as number[]]));
  for (let i = 0; i < 10; i++) await timed('unknownA');
  for (let i = 0; i < rounds; i++) {
    // A fresh order every round, so no kind always follows the same one (and measures its
    // leftovers, such as a deferred write).
    const order = [...all];
    for (let j = order.length - 1; j > 0; j--) {
      const k = Math.floor(Math.random() * (j + 1));
      [order[j], order[k]] = [order[k]!, order[j]!];
    }
    for (const kind of order) groups[kind]!.push(await timed(kind));
  }
  const m = Object.fromEntries(all.map((k) => [k, median(groups[k]!)]));
  const control = (m.unknownA! + m.unknownB!) / 2;
  const noise = Math.abs(m.unknownA! - m.unknownB!);
  console.log(`medians (ms): ${all.map((k) => `${k} ${m[k]!.toFixed(3)}`).join(', ')}; noise ${noise.toFixed(3)}`);
  // Within 15% of the control, or of the control's own noise where that is larger. A real
  // account's wrong code measured 2–10% over the control alone, 7–12% when the whole suite
  // ran before it, in a random order as in a fixed one: its attempt is a row written, an
  // unknown name's the same UPDATE matching no row. The differences this guards against (a
  // hash, or a write and a read more, for real accounts only) measured 23% and more.
  const allowed = Math.max(3 * noise, 0.15 * Math.min(m.unknownA!, m.unknownB!));
  return kinds.map((kind) => ({ kind, difference: Math.abs(m[kind]! - control), allowed })).filter((o) => o.difference > allowed);
}

describe('the choices of the forgot page', () => {
  it('when a known and an unknown name are entered, then the choices offered are the same page', async () => {
    await activeUser('olga', { email: 'olga@example.test' });
    const c = pageClient(t);
    await c.get('/o/acme/forgot');
    const known = await c.post('/o/acme/forgot', { login: 'olga' });
    const unknown = await c.post('/o/acme/forgot', { login: 'zzzz' });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(known.body.replaceAll('olga', 'LOGIN')).toBe(unknown.body.replaceAll('zzzz', 'LOGIN'));
  });
});

describe('asking for a reset', () => {
  it('when a reset is asked for an account with email, with a verified phone, without email, or none, then status, body and timing are the same', async () => {
    await activeUser('emma', { email: 'emma@example.test' });
    const withPhone = await activeUser('paul', { email: 'paul@example.test' });
    await t.db.insertInto('recovery_phones').values({ organization_id: orgId, user_id: withPhone.id, number: '+14155550133', country: 'US', consented_at: new Date(), verified_at: new Date() }).execute();
    await activeUser('nell', {});
    const logins: Record<string, string> = { withEmail: 'emma', withPhone: 'paul', noEmail: 'nell', unknownA: 'nobody-a', unknownB: 'nobody-b' };
    const c = pageClient(t);
    await c.get('/o/acme/forgot');
    const bodies = new Map<string, string>();
    const timed = async (kind: string, channel = kind === 'withPhone' ? 'sms_code' : 'email_link') => {
      // The sending after the answer is finished before the next request: not part of the timing.
      await quiet();
      const start = process.hrtime.bigint();
      const res = await c.post('/o/acme/forgot/send', { login: logins[kind]!, channel });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      expect(res.statusCode).toBe(200);
      bodies.set(`${kind}:${channel}`, res.body.replaceAll(logins[kind]!, 'LOGIN'));
      return ms;
    };
    await compareTimings(['withEmail', 'withPhone', 'noEmail'], timed, 40);
    await timed('unknownA', 'sms_code');
    expect(bodies.get('withPhone:sms_code')).toBe(bodies.get('unknownA:sms_code'));
    for (const k of ['withEmail', 'noEmail', 'unknownB']) expect(bodies.get(`${k}:email_link`), k).toBe(bodies.get('unknownA:email_link'));
    // Only the accounts that can be reached got a message.
    await recovery.settled(t.ctx);
    const recipients = new Set((await t.db.selectFrom('outbox_messages').select('recipient').where('kind', 'like', 'password_reset%').execute()).map((m) => m.recipient));
    expect(recipients).toEqual(new Set(['emma@example.test', '+14155550133']));
  });
});

describe('entering an authenticator reset code', () => {
  it('when a wrong code is entered for an account with a pending code and for unknown names, then status, body and timing are the same', async () => {
    const user = await activeUser('tess', { email: 'tess@example.test' });
    // A pending authenticator reset, as "Reset my authenticator" leaves one (the code is never typed right here).
    await t.db
      .insertInto('recovery_requests')
      .values({ organization_id: orgId, user_id: user.id, kind: 'authenticator', channel: 'sms_code', code_hash: Buffer.alloc(32, 1), link_hash: null, expires_at: new Date(Date.now() + 3_600_000) })
      .execute();
    const logins: Record<string, string> = { pending: 'tess', unknownA: 'nobody-a', unknownB: 'nobody-b' };
    const bodies = new Map<string, string>();
    const c = pageClient(t);
    await c.get('/o/acme/forgot/authenticator');
    const timed = async (kind: string) => {
      await keepPending(user.id);
      const start = process.hrtime.bigint();
      const res = await c.post('/o/acme/forgot/authenticator', { login: logins[kind]!, code: '00000000' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      expect(res.statusCode).toBe(400);
      bodies.set(kind, res.body.replaceAll(logins[kind]!, 'LOGIN'));
      return ms;
    };
    await compareTimings(['pending'], timed, 40);
    for (const k of ['pending', 'unknownB']) expect(bodies.get(k), k).toBe(bodies.get('unknownA'));
  });
});

describe('entering a reset code', () => {
  it('when a wrong code is entered for an account with a pending code and for unknown names, then status, body and timing are the same', async () => {
    const user = await activeUser('cody', { email: 'cody@example.test' });
    const c = pageClient(t);
    await c.get('/o/acme/forgot');
    await c.post('/o/acme/forgot/send', { login: 'cody', channel: 'email_code' });
    await recovery.settled(t.ctx);
    await activeUser('idle', { email: 'idle@example.test' });
    const logins: Record<string, string> = { pending: 'cody', noCode: 'idle', unknownA: 'nobody-a', unknownB: 'nobody-b' };
    const bodies = new Map<string, string>();
    const password = 'a long enough new passphrase';
    await c.get('/o/acme/forgot/reset');
    const timed = async (kind: string) => {
      // Keep the request pending (wrong codes would exhaust it); not part of the timing.
      await keepPending(user.id);
      const start = process.hrtime.bigint();
      const res = await c.post('/o/acme/forgot/reset', { login: logins[kind]!, code: '00000000', password, confirm: password });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      expect(res.statusCode).toBe(400);
      bodies.set(kind, res.body.replaceAll(logins[kind]!, 'LOGIN'));
      return ms;
    };
    await compareTimings(['pending', 'noCode'], timed, 40);
    for (const k of ['pending', 'noCode', 'unknownB']) expect(bodies.get(k), k).toBe(bodies.get('unknownA'));
  });
});

describe('entering a helpdesk recovery code', () => {
  it('when a wrong code is entered for an account with a pending helpdesk code, one with none, and unknown names, then status, body and timing are the same', async () => {
    const user = await activeUser('hugo', { email: 'hugo@example.test' });
    await recovery.issueRecoveryCode(t.ctx, systemActor(), 'acme', user.id, { note: 'called back on the number in HR records' });
    await activeUser('ines', { email: 'ines@example.test' });
    const logins: Record<string, string> = { pending: 'hugo', noCode: 'ines', unknownA: 'nobody-a', unknownB: 'nobody-b' };
    const bodies = new Map<string, string>();
    const password = 'a long enough new passphrase';
    const c = pageClient(t);
    await c.get('/o/acme/forgot/helpdesk');
    const timed = async (kind: string) => {
      await keepPending(user.id);
      const start = process.hrtime.bigint();
      const res = await c.post('/o/acme/forgot/helpdesk', { login: logins[kind]!, code: 'AAAAA-AAAAA', password, confirm: password });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      expect(res.statusCode).toBe(400);
      bodies.set(kind, res.body.replaceAll(logins[kind]!, 'LOGIN'));
      return ms;
    };
    await compareTimings(['pending', 'noCode'], timed, 40);
    for (const k of ['pending', 'noCode', 'unknownB']) expect(bodies.get(k), k).toBe(bodies.get('unknownA'));
  });
});
