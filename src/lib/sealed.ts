import { decrypt, encrypt } from './crypto.js';

/**
 * Small sealed, expiring values for short browser flows (e.g. "this browser proved a code
 * and may now set a password"). Encrypted and authenticated (AES-256-GCM with a key for
 * the purpose), so the browser can neither read nor alter them: ids inside stay private.
 * The expiry is inside the box too; a value sealed for one purpose never opens for another.
 */
export function seal(secret: Buffer, purpose: string, data: Record<string, unknown>, expiresAt: Date): string {
  return encrypt(secret, keyPurpose(purpose), JSON.stringify({ d: data, e: expiresAt.getTime() })).toString('base64url');
}

export function unseal<T extends Record<string, unknown>>(secret: Buffer, purpose: string, value: string | undefined, now: Date): T | undefined {
  if (!value || value.length > 4096) return undefined;
  try {
    const { d, e } = JSON.parse(decrypt(secret, keyPurpose(purpose), Buffer.from(value, 'base64url'))) as { d: T; e: number };
    return typeof e === 'number' && e > now.getTime() ? d : undefined;
  } catch {
    // Tampered, truncated, sealed under another key or purpose: all simply not a flow.
    return undefined;
  }
}

const keyPurpose = (purpose: string) => `sealed:${purpose}`;
