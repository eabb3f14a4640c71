import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureReason } from '../src/cli/index.js';
import { PASSWORD } from './helpers/test-app.js';
import { runCli, startServer, stop } from './helpers/process.js';

describe('CLI beside a running `latchkey serve` on the embedded database', () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  const env = () => ({ DATA_DIR: dataDir, ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' });
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-cli-beside-'));
    server = await startServer({ ...env(), PORT: '0' }, 120_000);
  }, 150_000);
  afterAll(async () => {
    if (server) expect(await stop(server.child)).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when `admin create` and `token create` run while the server holds the data directory, then both work and the token works on the server', async () => {
    const created = await runCli(['admin', 'create', '--email', 'boss@acme.test', '--org', 'acme'], env(), `${PASSWORD}\n`);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created platform administrator boss@acme.test in organization acme.');

    const token = await runCli(['token', 'create', '--org', 'acme', '--name', 'automation'], env());
    expect(token.stderr).toBe('');
    expect(token.code).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^lk_\S+$/);

    const users = await fetch(`${server.url}/api/v1/organizations/acme/users`, { headers: { authorization: `Bearer ${secret}` } });
    expect(users.status).toBe(200);
    expect(JSON.stringify(await users.json())).toContain('boss@acme.test');
    // The server itself still works after the commands closed their connections.
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  }, 60_000);

  it('when a command fails beside the server, then it prints the real reason', async () => {
    const res = await runCli(['token', 'create', '--org', 'nosuchorg', '--name', 'x'], env());
    expect(res.code).toBe(1);
    expect(res.stderr).not.toContain('undefined');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^latchkey: .*(organization|not found)/i);
  }, 60_000);

  it('when something fails without a message, then the CLI says so instead of printing "undefined"', () => {
    expect(failureReason(undefined)).not.toContain('undefined');
    expect(failureReason(Object.assign(new Error(''), { code: 'EACCES' }))).toBe('failed with EACCES');
    expect(failureReason(new Error('boom\n    at x'))).toBe('boom at x');
  });
});
