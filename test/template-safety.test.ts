import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.js';
import * as apiTokens from '../src/features/api-tokens/service.js';
import * as notifications from '../src/features/notifications/service.js';
import * as recovery from '../src/features/recovery/service.js';
import { pageClient } from './helpers/pages.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

// What an organization admin's own templates must not be able to do: show secrets to those
// who may not see them, reach an administrator's secrets, read server files, hold the server.
let t: TestApp;
let admin: Record<string, string>;
let desk: Record<string, string>;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp({ worker: false, env: { RECOVERY_MAX_REQUESTS: '1000', RECOVERY_IP_MAX_REQUESTS: '100000' } });
  await t.createPlatformAdmin('acme', 'root@acme.test');
  const org = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'acme').executeTakeFirstOrThrow();
  orgId = org.id;
  admin = { authorization: `Bearer ${(await apiTokens.create(t.ctx, systemActor(), orgId, { name: 'admin', privilege: 'org_admin' })).token}` };
  desk = { authorization: `Bearer ${(await apiTokens.create(t.ctx, systemActor(), orgId, { name: 'desk', privilege: 'helpdesk' })).token}` };
  const res = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/organizations/acme/templates/password_reset_code',
    headers: admin,
    payload: {
      subject: 'Your code {{ code }}',
      html: '<p>{{ code }}</p><p>spelled {{ code | split: "" | join: "-" }}</p>',
      text: '{{ code }} / spelled {{ code | split: "" | join: "-" }}',
    },
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t.close());

async function askResetCode(login: string) {
  const c = pageClient(t);
  await c.get('/o/acme/forgot');
  await c.post('/o/acme/forgot', { login });
  await c.post('/o/acme/forgot/send', { login, channel: 'email_code' });
  await new Promise((r) => setTimeout(r, 0));
  await recovery.settled(t.ctx);
}

const lastResetMessage = (to: string) =>
  t.db.selectFrom('outbox_messages').selectAll().where('recipient', '=', to).where('kind', '=', 'password_reset_code').orderBy('created_at', 'desc').executeTakeFirstOrThrow();

describe("an organization's own templates", () => {
  it('when a template reshapes a reset code, then a helpdesk reading the outbox sees neither the code nor its reshaped form, in the subject or the bodies', async () => {
    const user = await t.createUser(admin, 'acme', { username: 'nora', email: 'nora@acme.test' });
    await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: admin, payload: { password: PASSWORD, temporary: false } });
    await askResetCode('nora');
    const sent = await lastResetMessage('nora@acme.test');
    const code = /Your code (\S+)/.exec(sent.subject ?? '')![1]!;
    const spelled = code.split('').join('-');
    expect(sent.text_body).toContain(`spelled ${spelled}`);

    const list = await t.app.inject({ url: '/api/v1/organizations/acme/outbox', headers: desk });
    const shown = JSON.stringify(list.json().items.find((m: { id: string }) => m.id === sent.id));
    expect(shown).toContain('spelled');
    expect(shown).not.toContain(code);
    expect(shown).not.toContain(spelled);
  });

  it("when the recipient is an administrator, then the built-in message is sent, not the organization's template", async () => {
    await askResetCode('root@acme.test');
    const sent = await lastResetMessage('root@acme.test');
    expect(sent.subject).not.toMatch(/^Your code /);
    expect(sent.text_body).not.toContain('spelled');
  });

  it('when a template includes a file that is not a message template, then it is not found and nothing of the file shows', async () => {
    for (const file of ['engine.ts', '../package.json', 'pages/login']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/templates/mfa_sms_code/preview', headers: admin, payload: { text: `{{ code }} {% include '${file}' %}` } });
      expect(res.statusCode, file).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toMatch(/import |registerI18nFilters|"dependencies"|<form/);
    }
  });

  it('when a saved template loops past the render limit, then the built-in message is sent instead', async () => {
    const spin = '{% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}';
    // The loop hides from the save check's sample values, so it only runs for real messages.
    const sneaky = `{% unless loginUrl contains 'LkRequiredField' %}${spin}{% endunless %}`;
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/organizations/acme/templates/account_activated',
      headers: admin,
      payload: { subject: `Custom active${sneaky}`, html: `<p>{{ loginUrl }}</p>${sneaky}`, text: `{{ loginUrl }}${sneaky}` },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const id = await t.db.transaction().execute((tx) =>
      notifications.enqueueEmail(tx, { organizationId: orgId, kind: 'account_activated', to: 'u@example.com', vars: { organization: { name: 'Acme' }, user: { username: 'u', displayName: 'Ursula' }, loginUrl: 'http://x.test', when: new Date() } } as never),
    );
    const row = await t.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.subject).toBe('Your Acme account is active');
  });
});
