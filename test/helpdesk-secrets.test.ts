import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait.js';

// No SMTP: the development sink, where an org admin can read the raw links of the outbox.
let t: TestApp;
let admin: Record<string, string>;
let desk: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  ({ auth: admin } = await t.createOrg('deskorg'));
  const token = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/deskorg/api-tokens', headers: admin, payload: { name: 'desk', privilege: 'helpdesk' } });
  desk = { authorization: `Bearer ${token.json().token}` };
});
afterAll(() => t.close());

type Message = { recipient: string; state: string; textBody: string; htmlBody: string | null };
const outbox = async (headers: Record<string, string>) => (await t.app.inject({ url: '/api/v1/organizations/deskorg/outbox', headers })).json().items as Message[];
const LINK = /\/o\/deskorg\/invitations\/[A-Za-z0-9_-]{43}/;

describe('helpdesk and secrets', () => {
  it('when no transport is configured, then an org admin reads the raw link but a helpdesk only ever sees it masked', async () => {
    const user = await t.createUser(admin, 'deskorg', { username: 'pending-pat', email: 'pat@example.com', invite: true });
    const sent = await waitUntil(async () => (await outbox(admin)).find((m) => m.recipient === 'pat@example.com' && m.state === 'sent'), 'invitation sent to the sink');
    expect(sent.textBody).toMatch(LINK);
    const masked = (await outbox(desk)).find((m) => m.recipient === 'pat@example.com')!;
    expect(masked.textBody).not.toMatch(LINK);
    expect(masked.htmlBody).not.toMatch(LINK);
    expect(masked.textBody).toContain('••••••');
    const one = await t.app.inject({ url: `/api/v1/organizations/deskorg/outbox/${(masked as unknown as { id: string }).id}`, headers: desk });
    expect(one.json().textBody).not.toMatch(LINK);
    expect(user.id).toBeTruthy();
  });

  it('when a helpdesk resends an invitation, then it may; with shareLink it is refused with a clear code and nothing changes', async () => {
    const user = await t.createUser(admin, 'deskorg', { username: 'pending-sam', email: 'sam@example.com', invite: true });
    const before = await t.db.selectFrom('invitations').select(['id', 'state']).where('user_id', '=', user.id).execute();
    const withLink = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/deskorg/users/${user.id}/invitations`, headers: desk, payload: { shareLink: true } });
    expect(withLink.statusCode).toBe(403);
    expect(withLink.json().code).toBe('auth.secrets_forbidden');
    expect(await t.db.selectFrom('invitations').select(['id', 'state']).where('user_id', '=', user.id).execute()).toEqual(before);
    expect(await t.db.selectFrom('onboarding_sheets').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);

    const plain = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/deskorg/users/${user.id}/invitations`, headers: desk, payload: {} });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().viewUrl).toBeNull();
    // An org admin may make the sheet.
    const adminLink = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/deskorg/users/${user.id}/invitations`, headers: admin, payload: { shareLink: true } });
    expect(adminLink.statusCode).toBe(201);
    expect(adminLink.json().viewUrl).toContain('/o/deskorg/sheets/');
  });

  it('when a helpdesk tries to set a password or make a password sheet, then it is refused', async () => {
    const user = await t.createUser(admin, 'deskorg', { username: 'pending-kim', email: 'kim@example.com' });
    for (const payload of [{ password: PASSWORD }, { generate: true, shareLink: true }]) {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/deskorg/users/${user.id}/password`, headers: desk, payload });
      expect(res.statusCode).toBe(403);
    }
    expect(await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).toEqual({ password_hash: null });
  });
});
