import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// An organization admin types the upstream issuer; by default the server must not be made to
// request its own network with it (SSRF), only when OIDC_ALLOW_PRIVATE_ADDRESSES says so.
let t: TestApp;
let internal: Server;
let hits = 0;
let port: number;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
  // Stands in for an internal service: anything that reaches it counts.
  internal = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"secret":"internal"}');
  });
  await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));
  port = (internal.address() as { port: number }).port;
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => internal?.close(r));
});

describe('SSO issuer on a private address', () => {
  it('when an admin sets an issuer on loopback, by address or by name, then it is refused naming the setting, and nothing reaches the address', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme/sso', headers: auth, payload: { issuer: `http://${host}:${port}`, clientId: 'x', displayName: 'Internal' } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('sso.discovery_failed');
      expect(res.json().detail).toMatch(/private or special-use address.*OIDC_ALLOW_PRIVATE_ADDRESSES/);
      expect(res.body).not.toContain('internal');
    }
    expect(hits).toBe(0);
    expect((await t.app.inject({ url: '/api/v1/organizations/acme/sso', headers: auth })).json().configured).toBe(false);
  });
});
