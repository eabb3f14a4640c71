import { describe, expect, it } from 'vitest';
import { CacheBus } from './cache-bus.js';

describe('CacheBus.mark', () => {
  it('when an invalidation comes while a value is read, then the reader learns it must not cache what it read', () => {
    const bus = new CacheBus(undefined);
    const before = bus.mark();
    expect(bus.unchangedSince(before)).toBe(true);
    bus.clearAll(); // what a NOTIFY from another node, or a local invalidate, does
    expect(bus.unchangedSince(before)).toBe(false);
    expect(bus.unchangedSince(bus.mark())).toBe(true);
  });
});
