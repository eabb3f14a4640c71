import type { FastifyInstance } from 'fastify';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import formats from 'ajv-formats';

// ajv-formats is CommonJS with a `default` property; its type declarations hide which one Node hands us.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (ajv: Ajv) => Ajv;

function compiler(coerceTypes: false | 'array', allErrors: boolean) {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors, strict: false });
  addFormats(ajv);
  return ajv;
}

/** Formats as people name them; a format not listed keeps Ajv's wording. */
const formatWords: Record<string, string> = {
  email: 'must be an email address',
  uri: 'must be a full web address (https://…)',
  url: 'must be a full web address (https://…)',
  'date-time': 'must be a date and time (e.g. 2030-01-31T12:00:00Z)',
  date: 'must be a date (e.g. 2030-01-31)',
  uuid: 'must be an id as the API returned it',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Ajv's message in words an admin reads in a form ("must be an email address", "must be at
 * least 8 characters"), so API clients and the console show the same readable text.
 */
export function readableMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'format':
      return formatWords[String(p.format)] ?? e.message ?? 'is not valid';
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${plural(Number(p.limit), 'character')}`;
    case 'maxLength':
      return `must be at most ${plural(Number(p.limit), 'character')}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'required':
      return `${String(p.missingProperty)} is required`;
    case 'type':
      return p.type === 'integer' ? 'must be a whole number' : p.type === 'null' ? 'must be null' : `must be a ${String(p.type)}`;
    case 'enum':
    case 'const':
      return 'is not one of the allowed values';
    case 'pattern':
      return 'contains characters that are not allowed';
    default:
      return e.message ?? 'is not valid';
  }
}

/*
 * Validators and response serializers are compiled on a route's first request, not at start:
 * compiling all of them (about a hundred routes, several status codes each) left ~15 MiB of
 * generated code and compiler memory in a process that, idle, uses none of it.
 */

/** Fastify's own response serializers (fast-json-stringify), each compiled when first used. */
export const lazySerializers = {
  compilersFactory: {
    buildSerializer: (externalSchemas: unknown, options: Parameters<ReturnType<typeof SerializerSelector>>[1]) => {
      const compile = SerializerSelector()(externalSchemas, options);
      return (route: Parameters<typeof compile>[0]) => {
        let serialize: ReturnType<typeof compile> | undefined;
        return (data: unknown) => {
          serialize ??= compile(route);
          return serialize(data);
        };
      };
    },
  },
};

/**
 * Query strings and path parameters arrive as text and are coerced to their schema types;
 * JSON bodies are validated as sent, so `42` is never silently accepted as `"42"`. Bodies
 * report every invalid field at once, so a form can mark them all in one round trip.
 */
export function installValidators(app: FastifyInstance): void {
  const body = compiler(false, true);
  const text = compiler('array', false);
  app.setValidatorCompiler(({ schema, httpPart }) => {
    let validate: ValidateFunction | undefined;
    const readable = Object.assign(
      (data: unknown) => {
        validate ??= (httpPart === 'body' ? body : text).compile(schema);
        const ok = validate(data);
        readable.errors = ok ? null : (validate.errors ?? []).map((e) => ({ ...e, message: readableMessage(e) }));
        return ok;
      },
      { errors: null as ErrorObject[] | null },
    );
    return readable;
  });
}
