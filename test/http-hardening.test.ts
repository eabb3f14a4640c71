import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/http/logging.js';
import { setupLinkIfNeeded } from '../src/features/setup/service.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { pageClient, pathOf } from './helpers/pages.js';
import { launchBrowser } from './helpers/browser.js';

const consoleBuilt = existsSync(fileURLToPath(new URL('../dist/console/index.html', import.meta.url)));

/** An app whose server logger writes into `lines`, exactly as `latchkey serve` logs. */
async function appWithCapturedLog(level: string, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const log = createLogger(level, { write: (s: string) => void lines.push(s) });
  const t = await createTestApp({ log, env });
  return { t, lines };
}

describe('request logs', () => {
  for (const level of ['info', 'debug']) {
    it(`when a whole invitation, sheet and setup flow runs at LOG_LEVEL=${level}, then no secret of it appears in the log`, async () => {
      const { t, lines } = await appWithCapturedLog(level);
      try {
        const secrets: string[] = [PASSWORD];
        const setupLink = (await setupLinkIfNeeded(t.ctx))!;
        secrets.push(setupLink.split('/').pop()!);
        expect((await pageClient(t).get(pathOf(setupLink))).statusCode).toBe(200);
        // A mistyped copy of the link (trailing slash: no route) must not leak it either.
        expect((await t.app.inject({ url: `${pathOf(setupLink)}/` })).statusCode).toBe(404);

        const { token, auth } = await t.createOrg('acme');
        secrets.push(token);
        const user = await t.createUser(auth, 'acme', { username: 'logged', email: 'logged@example.com', invite: true, shareLink: true });
        const sheetUrl = user.invitation!.viewUrl!;
        secrets.push(sheetUrl.split('/').pop()!);
        const sheet = await pageClient(t).get(pathOf(sheetUrl));
        expect(sheet.statusCode).toBe(200);
        const link = /<dd id="secret">(http:\/\/latchkey\.test\/o\/acme\/invitations\/[^<]+)<\/dd>/.exec(sheet.body)![1]!;
        secrets.push(link.split('/').pop()!);

        const c = pageClient(t);
        expect((await c.get(pathOf(link))).body).toContain('Set your password');
        expect((await c.post(pathOf(link), { password: PASSWORD, confirm: PASSWORD })).statusCode).toBe(303);
        // Query values are redacted too, whatever their name.
        await c.get(`/o/acme/login?token=${secrets[1]}&notice=${encodeURIComponent(PASSWORD)}`);
        expect((await c.post('/o/acme/login', { login: 'logged', password: PASSWORD })).headers.location).toBe('/o/acme/account');
        secrets.push(...c.cookies.split('; ').map((kv) => kv.split('=')[1]!));

        const reset = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: 'printed temporary 42', shareLink: true } });
        expect(reset.statusCode).toBe(200);
        secrets.push('printed temporary 42', reset.json().viewUrl.split('/').pop());
        expect((await pageClient(t).get(pathOf(reset.json().viewUrl))).body).toContain('printed temporary 42');

        const consoleAuth = await t.consoleLogin('acme', 'logged').catch(() => undefined);
        if (consoleAuth) secrets.push(consoleAuth.cookie.split('=')[1]!, consoleAuth['x-csrf-token']);
        await t.app.inject({ url: '/api/v1/auth/me', headers: { ...auth, cookie: `lk_console=${secrets[1]}` } });

        const log = lines.join('');
        // The log is really there and has the request lines, just without secrets.
        expect(log).toContain('"url":"/o/acme/invitations/[redacted]"');
        expect(log).toContain('"url":"/o/acme/sheets/[redacted]"');
        expect(log).toContain('"url":"/setup/[redacted]"');
        expect(log).toContain('"url":"/o/acme/login?token=[redacted]&notice=[redacted]"');
        for (const secret of secrets) {
          expect(secret.length).toBeGreaterThan(8);
          expect(log.includes(secret), `secret ${secret.slice(0, 6)}… in the log`).toBe(false);
          expect(log.includes(encodeURIComponent(secret)), `secret ${secret.slice(0, 6)}… in the log`).toBe(false);
        }
        expect(log).not.toMatch(/authorization|cookie|bearer/i);
      } finally {
        await t.close();
      }
    });
  }

  it('when a client sends odd paths under /admin/, then it gets 404, nothing is logged as an error and the console deep links still load', async () => {
    const { t, lines } = await appWithCapturedLog('info');
    try {
      for (const url of ['/admin//x', '/admin//', '/admin/assets//x.js', '/admin/....//', '/admin/%00']) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(404);
        expect(res.body, url).toContain('Page not found');
      }
      // An encoded climb out of the console is at most the console's own index, never a file above it.
      expect((await t.app.inject({ url: '/admin/..%2f..%2fpackage.json' })).body).not.toContain('"dependencies"');
      const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
      expect(errors).toEqual([]);
      if (consoleBuilt) expect((await t.app.inject({ url: '/admin/users/123' })).body).toContain('<div id="root">');
    } finally {
      await t.close();
    }
  });
});

