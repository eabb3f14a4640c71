import type { FastifyRequest } from 'fastify';

/** Client address and agent, as recorded in sessions and the audit log. */
export function requestMeta(req: FastifyRequest): { ip: string | null; userAgent: string | null } {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null };
}

/** Secure cookies whenever the client reached us over https (directly or via a trusted proxy). */
export const isHttps = (req: FastifyRequest) => req.protocol === 'https';
