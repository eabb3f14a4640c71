import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryStore, postgresStore, redisStore, type FailureStore, type LockoutRules } from '../src/limits/index.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

// The shared limiter must bound parallel failures: an attempt is counted before it is
// evaluated, so no more attempts are evaluated than the budget allows, whatever arrives at
// once. Evaluations are counted where they happen: the password check.
const checked = vi.hoisted(() => ({ passwords: 0 }));
vi.mock('../src/lib/passwords.js', async (original) => {
  const actual = await original<typeof import('../src/lib/passwords.js')>();
  return {
    ...actual,
    verifyPasswordDetailed: (...args: Parameters<typeof actual.verifyPasswordDetailed>) => {
      checked.passwords++;
      return actual.verifyPasswordDetailed(...args);
    },
  };
});

const REDIS_URL = 'redis://127.0.0.1:6379';
const PARALLEL = 20;

describe.each(['memory', 'postgres'])('sign-in against one account on the %s store', (store) => {
  let t: TestApp;
  let auth: Record<string, string>;
  const MAX = 3;
  beforeAll(async () => {
    t = await createTestApp({ worker: false, env: { LOGIN_MAX_FAILURES: String(MAX), LOGIN_IP_MAX_FAILURES: '1000', RATE_LIMIT_STORE: store } });
    ({ auth } = await t.createOrg('acme'));
  });
  afterAll(() => t?.close());

  const login = (password: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'target', password }, remoteAddress: ip });

  it(`when ${PARALLEL} wrong passwords arrive at once from many addresses, then no more than the budget are checked, the rest are throttled, and the account is locked out`, async () => {
    const user = await t.createUser(auth, 'acme', { username: 'target', email: 'target@example.com', privilege: 'helpdesk' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
    checked.passwords = 0;
    const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => login('wrong password', `10.0.1.${i + 1}`)));
    expect(checked.passwords).toBeLessThanOrEqual(MAX);
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX);
    expect(statuses.filter((s) => s === 429)).toHaveLength(PARALLEL - MAX);
    expect((await login(PASSWORD, '10.0.2.1')).statusCode).toBe(429);
    t.clock.advance(61_000);
    expect((await login(PASSWORD, '10.0.2.1')).statusCode).toBe(200);
  });

  it('when right passwords arrive at once, then those beyond the budget wait like any attempt in flight, and none of them counts as a failure', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => login(PASSWORD, '10.0.3.1')));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(MAX - 1);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    // Nothing of them was left counted: the whole budget is there for the next failures.
    for (let i = 0; i < MAX - 1; i++) expect((await login('wrong password', '10.0.3.1')).statusCode).toBe(401);
    expect((await login(PASSWORD, '10.0.3.1')).statusCode).toBe(200);
  });
});

describe.each([
  ['memory', async () => memoryStore()],
  [
    'postgres',
    async () => {
      const t = await createTestApp({ worker: false });
      const store = postgresStore(t.pool);
      return { ...store, close: () => t.close() };
    },
  ],
  ['redis', async () => redisStore(REDIS_URL)],
])('reservations on the %s store', (_name, make) => {
  let store: FailureStore;
  const rules: LockoutRules = { maxFailures: 5, baseSeconds: 60, maxSeconds: 900, resetSeconds: 3600 };
  const key = `reserve:${Math.random()}`;
  const now = new Date('2030-04-01T00:00:00Z');
  beforeAll(async () => {
    store = await make();
  });
  afterAll(() => store.close());

  it('when 30 attempts are reserved at once, then exactly the budget gets through, one of them starts the lockout, and the rest are told how long to wait', async () => {
    const k = `${key}:burst`;
    const r = await Promise.all(Array.from({ length: 30 }, () => store.reserve(k, rules, now)));
    expect(r.filter((x) => x.lockedFor === 0)).toHaveLength(5);
    expect(r.filter((x) => x.started > 0).map((x) => x.started)).toEqual([60]);
    expect(r.filter((x) => x.lockedFor > 0).every((x) => x.lockedFor === 60)).toBe(true);
    expect(await store.lockedFor(k, now)).toBe(60);
  });

  it('when a reservation that started a lockout is refunded, then the lockout is lifted and one attempt is left', async () => {
    const k = `${key}:refund`;
    const r = [];
    for (let i = 0; i < 5; i++) r.push(await store.reserve(k, rules, now));
    expect(r.map((x) => x.started)).toEqual([0, 0, 0, 0, 60]);
    await store.refund(k, rules, true);
    expect(await store.lockedFor(k, now)).toBe(0);
    // One attempt is left, and its failure starts the first lockout (not a doubled one).
    expect(await store.reserve(k, rules, now)).toEqual({ lockedFor: 0, started: 60 });
    await store.refund(k, rules, true);
    await store.refund(k, rules, false);
    expect(await store.reserve(k, rules, now)).toEqual({ lockedFor: 0, started: 0 });
  });
});
