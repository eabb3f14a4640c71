import { readdirSync } from 'node:fs';
import pg from 'pg';
import { inject, describe, expect, it } from 'vitest';
import { connect } from '../src/db/database.js';
import { migrateToLatest, migrationsApplied } from '../src/db/migrate.js';

describe('migrations', () => {
  it('when two nodes migrate an empty database at the same time, then each migration is applied exactly once and both succeed', async () => {
    const serverUrl = inject('serverUrl');
    const name = `${inject('dbPrefix')}migrate_race`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const nodes = [connect(url.toString(), 2), connect(url.toString(), 2)];
    try {
      expect(await migrationsApplied(nodes[0]!.db)).toBe(false);
      const applied = await Promise.all(nodes.map((n) => migrateToLatest(n.db)));
      const shipped = readdirSync(new URL('../src/db/migrations/', import.meta.url)).map((f) => f.replace(/\.sql$/, '')).sort();
      expect(applied.flat().sort()).toEqual(shipped);
      expect(await migrationsApplied(nodes[1]!.db)).toBe(true);
      const rows = await nodes[0]!.db.selectFrom('kysely_migration' as never).selectAll().execute();
      expect(rows).toHaveLength(shipped.length);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });
});
