import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-app.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
// Inside the checkout, so that the compiler finds kysely's types from the scratch files.
mkdirSync(path.join(repo, 'node_modules/.cache'), { recursive: true });
const scratch = mkdtempSync(path.join(repo, 'node_modules/.cache/latchkey-db-types-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Type-checks `files` with the project's compiler settings; returns the errors. */
function typeErrors(files: string[]): string {
  const config = path.join(scratch, `tsconfig.${path.basename(files[0]!)}.json`);
  writeFileSync(config, JSON.stringify({ extends: path.join(repo, 'tsconfig.json'), compilerOptions: { noEmit: true, rootDir: repo }, files, include: [] }));
  const run = spawnSync(path.join(repo, 'node_modules/.bin/tsc'), ['-p', config, '--noErrorTruncation'], { encoding: 'utf8' });
  return run.stdout + run.stderr;
}

describe('database types', () => {
  it('when the tables are read from a migrated database, then they equal src/db/schema.ts', async () => {
    const out = path.join(scratch, 'schema.ts');
    const run = spawnSync(process.execPath, [path.join(repo, 'scripts/db-types.mjs'), '--database', await createTestDatabase(), '--out', out], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const checkedIn = readFileSync(path.join(repo, 'src/db/schema.ts'), 'utf8');
    expect(readFileSync(out, 'utf8'), 'src/db/schema.ts differs from the migrated database: run npm run db:types').toBe(checkedIn);
  });

  it('when src/db/types.ts is compared with the generated tables, then they agree', () => {
    expect(typeErrors([path.join(repo, 'test/db-types-check.ts')]), 'src/db/types.ts does not match src/db/schema.ts').toBe('');
  });

  it('when hand-written tables drift from the database, then the check names each table and column', () => {
    const drifted = path.join(scratch, 'drifted.ts');
    writeFileSync(
      drifted,
      `import type { ColumnType, Generated } from 'kysely';
import type { SchemaDrift } from ${JSON.stringify(path.join(repo, 'test/db-types-check.js'))};
type Database = {
  users: { id: Generated<string>; email: string | null; kind: string; age: number; created_at: Generated<Date>; expires_at: Date };
  groups: { id: Generated<string> };
};
type Hand = {
  users: { id: Generated<string>; email: string; kind: 'a' | 'b'; age: string; created_at: Date; expires_at: ColumnType<Date, Date | undefined, Date>; extra: string };
  teams: { id: Generated<string> };
};
export const check: [SchemaDrift<Hand, Database>] extends [never] ? true : SchemaDrift<Hand, Database> & string = true;
`,
    );
    const errors = typeErrors([drifted]);
    for (const drift of [
      'users.email: nullable in the database only',
      'users.email: may be left out of an insert in the database only',
      'users.age: types.ts reads a type the database column cannot hold',
      'users.created_at: may be left out of an insert in the database only',
      'users.expires_at: may be left out of an insert in types.ts only',
      'users.extra: in types.ts, not in the database',
      'groups: table in the database, missing from types.ts',
      'teams: table in types.ts, not in the database',
    ]) {
      expect(errors).toContain(`"${drift}"`);
    }
    // A union for a text column with a check constraint is a refinement, not drift.
    expect(errors).not.toContain('users.kind');
  });
});
