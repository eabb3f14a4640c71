import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import * as organizations from '../organizations/service.js';
import * as apps from './service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Uploaded app icons, for the account page and the console. Public like any image of a
 * page (the app id is random); served only as the raster type its bytes were checked to be,
 * never sniffed, and sandboxed in case a browser opens one as a document.
 */
export async function appPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Params: { org: string; id: string } }>('/o/:org/apps/:id/icon', async (req, reply) => {
    if (!UUID.test(req.params.id)) throw new AppError('app.not_found');
    const org = await organizations.findPublic(ctx, req.params.org);
    const icon = await apps.icon(ctx, org.id, req.params.id);
    return reply
      .header('content-type', icon.type)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', 'inline; filename="icon"')
      // The address carries the app's version, so one version may be cached for good.
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(icon.bytes);
  });
}
