import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { launchBrowser } from './helpers/browser.js';

let t: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let base: string;
let api: Record<string, string>;
const shots = 'test-results/screenshots';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  await t.createPlatformAdmin('acme', 'admin@acme.test');
  api = await t.consoleLogin('acme', 'admin@acme.test');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
  const res = await t.app.inject({ method, url: `/api/v1/organizations/acme${url}`, headers: api, ...(payload && { payload }) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
};

describe('PIN-code sign-up in a real browser', () => {
  it('when an admin gives a holder a PIN and emails it, then the holder signs up a user on the sign-in page, who gets a temporary password, must change it, and has the holder’s groups, roles and inheritable attributes only', async () => {
    await call('PATCH', '', { settings: { login: { pinSignUp: 'web_only' } } });
    await call('POST', '/attributes', { name: 'team', type: 'string', inheritable: true });
    await call('POST', '/attributes', { name: 'badge', type: 'string' });
    await call('POST', '/groups', { name: 'Partners' });
    const lead = await call('POST', '/users', { username: 'lead', email: 'lead@partner.test', groups: ['Partners'], roles: ['reseller'], attributes: { team: 'blue', badge: 'B-17' } });

    // The admin gives the PIN in the console and emails it to the person who asked for it.
    const console = await (await browser.newContext()).newPage();
    await console.goto(`${base}/admin/`);
    await console.getByLabel('Organization').fill('acme');
    await console.getByLabel('Email or username').fill('admin@acme.test');
    await console.getByLabel('Password').fill(PASSWORD);
    await console.getByRole('button', { name: 'Sign in' }).click();
    await console.getByRole('heading', { name: 'Users' }).waitFor();
    await console.goto(`${base}/admin/users/${lead.id}?tab=security`);
    await console.getByRole('button', { name: 'Give a PIN' }).click();
    const give = console.getByRole('dialog', { name: 'Give a PIN' });
    await give.getByLabel('Quota').fill('3');
    await give.getByRole('button', { name: 'Give PIN' }).click();
    await console.getByTestId('pin-usage').waitFor();
    expect(await console.getByTestId('pin-usage').textContent()).toBe('0 of 3');
    const shown = (await console.getByTestId('pin-code').textContent())!;
    expect(shown).toMatch(/^[A-Z0-9]{10}$/);
    await console.getByRole('button', { name: 'Email PIN code' }).click();
    const send = console.getByRole('dialog', { name: 'Email PIN code' });
    await send.getByLabel('Send to').fill('requester@partner.test');
    await send.getByRole('button', { name: 'Send' }).click();
    await console.getByText('Sent to requester@partner.test.').waitFor();
    await console.screenshot({ path: `${shots}/pin-code-console.png`, fullPage: true });
    // The list says who holds a PIN.
    await console.goto(`${base}/admin/users`);
    await console.getByText('PIN holder').first().waitFor();

    const pinMail = await smtp.waitFor('requester@partner.test');
    expect(pinMail.subject).toBe('Your acme sign-up PIN');
    const pin = /^ {4}([A-Z0-9]{10})$/m.exec(pinMail.text)![1]!;
    expect(pin).toBe(shown);

    // The holder signs up a new user from the sign-in page.
    const holder = await (await browser.newContext()).newPage();
    await holder.goto(`${base}/o/acme/login`);
    await holder.getByRole('link', { name: 'Sign up with a PIN code' }).click();
    await holder.getByRole('heading', { name: 'Sign up with a PIN code' }).waitFor();
    await holder.getByLabel('PIN code').fill('WRONGPIN00');
    await holder.getByLabel('Email of the new user').fill('newbie@partner.test');
    await holder.getByLabel('Username of the new user').fill('newbie');
    await holder.getByRole('button', { name: 'Create account' }).click();
    expect(await holder.locator('#error').textContent()).toBe('Wrong or expired PIN');
    // What was typed is kept, except the PIN.
    expect(await holder.getByLabel('Username of the new user').inputValue()).toBe('newbie');
    await holder.getByLabel('PIN code').fill(pin.toLowerCase());
    await holder.getByRole('button', { name: 'Create account' }).click();
    await holder.locator('#notice').waitFor();
    expect(await holder.locator('#notice').textContent()).toContain('The account newbie is created');
    expect(await holder.locator('#remaining').textContent()).toBe('This PIN may create 2 more accounts.');
    await holder.screenshot({ path: `${shots}/pin-sign-up.png`, fullPage: true });

    // The new user's temporary password arrives, signs in, and must be changed first.
    const welcome = await smtp.waitFor('newbie@partner.test');
    expect(welcome.subject).toBe('Your new acme account');
    const temporary = /^ {4}(\S+)$/m.exec(welcome.text)![1]!;
    const newbie = await (await browser.newContext()).newPage();
    await newbie.goto(`${base}/o/acme/login`);
    await newbie.getByLabel('Username or email').fill('newbie');
    await newbie.getByLabel('Password').fill(temporary);
    await newbie.getByRole('button', { name: 'Sign in' }).click();
    await newbie.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await newbie.getByLabel('New password').fill('my own long passphrase here');
    await newbie.getByLabel('Confirm password').fill('my own long passphrase here');
    await newbie.getByRole('button', { name: 'Set password' }).click();
    await newbie.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await newbie.locator('#username').textContent()).toBe('newbie');

    const [created] = (await call('GET', '/users?search=newbie')).items;
    expect(created).toMatchObject({ groups: ['Partners'], roles: ['reseller'], attributes: { team: 'blue' }, privilege: 'user', status: 'active' });
    expect(created.attributes).not.toHaveProperty('badge');

    // The admin sees the created user on the holder's page; the count went up.
    await console.goto(`${base}/admin/users/${lead.id}?tab=security`);
    await console.getByRole('table', { name: 'Users created with the PIN' }).getByRole('link', { name: 'newbie' }).waitFor();
    expect(await console.getByTestId('pin-usage').textContent()).toBe('1 of 3');

    // The users list filters holders.
    await console.goto(`${base}/admin/users`);
    await console.getByRole('link', { name: 'newbie' }).waitFor();
    await console.getByLabel('Type', { exact: true }).click();
    await console.getByRole('option', { name: 'PIN holders' }).click();
    await console.getByRole('link', { name: 'newbie' }).waitFor({ state: 'detached' });
    expect(await console.getByRole('link', { name: 'lead' }).isVisible()).toBe(true);
  }, 120_000);
});
