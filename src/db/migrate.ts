import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DB } from './types.js';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The names of migration files; any other file in the folder is not run. */
export const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

/** Numbered SQL files, applied in name order; the pending ones run in one transaction. */
class SqlFileMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(migrationsDir)).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(path.join(migrationsDir, file), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return migrations;
  }
}

/** Kysely's migrator over the shipped migrations (migrateTo, migrateDown, getMigrations). */
export function migrator(db: Kysely<DB>) {
  // Kysely's PostgreSQL adapter holds a transaction-level advisory lock while migrating,
  // so nodes starting together apply each migration exactly once.
  return new Migrator({ db, provider: new SqlFileMigrationProvider() });
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every migration shipped with this build has been applied. */
export async function migrationsApplied(db: Kysely<DB>): Promise<boolean> {
  const list = await migrator(db).getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}
