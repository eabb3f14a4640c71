import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, signInToConsole } from './browser.js';
import { createTestApp, PASSWORD, type TestApp, type TestAppOptions } from './test-app.js';

export interface ConsoleApp {
  t: TestApp;
  browser: Browser;
  /** The server's address (http://127.0.0.1:port), also its public URL. */
  base: string;
  /** Bearer headers of an organization-admin API token of the organization. */
  auth: Record<string, string>;
  org: string;
  /** The platform admin's sign-in (password PASSWORD). */
  adminEmail: string;
  /** A fresh browser profile signed in to the console (as the platform admin unless told), on the users list. */
  signIn: (login?: string, password?: string, options?: BrowserContextOptions) => Promise<Page>;
  /** Creates a user and gives them a permanent password (PASSWORD): they can sign in at once. */
  activeUser: (body: Record<string, unknown>) => Promise<Awaited<ReturnType<TestApp['createUser']>>>;
  close: () => Promise<void>;
}

/**
 * What every console browser test sets up: the app listening on a real port, an organization
 * with an admin API token and a platform admin, and Chromium. Call in beforeAll, close in afterAll.
 */
export async function startConsoleApp(org: string, options: TestAppOptions = {}): Promise<ConsoleApp> {
  const t = await createTestApp({ worker: false, ...options });
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  const { auth } = await t.createOrg(org);
  const adminEmail = `admin@${org}.test`;
  await t.createPlatformAdmin(org, adminEmail);
  const browser = await launchBrowser();
  return {
    t,
    browser,
    base,
    auth,
    org,
    adminEmail,
    signIn: (login = adminEmail, password = PASSWORD, contextOptions = {}) => signInToConsole(browser, base, org, login, password, contextOptions),
    async activeUser(body) {
      const user = await t.createUser(auth, org, body);
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/${org}/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
      if (res.statusCode !== 200) throw new Error(`setting the password failed: ${res.statusCode} ${res.body}`);
      return user;
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
