import { randomInt } from 'node:crypto';

export interface CodeAlphabet {
  uppercase: boolean;
  lowercase: boolean;
  digits: boolean;
  length: number;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/** A uniformly random one-time code over the enabled character classes. */
export function newCode(a: CodeAlphabet): string {
  const chars = (a.uppercase ? UPPER : '') + (a.lowercase ? LOWER : '') + (a.digits ? DIGITS : '');
  if (!chars) throw new Error('a code needs at least one character class');
  let code = '';
  for (let i = 0; i < a.length; i++) code += chars[randomInt(chars.length)];
  return code;
}

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
