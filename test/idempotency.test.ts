import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import * as idempotency from '../src/features/idempotency/service.js';

let t: TestApp;
let auth: Record<string, string>;
let other: Record<string, string>;
let n = 0;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
  // A second caller in the same organization: its keys never meet the first one's.
  const second = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: auth, payload: { name: 'second caller' } });
  other = { authorization: `Bearer ${second.json().token}` };
});
afterAll(() => t.close());

const key = () => `key-${Date.now()}-${n++}`;
const post = (url: string, payload: object, k: string | undefined, headers = auth) =>
  t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme${url}`, headers: { ...headers, ...(k && { 'idempotency-key': k }) }, payload });
const countUsers = async (username: string) => (await t.db.selectFrom('users').select('id').where('username', '=', username).execute()).length;

describe('Idempotency-Key on creating calls', () => {
  it('when the same create-user request is retried in parallel, then exactly one user is created and every answer is the first one or "in progress"', async () => {
    const k = key();
    const body = { username: 'parallel', email: 'parallel@example.com', invite: true };
    const answers = await Promise.all(Array.from({ length: 12 }, () => post('/users', body, k)));
    expect(await countUsers('parallel')).toBe(1);
    const created = answers.filter((a) => a.statusCode === 201);
    const busy = answers.filter((a) => a.statusCode === 409);
    expect(created.length + busy.length).toBe(answers.length);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const b of busy) expect(b.json()).toMatchObject({ code: 'idempotency.in_progress' });
    const ids = new Set(created.map((a) => a.json().id));
    expect(ids.size).toBe(1);
    // Once the first has finished, a retry gets its answer.
    const retry = await post('/users', body, k);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe([...ids][0]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const invitations = await t.db.selectFrom('invitations').select('id').where('user_id', '=', retry.json().id).execute();
    expect(invitations).toHaveLength(1);
  });

  it('when a call is replayed with the same body, then the first status and body come back and nothing new is created, for each creating call', async () => {
    const user = await post('/users', { username: 'replay', email: 'replay@example.com', invite: true }, undefined);
    const id = user.json().id as string;
    const cases: [string, object, () => Promise<number>][] = [
      ['/users', { username: 'replay2', email: 'replay2@example.com' }, () => countUsers('replay2')],
      [`/users/${id}/invitations`, { method: 'email_link' }, async () => (await t.db.selectFrom('invitations').select('id').where('user_id', '=', id).execute()).length],
      [`/users/${id}/password`, { password: PASSWORD, shareLink: true }, async () => (await t.db.selectFrom('audit_events').select('id').where('target_id', '=', id).execute()).length],
      ['/api-tokens', { name: 'replayed token' }, async () => (await t.db.selectFrom('api_tokens').select('id').where('name', '=', 'replayed token').execute()).length],
    ];
    for (const [url, body, count] of cases) {
      const k = key();
      const first = await post(url, body, k);
      expect(first.statusCode, `${url}: ${first.body}`).toBeLessThan(300);
      const before = await count();
      const again = await post(url, body, k);
      expect(again.statusCode, url).toBe(first.statusCode);
      expect(again.json(), url).toEqual(first.json());
      expect(again.headers['content-type'], url).toBe(first.headers['content-type']);
      expect(await count(), url).toBe(before);
      // Without a key the same request does create again: the key is what made it safe.
      if (url === '/api-tokens') expect((await post(url, body, undefined)).statusCode).toBe(201);
    }
  });

  it('when an answer holds a secret, then the stored copy is encrypted', async () => {
    const k = key();
    const res = await post('/api-tokens', { name: 'secret holder' }, k);
    const token = res.json().token as string;
    const rows = await t.db.selectFrom('idempotency_keys').select(['response', 'request_hash']).where('key', '=', k).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.response!.toString('latin1')).not.toContain(token);
    expect(rows[0]!.response!.toString('latin1')).not.toContain('secret holder');
  });

  it('when the same key comes with a different body, then 422 idempotency.key_reused and nothing is created', async () => {
    const k = key();
    expect((await post('/users', { username: 'first-body' }, k)).statusCode).toBe(201);
    const res = await post('/users', { username: 'second-body' }, k);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'idempotency.key_reused', type: 'urn:latchkey:error:idempotency.key_reused' });
    expect(await countUsers('second-body')).toBe(0);
  });

  it('when another caller or another operation uses the same key, then it is a new request', async () => {
    const k = key();
    expect((await post('/users', { username: 'caller-a' }, k)).statusCode).toBe(201);
    expect((await post('/users', { username: 'caller-b' }, k, other)).statusCode).toBe(201);
    expect((await post('/api-tokens', { name: 'same key other operation' }, k)).statusCode).toBe(201);
    expect(await countUsers('caller-b')).toBe(1);
  });

  it('when the first request was refused (username taken), then a retry with the key gets the same refusal', async () => {
    const k = key();
    const taken = await post('/users', { username: 'caller-a' }, k); // username already used
    expect(taken.statusCode).toBe(409);
    const again = await post('/users', { username: 'caller-a' }, k);
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('when 24 hours have passed, then the key is forgotten: cleanup removes it and reusing it creates anew', async () => {
    const k = key();
    expect((await post('/users', { username: 'before-expiry' }, k)).statusCode).toBe(201);
    t.clock.advance(idempotency.KEY_TTL_MS - 60_000);
    expect((await post('/users', { username: 'other-body' }, k)).statusCode).toBe(422);
    t.clock.advance(120_000);
    const reused = await post('/users', { username: 'after-expiry' }, k);
    expect(reused.statusCode).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();

    const stale = key();
    expect((await post('/users', { username: 'to-purge' }, stale)).statusCode).toBe(201);
    t.clock.advance(idempotency.KEY_TTL_MS + 1000);
    expect(await idempotency.purgeExpired(t.ctx)).toBeGreaterThanOrEqual(1);
    expect(await t.db.selectFrom('idempotency_keys').select('key').where('key', '=', stale).execute()).toHaveLength(0);
  });

  it('when the key is malformed, then 400; and the OpenAPI document declares the header on each creating call', async () => {
    expect((await post('/users', { username: 'bad-key' }, 'has space')).statusCode).toBe(400);
    expect((await post('/users', { username: 'bad-key' }, 'x'.repeat(256))).statusCode).toBe(400);
    expect(await countUsers('bad-key')).toBe(0);
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of ['/api/v1/organizations/{org}/users', '/api/v1/organizations/{org}/users/{id}/invitations', '/api/v1/organizations/{org}/users/{id}/password', '/api/v1/organizations/{org}/api-tokens']) {
      const params = doc.paths[path].post.parameters as { in: string; name: string }[];
      expect(params.some((p) => p.in === 'header' && p.name === 'idempotency-key'), path).toBe(true);
    }
  });
});
