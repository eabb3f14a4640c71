import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from './helpers/http-receiver.js';
import { pageClient } from './helpers/pages.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { createTestApp, PASSWORD, type TestApp } from './helpers/test-app.js';
import { waitUntil } from './helpers/wait.js';
import { systemActor } from '../src/access/index.js';
import * as apiTokens from '../src/features/api-tokens/service.js';
import { verifiedNumber } from '../src/features/recovery-phone/service.js';

let t: TestApp;
let smtp: SmtpSink;
let sms: Awaited<ReturnType<typeof startReceiver>>;
let auth: Record<string, string>;
let orgId: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  sms = await startReceiver(200);
  t = await createTestApp({ smtpUrl: smtp.url, env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: `${sms.url}/sms`, SMS_WEBHOOK_SECRET: 'webhook-shared-secret' } });
  const created = await t.createOrg('acme');
  auth = created.auth;
  orgId = created.org.id;
});
afterAll(async () => {
  await t.close();
  await sms.close();
  await smtp.close();
});

const errorOf = (html: string) => /id="error">([^<]*)</.exec(html)?.[1]?.replace(/&#39;/g, "'");
/** The texts sent to a number, as the SMS provider received them. */
const textsTo = (number: string) => sms.received.map((r) => JSON.parse(r.body) as { to: string; body: string }).filter((m) => m.to === number);
const codeTo = async (number: string, nth = 1) => {
  const m = await waitUntil(async () => textsTo(number)[nth - 1], `SMS ${nth} to ${number}`);
  return /(\d{6}) is your code/.exec(m.body)![1]!;
};

async function userWithPassword(username: string, extra: Record<string, unknown> = {}) {
  const user = await t.createUser(auth, 'acme', { username, email: `${username}@example.com`, ...extra });
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/organizations/acme/users/${user.id}/password`, headers: auth, payload: { password: PASSWORD, temporary: false } });
  expect(res.statusCode).toBe(200);
  return user;
}

async function signedIn(login: string) {
  const c = pageClient(t);
  await c.get('/o/acme/login');
  const res = await c.post('/o/acme/login', { login, password: PASSWORD });
  expect(res.headers.location).toBe('/o/acme/account');
  await c.get('/o/acme/account/phone');
  return c;
}

/** A signed-in user whose recovery phone got a code: the page client and the code. */
async function withCode(username: string, number: string, national: string, country = 'CH') {
  const user = await userWithPassword(username);
  const c = await signedIn(username);
  const res = await c.post('/o/acme/account/phone', { country, number: national, consent: 'yes' });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/o/acme/account/phone?notice=code-sent');
  return { user, c, code: await codeTo(number) };
}

const audits = async (action: string, targetId: string) =>
  (await t.app.inject({ url: `/api/v1/organizations/acme/audit-events?action=${action}&targetId=${targetId}`, headers: auth })).json().items as { action: string; actor: unknown; data: Record<string, unknown> }[];

describe('adding a recovery phone on the account page (forms, no JavaScript)', () => {
  it('when a user adds a number with consent and proves it with the texted code, then it is verified, shown masked, audited and emailed', async () => {
    const user = await userWithPassword('vera');
    const c = await signedIn('vera');
    const account = await c.get('/o/acme/account');
    expect(account.body).toContain('id="recovery-phone"');
    expect(account.body).toContain('Add a recovery phone');
    const form = await c.get('/o/acme/account/phone');
    expect(form.body).toContain('I agree to receive security codes by SMS at this number. Messages and carrier rates may apply.');
    expect(form.body).toContain('<option value="CH">Switzerland (+41)</option>');
    expect(form.body).toMatch(/<option value="US" selected>United States \(\+1\)<\/option>/);

    const sent = await c.post('/o/acme/account/phone', { country: 'CH', number: '079 555 01 01', consent: 'yes' });
    expect(sent.headers.location).toBe('/o/acme/account/phone?notice=code-sent');
    const code = await codeTo('+41795550101');
    expect(textsTo('+41795550101')[0]!.body).toContain('recovery phone of vera');
    const waiting = await c.get('/o/acme/account/phone?notice=code-sent');
    expect(waiting.body).toContain('Prove it');
    expect(waiting.body).toContain('+41 •••••••01');
    expect((await c.get('/o/acme/account')).body).toContain('not verified yet');
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBeUndefined();

    const proved = await c.post('/o/acme/account/phone/verify', { code });
    expect(proved.statusCode).toBe(303);
    expect(proved.headers.location).toBe('/o/acme/account?notice=phone-verified');
    const after = await c.get(proved.headers.location!);
    expect(after.body).toContain('Your recovery phone is verified.');
    expect(after.body).toContain('+41 •••••••01');
    expect(after.body).not.toContain('+41795550101');
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBe('+41795550101');

    const mail = await smtp.waitFor('vera@example.com', (m) => m.subject.includes('recovery phone was added'));
    expect(mail.text).toContain('+41 •••••••01');
    expect((await audits('recovery_phone.set', user.id))[0]).toMatchObject({ data: { number: '+41 •••••••01', country: 'CH', replaced: null } });
    expect((await audits('recovery_phone.verified', user.id))).toHaveLength(1);
    // The code is in the outbox only masked for anyone reading it.
    const outbox = await t.db.selectFrom('outbox_messages').select(['kind', 'redacted_text_body']).where('recipient', '=', '+41795550101').executeTakeFirstOrThrow();
    expect(outbox.kind).toBe('recovery_phone_verification');
    expect(outbox.redacted_text_body).toContain('•••••• is your code');
    expect(outbox.redacted_text_body).not.toContain(code);
  });

  it('when a verified recovery phone is replaced by another number, then the person is emailed that the verified one no longer receives codes', async () => {
    const { c, code } = await withCode('swapper', '+41795550161', '079 555 01 61');
    expect((await c.post('/o/acme/account/phone/verify', { code })).statusCode).toBe(303);
    const res = await c.post('/o/acme/account/phone', { country: 'CH', number: '079 555 01 62', consent: 'yes' });
    expect(res.headers.location).toBe('/o/acme/account/phone?notice=code-sent');
    const mail = await smtp.waitFor('swapper@example.com', (m) => m.subject.includes('recovery phone') && m.subject.includes('removed'));
    expect(mail.text).toContain('+41 •••••••61');
    expect(mail.text).toContain('No more security codes will be sent to it.');
  });

  it('when consent is not ticked, then nothing is stored or sent and the page says what to do', async () => {
    const user = await userWithPassword('noconsent');
    const c = await signedIn('noconsent');
    const res = await c.post('/o/acme/account/phone', { country: 'CH', number: '079 555 02 02', consent: '' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body)).toContain('Tick the box to agree to receive security codes by SMS');
    expect(res.body).toContain('value="079 555 02 02"');
    const api = await t.app.inject({ url: `/api/v1/organizations/acme/users/${user.id}/recovery-phone`, headers: auth });
    expect(api.json().recoveryPhone).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(textsTo('+41795550202')).toHaveLength(0);
  });

  it('when the number is not valid for the chosen country, then it is refused and the country is named', async () => {
    await userWithPassword('badnum');
    const c = await signedIn('badnum');
    const res = await c.post('/o/acme/account/phone', { country: 'CH', number: '555', consent: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body)).toBe('This is not a valid phone number in Switzerland (+41). Check the number, or choose the country it belongs to.');
    expect(res.body).toMatch(/<option value="CH" selected>/);
    // A valid number of another country is not a number of this one.
    const other = await c.post('/o/acme/account/phone', { country: 'US', number: '+41 79 555 03 03', consent: 'yes' });
    expect(errorOf(other.body)).toContain('United States (+1)');
  });

  it('when wrong codes are typed, then each counts, the page says how many tries are left, and at five the code stops working even when right', async () => {
    const { user, c, code } = await withCode('wrongcode', '+41795550404', '079 555 04 04');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left--) {
      const res = await c.post('/o/acme/account/phone/verify', { code: wrong });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res.body)).toContain(`${left} ${left === 1 ? 'try' : 'tries'} left`);
    }
    const fifth = await c.post('/o/acme/account/phone/verify', { code: wrong });
    expect(fifth.statusCode).toBe(410);
    expect(errorOf(fifth.body)).toBe('Too many wrong codes: this code no longer works. Send a new code.');
    const right = await c.post('/o/acme/account/phone/verify', { code });
    expect(right.statusCode).toBe(410);
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBeUndefined();
    expect(await audits('recovery_phone.code_exhausted', user.id)).toHaveLength(1);

    // A new code works; the old one never comes back.
    expect((await c.post('/o/acme/account/phone/resend', {})).headers.location).toBe('/o/acme/account/phone?notice=code-sent');
    const fresh = await codeTo('+41795550404', 2);
    if (fresh !== code) expect((await c.post('/o/acme/account/phone/verify', { code })).statusCode).toBe(400);
    expect((await c.post('/o/acme/account/phone/verify', { code: fresh })).statusCode).toBe(303);
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBe('+41795550404');
  });

  it('when 30 wrong codes are typed at the same time, then no more than five are counted, the code stops working and the right one is refused after', async () => {
    const { user, c, code } = await withCode('parallel', '+41795550414', '079 555 04 14');
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = await Promise.all(Array.from({ length: 30 }, () => c.post('/o/acme/account/phone/verify', { code: wrong })));
    expect(answers.filter((r) => r.statusCode === 400)).toHaveLength(4);
    const row = await t.db.selectFrom('recovery_phone_codes').select(['attempts', 'state']).where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 5, state: 'exhausted' });
    expect((await c.post('/o/acme/account/phone/verify', { code })).statusCode).toBe(410);
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBeUndefined();
  });

  it('when the code is older than ten minutes, then it has expired and the page offers a new one', async () => {
    const { c, code } = await withCode('slowpoke', '+41795550505', '079 555 05 05');
    t.clock.advance(11 * 60_000);
    // The session is older than the re-authentication window too: the password again first.
    expect((await c.post('/o/acme/account/reauthenticate', { password: PASSWORD, return_to: '/o/acme/account/phone' })).headers.location).toBe('/o/acme/account/phone');
    const res = await c.post('/o/acme/account/phone/verify', { code });
    expect(res.statusCode).toBe(410);
    expect(errorOf(res.body)).toBe('This code has expired: send a new code.');
    expect(res.body).toContain('Send a new code');
  });

  it('when the number is changed after it was verified, then the new one is unverified and the code of the old one proves nothing', async () => {
    const { user, c, code } = await withCode('changer', '+41795550606', '079 555 06 06');
    expect((await c.post('/o/acme/account/phone/verify', { code })).statusCode).toBe(303);
    await c.get('/o/acme/account/phone');
    expect((await c.post('/o/acme/account/phone', { country: 'CH', number: '079 555 06 07', consent: 'yes' })).statusCode).toBe(303);
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBeUndefined();
    expect((await c.get('/o/acme/account')).body).toContain('not verified yet');
    const codeNew = await codeTo('+41795550607');
    // Typing the new code before the second change, then changing again: the code was for the earlier number.
    expect((await c.post('/o/acme/account/phone', { country: 'CH', number: '079 555 06 08', consent: 'yes' })).statusCode).toBe(303);
    const stale = await c.post('/o/acme/account/phone/verify', { code: codeNew });
    expect(stale.statusCode).not.toBe(303);
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBeUndefined();
    expect(await audits('recovery_phone.set', user.id)).toHaveLength(3);
  });

  it('when a user removes their own phone, then it is gone, the code stops working, and it is audited', async () => {
    const { user, c, code } = await withCode('remover', '+41795550707', '079 555 07 07');
    const res = await c.post('/o/acme/account/phone/remove', {});
    expect(res.headers.location).toBe('/o/acme/account?notice=phone-removed');
    expect((await c.get('/o/acme/account?notice=phone-removed')).body).toContain('Add a recovery phone');
    expect((await c.post('/o/acme/account/phone/verify', { code })).statusCode).toBe(404);
    expect((await audits('recovery_phone.removed', user.id))[0]).toMatchObject({ data: { by: 'user', wasVerified: false } });
  });

  it('when codes are asked for over and over, then the sixth within an hour is refused with when to try again', async () => {
    const { c } = await withCode('spammer', '+41795550808', '079 555 08 08');
    for (let i = 0; i < 4; i++) expect((await c.post('/o/acme/account/phone/resend', {})).statusCode).toBe(303);
    const res = await c.post('/o/acme/account/phone/resend', {});
    expect(res.statusCode).toBe(429);
    expect(errorOf(res.body)).toMatch(/Too many codes were sent. Try again in \d+ minutes/);
    await waitUntil(async () => textsTo('+41795550808').length === 5, 'five texts');
    t.clock.advance(61 * 60_000);
    expect((await c.post('/o/acme/account/phone/resend', {})).statusCode).toBe(303);
  });

  it('when the pages are opened without a session, then they send the browser to sign in', async () => {
    const c = pageClient(t);
    expect((await c.get('/o/acme/account/phone')).headers.location).toBe('/o/acme/login');
  });
});

describe('an unverified phone', () => {
  it('when a phone is not verified, then verifiedNumber is undefined and the only message it ever got is the verification code', async () => {
    const { user } = await withCode('unproved', '+41795550909', '079 555 09 09');
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBeUndefined();
    const kinds = await t.db.selectFrom('outbox_messages').select('kind').where('recipient', '=', '+41795550909').execute();
    expect(kinds.map((k) => k.kind)).toEqual(['recovery_phone_verification']);
  });
});

describe('the self-service API', () => {
  async function adminSession(username: string) {
    await userWithPassword(username, { privilege: 'org_admin' });
    return t.consoleLogin('acme', username);
  }

  it('when a signed-in person sets and verifies their phone over the API, then it is verified; 20 parallel tries of one code verify exactly once', async () => {
    const headers = await adminSession('apiperson');
    const set = await t.app.inject({ method: 'PUT', url: '/api/v1/me/recovery-phone', headers, payload: { country: 'CH', number: '079 555 10 10', consent: true } });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ codeSent: true, recoveryPhone: { number: '+41795551010', state: 'unverified', verifiedAt: null } });
    const code = await codeTo('+41795551010');
    const tries = await Promise.all(
      Array.from({ length: 20 }, () => t.app.inject({ method: 'POST', url: '/api/v1/me/recovery-phone/verify', headers, payload: { code } })),
    );
    const statuses = tries.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // Each try takes one of the code's attempts before it compares (so parallel guesses can't
    // exceed them): tries beyond the attempts find the code used up, even the right one.
    for (const r of tries.filter((x) => x.statusCode !== 200)) expect(['recovery_phone.code_used', 'recovery_phone.already_verified', 'recovery_phone.code_exhausted']).toContain(r.json().code);
    const own = await t.app.inject({ url: '/api/v1/me/recovery-phone', headers });
    expect(own.json().recoveryPhone).toMatchObject({ state: 'verified', number: '+41795551010' });
    const audit = await t.db.selectFrom('audit_events').select('id').where('action', '=', 'recovery_phone.verified').where('actor_label', '=', 'apiperson').execute();
    expect(audit).toHaveLength(1);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/me/recovery-phone', headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/me/recovery-phone', headers })).json().recoveryPhone).toBeNull();
  });

  it('when consent is false or the number is wrong, then the API answers 400 with the reason', async () => {
    const headers = await adminSession('apiconsent');
    const noConsent = await t.app.inject({ method: 'PUT', url: '/api/v1/me/recovery-phone', headers, payload: { country: 'CH', number: '079 555 11 11', consent: false } });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().code).toBe('recovery_phone.consent_required');
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/me/recovery-phone', headers, payload: { country: 'DE', number: '12', consent: true } });
    expect(bad.json()).toMatchObject({ code: 'recovery_phone.number_invalid', country: 'DE' });
    expect(bad.json().detail).toContain('Germany (+49)');
  });

  it('when an API token calls a /me route, then it is refused with auth.session_required', async () => {
    for (const [method, url] of [['GET', '/api/v1/me/recovery-phone'], ['PUT', '/api/v1/me/recovery-phone'], ['POST', '/api/v1/me/recovery-phone/verify'], ['DELETE', '/api/v1/me/recovery-phone']] as const) {
      const res = await t.app.inject({ method, url, headers: auth, payload: method === 'PUT' ? { country: 'CH', number: '0795551212', consent: true } : method === 'POST' ? { code: '123456' } : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('auth.session_required');
    }
  });
});

describe('administrators and the recovery phone', () => {
  it('when an admin looks at a user, then they see the number, consent and verification; they can remove it (audited, user emailed) but never set it', async () => {
    const { user, c, code } = await withCode('adminview', '+41795551313', '079 555 13 13');
    expect((await c.post('/o/acme/account/phone/verify', { code })).statusCode).toBe(303);
    const url = `/api/v1/organizations/acme/users/${user.id}/recovery-phone`;
    const seen = (await t.app.inject({ url, headers: auth })).json();
    expect(seen.recoveryPhone).toMatchObject({ number: '+41795551313', country: 'CH', state: 'verified' });
    expect(seen.recoveryPhone.consentedAt).toBeTruthy();
    expect(seen.recoveryPhone.verifiedAt).toBeTruthy();

    // No route sets it: not PUT, POST or PATCH on the admin path, not a field of the user.
    for (const method of ['PUT', 'POST', 'PATCH'] as const) {
      const res = await t.app.inject({ method, url, headers: auth, payload: { country: 'CH', number: '0795559999', consent: true } });
      expect([404, 405], method).toContain(res.statusCode);
    }
    for (const field of ['recoveryPhone', 'recovery_phone']) {
      const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/organizations/acme/users/${user.id}`, headers: auth, payload: { [field]: '+41795559999' } });
      expect(patch.statusCode).toBe(400);
    }
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBe('+41795551313');

    expect((await t.app.inject({ method: 'DELETE', url, headers: auth })).statusCode).toBe(204);
    expect((await t.app.inject({ url, headers: auth })).json().recoveryPhone).toBeNull();
    expect(await verifiedNumber(t.ctx, t.db, orgId, user.id)).toBeUndefined();
    const removed = (await audits('recovery_phone.removed', user.id))[0]!;
    expect(removed.data).toMatchObject({ by: 'admin', wasVerified: true });
    const mail = await smtp.waitFor('adminview@example.com', (m) => m.subject.includes('was removed'));
    expect(mail.text).toContain('by an administrator');
    expect((await t.app.inject({ method: 'DELETE', url, headers: auth })).json().code).toBe('recovery_phone.not_found');
  });

  it('when a helpdesk looks, then it sees the phone but cannot remove it', async () => {
    const { user } = await withCode('helped', '+41795551414', '079 555 14 14');
    const helpdesk = await helpdeskToken();
    const url = `/api/v1/organizations/acme/users/${user.id}/recovery-phone`;
    expect((await t.app.inject({ url, headers: helpdesk })).json().recoveryPhone).toMatchObject({ number: '+41795551414', state: 'unverified' });
    const del = await t.app.inject({ method: 'DELETE', url, headers: helpdesk });
    expect(del.statusCode).toBe(403);
    expect(del.json().code).toBe('auth.forbidden');
    expect((await t.app.inject({ url, headers: auth })).json().recoveryPhone).not.toBeNull();
  });

  it("when an admin of another organization asks, then the user's phone is not found", async () => {
    const { user } = await withCode('isolated', '+41795551515', '079 555 15 15');
    const { auth: other } = await t.createOrg('globex');
    const url = `/api/v1/organizations/acme/users/${user.id}/recovery-phone`;
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url, headers: other });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('organization.not_found');
    }
    const own = await t.app.inject({ url: `/api/v1/organizations/globex/users/${user.id}/recovery-phone`, headers: other });
    expect(own.json().code).toBe('user.not_found');
    expect(await verifiedNumber(t.ctx, t.db, (await t.db.selectFrom('organizations').select('id').where('slug', '=', 'globex').executeTakeFirstOrThrow()).id, user.id)).toBeUndefined();
  });
});

describe('the organization default country', () => {
  it("when the organization sets a default country, then a user's form starts on it; a user with a profile phone starts on that phone's country", async () => {
    const set = async (defaultCountry: string) =>
      t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: auth, payload: { settings: { recoveryPhone: { defaultCountry } } } });
    expect((await set('ch')).statusCode).toBe(400);
    expect((await set('CH')).statusCode).toBe(200);
    try {
      await userWithPassword('swiss');
      expect((await (await signedIn('swiss')).get('/o/acme/account/phone')).body).toMatch(/<option value="CH" selected>/);
      await userWithPassword('german', { phone: '+49 1511 2345678' });
      expect((await (await signedIn('german')).get('/o/acme/account/phone')).body).toMatch(/<option value="DE" selected>/);
    } finally {
      await set('US');
    }
  });
});

/** A helpdesk API token of acme. */
async function helpdeskToken() {
  const token = await apiTokens.create(t.ctx, systemActor(), orgId, { name: 'helpdesk', privilege: 'helpdesk' });
  return { authorization: `Bearer ${token.token}` };
}
