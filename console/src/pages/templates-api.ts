/** The message template and layout calls of the console, on the same request helper as every other call. */

import { path, request } from '../api';
import type { operations } from '../api-schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Answer<Op extends keyof operations> = operations[Op]['responses'] extends { 200: infer R } | { 201: infer R } ? Json<R> : never;
type Input<Op extends keyof operations> = operations[Op] extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

export type TemplateSummary = Answer<'templates.list'>['items'][number];
export type TemplateDetail = Answer<'templates.get'>;
export type TemplatePreview = Answer<'templates.preview'>;
export type TemplateDraft = Input<'templates.update'>;
export type LayoutList = Answer<'layouts.list'>;
export type LayoutImport = Answer<'layouts.import'>;

const seg = encodeURIComponent;
const of = (org: string) => `/organizations/${seg(org)}`;

export const templateKeys = {
  list: (org: string) => ['templates', org] as const,
  detail: (org: string, kind: string, locale: string) => ['template', org, kind, locale] as const,
  layouts: (org: string) => ['layouts', org] as const,
};

export const templatesApi = {
  list: (org: string) => request<Answer<'templates.list'>>('GET', `${of(org)}/templates`),
  get: (org: string, kind: string, locale: string) => request<TemplateDetail>('GET', path(`${of(org)}/templates/${seg(kind)}`, { locale })),
  update: (org: string, kind: string, draft: TemplateDraft) => request<TemplateDetail>('PUT', `${of(org)}/templates/${seg(kind)}`, draft),
  preview: (org: string, kind: string, draft: Input<'templates.preview'>) => request<TemplatePreview>('POST', `${of(org)}/templates/${seg(kind)}/preview`, draft),
  reset: (org: string, kind: string, locale: string) => request<TemplateDetail>('DELETE', path(`${of(org)}/templates/${seg(kind)}`, { locale })),
  layouts: (org: string) => request<LayoutList>('GET', `${of(org)}/layouts`),
  importLayouts: (org: string) => request<LayoutImport>('POST', `${of(org)}/layouts/import`),
  setVariables: (org: string, variables: Record<string, string | null>) => request<LayoutList>('PUT', `${of(org)}/layouts/variables`, { variables }),
};