describe('browser hardening headers', () => {
  let t: TestApp;
  let behindProxy: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    behindProxy = await createTestApp({ worker: false, databaseUrl: t.databaseUrl, env: { TRUST_PROXY: '1' } });
    await t.createOrg('acme');
  });
  afterAll(async () => {
    await behindProxy?.close();
    await t?.close();
  });

  const pagesToCheck = ['/admin/', '/admin/users/42', '/api/docs/', '/o/acme/login', '/o/acme/invitations/not-a-real-token', '/o/acme/sheets/x', '/nope'];

  it('when the console, its deep links, the API docs or an end-user page is fetched, then a strict CSP forbids framing and inline script', async () => {
    for (const url of pagesToCheck) {
      const res = await t.app.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toMatch(/script-src 'self'(;|$)/);
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('when a request arrives over https through a trusted proxy, then HSTS is sent; the same header from an untrusted client changes nothing', async () => {
    const viaProxy = await behindProxy.app.inject({ url: '/o/acme/login', headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(viaProxy.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const plain = await behindProxy.app.inject({ url: '/o/acme/login' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const spoofed = await t.app.inject({ url: '/o/acme/login', headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });

  it('when anything under /api answers (success, error, docs, a created token), then it says Cache-Control: no-store', async () => {
    const { auth } = await t.createOrg('cachy');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/cachy/api-tokens', headers: auth, payload: { name: 'ci', privilege: 'org_admin' } });
    expect(created.statusCode).toBe(201);
    const answers = [
      created,
      await t.app.inject({ url: '/api/v1/organizations/cachy/users', headers: auth }),
      await t.app.inject({ url: '/api/v1/auth/me' }),
      await t.app.inject({ url: '/api/v1/no-such-thing' }),
      await t.app.inject({ url: '/api/openapi.json' }),
      await t.app.inject({ url: '/api/docs/' }),
      await t.app.inject({ url: '/api/docs/static/swagger-ui.css' }),
    ];
    for (const res of answers) expect(res.headers['cache-control'], `${res.statusCode} ${res.body.slice(0, 60)}`).toBe('no-store');
  });

  it.skipIf(!consoleBuilt)('when the console is loaded, then hashed assets are immutable and compressed, index and deep links revalidate', async () => {
    const index = await t.app.inject({ url: '/admin/', headers: { 'accept-encoding': 'br, gzip' } });
    expect(index.headers['cache-control']).toBe('no-cache');
    const deep = await t.app.inject({ url: '/admin/users/42' });
    expect(deep.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(deep.body)![1]!;
    const asset = await t.app.inject({ url: script, headers: { 'accept-encoding': 'gzip' } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.rawPayload.length).toBeLessThan(Number((await t.app.inject({ url: script })).rawPayload.length) / 2);
    // Pages and API answers hold secrets beside reflected input: never compressed (BREACH).
    for (const url of ['/o/acme/login', '/api/v1/auth/me']) {
      expect((await t.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } })).headers['content-encoding'], url).toBeUndefined();
    }
  });

  it.skipIf(!consoleBuilt)('when the console and the API docs run in a real browser, then they work under the CSP without a single violation', async () => {
    const app = await createTestApp({ worker: false, databaseUrl: t.databaseUrl });
    const base = await app.app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await launchBrowser();
    try {
      await app.createPlatformAdmin('acme', 'csp@acme.test');
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${base}/admin/`);
      await page.getByLabel('Organization').fill('acme');
      await page.getByLabel('Email or username').fill('csp@acme.test');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      await page.goto(`${base}/api/docs/`);
      await page.getByText('Latchkey API').first().waitFor();
      await page.goto(`${base}/o/acme/login`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
      await app.close();
    }
  }, 60_000);
});

describe('error pages with a way forward', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    await t.createOrg('acme');
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("when an address under an organization leads nowhere, then a 404 page in its layout links to its sign-in page", async () => {
    const res = await fetch(`${base}/o/acme/nope`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<p class="brand">acme Inc.</p>');
    expect(html).toContain('Page not found');
    expect(html).toContain('<a href="/o/acme/login">Go to sign in</a>');
  });

  it('when an address outside any organization leads nowhere, then the 404 page links to the start page; the API keeps problem+json', async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<a href="/">Go to the start page</a>');
    const unknownOrg = await (await fetch(`${base}/o/no-such-org/nope`)).text();
    expect(unknownOrg).not.toContain('class="brand"');
    const api = await fetch(`${base}/api/v1/nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect((await api.json()).code).toBe('route.not_found');
  });

  it('when a form post is too large, then a 413 page says to shorten it and links back to the form and to sign in', async () => {
    const res = await fetch(`${base}/o/acme/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `login=${'x'.repeat(100 * 1024)}`,
    });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('<p class="brand">acme Inc.</p>');
    expect(html).toContain('shorten what you entered');
    expect(html).toContain('<a href="/o/acme/login">Back to the form</a>');
    expect(html).toContain('<a href="/o/acme/login">Go to sign in</a>');
    const api = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'y'.repeat(2 * 1024 * 1024) }) });
    expect(api.status).toBe(413);
    expect((await api.json()).code).toBe('request.too_large');
  });
});
