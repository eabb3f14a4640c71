import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient, pathOf } from './helpers/pages.js';

// While impersonating, the account's security pages are read-only however their path is
// spelled: the rule must read the path the router matched, not the raw request line.

let t: TestApp;
let token: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth: token } = await t.createOrg('acme'));
  await activeUser('ada', 'org_admin');
  admin = await t.consoleLogin('acme', 'ada');
});
afterAll(() => t?.close());

async function activeUser(username: string, privilege?: string) {
  const user = await t.createUser(token, 'acme', { username, email: `${username}@example.com`, ...(privilege && { privilege }) });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: token, payload: { password: PASSWORD, temporary: false } });
  return user;
}

describe('impersonation and the spelling of a path', () => {
  it('when the security pages are asked for with percent-encoded letters, then they are refused as read-only too', async () => {
    const user = await activeUser('pia');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/impersonation`, headers: admin, payload: { reason: 'support call', ticket: 'SUP-1' } });
    const c = pageClient(t);
    await c.get(pathOf(res.json().url));
    await c.get('/o/acme/account');
    for (const path of ['/o/acme/%61ccount/backup-codes', '/o/acme/account/%62ackup-codes', '/o/%61cme/account/authenticator', '/o/acme/%61ccount/phone']) {
      const page = await c.get(path);
      expect([path, page.statusCode]).toEqual([path, 403]);
    }
    const generate = await c.post('/o/acme/%61ccount/backup-codes', {});
    expect(generate.statusCode).toBe(403);
    const codes = await t.db.selectFrom('mfa_backup_codes').select('id').where('user_id', '=', user.id).execute();
    expect(codes).toEqual([]);
  });
});
