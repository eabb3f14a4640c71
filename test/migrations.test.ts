import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { inject, describe, expect, it } from 'vitest';
import { connect } from '../src/db/database.js';
import { migrateToLatest, migrationsApplied, migrator } from '../src/db/migrate.js';
import { IMMUTABLE, lockProblems, updateLock } from '../src/db/migration-lock.js';
import type { DB } from '../src/db/types.js';
import { createTestDatabase } from './helpers/test-app.js';

const migrationsDir = fileURLToPath(new URL('../src/db/migrations/', import.meta.url));
const lockFile = fileURLToPath(new URL('../src/db/migrations.lock', import.meta.url));
const released = (file: string) => readFileSync(new URL(`./fixtures/migrations-as-released/${file}`, import.meta.url), 'utf8');
const REPAIR = '0009_repair_edited_migrations';

/** An empty database on the test server, for migrating from nothing. */
async function emptyDatabase(suffix: string): Promise<string> {
  const serverUrl = inject('serverUrl');
  const name = `${inject('dbPrefix')}${suffix}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Everything a migration can shape, one sorted line per object: tables and their comments,
 * columns (type, nullability, default, identity), indexes, constraints, triggers, functions.
 */
async function schemaOf(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    select format('table %s %s', c.relname, coalesce(obj_description(c.oid, 'pg_class'), '')) as line
      from pg_class c where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
    union all
    select format('column %s.%s %s%s%s%s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                  case when a.attnotnull then ' not null' else '' end,
                  coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), ''),
                  case a.attidentity::text when '' then '' else ' identity ' || a.attidentity::text end,
                  coalesce(col_description(c.oid, a.attnum), ''))
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid and c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attnum > 0 and not a.attisdropped
    union all
    select format('index %s', indexdef) from pg_indexes where schemaname = current_schema()
    union all
    select format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      from pg_constraint where connamespace = current_schema()::regnamespace
    union all
    select format('trigger %s', pg_get_triggerdef(t.oid))
      from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where not t.tgisinternal and c.relnamespace = current_schema()::regnamespace
    union all
    select format('function %s', pg_get_functiondef(p.oid))
      from pg_proc p where p.pronamespace = current_schema()::regnamespace
  `.execute(db);
  return rows.map((r) => r.line).sort();
}

/** Runs migration texts as an older release's migrator did, recording them as applied. */
async function applyAsReleased(db: Kysely<DB>, texts: Record<string, string>) {
  const migrations = Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, { up: async (d: Kysely<unknown>) => void (await sql.raw(text).execute(d)) }]));
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
}

