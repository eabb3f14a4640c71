import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { hash as argon2Hash, hashRawSync } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageClient } from './helpers/pages.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(() => t.close());

type Report = { line: number; outcome: string; username: string | null; problems: { field: string; reason: string }[] };

/** Uploads a file as the console and the API clients do: the body is the file. */
async function upload(body: string, query: Record<string, string> = {}, type = 'text/csv', org = 'acme', headers = auth) {
  return t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/imports?${new URLSearchParams(query)}`, headers: { ...headers, 'content-type': type }, payload: body });
}

/** Every report row of an import, following the cursor. */
async function report(id: string, org = 'acme'): Promise<Report[]> {
  const rows: Report[] = [];
  let cursor: string | null = null;
  do {
    const res: { statusCode: number; json: () => { report: { items: Report[]; nextCursor: string | null } } } = await t.app.inject({ url: `/api/v1/organizations/${org}/imports/${id}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: auth });
    expect(res.statusCode).toBe(200);
    rows.push(...res.json().report.items);
    cursor = res.json().report.nextCursor;
  } while (cursor);
  return rows;
}

const usernames = async (prefix: string) =>
  (await t.db.selectFrom('users').select('username').where('username', 'like', `${prefix}%`).orderBy('username').execute()).map((u) => u.username);

const MIXED = [
  'username,email,first_name,last_name,phone,groups',
  'mx-ann,ann@mixed.test,Ann,Archer,+41 79 123 45 67,',
  'mx-bob,not-an-email,Bob,,,', // line 3: email
  ',nobody@mixed.test,No,Name,,', // line 4: username missing
  'mx-cat,cat@mixed.test,Cat,,12345,', // line 5: phone
  'mx-dan,dan@mixed.test,Dan,,,',
  'mx-ann,other@mixed.test,Ann,Again,,', // line 7: same username as line 2
  'mx-eve,eve@mixed.test,Eve,,,Nonexistent', // line 8: no such group
  'mx-fay,fay@mixed.test,Fay,,', // line 9: a column short
].join('\n');

