import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { requestMeta } from '../../http/request-meta.js';
import * as sheets from './service.js';

export async function onboardingSheetPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // Opens once: shows the secret on a printable sheet, then it is gone.
  app.get<{ Params: { org: string; token: string } }>('/o/:org/sheets/:token', async (req, reply) => {
    const v = await sheets.view(ctx, req.params.org, req.params.token, requestMeta(req));
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
