import { describe, expect, it } from 'vitest';
import { cursorCodec, InvalidCursorError } from './cursor.js';

const id = '6f1c2d3e-0000-4000-8000-000000000001';
const users = cursorCodec(['text', 'uuid']);
const messages = cursorCodec(['date', 'uuid']);
const events = cursorCodec(['serial']);

describe('cursor codec', () => {
  it('when a cursor is encoded and decoded, then the same values come back, dates as dates', () => {
    expect(users.decode(users.encode(['ann|éè 😀', id]))).toEqual(['ann|éè 😀', id]);
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(messages.decode(messages.encode([at, id]))).toEqual([at, id]);
    expect(events.decode(events.encode(['123456789012345678']))).toEqual(['123456789012345678']);
  });

  it('when a cursor is opaque, then it is URL-safe text that does not show its values plainly', () => {
    const cursor = users.encode(['ann', id]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('ann');
  });

  it.each([
    ['garbage', 'garbage'],
    ['an empty string', ''],
    ['characters outside base64url', 'a+b/c='],
    ['base64 of text that is not JSON', Buffer.from('not json').toString('base64url')],
    ['a JSON object instead of a tuple', Buffer.from(JSON.stringify({ key: 'a', id })).toString('base64url')],
    ['a tuple of the wrong length', Buffer.from(JSON.stringify(['a', id, 'x'])).toString('base64url')],
    ['a forged id', Buffer.from(JSON.stringify(['a', '-'.repeat(36)])).toString('base64url')],
    ['a number where text belongs', Buffer.from(JSON.stringify([1, id])).toString('base64url')],
  ])('when a cursor is %s, then decoding fails with InvalidCursorError', (_what, cursor) => {
    expect(() => users.decode(cursor)).toThrow(InvalidCursorError);
  });

  it('when a cursor of one list is given to another, or holds an impossible value, then it is refused', () => {
    expect(() => messages.decode(users.encode(['ann', id]))).toThrow(InvalidCursorError);
    expect(() => messages.decode(Buffer.from(JSON.stringify(['2026-13-45T99:00:00Z', id])).toString('base64url'))).toThrow(InvalidCursorError);
    expect(() => messages.decode(Buffer.from(JSON.stringify(['paged-1', id])).toString('base64url'))).toThrow(InvalidCursorError);
    expect(() => events.decode(Buffer.from(JSON.stringify(['9999999999999999999'])).toString('base64url'))).toThrow(InvalidCursorError);
    expect(() => events.decode(Buffer.from(JSON.stringify(['-1'])).toString('base64url'))).toThrow(InvalidCursorError);
  });
});