describe('importing users', () => {
  it('when a CSV with good and bad rows is dry run, then every bad row is reported with its line, field and reason, and nothing is written', async () => {
    const before = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await upload(MIXED, { dryRun: 'true' });
    expect(res.statusCode).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ state: 'finished', format: 'csv', dryRun: true, progress: { rows: 8, created: 2, existing: 0, invalid: 6, overLimit: 0 } });
    const rows = await report(imp.id);
    expect(rows.map((r) => [r.line, r.outcome, r.problems.map((p) => p.field).join(',')])).toEqual([
      [3, 'invalid', 'email'],
      [4, 'invalid', 'username'],
      [5, 'invalid', 'phone'],
      [7, 'invalid', 'username'],
      [8, 'invalid', 'groups'],
      [9, 'invalid', 'row'],
    ]);
    expect(rows.find((r) => r.line === 7)!.problems[0]!.reason).toContain('line 2');
    expect(rows.find((r) => r.line === 8)!.problems[0]!.reason).toContain('Nonexistent');
    const after = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await usernames('mx-')).toEqual([]);
    expect(await t.db.selectFrom('import_names').selectAll().execute()).toEqual([]);
  });

  it('when the same CSV is imported for real and then again, then the good rows become users once and the re-run reports them as existing', async () => {
    const first = (await upload(MIXED)).json();
    expect(first.progress).toMatchObject({ rows: 8, created: 2, existing: 0, invalid: 6 });
    expect(await usernames('mx-')).toEqual(['mx-ann', 'mx-dan']);
    const ann = await t.db.selectFrom('users').selectAll().where('username', '=', 'mx-ann').executeTakeFirstOrThrow();
    expect(ann).toMatchObject({ email: 'ann@mixed.test', first_name: 'Ann', last_name: 'Archer', phone: '+41791234567', status: 'pending', password_hash: null });

    const again = (await upload(MIXED)).json();
    expect(again.progress).toMatchObject({ rows: 8, created: 0, existing: 2, invalid: 6 });
    const rows = await report(again.id);
    expect(rows.filter((r) => r.outcome === 'existing').map((r) => [r.line, r.username])).toEqual([
      [2, 'mx-ann'],
      [6, 'mx-dan'],
    ]);
    expect(await usernames('mx-')).toEqual(['mx-ann', 'mx-dan']);

    const events = await t.db.selectFrom('audit_events').select(['action', 'data']).where('target_id', 'in', [first.id, again.id]).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['import.started', 'import.finished', 'import.started', 'import.finished']);
    expect(events[1]!.data).toMatchObject({ rows: 8, created: 2, invalid: 6, dryRun: false });
    const created = await t.db.selectFrom('audit_events').select('data').where('action', '=', 'user.created').where('target_id', '=', ann.id).execute();
    expect(created).toHaveLength(1);
    expect(created[0]!.data).toMatchObject({ import: first.id });
  });

  it('when importing with invite, then each new user has a pending invitation and its message waits in the outbox', async () => {
    const csv = 'username,email\ninv-1,inv1@invite.test\ninv-2,inv2@invite.test\ninv-3,\n';
    const res = (await upload(csv, { invite: 'true' })).json();
    expect(res.progress).toMatchObject({ rows: 3, created: 2, invalid: 1, invited: 2 });
    expect((await report(res.id))[0]).toMatchObject({ line: 4, problems: [{ field: 'email', reason: 'is needed to send the invitation by email' }] });
    const ids = (await t.db.selectFrom('users').select('id').where('username', 'in', ['inv-1', 'inv-2']).execute()).map((u) => u.id);
    const invitations = await t.db.selectFrom('invitations').selectAll().where('user_id', 'in', ids).execute();
    expect(invitations.map((i) => i.state)).toEqual(['pending', 'pending']);
    const messages = await t.db.selectFrom('outbox_messages').select(['recipient', 'kind', 'state', 'text_body']).where('user_id', 'in', ids).orderBy('recipient').execute();
    expect(messages.map((m) => [m.recipient, m.kind, m.state])).toEqual([
      ['inv1@invite.test', 'invitation_link', 'queued'],
      ['inv2@invite.test', 'invitation_link', 'queued'],
    ]);
    expect(messages[0]!.text_body).toContain('http://latchkey.test/o/acme/');
    // The invitation link in the message opens the password setup page.
    const link = /http:\/\/latchkey\.test(\/o\/acme\/invitations\/\S+)/.exec(messages[0]!.text_body)?.[1];
    expect(link).toBeTruthy();
    expect((await t.app.inject({ url: link! })).statusCode).toBe(200);
  });

  it('when a file spans several batches and repeats a name far apart, then the dry run names the earlier row and the real run creates the user once', async () => {
    const lines = ['username,email'];
    for (let i = 1; i <= 2500; i++) lines.push(`big-${i},big${i}@batches.test`);
    lines.push('big-5,other@batches.test', 'new-one,big7@batches.test');
    const csv = `${lines.join('\n')}\n`;
    const dry = (await upload(csv, { dryRun: 'true' })).json();
    expect(dry.progress).toMatchObject({ rows: 2502, created: 2500, invalid: 2 });
    expect((await report(dry.id)).map((r) => [r.line, r.problems[0]!.reason])).toEqual([
      [2502, '"big-5" is already the username or email of row 5 (line 6)'],
      [2503, '"big7@batches.test" is already the username or email of row 7 (line 8)'],
    ]);
    const real = (await upload(csv)).json();
    expect(real.progress).toMatchObject({ rows: 2502, created: 2500, existing: 1, invalid: 1 });
    expect((await usernames('big-')).length).toBe(2500);
  });

  it('when the file is a JSON array or JSON lines, then it imports the same way, with attributes and a column mapping', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/groups', headers: auth, payload: { name: 'Staff' } });
    const users = [
      { username: 'js-1', email: 'js1@json.test', firstName: 'Jo', groups: ['staff'], attributes: { costCenter: 'C1' } },
      { username: 'js-2', mail_address: 'js2@json.test' },
      { username: 'bad name!' },
    ];
    const json = `[\n${users.map((u) => JSON.stringify(u)).join(',\n')}\n]\n`;
    const a = (await upload(json, { map: 'mail_address=email' }, 'application/json')).json();
    expect(a).toMatchObject({ format: 'json', progress: { rows: 3, created: 2, invalid: 1 } });
    expect((await report(a.id))[0]).toMatchObject({ line: 4, problems: [{ field: 'username' }] });
    const js1 = await t.db.selectFrom('users').selectAll().where('username', '=', 'js-1').executeTakeFirstOrThrow();
    expect(js1.attributes).toEqual({ costCenter: 'C1' });
    const js2 = await t.db.selectFrom('users').select('email').where('username', '=', 'js-2').executeTakeFirstOrThrow();
    expect(js2.email).toBe('js2@json.test');
    const groups = await t.app.inject({ url: `/api/v1/organizations/acme/users/${js1.id}`, headers: auth });
    expect(groups.json().groups).toEqual(['Staff']);

    const lines = '{"username":"nd-1","email":"nd1@nd.test","Department":"Ops"}\n\n{"username":"nd-2"\n{"username":"nd-3"}\n';
    const b = (await upload(lines, { map: 'Department=attributes.department' }, 'application/x-ndjson')).json();
    expect(b).toMatchObject({ format: 'ndjson', progress: { rows: 3, created: 2, invalid: 1 } });
    expect((await report(b.id)).map((r) => [r.line, r.problems[0]!.field])).toEqual([[3, 'row']]);
    expect((await t.db.selectFrom('users').select('attributes').where('username', '=', 'nd-1').executeTakeFirstOrThrow()).attributes).toEqual({ department: 'Ops' });
  });

  it('when CSV fields are quoted with commas, quotes and line breaks, then they are read whole and later rows keep their real line numbers', async () => {
    const csv = 'username,email,last_name,attributes.note\r\nq-1,q1@q.test,"Smith, Jr.","two\r\nlines"\r\nq-2,q2@q.test,"O""Brien",x\r\nq-3,broken,,\r\n';
    const res = (await upload(csv)).json();
    expect(res.progress).toMatchObject({ rows: 3, created: 2, invalid: 1 });
    expect((await report(res.id)).map((r) => r.line)).toEqual([5]);
    const q1 = await t.db.selectFrom('users').selectAll().where('username', '=', 'q-1').executeTakeFirstOrThrow();
    expect([q1.last_name, q1.attributes]).toEqual(['Smith, Jr.', { note: 'two\r\nlines' }]);
    expect((await t.db.selectFrom('users').select('last_name').where('username', '=', 'q-2').executeTakeFirstOrThrow()).last_name).toBe("O'Brien".replace("'", '"'));
  });

  it('when the file itself is broken, then the import says where and keeps nothing half-read', async () => {
    const res = (await upload('[{"username":"br-1"}, {"username": ', {}, 'application/json')).json();
    expect(res.state).toBe('failed');
    expect(res.error).toMatch(/^line 1: /);
    const noHeader = (await upload('email\nx@y.test\n')).json();
    expect(noHeader).toMatchObject({ state: 'failed', progress: { rows: 0 } });
    expect(noHeader.error).toContain('username');
    expect((await upload('username\nx\n', { map: 'username' })).statusCode).toBe(400);
    expect((await upload('username\nx\n', {}, 'text/plain')).statusCode).toBe(415);
  });

  it('when the organization has a user limit, then rows over it are reported as over the limit, not dropped', async () => {
    const { auth: limited } = await t.createOrg('limited');
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/limited', headers: limited, payload: { settings: { userLimit: 3 } } });
    await t.createUser(limited, 'limited', { username: 'already' });
    const csv = ['username', 'lim-1', 'lim-2', 'lim-3', 'lim-4'].join('\n');
    const dry = (await upload(csv, { dryRun: 'true' }, 'text/csv', 'limited', limited)).json();
    expect(dry.progress).toMatchObject({ created: 2, overLimit: 2 });
    const real = (await upload(csv, {}, 'text/csv', 'limited', limited)).json();
    expect(real.progress).toMatchObject({ created: 2, overLimit: 2 });
    const rows = await t.app.inject({ url: `/api/v1/organizations/limited/imports/${real.id}?outcome=over_limit`, headers: limited });
    expect(rows.json().report.items.map((r: Report) => [r.line, r.username, r.problems[0]!.reason])).toEqual([
      [4, 'lim-3', 'the organization reached its limit of 3 users'],
      [5, 'lim-4', 'the organization reached its limit of 3 users'],
    ]);
  });

  it('when someone without user management or from another organization imports or reads an import, then it is refused and nothing is created', async () => {
    const { auth: helpdesk } = await t.createOrg('helpco', 'helpdesk');
    expect((await upload('username\nhd-1\n', {}, 'text/csv', 'helpco', helpdesk)).statusCode).toBe(403);
    const { auth: other } = await t.createOrg('otherco');
    expect((await upload('username\not-1\n', {}, 'text/csv', 'acme', other)).statusCode).toBe(404);
    expect(await usernames('hd-')).toEqual([]);
    expect(await usernames('ot-')).toEqual([]);
    const mine = (await upload('username\nown-1\n', { dryRun: 'true' })).json();
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/imports/${mine.id}`, headers: other })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/organizations/otherco/imports/${mine.id}`, headers: other })).statusCode).toBe(404);
    const list = await t.app.inject({ url: '/api/v1/organizations/acme/imports?limit=2', headers: auth });
    expect(list.json().items[0].id).toBe(mine.id);
    expect(list.json().nextCursor).toBeTruthy();
  });
});

