import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { pageClient } from './helpers/pages.js';
import { ONBOARDING_STAGES, STAGES, stageOf, type OnboardingStage } from '../src/flows/index.js';
import { OutboxWorker } from '../src/features/notifications/worker.js';
import { transportsFor } from '../src/features/notifications/transports.js';

// The users list filters on the stage stored on the user row (migration 0024); the flow core
// says what the stage is (stageOf over the latest invitation and its latest message). After
// each transition, by whichever writer, the two must name the same stage.

let t: TestApp;
let smtp: SmtpSink;
let auth: Record<string, string>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  // No background worker: each delivery happens when the test drains the outbox.
  t = await createTestApp({ smtpUrl: smtp.url, worker: false, env: { OUTBOX_MAX_ATTEMPTS: '1' } });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function deliver() {
  const worker = new OutboxWorker(t.ctx, transportsFor(t.ctx.config));
  await worker.drain();
  await worker.stop();
}

/** What the flow core says: stageOf over the latest invitation and its latest message, now. */
async function flowStage(userId: string): Promise<OnboardingStage> {
  const inv = await t.db.selectFrom('invitations').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (!inv) return 'not_invited';
  const msg = await t.db.selectFrom('outbox_messages').select('state').where('invitation_id', '=', inv.id).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return stageOf(inv, msg?.state, t.clock.now());
}

/** Every stage whose users-list filter returns this user. */
async function listedStages(username: string): Promise<OnboardingStage[]> {
  const found: OnboardingStage[] = [];
  for (const stage of ONBOARDING_STAGES) {
    const res = await t.app.inject({ url: `/api/v1/organizations/acme/users?stage=${stage}&search=${username}`, headers: auth });
    expect(res.statusCode).toBe(200);
    if (res.json().items.some((u: { username: string }) => u.username === username)) found.push(stage);
  }
  return found;
}

async function expectStage(username: string, userId: string, stage: OnboardingStage) {
  expect(await flowStage(userId)).toBe(stage);
  expect(await listedStages(username)).toEqual([stage]);
}

const invite = (userId: string) => t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${userId}/invitations`, headers: auth, payload: {} });
const linkFor = async (to: string, nth: number) => {
  const mails = smtp.mails.filter((m) => m.to === to);
  return /http:\/\/latchkey\.test(\/o\/acme\/invitations\/\S+)/.exec(mails[nth]!.text)![1]!;
};

describe('users list: the stored onboarding stage and the group sort key', () => {
  it('when an invitation is sent, delivered, opened, resent, fails delivery, expires, is revoked, then list filter and stageOf agree after each', async () => {
    const u = await t.createUser(auth, 'acme', { username: 'stagey', email: 'stagey@acme.test' });
    await expectStage('stagey', u.id, 'not_invited');

    expect((await invite(u.id)).statusCode).toBeLessThan(300);
    await expectStage('stagey', u.id, 'queued');

    await deliver();
    await expectStage('stagey', u.id, 'delivered');

    await pageClient(t).get(await linkFor('stagey@acme.test', 0));
    await expectStage('stagey', u.id, 'opened');

    // A resend: the new invitation is the latest; the earlier one is superseded.
    expect((await invite(u.id)).statusCode).toBeLessThan(300);
    await expectStage('stagey', u.id, 'queued');

    smtp.failNext(1);
    await deliver();
    await expectStage('stagey', u.id, 'failed');

    // Expiry is time: no write happens, and the filter still says expired.
    t.clock.advance(4 * 24 * 3600_000);
    await expectStage('stagey', u.id, 'expired');

    const again = await invite(u.id);
    await expectStage('stagey', u.id, 'queued');
    const revoked = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/invitations/${again.json().id}/revoke`, headers: auth });
    expect(revoked.json().state).toBe('revoked');
    await expectStage('stagey', u.id, 'revoked');
  });

  it('when an invitation is accepted, then both say activated', async () => {
    const u = await t.createUser(auth, 'acme', { username: 'joiner', email: 'joiner@acme.test', invite: true });
    await expectStage('joiner', u.id, 'queued');
    await deliver();
    const link = await linkFor('joiner@acme.test', 0);
    const c = pageClient(t);
    await c.get(link);
    await c.post(link, { password: PASSWORD, confirm: PASSWORD });
    await expectStage('joiner', u.id, 'activated');
  });

  it('when users are imported with invitations after other invitations were sent, then they list as queued and stageOf agrees, and as delivered once sent', async () => {
    const csv = 'username,email\nimp-one,imp-one@acme.test\nimp-two,imp-two@acme.test\n';
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/imports?invite=true', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode, res.body).toBeLessThan(300);
    const ids = await t.db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['imp-one', 'imp-two']).execute();
    expect(ids).toHaveLength(2);
    for (const u of ids) await expectStage(u.username, u.id, 'queued');
    await deliver();
    for (const u of ids) await expectStage(u.username, u.id, 'delivered');
  });

  it('when a group member is renamed, then the group filter lists them in the new username order, pages included', async () => {
    const group = (await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/groups', headers: auth, payload: { name: 'Renamers' } })).json().id;
    for (const username of ['g-anna', 'g-bert', 'g-cleo']) {
      t.clock.advance(1000);
      await t.createUser(auth, 'acme', { username, groups: ['Renamers'] });
    }
    const listed = async (order = '') => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { json(): { items: { username: string }[]; nextCursor: string | null } } = await t.app.inject({ url: `/api/v1/organizations/acme/users?group=${group}${order}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, headers: auth });
        seen.push(...res.json().items.map((u: { username: string }) => u.username));
        cursor = res.json().nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await listed()).toEqual(['g-anna', 'g-bert', 'g-cleo']);
    const anna = await t.db.selectFrom('users').select('id').where('username', '=', 'g-anna').executeTakeFirstOrThrow();
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/acme/users/${anna.id}`, headers: auth, payload: { username: 'g-Zora' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await listed()).toEqual(['g-bert', 'g-cleo', 'g-Zora']);
    // The creation order of the group comes from the memberships too.
    expect(await listed('&sort=created')).toEqual(['g-Zora', 'g-bert', 'g-cleo']);
    expect(await listed('&sort=created&order=desc')).toEqual(['g-cleo', 'g-bert', 'g-Zora']);
  });

  it('when the database computes a stored stage, then it is stageOf for every state, opened and delivery before expiry', async () => {
    const never = new Date('2999-01-01T00:00:00Z');
    const now = new Date('2026-01-01T00:00:00Z');
    for (const state of ['pending', 'accepted', 'revoked', 'superseded', 'exhausted'] as const) {
      for (const opened_at of [null, now]) {
        for (const delivery of [undefined, 'queued', 'sending', 'sent', 'failed']) {
          const { rows } = await sql<{ s: string }>`select onboarding_stage_of(${state}, ${opened_at}::timestamptz, ${delivery ?? null}::text) as s`.execute(t.db);
          expect(rows[0]!.s, `${state} ${opened_at} ${delivery}`).toBe(stageOf({ state, expires_at: never, opened_at }, delivery, now));
        }
      }
    }
    // Every stage but expiry can be stored; expiry is judged at query time.
    expect(STAGES.filter((s) => !('expired' in s.when)).length).toBe(STAGES.length - 1);
  });
});
