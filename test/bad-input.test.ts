import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let headers: Record<string, string>;
let userId: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth: headers } = await t.createOrg('prop', 'platform_admin'));
  userId = (await t.createUser(headers, 'prop', { username: 'target', email: 'target@prop.test' })).id;
});
afterAll(() => t.close());

type Operation = { method: string; path: string; body?: { properties?: Record<string, unknown> } };

async function operations(): Promise<Operation[]> {
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Operation['body'] }> } }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, body: op.requestBody?.content['application/json']?.schema })),
  );
}

/** Hostile strings: unicode, control characters, huge, SQL and template syntax. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('\u0000', "'; drop table users; --", '{{ 7*7 }}{% raw %}', '../../etc/passwd', '%00', 'a'.repeat(100_000), '-1', '1e309', '😀'.repeat(300), 'null'),
);
const value = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(nasty, { maxLength: 3 }), fc.dictionary(nasty, nasty, { maxKeys: 3 }));

/** Bodies that are mostly the right shape with wrong parts, or entirely wrong. */
const bodyFor = (op: Operation) => {
  const props = Object.keys(op.body?.properties ?? {});
  return fc.oneof(
    props.length > 0 ? fc.record(Object.fromEntries(props.map((p) => [p, value])), { requiredKeys: [] }) : fc.constant({}),
    fc.jsonValue(),
    fc.dictionary(nasty, value, { maxKeys: 4 }),
  );
};
/** Path segments: the real organization and user, other ones, and garbage. */
const segment = () => fc.oneof(fc.constantFrom('prop', userId, 'other-org'), fc.uuid(), nasty.map(encodeURIComponent));

describe('random and malformed input on every API route', () => {
  it('when each route gets hundreds of hostile requests, then no answer is a 5xx and only successful answers changed the users', async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(20);
    let created = 0;
    let deleted = 0;
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(bodyFor(op), fc.tuple(segment(), segment()), fc.dictionary(fc.constantFrom('limit', 'cursor', 'search', 'status', 'stage', 'since', 'action'), nasty, { maxKeys: 3 }), fc.boolean(), async (body, [org, id], query, rawText) => {
          const url = op.path.replace('{org}', org).replace('{id}', id);
          const withBody = op.method !== 'GET' && op.method !== 'DELETE';
          const res = await t.app.inject({
            method: op.method as 'GET',
            url: `${url}?${new URLSearchParams(query)}`,
            headers: { ...headers, ...(withBody && { 'content-type': 'application/json' }) },
            ...(withBody && { payload: rawText ? String(JSON.stringify(body)).slice(0, -1) : JSON.stringify(body) }),
          });
          if (res.statusCode >= 500) throw new Error(`${op.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
          if (op.method === 'POST' && op.path === '/api/v1/organizations/{org}/users' && res.statusCode === 201) created++;
          if (op.method === 'DELETE' && op.path === '/api/v1/organizations/{org}/users/{id}' && res.statusCode === 204) deleted++;
        }),
        { numRuns: 60 },
      );
    }
    // Only successful creations and deletions changed the users: no half-done request did.
    const count = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1 + created - deleted);
  }, 180_000);
});