describe('moving in from Keycloak', () => {
  const PASSWORDS = { bcrypt: 'bcrypt horse battery staple', sha256: 'pbkdf2 sha256 horse staple', sha512: 'pbkdf2 sha512 horse staple', argon: 'argon2 keycloak horse staple', forced: 'forced change horse staple' };

  /** A password credential as Keycloak exports it (secretData and credentialData are JSON strings). */
  function pbkdf2Credential(password: string, digest: 'sha256' | 'sha512', iterations: number) {
    const salt = randomBytes(16);
    const value = pbkdf2Sync(password, salt, iterations, 64, digest);
    return {
      id: randomBytes(8).toString('hex'),
      type: 'password',
      createdDate: 1700000000000,
      secretData: JSON.stringify({ value: value.toString('base64'), salt: salt.toString('base64'), additionalParameters: {} }),
      credentialData: JSON.stringify({ hashIterations: iterations, algorithm: `pbkdf2-${digest}`, additionalParameters: {} }),
    };
  }
  function argon2Credential(password: string) {
    const salt = randomBytes(16);
    const value = hashRawSync(password, { algorithm: 2, memoryCost: 7168, timeCost: 5, parallelism: 1, outputLen: 32, salt });
    return {
      type: 'password',
      secretData: JSON.stringify({ value: value.toString('base64'), salt: salt.toString('base64'), additionalParameters: {} }),
      credentialData: JSON.stringify({ hashIterations: 5, algorithm: 'argon2', additionalParameters: { hashLength: ['32'], memory: ['7168'], type: ['id'], version: ['1.3'], parallelism: ['1'] } }),
    };
  }
  const bcryptCredential = (password: string) => ({
    type: 'password',
    secretData: JSON.stringify({ value: bcrypt.hashSync(password, 10), salt: '', additionalParameters: {} }),
    credentialData: JSON.stringify({ hashIterations: 10, algorithm: 'bcrypt', additionalParameters: {} }),
  });

  const user = (username: string, extra: Record<string, unknown>) => ({
    id: randomBytes(16).toString('hex'),
    createdTimestamp: 1700000000000,
    username,
    enabled: true,
    totp: false,
    emailVerified: true,
    email: `${username}@kc.test`,
    firstName: username.toUpperCase(),
    lastName: 'Keycloak',
    disableableCredentialTypes: [],
    requiredActions: [],
    notBefore: 0,
    ...extra,
  });

  async function signIn(login: string, password: string) {
    const c = pageClient(t);
    await c.get('/o/acme/login');
    return { res: await c.post('/o/acme/login', { login, password }), c };
  }

  it('when a Keycloak users export is imported, then users keep their groups and their bcrypt, PBKDF2 and argon2 passwords sign in and are rehashed to ours', async () => {
    const phc = await argon2Hash(PASSWORDS.argon, { algorithm: 1, memoryCost: 4096, timeCost: 3, parallelism: 1 });
    const exported = {
      realm: 'acme',
      users: [
        user('kc-bcrypt', { credentials: [bcryptCredential(PASSWORDS.bcrypt)], groups: ['/Sales'], attributes: { locale: ['de'], department: ['Sales'] } }),
        user('kc-sha256', { credentials: [pbkdf2Credential(PASSWORDS.sha256, 'sha256', 27500)], groups: ['/Staff/IT'] }),
        user('kc-sha512', { credentials: [pbkdf2Credential(PASSWORDS.sha512, 'sha512', 210000)] }),
        user('kc-argon', { credentials: [argon2Credential(PASSWORDS.argon)], groups: ['/Sales', '/Staff'] }),
        user('kc-forced', { credentials: [pbkdf2Credential(PASSWORDS.forced, 'sha256', 27500)], requiredActions: ['UPDATE_PASSWORD'] }),
        user('kc-off', { enabled: false, credentials: [] }),
        user('kc-nopass', { credentials: [] }),
        user('kc-md5', { credentials: [{ type: 'password', secretData: '{"value":"abc","salt":"c2FsdA=="}', credentialData: '{"hashIterations":1,"algorithm":"md5"}' }] }),
      ],
    };
    const res = await upload(JSON.stringify(exported, null, 2), {}, 'application/json');
    expect(res.statusCode).toBe(201);
    const imp = res.json();
    expect(imp).toMatchObject({ format: 'keycloak', progress: { rows: 8, created: 7, invalid: 1 } });
    expect((await report(imp.id))[0]).toMatchObject({ username: 'kc-md5', problems: [{ field: 'credentials' }] });

    const row = (username: string) => t.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
    expect((await row('kc-bcrypt')).password_hash).toMatch(/^\$2[ab]\$10\$/);
    expect((await row('kc-sha256')).password_hash).toMatch(/^\$pbkdf2-sha256\$i=27500\$/);
    expect(await row('kc-bcrypt')).toMatchObject({ status: 'active', first_name: 'KC-BCRYPT', attributes: { locale: 'de', department: 'Sales' } });
    expect((await row('kc-off')).status).toBe('disabled');
    expect((await row('kc-nopass')).status).toBe('pending');
    const bcryptUser = await t.app.inject({ url: `/api/v1/organizations/acme/users/${(await row('kc-bcrypt')).id}`, headers: auth });
    expect(bcryptUser.json().groups).toEqual(['Sales']);
    const argonUser = await t.app.inject({ url: `/api/v1/organizations/acme/users/${(await row('kc-argon')).id}`, headers: auth });
    expect(argonUser.json().groups).toEqual(['Sales', 'Staff']);
    const sha256User = await t.app.inject({ url: `/api/v1/organizations/acme/users/${(await row('kc-sha256')).id}`, headers: auth });
    expect(sha256User.json().groups).toEqual(['IT']);

    for (const [username, password] of [['kc-bcrypt', PASSWORDS.bcrypt], ['kc-sha256', PASSWORDS.sha256], ['kc-sha512', PASSWORDS.sha512], ['kc-argon', PASSWORDS.argon]] as const) {
      const wrong = await signIn(username, `${password} wrong`);
      expect(wrong.res.statusCode, `${username} with a wrong password`).toBe(401);
      const { res: ok, c } = await signIn(username, password);
      expect(ok.statusCode, username).toBe(303);
      expect((await c.get('/o/acme/account')).body).toContain(`<dd id="username">${username}</dd>`);
      // Rehashed to our argon2id parameters at this first sign-in; the same password still works.
      expect((await row(username)).password_hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
      expect((await signIn(username, password)).res.statusCode).toBe(303);
    }
    // An argon2i hash in a CSV (the PHC string another server stored) works the same way.
    const csv = (await upload(`username,password_hash\nphc-argon2i,"${phc}"\n`)).json();
    expect(await report(csv.id)).toEqual([]);
    expect(csv.progress.created).toBe(1);
    expect((await signIn('phc-argon2i', PASSWORDS.argon)).res.statusCode).toBe(303);
    expect((await row('phc-argon2i')).password_hash).toMatch(/^\$argon2id\$/);

    // UPDATE_PASSWORD: the right password leads to the forced change, not to the account.
    const forced = await signIn('kc-forced', PASSWORDS.forced);
    expect(forced.res.statusCode).toBe(303);
    expect(forced.res.headers.location).not.toContain('/account');
    expect((await signIn('kc-off', 'anything at all here')).res.statusCode).toBe(401);

    const againRes = await upload(JSON.stringify(exported), {}, 'application/json');
    expect(againRes.statusCode).toBe(201);
    const again = againRes.json();
    expect(again.progress).toMatchObject({ created: 0, existing: 7, invalid: 1 });
  });
});
