import { hashForm, pbkdf2Phc } from '../../lib/passwords.js';

/** What is wrong with a row: the field (or column) and why, in words an administrator can act on. */
export interface Problem {
  field: string;
  reason: string;
}

/** One row of the file as a user to create, before the checks against the database. */
export interface Candidate {
  /** Position among the data rows (1-based), unique even when a JSON file is one line. */
  row: number;
  line: number;
  username: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  groups: string[];
  attributes: Record<string, unknown>;
  passwordHash: string | null;
  changePassword: boolean;
  disabled: boolean;
  problems: Problem[];
}

/** The fields a column or key can map to; `attributes.<name>` sets one custom attribute. */
export const FIELDS = ['username', 'email', 'firstName', 'lastName', 'phone', 'groups', 'passwordHash', 'ignore'] as const;
export type Field = (typeof FIELDS)[number] | `attributes.${string}`;

const squash = (name: string) => name.toLowerCase().replace(/[\s_.-]/g, '');

/** Column names understood without a mapping (compared without case, spaces, `_`, `-`, `.`). */
const ALIASES: Record<string, Field> = {
  username: 'username',
  user: 'username',
  login: 'username',
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
  firstname: 'firstName',
  givenname: 'firstName',
  lastname: 'lastName',
  surname: 'lastName',
  familyname: 'lastName',
  phone: 'phone',
  phonenumber: 'phone',
  mobile: 'phone',
  groups: 'groups',
  group: 'groups',
  passwordhash: 'passwordHash',
};

/**
 * Parses `--map` / `map=` pairs (`Column=field`, comma-separated or repeated). The column
 * is matched exactly as written in the header (or the JSON key); the field must be one of
 * FIELDS or `attributes.<name>`.
 */
export function parseMapping(pairs: string[]): Map<string, Field> {
  const mapping = new Map<string, Field>();
  for (const pair of pairs.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.lastIndexOf('=');
    const column = eq > 0 ? pair.slice(0, eq).trim() : '';
    const field = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (!column || !field) throw new MappingError(`"${pair}" is not column=field`);
    if (!(FIELDS as readonly string[]).includes(field) && !/^attributes\.[^.\s]{1,100}$/.test(field)) {
      throw new MappingError(`"${field}" is not a field: use one of ${FIELDS.join(', ')} or attributes.<name>`);
    }
    mapping.set(column, field as Field);
  }
  return mapping;
}

export class MappingError extends Error {}

/** The field a column or key goes to: the mapping first, then the known names, else ignored. */
export function fieldOf(column: string, mapping: Map<string, Field>): Field | null {
  const mapped = mapping.get(column);
  if (mapped) return mapped === 'ignore' ? null : mapped;
  const attr = /^(?:attributes?|attr)[.:](.+)$/i.exec(column.trim());
  if (attr) return `attributes.${attr[1]!.trim()}`;
  return ALIASES[squash(column)] ?? null;
}

const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)).trim();
  return s === '' ? null : s;
};

function empty(line: number): Candidate {
  return { row: 0, line, username: '', email: null, phone: null, firstName: null, lastName: null, groups: [], attributes: {}, passwordHash: null, changePassword: false, disabled: false, problems: [] };
}

/** Sets one field of a candidate from a cell or a JSON value. */
function assign(c: Candidate, field: Field, value: unknown) {
  if (field.startsWith('attributes.')) {
    const v = typeof value === 'string' ? text(value) : value;
    if (v !== null && v !== undefined) c.attributes[field.slice('attributes.'.length)] = v;
    return;
  }
  switch (field) {
    case 'groups':
      c.groups = Array.isArray(value) ? value.map(text).filter((g): g is string => !!g) : (text(value) ?? '').split(/[;|]/).map((g) => g.trim()).filter(Boolean);
      return;
    case 'username':
      c.username = text(value) ?? '';
      return;
    case 'passwordHash':
      c.passwordHash = text(value);
      return;
    case 'email':
    case 'phone':
    case 'firstName':
    case 'lastName':
      c[field] = text(value);
      return;
  }
}

