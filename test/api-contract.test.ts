import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_ID, requireOperationIds } from '../src/http/operation-ids.js';
import { API_TYPES_FILE, renderApiTypes } from '../scripts/api-types.mjs';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let doc: { paths: Record<string, Record<string, { operationId?: string }>> };

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
});
afterAll(() => t.close());

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
/** The API's operations: everything under an /api/ segment (the end-user pages are not API). */
function apiOperations() {
  return Object.entries(doc.paths)
    .filter(([path]) => /(^|\/)api\//.test(path))
    .flatMap(([path, item]) => Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, operationId: op.operationId })));
}

describe('OpenAPI operation ids', () => {
  it('when the document is read, then every API operation has a resource.verb operationId and no two share one', () => {
    const ops = apiOperations();
    expect(ops.length).toBeGreaterThan(30);
    expect(ops.filter((op) => !OPERATION_ID.test(op.operationId ?? '')).map((op) => op.route)).toEqual([]);
    const seen = new Map<string, string>();
    const clashes = ops.filter((op) => seen.has(op.operationId!) || !seen.set(op.operationId!, op.route)).map((op) => `${op.operationId}: ${seen.get(op.operationId!)} and ${op.route}`);
    expect(clashes).toEqual([]);
  });

  it('when clients and scripts call operations by name, then every released name still means the same route', () => {
    const byId = Object.fromEntries(apiOperations().map((op) => [op.operationId, op.route]));
    // Names are added here when released and never changed: a client generated from an
    // older document keeps working. New operations only need their own new name.
    const released: Record<string, string> = {
      'users.passwordExpiry.set': 'PUT /api/v1/organizations/{org}/users/{id}/password-expiry',
      'auth.login': 'POST /api/v1/auth/login',
      'auth.me': 'GET /api/v1/auth/me',
      'auth.logout': 'POST /api/v1/auth/logout',
      'organizations.list': 'GET /api/v1/organizations',
      'organizations.create': 'POST /api/v1/organizations',
      'organizations.get': 'GET /api/v1/organizations/{org}',
      'organizations.update': 'PATCH /api/v1/organizations/{org}',
      'users.list': 'GET /api/v1/organizations/{org}/users',
      'users.create': 'POST /api/v1/organizations/{org}/users',
      'users.get': 'GET /api/v1/organizations/{org}/users/{id}',
      'users.update': 'PATCH /api/v1/organizations/{org}/users/{id}',
      'users.delete': 'DELETE /api/v1/organizations/{org}/users/{id}',
      'users.disable': 'POST /api/v1/organizations/{org}/users/{id}/disable',
      'users.enable': 'POST /api/v1/organizations/{org}/users/{id}/enable',
      'users.unlock': 'POST /api/v1/organizations/{org}/users/{id}/unlock',
      'users.resetPassword': 'POST /api/v1/organizations/{org}/users/{id}/password',
      'groups.list': 'GET /api/v1/organizations/{org}/groups',
      'groups.create': 'POST /api/v1/organizations/{org}/groups',
      'invitations.resend': 'POST /api/v1/organizations/{org}/users/{id}/invitations',
      'invitations.revoke': 'POST /api/v1/organizations/{org}/invitations/{id}/revoke',
      'onboarding.list': 'GET /api/v1/organizations/{org}/onboarding',
      'onboarding.resend': 'POST /api/v1/organizations/{org}/onboarding/resend',
      'support.get': 'GET /api/v1/organizations/{org}/support',
      'apiTokens.list': 'GET /api/v1/organizations/{org}/api-tokens',
      'apiTokens.create': 'POST /api/v1/organizations/{org}/api-tokens',
      'apiTokens.revoke': 'DELETE /api/v1/organizations/{org}/api-tokens/{id}',
      'outbox.list': 'GET /api/v1/organizations/{org}/outbox',
      'outbox.get': 'GET /api/v1/organizations/{org}/outbox/{id}',
      'organizations.smtp.get': 'GET /api/v1/organizations/{org}/smtp',
      'organizations.smtp.update': 'PATCH /api/v1/organizations/{org}/smtp',
      'organizations.smtp.delete': 'DELETE /api/v1/organizations/{org}/smtp',
      'organizations.smtp.test': 'POST /api/v1/organizations/{org}/smtp/test',
      'organizations.sms.get': 'GET /api/v1/organizations/{org}/sms',
      'organizations.sms.update': 'PATCH /api/v1/organizations/{org}/sms',
      'organizations.sms.delete': 'DELETE /api/v1/organizations/{org}/sms',
      'organizations.sms.test': 'POST /api/v1/organizations/{org}/sms/test',
      'auditEvents.list': 'GET /api/v1/organizations/{org}/audit-events',
      'auditEvents.search': 'GET /api/v1/audit-events',
      'recoveryPhone.getOwn': 'GET /api/v1/me/recovery-phone',
      'recoveryPhone.set': 'PUT /api/v1/me/recovery-phone',
      'recoveryPhone.verify': 'POST /api/v1/me/recovery-phone/verify',
      'recoveryPhone.removeOwn': 'DELETE /api/v1/me/recovery-phone',
      'recoveryPhone.get': 'GET /api/v1/organizations/{org}/users/{id}/recovery-phone',
      'recoveryPhone.remove': 'DELETE /api/v1/organizations/{org}/users/{id}/recovery-phone',
      'sessions.list': 'GET /api/v1/organizations/{org}/users/{id}/sessions',
      'sessions.revoke': 'DELETE /api/v1/organizations/{org}/users/{id}/sessions/{sessionId}',
      'sessions.revokeAll': 'DELETE /api/v1/organizations/{org}/users/{id}/sessions',
      'me.sessions.list': 'GET /api/v1/me/sessions',
      'me.sessions.revoke': 'DELETE /api/v1/me/sessions/{id}',
      'me.sessions.revokeOthers': 'DELETE /api/v1/me/sessions',
      'devices.list': 'GET /api/v1/organizations/{org}/users/{id}/devices',
      'devices.forget': 'DELETE /api/v1/organizations/{org}/users/{id}/devices/{deviceId}',
      'users.deviceLimit.set': 'POST /api/v1/organizations/{org}/users/{id}/device-limit',
      'impersonation.start': 'POST /api/v1/organizations/{org}/users/{id}/impersonation',
      'impersonation.list': 'GET /api/v1/organizations/{org}/users/{id}/impersonations',
      'impersonation.stop': 'POST /api/v1/organizations/{org}/users/{id}/impersonations/{impersonationId}/stop',
      'me.devices.list': 'GET /api/v1/me/devices',
      'me.devices.forget': 'DELETE /api/v1/me/devices/{id}',
      'auditEvents.export': 'GET /api/v1/organizations/{org}/audit-events/export',
      'groups.get': 'GET /api/v1/organizations/{org}/groups/{id}',
      'groups.rename': 'PATCH /api/v1/organizations/{org}/groups/{id}',
      'groups.delete': 'DELETE /api/v1/organizations/{org}/groups/{id}',
      'groups.members.list': 'GET /api/v1/organizations/{org}/groups/{id}/members',
      'groups.members.add': 'PUT /api/v1/organizations/{org}/groups/{id}/members/{userId}',
      'groups.members.remove': 'DELETE /api/v1/organizations/{org}/groups/{id}/members/{userId}',
      'users.groups.list': 'GET /api/v1/organizations/{org}/users/{id}/groups',
      'apps.list': 'GET /api/v1/organizations/{org}/apps',
      'apps.create': 'POST /api/v1/organizations/{org}/apps',
      'apps.get': 'GET /api/v1/organizations/{org}/apps/{id}',
      'apps.update': 'PATCH /api/v1/organizations/{org}/apps/{id}',
      'apps.delete': 'DELETE /api/v1/organizations/{org}/apps/{id}',
      'apps.assignments.list': 'GET /api/v1/organizations/{org}/apps/{id}/assignments',
      'apps.assign': 'POST /api/v1/organizations/{org}/apps/{id}/assignments',
      'apps.unassign': 'DELETE /api/v1/organizations/{org}/apps/{id}/assignments/{assignmentId}',
      'users.apps.list': 'GET /api/v1/organizations/{org}/users/{id}/apps',
      'users.passwordReset.send': 'POST /api/v1/organizations/{org}/users/{id}/password-reset',
      'wso2.resendCode': 'POST /api/identity/user/v1.0/resend-code',
      'wso2.resendCodeInTenant': 'POST /t/{tenant}/api/identity/user/v1.0/resend-code',
      'attributes.list': 'GET /api/v1/organizations/{org}/attributes',
      'attributes.define': 'POST /api/v1/organizations/{org}/attributes',
      'attributes.update': 'PATCH /api/v1/organizations/{org}/attributes/{id}',
      'attributes.delete': 'DELETE /api/v1/organizations/{org}/attributes/{id}',
      'pinCodes.get': 'GET /api/v1/organizations/{org}/users/{id}/pin-code',
      'pinCodes.assign': 'POST /api/v1/organizations/{org}/users/{id}/pin-code',
      'pinCodes.revoke': 'DELETE /api/v1/organizations/{org}/users/{id}/pin-code',
      'pinCodes.email': 'POST /api/v1/organizations/{org}/users/{id}/pin-code/email',
      'pinCodes.signUp': 'POST /api/v1/organizations/{org}/pin-sign-ups',
      'auth.secondFactor': 'POST /api/v1/auth/login/second-factor',
      'auth.secondFactorSms': 'POST /api/v1/auth/login/second-factor/sms',
      'mfa.factors.listOwn': 'GET /api/v1/me/mfa',
      'mfa.totp.enroll': 'POST /api/v1/me/mfa/totp',
      'mfa.totp.confirm': 'POST /api/v1/me/mfa/totp/confirm',
      'mfa.backupCodes.generate': 'POST /api/v1/me/mfa/backup-codes',
      'mfa.factors.list': 'GET /api/v1/organizations/{org}/users/{id}/mfa',
      'mfa.defaultMethod.set': 'PUT /api/v1/organizations/{org}/users/{id}/mfa/default-method',
      'mfa.reset': 'POST /api/v1/organizations/{org}/users/{id}/mfa/reset',
      'mfa.backupCode.issue': 'POST /api/v1/organizations/{org}/users/{id}/mfa/backup-code',
      'imports.create': 'POST /api/v1/organizations/{org}/imports',
      'imports.list': 'GET /api/v1/organizations/{org}/imports',
      'imports.get': 'GET /api/v1/organizations/{org}/imports/{id}',
    };
    expect(Object.fromEntries(Object.keys(released).map((id) => [id, byId[id]]))).toEqual(released);
  });

  it('when an API route is declared without an operationId, then the app refuses to start and names the route', async () => {
    const app = Fastify({ logger: false });
    // Loaded by ready() below, which is what fails.
    app.register(async (api) => {
      requireOperationIds(api);
      api.get('/things', { schema: { operationId: 'things.list' } }, async () => []);
      api.get('/health', { schema: { hide: true } }, async () => ({}));
      api.post('/things', { schema: { summary: 'Create a thing' } }, async () => ({}));
    }, { prefix: '/api/v1' });
    await expect(app.ready()).rejects.toThrow('POST /api/v1/things: API routes need an operationId');
  });
});

describe('console API types', () => {
  it(`when the console's types are rendered from the served document, then they are the checked-in ${API_TYPES_FILE}`, async () => {
    const checkedIn = readFileSync(new URL(`../${API_TYPES_FILE}`, import.meta.url), 'utf8');
    // A failure here means a route schema changed: run `npm run api:types` and commit the file.
    expect(checkedIn, 'run npm run api:types').toBe(await renderApiTypes(doc));
  });
});
