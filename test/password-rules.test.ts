import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors/app-error.js';
import { checkPassword, type PasswordContext } from '../src/features/users/passwords.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient } from './helpers/pages.js';

let t: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(() => t.close());

const setPassword = (id: string, body: Record<string, unknown>, org = 'acme', headers = auth) =>
  t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${id}/password`, headers, payload: body });
const settings = (patch: object, org = 'acme', headers = auth) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/${org}`, headers, payload: { settings: patch } });

/** The code a password fails with, checked the way the server does (policy of 8 to isolate the rule). */
async function ruleOf(password: string, context: PasswordContext = { username: 'someone', email: 'someone@example.com', organization: { name: 'Acme Inc.', slug: 'acme' } }) {
  try {
    await checkPassword({ minLength: 8, maxLength: 128, historyCount: 0, maxAgeDays: 0 }, password, context);
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return `${err.code}: ${err.message}`;
    throw err;
  }
}

async function signIn(login: string, password: string) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  return c.post('/o/acme/login', { login, password });
}

describe('password length (NIST 800-63B-4)', () => {
  it('when an admin sets a 14-character password, then it is refused; 15 characters are accepted', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'lenny', email: 'lenny@example.com' });
    const short = await setPassword(user.id, { password: 'tulip river 14' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'password.too_short', minLength: 15 });
    expect((await setPassword(user.id, { password: 'tulip river 015' })).statusCode).toBe(200);
  });

  it('when an admin lowers the minimum below 15, then it is refused because no second factor is required', async () => {
    const res = await settings({ passwordPolicy: { minLength: 12 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('organization.password_length_needs_mfa');
    expect(res.json().title).toContain('below 15 needs a required second factor');
    expect((await settings({ passwordPolicy: { minLength: 20 } })).statusCode).toBe(200);
    expect((await settings({ passwordPolicy: { minLength: 15 } })).statusCode).toBe(200);
  });

  it('when an organization still stores a minimum below 15 from before, then 15 applies and is shown', async () => {
    const { org, auth: oldAuth } = await t.createOrg('oldorg');
    await t.db.updateTable('organizations').set({ settings: JSON.stringify({ passwordPolicy: { minLength: 10 } }) }).where('id', '=', org.id).execute();
    t.ctx.caches.clearAll();
    const shown = (await t.app.inject({ url: '/api/v1/organizations/oldorg', headers: oldAuth })).json();
    expect(shown.settings.passwordPolicy.minLength).toBe(15);
    const user = await t.createUser(oldAuth, 'oldorg', { username: 'olduser', email: 'old@example.com' });
    const res = await setPassword(user.id, { password: 'twelve chars' }, 'oldorg', oldAuth);
    expect(res.json()).toMatchObject({ code: 'password.too_short', minLength: 15 });
    // Other settings can still be changed without touching the old value.
    expect((await settings({ temporaryPassword: { expiryDays: 3 } }, 'oldorg', oldAuth)).statusCode).toBe(200);
  });
});

describe('weak passwords', () => {
  it.each([
    ['aaaaaaaaaaaa', 'password.repetitive'],
    ['111111111111', 'password.repetitive'],
    [' '.repeat(12), 'password.repetitive'],
    ['abcdefghijkl', 'password.repetitive'],
    ['123456789012', 'password.common'],
    ['234567890123', 'password.repetitive'],
    ['zyxwvutsrqpo', 'password.repetitive'],
    ['acmeacmeacme', 'password.contains_context'],
    ['latchkeylatchkey', 'password.contains_context'],
    ['l4tchk3y is my door', 'password.contains_context'],
  ])('when the password is %j, then it is refused by a named rule', async (password, code) => {
    expect(await ruleOf(password)).toMatch(new RegExp(`^${code.replace('.', '\\.')}`));
  });

  it('when the weak class is long enough for the length rule, then the API refuses it by name too', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'weakling', email: 'weakling@example.com' });
    for (const [password, code] of [
      ['a'.repeat(16), 'password.repetitive'],
      [' '.repeat(16), 'password.repetitive'],
      ['abcdefghijklmnop', 'password.repetitive'],
      ['1234567890123456', 'password.repetitive'],
      ['acmeacmeacmeacme', 'password.contains_context'],
      ['my latchkey password', 'password.contains_context'],
    ] as const) {
      const res = await setPassword(user.id, { password });
      expect(res.statusCode, password).toBe(400);
      expect(res.json().code, password).toBe(code);
    }
  });

  it('when a phrase only has a short run inside, then it is accepted', async () => {
    expect(await ruleOf('my dog rex 12345678')).toBe('ok');
    expect(await ruleOf(PASSWORD)).toBe('ok');
    expect(await ruleOf('correct horse correct horse')).toBe('ok');
  });

  it('when analysing a very long password, then the cost stays bounded', async () => {
    const long = 'x'.repeat(1000) + 'abc'.repeat(300);
    await checkPassword({ minLength: 15, maxLength: 4096, historyCount: 0, maxAgeDays: 0 }, long, { username: 'u', email: null }).catch(() => undefined);
    const control = 'river tulip stone lamp';
    const time = async (p: string) => {
      const start = performance.now();
      for (let i = 0; i < 5; i++) await checkPassword({ minLength: 15, maxLength: 4096, historyCount: 0, maxAgeDays: 0 }, p, { username: 'u', email: null }).catch(() => undefined);
      return performance.now() - start;
    };
    const [a, b] = [await time(control), await time(long)];
    // Only the first 64 characters are analysed: a 1,900-character input costs about what a short one does.
    expect(b).toBeLessThan(Math.max(a * 20, 200));
  });
});

