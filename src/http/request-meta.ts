import type { FastifyRequest } from 'fastify';
import type { TrustProxy } from '../config/schema.js';

/** Client address and agent, as recorded in sessions and the audit log. */
export function requestMeta(req: FastifyRequest): { ip: string | null; userAgent: string | null } {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null };
}

/** Secure cookies whenever the client reached us over https (directly or via a trusted proxy). */
export const isHttps = (req: FastifyRequest) => req.protocol === 'https';

/**
 * TRUST_PROXY as Fastify's trustProxy. A hop count trusts that many hops counting from the
 * socket peer, so with N proxies in front the address N hops back is the client, however
 * many forged X-Forwarded-For entries the client added on the left.
 */
export function trustProxyOption(t: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof t === 'number') return (_address, hop) => hop < t;
  return t;
}
