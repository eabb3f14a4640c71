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

  it('when scripts look operations up by name, then the names they use stay where they are', () => {
    const byId = Object.fromEntries(apiOperations().map((op) => [op.operationId, op.route]));
    expect(byId['users.create']).toBe('POST /api/v1/organizations/{org}/users');
    expect(byId['users.list']).toBe('GET /api/v1/organizations/{org}/users');
    expect(byId['invitations.resend']).toBe('POST /api/v1/organizations/{org}/users/{id}/invitations');
    expect(byId['auth.login']).toBe('POST /api/v1/auth/login');
    expect(byId['auth.me']).toBe('GET /api/v1/auth/me');
    expect(byId['wso2.resendCodeInTenant']).toBe('POST /t/{tenant}/api/identity/user/v1.0/resend-code');
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
