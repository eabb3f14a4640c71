import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal, unseal } from './sealed.js';

const secret = randomBytes(32);
const now = new Date('2026-01-01T00:00:00Z');
const later = new Date(now.getTime() + 60_000);
const data = { userId: '6f1c2d3e-0000-4000-8000-000000000001', reason: 'invitation' };

describe('sealed values', () => {
  it('when a value is sealed, then its contents cannot be read from the cookie text', () => {
    const value = seal(secret, 'flow', data, later);
    const decoded = Buffer.from(value, 'base64url').toString('latin1');
    expect(decoded).not.toContain(data.userId);
    expect(decoded).not.toContain('invitation');
    expect(value).not.toContain(Buffer.from(data.userId).toString('base64url').slice(0, 12));
  });

  it('when a sealed value is opened before it expires, then the data comes back', () => {
    expect(unseal(secret, 'flow', seal(secret, 'flow', data, later), now)).toEqual(data);
  });

  it('when it has expired, was sealed for another purpose or under another key, then it does not open', () => {
    const value = seal(secret, 'flow', data, later);
    expect(unseal(secret, 'flow', value, new Date(later.getTime() + 1))).toBeUndefined();
    expect(unseal(secret, 'other', value, now)).toBeUndefined();
    expect(unseal(randomBytes(32), 'flow', value, now)).toBeUndefined();
  });

  it('when any character of a sealed value is changed, then it does not open', () => {
    const value = seal(secret, 'flow', data, later);
    for (let i = 0; i < value.length; i += 7) {
      const c = value[i] === 'A' ? 'B' : 'A';
      expect(unseal(secret, 'flow', value.slice(0, i) + c + value.slice(i + 1), now)).toBeUndefined();
    }
    expect(unseal(secret, 'flow', 'garbage', now)).toBeUndefined();
    expect(unseal(secret, 'flow', '', now)).toBeUndefined();
  });
});
