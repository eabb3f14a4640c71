import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { systemActor } from '../../src/access/index.js';
import { connect } from '../../src/db/database.js';
import { createServices } from '../../src/main.js';
import * as apiTokens from '../../src/features/api-tokens/service.js';
import * as organizations from '../../src/features/organizations/service.js';
import * as setup from '../../src/features/setup/service.js';
import type * as users from '../../src/features/users/service.js';
import type { Privilege } from '../../src/db/types.js';

/** A fresh database for one test file, copied from the migrated template. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = inject('serverUrl');
  const name = `${inject('dbPrefix')}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${inject('templateDb')}`);
        break;
      } catch (err) {
        // Two files copying the template at the same instant: try again shortly.
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A clock tests can move forward. */
export function testClock() {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms: number) {
      offset += ms;
    },
  };
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Use this database instead of a fresh copy of the template (it must be migrated). */
  databaseUrl?: string;
  smtpUrl?: string;
  worker?: boolean;
  /** The server's logger (src/http/logging.ts), for tests that read what it writes. */
  log?: pino.Logger;
}

export const PASSWORD = 'correct horse battery staple';
export const SECRET_KEY = 'test-secret-key-that-is-long-enough-1234';

/**
 * The whole application on its own database: real PostgreSQL, real outbox worker (to the
 * SMTP sink when given), fast argon2 parameters. `inject()` drives it without a socket.
 */
export async function createTestApp(opts: TestAppOptions = {}) {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    SECRET_KEY,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    PUBLIC_URL: 'http://latchkey.test',
    WORKER_POLL_MS: '100',
    OUTBOX_RETRY_BASE_MS: '50',
    LOG_LEVEL: 'silent',
    ...(opts.smtpUrl && { SMTP_URL: opts.smtpUrl }),
    ...opts.env,
  });
  const log = opts.log ?? pino({ level: 'silent' });
  const clock = testClock();
  const services = await createServices(config, connect(databaseUrl, 5, log), log, clock);
  const { ctx } = services;
  // Reminders are driven by the tests themselves, never by a timer.
  const background = opts.worker !== false ? services.startWorker({ reminders: false }) : undefined;
  const worker = background?.outbox;
  const app = await buildApp(ctx, { pool: services.database.pool, ...(opts.log && { log: opts.log }) });
  await app.ready();

  const t = {
    app,
    ctx,
    db: ctx.db,
    pool: services.database.pool,
    databaseUrl,
    clock,
    worker,
    async close() {
      await app.close();
      await background?.stop();
      await services.database.close();
    },
    /** An organization with a platform admin, plus a Bearer token for its API. */
    async createOrg(slug: string, privilege: Exclude<Privilege, 'user'> = 'org_admin') {
      const org = await organizations.create(ctx, systemActor(), { slug, name: `${slug} Inc.` });
      const token = await apiTokens.create(ctx, systemActor(), org.id, { name: `${slug} test`, privilege });
      return { org, token: token.token, auth: { authorization: `Bearer ${token.token}` } };
    },
    async createPlatformAdmin(orgSlug: string, email = `admin@${orgSlug}.test`) {
      return setup.createPlatformAdmin(ctx, { organization: orgSlug, email, password: PASSWORD });
    },
    /** Signs in to the console; returns headers carrying the cookie and CSRF token. */
    async consoleLogin(organization: string, login: string, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization, login, password } });
      if (res.statusCode !== 200) throw new Error(`console login failed: ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'lk_console')!;
      return { cookie: `lk_console=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
    },
    async createUser(auth: Record<string, string>, org: string, body: Record<string, unknown>) {
      const res = await app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users`, headers: auth, payload: body });
      if (res.statusCode !== 201) throw new Error(`create user failed: ${res.statusCode} ${res.body}`);
      return res.json() as users.User & { invitation: { id: string; expiresAt: string | null; viewUrl?: string | null } | null };
    },
  };
  return t;
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Cookie header value from a response's set-cookie, for page tests. */
export function cookiesOf(res: { cookies: { name: string; value: string }[] }, existing = ''): string {
  const jar = new Map(existing.split('; ').filter(Boolean).map((c) => c.split('=') as [string, string]));
  for (const c of res.cookies) jar.set(c.name, c.value);
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export type App = FastifyInstance;
