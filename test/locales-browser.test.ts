import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations } from './helpers/axe.js';
import { launchBrowser, signInToConsole } from './helpers/browser.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let browser: Browser;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.ctx.publicUrl = base;
  browser = await launchBrowser();
  ({ auth } = await t.createOrg('mundo'));
  await t.createPlatformAdmin('mundo', 'admin@mundo.test');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function userWithPassword(username: string) {
  const user = await t.createUser(auth, 'mundo', { username, email: `${username}@mundo.test` });
  await t.app.inject({ method: 'POST', url: `/api/v1/organizations/mundo/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  return user;
}

describe('localized pages in the browser', () => {
  it('when a Spanish browser signs in, then the pages and errors are Spanish, and the person can switch their account to Japanese', async () => {
    await userWithPassword('sofia');
    const page = await (await browser.newContext({ locale: 'es-MX', bypassCSP: true })).newPage();
    await page.goto(`${base}/o/mundo/login`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await page.getByLabel('Nombre de usuario o correo electrónico').fill('sofia');
    await page.getByLabel('Contraseña').fill('this is not her password');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('alert').getByText('Nombre de usuario, correo electrónico o contraseña incorrectos').waitFor();

    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Tu cuenta' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Idioma').selectOption('ja');
    await page.getByRole('button', { name: 'Guardar' }).first().click();
    await page.getByRole('heading', { name: 'アカウント' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await page.getByText('言語を保存しました。').waitFor();
    // The sessions list writes its dates the Japanese way.
    expect(await page.locator('#sessions').innerText()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when an administrator sets the default language in the console, then a browser asking for no supported language gets it, and a user’s own language overrides it', async () => {
    const admin = await signInToConsole(browser, base, 'mundo', 'admin@mundo.test', PASSWORD);
    await admin.goto(`${base}/admin/organization`);
    const section = admin.getByRole('region', { name: 'Default language' });
    await section.getByLabel('Default language').selectOption('es');
    await section.getByRole('button', { name: 'Apply default language' }).click();
    await admin.getByText('Default language saved').waitFor();

    const french = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await french.goto(`${base}/o/mundo/login`);
    expect(await french.getAttribute('html', 'lang')).toBe('es');
    await french.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();

    // The user's own language, set by the administrator on the user's page.
    const user = await userWithPassword('takumi');
    await admin.goto(`${base}/admin/users/${user.id}`);
    const language = admin.getByRole('region', { name: 'Language' });
    await language.getByLabel('Language').selectOption('ja');
    await language.getByRole('button', { name: 'Apply language' }).click();
    await admin.getByText('Language saved').waitFor();
    expect((await t.db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow()).locale).toBe('ja');

    await french.getByLabel('Nombre de usuario o correo electrónico').fill('takumi');
    await french.getByLabel('Contraseña').fill(PASSWORD);
    await french.getByRole('button', { name: 'Iniciar sesión' }).click();
    await french.getByRole('heading', { name: 'アカウント' }).waitFor();
  });
});
