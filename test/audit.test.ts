import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as audit from '../src/features/audit/service.js';
import type { Actor } from '../src/access/index.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let org: Awaited<ReturnType<TestApp['createOrg']>>;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
  org = await t.createOrg('acme');
});
afterAll(() => t?.close());

const actorOf = (o: { id: string; organizationId: string; username: string }, extra: Partial<Actor> = {}): Actor => ({
  type: 'user',
  id: o.id,
  label: o.username,
  organizationId: o.organizationId,
  privilege: 'org_admin',
  ip: '192.0.2.7',
  userAgent: 'Firefox/140',
  ...extra,
});

const get = (url: string, headers: Record<string, string> = org.auth) => t.app.inject({ url, headers });

describe('audit trail', () => {
  it('when an action is taken during an impersonation, then its event names both the user and the administrator', async () => {
    const user = await t.createUser(org.auth, 'acme', { username: 'pat', email: 'pat@acme.test', invite: false });
    const admin = await t.createUser(org.auth, 'acme', { username: 'helper', email: 'helper@acme.test', privilege: 'helpdesk', invite: false });
    await audit.record(t.db, actorOf(user, { privilege: 'user', impersonator: { id: admin.id, label: 'helper' } }), {
      organizationId: org.org.id,
      action: 'password.changed',
      target: { type: 'user', id: user.id },
    });
    const res = await get(`/api/v1/organizations/acme/audit-events?action=password.changed&targetId=${user.id}`);
    expect(res.statusCode).toBe(200);
    const [event] = res.json().items;
    expect(event).toMatchObject({ actor: { type: 'user', id: user.id, label: 'pat' }, impersonatorId: admin.id, impersonatorLabel: 'helper', ip: '192.0.2.7' });

    const byImpersonator = (await get(`/api/v1/organizations/acme/audit-events?impersonatorId=${admin.id}`)).json().items;
    expect(byImpersonator.map((e: { action: string }) => e.action)).toEqual(['password.changed']);
  });
});

