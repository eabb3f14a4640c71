import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';

let t: TestApp;
let smtp: SmtpSink;
let acme: Record<string, string>;
let globex: Record<string, string>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  ({ auth: acme } = await t.createOrg('acme'));
  ({ auth: globex } = await t.createOrg('globex'));
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const scenario = (value = 'ADMIN_FORCED_PASSWORD_RESET_VIA_EMAIL_LINK') => [{ key: 'RecoveryScenario', value }];
const resend = (url: string, auth: Record<string, string>, user: Record<string, string>, value?: string) =>
  t.app.inject({ method: 'POST', url, headers: auth, payload: { user, properties: scenario(value) } });
const invitationOf = async (id: string) =>
  (await t.app.inject({ url: `/api/v1/organizations/acme/users/${id}`, headers: acme })).json().invitation as { id: string; method: string };

describe('WSO2 resend-code as WSO2 clients call it', () => {
  it('when the tenant path and realm PRIMARY are used, then 201 with an empty body and a new invitation goes out', async () => {
    const user = await t.createUser(acme, 'acme', { username: 'tenanted', email: 'tenanted@example.com', invite: true });
    await smtp.waitFor('tenanted@example.com');
    const before = await invitationOf(user.id);
    const res = await resend('/t/acme/api/identity/user/v1.0/resend-code', acme, { username: 'tenanted', realm: 'PRIMARY' }, 'ADMIN_FORCED_PASSWORD_RESET_VIA_OTP');
    expect(res.statusCode).toBe(201);
    expect(res.body).toBe('');
    const after = await invitationOf(user.id);
    expect(after.id).not.toBe(before.id);
    expect(after.method).toBe('email_otp');
    await smtp.waitFor('tenanted@example.com', (m) => m.subject.includes('invitation code'));
  });

  it('when realm is absent or PRIMARY, then it means the organization of the path, else of the token', async () => {
    const user = await t.createUser(acme, 'acme', { username: 'primary', email: 'primary@example.com', invite: true });
    let last = (await invitationOf(user.id)).id;
    for (const [url, realm] of [
      ['/t/acme/api/identity/user/v1.0/resend-code', undefined],
      ['/api/identity/user/v1.0/resend-code', 'PRIMARY'],
      ['/api/identity/user/v1.0/resend-code', undefined],
      ['/t/carbon.super/api/identity/user/v1.0/resend-code', 'primary'],
      ['/api/identity/user/v1.0/resend-code', 'acme'], // the older form: realm names the organization
    ] as const) {
      const res = await resend(url, acme, realm ? { username: 'primary', realm } : { username: 'primary' });
      expect(res.statusCode, `${url} realm=${realm}`).toBe(201);
      const now = (await invitationOf(user.id)).id;
      expect(now).not.toBe(last);
      last = now;
    }
  });

  it('when the tenant is one the token may not reach, then it answers exactly like an unknown tenant', async () => {
    await t.createUser(acme, 'acme', { username: 'private', email: 'private@example.com', invite: true });
    const foreign = await resend('/t/acme/api/identity/user/v1.0/resend-code', globex, { username: 'private', realm: 'PRIMARY' });
    const unknown = await resend('/t/nosuchtenant/api/identity/user/v1.0/resend-code', globex, { username: 'private', realm: 'PRIMARY' });
    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
    expect(strip(foreign.json())).toEqual(strip(unknown.json()));
    expect(foreign.json().code).toBe('organization.not_found');
  });

  it('when the realm names another user store than the tenant, then it is refused with the reason', async () => {
    const res = await resend('/t/acme/api/identity/user/v1.0/resend-code', acme, { username: 'primary', realm: 'SECONDARY' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain('use PRIMARY');
  });

  it('when unauthenticated on the tenant path, then 401', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/t/acme/api/identity/user/v1.0/resend-code', payload: {} })).statusCode).toBe(401);
  });
});
