import { describe, expect, it } from 'vitest';
import type { Context } from '../context.js';
import { createLimiter, limiterOf, memoryStore, provideLimiter, type Budget } from './index.js';

const at = new Date('2030-01-01T00:00:00Z');
const clock = () => {
  let now = at.getTime();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
};
const codes: Budget = { name: 'code', maxFailures: 2, baseSeconds: 30, maxSeconds: 300, resetSeconds: 600 };
const pins: Budget = { ...codes, name: 'pin', maxFailures: 5 };

describe('limiter', () => {
  it('when one key fails under two budgets, then each budget counts on its own', async () => {
    const limiter = createLimiter(memoryStore(), clock());
    expect(await limiter.fail(codes, ['k'])).toBe(0);
    expect(await limiter.fail(codes, ['k'])).toBe(30);
    expect(await limiter.check(codes, ['k'])).toBe(30);
    expect(await limiter.check(pins, ['k'])).toBe(0);
    expect(await limiter.fail(pins, ['k'])).toBe(0);
  });

  it('when several keys are checked, then the longest wait answers, and a reset frees only its keys', async () => {
    const c = clock();
    const limiter = createLimiter(memoryStore(), c);
    await limiter.fail(codes, ['a', 'b']);
    expect(await limiter.fail(codes, ['a', 'b'])).toBe(30);
    c.advance(10_000);
    expect(await limiter.check(codes, ['x', 'a'])).toBe(20);
    await limiter.reset(codes, ['a']);
    expect(await limiter.check(codes, ['a'])).toBe(0);
    expect(await limiter.lockedUntil(codes, ['a', 'b'])).toEqual([null, new Date(at.getTime() + 30_000)]);
    expect(await limiter.check(codes, [])).toBe(0);
  });

  it('when the clock passes the lockout, then the key may try again', async () => {
    const c = clock();
    const limiter = createLimiter(memoryStore(), c);
    for (let i = 0; i < 2; i++) await limiter.fail(codes, ['k']);
    c.advance(31_000);
    expect(await limiter.check(codes, ['k'])).toBe(0);
    expect(await limiter.lockedUntil(codes, ['k'])).toEqual([null]);
  });

  it('when a context is wired with a limiter, then that one serves it; an unwired context is a setup error', () => {
    const wired = {} as Context;
    const limiter = createLimiter(memoryStore(), clock());
    provideLimiter(wired, limiter);
    expect(limiterOf(wired)).toBe(limiter);
    expect(() => limiterOf({} as Context)).toThrow(/no limiter is wired/);
  });
});
