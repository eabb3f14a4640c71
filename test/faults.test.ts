import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, connect } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import * as notifications from '../src/features/notifications/service.js';
import { CLI, startServer, stop } from './helpers/process.js';
import { startSmtpSink, linkIn, type SmtpSink } from './helpers/smtp-sink.js';
import { createTestApp, PASSWORD, SECRET_KEY, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait.js';

const fastArgon = { ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' };

describe('crash in the middle of delivery', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    smtp = await startSmtpSink({ delayMs: 5 });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when the worker is killed with SIGKILL while sending 2,000 messages and started again, then every message arrives, repeats limited to those in flight', async () => {
    const { org } = await t.createOrg('crash');
    await t.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 2000; i++) {
        await notifications.enqueueEmail(tx, { organizationId: org.id, kind: 'account_activated', to: `m${i}@crash.test`, vars: { organization: { name: 'Crash' }, user: { username: `m${i}`, displayName: `M ${i}` }, loginUrl: 'x' } });
      }
    });
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: t.databaseUrl, SECRET_KEY, SMTP_URL: smtp.url, OUTBOX_LEASE_SECONDS: '3', WORKER_BATCH_SIZE: '20', LOG_LEVEL: 'warn' };
    const unique = () => new Set(smtp.mails.map((m) => m.messageId)).size;

    const first = spawn(process.execPath, [CLI, 'worker'], { env, stdio: 'ignore' });
    await waitUntil(async () => unique() >= 400, '400 deliveries', 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const inFlight = Number(
      (await t.db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('state', '=', 'sending').executeTakeFirstOrThrow()).n,
    );
    expect(unique()).toBeLessThan(2000); // really killed in the middle

    const second = spawn(process.execPath, [CLI, 'worker'], { env, stdio: 'ignore' });
    try {
      await waitUntil(async () => unique() === 2000, 'all 2,000 delivered', 90_000);
      await waitUntil(
        async () =>
          Number((await t.db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('state', '=', 'sent').executeTakeFirstOrThrow()).n) === 2000,
        'all marked sent',
        30_000,
      );
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
    const repeats = smtp.mails.length - unique();
    expect(inFlight).toBeLessThanOrEqual(20);
    expect(repeats).toBeLessThanOrEqual(inFlight);
  }, 180_000);
});

