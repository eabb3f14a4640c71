import { Secret, TOTP } from 'otpauth';

/**
 * Authenticator-app codes (RFC 6238) as every common app reads them: HMAC-SHA-1, 6 digits,
 * 30-second steps. A code of the step before or after is accepted too (clock drift of the
 * phone), and the caller refuses a step already used, so each code works once.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_DRIFT_STEPS = 1;

export interface TotpParams {
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period: number;
}

const DEFAULTS: TotpParams = { algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS };

/** A new key of 160 bits (RFC 4226's recommended length for SHA-1), as base32. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The base32 key grouped by four, as people copy it into an app by hand. */
export const groupedKey = (base32: string) => base32.replace(/(.{4})/g, '$1 ').trim();

/** The otpauth:// URI an app scans from the QR code. */
export const totpUri = (base32: string, issuer: string, account: string): string =>
  new TOTP({ ...DEFAULTS, issuer, label: account, secret: Secret.fromBase32(base32) }).toString();

/** The time step a timestamp falls in. */
export const stepAt = (now: Date, period = TOTP_PERIOD_SECONDS) => Math.floor(now.getTime() / 1000 / period);

/** The code of a key at a time (used by tests and by nothing that checks a code). */
export const totpCode = (secret: Secret | string, now: Date, params: Partial<TotpParams> = {}): string =>
  TOTP.generate({ ...DEFAULTS, ...params, secret: typeof secret === 'string' ? Secret.fromBase32(secret) : secret, timestamp: now.getTime() });

/**
 * The time step whose code `typed` is, within the drift window around `now`, or undefined.
 * The comparison is otpauth's constant-time one; what is typed is reduced to digits first.
 */
export function matchingStep(base32: string, typed: string, now: Date, params: Partial<TotpParams> = {}): number | undefined {
  const p = { ...DEFAULTS, ...params };
  const token = typed.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(token) || token.length !== p.digits) return undefined;
  const delta = TOTP.validate({ ...p, token, secret: Secret.fromBase32(base32), timestamp: now.getTime(), window: TOTP_DRIFT_STEPS });
  return delta === null ? undefined : stepAt(now, p.period) + delta;
}
