import pino from 'pino';
import type { FastifyRequest } from 'fastify';

/**
 * Request logging without secrets. Invitation, onboarding-sheet and setup links carry their
 * one-time token in the path, so a raw URL in a log line is an account takeover for anyone
 * who can read the logs. Every request line goes through `loggedUrl`:
 *
 * - a path parameter named `token`, or listed in the route's `config.secretParams`, is
 *   replaced by `[redacted]` (the route pattern says which segment it is);
 * - a path segment that looks like a token (long base64url, not a UUID) is redacted too, so
 *   a mistyped or unmatched token link (404) doesn't leak either;
 * - every query value is redacted: names stay, values go.
 *
 * Headers (Authorization, Cookie) and bodies are never part of a request line; the redact
 * paths below catch them should an object carrying them ever be logged.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Path parameters that hold a secret, besides `token`; redacted in logs. */
    secretParams?: string[];
  }
}

const REDACTED = '[redacted]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Our tokens are 32 random bytes in base64url (43 characters); 20 leaves room for shorter ones.
const TOKEN_LIKE = /^[A-Za-z0-9_~.%-]{20,}$/;

const looksSecret = (segment: string) => TOKEN_LIKE.test(segment) && !UUID.test(segment) && !/\.(js|css|map|json|svg|png|ico|woff2?)$/.test(segment);

/** The request URL as it may appear in a log: secret path segments and all query values redacted. */
export function loggedUrl(req: Pick<FastifyRequest, 'url'> & { routeOptions?: Partial<FastifyRequest['routeOptions']> }): string {
  const raw = req.url ?? '';
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 ? '' : raw.slice(q + 1);
  const secret = new Set(['token', ...(req.routeOptions?.config?.secretParams ?? [])]);
  const pattern = req.routeOptions?.url?.split('/');
  const segments = path.split('/');
  const redacted = segments.map((segment, i) => {
    const part = pattern && pattern.length === segments.length ? pattern[i] : undefined;
    if (part?.startsWith(':') && secret.has(part.slice(1).replace(/\(.*$/, ''))) return REDACTED;
    return looksSecret(segment) ? REDACTED : segment;
  });
  const params = query
    ? `?${query
        .split('&')
        .map((pair) => `${pair.split('=')[0]}=${REDACTED}`)
        .join('&')}`
    : '';
  return redacted.join('/') + params;
}

export const logSerializers = {
  req: (req: FastifyRequest) => ({
    method: req.method,
    url: loggedUrl(req),
    remoteAddress: req.ip,
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
  err: pino.stdSerializers.err,
};

/** The server's JSON logger; `destination` lets tests capture what it writes. */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      serializers: logSerializers,
      redact: {
        paths: [
          'headers.authorization',
          'headers.cookie',
          'headers["set-cookie"]',
          '*.headers.authorization',
          '*.headers.cookie',
          '*.headers["set-cookie"]',
          'password',
          '*.password',
          'token',
          '*.token',
        ],
        censor: REDACTED,
      },
    },
    destination,
  );
}
