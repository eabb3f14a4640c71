import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import * as temporaryPasswords from './service.js';

export async function temporaryPasswordPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // A one-time view that doubles as the printable onboarding sheet.
  app.get<{ Params: { org: string; token: string } }>('/o/:org/temporary-passwords/:token', async (req, reply) => {
    const v = await temporaryPasswords.view(ctx, req.params.org, req.params.token);
    return reply.page('temporary-password', {
      title: 'Your sign-in details',
      organization: v.org,
      username: v.username,
      password: v.password,
      expiresAt: v.expiresAt?.toUTCString(),
      loginUrl: v.loginUrl,
      qrCode: v.qrCode,
    });
  });
}
