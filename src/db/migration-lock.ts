import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATION_FILE } from './migrate.js';

// An installed database has run each migration's text as it was when that install upgraded;
// editing a file afterwards leaves those databases behind with nothing to bring them along.
// The lock pins each file's SHA-256 (in `sha256sum` format, so `sha256sum -c` checks it too).

export const IMMUTABLE = 'migrations are immutable once on main; add a new numbered migration';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function readLock(lockFile: string): Map<string, string> {
  const locked = new Map<string, string>();
  if (!existsSync(lockFile)) return locked;
  for (const line of readFileSync(lockFile, 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    if (m) locked.set(m[2]!, m[1]!);
  }
  return locked;
}

function compare(dir: string, lockFile: string) {
  const locked = readLock(lockFile);
  const all = readdirSync(dir).sort();
  const files = all.filter((f) => MIGRATION_FILE.test(f));
  return {
    locked,
    misnamed: all.filter((f) => !MIGRATION_FILE.test(f)),
    missing: [...locked.keys()].filter((f) => !files.includes(f)),
    changed: files.filter((f) => locked.has(f) && sha256(path.join(dir, f)) !== locked.get(f)),
    unlocked: files.filter((f) => !locked.has(f)),
  };
}

/**
 * What breaks the lock: a locked file changed or gone, a migration not in the lock, and a
 * file the migrator would skip for its name.
 */
export function lockProblems(dir: string, lockFile: string): string[] {
  const { missing, changed, unlocked, misnamed } = compare(dir, lockFile);
  return [
    ...misnamed.map((f) => `${f} is never run: migrations are named NNNN_lowercase_words.sql`),
    ...changed.map((f) => `${f} changed after it was locked`),
    ...missing.map((f) => `${f} is locked but missing`),
    ...unlocked.map((f) => `${f} is not in the lock (run npm run migrations:lock)`),
  ];
}

/**
 * Adds the migrations not yet in the lock. Refuses, writing nothing, when a locked file
 * changed or disappeared: that is what the lock exists to prevent.
 * @returns the files added
 */
export function updateLock(dir: string, lockFile: string): string[] {
  const { locked, missing, changed, unlocked } = compare(dir, lockFile);
  if (changed.length || missing.length) {
    const what = [...changed.map((f) => `${f} changed`), ...missing.map((f) => `${f} is missing`)];
    throw new Error(`${what.join(', ')}: ${IMMUTABLE}`);
  }
  if (!unlocked.length) return [];
  for (const file of unlocked) locked.set(file, sha256(path.join(dir, file)));
  const lines = [...locked].sort(([a], [b]) => a.localeCompare(b)).map(([file, hash]) => `${hash}  ${file}\n`);
  writeFileSync(lockFile, lines.join(''));
  return unlocked;
}