/** A CSV data row as a candidate, by the header's fields (null: an ignored column). */
export function fromCsv(line: number, header: (Field | null)[], cells: string[]): Candidate {
  const c = empty(line);
  if (cells.length !== header.length) c.problems.push({ field: 'row', reason: `has ${cells.length} columns, the header has ${header.length}` });
  header.forEach((field, i) => {
    if (field && cells[i] !== undefined) assign(c, field, cells[i]);
  });
  return c;
}

/** A JSON object (an array element or a JSON line) as a candidate; keys map as CSV columns do. */
export function fromJson(line: number, value: unknown, mapping: Map<string, Field>): Candidate {
  const c = empty(line);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    c.problems.push({ field: 'row', reason: 'is not a JSON object' });
    return c;
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === 'attributes' && !mapping.has(key) && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [name, a] of Object.entries(v)) assign(c, `attributes.${name}`, a);
      continue;
    }
    const field = fieldOf(key, mapping);
    if (field) assign(c, field, v);
  }
  return c;
}

type KeycloakCredential = { type?: unknown; secretData?: unknown; credentialData?: unknown; priority?: unknown };

const parseMaybe = (v: unknown): Record<string, unknown> | null => {
  if (typeof v === 'object' && v !== null) return v as Record<string, unknown>;
  if (typeof v !== 'string') return null;
  try {
    const parsed = JSON.parse(v) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const b64nopad = (b64: string) => b64.replace(/=+$/, '');

/**
 * A Keycloak password credential (`secretData` {value, salt} and `credentialData`
 * {hashIterations, algorithm, additionalParameters}, each an object or a JSON string as the
 * export writes them) as a stored hash we verify: PBKDF2-SHA256/SHA512 in our PBKDF2 form,
 * argon2 as a PHC string, bcrypt (the community provider keeps the whole `$2…` string).
 */
export function keycloakHash(cred: KeycloakCredential): { hash: string } | { problem: string } {
  const secret = parseMaybe(cred.secretData);
  const data = parseMaybe(cred.credentialData);
  const algorithm = String(data?.algorithm ?? '').toLowerCase();
  const value = typeof secret?.value === 'string' ? secret.value : '';
  const salt = typeof secret?.salt === 'string' ? secret.salt : '';
  const iterations = Number(data?.hashIterations);
  if (!value) return { problem: 'has no secretData.value' };
  if (algorithm === 'pbkdf2-sha256' || algorithm === 'pbkdf2-sha512') {
    if (!salt || !Number.isInteger(iterations) || iterations < 1) return { problem: `${algorithm} needs secretData.salt and credentialData.hashIterations` };
    return { hash: pbkdf2Phc(algorithm === 'pbkdf2-sha256' ? 'sha256' : 'sha512', iterations, salt, value) };
  }
  if (algorithm === 'argon2') {
    const p = (parseMaybe(data?.additionalParameters) ?? {}) as Record<string, unknown>;
    const type = String(first(p.type) ?? 'id');
    const version = String(first(p.version) ?? '1.3') === '1.3' ? 19 : 16;
    const memory = Number(first(p.memory) ?? 7168);
    const parallelism = Number(first(p.parallelism) ?? 1);
    if (!['id', 'i'].includes(type)) return { problem: `argon2${type} is not supported (argon2id and argon2i are)` };
    if (!salt) return { problem: 'argon2 needs secretData.salt' };
    return { hash: `$argon2${type}$v=${version}$m=${memory},t=${iterations || 5},p=${parallelism}$${b64nopad(salt)}$${b64nopad(value)}` };
  }
  if (algorithm === 'bcrypt' || value.startsWith('$2')) {
    return hashForm(value) === 'bcrypt' ? { hash: value } : { problem: 'is not a bcrypt hash' };
  }
  return { problem: `uses the hash algorithm "${algorithm || 'unknown'}", which can't be imported (pbkdf2-sha256, pbkdf2-sha512, argon2 and bcrypt can)` };
}

/**
 * A user of a Keycloak users export (`<realm>-users-*.json`): names and email, `enabled`
 * (false: imported disabled), attributes (single values unwrapped from Keycloak's lists),
 * groups (paths like `/Sales` or `/Staff/IT`: the last segment is the group), required
 * action UPDATE_PASSWORD (a new password at the next sign-in) and the password credential.
 */
export function fromKeycloak(line: number, value: unknown): Candidate {
  const c = empty(line);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    c.problems.push({ field: 'row', reason: 'is not a JSON object' });
    return c;
  }
  const u = value as Record<string, unknown>;
  c.username = text(u.username) ?? '';
  c.email = text(u.email);
  c.firstName = text(u.firstName);
  c.lastName = text(u.lastName);
  c.disabled = u.enabled === false;
  if (u.attributes && typeof u.attributes === 'object') {
    for (const [name, v] of Object.entries(u.attributes as Record<string, unknown>)) {
      if (name === 'phoneNumber' || name === 'phone') c.phone = text(first(v));
      else c.attributes[name] = Array.isArray(v) && v.length === 1 ? v[0] : v;
    }
  }
  if (Array.isArray(u.groups)) c.groups = u.groups.map((g) => String(g).split('/').filter(Boolean).pop() ?? '').filter(Boolean);
  const actions = Array.isArray(u.requiredActions) ? u.requiredActions.map(String) : [];
  c.changePassword = actions.includes('UPDATE_PASSWORD');
  const passwords = (Array.isArray(u.credentials) ? (u.credentials as KeycloakCredential[]) : [])
    .filter((cr) => cr && cr.type === 'password')
    .sort((a, b) => Number(b.priority ?? 0) - Number(a.priority ?? 0));
  if (passwords[0]) {
    const converted = keycloakHash(passwords[0]);
    if ('hash' in converted) c.passwordHash = converted.hash;
    else c.problems.push({ field: 'credentials', reason: `the password credential ${converted.problem}` });
  }
  return c;
}

const USERNAME = /^[\p{L}\p{N}._@+-]+$/u;
// The `email` format the API validates with (ajv-formats).
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/**
 * The checks of one row that need no database, as the users API checks one user: the
 * problems are added to the candidate. `phone` normalizes a number to E.164 or returns null.
 */
export function check(c: Candidate, normalizePhone: (phone: string) => string | null): void {
  const p = c.problems;
  if (!c.username) p.push({ field: 'username', reason: 'is missing' });
  else if (c.username.length > 100) p.push({ field: 'username', reason: 'is longer than 100 characters' });
  else if (!USERNAME.test(c.username)) p.push({ field: 'username', reason: 'may hold only letters, digits and . _ @ + -' });
  if (c.email !== null) {
    if (c.email.length > 254 || !EMAIL.test(c.email)) p.push({ field: 'email', reason: `"${c.email.slice(0, 80)}" is not an email address` });
  }
  if (c.phone !== null) {
    const e164 = normalizePhone(c.phone);
    if (e164) c.phone = e164;
    else p.push({ field: 'phone', reason: `"${c.phone.slice(0, 40)}" is not a valid phone number; use the international format, e.g. +41 79 123 45 67` });
  }
  for (const f of ['firstName', 'lastName'] as const) {
    if ((c[f]?.length ?? 0) > 100) p.push({ field: f, reason: 'is longer than 100 characters' });
  }
  if (c.groups.length > 100) p.push({ field: 'groups', reason: 'more than 100 groups' });
  const longGroup = c.groups.find((g) => g.length > 200);
  if (longGroup) p.push({ field: 'groups', reason: `"${longGroup.slice(0, 40)}…" is longer than 200 characters` });
  const names = Object.keys(c.attributes);
  if (names.length > 100) p.push({ field: 'attributes', reason: 'more than 100 attributes' });
  const longName = names.find((n) => n.length > 100);
  if (longName) p.push({ field: `attributes.${longName.slice(0, 40)}…`, reason: 'an attribute name is longer than 100 characters' });
  if (c.passwordHash !== null && !hashForm(c.passwordHash)) {
    p.push({ field: 'passwordHash', reason: 'is not a hash that can be imported (argon2id, argon2i, bcrypt $2a$/$2b$/$2y$, or $pbkdf2-sha256$/$pbkdf2-sha512$)' });
  }
}