describe('migrations', () => {
  it('when two nodes migrate an empty database at the same time, then each migration is applied exactly once and both succeed', async () => {
    const url = await emptyDatabase('migrate_race');
    const nodes = [connect(url, 2), connect(url, 2)];
    try {
      expect(await migrationsApplied(nodes[0]!.db)).toBe(false);
      const applied = await Promise.all(nodes.map((n) => migrateToLatest(n.db)));
      const shipped = readdirSync(migrationsDir).map((f) => f.replace(/\.sql$/, '')).sort();
      expect(applied.flat().sort()).toEqual(shipped);
      expect(await migrationsApplied(nodes[1]!.db)).toBe(true);
      const rows = await nodes[0]!.db.selectFrom('kysely_migration' as never).selectAll().execute();
      expect(rows).toHaveLength(shipped.length);
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });

  // 0001 and 0002 were edited after they had shipped; each entry is what an install made
  // at that point ran (the files in test/fixtures are those texts, byte for byte).
  const installs: Record<string, Record<string, string>> = {
    'the first 0001 only': { '0001_foundation': '0001_foundation@17604fb.sql' },
    'the first 0001 and 0002': { '0001_foundation': '0001_foundation@17604fb.sql', '0002_onboarding': '0002_onboarding@0500a05.sql' },
    'the first 0001 and the second 0002': { '0001_foundation': '0001_foundation@17604fb.sql', '0002_onboarding': '0002_onboarding@11349bc.sql' },
    'the second 0001': { '0001_foundation': '0001_foundation@07766c3.sql' },
  };
  for (const [ran, files] of Object.entries(installs)) {
    it(`when a database that ran ${ran} is upgraded, then it has exactly the schema of a new install and keeps its data`, async () => {
      const old = connect(await emptyDatabase(`old_${Object.values(files).join('_').replace(/\W/g, '')}`), 2);
      const fresh = connect(await createTestDatabase(), 2);
      try {
        await applyAsReleased(old.db, Object.fromEntries(Object.entries(files).map(([name, file]) => [name, released(file)])));
        await sql`insert into organizations (slug, name) values ('acme', 'Acme')`.execute(old.db);
        await sql`insert into users (organization_id, username, email) select id, 'ada', 'ada@example.com' from organizations`.execute(old.db);

        const applied = await migrateToLatest(old.db);

        expect(await schemaOf(old.db)).toEqual(await schemaOf(fresh.db));
        expect(applied).toContain(REPAIR);
        const { rows } = await sql<{ username: string }>`select username from users where lower(email) = 'ada@example.com'`.execute(old.db);
        expect(rows).toEqual([{ username: 'ada' }]);
      } finally {
        await Promise.all([old.close(), fresh.close()]);
      }
    });
  }

  it('when a database that ran the first 0002 has two users of one organization sharing an email, then the upgrade stops naming them and changes nothing', async () => {
    const old = connect(await emptyDatabase('old_shared_email'), 2);
    try {
      await applyAsReleased(old.db, { '0001_foundation': released('0001_foundation@17604fb.sql'), '0002_onboarding': released('0002_onboarding@0500a05.sql') });
      await sql`insert into organizations (slug, name) values ('acme', 'Acme')`.execute(old.db);
      await sql`insert into users (organization_id, username, email) select id, u, 'Ada@example.com' from organizations, unnest(array['ada', 'ada2']) u`.execute(old.db);
      const before = await schemaOf(old.db);

      await expect(migrateToLatest(old.db)).rejects.toThrow('users of organization acme share the email ada@example.com: give all but one of them another email, then start again');

      expect(await schemaOf(old.db)).toEqual(before);
      await sql`update users set email = 'ada2@example.com' where username = 'ada2'`.execute(old.db);
      expect(await migrateToLatest(old.db)).toContain(REPAIR);
    } finally {
      await old.close();
    }
  });

  it('when a new install reaches the repair migration, then it changes nothing', async () => {
    const fresh = connect(await emptyDatabase('fresh_repair'), 2);
    try {
      const names = (await migrator(fresh.db).getMigrations()).map((m) => m.name);
      const { error } = await migrator(fresh.db).migrateTo(names[names.indexOf(REPAIR) - 1]!);
      if (error) throw error;
      const before = await schemaOf(fresh.db);

      expect((await migrator(fresh.db).migrateTo(REPAIR)).results?.map((r) => `${r.migrationName} ${r.status}`)).toEqual([`${REPAIR} Success`]);

      expect(await schemaOf(fresh.db)).toEqual(before);
    } finally {
      await fresh.close();
    }
  });
});

describe('migration lock', () => {
  it('when the shipped migrations are compared with the lock, then every one is locked and unchanged', () => {
    const problems = lockProblems(migrationsDir, lockFile);
    expect(problems, `${IMMUTABLE}:\n${problems.join('\n')}`).toEqual([]);
  });

  it('when a locked migration is edited or removed, a new one is not locked or one is misnamed, then the check names it and locking refuses', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'latchkey-migrations-'));
    try {
      const dir = path.join(root, 'migrations');
      mkdirSync(dir);
      const lock = path.join(root, 'migrations.lock');
      writeFileSync(path.join(dir, '0001_a.sql'), 'create table a (id int);\n');
      writeFileSync(path.join(dir, '0002_b.sql'), 'create table b (id int);\n');
      expect(updateLock(dir, lock)).toEqual(['0001_a.sql', '0002_b.sql']);
      expect(lockProblems(dir, lock)).toEqual([]);

      writeFileSync(path.join(dir, '0003_c.sql'), 'create table c (id int);\n');
      expect(lockProblems(dir, lock)).toEqual(['0003_c.sql is not in the lock (run npm run migrations:lock)']);
      expect(updateLock(dir, lock)).toEqual(['0003_c.sql']);

      writeFileSync(path.join(dir, '0001_a.sql'), 'create table a (id bigint);\n');
      rmSync(path.join(dir, '0002_b.sql'));
      expect(lockProblems(dir, lock)).toEqual(['0001_a.sql changed after it was locked', '0002_b.sql is locked but missing']);
      const locked = readFileSync(lock, 'utf8');
      expect(() => updateLock(dir, lock)).toThrow(`0001_a.sql changed, 0002_b.sql is missing: ${IMMUTABLE}`);
      expect(readFileSync(lock, 'utf8')).toBe(locked);

      writeFileSync(path.join(dir, '0004_Add-D.sql'), 'create table d (id int);\n');
      expect(lockProblems(dir, lock)).toContain('0004_Add-D.sql is never run: migrations are named NNNN_lowercase_words.sql');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
