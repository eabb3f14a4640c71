import { describe, expect, it } from 'vitest';
import { isSpecialUse, outboundFetch } from './outbound.js';

describe('outgoing requests to addresses admins type in', () => {
  it('when an address is loopback, private, link-local or otherwise special-use, then it counts as such, in either IP version', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
      '::1', '::', 'fe80::1', 'fd00::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a00:1', 'not an address']) {
      expect(isSpecialUse(a), a).toBe(true);
    }
  });

  it('when an address is public, then it does not count as special-use', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isSpecialUse(a), a).toBe(false);
  });

  it('when a request goes to a literal private address or a name that resolves to one, then it is refused before anything is sent', async () => {
    const guarded = outboundFetch(false);
    await expect(guarded('http://127.0.0.1:2/')).rejects.toThrow(/127\.0\.0\.1 is a private or special-use address/);
    await expect(guarded('http://[::1]:2/')).rejects.toThrow(/special-use/);
    // A name is checked when connecting (so a name that changes its answer is caught too).
    const byName = await guarded('http://localhost:2/').catch((err: Error) => err);
    expect((byName as Error & { cause?: Error }).cause?.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a private or special-use address/);
  });
});
