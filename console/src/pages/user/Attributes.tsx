import { NativeSelect, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api';
import type { operations } from '../../api-schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type AttributeDefinition = Json<operations['attributes.list']['responses'][200]>['items'][number];

const base = (org: string) => `/organizations/${encodeURIComponent(org)}/attributes`;

/** The organization's custom attribute schema (the same query the organization page uses). */
export function useAttributeSchema(org: string) {
  return useQuery({ queryKey: ['attributes', org] as const, queryFn: () => request<{ items: AttributeDefinition[] }>('GET', base(org)) });
}

/** An attribute value as the form holds it: always text, '' for none. */
export function attributeText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/**
 * The typed value the API takes. A number field that doesn't read as a number is sent as typed,
 * so the server's schema check answers for it (one judge, one message).
 */
export function attributeValue(def: AttributeDefinition, text: string): unknown {
  const v = text.trim();
  if (v === '') return null;
  if (def.type === 'number') return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  if (def.type === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
  return v;
}

/** A readable value for the details list. */
export function attributeDisplay(def: AttributeDefinition | undefined, value: unknown): string {
  if (def?.type === 'boolean' && typeof value === 'boolean') return value ? 'Yes' : 'No';
  return attributeText(value);
}

const typeHint: Record<AttributeDefinition['type'], string | undefined> = { string: undefined, number: 'A number', boolean: undefined, date: 'A date, YYYY-MM-DD' };

/** One input per defined attribute; errors are keyed `attributes/<name>` as the API reports them. */
export function AttributeFields({
  schema,
  values,
  onChange,
  errors,
}: {
  schema: AttributeDefinition[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  errors: Record<string, string>;
}) {
  return (
    <>
      {schema.map((def) =>
        def.type === 'boolean' ? (
          <NativeSelect
            key={def.id}
            label={def.name}
            required={def.required}
            value={values[def.name] ?? ''}
            onChange={(e) => onChange(def.name, e.currentTarget.value)}
            data={[
              { value: '', label: 'Not set' },
              { value: 'true', label: 'Yes' },
              { value: 'false', label: 'No' },
            ]}
            error={errors[`attributes/${def.name}`]}
          />
        ) : (
          <TextInput
            key={def.id}
            label={def.name}
            required={def.required}
            description={typeHint[def.type]}
            value={values[def.name] ?? ''}
            onChange={(e) => onChange(def.name, e.currentTarget.value)}
            error={errors[`attributes/${def.name}`]}
            autoComplete="off"
          />
        ),
      )}
    </>
  );
}
