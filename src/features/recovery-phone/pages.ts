import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../../access/index.js';
import type { Context } from '../../context.js';
import type { OrganizationRow } from '../../db/types.js';
import type { AppError } from '../../errors/app-error.js';
import { Form, handleForm, Secret, Text } from '../../http/forms.js';
import { requestMeta } from '../../http/request-meta.js';
import { pageUrl } from '../../lib/page-urls.js';
import * as organizations from '../organizations/service.js';
import { accountSessionOf, reauthenticationRedirect } from '../sessions/cookies.js';
import * as phones from './service.js';

type OrgParams = { Params: { org: string } };

const SetForm = Form({ country: Text(2), number: Text(40), consent: Text(10) });
const CodeForm = Form({ code: Secret(40) });
const EmptyForm = Form({});

const notices: Record<string, string> = {
  'code-sent': 'We texted a code to your phone. Type it below to prove the number is yours.',
};

const phonePath = (slug: string, step = '') => `${pageUrl.account(slug)}/phone${step}`;

/**
 * The user's own recovery phone, as plain forms that work without JavaScript: choose a
 * country and number with consent → a code is texted → "Prove it" with the code → verified.
 * Only the user reaches these pages; administrators can't set a phone anywhere.
 */
export async function recoveryPhonePages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  const signedIn = async (slug: string, req: Parameters<typeof accountSessionOf>[1]) => {
    const org = await organizations.findPublic(ctx, slug);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return { org };
    const actor: Actor = { type: 'user', id: session.user_id, label: session.username, organizationId: org.id, privilege: session.privilege, ...requestMeta(req) };
    return { org, session, actor };
  };

  async function render(reply: FastifyReply, org: OrganizationRow, userId: string, extra: Record<string, unknown> = {}) {
    const phone = await phones.ofUser(ctx, org.id, userId);
    const country = (extra.form as { country?: string } | undefined)?.country || (await phones.defaultCountry(ctx, org, userId));
    return reply.page('account-phone', {
      title: phone ? 'Your recovery phone' : 'Add a recovery phone',
      organization: org,
      phone,
      countries: (await phones.countries()).map((c) => ({ ...c, selected: c.code === country })),
      codeMinutes: phones.CODE_MINUTES,
      phoneUrls: { set: phonePath(org.slug), verify: phonePath(org.slug, '/verify'), resend: phonePath(org.slug, '/resend'), remove: phonePath(org.slug, '/remove') },
      ...extra,
    });
  }

  const fieldOf = (e: AppError) =>
    e.code === 'recovery_phone.consent_required' ? 'consent' : e.code === 'recovery_phone.country_invalid' ? 'country' : e.code.startsWith('recovery_phone.code_') ? 'code' : 'number';

  app.get<OrgParams & { Querystring: { notice?: string } }>('/o/:org/account/phone', async (req, reply) => {
    const { org, session } = await signedIn(req.params.org, req);
    if (!session) return reply.redirect(pageUrl.login(org.slug));
    const stale = reauthenticationRedirect(ctx, reply, org.slug, session, phonePath(org.slug));
    if (stale) return stale;
    return render(reply, org, session.user_id, { notice: notices[String(req.query.notice)] });
  });

  app.post<OrgParams>('/o/:org/account/phone', async (req, reply) => {
    const { org, session, actor } = await signedIn(req.params.org, req);
    if (!session || !actor) return reply.redirect(pageUrl.login(org.slug), 303);
    const stale = reauthenticationRedirect(ctx, reply, org.slug, session, phonePath(org.slug));
    if (stale) return stale;
    return handleForm(req, reply, SetForm, {
      async submit(form) {
        const r = await phones.setOwn(ctx, actor, org, { country: form.country, number: form.number, consent: form.consent === 'yes', ...requestMeta(req) });
        return reply.redirect(r.codeSent ? `${phonePath(org.slug)}?notice=code-sent` : pageUrl.account(org.slug, 'phone-verified'), 303);
      },
      again: (form, e) => render(reply, org, session.user_id, { form, error: e.message, errorField: fieldOf(e), changing: true }),
      shows: (e) => e.code.startsWith('recovery_phone.') || e.code === 'auth.csrf',
    });
  });

  app.post<OrgParams>('/o/:org/account/phone/verify', async (req, reply) => {
    const { org, session, actor } = await signedIn(req.params.org, req);
    if (!session || !actor) return reply.redirect(pageUrl.login(org.slug), 303);
    const stale = reauthenticationRedirect(ctx, reply, org.slug, session, phonePath(org.slug));
    if (stale) return stale;
    return handleForm(req, reply, CodeForm, {
      async submit(form) {
        await phones.verifyOwn(ctx, actor, org, form.code);
        return reply.redirect(pageUrl.account(org.slug, 'phone-verified'), 303);
      },
      again: (_form, e) => render(reply, org, session.user_id, { error: e.message, errorField: fieldOf(e)}),
      shows: (e) => e.code.startsWith('recovery_phone.') || e.code === 'auth.csrf',
    });
  });

  app.post<OrgParams>('/o/:org/account/phone/resend', async (req, reply) => {
    const { org, session, actor } = await signedIn(req.params.org, req);
    if (!session || !actor) return reply.redirect(pageUrl.login(org.slug), 303);
    const stale = reauthenticationRedirect(ctx, reply, org.slug, session, phonePath(org.slug));
    if (stale) return stale;
    return handleForm(req, reply, EmptyForm, {
      async submit() {
        await phones.resendOwn(ctx, actor, org, requestMeta(req));
        return reply.redirect(`${phonePath(org.slug)}?notice=code-sent`, 303);
      },
      again: (_form, e) => render(reply, org, session.user_id, { error: e.message }),
      shows: (e) => e.code.startsWith('recovery_phone.') || e.code === 'auth.csrf',
    });
  });

  app.post<OrgParams>('/o/:org/account/phone/remove', async (req, reply) => {
    const { org, session, actor } = await signedIn(req.params.org, req);
    if (!session || !actor) return reply.redirect(pageUrl.login(org.slug), 303);
    const stale = reauthenticationRedirect(ctx, reply, org.slug, session, phonePath(org.slug));
    if (stale) return stale;
    return handleForm(req, reply, EmptyForm, {
      async submit() {
        await phones.removeOwn(ctx, actor, org);
        return reply.redirect(pageUrl.account(org.slug, 'phone-removed'), 303);
      },
      again: (_form, e) => render(reply, org, session.user_id, { error: e.message }),
      shows: (e) => e.code.startsWith('recovery_phone.') || e.code === 'auth.csrf',
    });
  });
}
