import { errorCatalog, type ErrorCode } from './catalog.js';

/** A failure the caller can act on: a catalog code, its HTTP status and a safe detail. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    /** Extra fields for the problem body, e.g. which field failed. Never secrets. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? errorCatalog[code].title);
    this.status = errorCatalog[code].status;
  }
  get title(): string {
    return errorCatalog[this.code].title;
  }
}

export const problemType = (code: string) => `urn:latchkey:error:${code}`;
