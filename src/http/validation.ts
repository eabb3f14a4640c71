import type { FastifyInstance } from 'fastify';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';

// ajv-formats is CommonJS with a `default` property; its type declarations hide which one Node hands us.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (ajv: Ajv) => Ajv;

function compiler(coerceTypes: false | 'array') {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  addFormats(ajv);
  return ajv;
}

/**
 * Query strings and path parameters arrive as text and are coerced to their schema types;
 * JSON bodies are validated as sent, so `42` is never silently accepted as `"42"`.
 */
export function installValidators(app: FastifyInstance): void {
  const body = compiler(false);
  const text = compiler('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema));
}
