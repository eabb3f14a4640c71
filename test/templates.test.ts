import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as notifications from '../src/features/notifications/service.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';

let t: TestApp;
let smtp: SmtpSink;
let admin: Record<string, string>;
let desk: Record<string, string>;
let other: Record<string, string>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp({ smtpUrl: smtp.url });
  ({ auth: admin } = await t.createOrg('acme'));
  ({ auth: other } = await t.createOrg('globex'));
  const token = await t.app.inject({ method: 'POST', url: '/api/v1/organizations/acme/api-tokens', headers: admin, payload: { name: 'desk', privilege: 'helpdesk' } });
  desk = { authorization: `Bearer ${token.json().token}` };
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const api = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object, headers = admin) =>
  t.app.inject({ method, url: `/api/v1/organizations/${url}`, headers, ...(payload && { payload }) });

const pinEmail = {
  subject: 'PIN for {{ user.displayName }}',
  html: '<p>Your PIN: <b>!PINCODE!</b> (env {{ environment }})</p>',
  text: 'Your PIN: !PINCODE! for !USERNAME!',
};

describe('the message catalog', () => {
  it('when an admin lists the templates, then every kind shows its channel, typed variables with samples, required fields and layout variable', async () => {
    const res = await api('GET', 'acme/templates');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { kind: string; channel: string; variable: string; requiredFields: string[]; variables: { name: string; type: string; sample: unknown }[]; customized: boolean }[];
    const byKind = Object.fromEntries(items.map((i) => [i.kind, i]));
    expect(items.length).toBe(20);
    expect(byKind.pincode).toMatchObject({ channel: 'email', variable: 'PINCODE_EMAIL_BODY', requiredFields: ['pin'], customized: false });
    expect(byKind.password_new).toMatchObject({ variable: 'PASSWORD_EMAIL_NEW', requiredFields: ['password'] });
    expect(byKind.password_changed).toMatchObject({ variable: 'PASSWORD_EMAIL_CHANGE', requiredFields: [] });
    expect(byKind.invitation_link!.requiredFields).toEqual(['link']);
    expect(byKind.mfa_sms_code).toMatchObject({ channel: 'sms', requiredFields: ['code'] });
    expect(byKind.invitation_link!.variables.find((v) => v.name === 'expiresAt')).toMatchObject({ type: 'date', sample: '2026-03-14T15:30:00.000Z' });
  });

  it('when a preview is asked without a draft, then the default renders with the sample values and the date formatted for the locale', async () => {
    const res = await api('POST', 'acme/templates/invitation_link/preview', {});
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.subject).toBe("You're invited to Acme Corp");
    expect(body.text).toContain('https://id.example.com/acme/invitation/sample-token');
    expect(body.text).toContain('March 14, 2026');
    expect(body.html).toContain('Set your password');
    const de = (await api('POST', 'acme/templates/invitation_link/preview', { locale: 'de' })).json();
    expect(de.text).toContain('14. März 2026');
  });

  it('when a draft is previewed, then it renders unsaved with the samples and reports the fields it lacks', async () => {
    const res = await api('POST', 'acme/templates/pincode/preview', { subject: 'Hi {{ user.displayName }}', html: '<p>no pin</p>', text: 'PIN !PINCODE!' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ subject: 'Hi Jane Doe', html: '<p>no pin</p>', text: 'PIN 739104', missingFields: ['pin'] });
    const saved = await api('GET', 'acme/templates/pincode');
    expect(saved.json()).toMatchObject({ own: false, customized: false });
  });
});

