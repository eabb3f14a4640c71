import { Type, type TSchema } from 'typebox';

/** Shared pieces of API schemas. Every object schema rejects unknown fields. */
export const Obj = <T extends Record<string, TSchema>>(props: T, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description && { description }) });

export const Uuid = Type.String({ format: 'uuid' });
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Organization short name' });
/** Timestamps: services hand out Dates, the serializer writes ISO 8601 strings. */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * A string or null as one JSON Schema type list rather than anyOf: query-string coercion
 * can't turn null into "", and a bad value yields one error instead of three.
 */
export const NullableString = (opts: Record<string, unknown> = {}) => Type.Unsafe<string | null>({ type: ['string', 'null'], ...opts });

/** A string enum, typed as the union of its values. */
export const Literals = <const T extends string>(values: readonly T[], opts: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...opts });

export const OrgParams = Obj({ org: Slug });
export const OrgIdParams = Obj({ org: Slug, id: Uuid });

export const Page = <T extends TSchema>(item: T) => Obj({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
};

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** Error responses every authenticated route can give, for the OpenAPI document. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries([400, 401, 403, 404, ...statuses].map((s) => [s, { ...Problem, description: 'Problem' }]));

export const NoContent = Type.Null({ description: 'No content' });
