import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { connect, startEmbeddedPostgres } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection URL of the test server's maintenance database. */
    serverUrl: string;
    /** Database with every migration applied, copied for each test file. */
    templateDb: string;
    /** Name prefix of the per-file databases, dropped at the end of the run. */
    dbPrefix: string;
  }
}

/**
 * One PostgreSQL server for the whole run: the machine's when DATABASE_URL is set, else an
 * embedded one in a temporary directory. Migrations run once into a template database.
 */
export default async function setup(project: TestProject) {
  const log = pino({ level: 'warn' });
  let dataDir: string | undefined;
  let stopServer = async () => {};
  let serverUrl: string;
  const external = process.env.DATABASE_URL;
  if (external) {
    serverUrl = external;
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-test-pg-'));
    const embedded = await startEmbeddedPostgres(dataDir, 0, log);
    serverUrl = embedded.url.replace(/\/latchkey$/, '/postgres');
    stopServer = embedded.stop;
  }
  const templateDb = `latchkey_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${templateDb}`);
  await admin.query(`create database ${templateDb}`);
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${templateDb}`;
  const database = connect(templateUrl.toString(), 2);
  await migrateToLatest(database.db);
  await database.close();
  project.provide('serverUrl', serverUrl);
  project.provide('templateDb', templateDb);
  project.provide('dbPrefix', `latchkey_t_${process.pid}_`);

  return async () => {
    const leftovers = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`latchkey_t_${process.pid}_%`]);
    for (const { datname } of leftovers.rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.query(`drop database if exists ${templateDb} with (force)`);
    await admin.end();
    await stopServer();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
