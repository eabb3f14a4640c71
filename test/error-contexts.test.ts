import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
  ({ auth } = await t.createOrg('acme'));
});
afterAll(() => t.close());

describe('errors per context', () => {
  it('when the same client error happens in the API and on a page, then the API answers problem+json and the page answers HTML', async () => {
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"username":' });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ code: 'request.invalid', status: 400 });

    const page = await t.app.inject({ method: 'POST', url: '/o/acme/login', headers: { 'content-type': 'application/json' }, payload: '{"login":' });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<html');
  });

  it('when an unknown path is asked for, then under /api it is a problem for anyone, elsewhere a page', async () => {
    const api = await t.app.inject({ url: '/api/v1/no-such-thing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'route.not_found' });
    const page = await t.app.inject({ url: '/o/acme/no-such-page' });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('when the server fails inside the API and on a page, then each answers in its own form and neither tells the cause', async () => {
    // A real fault: the table behind invitations disappears under the running server.
    await sql`alter table invitations rename to invitations_gone`.execute(t.db);
    try {
      const api = await t.app.inject({ url: '/api/v1/organizations/acme/onboarding', headers: auth });
      expect(api.statusCode).toBe(500);
      expect(api.headers['content-type']).toContain('application/problem+json');
      expect(api.json()).toEqual({ type: expect.any(String), title: expect.any(String), status: 500, code: 'internal', instance: '/api/v1/organizations/acme/onboarding' });

      const page = await t.app.inject({ url: '/o/acme/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
      expect(page.statusCode).toBe(500);
      expect(page.headers['content-type']).toContain('text/html');
      for (const body of [api.body, page.body]) {
        expect(body).not.toMatch(/invitations|relation|does not exist|at .*\.js/);
      }
    } finally {
      await sql`alter table invitations_gone rename to invitations`.execute(t.db);
    }
  });
});
