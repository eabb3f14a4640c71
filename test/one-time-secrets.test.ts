import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as invitations from '../src/features/invitations/service.js';
import * as setup from '../src/features/setup/service.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { pathOf } from './helpers/pages.js';

// Every flow built on the one-time-secret core redeems a secret once: of parallel redemptions
// exactly one wins, and secrets stored before the core existed still redeem.

let t: TestApp;
let smtp: SmtpSink;
let auth: Record<string, string>;
const meta = { ip: '203.0.113.9', userAgent: 'test' };
const codeIn = (text: string) => /(?:code is:\s+|your code is )([A-Za-z0-9]+)/.exec(text)![1]!;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const settled = async (ps: Promise<unknown>[]) => {
  const r = await Promise.allSettled(ps);
  return { won: r.filter((x) => x.status === 'fulfilled').length, lost: r.filter((x) => x.status === 'rejected').map((x) => (x as PromiseRejectedResult).reason.code) };
};

describe('one-time secrets redeem once', () => {
  it('when two redemptions of one verified invitation code race, then exactly one sets the password', async () => {
    const created = await t.createUser(auth, 'acme', { username: 'coder', email: 'coder@example.com', invite: true, invitationMethod: 'email_otp' });
    const code = codeIn((await smtp.waitFor('coder@example.com')).text);
    const org = await t.db.selectFrom('organizations').selectAll().where('slug', '=', 'acme').executeTakeFirstOrThrow();
    const user = await t.db.selectFrom('users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const invitation = await invitations.verifyCode(t.ctx, org, user, code, meta);
    const by = { invitationId: invitation.id };
    const r = await settled([invitations.accept(t.ctx, 'acme', by, { password: PASSWORD, ...meta }), invitations.accept(t.ctx, 'acme', by, { password: PASSWORD, ...meta })]);
    expect(r).toEqual({ won: 1, lost: ['invitation.used'] });
    const rows = await t.db.selectFrom('invitations').select('state').where('user_id', '=', user.id).execute();
    expect(rows.map((i) => i.state)).toEqual(['accepted']);
  });

  it('when two people open one printable sheet at once, then exactly one sees the secret', async () => {
    const created = await t.createUser(auth, 'acme', { username: 'paper', invite: true, invitationMethod: 'email_otp', shareLink: true });
    const url = pathOf(created.invitation!.viewUrl!);
    const [a, b] = await Promise.all([t.app.inject({ url }), t.app.inject({ url })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 410]);
    const sheet = await t.db.selectFrom('onboarding_sheets').select(['viewed_at', 'encrypted_secret']).where('user_id', '=', created.id).executeTakeFirstOrThrow();
    expect(sheet.viewed_at).not.toBeNull();
    expect(sheet.encrypted_secret).toBeNull();
  });

  it('when an invitation code was stored in the form used before the flow core, then it still signs the person in', async () => {
    const created = await t.createUser(auth, 'acme', { username: 'legacy', email: 'legacy@example.com', invite: true, invitationMethod: 'email_otp' });
    await smtp.waitFor('legacy@example.com');
    // As an earlier release wrote it: HMAC(server secret, "code:<user id>:<code>").
    const legacyHash = createHmac('sha256', t.ctx.secret).update(`code:${created.id}:ABCD2345`).digest();
    await t.db.updateTable('invitations').set({ secret_hash: legacyHash }).where('user_id', '=', created.id).execute();
    const org = await t.db.selectFrom('organizations').selectAll().where('slug', '=', 'acme').executeTakeFirstOrThrow();
    const user = await t.db.selectFrom('users').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const invitation = await invitations.verifyCode(t.ctx, org, user, 'abcd-2345', meta);
    await invitations.accept(t.ctx, 'acme', { invitationId: invitation.id }, { password: PASSWORD, ...meta });
    expect((await t.db.selectFrom('users').select('status').where('id', '=', created.id).executeTakeFirstOrThrow()).status).toBe('active');
  });

  it('when two people complete one setup link at once, then exactly one first admin is created', async () => {
    const link = (await setup.setupLinkIfNeeded(t.ctx))!;
    const token = link.split('/').pop()!;
    const input = (n: number) => ({ organization: `first${n}`, email: `root${n}@example.com`, password: PASSWORD });
    const r = await settled([setup.complete(t.ctx, token, input(1)), setup.complete(t.ctx, token, input(2))]);
    expect(r).toEqual({ won: 1, lost: ['setup.invalid'] });
    const admins = await t.db.selectFrom('users').select('id').where('privilege', '=', 'platform_admin').execute();
    expect(admins).toHaveLength(1);
  });

  it('when a newer setup link is made, then the older unused one stops working', async () => {
    await t.db.deleteFrom('users').where('privilege', '=', 'platform_admin').execute().catch(() => undefined);
    const older = (await setup.setupLinkIfNeeded(t.ctx))?.split('/').pop();
    if (!older) return expect.fail('a setup link is made while no platform admin exists');
    const newer = (await setup.setupLinkIfNeeded(t.ctx))!.split('/').pop()!;
    await expect(setup.checkLink(t.ctx, older)).rejects.toMatchObject({ code: 'setup.invalid' });
    await expect(setup.checkLink(t.ctx, newer)).resolves.toBeUndefined();
  });
});
