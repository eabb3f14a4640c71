/** The group and audit-log calls of the console, on the same request helper as every other call. */

import { api, path, request, type Page } from '../api';
import type { operations } from '../api-schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Answer<Op extends keyof operations> = operations[Op]['responses'] extends { 200: infer R } | { 201: infer R } ? Json<R> : never;

export type Group = Answer<'groups.get'>;
export type GroupMember = Answer<'groups.members.list'>['items'][number];
export type UserGroup = Answer<'users.groups.list'>['items'][number];
export type AuditEvent = Answer<'auditEvents.list'>['items'][number];

export interface AuditFilters {
  action?: string;
  actorId?: string;
  impersonatorId?: string;
  targetId?: string;
  since?: string;
  until?: string;
}

const seg = encodeURIComponent;
const groupsOf = (org: string) => `/organizations/${seg(org)}/groups`;

export const groupsApi = {
  list: (org: string) => request<Answer<'groups.list'>>('GET', groupsOf(org)),
  create: (org: string, name: string) => request<Group>('POST', groupsOf(org), { name }),
  rename: (org: string, id: string, name: string) => request<Group>('PATCH', `${groupsOf(org)}/${seg(id)}`, { name }),
  remove: (org: string, id: string) => request<void>('DELETE', `${groupsOf(org)}/${seg(id)}`),
  members: (org: string, id: string, cursor: string | null) =>
    request<Page<GroupMember>>('GET', path(`${groupsOf(org)}/${seg(id)}/members`, { limit: 50, cursor })),
  addMember: (org: string, id: string, userId: string) => request<void>('PUT', `${groupsOf(org)}/${seg(id)}/members/${seg(userId)}`),
  removeMember: (org: string, id: string, userId: string) => request<void>('DELETE', `${groupsOf(org)}/${seg(id)}/members/${seg(userId)}`),
  ofUser: (org: string, userId: string) => request<Answer<'users.groups.list'>>('GET', `/organizations/${seg(org)}/users/${seg(userId)}/groups`),
};

export const auditApi = {
  list: (org: string, f: AuditFilters, cursor: string | null) =>
    request<Page<AuditEvent>>('GET', path(`/organizations/${seg(org)}/audit-events`, { ...f, limit: 50, cursor })),
  /** The export's address: the browser downloads it itself, streamed, with the session cookie. */
  exportUrl: (org: string, f: AuditFilters) => `/api/v1${path(`/organizations/${seg(org)}/audit-events/export`, { ...f })}`,
};

export const groupKeys = {
  all: (org: string) => ['groups', org] as const,
  members: (org: string, id: string) => ['groups', org, id, 'members'] as const,
  ofUser: (org: string, userId: string) => ['groups', org, 'user', userId] as const,
  audit: (org: string) => ['audit', org] as const,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the user an admin typed: an id as it is, a username looked up (exactly,
 * ignoring case) in the organization. Null when there is no such user.
 */
export async function userIdOf(org: string, typed: string): Promise<string | null> {
  const name = typed.trim();
  if (UUID.test(name)) return name;
  const page = await api.users(org, { search: name, limit: 20 });
  return page.items.find((u) => u.username.toLowerCase() === name.toLowerCase())?.id ?? null;
}
