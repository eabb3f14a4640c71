import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(() => t.close());

const users = (query = '') => t.app.inject({ url: `/api/v1/organizations/acme/users${query}`, headers: auth });

describe('users API', () => {
  it('when users are listed page by page, then every user appears exactly once in username order', async () => {
    for (let i = 0; i < 23; i++) {
      await t.createUser(auth, 'acme', { username: `page-${String(i).padStart(2, '0')}`, email: `p${i}@pages.test` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await users(`?limit=10&search=page-${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((u: { username: string }) => u.username));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(23);
  });

  it('when searching by a username or email prefix, then only matching users of this organization come back', async () => {
    await t.createUser(auth, 'acme', { username: 'zelda', email: 'link@hyrule.test' });
    expect((await users('?search=zel')).json().items.map((u: { username: string }) => u.username)).toEqual(['zelda']);
    expect((await users('?search=link@hy')).json().items.map((u: { username: string }) => u.username)).toEqual(['zelda']);
    expect((await users('?search=ZEL')).json().items).toHaveLength(1);
    expect((await users('?search=%25')).json().items).toHaveLength(0); // "%" is literal, not a wildcard
    expect((await users('?status=active')).json().items).toHaveLength(0);
  });

  it('when a search matches some users by username and others by email, then paging returns each exactly once in one order', async () => {
    // "mix" matches username for mix-a.., and email for other-..@ (usernames not starting with mix).
    for (const name of ['mix-a', 'mix-c', 'mix-e']) await t.createUser(auth, 'acme', { username: name, email: `${name}@elsewhere.test` });
    for (const name of ['other-b', 'other-d']) await t.createUser(auth, 'acme', { username: name, email: `mix-${name.slice(-1)}x@mail.test` });
    await t.createUser(auth, 'acme', { username: 'mixer', email: 'mixer@mail.test' }); // matches both ways: listed once
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await users(`?search=mix&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.json().items.map((u: { username: string }) => u.username));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(['mix-a', 'other-b', 'mix-c', 'other-d', 'mix-e', 'mixer']);
  });

  it('when a user is created with groups and edited, then the changes show and are audited', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/groups', headers: auth, payload: { name: 'Sales' } });
    const u = await t.createUser(auth, 'acme', { username: 'sam', email: 'sam@acme.test', groups: ['sales'], roles: ['viewer'], attributes: { costCenter: 'X1' } });
    expect(u).toMatchObject({ groups: ['Sales'], roles: ['viewer'], attributes: { costCenter: 'X1' }, type: 'standard', privilege: 'user' });
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/acme/users/${u.id}`, headers: auth, payload: { firstName: 'Sam', lastName: 'Spade', phone: '+41791234567', groups: [] } });
    expect(res.json()).toMatchObject({ firstName: 'Sam', lastName: 'Spade', phone: '+41791234567', groups: [] });
    const cleared = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/acme/users/${u.id}`, headers: auth, payload: { lastName: null, phone: null } });
    expect(cleared.json()).toMatchObject({ firstName: 'Sam', lastName: null, phone: null });
    const audit = await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?targetId=${u.id}`, headers: auth });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['user.updated', 'user.updated', 'user.created']);
  });

  it('when a username is taken (in any letter case), then 409 and nothing is written', async () => {
    await t.createUser(auth, 'acme', { username: 'unique' });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: auth, payload: { username: 'UNIQUE' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('user.username_taken');
  });

  it('when a user is deleted, then they are gone and the deletion is audited', async () => {
    const u = await t.createUser(auth, 'acme', { username: 'gone' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/acme/users/${u.id}`, headers: auth })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/organizations/acme/users/${u.id}`, headers: auth })).statusCode).toBe(404);
    const audit = await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?action=user.deleted`, headers: auth });
    expect(audit.json().items[0]).toMatchObject({ target: { id: u.id }, data: { username: 'gone' } });
  });

  it('when the group named does not exist, then the user is not created', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: auth, payload: { username: 'orphan', groups: ['nope'] } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'group.not_found', groups: ['nope'] });
    expect((await users('?search=orphan')).json().items).toHaveLength(0);
  });
});

describe('bad input', () => {
  const create = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: { ...auth, ...headers }, payload: payload as object });

  it.each([
    ['an unknown field', { username: 'x1', isAdmin: true }, 'body/isAdmin'],
    ['a malformed email', { username: 'x2', email: 'not-an-email' }, 'body/email'],
    ['a malformed phone', { username: 'x3', phone: '0791234567' }, 'body/phone'],
    ['a number for a name', { username: 'x5', firstName: 42 }, 'body/firstName'],
    ['a username with spaces', { username: 'a b' }, 'body/username'],
    ['a wrong type', { username: 'x4', invite: 'yes please' }, 'body/invite'],
    ['a huge string', { username: 'x'.repeat(10_000) }, 'body/username'],
  ])('when the body has %s, then 400 problem+json names the field and nothing is written', async (_what, payload, field) => {
    const res = await create(payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: 'urn:latchkey:error:request.invalid', status: 400 });
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    const count = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('username', 'like', 'x%').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('when the JSON is malformed, then 400 problem+json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"username": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid');
  });

  it('when the body is over the size limit, then 413 problem+json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'big', attributes: { blob: 'x'.repeat(2_000_000) } }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('request.too_large');
  });

  it('when a route does not exist, then 404 problem+json', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing-here', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('route.not_found');
  });

  it('when the cursor is forged, then 400 rather than a server error', async () => {
    const res = await users('?cursor=garbage');
    expect(res.statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('when the document is fetched, then it is OpenAPI 3.1 and describes the user routes with their schemas', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/api/v1/organizations/{org}/users'].post;
    expect(create.requestBody.content['application/json'].schema.properties.invite.type).toBe('boolean');
    expect(create.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(doc.paths['/api/v1/organizations/{org}/users/{id}/invitations'].post).toBeDefined();
    expect(doc.paths['/api/v1/audit-events'].get).toBeDefined();
    const docsPage = await t.app.inject({ url: '/api/docs/' });
    expect(docsPage.statusCode).toBe(200);
    expect(docsPage.body).toContain('swagger');
  });
});
