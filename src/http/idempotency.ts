import fp from 'fastify-plugin';
import type { FastifyInstance, onSendAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import * as idempotency from '../features/idempotency/service.js';
import * as organizations from '../features/organizations/service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route creates something: an Idempotency-Key header makes retries safe (SPEC C13). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: { scope: idempotency.Scope; hash: string; settled: boolean } | null;
  }
}

const HEADER = 'idempotency-key';
const KeyHeader = Type.Object(
  {
    [HEADER]: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        pattern: '^[\\x21-\\x7e]+$',
        description:
          'Makes the call safe to retry: the same key with the same request returns the first answer (status and body, header Idempotent-Replayed: true) and creates nothing new; with another request it is refused (422 idempotency.key_reused); while the first is running, 409 idempotency.in_progress. Kept 24 hours per caller, organization and operation.',
      }),
    ),
  },
  { additionalProperties: true },
);

/**
 * Idempotency keys for the routes that set `config: { idempotent: true }`. The key is
 * claimed in PostgreSQL after authentication and validation (so it works across nodes and a
 * malformed request never takes a key); the answer is stored when it is sent. Answers worth
 * retrying (5xx, 429) give the key back instead.
 */
export const idempotencyKeys = fp<{ ctx: Context }>(async (app: FastifyInstance, { ctx }) => {
  app.decorateRequest('idempotency', null);

  const claim: preHandlerAsyncHookHandler = async (req, reply) => {
    const key = req.headers[HEADER];
    if (typeof key !== 'string') return;
    const slug = (req.params as { org?: string }).org;
    // No organization to scope by (or none that exists): the handler answers as it would.
    const org = slug ? await organizations.findPublic(ctx, slug).catch(() => undefined) : undefined;
    if (!org) return;
    const scope = { organizationId: org.id, principal: `${req.actor.type}:${req.actor.id ?? req.actor.label ?? ''}`, operation: `${req.method} ${req.routeOptions.url}`, key };
    const hash = idempotency.requestHash(ctx.secret, { params: req.params, query: req.query, body: req.body ?? null });
    const outcome = await idempotency.begin(ctx, scope, hash);
    if (outcome.kind === 'replay') {
      const { status, contentType, body } = outcome.response;
      reply.status(status).header('idempotent-replayed', 'true');
      if (contentType) reply.type(contentType);
      return reply.send(body);
    }
    req.idempotency = { scope, hash, settled: false };
  };

  const record: onSendAsyncHookHandler = async (req, reply, payload) => {
    const held = req.idempotency;
    if (!held || held.settled) return payload;
    held.settled = true;
    const replayable = reply.statusCode < 500 && reply.statusCode !== 429 && (typeof payload === 'string' || Buffer.isBuffer(payload));
    try {
      if (replayable) {
        const contentType = reply.getHeader('content-type');
        await idempotency.complete(ctx, held.scope, held.hash, { status: reply.statusCode, contentType: contentType === undefined ? undefined : String(contentType), body: String(payload) });
      } else {
        await idempotency.release(ctx, held.scope, held.hash);
      }
    } catch (err) {
      // The work is done; not remembering it only means a retry is not recognised.
      req.log.warn({ err: (err as Error).message }, 'could not record the idempotency key answer');
    }
    return payload;
  };

  // The client went away before an answer was sent: the key is free again.
  const giveBack = async (req: { idempotency: { scope: idempotency.Scope; hash: string; settled: boolean } | null }) => {
    const held = req.idempotency;
    if (!held || held.settled) return;
    held.settled = true;
    await idempotency.release(ctx, held.scope, held.hash).catch(() => {});
  };

  // Documents (and validates) the header on every idempotent route, from one place, and
  // hooks only those routes: the others (every session check) don't pay for four hooks.
  // Ahead of the route's own hooks, where hooks of this plugin would run.
  app.addHook('onRoute', (route) => {
    if (!route.config?.idempotent) return;
    route.schema = { ...route.schema, headers: route.schema?.headers ? Type.Intersect([route.schema.headers as never, KeyHeader]) : KeyHeader };
    route.preHandler = [claim, ...[route.preHandler ?? []].flat()];
    route.onSend = [record, ...[route.onSend ?? []].flat()];
    route.onResponse = [giveBack, ...[route.onResponse ?? []].flat()];
    route.onRequestAbort = [giveBack, ...[route.onRequestAbort ?? []].flat()];
  });
});
