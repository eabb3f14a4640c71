import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TObject, type TString } from 'typebox';
import { Value } from 'typebox/value';
import { AppError } from '../errors/app-error.js';
import { verifyForm } from './pages.js';

/**
 * Form bodies of the end-user pages. Every field arrives as a string (an absent one as ""):
 * text is trimmed, a secret (password, code) is kept exactly as typed, since spaces may be
 * part of it. The schema bounds each field, so an oversized one is a form error, not work.
 */
export const Text = (maxLength = 254) => Type.String({ maxLength });
// Above the longest password a policy may allow (1024 characters, some of them two UTF-16
// units), so the policy, not the form, says when a password is too long.
export const Secret = (maxLength = 4096) => Type.String({ maxLength, secret: true });
export const Form = <T extends Record<string, TString>>(fields: T) => Type.Object(fields, { additionalProperties: true });

/** The declared fields of a posted form, read as the schema says (never validated here). */
export function readForm<S extends TObject<Record<string, TString>>>(req: FastifyRequest, schema: S): Static<S> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const form: Record<string, string> = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    const raw = body[name];
    const value = typeof raw === 'string' ? raw : '';
    form[name] = (field as { secret?: boolean }).secret ? value : value.trim();
  }
  return form as Static<S>;
}

export interface FormPage<F> {
  /** Does what the form asks; its reply ends the request. */
  submit(form: F): Promise<FastifyReply>;
  /** The page again, with what was typed and the error; the status is already set. */
  again(form: F, error: AppError): Promise<FastifyReply> | FastifyReply;
  /** Which 4xx errors this page shows itself (default: all); the others propagate. */
  shows?(error: AppError): boolean;
}

/**
 * A posted form of a page that re-renders on a 4xx: CSRF checked, fields read and bounded by
 * the schema, then `submit`. A 4xx AppError the page shows renders the page again with its
 * message and status (and Retry-After when it says how long to wait); anything else is rethrown for the
 * error page.
 */
export async function handleForm<S extends TObject<Record<string, TString>>>(req: FastifyRequest, reply: FastifyReply, schema: S, page: FormPage<Static<S>>): Promise<FastifyReply> {
  const form = readForm(req, schema);
  try {
    verifyForm(req);
    const bad = Value.Errors(schema, form)[0];
    if (bad) throw new AppError('request.invalid', `${bad.instancePath.replace(/^\//, '') || 'A field'} is too long.`);
    return await page.submit(form);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || !(page.shows?.(err) ?? true)) throw err;
    if (typeof err.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(err.extra.retryAfterSeconds));
    reply.status(err.status);
    req.pageError = err;
    return page.again(form, err);
  }
}
