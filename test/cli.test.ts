import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, SECRET_KEY, type TestApp } from './helpers/test-app.js';
import { runCli, startServer, stop } from './helpers/process.js';

describe('CLI against DATABASE_URL', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    env = { DATABASE_URL: t.databaseUrl, SECRET_KEY, ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' };
  });
  afterAll(() => t.close());

  it('when `admin create` gets a password on stdin, then the platform admin can sign in to the console', async () => {
    const res = await runCli(['admin', 'create', '--email', 'first@example.com', '--org', 'acme', '--org-name', 'Acme'], env, `${PASSWORD}\n`);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Created platform administrator first@example.com in organization acme.');
    const headers = await t.consoleLogin('acme', 'first@example.com');
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers });
    expect(me.json()).toMatchObject({ user: { privilege: 'platform_admin' }, organization: { slug: 'acme', name: 'Acme' } });
  });

  it('when the password is too weak, then `admin create` fails with the reason and creates nothing', async () => {
    const res = await runCli(['admin', 'create', '--email', 'weak@example.com', '--org', 'weakorg'], env, 'short\n');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Use at least 15 characters.');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { organization: 'weakorg', login: 'weak@example.com', password: 'short' } })).statusCode).toBe(401);
    const orgs = await t.db.selectFrom('organizations').select('slug').where('slug', '=', 'weakorg').execute();
    expect(orgs).toHaveLength(0);
  });

  it('when `token create` runs, then it prints only a token that works on the API', async () => {
    const res = await runCli(['token', 'create', '--org', 'acme', '--name', 'automation'], env);
    expect(res.code).toBe(0);
    const token = res.stdout.trim();
    expect(token).toMatch(/^lk_\S+$/);
    const list = await t.app.inject({ url: '/api/v1/organizations/acme/users', headers: { authorization: `Bearer ${token}` } });
    expect(list.statusCode).toBe(200);
  });

  it('when an option is missing or the configuration is bad, then a one-line error names it', async () => {
    const missing = await runCli(['token', 'create', '--org', 'acme'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("required option '--name <name>' not specified");
    const bad = await runCli(['migrate'], { ...env, PORT: 'x' });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('latchkey: Invalid configuration PORT: expected an integer, got "x"');
  });

  it('when --help is asked, then every command is listed', async () => {
    const res = await runCli(['--help'], env);
    for (const cmd of ['serve', 'migrate', 'worker', 'admin', 'token']) expect(res.stdout).toContain(cmd);
  });
});

describe('`latchkey serve` with the embedded database', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-serve-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const env = () => ({ DATA_DIR: dataDir, PORT: '0', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' });
  const bossLogin = (url: string) =>
    fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organization: 'acme', login: 'boss@acme.test', password: PASSWORD }),
    });

  it('when started on an empty data directory, then it is healthy, ready, prints a one-time setup link that creates the first admin, and stops cleanly on SIGTERM', async () => {
    const server = await startServer(env());
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect(await (await fetch(`${server.url}/ready`)).json()).toEqual({ status: 'ready' });
      const link = /(http:\/\/\S+\/setup\/\S+)/.exec(server.output())![1]!;

      const form = await fetch(link);
      expect(form.status).toBe(200);
      const cookie = form.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const body = new URLSearchParams({ _csrf: csrf, organization: 'acme', organizationName: 'Acme', email: 'boss@acme.test', password: PASSWORD });
      const created = await fetch(link, { method: 'POST', body, headers: { cookie }, redirect: 'manual' });
      expect(created.status).toBe(303);
      expect((await fetch(link)).status).toBe(410); // the link works once

      expect((await bossLogin(server.url)).status).toBe(200);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
    // The embedded PostgreSQL went down with it.
    const postgres = execSync(`ps -eo args | grep -F -- "${dataDir}" | grep -v grep || true`).toString();
    expect(postgres).toBe('');
  }, 120_000);

  it('when restarted on the same data directory, then the data is still there and no setup link is printed', async () => {
    const server = await startServer(env());
    try {
      expect(server.output()).not.toContain('/setup/');
      expect((await bossLogin(server.url)).status).toBe(200);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  }, 120_000);
});