describe('saving a template', () => {
  it('when the PIN template lacks the PIN, then saving is refused naming the field', async () => {
    const res = await api('PUT', 'acme/templates/pincode', { subject: 'PIN', html: '<p>Hello</p>', text: 'Your PIN: {{ pin }}' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'template.missing_field', missingFields: ['pin'] });
    expect(res.json().detail).toContain('{{ pin }}');
    const link = await api('PUT', 'acme/templates/invitation_link', { subject: 'Hi', html: '<p>{{ link }}</p>', text: 'no link here' });
    expect(link.json()).toMatchObject({ code: 'template.missing_field', missingFields: ['link'] });
    const code = await api('PUT', 'acme/templates/mfa_sms_code', { text: 'Your code is ready' });
    expect(code.json()).toMatchObject({ code: 'template.missing_field', missingFields: ['code'] });
  });

  it('when a template has a Liquid syntax error, an unknown filter or tag, then save and preview refuse with its line and column', async () => {
    const broken = { subject: 'PIN', html: '<p>{{ pin }}</p>\n<p>\n  {% if pin %}never closed</p>', text: '{{ pin }}' };
    for (const res of [await api('PUT', 'acme/templates/pincode', broken), await api('POST', 'acme/templates/pincode/preview', broken)]) {
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'template.syntax_error', part: 'html', line: 3, column: 3 });
      expect(res.json().detail).toContain('line 3, column 3');
    }
    const filter = await api('PUT', 'acme/templates/pincode', { subject: 'PIN', html: '<p>{{ pin }}</p>', text: 'line one\n{{ pin | shout }}' });
    expect(filter.json()).toMatchObject({ code: 'template.syntax_error', part: 'text', line: 2 });
    expect(filter.json().detail).toContain('undefined filter: shout');
    const tag = await api('POST', 'acme/templates/mfa_sms_code/preview', { text: '{{ code }} {% exec "rm" %}' });
    expect(tag.json()).toMatchObject({ code: 'template.syntax_error', line: 1, column: 12 });
    // Files outside the views are not found, and the answer does not tell where the server keeps its files.
    const include = await api('POST', 'acme/templates/mfa_sms_code/preview', { text: "{{ code }} {% include '../../package.json' %}" });
    expect(include.json()).toMatchObject({ code: 'template.syntax_error', line: 1, column: 12 });
    expect(include.json().detail).toBe('text: line 1, column 12: ENOENT: Failed to lookup "../../package.json"');
    const loop = await api('POST', 'acme/templates/mfa_sms_code/preview', { text: '{{ code }}{% for i in (1..100000000) %}x{% endfor %}' });
    expect(loop.json()).toMatchObject({ code: 'template.syntax_error' });
  });

  it('when a template with !PINCODE! is saved, then the PIN email the admin sends is delivered with the PIN in it', async () => {
    const saved = await api('PUT', 'acme/templates/pincode', pinEmail);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ own: true, customized: true, customizedLocales: ['en'], layoutName: 'PINCODE_EMAIL_BODY' });
    const user = await t.createUser(admin, 'acme', { username: 'holder1', email: 'holder1@example.com', firstName: 'Holly', lastName: 'Holder' });
    const pin = (await api('POST', `acme/users/${user.id}/pin-code`, {})).json().pin as string;
    expect((await api('POST', `acme/users/${user.id}/pin-code/email`, {})).statusCode).toBe(200);
    const mail = await smtp.waitFor('holder1@example.com');
    expect(mail.subject).toBe('PIN for Holly Holder');
    expect(mail.text).toContain(`Your PIN: ${pin} for holder1`);
    expect(mail.html).toContain(`<b>${pin}</b>`);
    const events = (await api('GET', 'acme/audit-events?action=template.updated')).json().items;
    expect(events[0]).toMatchObject({ action: 'template.updated', data: { kind: 'pincode', layoutName: 'PINCODE_EMAIL_BODY', locale: 'en' } });
  });

  it('when a customized template exists, then the real enqueue path uses it in its locale and the default elsewhere, and a reset restores the default', async () => {
    const org = (await api('GET', 'acme')).json();
    const es = await api('PUT', 'acme/templates/account_activated', { locale: 'es', subject: 'Cuenta activa', html: '<p>Hola {{ user.displayName }}</p>', text: 'Hola {{ user.displayName }}, activa el {{ when | localdate: "date" }}' });
    expect(es.statusCode).toBe(200);
    const send = (locale?: string) =>
      t.db.transaction().execute((tx) =>
        notifications.enqueueEmail(tx, { organizationId: org.id, kind: 'account_activated', to: 'u@example.com', locale, vars: { organization: { name: 'Acme' }, user: { username: 'u', displayName: 'Ursula' }, loginUrl: 'http://x.test', when: new Date('2026-07-01T00:00:00Z') } }),
      );
    const row = (id: string) => t.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const spanish = await row(await send('es-ES'));
    expect(spanish.subject).toBe('Cuenta activa');
    expect(spanish.text_body).toBe('Hola Ursula, activa el 1 de julio de 2026');
    expect((await row(await send('en'))).subject).toBe('Your Acme account is active');
    expect((await row(await send())).subject).toBe('Your Acme account is active');

    const reset = await api('DELETE', 'acme/templates/account_activated?locale=es');
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ own: false, customized: false });
    // Back to the built-in Spanish default.
    expect(reset.json().source.subject).toContain('Tu cuenta de {{ organization.name }} está activa');
    expect((await row(await send('es'))).subject).toBe('Tu cuenta de Acme está activa');
    expect((await api('GET', 'acme/audit-events?action=template.reset')).json().items[0]).toMatchObject({ data: { kind: 'account_activated', locale: 'es', removed: true } });
  });
});

