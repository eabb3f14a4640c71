import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { verifyForm } from '../../http/pages.js';
import { pageUrl } from '../../lib/page-urls.js';
import * as organizations from '../organizations/service.js';
import { accountSelf, accountSessionOf, reauthenticationRedirect } from '../sessions/cookies.js';
import { pageDate } from '../sessions/pages.js';
import type { Self } from '../sessions/service.js';
import { presentedDevice } from './cookies.js';
import * as devices from './service.js';

/** "Your devices" on the account page, as the template shows them. */
export async function devicesSection(ctx: Context, req: FastifyRequest, self: Self) {
  const list = await devices.listOwn(ctx, self, presentedDevice(ctx, req));
  return {
    devices: list.items.map((d) => ({ id: d.id, name: d.name, ip: d.lastIp ?? 'unknown address', firstSeen: pageDate(d.firstSeenAt), lastSeen: pageDate(d.lastSeenAt), current: d.current })),
    deviceLimit: list.limit,
  };
}

/** Forgetting a device from the account page. A plain form. */
export async function devicePages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.post<{ Params: { org: string; id: string } }>('/o/:org/account/devices/:id/forget', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    verifyForm(req);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return reply.redirect(pageUrl.login(org.slug), 303);
    const stale = reauthenticationRedirect(ctx, reply, org.slug, session, pageUrl.account(org.slug));
    if (stale) return stale;
    await devices.forgetOwn(ctx, accountSelf(req, session), req.params.id);
    return reply.redirect(pageUrl.account(org.slug, 'device-forgotten'), 303);
  });
}
