import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as audit from '../src/features/audit/service.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('audit trail', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<TestApp['createOrg']>>;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    org = await t.createOrg('acme');
  });
  afterAll(() => t?.close());

  it('when an action is taken during an impersonation, then its event names both the user and the administrator', async () => {
    const user = await t.createUser(org.auth, 'acme', { username: 'pat', email: 'pat@acme.test', invite: false });
    const admin = await t.createUser(org.auth, 'acme', { username: 'helper', email: 'helper@acme.test', privilege: 'helpdesk', invite: false });
    await audit.record(
      t.db,
      { type: 'user', id: user.id, label: 'pat', organizationId: org.org.id, privilege: 'user', ip: '192.0.2.7', userAgent: null, impersonator: { id: admin.id, label: 'helper' } },
      { organizationId: org.org.id, action: 'password.changed', target: { type: 'user', id: user.id } },
    );
    const res = await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?action=password.changed&targetId=${user.id}`, headers: org.auth });
    expect(res.statusCode).toBe(200);
    const [event] = res.json().items;
    expect(event).toMatchObject({ actor: { type: 'user', id: user.id, label: 'pat' }, impersonatorId: admin.id, ip: '192.0.2.7' });
  });
});