describe('defaults and the bulk path', () => {
  it('when every built-in default is saved back unchanged, then each is accepted: the defaults parse and contain their required fields', async () => {
    const org = (await t.createOrg('defaults')).auth;
    const kinds = (await api('GET', 'defaults/templates', undefined, org)).json().items as { kind: string; channel: string }[];
    for (const { kind, channel } of kinds) {
      const { source } = (await api('GET', `defaults/templates/${kind}`, undefined, org)).json();
      const body = channel === 'sms' ? { text: source.text } : source;
      const res = await api('PUT', `defaults/templates/${kind}`, body, org);
      expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
    }
  });

  it('when messages are queued in bulk and by SMS, then the customized templates are used for them too', async () => {
    const org = (await api('GET', 'acme')).json();
    expect((await api('PUT', 'acme/templates/invitation_link', { subject: 'Join {{ organization.name }}', html: '<a href="{{ link }}">join</a>', text: 'Join: !LINK! (until {{ expiresAt | localdate: "date" }})' })).statusCode).toBe(200);
    expect((await api('PUT', 'acme/templates/mfa_sms_code', { text: 'Code !CODE! for {{ organization.name }}' })).statusCode).toBe(200);
    const vars = (n: number) => ({ organization: { name: 'Acme' }, user: { username: `bulk${n}`, displayName: `Bulk ${n}` }, link: `http://x.test/i/${n}`, expiresAt: new Date('2026-09-01T12:00:00Z') });
    await t.db.transaction().execute(async (tx) => {
      await notifications.enqueueMany(tx, [1, 2, 3].map((n) => ({ channel: 'email' as const, request: { organizationId: org.id, kind: 'invitation_link' as const, to: `bulk${n}@example.com`, vars: vars(n) } })));
      await notifications.enqueueSms(tx, { organizationId: org.id, kind: 'mfa_sms_code', to: '+41790000000', vars: { organization: { name: 'Acme' }, code: '123456', minutes: 5 } });
    });
    const rows = await t.db.selectFrom('outbox_messages').selectAll().where('recipient', 'in', ['bulk1@example.com', 'bulk3@example.com', '+41790000000']).orderBy('recipient').execute();
    expect(rows.map((r) => r.text_body)).toEqual(['Code 123456 for Acme', 'Join: http://x.test/i/1 (until September 1, 2026)', 'Join: http://x.test/i/3 (until September 1, 2026)']);
    expect(rows[1]!.subject).toBe('Join Acme');
    expect(rows[1]!.html_body).toBe('<a href="http://x.test/i/1">join</a>');
  });
});