describe('searching the audit log', () => {
  let s: Awaited<ReturnType<TestApp['createOrg']>>;
  let ada: { id: string; organizationId: string; username: string };
  let bob: { id: string; organizationId: string; username: string };
  beforeAll(async () => {
    s = await t.createOrg('search');
    ada = await t.createUser(s.auth, 'search', { username: 'ada', email: 'ada@search.test' });
    bob = await t.createUser(s.auth, 'search', { username: 'bob', email: 'bob@search.test' });
    // A known log: ada signs in three times on three days, fails once, bob signs in once.
    const events: [Actor, string, string][] = [
      [actorOf(ada), 'login.succeeded', '2026-01-01T10:00:00Z'],
      [actorOf(ada), 'login.failed', '2026-01-02T10:00:00Z'],
      [actorOf(ada), 'login.succeeded', '2026-01-03T10:00:00Z'],
      [actorOf(bob), 'login.succeeded', '2026-01-04T10:00:00Z'],
      [actorOf(ada), 'loginx.other', '2026-01-05T10:00:00Z'],
      [actorOf(ada), 'login.succeeded', '2026-01-06T10:00:00Z'],
    ];
    for (const [actor, action, at] of events) {
      await sql`insert into audit_events (organization_id, actor_type, actor_id, actor_label, action, target_type, target_id, occurred_at)
        values (${s.org.id}::uuid, 'user', ${actor.id}::uuid, ${actor.label}, ${action}, 'user', ${actor.id}::uuid, ${at}::timestamptz)`.execute(t.db);
    }
  });

  const actions = async (query: string) => {
    const res = await get(`/api/v1/organizations/search/audit-events?${query}`, s.auth);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { action: string; actor: { label: string } }[]).map((e) => `${e.actor.label ?? '-'}:${e.action}`);
  };

  it('when filtering by an action prefix, then login.* matches every login event and nothing that only starts with the same letters', async () => {
    expect(await actions('action=login.*')).toEqual(['ada:login.succeeded', 'bob:login.succeeded', 'ada:login.succeeded', 'ada:login.failed', 'ada:login.succeeded']);
    expect(await actions('action=login.')).toHaveLength(5);
    expect(await actions('action=login')).toHaveLength(5);
    expect(await actions('action=login.failed')).toEqual(['ada:login.failed']);
    expect(await actions('action=login%25')).toEqual([]);
  });

  it('when filtering by actor and target, then only that person’s events come back, newest first', async () => {
    expect(await actions(`actorId=${bob.id}`)).toEqual(['bob:login.succeeded']);
    expect(await actions(`targetId=${ada.id}&action=login.succeeded`)).toEqual(['ada:login.succeeded', 'ada:login.succeeded', 'ada:login.succeeded']);
  });

  it('when paging with the cursor, then every event comes once, newest first, and the last page has no cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/v1/organizations/search/audit-events?action=login.*&limit=2${cursor ? `&cursor=${cursor}` : ''}`, s.auth);
      seen.push(...res.json().items.map((e: { id: string }) => e.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
    expect((await get('/api/v1/organizations/search/audit-events?cursor=bm9wZQ', s.auth)).statusCode).toBe(400);
  });

  it('when events fall in the same millisecond or share an instant, then paging still shows each once, by time then by arrival', async () => {
    // Microseconds apart, and three at one instant: a cursor that kept milliseconds only would skip or repeat them.
    for (const at of ['2026-01-07T10:00:00.123004Z', '2026-01-07T10:00:00.123001Z', '2026-01-07T10:00:00.123999Z', '2026-01-07T10:00:00.123500Z', '2026-01-07T10:00:00.123500Z', '2026-01-07T10:00:00.123500Z']) {
      await sql`insert into audit_events (organization_id, actor_type, action, data, occurred_at)
        values (${s.org.id}::uuid, 'system', 'tie.event', ${JSON.stringify({ at })}::jsonb, ${at}::timestamptz)`.execute(t.db);
    }
    const seen: { id: string; data: { at: string } }[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/v1/organizations/search/audit-events?action=tie.*&limit=1${cursor ? `&cursor=${cursor}` : ''}`, s.auth);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.data.at)).toEqual(['2026-01-07T10:00:00.123999Z', '2026-01-07T10:00:00.123500Z', '2026-01-07T10:00:00.123500Z', '2026-01-07T10:00:00.123500Z', '2026-01-07T10:00:00.123004Z', '2026-01-07T10:00:00.123001Z']);
    const ties = seen.slice(1, 4).map((e) => Number(e.id));
    expect(ties).toEqual([...ties].sort((a, b) => b - a));
  });

  it('when filtering by a time range, then only events inside it come back', async () => {
    expect(await actions('since=2026-01-02T00:00:00Z&until=2026-01-04T00:00:00Z')).toEqual(['ada:login.succeeded', 'ada:login.failed']);
    expect(await actions('since=2026-01-06T10:00:00Z&until=2026-02-01T00:00:00Z&action=login.*')).toEqual(['ada:login.succeeded']);
    expect(await actions('until=2026-01-01T10:00:00Z&action=login.*')).toEqual([]);
  });

  it('when another organization’s admin asks, then the log is not found, and a helpdesk of the organization may read and export it', async () => {
    expect((await get('/api/v1/organizations/search/audit-events')).statusCode).toBe(404);
    expect((await get('/api/v1/organizations/search/audit-events/export')).statusCode).toBe(404);
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/search/api-tokens', headers: s.auth, payload: { name: 'desk', privilege: 'helpdesk' } });
    const desk = { authorization: `Bearer ${token.json().token}` };
    expect((await get('/api/v1/organizations/search/audit-events', desk)).statusCode).toBe(200);
    expect((await get('/api/v1/organizations/search/audit-events/export', desk)).statusCode).toBe(200);
  });
});

describe('exporting the audit log', () => {
  it('when an admin exports, then the answer is an attachment of JSON lines with every matching event newest first, and the export itself is recorded', async () => {
    const e = await t.createOrg('export');
    const user = await t.createUser(e.auth, 'export', { username: 'eve', email: 'eve@export.test' });
    // More events than one export batch, so the stream crosses batch boundaries.
    const count = audit.EXPORT_BATCH * 2 + 5;
    await sql`insert into audit_events (organization_id, actor_type, actor_id, actor_label, action, target_type, target_id, data)
      select ${e.org.id}::uuid, 'user', ${user.id}::uuid, 'eve', 'login.succeeded', 'user', ${user.id}::uuid, jsonb_build_object('n', n)
      from generate_series(1, ${count}) n`.execute(t.db);

    const res = await get('/api/v1/organizations/export/audit-events/export?action=login.*', e.auth);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-export-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    const lines = res.body.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(count);
    expect(lines.map((l) => l.data.n)).toEqual(Array.from({ length: count }, (_, i) => count - i));
    expect(lines[0]).toMatchObject({ action: 'login.succeeded', actor: { id: user.id, label: 'eve' }, target: { type: 'user', id: user.id } });

    const [exported] = (await get('/api/v1/organizations/export/audit-events?action=audit.exported', e.auth)).json().items;
    expect(exported).toMatchObject({ actor: { type: 'api_token' }, data: { filters: { action: 'login.*' } } });
  });
});

describe('the log is append-only in the database', () => {
  it('when anything updates, deletes or truncates audit events, then the database refuses; only the retention purge removes events, and only older ones', async () => {
    const p = await t.createOrg('append');
    await sql`insert into audit_events (organization_id, actor_type, action, occurred_at) values
      (${p.org.id}::uuid, 'system', 'old.event', now() - interval '400 days'),
      (${p.org.id}::uuid, 'system', 'new.event', now())`.execute(t.db);
    await expect(sql`update audit_events set action = 'tampered' where organization_id = ${p.org.id}::uuid`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events where organization_id = ${p.org.id}::uuid`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(t.db)).rejects.toThrow(/append-only/);
    // The purge's bound stays inside its own transaction: a plain delete after it is refused again.
    const removed = await sql<{ n: string }>`select audit_events_purge(now() - interval '365 days') as n`.execute(t.db);
    expect(Number(removed.rows[0]!.n)).toBeGreaterThanOrEqual(1);
    await expect(sql`delete from audit_events where organization_id = ${p.org.id}::uuid`.execute(t.db)).rejects.toThrow(/append-only/);
    const left = await sql<{ action: string }>`select action from audit_events where organization_id = ${p.org.id}::uuid and action like '%.event'`.execute(t.db);
    expect(left.rows.map((r) => r.action)).toEqual(['new.event']);
  });

  it('when a user is deleted, then their events stay, with the name they had', async () => {
    const d = await t.createOrg('deleted');
    const gone = await t.createUser(d.auth, 'deleted', { username: 'gone', email: 'gone@deleted.test' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/organizations/deleted/users/${gone.id}`, headers: d.auth })).statusCode).toBe(204);
    const items = (await get(`/api/v1/organizations/deleted/audit-events?targetId=${gone.id}`, d.auth)).json().items;
    expect(items.map((e: { action: string }) => e.action)).toEqual(['user.deleted', 'user.created']);
    expect(items[0].data).toMatchObject({ username: 'gone' });
  });
});
