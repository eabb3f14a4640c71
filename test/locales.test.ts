import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalog } from '../src/errors/catalog.js';
import { fromAcceptLanguage, LOCALES, messages } from '../src/i18n/index.js';
import { hashPassword } from '../src/lib/passwords.js';
import { htmlViews, textViews } from '../src/views/engine.js';
import { pageClient } from './helpers/pages.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let smtp: SmtpSink;
let acme: Record<string, string>;
let nihon: Record<string, string>;

const views = fileURLToPath(new URL('../src/views/', import.meta.url));
const langOf = (html: string) => /<html lang="([^"]*)"/.exec(html)?.[1];
const titleOf = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
const errorOf = (html: string) => /id="error">([^<]*)</.exec(html)?.[1];

async function activeUser(auth: Record<string, string>, org: string, body: Record<string, unknown>) {
  const user = await t.createUser(auth, org, body);
  await t.db.updateTable('users').set({ password_hash: await hashPassword(PASSWORD, t.ctx.argon2), status: 'active' }).where('id', '=', user.id).execute();
  return user;
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  ({ auth: acme } = await t.createOrg('acme'));
  ({ auth: nihon } = await t.createOrg('nihon'));
  const set = await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/nihon', headers: nihon, payload: { settings: { defaultLocale: 'ja' } } });
  expect(set.statusCode).toBe(200);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('the language of end-user pages', () => {
  it('when the browser asks for Spanish (es-MX), then the login page is in Spanish with <html lang="es">', async () => {
    const res = await t.app.inject({ url: '/o/acme/login', headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' } });
    expect(res.statusCode).toBe(200);
    expect(langOf(res.body)).toBe('es');
    expect(res.headers['content-language']).toBe('es');
    expect(titleOf(res.body)).toBe('Iniciar sesión');
    expect(res.body).toContain('<label for="login">Nombre de usuario o correo electrónico</label>');
    expect(res.body).toContain('¿Olvidaste tu contraseña?');
  });

  it('when the browser sends no Accept-Language, then the page is in the organization default (Japanese), else English', async () => {
    const ja = await t.app.inject({ url: '/o/nihon/login' });
    expect(langOf(ja.body)).toBe('ja');
    expect(titleOf(ja.body)).toBe('サインイン');
    expect(ja.body).toContain('パスワードをお忘れですか?');
    const unsupported = await t.app.inject({ url: '/o/nihon/login', headers: { 'accept-language': 'fr-CH, de;q=0.8' } });
    expect(langOf(unsupported.body)).toBe('ja');
    const en = await t.app.inject({ url: '/o/acme/login' });
    expect(langOf(en.body)).toBe('en');
    expect(titleOf(en.body)).toBe('Sign in');
  });

  it('when a signed-in person chose a language, then it comes before the browser’s, and they can change it on the account page', async () => {
    await activeUser(acme, 'acme', { username: 'kenji', email: 'kenji@example.com', locale: 'ja' });
    const c = pageClient(t);
    await c.get('/o/acme/login');
    expect((await c.post('/o/acme/login', { login: 'kenji', password: PASSWORD })).statusCode).toBe(303);
    const get = (url: string) => t.app.inject({ url, headers: { cookie: c.cookies, 'accept-language': 'es' } });
    const account = await get('/o/acme/account');
    expect(langOf(account.body)).toBe('ja');
    expect(titleOf(account.body)).toBe('アカウント');
    expect(account.body).toMatch(/<option value="ja" lang="ja" selected>日本語<\/option>/);
    expect(account.body).toContain('<dd id="signed-in-with">パスワード (1 要素)</dd>');

    const saved = await c.post('/o/acme/account/language', { locale: 'es' });
    expect(saved.statusCode).toBe(303);
    const after = await t.app.inject({ url: saved.headers.location as string, headers: { cookie: c.cookies, 'accept-language': 'ja' } });
    expect(langOf(after.body)).toBe('es');
    expect(after.body).toContain('Tu idioma se ha guardado.');
    const user = await t.db.selectFrom('users').select('locale').where('username', '=', 'kenji').executeTakeFirstOrThrow();
    expect(user.locale).toBe('es');

    // "As my browser asks": the browser decides again.
    await c.post('/o/acme/account/language', { locale: '' });
    expect(langOf((await t.app.inject({ url: '/o/acme/account', headers: { cookie: c.cookies, 'accept-language': 'ja' } })).body)).toBe('ja');
    expect(langOf((await t.app.inject({ url: '/o/acme/account', headers: { cookie: c.cookies } })).body)).toBe('en');
  });

  it('when a form fails, then the error shown is its catalog code’s translation; an English page keeps the English message', async () => {
    await activeUser(acme, 'acme', { username: 'lucia', email: 'lucia@example.com' });
    for (const [lang, expected] of [
      ['es', messages('es')['error.auth.invalid_credentials']],
      ['ja', messages('ja')['error.auth.invalid_credentials']],
      ['en', errorCatalog['auth.invalid_credentials'].title],
    ] as const) {
      const c = pageClient(t);
      await c.get('/o/acme/login');
      const res = await c.post('/o/acme/login', { login: 'lucia', password: 'not the password at all' }, { 'accept-language': lang });
      expect(res.statusCode).toBe(401);
      expect(langOf(res.body)).toBe(lang);
      expect(errorOf(res.body)).toBe(expected);
    }
  });

  it('when an error page is shown, then its title and text come from the code in the reader’s language', async () => {
    const es = await t.app.inject({ url: '/o/acme/no-such-page', headers: { 'accept-language': 'es' } });
    expect(es.statusCode).toBe(404);
    expect(titleOf(es.body)).toBe('Página no encontrada');
    expect(es.body).toContain('Ir al inicio de sesión');
    const ja = await t.app.inject({ url: '/o/nihon/no-such-page' });
    expect(titleOf(ja.body)).toBe('ページが見つかりません');
  });

  it('when a password breaks the policy on a Spanish page, then the message is the translation with the policy’s number filled in', async () => {
    await activeUser(acme, 'acme', { username: 'marta', email: 'marta@example.com' });
    const c = pageClient(t);
    await c.get('/o/acme/login');
    await c.post('/o/acme/login', { login: 'marta', password: PASSWORD });
    await c.get('/o/acme/account/password');
    const res = await c.post('/o/acme/account/password', { current: PASSWORD, password: 'short', confirm: 'short' }, { 'accept-language': 'es' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body)).toBe('La contraseña es demasiado corta: usa al menos 15 caracteres.');
  });
});

describe('the language of messages', () => {
  it('when a user with a locale is invited, then the invitation email is in their language', async () => {
    await t.createUser(acme, 'acme', { username: 'pablo', email: 'pablo@example.com', locale: 'es', invite: true });
    const mail = await smtp.waitFor('pablo@example.com');
    expect(mail.subject).toBe('Te han invitado a acme Inc.');
    expect(mail.text).toContain('Configura tu contraseña aquí:');
    expect(mail.html).toContain('<html lang="es">');
  });

  it('when the user has no locale, then the invitation email is in the organization default, else English', async () => {
    await t.createUser(nihon, 'nihon', { username: 'haruto', email: 'haruto@example.com', invite: true });
    const ja = await smtp.waitFor('haruto@example.com');
    expect(ja.subject).toBe('nihon Inc. への招待');
    expect(ja.text).toContain('次のリンクからパスワードを設定してください');
    // The date is written the Japanese way, not as an English UTC string.
    expect(ja.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d\d UTC に期限切れになります/);
    await t.createUser(acme, 'acme', { username: 'oliver', email: 'oliver@example.com', invite: true });
    expect((await smtp.waitFor('oliver@example.com')).subject).toBe("You're invited to acme Inc.");
  });
});

describe('the locale in the API', () => {
  it('when a locale outside the supported list is sent, then it is refused; a supported one is stored and returned', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/users', headers: acme, payload: { username: 'fr1', locale: 'fr' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('request.invalid');
    const created = await t.createUser(acme, 'acme', { username: 'yui' });
    expect(created.locale).toBeNull();
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/acme/users/${created.id}`, headers: acme, payload: { locale: 'ja' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().locale).toBe('ja');
    const badPatch = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/acme/users/${created.id}`, headers: acme, payload: { locale: 'ja-JP' } });
    expect(badPatch.statusCode).toBe(400);
    const badOrg = await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: acme, payload: { settings: { defaultLocale: 'de' } } });
    expect(badOrg.statusCode).toBe(400);
    const org = await t.app.inject({ url: '/api/v1/organizations/acme', headers: acme });
    expect(org.json().settings.defaultLocale).toBe('en');
  });
});

