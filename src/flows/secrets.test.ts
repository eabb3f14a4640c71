import { describe, expect, it } from 'vitest';
import { boundHash, codeCharacters, linkHash, newCode, newLinkToken, normalizeCode } from './secrets.js';

const key = Buffer.alloc(32, 7);
const digits = { uppercase: false, lowercase: false, digits: true, length: 6 };

describe('code generation', () => {
  it('when a code is made, then it has the configured length and only characters of the enabled classes', () => {
    const a = { uppercase: true, lowercase: false, digits: true, length: 9 };
    for (let i = 0; i < 200; i++) expect(newCode(a)).toMatch(/^[A-Z0-9]{9}$/);
    expect(newCode(digits)).toMatch(/^[0-9]{6}$/);
  });

  it('when every class is enabled, then each class turns up in generated codes', () => {
    const all = Array.from({ length: 300 }, () => newCode({ uppercase: true, lowercase: true, digits: true, length: 8 })).join('');
    expect(all).toMatch(/[A-Z]/);
    expect(all).toMatch(/[a-z]/);
    expect(all).toMatch(/[0-9]/);
    // Every one of the 62 characters can appear, none is left out of the alphabet.
    expect(new Set(all).size).toBe(62);
  });

  it('when no class is enabled, then no code can be made', () => {
    expect(() => newCode({ uppercase: false, lowercase: false, digits: false, length: 6 })).toThrow();
    expect(codeCharacters(digits)).toBe('0123456789');
  });

  it('when a link token is made, then it carries 256 bits in URL-safe form and never repeats', () => {
    const t = newLinkToken();
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newLinkToken()).not.toBe(t);
  });
});

describe('code normalization', () => {
  it('when a person types spaces or dashes, then they are dropped', () => {
    expect(normalizeCode(digits, ' 123-456 ')).toBe('123456');
  });

  it('when the alphabet has one letter case, then the typed case does not matter', () => {
    expect(normalizeCode({ uppercase: true, lowercase: false, digits: true, length: 6 }, 'ab-12c')).toBe('AB12C');
    expect(normalizeCode({ uppercase: false, lowercase: true, digits: true, length: 6 }, 'AB12C')).toBe('ab12c');
  });

  it('when the alphabet has both cases, then case is kept (it is part of the code)', () => {
    expect(normalizeCode({ uppercase: true, lowercase: true, digits: false, length: 6 }, 'aBc')).toBe('aBc');
  });
});

describe('hash binding', () => {
  const b = { purpose: 'code', subject: 'user-1' };

  it('when the same code is hashed for another subject or another purpose, then the hash differs', () => {
    const h = boundHash(key, b, '123456');
    expect(boundHash(key, b, '123456')).toEqual(h);
    expect(boundHash(key, { ...b, subject: 'user-2' }, '123456')).not.toEqual(h);
    expect(boundHash(key, { ...b, purpose: 'recovery' }, '123456')).not.toEqual(h);
    expect(boundHash(Buffer.alloc(32, 8), b, '123456')).not.toEqual(h);
  });

  it('when an invitation code was hashed before the flow core, then its stored hash still matches', async () => {
    const { createHmac } = await import('node:crypto');
    const legacy = createHmac('sha256', key).update('code:user-1:123456').digest();
    expect(boundHash(key, b, '123456')).toEqual(legacy);
  });

  it('when a link token was hashed before the flow core, then its stored hash still matches', async () => {
    const { createHmac } = await import('node:crypto');
    expect(linkHash(key, 'tok')).toEqual(createHmac('sha256', key).update('tok').digest());
  });
});
