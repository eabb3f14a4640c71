import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBadData, isUnavailable } from '../db/errors.js';
import { AppError, problemType } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalog.js';
import { InvalidCursorError } from '../lib/cursor.js';

/** Fastify's own failures mapped onto the catalog. */
function fromFastify(err: FastifyError): AppError | undefined {
  if (err.validation) {
    const errors = err.validation.map((v) => ({
      field: `${err.validationContext ?? 'body'}${v.instancePath || ''}`,
      message: v.message ?? 'is invalid',
      ...(v.keyword === 'additionalProperties' && { field: `${err.validationContext ?? 'body'}/${String((v.params as { additionalProperty?: string }).additionalProperty)}`, message: 'is not a known field' }),
    }));
    return new AppError('request.invalid', errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });
  }
  const byCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'request.invalid',
    FST_ERR_CTP_INVALID_JSON_BODY: 'request.invalid',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid',
    // A client's odd path (`/admin//x`, `/admin/%00`, dot segments) under a static root.
    FST_STATIC_FORBIDDEN_PATH: 'route.not_found',
  };
  const code = err.code && byCode[err.code];
  if (code) return new AppError(code, code === 'request.invalid' ? err.message : undefined);
  if (err.statusCode === 400 && err.message) return new AppError('request.invalid', err.message);
  if (err.statusCode === 408) return new AppError('request.timeout');
  if (err.statusCode === 404 || err.statusCode === 403) return new AppError('route.not_found');
  // Any other client error from a plugin is the client's, not ours: never a 500.
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) return new AppError('request.invalid');
  return undefined;
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof InvalidCursorError) return new AppError('request.invalid', err.message);
  if (isUnavailable(err)) return new AppError('service.unavailable');
  if (isBadData(err)) return new AppError('request.invalid', 'A value in the request is not acceptable (e.g. a control character or a number out of range).');
  return fromFastify(err as FastifyError) ?? new AppError('internal');
}

/** RFC 9457 problem body. 5xx details never leak: they go to the log only. */
export function problem(err: AppError, req: FastifyRequest) {
  return {
    type: problemType(err.code),
    title: err.title,
    status: err.status,
    ...(err.status < 500 && err.detail && err.detail !== err.title && { detail: err.detail }),
    code: err.code,
    instance: req.url.split('?')[0],
    ...(err.status < 500 && err.extra),
  };
}

/** `unmatched`: no route matched at all (the console's client-side routes are such paths). */
export type PageErrorRenderer = (err: AppError, req: FastifyRequest, reply: FastifyReply, unmatched: boolean) => Promise<unknown> | unknown;

/** Status, headers and log line of a failure, the same in every context; the AppError to show. */
function prepare(raw: unknown, req: FastifyRequest, reply: FastifyReply): AppError {
  const err = toAppError(raw);
  if (err.status >= 500) req.log.error({ err: raw }, 'request failed');
  if (err.code === 'service.unavailable') reply.header('retry-after', '5');
  if (typeof err.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(err.extra.retryAfterSeconds));
  reply.status(err.status);
  return err;
}

const sendProblem = (err: AppError, req: FastifyRequest, reply: FastifyReply) => reply.type('application/problem+json').send(problem(err, req));

/**
 * Errors of this plugin context as RFC 9457 problem details: the API's context (and the
 * compatibility routes). With `notFound`, also unmatched paths under the context's prefix;
 * Fastify allows one not-found handler per prefix, so a context without its own prefix
 * leaves them to the fallback.
 */
export function useProblemErrors(app: FastifyInstance, opts: { notFound: boolean }) {
  app.setErrorHandler(async (raw, req, reply) => sendProblem(prepare(raw, req, reply), req, reply));
  if (opts.notFound) app.setNotFoundHandler(async (req, reply) => sendProblem(new AppError('route.not_found'), req, reply.status(404)));
}

/**
 * Errors of this plugin context as a readable page: the end-user pages (features may
 * re-render their own form with the message instead). A sub-application mounted later (an
 * OIDC provider under /o/<org>/oidc) registers its own context with its own handler.
 */
export function usePageErrors(app: FastifyInstance, renderPage: PageErrorRenderer) {
  app.setErrorHandler(async (raw, req, reply) => renderPage(prepare(raw, req, reply), req, reply, false));
}

/**
 * Paths answered with problem+json rather than a page outside the contexts above: the API
 * (including WSO2's tenant-prefixed form `/t/<tenant>/api/…`, and unknown versions),
 * health, readiness and metrics.
 */
const machinePath = (url: string) =>
  url.startsWith('/api/') || /^\/t\/[^/]+\/api\//.test(url) || url.startsWith('/health') || url.startsWith('/ready') || url.startsWith('/metrics');

/**
 * The root context's handlers, for what belongs to no context above: a path no route
 * matches (a page 404, the console's client-side routes, an unknown API path) and the
 * root routes (health, readiness, metrics, static assets and the API docs). Only here the
 * path decides between problem+json and a page.
 */
export function useFallbackErrors(app: FastifyInstance, renderPage: PageErrorRenderer) {
  app.setErrorHandler(async (raw, req, reply) => {
    const err = prepare(raw, req, reply);
    return machinePath(req.url) ? sendProblem(err, req, reply) : renderPage(err, req, reply, false);
  });
  app.setNotFoundHandler(async (req, reply) => {
    const err = new AppError('route.not_found');
    reply.status(404);
    return machinePath(req.url) ? sendProblem(err, req, reply) : renderPage(err, req, reply, true);
  });
}
