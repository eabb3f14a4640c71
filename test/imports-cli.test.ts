import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressLine } from '../src/cli/index.js';
import { createTestApp, PASSWORD, SECRET_KEY, type TestApp } from './helpers/test-app.js';
import { runCli, startServer, stop } from './helpers/process.js';

let dir: string;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'latchkey-import-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('latchkey users import', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    await t.createOrg('acme');
    env = { DATABASE_URL: t.databaseUrl, SECRET_KEY, ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' };
  });
  afterAll(() => t.close());

  const csv = 'username,email,Dept\ncli-1,cli1@cli.test,Ops\ncli-2,not an email,Ops\ncli-3,cli3@cli.test,Sales\n';

  it('when a CSV is dry run, then the bad rows are printed with their line and reason, the exit code says some rows were refused, and nothing is created', async () => {
    const res = await runCli(['users', 'import', file('people.csv', csv), '--org', 'acme', '--dry-run'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('line 3 (cli-2): email: "not an email" is not an email address');
    expect(res.stdout).toMatch(/Dry run \(nothing written\): 3 rows, 2 would be created, 0 existing, 1 invalid, 0 over the user limit \(import [0-9a-f-]{36}\)\./);
    expect(await t.db.selectFrom('users').select('username').where('username', 'like', 'cli-%').execute()).toEqual([]);
  });

  it('when the same file is imported with a mapping and invitations, then the users exist with their attribute and invitation, and a second run creates nothing', async () => {
    const res = await runCli(['users', 'import', file('people.csv', csv), '--invite', '--map', 'Dept=attributes.department'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('Imported: 3 rows, 2 created, 0 existing, 1 invalid, 0 over the user limit, 2 invitations queued');
    const rows = await t.db.selectFrom('users').select(['id', 'username', 'attributes']).where('username', 'like', 'cli-%').orderBy('username').execute();
    expect(rows.map((r) => [r.username, r.attributes])).toEqual([
      ['cli-1', { department: 'Ops' }],
      ['cli-3', { department: 'Sales' }],
    ]);
    expect(await t.db.selectFrom('invitations').select('state').where('user_id', 'in', rows.map((r) => r.id)).execute()).toHaveLength(2);

    const again = await runCli(['users', 'import', file('people.csv', 'username,email\ncli-1,cli1@cli.test\ncli-3,cli3@cli.test\n'), '--org', 'acme'], env);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toMatch(/^Imported: 2 rows, 0 created, 2 existing, 0 invalid, 0 over the user limit \(import [0-9a-f-]{36}\)\.$/);
  });

  it('when the file is broken or its format unknown, then the command fails with one line saying why', async () => {
    const broken = await runCli(['users', 'import', file('broken.json', '[{"username": "x"'), '--org', 'acme'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^latchkey: the import stopped at line 1: /);
    const unknown = await runCli(['users', 'import', file('people.txt', csv), '--org', 'acme'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("can't tell the format");
    const map = await runCli(['users', 'import', file('people.csv', csv), '--org', 'acme', '--map', 'Dept=nowhere'], env);
    expect(map.code).toBe(1);
    expect(map.stderr).toContain('"nowhere" is not a field');
  });

  it('when progress is drawn, then the bar follows the bytes read and the counts', () => {
    const line = progressLine({ bytesRead: 50, bytesTotal: 100, rows: 1500, created: 1400, existing: 50, invalid: 40, overLimit: 10, invited: 0 }, 10);
    expect(line).toBe('[#####-----]  50%  1,500 rows: 1,400 new, 50 existing, 40 invalid, 10 over limit');
  });
});

describe('latchkey users import beside a running server on the embedded database', () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  const env = () => ({ DATA_DIR: dataDir, ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' });
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-import-beside-'));
    server = await startServer({ ...env(), PORT: '0' }, 120_000);
  }, 150_000);
  afterAll(async () => {
    if (server) expect(await stop(server.child)).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when users are imported while the server holds the data directory, then the server lists them', async () => {
    expect((await runCli(['admin', 'create', '--email', 'boss@acme.test', '--org', 'acme'], env(), `${PASSWORD}\n`)).code).toBe(0);
    const lines = file('people.jsonl', '{"username":"emb-1","email":"emb1@acme.test"}\n{"username":"emb-2","groups":"Ops","email":"emb2@acme.test"}\n');
    const res = await runCli(['users', 'import', lines, '--create-groups'], env());
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Imported: 2 rows, 2 created');
    const token = (await runCli(['token', 'create', '--org', 'acme', '--name', 'check'], env())).stdout.trim();
    const list = await fetch(`${server.url}/api/v1/organizations/acme/users?search=emb-`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await list.json()) as { items: { username: string; groups: string[] }[] };
    expect(body.items.map((u) => [u.username, u.groups])).toEqual([
      ['emb-1', []],
      ['emb-2', ['Ops']],
    ]);
  }, 60_000);
});
