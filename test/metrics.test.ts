import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/database.js';
import { listenMetrics } from '../src/http/metrics.js';
import { createTestApp, PASSWORD, SECRET_KEY, type TestApp } from './helpers/test-app.js';
import { startServer, stop } from './helpers/process.js';
import { pageClient, pathOf } from './helpers/pages.js';
import { waitUntil } from './helpers/wait.js';

const METRICS_TOKEN = 'metrics-scrape-token-0123456789';

/** The value of one sample line (`name{labels} value`), 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return 0;
}

describe('/metrics without any metrics setting', () => {
  it('when neither METRICS_TOKEN nor METRICS_PORT is set, then /metrics does not exist', async () => {
    const t = await createTestApp({ worker: false });
    try {
      const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('route.not_found');
    } finally {
      await t.close();
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  const scrape = async () => {
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  beforeAll(async () => {
    t = await createTestApp({ worker: false, env: { METRICS_TOKEN, LOGIN_MAX_FAILURES: '2' } });
    ({ auth } = await t.createOrg('acme'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when the token is missing or wrong, then 401 and no metrics', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token-1234' }, { authorization: METRICS_TOKEN }]) {
      const res = await t.app.inject({ url: '/metrics', headers });
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toContain('latchkey_');
    }
  });

  it('when requests are made, then they are counted and timed by route pattern, never by raw URL', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'metered', email: 'm@example.com', invite: true, shareLink: true });
    const sheetPath = pathOf(user.invitation!.viewUrl!);
    const before = sample(await scrape(), 'latchkey_http_request_duration_seconds_count', { route: '/o/:org/sheets/:token', status: '200' });
    expect((await pageClient(t).get(sheetPath)).statusCode).toBe(200);
    await t.app.inject({ url: '/no/such/page' });
    const text = await scrape();
    expect(text).toContain('# TYPE latchkey_http_request_duration_seconds histogram');
    expect(sample(text, 'latchkey_http_request_duration_seconds_count', { method: 'GET', route: '/o/:org/sheets/:token', status: '200' })).toBe(before + 1);
    expect(sample(text, 'latchkey_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(sheetPath.split('/').pop()!);
    expect(text).not.toContain('/no/such/page');
  });

  it('when sign-ins succeed, fail and lock an account out, then each outcome and the lockout are counted', async () => {
    await t.createPlatformAdmin('acme', 'boss@acme.test');
    const before = await scrape();
    const signIn = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'acme', login: 'boss@acme.test', password } });
    expect((await signIn(PASSWORD)).statusCode).toBe(200);
    expect((await signIn('wrong password 1')).statusCode).toBe(401);
    expect((await signIn('wrong password 2')).statusCode).toBe(401); // the second failure locks (LOGIN_MAX_FAILURES=2)
    expect((await signIn(PASSWORD)).statusCode).toBe(429);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('latchkey_sign_ins_total', { outcome: 'succeeded' })).toBe(1);
    expect(delta('latchkey_sign_ins_total', { outcome: 'failed' })).toBe(2);
    expect(delta('latchkey_sign_ins_total', { outcome: 'throttled' })).toBe(1);
    expect(delta('latchkey_lockouts_total')).toBe(1);
  });

  it('when messages wait in the outbox, then its depth and the age of the oldest due one are reported', async () => {
    await t.createUser(auth, 'acme', { username: 'queued-1', email: 'q1@example.com', invite: true });
    await t.createUser(auth, 'acme', { username: 'queued-2', email: 'q2@example.com', invite: true });
    await sql`update outbox_messages set next_attempt_at = now() - interval '1 hour' where recipient = 'q1@example.com'`.execute(t.db);
    const text = await scrape();
    expect(sample(text, 'latchkey_outbox_messages', { state: 'queued' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'latchkey_outbox_oldest_due_seconds')).toBeGreaterThanOrEqual(3600);
    expect(sample(text, 'latchkey_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'latchkey_db_pool_max')).toBe(10);
    expect(text).toContain('latchkey_process_resident_memory_bytes');
  });

  it('when the worker delivers, then deliveries are counted by channel and outcome and the backlog drains', async () => {
    // Counted before the worker starts: it may deliver everything before a later first look.
    const before = sample(await scrape(), 'latchkey_outbox_deliveries_total', { channel: 'email', outcome: 'sent' });
    const withWorker = await createTestApp({ databaseUrl: t.databaseUrl, env: { METRICS_TOKEN } });
    try {
      await waitUntil(async () => (await withWorker.db.selectFrom('outbox_messages').select('id').where('state', '!=', 'sent').execute()).length === 0 || undefined, 'outbox drained');
      const text = await scrape();
      expect(sample(text, 'latchkey_outbox_deliveries_total', { channel: 'email', outcome: 'sent' })).toBeGreaterThanOrEqual(before + 2);
      expect(sample(text, 'latchkey_outbox_messages', { state: 'queued' })).toBe(0);
      expect(sample(text, 'latchkey_outbox_oldest_due_seconds')).toBe(0);
    } finally {
      await withWorker.close();
    }
  });

  it('when METRICS_PORT is used, then a separate listener serves /metrics without a token and nothing else', async () => {
    const server = await listenMetrics(t.app.metrics, '127.0.0.1', 0);
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).toContain('latchkey_sign_ins_total');
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/organizations`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});

describe('latchkey serve with METRICS_PORT', () => {
  it('when the server runs with METRICS_PORT, then metrics are on that port only and the main port has no /metrics', async () => {
    const t = await createTestApp({ worker: false });
    const metricsPort = await freePort();
    const server = await startServer({ DATABASE_URL: t.databaseUrl, SECRET_KEY, PORT: '0', METRICS_PORT: String(metricsPort), WORKER: 'false' });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('latchkey_http_request_duration_seconds_count{method="GET",route="/health",status="200"} 1');
      expect(text).toContain('latchkey_db_pool_connections{state="total"}');
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      expect(await stop(server.child)).toBe(0);
      await t.close();
    }
  }, 120_000);
});
