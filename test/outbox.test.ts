import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { waitUntil } from './helpers/wait.js';
import * as notifications from '../src/features/notifications/service.js';
import { OutboxWorker } from '../src/features/notifications/worker.js';
import { transportsFor } from '../src/features/notifications/transports.js';

let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(() => smtp.close());

const enqueue = (t: TestApp, organizationId: string, to: string) =>
  t.db.transaction().execute((tx) =>
    notifications.enqueueEmail(tx, {
      organizationId,
      kind: 'account_activated',
      to,
      vars: { organization: { name: 'Acme' }, user: { username: 'u', displayName: 'U' }, loginUrl: 'http://x.test/login' },
    }),
  );

describe('outbox delivery', () => {
  let t: TestApp;
  let orgId: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ smtpUrl: smtp.url, env: { OUTBOX_MAX_ATTEMPTS: '3' } });
    const created = await t.createOrg('acme');
    orgId = created.org.id;
    auth = created.auth;
  });
  afterAll(() => t.close());

  it('when the SMTP server refuses at first, then the message is retried with backoff and delivered once', async () => {
    smtp.failNext(2);
    const id = await enqueue(t, orgId, 'retry@example.com');
    t.worker!.wake();
    const mail = await smtp.waitFor('retry@example.com');
    expect(mail.messageId).toBe(`<${id}@latchkey>`);
    const row = await waitUntil(
      () => t.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).where('state', '=', 'sent').executeTakeFirst(),
      'message marked sent',
    );
    expect(row).toMatchObject({ state: 'sent', attempts: 3, transport: 'smtp' });
    expect(smtp.mails.filter((m) => m.to === 'retry@example.com')).toHaveLength(1);
  });

  it('when every attempt fails, then the message ends failed with the last error, visible in the outbox API', async () => {
    smtp.failNext(3);
    const id = await enqueue(t, orgId, 'doomed@example.com');
    t.worker!.wake();
    await waitUntil(() => t.db.selectFrom('outbox_messages').select('id').where('id', '=', id).where('state', '=', 'failed').executeTakeFirst(), 'message failed');
    const res = await t.app.inject({ url: `/api/v1/organizations/acme/outbox/${id}`, headers: auth });
    expect(res.json()).toMatchObject({ state: 'failed', attempts: 3 });
    expect(res.json().lastError).toContain('try again later');
    expect(smtp.mails.filter((m) => m.to === 'doomed@example.com')).toHaveLength(0);
  });

  it('when the transaction that queued a message rolls back, then no message exists', async () => {
    await t.db
      .transaction()
      .execute(async (tx) => {
        await notifications.enqueueEmail(tx, { organizationId: orgId, kind: 'account_activated', to: 'ghost@example.com', vars: { organization: { name: 'A' }, user: { displayName: 'G', username: 'g' }, loginUrl: 'x' } });
        throw new Error('abort');
      })
      .catch(() => {});
    const rows = await t.db.selectFrom('outbox_messages').select('id').where('recipient', '=', 'ghost@example.com').execute();
    expect(rows).toHaveLength(0);
  });

  it('when three workers drain 300 messages together, then each message is delivered exactly once', async () => {
    await t.worker!.stop();
    const ids = new Set<string>();
    await t.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 300; i++) {
        ids.add(
          await notifications.enqueueEmail(tx, { organizationId: orgId, kind: 'account_activated', to: `bulk${i}@example.com`, vars: { organization: { name: 'A' }, user: { displayName: 'B', username: 'b' }, loginUrl: 'x' } }),
        );
      }
    });
    const workers = [1, 2, 3].map(() => new OutboxWorker(t.ctx, transportsFor(t.ctx.config)));
    const handled = await Promise.all(workers.map((w) => w.drain()));
    expect(handled.reduce((a, b) => a + b, 0)).toBe(300);
    const delivered = smtp.mails.filter((m) => m.to.startsWith('bulk'));
    expect(delivered).toHaveLength(300);
    expect(new Set(delivered.map((m) => m.messageId)).size).toBe(300);
    for (const w of workers) await w.stop();
  });
});

describe('outbox viewer without SMTP', () => {
  it('when no SMTP server is configured, then messages are kept in the outbox and readable through the API', async () => {
    const t = await createTestApp();
    try {
      const { auth } = await t.createOrg('sinkorg');
      await t.createUser(auth, 'sinkorg', { username: 'nomailserver', email: 'nms@example.com', invite: true });
      const items = await waitUntil(async () => {
        const page = (await t.app.inject({ url: '/api/v1/organizations/sinkorg/outbox', headers: auth })).json();
        return page.items[0]?.state === 'sent' ? (page.items as { state: string; transport: string; textBody: string; recipient: string }[]) : undefined;
      }, 'invitation in the outbox');
      expect(items[0]).toMatchObject({ state: 'sent', transport: 'outbox', recipient: 'nms@example.com' });
      expect(items[0]!.textBody).toMatch(/http:\/\/latchkey\.test\/o\/sinkorg\/invitations\/\S+/);
    } finally {
      await t.close();
    }
  });
});
