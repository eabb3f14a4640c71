/** PostgreSQL error classification, so services can map constraint failures to AppErrors. */
const codeOf = (err: unknown) => (typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '');

export const isUniqueViolation = (err: unknown, constraint?: string) =>
  codeOf(err) === '23505' && (constraint === undefined || (err as { constraint?: string }).constraint === constraint);

/** PostgreSQL ended the transaction to break a deadlock: it may simply be run again. */
export const isDeadlock = (err: unknown) => codeOf(err) === '40P01';

/** The database is unreachable or going away: answer 503 rather than 500. */
export function isUnavailable(err: unknown): boolean {
  const code = codeOf(err);
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03'].includes(code)) return true;
  if (code.startsWith('08')) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i.test(message);
}

/**
 * Input the database refused as data (e.g. a NUL character, a number out of range) or a
 * CHECK constraint: the request was bad, not the server.
 */
export function isBadData(err: unknown): boolean {
  const code = codeOf(err);
  return code.startsWith('22') || code === '23514';
}