describe('username and email inside the password', () => {
  it('when the username or email local part has 3 letters, then phrases containing them are accepted', async () => {
    expect(await ruleOf('Disabled person pass 77', { username: 'dis', email: 'dis@example.com', organization: { name: 'Acme Inc.', slug: 'acme' } })).toBe('ok');
    expect(await ruleOf('planning a new journey', { username: 'ann', email: 'ann@example.com', organization: { name: 'Acme Inc.', slug: 'acme' } })).toBe('ok');
  });

  it('when the password contains a longer username, then the message names it', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'annabel', email: 'a.b@example.com' });
    const res = await setPassword(user.id, { password: 'Annabel went to the sea' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'password.contains_identity', rule: 'identity', word: 'annabel' });
    expect(res.json().detail).toBe('The password must not contain your username “annabel”.');
  });

  it('when the username is the email address (setup), then the message speaks of the email, not a username', async () => {
    const msg = await ruleOf('hello rosalind how are you', { username: 'rosalind@example.com', email: 'rosalind@example.com' });
    expect(msg).toBe('password.contains_identity: The password must not contain your email address “rosalind”.');
  });
});

describe('Unicode normalization', () => {
  const nfc = 'Crème brûlée à la maison';
  const nfd = nfc.normalize('NFD');

  it('when a password was set in NFC, then its NFD form signs in', async () => {
    expect(nfd).not.toBe(nfc);
    const user = await t.createUser(auth, 'acme', { username: 'unicoder', email: 'unicoder@example.com' });
    expect((await setPassword(user.id, { password: nfc, temporary: false })).statusCode).toBe(200);
    expect((await signIn('unicoder', nfd)).headers.location).toBe('/o/acme/account');
    expect((await signIn('unicoder', nfc)).headers.location).toBe('/o/acme/account');
  });

  it('when a hash was made before normalization, then the form as typed signs in and the hash is replaced by a normalized one', async () => {
    const user = await t.createUser(auth, 'acme', { username: 'legacy', email: 'legacy@example.com' });
    await setPassword(user.id, { password: PASSWORD, temporary: false });
    const old = await hash(nfd, { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    await t.db.updateTable('users').set({ password_hash: old }).where('id', '=', user.id).execute();
    expect((await signIn('legacy', nfd)).headers.location).toBe('/o/acme/account');
    const after = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.password_hash).not.toBe(old);
    expect((await signIn('legacy', nfc)).headers.location).toBe('/o/acme/account');
  });
});