describe('named layouts and variables', () => {
  it('when the organization has no environment name, then importing the default layouts is refused clearly; with one, the layouts are imported and environment renders', async () => {
    const refused = await api('POST', 'acme/layouts/import');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'layouts.environment_name_required' });
    expect((await api('GET', 'acme/layouts')).json().variables.every((v: { mapped: boolean }) => !v.mapped)).toBe(true);

    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/organizations/acme', headers: admin, payload: { settings: { environmentName: 'PROD' } } })).statusCode).toBe(200);
    const res = await api('POST', 'acme/layouts/import');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.environmentName).toBe('PROD');
    expect(body.imported).toContainEqual({ name: 'PROD_PINCODE_EMAIL_BODY', locale: 'en' });
    expect(body.variables).toContainEqual({ variable: 'PINCODE_EMAIL_BODY', kind: 'pincode', layoutName: 'PROD_PINCODE_EMAIL_BODY', mapped: true });
    expect(body.layouts.find((l: { name: string }) => l.name === 'PROD_PASSWORD_EMAIL_NEW')).toMatchObject({ channel: 'email', usedBy: ['password_new'] });
    expect((await api('GET', 'acme/audit-events?action=layouts.imported')).json().items[0]).toMatchObject({ data: { environment: 'PROD' } });

    // Editing the kind now edits the imported layout; the environment name is in every scope.
    const edit = await api('PUT', 'acme/templates/pincode', { ...pinEmail, text: '[{{ environment }}] PIN !PINCODE!' });
    expect(edit.json()).toMatchObject({ layoutName: 'PROD_PINCODE_EMAIL_BODY', own: true });
    const preview = (await api('POST', 'acme/templates/pincode/preview', {})).json();
    expect(preview.text).toBe('[PROD] PIN 739104');
    expect(preview.html).toContain('(env PROD)');
    // The layout PINCODE_EMAIL_BODY saved earlier is still there; pointing back at it is a variable change.
    const back = await api('PUT', 'acme/layouts/variables', { variables: { PINCODE_EMAIL_BODY: null } });
    expect(back.json().variables).toContainEqual({ variable: 'PINCODE_EMAIL_BODY', kind: 'pincode', layoutName: 'PINCODE_EMAIL_BODY', mapped: false });
    expect((await api('POST', 'acme/templates/pincode/preview', {})).json().text).toBe('Your PIN: 739104 for jdoe');
  });

  it('when a variable is pointed at a layout without the required field or of the other channel, then it is refused', async () => {
    const noPin = await api('PUT', 'acme/layouts/variables', { variables: { PINCODE_EMAIL_BODY: 'PROD_ACCOUNT_EMAIL_ACTIVATED' } });
    expect(noPin.json()).toMatchObject({ code: 'template.missing_field', missingFields: ['pin'] });
    const sms = await api('PUT', 'acme/layouts/variables', { variables: { PASSWORD_EMAIL_CHANGE: 'PROD_PASSWORD_SMS_CHANGE' } });
    expect(sms.json()).toMatchObject({ code: 'template.invalid' });
    const missing = await api('PUT', 'acme/layouts/variables', { variables: { PASSWORD_EMAIL_CHANGE: 'NOPE' } });
    expect(missing.json()).toMatchObject({ code: 'layouts.not_found' });
    const ok = await api('PUT', 'acme/layouts/variables', { variables: { PASSWORD_EMAIL_CHANGE: 'PROD_AUTHENTICATOR_EMAIL_CHANGE' } });
    expect(ok.statusCode).toBe(200);
    expect((await api('GET', 'acme/templates')).json().items.find((i: { kind: string }) => i.kind === 'password_changed').layoutName).toBe('PROD_AUTHENTICATOR_EMAIL_CHANGE');
  });
});

describe('who may change templates', () => {
  it('when a helpdesk tries to read or edit templates or layouts, then it is refused', async () => {
    for (const res of [
      await api('GET', 'acme/templates', undefined, desk),
      await api('PUT', 'acme/templates/pincode', pinEmail, desk),
      await api('POST', 'acme/templates/pincode/preview', {}, desk),
      await api('DELETE', 'acme/templates/pincode', undefined, desk),
      await api('POST', 'acme/layouts/import', undefined, desk),
    ]) {
      expect(res.statusCode).toBe(403);
    }
  });

  it("when another organization's admin reads or edits this organization's templates, then it is not found, and its own list shows nothing customized", async () => {
    // Another organization's token does not learn that it exists: the same answer as no organization at all.
    expect((await api('GET', 'acme/templates', undefined, other)).statusCode).toBe(404);
    expect((await api('PUT', 'acme/templates/pincode', pinEmail, other)).statusCode).toBe(404);
    expect((await api('GET', 'acme/layouts', undefined, other)).statusCode).toBe(404);
    const own = (await api('GET', 'globex/templates', undefined, other)).json().items;
    expect(own.every((i: { customized: boolean }) => !i.customized)).toBe(true);
    expect((await api('GET', 'globex/layouts', undefined, other)).json().layouts).toEqual([]);
  });
});
