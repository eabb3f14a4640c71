import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { HashingThreads } from './hashing-threads.js';
import { Semaphore } from './semaphore.js';

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

// 2 = argon2id in @node-rs/argon2 (a const enum we can't import under isolatedModules).
const ARGON2ID = 2;

/**
 * NIST 800-63B: passwords are compared in NFKC form, so the same characters typed on
 * keyboards that compose differently (NFC "é" or NFD "e" + accent) are the same password.
 */
export const normalizePassword = (password: string) => password.normalize('NFKC');

/**
 * Unbounded, a flood of sign-ins keeps every core busy hashing and the event loop, the
 * database client and PostgreSQL wait their turn, so people already signed in slow down.
 * Hashing therefore runs on its own threads below the normal CPU priority, at most this
 * many at once (one process-wide bound), the rest waiting in arrival order.
 */
const hashing = new Semaphore(defaultHashingConcurrency());
const threads = new HashingThreads();

/** One thread per core: below the normal priority, hashing only takes what is left over. */
export function defaultHashingConcurrency(): number {
  return availableParallelism();
}

/** Sets how many argon2 computations run at once in this process (from the configuration). */
export function configureHashing(concurrency: number): void {
  hashing.configure(concurrency);
}

export function hashPassword(password: string, params: Argon2Params): Promise<string> {
  const normalized = normalizePassword(password);
  return hashing.run(() => threads.hash(normalized, { algorithm: ARGON2ID, ...params }));
}

async function verifyExact(stored: string, password: string): Promise<boolean> {
  try {
    return await hashing.run(() => threads.verify(stored, password));
  } catch {
    return false;
  }
}

/**
 * Verifies the normalized form; hashes made before normalization verify in the form as
 * typed (`legacy`: the caller should store a new hash). The number of argon2 runs depends
 * only on the input, never on the account, so it tells nothing about the stored hash.
 */
export async function verifyPasswordDetailed(stored: string, password: string): Promise<{ ok: boolean; legacy: boolean }> {
  const normalized = normalizePassword(password);
  if (await verifyExact(stored, normalized)) return { ok: true, legacy: false };
  if (normalized !== password && (await verifyExact(stored, password))) return { ok: true, legacy: true };
  return { ok: false, legacy: false };
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  return (await verifyPasswordDetailed(stored, password)).ok;
}

/** True when a stored hash was made with other parameters than the configured ones. */
export function needsRehash(stored: string, params: Argon2Params): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) !== params.memoryCost || Number(m[2]) !== params.timeCost || Number(m[3]) !== params.parallelism;
}

/**
 * 31 symbols without look-alikes (no 0/o, 1/l/i): log2(31) ≈ 4.95 bits each. Lowercase
 * only, so it reads out over the phone and types on any keyboard.
 */
export const GENERATED_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUP = 4;

/** Bits of entropy of a generated password with this many symbols. */
export const generatedEntropyBits = (symbols: number) => symbols * Math.log2(GENERATED_ALPHABET.length);

/**
 * A random password of groups of four symbols joined by dashes, e.g. `k7mq-x3rt-…`.
 * At least 20 symbols (99 bits), more when `minLength` asks for a longer password.
 */
export function generatePassword(minLength = 0): string {
  const groups: string[] = [];
  const length = () => groups.join('-').length;
  while (groups.length < 5 || length() < minLength) {
    let g = '';
    for (let i = 0; i < GROUP; i++) g += GENERATED_ALPHABET[randomInt(GENERATED_ALPHABET.length)];
    groups.push(g);
  }
  return groups.join('-');
}
