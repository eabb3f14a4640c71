import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { systemActor } from '../src/access/index.js';
import { decrypt } from '../src/lib/crypto.js';
import * as apiTokens from '../src/features/api-tokens/service.js';
import * as notifications from '../src/features/notifications/service.js';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './helpers/browser.js';
import { createTestApp, PASSWORD as ADMIN_PASSWORD, type TestApp } from './helpers/test-app.js';
import { startReceiver } from './helpers/http-receiver.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { waitUntil } from './helpers/wait.js';

const PASSWORD = 'mailer-pass-Zq81!x';
const SMS_SECRET = 'webhook-secret-Kp27-never-shown';

let global: SmtpSink;
let own: SmtpSink;
let other: SmtpSink;
let guarded: SmtpSink;
let t: TestApp;
const logLines: string[] = [];

/** A port on 127.0.0.1 where nothing listens (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  [global, own, other] = await Promise.all([startSmtpSink(), startSmtpSink(), startSmtpSink()]);
  guarded = await startSmtpSink({ auth: { user: 'mailer', pass: PASSWORD } });
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ smtpUrl: global.url, log: pino({ level: 'debug' }, sink) });
});
afterAll(async () => {
  await t.close();
  await Promise.all([global, own, other, guarded].map((s) => s.close()));
});

const email = (t: TestApp, organizationId: string, to: string) =>
  t.db.transaction().execute((tx) =>
    notifications.enqueueEmail(tx, {
      organizationId,
      kind: 'account_activated',
      to,
      vars: { organization: { name: 'Org' }, user: { username: 'u', displayName: 'U' }, loginUrl: 'http://x.test/login' },
    }),
  );

const sentRow = (id: string) =>
  waitUntil(() => t.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).where('state', 'in', ['sent', 'failed']).executeTakeFirst(), 'message handled');

const smtpOf = (sink: SmtpSink) => ({ host: '127.0.0.1', port: sink.port, tlsMode: 'none', from: 'Own Mailer <mailer@own.test>' });

describe('per-organization SMTP', () => {
  it("when one organization has its own SMTP server, then its mail arrives there and another organization's on the global one", async () => {
    const a = await t.createOrg('mailown');
    const b = await t.createOrg('mailglobal');
    const saved = await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/mailown/smtp', headers: a.auth, payload: smtpOf(own) });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ configured: true, enabled: true, host: '127.0.0.1', port: own.port, tlsMode: 'none', passwordSet: false, from: 'Own Mailer <mailer@own.test>' });

    const [idA, idB] = [await email(t, a.org.id, 'alice@own.test'), await email(t, b.org.id, 'bob@global.test')];
    const mailA = await own.waitFor('alice@own.test');
    const mailB = await global.waitFor('bob@global.test');
    expect(mailA.messageId).toBe(`<${idA}@latchkey>`);
    expect(mailB.messageId).toBe(`<${idB}@latchkey>`);
    expect(global.mails.some((m) => m.to.includes('alice@own.test'))).toBe(false);
    expect(own.mails.some((m) => m.to.includes('bob@global.test'))).toBe(false);
    expect(await sentRow(idA)).toMatchObject({ state: 'sent', transport: 'org-smtp' });
    expect(await sentRow(idB)).toMatchObject({ state: 'sent', transport: 'smtp' });
  });

  it('when the settings change, then the next message uses the new server; turned off, the global one', async () => {
    const a = await t.createOrg('mailmove');
    // A server of its own, so its open connections are this organization's pool only.
    const before = await startSmtpSink();
    onTestFinished(() => before.close());
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/mailmove/smtp', headers: a.auth, payload: smtpOf(before) });
    await email(t, a.org.id, 'first@move.test');
    await before.waitFor('first@move.test');
    expect(before.openConnections()).toBeGreaterThan(0);

    const moved = await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/mailmove/smtp', headers: a.auth, payload: { port: other.port } });
    expect(moved.json()).toMatchObject({ port: other.port, host: '127.0.0.1', from: 'Own Mailer <mailer@own.test>' });
    await email(t, a.org.id, 'second@move.test');
    await other.waitFor('second@move.test');
    expect(before.mails.some((m) => m.to.includes('second@move.test'))).toBe(false);
    // The pool for the old settings was closed, not left holding connections.
    await waitUntil(async () => before.openConnections() === 0 || undefined, 'connections to the old server closed');

    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/mailmove/smtp', headers: a.auth, payload: { enabled: false } });
    await email(t, a.org.id, 'third@move.test');
    await global.waitFor('third@move.test');

    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/mailmove/smtp', headers: a.auth, payload: { enabled: true } });
    const removed = await t.app.inject({ method: 'DELETE', url: '/api/v1/organizations/mailmove/smtp', headers: a.auth });
    expect(removed.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/organizations/mailmove/smtp', headers: a.auth })).json()).toMatchObject({ configured: false, passwordSet: false });
    await email(t, a.org.id, 'fourth@move.test');
    await global.waitFor('fourth@move.test');
  });

  it('when the password is saved, then it is stored encrypted and appears in no answer, audit event or log line, and a PATCH without it keeps it', async () => {
    const a = await t.createOrg('mailsecret');
    const url = '/api/v1/organizations/mailsecret/smtp';
    const answers = [await t.app.inject({ method: 'PATCH', url, headers: a.auth, payload: { ...smtpOf(guarded), username: 'mailer', password: PASSWORD } })];
    expect(answers[0]!.json()).toMatchObject({ passwordSet: true, username: 'mailer' });
    answers.push(await t.app.inject({ method: 'PATCH', url, headers: a.auth, payload: { from: 'Renamed <mailer@own.test>' } }));
    expect(answers[1]!.json()).toMatchObject({ passwordSet: true, from: 'Renamed <mailer@own.test>' });
    answers.push(await t.app.inject({ url, headers: a.auth }));
    answers.push(await t.app.inject({ method: 'POST', url: `${url}/test`, headers: a.auth, payload: { to: 'check@secret.test' } }));
    expect(answers[3]!.json()).toMatchObject({ delivered: true, outcome: 'accepted' });
    answers.push(await t.app.inject({ url: `/api/v1/organizations/mailsecret/audit-events`, headers: a.auth }));
    expect(answers[4]!.json().items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['organization.smtp_updated', 'organization.smtp_tested']));

    // The next message authenticates with the kept password.
    await email(t, a.org.id, 'kept@secret.test');
    await guarded.waitFor('kept@secret.test');

    for (const res of answers) expect(res.body).not.toContain(PASSWORD);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(PASSWORD);
    const row = await t.db.selectFrom('organization_delivery_settings').selectAll().where('organization_id', '=', a.org.id).where('channel', '=', 'email').executeTakeFirstOrThrow();
    expect(JSON.stringify(row.options)).not.toContain(PASSWORD);
    expect(row.encrypted_secret!.toString('latin1')).not.toContain(PASSWORD);
    expect(decrypt(t.ctx.secret, `delivery-settings:${a.org.id}:email`, row.encrypted_secret!)).toBe(PASSWORD);
  });

  it('when the host or port changes without the password, then the change is refused so the stored password never goes to another server', async () => {
    const a = await t.createOrg('mailhost');
    const url = '/api/v1/organizations/mailhost/smtp';
    await t.app.inject({ method: 'PATCH', url, headers: a.auth, payload: { ...smtpOf(guarded), username: 'mailer', password: PASSWORD } });
    const res = await t.app.inject({ method: 'PATCH', url, headers: a.auth, payload: { port: own.port } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'delivery.settings_invalid', errors: [{ field: 'body/password' }] });
    const draft = await t.app.inject({ method: 'POST', url: `${url}/test`, headers: a.auth, payload: { to: 'x@host.test', settings: { host: 'localhost' } } });
    expect(draft.statusCode).toBe(400);
    expect(own.mails.some((m) => m.to.includes('x@host.test'))).toBe(false);
  });

  it('when the from address or host is not valid, then the settings are refused naming the field', async () => {
    const a = await t.createOrg('mailbad');
    const url = '/api/v1/organizations/mailbad/smtp';
    const from = await t.app.inject({ method: 'PATCH', url, headers: a.auth, payload: { ...smtpOf(own), from: 'not an address' } });
    expect(from.statusCode).toBe(400);
    expect(JSON.stringify(from.json())).toContain('from');
    const missing = await t.app.inject({ method: 'PATCH', url, headers: a.auth, payload: { port: 25 } });
    expect(missing.json()).toMatchObject({ code: 'delivery.settings_invalid', errors: [{ field: 'body/host' }] });
  });
});

describe('send test email', () => {
  it("when the settings are right, then the test mail arrives and the answer is the server's 250", async () => {
    const a = await t.createOrg('testok');
    await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/testok/smtp', headers: a.auth, payload: smtpOf(own) });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/testok/smtp/test', headers: a.auth, payload: { to: 'probe@testok.test' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ delivered: true, outcome: 'accepted', responseCode: 250 });
    expect(res.json().response).toMatch(/^250 /);
    const mail = await own.waitFor('probe@testok.test');
    expect(mail.subject).toBe('Test message from testok Inc.');
  });

  it('when nothing listens at the port of a draft, then the answer says the connection was refused and nothing is saved', async () => {
    const a = await t.createOrg('testrefused');
    const port = await closedPort();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations/testrefused/smtp/test',
      headers: a.auth,
      payload: { to: 'probe@refused.test', settings: { host: '127.0.0.1', port, tlsMode: 'none', from: 'x@refused.test' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ delivered: false, outcome: 'connection_refused', responseCode: null });
    expect(res.json().message).toBe(`Connection refused by 127.0.0.1:${port}: no SMTP server listens there, or a firewall blocks the port.`);
    expect((await t.app.inject({ url: '/api/v1/organizations/testrefused/smtp', headers: a.auth })).json()).toMatchObject({ configured: false });
  });

  it("when the password is wrong, then the answer is an authentication failure with the server's 535", async () => {
    const a = await t.createOrg('testauth');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations/testauth/smtp/test',
      headers: a.auth,
      payload: { to: 'probe@auth.test', settings: { ...smtpOf(guarded), username: 'mailer', password: 'wrong' } },
    });
    expect(res.json()).toMatchObject({ delivered: false, outcome: 'auth', responseCode: 535 });
    expect(res.json().message).toContain('refused the username and password');
    expect(res.json().response).toMatch(/^535 /);
  });

  it('when the organization has no settings and the request gives none, then the problem says what to do', async () => {
    const a = await t.createOrg('testnone');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/testnone/smtp/test', headers: a.auth, payload: { to: 'p@none.test' } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'delivery.not_configured' });
  });
});

describe('per-organization SMS', () => {
  it("when an organization has its own webhook provider, then its texts are signed with its secret and go there, and the test send reports the provider's answer", async () => {
    const receiver = await startReceiver(201);
    try {
      const a = await t.createOrg('smsown');
      const url = '/api/v1/organizations/smsown/sms';
      const saved = await t.app.inject({ method: 'PATCH', url, headers: a.auth, payload: { provider: 'webhook', url: `${receiver.url}/hook`, secret: SMS_SECRET } });
      expect(saved.json()).toMatchObject({ configured: true, provider: 'webhook', url: `${receiver.url}/hook`, secretSet: true });
      expect(saved.body).not.toContain(SMS_SECRET);

      const id = await t.db.transaction().execute((tx) =>
        notifications.enqueueSms(tx, { organizationId: a.org.id, kind: 'invitation_sms', to: '+41791234567', vars: { organization: { name: 'Org' }, code: '123456', link: 'http://x.test' } }),
      );
      const got = await waitUntil(async () => receiver.received.find((r) => r.body.includes(id)), 'webhook called');
      const [, ts, sig] = /t=(\d+),v1=([0-9a-f]+)/.exec(String(got.headers['x-latchkey-signature']))!;
      expect(sig).toBe(createHmac('sha256', SMS_SECRET).update(`${ts}.${got.body}`).digest('hex'));
      expect(await sentRow(id)).toMatchObject({ state: 'sent', transport: 'org-sms-webhook' });

      const ok = await t.app.inject({ method: 'POST', url: `${url}/test`, headers: a.auth, payload: { to: '+41 79 123 45 67' } });
      expect(ok.json()).toMatchObject({ delivered: true, outcome: 'accepted', status: 201 });
      expect(ok.json().body).toContain('"sid"');
      receiver.answerWith(401);
      const refused = await t.app.inject({ method: 'POST', url: `${url}/test`, headers: a.auth, payload: { to: '+41791234567' } });
      expect(refused.json()).toMatchObject({ delivered: false, outcome: 'rejected', status: 401 });
      expect(refused.json().message).toContain('HTTP 401');
      const row = await t.db.selectFrom('organization_delivery_settings').select('encrypted_secret').where('organization_id', '=', a.org.id).where('channel', '=', 'sms').executeTakeFirstOrThrow();
      expect(row.encrypted_secret!.toString('latin1')).not.toContain(SMS_SECRET);
      expect(logLines.join('')).not.toContain(SMS_SECRET);
    } finally {
      await receiver.close();
    }
  });

  it('when a Twilio-compatible provider is refused at its address, then the test send says so', async () => {
    const a = await t.createOrg('smsrefused');
    const port = await closedPort();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations/smsrefused/sms/test',
      headers: a.auth,
      payload: { to: '+41791234567', settings: { provider: 'twilio', baseUrl: `http://127.0.0.1:${port}`, accountSid: 'AC1', from: '+15005550006', secret: 'tok' } },
    });
    expect(res.json()).toMatchObject({ delivered: false, outcome: 'connection_refused', status: null });
  });
});

describe('who may change delivery settings', () => {
  it("when a helpdesk of the organization calls them, then they are refused (403); another organization's admin finds no organization (404)", async () => {
    const a = await t.createOrg('guarded');
    const desk = await apiTokens.create(t.ctx, systemActor(), a.org.id, { name: 'desk', privilege: 'helpdesk' });
    const stranger = await t.createOrg('stranger');
    const calls = [
      { method: 'GET' as const, url: '/api/v1/organizations/guarded/smtp' },
      { method: 'PATCH' as const, url: '/api/v1/organizations/guarded/smtp', payload: smtpOf(own) },
      { method: 'POST' as const, url: '/api/v1/organizations/guarded/smtp/test', payload: { to: 'x@g.test', settings: smtpOf(own) } },
      { method: 'DELETE' as const, url: '/api/v1/organizations/guarded/smtp' },
      { method: 'GET' as const, url: '/api/v1/organizations/guarded/sms' },
      { method: 'PATCH' as const, url: '/api/v1/organizations/guarded/sms', payload: { provider: 'webhook', url: 'http://127.0.0.1:9/x', secret: 's' } },
      { method: 'POST' as const, url: '/api/v1/organizations/guarded/sms/test', payload: { to: '+41791234567', settings: { provider: 'webhook', url: 'http://127.0.0.1:9/x', secret: 's' } } },
      { method: 'DELETE' as const, url: '/api/v1/organizations/guarded/sms' },
    ];
    for (const call of calls) {
      const label = `${call.method} ${call.url}`;
      expect((await t.app.inject({ ...call, headers: { authorization: `Bearer ${desk.token}` } })).statusCode, label).toBe(403);
      expect((await t.app.inject({ ...call, headers: stranger.auth })).statusCode, label).toBe(404);
    }
    expect(own.mails.some((m) => m.to.includes('x@g.test'))).toBe(false);
    expect((await t.app.inject({ url: '/api/v1/organizations/guarded/smtp', headers: a.auth })).json()).toMatchObject({ configured: false });
  });
});

describe('the console', () => {
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    t.ctx.publicUrl = base;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(() => browser?.close());

  it("when an admin fills in Email delivery and presses Send test email, then the page shows the server's 250 answer, and a refused connection when nothing listens", { timeout: 60_000 }, async () => {
    await t.createOrg('consolemail');
    await t.createPlatformAdmin('consolemail', 'admin@consolemail.test');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Organization').fill('consolemail');
    await page.getByLabel('Email or username').fill('admin@consolemail.test');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Organization', exact: true }).click();

    const section = page.getByRole('region', { name: 'Email delivery' });
    await section.getByLabel('Host').fill('127.0.0.1');
    await section.getByLabel('Port').fill(String(own.port));
    await section.getByLabel('Encryption').selectOption('none');
    await section.getByLabel('From address').fill('Console <console@mail.test>');
    await section.getByLabel('Send test to').fill('browser@consolemail.test');
    await section.getByRole('button', { name: 'Send test email' }).click();
    const answer = section.getByTestId('smtp-test-answer');
    await answer.getByText('Test message accepted').waitFor();
    expect(await answer.textContent()).toMatch(/Answer: 250 /);
    await own.waitFor('browser@consolemail.test');
    // A test saves nothing.
    expect((await t.app.inject({ url: '/api/v1/organizations/consolemail/smtp', headers: await t.consoleLogin('consolemail', 'admin@consolemail.test') })).json()).toMatchObject({ configured: false });

    const port = await closedPort();
    await section.getByLabel('Port').fill(String(port));
    await section.getByRole('button', { name: 'Send test email' }).click();
    await answer.getByText('Test message not delivered').waitFor();
    expect(await answer.textContent()).toContain(`Connection refused by 127.0.0.1:${port}`);

    await section.getByLabel('Port').fill(String(own.port));
    await section.getByRole('button', { name: 'Apply email settings' }).click();
    await page.getByText('Email leaves through 127.0.0.1.').waitFor();
    const org = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'consolemail').executeTakeFirstOrThrow();
    await email(t, org.id, 'saved@consolemail.test');
    await own.waitFor('saved@consolemail.test');
  });
});