describe('database restart under load', () => {
  it('when PostgreSQL goes down, then requests fail fast with 503 and /ready says not ready; when it is back, service resumes and nothing is half-written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-restart-'));
    const port = await freePort();
    const log = pino({ level: 'silent' });
    let pg = await startEmbeddedPostgres(dir, port, log);
    const migrator = connect(pg.url, 1);
    await migrateToLatest(migrator.db);
    await migrator.close();
    const t = await createTestApp({ databaseUrl: pg.url, worker: false });
    try {
      const { auth } = await t.createOrg('restart');
      const outcomes: number[] = [];
      let n = 0;
      let loading = true;
      const load = (async () => {
        while (loading && n < 2000) {
          const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/restart/users', headers: auth, payload: { username: `load${n++}`, email: `load${n}@restart.test`, invite: true } });
          outcomes.push(res.statusCode);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await waitUntil(async () => outcomes.length >= 10, 'some load');
      await pg.stop();

      const started = Date.now();
      const down = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/restart/users', headers: auth, payload: { username: 'during', email: 'during@restart.test', invite: true } });
      expect(Date.now() - started).toBeLessThan(6000);
      expect(down.statusCode).toBe(503);
      expect(down.headers['content-type']).toContain('application/problem+json');
      expect(down.json().code).toBe('service.unavailable');
      expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(503);
      expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);

      pg = await startEmbeddedPostgres(dir, port, log);
      await waitUntil(async () => (await t.app.inject({ url: '/ready' })).statusCode === 200, 'ready again', 30_000);
      const countBefore = outcomes.filter((s) => s === 201).length;
      await waitUntil(async () => outcomes.filter((s) => s === 201).length > countBefore + 5, 'writes resume', 30_000);
      loading = false;
      await load;

      expect(outcomes.every((s) => s === 201 || s === 503)).toBe(true);
      expect(outcomes.filter((s) => s === 503).length).toBeGreaterThan(0);
      const users = await t.db.selectFrom('users').select('id').where('username', 'like', 'load%').execute();
      expect(users.length).toBe(outcomes.filter((s) => s === 201).length);
      const orphans = await t.db
        .selectFrom('users')
        .leftJoin('invitations', 'invitations.user_id', 'users.id')
        .leftJoin('outbox_messages', 'outbox_messages.invitation_id', 'invitations.id')
        .select('users.username')
        .where('users.username', 'like', 'load%')
        .where((eb) => eb.or([eb('invitations.id', 'is', null), eb('outbox_messages.id', 'is', null)]))
        .execute();
      expect(orphans).toEqual([]);
    } finally {
      await t.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('two nodes on one database', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let nodes: Awaited<ReturnType<typeof startServer>>[];
  let auth: Record<string, string>;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({ worker: false });
    ({ auth } = await t.createOrg('duo'));
    const env = { DATABASE_URL: t.databaseUrl, SECRET_KEY, SMTP_URL: smtp.url, RATE_LIMIT_STORE: 'postgres', LOGIN_MAX_FAILURES: '5', PORT: '0', ...fastArgon };
    nodes = [await startServer(env), await startServer(env)];
  }, 60_000);
  afterAll(async () => {
    for (const n of nodes ?? []) await stop(n.child);
    await t.close();
    await smtp.close();
  });

  it('when one invitation link is redeemed on both nodes at once, then exactly one wins', async () => {
    await fetch(`${nodes[0]!.url}/api/v1/organizations/duo/users`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'twin', email: 'twin@duo.test', invite: true }) });
    const link = new URL(linkIn((await smtp.waitFor('twin@duo.test')).text, /http:\/\/127\.0\.0\.1:\d+\/o\/duo\/invitations\/\S+/));
    const forms = await Promise.all(
      nodes.map(async (n) => {
        const res = await fetch(`${n.url}${link.pathname}`);
        return { url: `${n.url}${link.pathname}`, cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]! };
      }),
    );
    const results = await Promise.all(
      forms.map((f, i) =>
        fetch(f.url, { method: 'POST', redirect: 'manual', headers: { cookie: f.cookie }, body: new URLSearchParams({ _csrf: f.csrf, password: `node ${i} chose this one`, confirm: `node ${i} chose this one` }) }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 410]);
  });

  it('when failures are spread over both nodes, then the lockout counts them together', async () => {
    const user = await t.createUser(auth, 'duo', { username: 'spread', email: 'spread@duo.test', privilege: 'helpdesk' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/duo/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
    const login = (n: number, password: string) =>
      fetch(`${nodes[n]!.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ organization: 'duo', login: 'spread', password }) });
    for (const n of [0, 1, 0, 1, 0]) expect((await login(n, 'wrong')).status).toBe(401);
    expect((await login(1, PASSWORD)).status).toBe(429);
  });

  it('when a token is revoked or a user disabled on one node, then the other node refuses them within a second, though it cached them', async () => {
    const me = (n: number, headers: Record<string, string>) => fetch(`${nodes[n]!.url}/api/v1/auth/me`, { headers }).then((r) => r.status);
    const created = await fetch(`${nodes[0]!.url}/api/v1/organizations/duo/api-tokens`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'shortlived' }) }).then((r) => r.json());
    const token = { authorization: `Bearer ${created.token}` };
    expect(await me(1, token)).toBe(200);
    expect(await me(1, token)).toBe(200); // now served from node 1's cache
    expect((await fetch(`${nodes[0]!.url}/api/v1/organizations/duo/api-tokens/${created.id}`, { method: 'DELETE', headers: auth })).status).toBe(200);
    const revokedAt = Date.now();
    await waitUntil(async () => (await me(1, token)) === 401, 'revocation seen by the other node', 1000);
    expect(Date.now() - revokedAt).toBeLessThan(1000);

    const user = await t.createUser(auth, 'duo', { username: 'desk', email: 'desk@duo.test', privilege: 'helpdesk' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/duo/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
    const login = await fetch(`${nodes[1]!.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ organization: 'duo', login: 'desk', password: PASSWORD }) });
    const cookie = { cookie: login.headers.get('set-cookie')!.split(';')[0]! };
    expect(await me(1, cookie)).toBe(200);
    expect((await fetch(`${nodes[0]!.url}/api/v1/organizations/duo/users/${user.id}/disable`, { method: 'POST', headers: auth })).status).toBe(200);
    await waitUntil(async () => (await me(1, cookie)) === 401, 'disabled user refused by the other node', 1000);
  });

  it('when both nodes drain the outbox, then every message is delivered once', async () => {
    const before = smtp.mails.length;
    await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        fetch(`${nodes[i % 2]!.url}/api/v1/organizations/duo/users`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ username: `bulk${i}`, email: `bulk${i}@duo.test`, invite: true }),
        }),
      ),
    );
    await waitUntil(async () => smtp.mails.length - before >= 150, '150 invitations', 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // time for any repeat to show up
    const bulk = smtp.mails.filter((m) => m.to.startsWith('bulk'));
    expect(bulk).toHaveLength(150);
    expect(new Set(bulk.map((m) => m.messageId)).size).toBe(150);
  });
});

describe('slow clients', () => {
  it('when 200 connections trickle their headers, then normal requests are still served and the slow ones are cut off', async () => {
    const t = await createTestApp({ worker: false, env: { REQUEST_TIMEOUT_MS: '2000' } });
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(base);
    const sockets: Socket[] = [];
    const closed = new Set<Socket>();
    try {
      for (let i = 0; i < 200; i++) {
        const s = netConnect(Number(port), '127.0.0.1');
        s.on('error', () => {});
        s.on('close', () => closed.add(s));
        s.write('GET /health HTTP/1.1\r\nHost: x\r\n');
        sockets.push(s);
      }
      const drip = setInterval(() => {
        for (const s of sockets) if (!s.destroyed) s.write('X-a: b\r\n');
      }, 500);
      try {
        for (let i = 0; i < 10; i++) {
          const started = Date.now();
          expect((await fetch(`${base}/health`)).status).toBe(200);
          expect(Date.now() - started).toBeLessThan(1000);
        }
        await waitUntil(async () => closed.size === 200, 'slow connections closed', 15_000);
      } finally {
        clearInterval(drip);
      }
    } finally {
      for (const s of sockets) s.destroy();
      await t.close();
    }
  }, 30_000);
});
