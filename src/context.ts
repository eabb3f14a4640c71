import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config/index.js';
import type { DB } from './db/types.js';
import type { Argon2Params } from './lib/passwords.js';
import type { CacheBus } from './db/cache-bus.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * What every service needs; built once in main.ts (or by a test) and passed down. Services
 * only some flows need are wired beside it instead (the failure limiter: `limits/`).
 */
export interface Context {
  config: Config;
  db: Kysely<DB>;
  /** Key for keyed hashes of tokens and for encryption at rest. */
  secret: Buffer;
  clock: Clock;
  log: Logger;
  argon2: Argon2Params;
  /** Base URL for links in messages; may be learned after listen() picks a port. */
  publicUrl: string;
  /** Wakes the outbox worker after a commit that queued messages (no-op without a worker). */
  wakeWorker(): void;
  /** In-process caches of credentials and organizations, invalidated across nodes. */
  caches: CacheBus;
}

export type { Tx } from './db/types.js';
