import fp from 'fastify-plugin';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Browser hardening for every response, with the headers of helmet:
 * - one strict CSP for the console, the end-user pages and the API docs: scripts only from
 *   our own origin (no inline script anywhere), styles from our origin plus inline styles
 *   (Mantine and the page layout inject <style>; styles can't run code), nothing may frame
 *   us (frame-ancestors 'none', and X-Frame-Options DENY for old browsers);
 * - nosniff, and Referrer-Policy no-referrer: links carrying a token (invitations, sheets,
 *   setup) must not leak through the Referer header, and no page needs to send one;
 * - HSTS only when the request arrived over https (directly or via a trusted proxy): sent
 *   over plain http it would be ignored, and on localhost it would pin the name to https.
 */
const options = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
} satisfies HelmetOptions;

/**
 * The headers helmet sets with these options, computed once: none depends on the request.
 * (@fastify/helmet builds helmet and its CSP string anew on every request: a tenth of a
 * session check's CPU.)
 */
function headersOf(opts: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value), removeHeader: () => {} };
  helmet(opts)({} as IncomingMessage, res as unknown as ServerResponse, () => {});
  return headers;
}

export const hardening = fp(async (app) => {
  const plain = headersOf({ ...options, strictTransportSecurity: false });
  const secure = headersOf({ ...options, strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false } });
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(req.protocol === 'https' ? secure : plain);
    done();
  });

  // API responses can carry secrets (new API tokens, CSRF tokens, sheet links, outbox bodies):
  // no cache, shared or private, may keep them. Set last so no route can forget it.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
});
