import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Small signed, expiring values for short browser flows (e.g. "this browser proved a code
 * and may now set a password"). Tamper-proof, not secret: never put secrets inside.
 */
export function seal(secret: Buffer, purpose: string, data: Record<string, unknown>, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ ...data, p: purpose, e: expiresAt.getTime() })).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export function unseal<T extends Record<string, unknown>>(secret: Buffer, purpose: string, value: string | undefined, now: Date): T | undefined {
  if (!value) return undefined;
  const [body, sig] = value.split('.');
  if (!body || !sig) return undefined;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(body, 'base64url').toString()) as T & { p: string; e: number };
    return data.p === purpose && data.e > now.getTime() ? data : undefined;
  } catch {
    return undefined;
  }
}

const mac = (secret: Buffer, body: string) => createHmac('sha256', secret).update(`sealed:${body}`).digest('base64url');
