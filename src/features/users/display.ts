import type { UserRow } from '../../db/types.js';

/** How a person is named in messages and pages: their name, else their username. */
export const displayName = (u: Pick<UserRow, 'first_name' | 'last_name' | 'username'>) =>
  [u.first_name, u.last_name].filter(Boolean).join(' ') || u.username;
