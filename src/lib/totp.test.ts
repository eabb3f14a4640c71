import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { matchingStep, newTotpSecret, stepAt, totpCode, totpUri } from './totp.js';

// RFC 6238 Appendix B: the seeds are the ASCII digits repeated to the hash's key length.
const seeds = {
  SHA1: Secret.fromLatin1('12345678901234567890'),
  SHA256: Secret.fromLatin1('12345678901234567890123456789012'),
  SHA512: Secret.fromLatin1('1234567890123456789012345678901234567890123456789012345678901234'),
};
const vectors: [number, string, keyof typeof seeds][] = [
  [59, '94287082', 'SHA1'], [59, '46119246', 'SHA256'], [59, '90693936', 'SHA512'],
  [1111111109, '07081804', 'SHA1'], [1111111109, '68084774', 'SHA256'], [1111111109, '25091201', 'SHA512'],
  [1111111111, '14050471', 'SHA1'], [1111111111, '67062674', 'SHA256'], [1111111111, '99943326', 'SHA512'],
  [1234567890, '89005924', 'SHA1'], [1234567890, '91819424', 'SHA256'], [1234567890, '93441116', 'SHA512'],
  [2000000000, '69279037', 'SHA1'], [2000000000, '90698825', 'SHA256'], [2000000000, '38618901', 'SHA512'],
  [20000000000, '65353130', 'SHA1'], [20000000000, '77737706', 'SHA256'], [20000000000, '47863826', 'SHA512'],
];

describe('authenticator-app codes (RFC 6238)', () => {
  it.each(vectors)('when the time is %i, then the 8-digit code is %s (%s), and it is accepted at that time', (seconds, code, algorithm) => {
    const at = new Date(seconds * 1000);
    expect(totpCode(seeds[algorithm], at, { algorithm, digits: 8 })).toBe(code);
    expect(matchingStep(seeds[algorithm].base32, code, at, { algorithm, digits: 8 })).toBe(stepAt(at));
  });

  it('when a code of the step before or after is typed, then it matches that step; two steps away it does not', () => {
    const key = newTotpSecret();
    const now = new Date('2026-12-03T12:00:10Z');
    const step = stepAt(now);
    const at = (s: number) => new Date(s * 30_000 + 1000);
    expect(matchingStep(key, totpCode(key, at(step - 1)), now)).toBe(step - 1);
    expect(matchingStep(key, totpCode(key, at(step + 1)), now)).toBe(step + 1);
    expect(matchingStep(key, totpCode(key, at(step - 2)), now)).toBeUndefined();
    expect(matchingStep(key, totpCode(key, at(step + 2)), now)).toBeUndefined();
  });

  it('when the code has spaces, letters or the wrong length, then only the spaced right code matches', () => {
    const key = newTotpSecret();
    const now = new Date();
    const code = totpCode(key, now);
    expect(matchingStep(key, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(stepAt(now));
    expect(matchingStep(key, `${code}0`, now)).toBeUndefined();
    expect(matchingStep(key, 'abcdef', now)).toBeUndefined();
  });

  it('when the URI is built, then it names SHA1, 6 digits, 30 seconds, the issuer and the account', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'Acme', 'ada');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Acme:ada\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
    expect(uri).toContain('algorithm=SHA1');
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
  });
});
