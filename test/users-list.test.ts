import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let auth: Record<string, string>;
let otherAuth: Record<string, string>;
const ids: Record<string, string> = {};
let groupId: string;
let otherGroupId: string;

type Item = { id: string; username: string };
const names = (res: { json(): { items: Item[] } }) => res.json().items.map((u) => u.username);
const list = (query = '', headers = auth, org = 'acme') => t.app.inject({ url: `/api/v1/organizations/${org}/users${query}`, headers });

/** The usernames of the pages of a list, following its cursor to the end or for `pages` pages. */
async function walk(query: string, o: { limit?: number; pages?: number; headers?: Record<string, string>; org?: string } = {}): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < (o.pages ?? Number.POSITIVE_INFINITY); page++) {
    const res = await list(`?limit=${o.limit ?? 2}${query}${cursor ? `&cursor=${cursor}` : ''}`, o.headers, o.org);
    expect(res.statusCode).toBe(200);
    seen.push(...names(res));
    cursor = res.json().nextCursor;
    if (!cursor) break;
  }
  return seen;
}

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
  ({ auth: otherAuth } = await t.createOrg('other'));
  groupId = (await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/groups', headers: auth, payload: { name: 'Sales' } })).json().id;
  otherGroupId = (await t.app.inject({ method: 'POST', url: '/api/v1/organizations/other/groups', headers: otherAuth, payload: { name: 'Sales' } })).json().id;
  // Created one after another with the clock moving, so creation order is known.
  for (const [username, extra] of [
    ['carol', { groups: ['Sales'] }],
    ['alice', { email: 'alice@acme.test', invite: true }],
    ['dave', {}],
    ['bob', { groups: ['Sales'] }],
    ['erin', {}],
  ] as const) {
    t.clock.advance(60_000);
    ids[username] = (await t.createUser(auth, 'acme', { username, ...extra })).id;
  }
  await t.createUser(otherAuth, 'other', { username: 'alice-other', groups: ['Sales'] });
  const db = t.ctx.db;
  // Sign-ins and state set directly: what a list shows, not how it got there.
  await db.updateTable('users').set({ last_login_at: new Date('2026-01-02T00:00:00Z') }).where('id', '=', ids.dave!).execute();
  await db.updateTable('users').set({ last_login_at: new Date('2026-01-01T00:00:00Z') }).where('id', '=', ids.bob!).execute();
  await db.updateTable('users').set({ failed_logins: t.ctx.config.loginFailureCap }).where('id', '=', ids.erin!).execute();
  const org = await db.selectFrom('organizations').select('id').where('slug', '=', 'acme').executeTakeFirstOrThrow();
  await db.insertInto('mfa_factors').values({ organization_id: org.id, user_id: ids.carol!, kind: 'sms', confirmed_at: new Date() }).execute();
  // A factor never confirmed, and one removed, are not an enrollment.
  await db.insertInto('mfa_factors').values({ organization_id: org.id, user_id: ids.dave!, kind: 'sms' }).execute();
  await db.insertInto('mfa_factors').values({ organization_id: org.id, user_id: ids.bob!, kind: 'sms', confirmed_at: new Date(), disabled_at: new Date(), disabled_reason: 'removed' }).execute();
});
afterAll(() => t.close());

