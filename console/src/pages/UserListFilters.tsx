import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { UserListQuery } from '../api';
import { useSession } from '../session';
import { groupsApi } from './groups-api';

/** The users list's filters and order beyond search, status and type, as the selects hold them. */
export interface ListChoices {
  group: string;
  mfa: string;
  lockout: string;
  stage: string;
  sort: string;
}

export const noChoices: ListChoices = { group: 'all', mfa: 'all', lockout: 'all', stage: 'all', sort: 'username:asc' };

const mfaOptions = [
  { value: 'all', label: 'All' },
  { value: 'enrolled', label: 'Enrolled' },
  { value: 'not_enrolled', label: 'Not enrolled' },
];
const lockoutOptions = [
  { value: 'all', label: 'All' },
  { value: 'failure_cap', label: 'At the failure cap' },
  { value: 'now', label: "Can't sign in now" },
];
const stageOptions = [
  { value: 'all', label: 'All' },
  { value: 'not_invited', label: 'Not invited' },
  { value: 'queued', label: 'Waiting to be sent' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'failed', label: 'Delivery failed' },
  { value: 'opened', label: 'Opened' },
  { value: 'activated', label: 'Activated' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
  { value: 'superseded', label: 'Replaced by a newer one' },
  { value: 'exhausted', label: 'Too many wrong tries' },
];
const sortOptions = [
  { value: 'username:asc', label: 'Username A–Z' },
  { value: 'username:desc', label: 'Username Z–A' },
  { value: 'created:desc', label: 'Newest first' },
  { value: 'created:asc', label: 'Oldest first' },
  { value: 'lastLogin:desc', label: 'Last sign-in, latest first' },
  { value: 'lastLogin:asc', label: 'Last sign-in, never first' },
];

const orAll = <T extends string>(v: string): T | null => (v === 'all' ? null : (v as T));

/** The query parameters of the choices. */
export function listQuery(c: ListChoices): UserListQuery {
  const [sort, order] = c.sort.split(':') as [NonNullable<UserListQuery['sort']>, NonNullable<UserListQuery['order']>];
  return {
    group: orAll(c.group),
    mfa: orAll<NonNullable<UserListQuery['mfa']>>(c.mfa),
    lockout: orAll<NonNullable<UserListQuery['lockout']>>(c.lockout),
    stage: orAll<NonNullable<UserListQuery['stage']>>(c.stage),
    sort: sort === 'username' ? null : sort,
    order: order === 'asc' ? null : order,
  };
}

/** Whether any choice narrows the list (the order does not). */
export const narrows = (c: ListChoices) => c.group !== 'all' || c.mfa !== 'all' || c.lockout !== 'all' || c.stage !== 'all';

/** Group, MFA, lockout and onboarding-stage filters and the sort of the users list. */
export function UserListFilters({ value, onChange }: { value: ListChoices; onChange: (c: ListChoices) => void }) {
  const { org } = useSession();
  const groups = useQuery({ queryKey: ['groups', org], queryFn: () => groupsApi.list(org) });
  const groupOptions = [{ value: 'all', label: 'All' }, ...(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))];
  const set = (field: keyof ListChoices) => (v: string | null) => onChange({ ...value, [field]: v ?? noChoices[field] });
  return (
    <>
      <Select label="Group" data={groupOptions} value={value.group} onChange={set('group')} allowDeselect={false} searchable w={180} />
      <Select label="MFA" data={mfaOptions} value={value.mfa} onChange={set('mfa')} allowDeselect={false} w={150} />
      <Select label="Lockout" data={lockoutOptions} value={value.lockout} onChange={set('lockout')} allowDeselect={false} w={180} />
      <Select label="Onboarding" data={stageOptions} value={value.stage} onChange={set('stage')} allowDeselect={false} w={200} />
      <Select label="Sort" data={sortOptions} value={value.sort} onChange={set('sort')} allowDeselect={false} w={220} />
    </>
  );
}
