import { isUuid } from './tokens.js';

/**
 * What one position of a cursor holds: `text` any string, `uuid` a row id, `date` an
 * instant (travels as ISO 8601), `serial` a bigint row id (decimal digits, as PostgreSQL's
 * int8 comes back).
 */
export type CursorField = 'text' | 'uuid' | 'date' | 'serial';
type Value<F extends CursorField> = F extends 'date' ? Date : string;
export type CursorValues<S extends readonly CursorField[]> = { -readonly [K in keyof S]: S[K] extends CursorField ? Value<S[K]> : never };

/** A cursor that was not made by this server's encoder for this list (tampered, truncated, another list's). */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor() {
    super('Bad cursor');
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const SERIAL = /^[0-9]{1,18}$/;
// As toISOString writes it: Date's own parser also takes loose text ("paged-1" is 2001).
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function check(field: CursorField, raw: unknown): string | Date | undefined {
  if (typeof raw !== 'string') return undefined;
  if (field === 'uuid') return isUuid(raw) ? raw : undefined;
  if (field === 'serial') return SERIAL.test(raw) ? raw : undefined;
  if (field === 'date') {
    if (!ISO_INSTANT.test(raw)) return undefined;
    const at = new Date(raw);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  return raw;
}

/**
 * The keyset-pagination cursor of one list: an opaque base64url string of a typed tuple
 * (the sort key of the page's last row). Clients pass it back unchanged; a cursor of the
 * wrong shape throws InvalidCursorError, which the API answers with 400 `request.invalid`.
 * The cursor is not signed: it only says where to continue, and every value is checked
 * before it reaches a query.
 */
export function cursorCodec<const S extends readonly CursorField[]>(shape: S) {
  return {
    encode(values: CursorValues<S>): string {
      const parts = (values as readonly (string | Date)[]).map((v) => (v instanceof Date ? v.toISOString() : v));
      return Buffer.from(JSON.stringify(parts)).toString('base64url');
    },
    decode(cursor: string): CursorValues<S> {
      let parsed: unknown;
      try {
        if (!BASE64URL.test(cursor)) throw new InvalidCursorError();
        parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
      } catch {
        throw new InvalidCursorError();
      }
      if (!Array.isArray(parsed) || parsed.length !== shape.length) throw new InvalidCursorError();
      return shape.map((field, i) => {
        const value = check(field, parsed[i]);
        if (value === undefined) throw new InvalidCursorError();
        return value;
      }) as CursorValues<S>;
    },
  };
}
