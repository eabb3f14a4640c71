import { createHmac, randomBytes, randomInt } from 'node:crypto';

/** The character classes and length of a one-time code (an organization setting). */
export interface CodeAlphabet {
  uppercase: boolean;
  lowercase: boolean;
  digits: boolean;
  length: number;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/** The characters a code over `a` is drawn from. */
export function codeCharacters(a: CodeAlphabet): string {
  const chars = (a.uppercase ? UPPER : '') + (a.lowercase ? LOWER : '') + (a.digits ? DIGITS : '');
  if (!chars) throw new Error('a code needs at least one character class');
  return chars;
}

/** A uniformly random one-time code over the enabled character classes. */
export function newCode(a: CodeAlphabet): string {
  const chars = codeCharacters(a);
  let code = '';
  for (let i = 0; i < a.length; i++) code += chars[randomInt(chars.length)];
  return code;
}

/** 256 bits of randomness, URL-safe: the secret of a one-time link. */
export const newLinkToken = (): string => randomBytes(32).toString('base64url');

/**
 * What the person typed, as the code was generated: spaces and dashes dropped, and letter
 * case folded when the alphabet has only one case.
 */
export function normalizeCode(a: CodeAlphabet, typed: string): string {
  const code = typed.replace(/[\s-]/g, '');
  if (a.uppercase && !a.lowercase) return code.toUpperCase();
  if (a.lowercase && !a.uppercase) return code.toLowerCase();
  return code;
}

/**
 * What a secret is for and whom it belongs to. A code is short, so its hash must be bound to
 * both: the same digits issued to another person, or for another purpose, hash differently,
 * and a code can only be checked against the one subject it was issued to.
 */
export interface Binding {
  /** e.g. `code` (invitation codes, kept for stored hashes), `recovery`, `mfa-sms`, `signup-pin`. */
  purpose: string;
  /** The id of the person (or other subject) the secret was issued to. */
  subject: string;
}

const hmac = (key: Buffer, message: string) => createHmac('sha256', key).update(message, 'utf8').digest();

/**
 * The keyed hash stored for a code: HMAC(server secret, `purpose:subject:code`). Invitation
 * codes issued before the flow core used exactly this message with purpose `code`, so their
 * stored hashes still match.
 */
export const boundHash = (key: Buffer, b: Binding, secret: string): Buffer => hmac(key, `${b.purpose}:${b.subject}:${secret}`);

/**
 * The keyed hash stored for a link token. A link is looked up by its hash before anyone knows
 * its subject, and it carries 256 bits, so it is not bound to a subject; each flow keeps its
 * links in its own table, which is where the purpose is told apart. The message is the bare
 * token, as every link issued so far was stored.
 */
export const linkHash = (key: Buffer, token: string): Buffer => hmac(key, token);
