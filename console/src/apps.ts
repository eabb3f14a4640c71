/** The app registry's calls and types, next to the shared client so it stays one small file of its own. */

import { path, request } from './api';
import type { operations } from './api-schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Answer<Op extends keyof operations> = operations[Op]['responses'] extends { 200: infer R } | { 201: infer R } ? Json<R> : never;
type Input<Op extends keyof operations> = operations[Op] extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

export type RegisteredApp = Answer<'apps.get'>;
export type AppAssignment = Answer<'apps.assignments.list'>['items'][number];
export type UserApp = Answer<'users.apps.list'>['items'][number];
export type CreateAppInput = Input<'apps.create'>;
export type UpdateAppInput = Input<'apps.update'>;
export type GroupItem = Answer<'groups.list'>['items'][number];

const seg = encodeURIComponent;
const base = (org: string) => `/organizations/${seg(org)}`;

export const appsApi = {
  list: (org: string) => request<Answer<'apps.list'>>('GET', `${base(org)}/apps`),
  create: (org: string, input: CreateAppInput) => request<RegisteredApp>('POST', `${base(org)}/apps`, input),
  update: (org: string, id: string, input: UpdateAppInput) => request<RegisteredApp>('PATCH', `${base(org)}/apps/${seg(id)}`, input),
  remove: (org: string, id: string) => request<void>('DELETE', `${base(org)}/apps/${seg(id)}`),
  assignments: (org: string, id: string) => request<Answer<'apps.assignments.list'>>('GET', `${base(org)}/apps/${seg(id)}/assignments`),
  assign: (org: string, id: string, input: Input<'apps.assign'>) => request<Answer<'apps.assign'>>('POST', `${base(org)}/apps/${seg(id)}/assignments`, input),
  unassign: (org: string, id: string, assignmentId: string) => request<void>('DELETE', `${base(org)}/apps/${seg(id)}/assignments/${seg(assignmentId)}`),
  ofUser: (org: string, userId: string) => request<Answer<'users.apps.list'>>('GET', `${base(org)}/users/${seg(userId)}/apps`),
  groups: (org: string) => request<Answer<'groups.list'>>('GET', `${base(org)}/groups`),
  /** Users whose username or email starts with `search`, to pick from. */
  users: (org: string, search: string) => request<Answer<'users.list'>>('GET', path(`${base(org)}/users`, { limit: 20, search })),
};

export const appKeys = {
  apps: (org: string) => ['apps', org] as const,
  assignments: (org: string, id: string) => ['apps', org, id, 'assignments'] as const,
  ofUser: (org: string, userId: string) => ['apps', org, 'user', userId] as const,
  groups: (org: string) => ['groups', org] as const,
};

/** Reads a picked file as the data: URL the API takes for an icon. */
export function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}
