import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { requestMeta } from '../../http/request-meta.js';
import { AppError } from '../../errors/app-error.js';
import * as organizations from '../organizations/service.js';
import * as sheets from './service.js';
import { pageUrl } from '../../lib/page-urls.js';

export async function onboardingSheetPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // Opens once: shows the secret on a printable sheet, then it is gone.
  app.get<{ Params: { org: string; token: string } }>('/o/:org/sheets/:token', async (req, reply) => {
    let v;
    try {
      v = await sheets.view(ctx, req.params.org, req.params.token, requestMeta(req));
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'onboarding_sheet.invalid') throw err;
      // In the organization's layout, with the way on: the details may already be at hand.
      const org = await organizations.findPublic(ctx, req.params.org);
      reply.status(err.status);
      return reply.page('error', { title: err.title, organization: org, loginUrl: pageUrl.login(org.slug) });
    }
    return reply.page('sheet', {
      title: 'Your sign-in details',
      organization: v.org,
      kind: v.kind,
      username: v.username,
      secret: v.secret,
      expiresAt: v.kind === 'temporary_password' ? v.expiresAt?.toUTCString() : undefined,
      loginUrl: v.loginUrl,
      qrCode: v.qrCode,
      qrTarget: v.qrTarget,
    });
  });
}
