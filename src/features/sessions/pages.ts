import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { verifyForm } from '../../http/pages.js';
import { pageUrl } from '../../lib/page-urls.js';
import * as organizations from '../organizations/service.js';
import { accountSelf, accountSessionOf, reauthenticationRedirect } from './cookies.js';
import * as sessions from './service.js';

type Params = { Params: { org: string; id: string } };

/** Dates on the pages: one fixed, unambiguous form, the same for everyone. */
export const pageDate = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const KIND_WORDS = { account: 'Account pages', console: 'Admin console' } as const;

/** "Your sessions" on the account page, as the template shows them. */
export async function sessionsSection(ctx: Context, self: sessions.Self) {
  const list = await sessions.listOwn(ctx, self);
  return {
    sessions: list.map((s) => ({
      id: s.id,
      device: s.device,
      kind: KIND_WORDS[s.kind],
      ip: s.ip ?? 'unknown address',
      created: pageDate(s.createdAt),
      lastSeen: pageDate(s.lastSeenAt),
      assurance: s.aal >= 2 ? 'two factors' : 'one factor',
      current: s.current,
    })),
    otherSessions: list.filter((s) => !s.current).length,
  };
}

/** Signing out one session, or every other one, from the account page. Plain forms. */
export async function sessionPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.post<Params>('/o/:org/account/sessions/:id/revoke', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    verifyForm(req);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return reply.redirect(pageUrl.login(org.slug), 303);
    const stale = reauthenticationRedirect(ctx, reply, org.slug, session, pageUrl.account(org.slug));
    if (stale) return stale;
    await sessions.revokeOwn(ctx, accountSelf(req, session), req.params.id);
    return reply.redirect(pageUrl.account(org.slug, 'session-ended'), 303);
  });

  app.post<{ Params: { org: string } }>('/o/:org/account/sessions/revoke-others', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    verifyForm(req);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return reply.redirect(pageUrl.login(org.slug), 303);
    const stale = reauthenticationRedirect(ctx, reply, org.slug, session, pageUrl.account(org.slug));
    if (stale) return stale;
    await sessions.revokeOwnOthers(ctx, accountSelf(req, session));
    return reply.redirect(pageUrl.account(org.slug, 'others-signed-out'), 303);
  });
}
