import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { memoryStore, postgresStore, redisStore, type FailureStore, type LockoutRules } from '../src/limits/index.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe('sign-in lockout', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ worker: false, env: { LOGIN_MAX_FAILURES: '3', LOGIN_IP_MAX_FAILURES: '1000' } });
    ({ auth } = await t.createOrg('acme'));
  });
  afterAll(() => t.close());

  const login = (login: string, password: string, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login, password }, remoteAddress: ip });

  it('when an account fails too often, then it is locked for a while, for real and unknown accounts alike, and the lockout is audited', async () => {
    const admin = await t.createUser(auth, 'acme', { username: 'target', email: 'target@example.com', privilege: 'helpdesk' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${admin.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
    for (const name of ['target', 'no-such-user']) {
      for (let i = 0; i < 3; i++) expect((await login(name, 'wrong password')).statusCode).toBe(401);
      const locked = await login(name, PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(locked.json().detail).toBe('Too many failed sign-in attempts. Try again in 1 minute.');
      expect(locked.headers['retry-after']).toBe('60');
    }
    const audit = (await t.app.inject({ url: '/api/v1/organizations/acme/audit-events?action=login.locked_out', headers: auth })).json();
    expect(audit.items).toHaveLength(2);

    t.clock.advance(61_000);
    expect((await login('target', PASSWORD)).statusCode).toBe(200);
  });

  it('when lockouts repeat, then each lasts twice as long, up to the cap', async () => {
    const waits: string[] = [];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 3; i++) await login('repeat', 'wrong');
      const res = await login('repeat', 'wrong');
      waits.push(String(res.headers['retry-after']));
      t.clock.advance(Number(res.headers['retry-after']) * 1000 + 1000);
    }
    expect(waits).toEqual(['60', '120', '240', '480', '900', '900']);
  });

  it('when an admin unlocks a user, then they can sign in again at once', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'unlockme', email: 'unlock@example.com', privilege: 'helpdesk' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
    for (let i = 0; i < 3; i++) await login('unlock@example.com', 'wrong');
    expect((await login('unlock@example.com', PASSWORD)).statusCode).toBe(429);
    const unlocked = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/unlock`, headers: auth });
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json()).toEqual({ unlocked: true });
    expect((await login('unlock@example.com', PASSWORD)).statusCode).toBe(200);
  });
});

describe('per-address limit', () => {
  it('when one address fails across many accounts, then that address is locked out, others are not', async () => {
    const t = await createTestApp({ worker: false, env: { LOGIN_MAX_FAILURES: '100', LOGIN_IP_MAX_FAILURES: '5' } });
    try {
      await t.createOrg('acme');
      const login = (name: string, ip: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: name, password: 'x' }, remoteAddress: ip });
      for (let i = 0; i < 5; i++) expect((await login(`spray${i}`, '10.9.9.9')).statusCode).toBe(401);
      expect((await login('spray-next', '10.9.9.9')).statusCode).toBe(429);
      expect((await login('spray-next', '10.1.1.1')).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe.each([
  ['memory', async () => memoryStore()],
  ['postgres', async () => {
    const t = await createTestApp({ worker: false });
    const store = postgresStore(t.pool);
    return { ...store, close: () => t.close() };
  }],
  ['redis', async () => redisStore(REDIS_URL)],
])('the %s store', (_name, make) => {
  let store: FailureStore;
  const rules: LockoutRules = { maxFailures: 3, baseSeconds: 60, maxSeconds: 900, resetSeconds: 3600 };
  const key = `test:${Math.random()}`;
  beforeAll(async () => {
    store = await make();
  });
  afterAll(() => store.close());

  it('when failures reach the limit, then a lockout starts; counters reset after the quiet period', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(await store.fail(key, rules, now)).toBe(0);
    expect(await store.fail(key, rules, now)).toBe(0);
    expect(await store.fail(key, rules, now)).toBe(60);
    expect(await store.lockedFor(key, now)).toBe(60);
    const later = new Date(now.getTime() + 61_000);
    expect(await store.lockedFor(key, later)).toBe(0);
    for (let i = 0; i < 2; i++) await store.fail(key, rules, later);
    expect(await store.fail(key, rules, later)).toBe(120);
    const muchLater = new Date(later.getTime() + 2 * 3600_000);
    for (let i = 0; i < 2; i++) await store.fail(key, rules, muchLater);
    expect(await store.fail(key, rules, muchLater)).toBe(60);
    await store.reset(key);
    expect(await store.lockedFor(key, muchLater)).toBe(0);
  });

  it('when many keys are asked at once, then each lockout end is given, 0 for keys not locked', async () => {
    const now = new Date('2030-03-01T00:00:00Z');
    const k = `${key}:many`;
    for (let i = 0; i < 3; i++) await store.fail(k, rules, now);
    expect(await store.lockedUntilMany([`${k}:none`, k], now)).toEqual([0, now.getTime() + 60_000]);
    expect(await store.lockedUntilMany([k], new Date(now.getTime() + 61_000))).toEqual([0]);
    expect(await store.lockedUntilMany([], now)).toEqual([]);
  });

  it('when 30 failures arrive at once, then exactly 10 lockouts are counted (atomic updates)', async () => {
    const k = `${key}:burst`;
    const now = new Date('2030-02-01T00:00:00Z');
    const started = await Promise.all(Array.from({ length: 30 }, () => store.fail(k, { ...rules, maxSeconds: 10 ** 9 }, now)));
    expect(started.filter((s) => s > 0)).toHaveLength(10);
  });
});
