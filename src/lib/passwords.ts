import { pbkdf2, randomInt, timingSafeEqual } from 'node:crypto';
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

/**
 * Hash forms another identity server may have stored, kept as imported until the person's
 * first sign-in replaces them with ours: argon2id/argon2i (PHC strings), bcrypt
 * (`$2a$`, `$2b$`, `$2y$`) and PBKDF2 (Keycloak's, encoded by `pbkdf2Phc`).
 */
export type HashForm = 'argon2id' | 'argon2i' | 'bcrypt' | 'pbkdf2-sha256' | 'pbkdf2-sha512';

const PBKDF2 = /^\$pbkdf2-(sha256|sha512)\$i=(\d{1,7})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;
const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
const ARGON2 = /^\$(argon2id|argon2i)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** Which form a stored hash is in, or null when it is none we can verify. */
export function hashForm(stored: string): HashForm | null {
  const argon = ARGON2.exec(stored);
  if (argon) return argon[1] as HashForm;
  if (BCRYPT.test(stored)) return 'bcrypt';
  const pb = PBKDF2.exec(stored);
  if (pb && Number(pb[2]) >= 1) return `pbkdf2-${pb[1]}` as HashForm;
  return null;
}

/**
 * Keycloak's PBKDF2 credential (salt and derived key in base64, an iteration count) in one
 * string, in the PHC-like form passlib uses: `$pbkdf2-sha256$i=27500$<salt>$<key>`.
 */
export const pbkdf2Phc = (digest: 'sha256' | 'sha512', iterations: number, saltB64: string, keyB64: string) => `$pbkdf2-${digest}$i=${iterations}$${saltB64}$${keyB64}`;

// Loaded with the first bcrypt hash: a server that imported none never loads it.
let bcrypt: Promise<typeof import('bcryptjs')> | undefined;
const loadBcrypt = () => {
  bcrypt ??= import('bcryptjs');
  return bcrypt;
};

async function verifyPbkdf2(stored: string, password: string): Promise<boolean> {
  const [, digest, iterations, salt, key] = PBKDF2.exec(stored)!;
  const expected = Buffer.from(key!, 'base64');
  // PBKDF2 runs on libuv's pool, as many at once as the hashing bound allows.
  const derived = await new Promise<Buffer>((resolve, reject) =>
    pbkdf2(password, Buffer.from(salt!, 'base64'), Number(iterations), expected.length, digest!, (err, out) => (err ? reject(err) : resolve(out))),
  );
  return expected.length > 0 && timingSafeEqual(derived, expected);
}

async function verifyExact(stored: string, password: string): Promise<boolean> {
  try {
    if (stored.startsWith('$2')) {
      const { compare } = await loadBcrypt();
      // bcryptjs compares in constant time; it runs in slices on the event loop.
      return await hashing.run(() => compare(password, stored));
    }
    if (stored.startsWith('$pbkdf2-')) return hashForm(stored) !== null && (await hashing.run(() => verifyPbkdf2(stored, password)));
    return await hashing.run(() => threads.verify(stored, password));
  } catch {
    return false;
  }
}

/**
 * Verifies the normalized form; hashes made before normalization verify in the form as
 * typed (`legacy`: the caller should store a new hash). Hashes imported from another
 * identity server (see `hashForm`) verify the same way and are `legacy` too: other servers
 * hashed the password as typed, which the second try covers. The number of argon2 runs depends
 * only on the input, never on the account, so it tells nothing about the stored hash.
 */
export async function verifyPasswordDetailed(stored: string, password: string): Promise<{ ok: boolean; legacy: boolean }> {
  const normalized = normalizePassword(password);
  // A hash imported from another server (bcrypt, PBKDF2, argon2i) is replaced by ours at once.
  const imported = !stored.startsWith('$argon2id$');
  if (await verifyExact(stored, normalized)) return { ok: true, legacy: imported };
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
