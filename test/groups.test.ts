import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let acme: Awaited<ReturnType<TestApp['createOrg']>>;
let other: Awaited<ReturnType<TestApp['createOrg']>>;
let helpdesk: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  acme = await t.createOrg('acme');
  other = await t.createOrg('other');
  const token = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: acme.auth, payload: { name: 'desk', privilege: 'helpdesk' } });
  helpdesk = { authorization: `Bearer ${token.json().token}` };
});
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const call = (method: Method, url: string, payload?: object, headers: Record<string, string> = acme.auth) =>
  t.app.inject({ method, url: `/api/v1/organizations/${url}`, headers, ...(payload && { payload }) });
const createGroup = async (name: string, org = 'acme', headers: Record<string, string> = acme.auth) => {
  const res = await call('POST', `${org}/groups`, { name }, headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; memberCount: number };
};
const eventsOf = async (query: string, org = 'acme', headers: Record<string, string> = acme.auth) =>
  (await call('GET', `${org}/audit-events?${query}`, undefined, headers)).json().items as { action: string; target: { type: string; id: string }; data: Record<string, unknown> }[];

describe('groups', () => {
  it('when an admin creates, renames and lists groups, then names are unique ignoring case, a duplicate is a clear 409, and each step is audited', async () => {
    const ops = await createGroup('Operations');
    expect(ops).toMatchObject({ name: 'Operations', memberCount: 0 });
    const dup = await call('POST', 'acme/groups', { name: ' operations ' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'group.name_taken', detail: 'There is already a group named "operations" (names are compared ignoring case).' });

    const sales = await createGroup('Sales');
    const clash = await call('PATCH', `acme/groups/${sales.id}`, { name: 'OPERATIONS' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('group.name_taken');
    // A group may change the case of its own name.
    expect((await call('PATCH', `acme/groups/${ops.id}`, { name: 'operations' })).json()).toMatchObject({ id: ops.id, name: 'operations' });
    expect((await call('POST', 'acme/groups', { name: '   ' })).statusCode).toBe(400);

    const list = (await call('GET', 'acme/groups')).json().items.map((g: { name: string }) => g.name);
    expect(list).toEqual(expect.arrayContaining(['operations', 'Sales']));
    expect(list.indexOf('operations')).toBeLessThan(list.indexOf('Sales'));

    const audit = await eventsOf(`targetId=${ops.id}`);
    expect(audit.map((e) => e.action)).toEqual(['group.renamed', 'group.created']);
    expect(audit[0]!.data).toEqual({ from: 'Operations', to: 'operations' });
  });

  it('when members are added and removed, then the group and the user show it with counts, repeats change nothing, and each change is audited on the user', async () => {
    const g = await createGroup('Support');
    const ada = await t.createUser(acme.auth, 'acme', { username: 'ada', email: 'ada@acme.test' });
    const bob = await t.createUser(acme.auth, 'acme', { username: 'Bob', email: 'bob@acme.test' });
    for (const u of [ada, bob, ada]) expect((await call('PUT', `acme/groups/${g.id}/members/${u.id}`)).statusCode).toBe(204);

    expect((await call('GET', `acme/groups/${g.id}`)).json().memberCount).toBe(2);
    const page1 = (await call('GET', `acme/groups/${g.id}/members?limit=1`)).json();
    expect(page1.items.map((m: { username: string }) => m.username)).toEqual(['ada']);
    const page2 = (await call('GET', `acme/groups/${g.id}/members?limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2).toMatchObject({ items: [{ username: 'Bob', email: 'bob@acme.test' }], nextCursor: null });
    expect((await call('GET', `acme/users/${ada.id}/groups`)).json().items.map((x: { name: string }) => x.name)).toEqual(['Support']);
    expect((await call('GET', `acme/users/${ada.id}`)).json().groups).toEqual(['Support']);

    expect((await call('DELETE', `acme/groups/${g.id}/members/${ada.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `acme/groups/${g.id}/members/${ada.id}`)).statusCode).toBe(204);
    expect((await call('GET', `acme/users/${ada.id}/groups`)).json().items).toEqual([]);

    const audit = await eventsOf(`targetId=${ada.id}&action=group.*`);
    expect(audit.map((e) => e.action)).toEqual(['group.member_removed', 'group.member_added']);
    expect(audit[0]!.data).toMatchObject({ groupId: g.id, group: 'Support', username: 'ada' });
  });

  it('when a group is deleted, then its memberships go with it, the users stay, and the deletion is audited with the member count', async () => {
    const g = await createGroup('Temporary');
    const cy = await t.createUser(acme.auth, 'acme', { username: 'cy', email: 'cy@acme.test', groups: ['Temporary'] });
    expect((await call('GET', `acme/groups/${g.id}`)).json().memberCount).toBe(1);
    expect((await call('DELETE', `acme/groups/${g.id}`)).statusCode).toBe(204);
    expect((await call('GET', `acme/groups/${g.id}`)).statusCode).toBe(404);
    expect((await call('GET', `acme/groups/${g.id}/members`)).json().code).toBe('group.not_found');
    const user = (await call('GET', `acme/users/${cy.id}`)).json();
    expect(user.groups).toEqual([]);
    // A new group of the same name starts empty.
    const again = await createGroup('temporary');
    expect(again.memberCount).toBe(0);
    const [deleted] = await eventsOf(`targetId=${g.id}&action=group.deleted`);
    expect(deleted!.data).toEqual({ name: 'Temporary', memberCount: 1 });
  });

  it('when two admins create the same name at once, then exactly one group exists and the other is told the name is taken', async () => {
    const answers = await Promise.all(['Night shift', 'NIGHT SHIFT', 'night shift'].map((name) => call('POST', 'acme/groups', { name })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const named = (await call('GET', 'acme/groups')).json().items.filter((g: { name: string }) => g.name.toLowerCase() === 'night shift');
    expect(named).toHaveLength(1);
  });

  it('when an organization admin puts a platform admin into a group, then it is refused like any change to a higher privilege', async () => {
    const g = await createGroup('Admins');
    const { user: root } = await t.createPlatformAdmin('acme', 'root@acme.test');
    const res = await call('PUT', `acme/groups/${g.id}/members/${root.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('user.privilege_too_high');
    expect((await call('GET', `acme/groups/${g.id}`)).json().memberCount).toBe(0);
  });

  it('when a helpdesk manages groups, then it may read them but every change is refused', async () => {
    const g = await createGroup('Readable');
    const dee = await t.createUser(acme.auth, 'acme', { username: 'dee', email: 'dee@acme.test' });
    expect((await call('GET', 'acme/groups', undefined, helpdesk)).statusCode).toBe(200);
    expect((await call('GET', `acme/groups/${g.id}/members`, undefined, helpdesk)).statusCode).toBe(200);
    expect((await call('GET', `acme/users/${dee.id}/groups`, undefined, helpdesk)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['POST', 'acme/groups', { name: 'Nope' }],
      ['PATCH', `acme/groups/${g.id}`, { name: 'Nope' }],
      ['DELETE', `acme/groups/${g.id}`, undefined],
      ['PUT', `acme/groups/${g.id}/members/${dee.id}`, undefined],
      ['DELETE', `acme/groups/${g.id}/members/${dee.id}`, undefined],
    ] as [Method, string, object | undefined][]) {
      const res = await call(method, url, body, helpdesk);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    }
    expect((await call('GET', `acme/groups/${g.id}`)).json()).toMatchObject({ name: 'Readable', memberCount: 0 });
  });

  it('when another organization’s admin reaches for a group or puts its own user into one, then nothing is found and nothing changes', async () => {
    const g = await createGroup('Private');
    const mine = await t.createUser(acme.auth, 'acme', { username: 'eve', email: 'eve@acme.test' });
    const theirs = await t.createUser(other.auth, 'other', { username: 'mallory', email: 'mallory@other.test' });
    const theirGroup = await createGroup('Theirs', 'other', other.auth);

    // Through their own organization's URL, with our ids: not found.
    expect((await call('GET', `other/groups/${g.id}`, undefined, other.auth)).statusCode).toBe(404);
    expect((await call('PATCH', `other/groups/${g.id}`, { name: 'Taken' }, other.auth)).statusCode).toBe(404);
    expect((await call('DELETE', `other/groups/${g.id}`, undefined, other.auth)).statusCode).toBe(404);
    expect((await call('PUT', `other/groups/${g.id}/members/${theirs.id}`, undefined, other.auth)).statusCode).toBe(404);
    expect((await call('PUT', `other/groups/${theirGroup.id}/members/${mine.id}`, undefined, other.auth)).json().code).toBe('user.not_found');
    // Through our URL: the organization itself is not found for them.
    expect((await call('GET', 'acme/groups', undefined, other.auth)).json().code).toBe('organization.not_found');
    // And our admin can't mix organizations either.
    expect((await call('PUT', `acme/groups/${g.id}/members/${theirs.id}`)).json().code).toBe('user.not_found');
    expect((await call('PUT', `acme/groups/${theirGroup.id}/members/${mine.id}`)).json().code).toBe('group.not_found');

    expect((await call('GET', `acme/groups/${g.id}`)).json()).toMatchObject({ name: 'Private', memberCount: 0 });
    expect((await call('GET', `other/groups/${theirGroup.id}`, undefined, other.auth)).json().memberCount).toBe(0);
    // The same name in another organization is no conflict.
    await createGroup('Private', 'other', other.auth);
  });
});
