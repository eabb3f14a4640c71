import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
  // Each invited user is one onboarding row, one queued email and audit events.
  for (let i = 0; i < 5; i++) await t.createUser(auth, 'acme', { username: `paged-${i}`, email: `paged-${i}@acme.test`, invite: true });
});
afterAll(() => t.close());

const lists = {
  users: '/api/v1/organizations/acme/users',
  onboarding: '/api/v1/organizations/acme/onboarding',
  outbox: '/api/v1/organizations/acme/outbox',
  audit: '/api/v1/organizations/acme/audit-events',
};
const get = (url: string) => t.app.inject({ url, headers: auth });

async function walk(url: string) {
  const pages: unknown[][] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`${url}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode).toBe(200);
    pages.push(res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

const idOf = (item: { id?: string; userId?: string }) => item.userId ?? item.id;

describe('paginated lists', () => {
  it.each(Object.entries(lists))('when the %s list is read two at a time, then every item comes exactly once, as in one long page', async (_name, url) => {
    const pages = await walk(url);
    const all = (await get(`${url}?limit=100`)).json().items.map(idOf);
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(pages.flat().map((i) => idOf(i as { id?: string }))).toEqual(all);
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
  });

  it.each(Object.entries(lists))('when the %s list gets a garbled, tampered or foreign cursor, then it answers 400 request.invalid', async (name, url) => {
    const first = (await get(`${url}?limit=1`)).json().nextCursor as string;
    const other = (await get(`${name === 'users' ? lists.audit : lists.users}?limit=1`)).json().nextCursor as string;
    const tampered = Buffer.from(JSON.stringify([...JSON.parse(Buffer.from(first, 'base64url').toString()), 'extra'])).toString('base64url');
    for (const cursor of ['garbage', tampered, other, '9999999999999999999']) {
      const res = await get(`${url}?cursor=${encodeURIComponent(cursor)}`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'request.invalid', detail: 'Bad cursor' });
    }
  });
});