describe('Accept-Language', () => {
  it('when the header has quality values, regions, refusals or nothing supported, then the best supported language is chosen', () => {
    expect(fromAcceptLanguage('es-MX')).toBe('es');
    expect(fromAcceptLanguage('fr;q=0.9, ja;q=0.8, es;q=0.3')).toBe('ja');
    expect(fromAcceptLanguage('es;q=0, en;q=0.1')).toBe('en');
    expect(fromAcceptLanguage('JA-jp')).toBe('ja');
    expect(fromAcceptLanguage('de, fr')).toBeUndefined();
    expect(fromAcceptLanguage('*')).toBeUndefined();
    expect(fromAcceptLanguage('')).toBeUndefined();
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
  });
});

describe('the translations', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('when a key is in one dictionary, then it is in all three, with the same placeholders', () => {
    const en = messages('en');
    for (const locale of LOCALES) {
      const dict = messages(locale);
      const pageKeys = (d: Record<string, string>) => Object.keys(d).filter((k) => !k.startsWith('error.')).sort();
      expect(pageKeys(dict), locale).toEqual(pageKeys(en));
      for (const key of pageKeys(en)) {
        expect(dict[key]!.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(dict[key]!), `${locale} ${key}`).toEqual(placeholders(en[key]!));
      }
    }
  });

  it('when an error code is translated, then it is a catalog code, and Spanish and Japanese translate the same codes', () => {
    const errorKeys = (locale: 'es' | 'ja') => Object.keys(messages(locale)).filter((k) => k.startsWith('error.')).sort();
    expect(errorKeys('ja')).toEqual(errorKeys('es'));
    for (const key of errorKeys('es')) expect(Object.keys(errorCatalog), key).toContain(key.slice('error.'.length).replace(/\.plain$/, ''));
    // The codes a person meets on the sign-in, recovery and account pages are all translated.
    const endUser = [
      'auth.invalid_credentials', 'auth.throttled', 'auth.csrf', 'login_flow.expired', 'login_flow.exhausted', 'login_flow.ended',
      'password.too_short', 'password.too_long', 'password.common', 'password.repetitive', 'password.contains_identity', 'password.mismatch',
      'password.current_invalid', 'password.reused', 'password.temporary_expired', 'recovery.code_invalid', 'recovery.link_invalid', 'recovery.expired',
      'recovery.used', 'invitation.code_invalid', 'invitation.expired', 'mfa.code_invalid', 'pin_code.invalid', 'pin_code.quota_reached',
      'recovery_phone.code_invalid', 'device.limit_reached', 'route.not_found',
    ];
    for (const code of endUser) expect(errorKeys('es'), code).toContain(`error.${code}`);
  });

  it('when an email or SMS kind has a default, then it has Spanish and Japanese files for every part, and each parses', async () => {
    const kinds = (dir: string) => readdirSync(`${views}${dir}`, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const emailKinds = kinds('emails');
    expect(emailKinds.length).toBeGreaterThanOrEqual(14);
    for (const kind of emailKinds) {
      for (const locale of ['es', 'ja']) {
        for (const part of ['subject', 'text', 'html']) {
          expect(existsSync(`${views}emails/${kind}/${locale}/${part}.liquid`), `emails/${kind}/${locale}/${part}`).toBe(true);
          await (part === 'html' ? htmlViews : textViews).compile(`emails/${kind}/${locale}/${part}`);
        }
      }
    }
    for (const kind of kinds('sms')) {
      for (const locale of ['es', 'ja']) {
        expect(existsSync(`${views}sms/${kind}/${locale}/text.liquid`), `sms/${kind}/${locale}`).toBe(true);
        await textViews.compile(`sms/${kind}/${locale}/text`);
      }
    }
  });
});