describe('users list: filters, sorts and pages', () => {
  it('when filtering by group, then only its members come back', async () => {
    expect(names(await list(`?group=${groupId}`))).toEqual(['bob', 'carol']);
  });

  it("when filtering by another organization's group, then the answer is 400 naming the group", async () => {
    const res = await list(`?group=${otherGroupId}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain(otherGroupId);
  });

  it('when filtering by MFA enrollment, then only users with an active second factor count as enrolled', async () => {
    expect(names(await list('?mfa=enrolled'))).toEqual(['carol']);
    expect(names(await list('?mfa=not_enrolled'))).toEqual(['alice', 'bob', 'dave', 'erin']);
  });

  it('when filtering by lockout, then users at the failure cap come back', async () => {
    const res = await list('?lockout=failure_cap');
    expect(names(res)).toEqual(['erin']);
    expect(res.json().items[0].lockout).toMatchObject({ reason: 'failure_cap' });
  });

  it('when filtering by onboarding stage, then the latest invitation decides', async () => {
    expect(names(await list('?stage=queued'))).toEqual(['alice']);
    expect(names(await list('?stage=not_invited'))).toEqual(['bob', 'carol', 'dave', 'erin']);
    expect(names(await list('?stage=activated'))).toEqual([]);
  });

  it('when filters are combined with a search and status, then all of them apply', async () => {
    expect(names(await list(`?group=${groupId}&search=CA&status=pending`))).toEqual(['carol']);
    expect(names(await list(`?group=${groupId}&status=active`))).toEqual([]);
  });

  it('when sorting by each key in both directions, then the order is that key', async () => {
    expect(names(await list('?sort=username&order=desc'))).toEqual(['erin', 'dave', 'carol', 'bob', 'alice']);
    expect(names(await list('?sort=created'))).toEqual(['carol', 'alice', 'dave', 'bob', 'erin']);
    expect(names(await list('?sort=created&order=desc'))).toEqual(['erin', 'bob', 'dave', 'alice', 'carol']);
    // Never signed in sorts as the earliest: after the ones who did, newest first.
    expect(names(await list('?sort=lastLogin&order=desc')).slice(0, 2)).toEqual(['dave', 'bob']);
    expect(names(await list('?sort=lastLogin')).slice(-2)).toEqual(['bob', 'dave']);
  });

  it('when paging through every sort two at a time, then each user appears exactly once in that order', async () => {
    for (const sort of ['username', 'created', 'lastLogin']) {
      for (const order of ['asc', 'desc']) {
        const all = names(await list(`?sort=${sort}&order=${order}&limit=50`));
        expect(await walk(`&sort=${sort}&order=${order}`)).toEqual(all);
        expect(all).toHaveLength(5);
      }
    }
    expect(await walk(`&sort=created&order=desc&mfa=not_enrolled`)).toEqual(['erin', 'bob', 'dave', 'alice']);
    expect(await walk(`&sort=lastLogin&search=d`)).toEqual(['dave']);
  });

  it('when a cursor of one sort is used with another, then the answer is 400 rather than a wrong page', async () => {
    const cursor = (await list('?sort=created&limit=1')).json().nextCursor;
    expect((await list(`?sort=created&limit=1&cursor=${cursor}`)).statusCode).toBe(200);
    expect((await list(`?sort=username&limit=1&cursor=${cursor}`)).statusCode).toBe(400);
    expect((await list(`?sort=created&order=desc&limit=1&cursor=${cursor}`)).statusCode).toBe(400);
  });

  it('when a filter value is not one of its values, then the answer is 400 naming the parameter', async () => {
    for (const query of ['?mfa=yes', '?lockout=soon', '?stage=nowhere', '?sort=email', '?order=up', '?group=not-a-uuid']) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(400);
      expect(JSON.stringify(res.json()), query).toMatch(/mfa|lockout|stage|sort|order|group/);
    }
  });

  it("when another organization's admin lists with the same filters, then none of these users show", async () => {
    expect(names(await list(`?group=${otherGroupId}`, otherAuth, 'other'))).toEqual(['alice-other']);
    expect((await list(`?group=${groupId}`, otherAuth, 'acme')).statusCode).toBe(404);
  });

  it('when a group is listed by last sign-in, then its members follow their sign-ins, also ones who join later', async () => {
    expect(names(await list(`?group=${groupId}&sort=lastLogin&order=desc`))).toEqual(['bob', 'carol']);
    await t.ctx.db.updateTable('users').set({ last_login_at: new Date('2026-02-01T00:00:00Z') }).where('id', '=', ids.carol!).execute();
    expect(names(await list(`?group=${groupId}&sort=lastLogin&order=desc`))).toEqual(['carol', 'bob']);
    // dave signed in (2026-01-02) before joining.
    const joined = await t.app.inject({ method: 'PUT', url: `/api/v1/organizations/acme/groups/${groupId}/members/${ids.dave}`, headers: auth });
    expect(joined.statusCode).toBeLessThan(300);
    expect(await walk(`&group=${groupId}&sort=lastLogin&order=desc`)).toEqual(['carol', 'dave', 'bob']);
    expect(await walk(`&group=${groupId}&sort=lastLogin`)).toEqual(['bob', 'dave', 'carol']);
  });

  it('when an invitation has expired, then the expired filter finds its user in every order, and the queued one no longer does', async () => {
    await t.ctx.db.updateTable('invitations').set({ expires_at: new Date(t.clock.now().getTime() - 60_000) }).where('user_id', '=', ids.alice!).execute();
    for (const sort of ['username', 'created', 'lastLogin']) {
      for (const order of ['asc', 'desc']) {
        expect(await walk(`&stage=expired&sort=${sort}&order=${order}`), `${sort} ${order}`).toEqual(['alice']);
        expect(names(await list(`?stage=queued&sort=${sort}&order=${order}`)), `${sort} ${order}`).toEqual([]);
      }
    }
  });
});

describe('users list: a search in creation or last-sign-in order', () => {
  // 20,500 users whose names start with "bulk": more matches than are collected and sorted
  // (the list walks the sort index instead), and "bulk1" with 11,112 matches, which are.
  let reference: (sort: string, prefix: string, order: 'asc' | 'desc', where?: string) => Promise<string[]>;
  let bigAuth: Record<string, string>;
  beforeAll(async () => {
    const { org, auth: a } = await t.createOrg('big');
    bigAuth = a;
    await sql`insert into users (organization_id, username, email, status, created_at, last_login_at)
              select ${org.id}, 'bulk' || g, 'b' || g || '@big.test', case when g % 3 = 0 then 'disabled' else 'active' end,
                     now() - interval '1 year' + g * interval '1 minute',
                     case when g % 4 <> 0 then now() - (hashint4(g)::bigint % 1000000) * interval '1 second' end
                from generate_series(1, 20500) g`.execute(t.ctx.db);
    reference = async (sort, prefix, order, where = 'true') =>
      (
        await sql<{ username: string }>`select username from users where organization_id = ${org.id} and lower(username) like ${`${prefix}%`} and ${sql.raw(where)}
                                         order by ${sql.raw(sort === 'created' ? 'created_at' : "coalesce(last_login_at, 'epoch')")} ${sql.raw(order)}, id ${sql.raw(order)} limit 120`.execute(t.ctx.db)
      ).rows.map((r) => r.username);
  });
  const pages = (query: string, count: number) => walk(query, { limit: 40, pages: count, headers: bigAuth, org: 'big' });

  it('when a prefix has more matches than are sorted at once, or fewer, then three pages come in creation or last-sign-in order, filters applied', async () => {
    for (const sort of ['created', 'lastLogin']) {
      for (const prefix of ['bulk', 'bulk1', 'bulk123']) {
        for (const order of ['asc', 'desc'] as const) {
          const query = `&search=${prefix}&sort=${sort}&order=${order}`;
          expect(await pages(query, 3), query).toEqual(await reference(sort, prefix, order));
          expect(await pages(`${query}&status=disabled`, 3), `${query}&status=disabled`).toEqual(await reference(sort, prefix, order, "status = 'disabled'"));
        }
      }
    }
  });
});
