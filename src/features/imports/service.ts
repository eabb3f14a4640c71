import type { Context, Tx } from '../../context.js';
import type { Actor } from '../../access/index.js';
import type { ImportFormat, ImportRow, ImportRowOutcome, InvitationMethod, OrganizationRow } from '../../db/types.js';
import { isDeadlock, isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../errors/app-error.js';
import { CsvError, readCsv } from '../../lib/csv.js';
import { cursorCodec } from '../../lib/cursor.js';
import { JsonStreamError, readJsonElements, readJsonLines } from '../../lib/json-stream.js';
import * as audit from '../audit/service.js';
import * as invitations from '../invitations/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as users from '../users/service.js';
import * as q from './queries.js';
import { type Candidate, check, type Field, fieldOf, fromCsv, fromJson, fromKeycloak, MappingError, parseMapping, type Problem } from './rows.js';

/** Rows per batch: one transaction, a handful of statements. Bounds memory and lock time. */
export const BATCH_ROWS = 1000;
/**
 * Batches in flight at once, each on its own connection: while one waits for PostgreSQL the
 * next is read, checked and rendered, so the import uses the database and this process side
 * by side. Two batches naming the same user are sorted out by the unique indexes (the loser
 * is checked again and finds the user existing); a user limit locks the organization row,
 * which makes limited imports run their batches one after another.
 */
const PARALLEL_BATCHES = 3;

export interface ImportOptions {
  /** csv, json (an array, or a Keycloak export: told apart by the first character), ndjson; keycloak forces the export form. */
  format: ImportFormat;
  dryRun: boolean;
  invite: boolean;
  invitationMethod?: InvitationMethod;
  /** `Column=field` pairs (see rows.ts FIELDS). */
  mapping: string[];
  /** Create groups the file names that don't exist yet (default: only for a Keycloak export). */
  createGroups?: boolean;
  /** Size of the file, when known, for progress. */
  bytesTotal?: number | null;
}

export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number | null;
  rows: number;
  created: number;
  existing: number;
  invalid: number;
  overLimit: number;
  invited: number;
}

export interface Import {
  id: string;
  state: ImportRow['state'];
  format: ImportFormat;
  dryRun: boolean;
  invite: boolean;
  options: Record<string, unknown>;
  createdBy: string | null;
  actorLabel: string | null;
  progress: ImportProgress;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export function present(row: ImportRow): Import {
  return {
    id: row.id,
    state: row.state,
    format: row.format,
    dryRun: row.dry_run,
    invite: row.invite,
    options: row.options,
    createdBy: row.created_by,
    actorLabel: row.actor_label,
    progress: {
      bytesRead: Number(row.bytes_read),
      bytesTotal: row.bytes_total === null ? null : Number(row.bytes_total),
      rows: row.rows_total,
      created: row.rows_created,
      existing: row.rows_existing,
      invalid: row.rows_invalid,
      overLimit: row.rows_over_limit,
      invited: row.invitations_queued,
    },
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** A fatal problem of the file itself (not of one row): the import stops there. */
class FileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The file stopped arriving (the client went away, the file could not be read). */
class SourceError extends Error {}

/** Counts the bytes that pass, for progress. */
async function* counted(source: AsyncIterable<Uint8Array | string>, seen: { bytes: number }) {
  const chunks = source[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Uint8Array | string>;
    try {
      next = await chunks.next();
    } catch (err) {
      throw new SourceError(`the file stopped arriving after ${seen.bytes} bytes (${(err as Error).message || 'no reason given'})`);
    }
    if (next.done) return;
    seen.bytes += typeof next.value === 'string' ? Buffer.byteLength(next.value) : next.value.byteLength;
    yield next.value;
  }
}

/** The rows of the file as candidates, whatever its format; `shape` learns a JSON file's form. */
async function* candidates(source: AsyncIterable<Uint8Array | string>, opts: ImportOptions, mapping: Map<string, Field>, seen: { format: ImportFormat; ignoredColumns: string[] }): AsyncGenerator<Candidate> {
  try {
    if (opts.format === 'csv') {
      let header: (Field | null)[] | null = null;
      for await (const record of readCsv(source)) {
        if (!header) {
          const columns = record.fields.map((f) => f.trim());
          header = columns.map((col) => fieldOf(col, mapping));
          seen.ignoredColumns = columns.filter((_, i) => header![i] === null);
          if (!header.includes('username')) throw new FileError(`the header has no username column (columns: ${columns.join(', ')}); name one "username" or map it with username`, record.line);
          continue;
        }
        yield fromCsv(record.line, header, record.fields);
      }
      if (!header) throw new FileError('the file is empty: a CSV import needs a header row', 1);
    } else if (opts.format === 'ndjson') {
      for await (const r of readJsonLines(source)) {
        if ('error' in r) {
          const c = fromJson(r.line, {}, mapping);
          c.problems.push({ field: 'row', reason: r.error });
          yield c;
        } else yield fromJson(r.line, r.value, mapping);
      }
    } else {
      for await (const el of readJsonElements(source, {
        onShape: (shape) => {
          if (shape === 'object') seen.format = 'keycloak';
          else if (opts.format === 'keycloak') throw new FileError('a Keycloak users export is a JSON object with a "users" array', 1);
        },
      })) {
        yield seen.format === 'keycloak' ? fromKeycloak(el.line, el.value) : fromJson(el.line, el.value, mapping);
      }
    }
  } catch (err) {
    if (err instanceof CsvError || err instanceof JsonStreamError) throw new FileError(err.message, err.line);
    throw err;
  }
}

let phoneParser: ((phone: string) => string | null) | undefined;
/** E.164 form of a number or null; the metadata (~5 MiB) loads with the first import. */
async function phoneNormalizer() {
  if (phoneParser) return phoneParser;
  const { parsePhoneNumberFromString } = await import('libphonenumber-js');
  phoneParser = (phone) => {
    const parsed = parsePhoneNumberFromString(phone);
    return parsed?.isValid() ? parsed.format('E.164') : null;
  };
  return phoneParser;
}

interface Run {
  ctx: Context;
  actor: Actor;
  org: OrganizationRow;
  importId: string;
  opts: ImportOptions;
  /** As asked, else only for a Keycloak export (known once a JSON file's first character is read). */
  createGroups: boolean | undefined;
  shape: { format: ImportFormat; ignoredColumns: string[] };
  invite: { method: InvitationMethod; needs: 'email' | 'phone' } | null;
  /** Group ids by lowercased name, filled as batches name them (an organization has few groups). */
  groups: Map<string, string>;
  /** Dry run: users that would be created so far, and what the limit leaves. */
  wouldCreate: number;
  remaining: number | null;
  wouldCreateGroups: Set<string>;
}

interface Outcome {
  report: q.ReportRow[];
  progress: Omit<ImportProgress, 'bytesRead' | 'bytesTotal'>;
}

const lower = (s: string) => s.toLowerCase();

type Place = { row: number; line: number };
const placeOf = (p: Place) => `row ${p.row} (line ${p.line})`;

/** Rows of a batch that name the same login name (username or email) as an earlier row. */
function markRepeats(rows: Candidate[], earlier: Map<string, Place>) {
  const inBatch = new Map<string, Place>();
  for (const c of rows) {
    if (c.problems.length > 0) continue;
    for (const [field, name] of [['username', c.username], ['email', c.email]] as const) {
      if (!name) continue;
      const key = lower(name);
      const before = inBatch.get(key) ?? earlier.get(key);
      if (before !== undefined && before.row !== c.row) c.problems.push({ field, reason: `"${name}" is already the username or email of ${placeOf(before)}` });
    }
    if (c.problems.length === 0) {
      inBatch.set(lower(c.username), c);
      if (c.email) inBatch.set(lower(c.email), c);
    }
  }
}

/**
 * One batch against the database: existing users, names taken by others, groups, who can
 * be invited, the user limit; then (not in a dry run) the users, their invitations, the
 * report rows and the counts, all in the caller's transaction.
 */
async function processBatch(run: Run, tx: Tx, batch: Candidate[]): Promise<Outcome> {
  const { ctx, actor, org, opts } = run;
  const createGroups = run.createGroups ?? run.shape.format === 'keycloak';
  const normalize = await phoneNormalizer();
  for (const c of batch) check(c, normalize);
  // A dry run remembers every name it read; a real run finds earlier rows' names as users.
  const earlier = opts.dryRun
    ? await q.rememberNames(
        tx,
        run.importId,
        [...new Map(batch.filter((c) => c.problems.length === 0).flatMap((c) => [c.username, c.email].filter((n): n is string => !!n).map((n) => [lower(n), c] as const))).entries()].map(([name, c]) => ({ name, row: c.row, line: c.line })),
      )
    : new Map<string, Place>();
  markRepeats(batch, earlier);

  const report: q.ReportRow[] = [];
  const progress = { rows: batch.length, created: 0, existing: 0, invalid: 0, overLimit: 0, invited: 0 };
  const valid = batch.filter((c) => c.problems.length === 0);
  const known = await users.findByLoginNames(tx, org.id, valid.flatMap((c) => [c.username, ...(c.email ? [c.email] : [])]));
  const byUsername = new Map(known.map((u) => [u.username, u.id]));
  const taken = new Set(known.flatMap((u) => [u.username, ...(u.email ? [u.email] : [])]));
  const fresh: Candidate[] = [];
  for (const c of valid) {
    const existing = byUsername.get(lower(c.username));
    if (existing) {
      report.push({ row: c.row, line: c.line, outcome: 'existing', username: c.username, userId: existing, problems: [] });
      progress.existing++;
      continue;
    }
    if (taken.has(lower(c.username))) c.problems.push({ field: 'username', reason: `"${c.username}" is already the email of another user` });
    if (c.email && taken.has(lower(c.email))) c.problems.push({ field: 'email', reason: `"${c.email}" is already the username or email of another user` });
    if (run.invite && !c.passwordHash && !c.disabled && !c[run.invite.needs]) {
      c.problems.push({ field: run.invite.needs, reason: run.invite.needs === 'email' ? 'is needed to send the invitation by email' : 'is needed to send the invitation by SMS' });
    }
    if (c.problems.length === 0) fresh.push(c);
  }

  // Groups: looked up once per name per import; created (or reported missing) as asked.
  // A group is created as the file first spells it.
  const unknown = new Map<string, string>();
  for (const g of fresh.flatMap((c) => c.groups)) {
    const key = lower(g);
    if (!run.groups.has(key) && !run.wouldCreateGroups.has(key) && !unknown.has(key)) unknown.set(key, g);
  }
  if (unknown.size > 0) {
    const found = await users.groupsForImport(tx, actor, org.id, [...unknown.values()], createGroups && !opts.dryRun);
    for (const g of found) run.groups.set(lower(g.name), g.id);
    if (createGroups && opts.dryRun) for (const g of unknown.keys()) if (!run.groups.has(g)) run.wouldCreateGroups.add(g);
  }
  for (const c of fresh) {
    const missing = c.groups.filter((g) => !run.groups.has(lower(g)) && !run.wouldCreateGroups.has(lower(g)));
    if (missing.length > 0) c.problems.push({ field: 'groups', reason: `no such group: ${missing.join(', ')} (create it first, or import with createGroups)` });
  }
  let creatable = fresh.filter((c) => c.problems.length === 0);

  // The user limit counts users who can sign in: disabled ones don't take a place.
  const remaining = opts.dryRun ? (run.remaining === null ? null : run.remaining - run.wouldCreate) : await users.remainingUnderUserLimit(tx, org);
  if (remaining !== null) {
    let places = remaining;
    const within: Candidate[] = [];
    for (const c of creatable) {
      if (c.disabled || places > 0) {
        within.push(c);
        if (!c.disabled) places--;
      } else {
        report.push({ row: c.row, line: c.line, outcome: 'over_limit', username: c.username, userId: null, problems: [{ field: 'row', reason: `the organization reached its limit of ${effectiveLimit(org)} users` }] });
        progress.overLimit++;
      }
    }
    creatable = within;
  }

  for (const c of batch) {
    if (c.problems.length > 0) {
      report.push({ row: c.row, line: c.line, outcome: 'invalid', username: c.username || null, userId: null, problems: c.problems });
      progress.invalid++;
    }
  }

  progress.created = creatable.length;
  if (opts.dryRun) {
    run.wouldCreate += creatable.filter((c) => !c.disabled).length;
    if (run.invite) progress.invited = creatable.filter((c) => !c.passwordHash && !c.disabled).length;
  } else {
    const expiresAt = run.invite ? invitations.expiryOfNew(ctx, org) : null;
    const created = await users.insertImported(
      tx,
      actor,
      org,
      creatable.map((c) => ({ ...c, groupIds: [...new Set(c.groups.map((g) => run.groups.get(lower(g))!))] })),
      run.importId,
      run.invite ? { expiresAt } : undefined,
    );
    if (run.invite) {
      const toInvite = created.filter((u) => u.status === 'pending');
      progress.invited = await invitations.issueMany(ctx, tx, actor, org, toInvite, run.invite.method, expiresAt);
    }
  }
  report.sort((a, b) => a.row - b.row);
  await q.insertReport(tx, org.id, run.importId, report);
  return { report, progress };
}

const effectiveLimit = (org: OrganizationRow) => effectiveSettings(org.settings).userLimit;

/**
 * Imports users from a file read as a stream: rows are read, checked and written in
 * batches of BATCH_ROWS, each batch in its own transaction (users, groups, invitations with
 * their queued messages, audit events, report rows and counts commit together), so memory
 * stays flat whatever the file's size and a failure keeps the batches before it. A dry run
 * checks every row the same way and writes only the report. Rows whose username exists are
 * reported `existing` and left alone, so running the same file again creates nothing.
 * Needs the user management privilege in the organization; started and finished audited.
 * `onProgress` is called after every batch.
 */
export async function run(
  ctx: Context,
  actor: Actor,
  orgSlug: string,
  source: AsyncIterable<Uint8Array | string>,
  opts: ImportOptions,
  onProgress?: (p: ImportProgress) => void,
): Promise<Import> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  let mapping: Map<string, Field>;
  try {
    mapping = parseMapping(opts.mapping);
  } catch (err) {
    if (err instanceof MappingError) throw new AppError('import.mapping_invalid', err.message);
    throw err;
  }
  // Can invitations go out at all? Refused before any row is read.
  const invite = opts.invite ? invitations.invitationPlan(org, opts.invitationMethod) : null;
  const options = { mapping: opts.mapping, createGroups: opts.createGroups ?? null, invitationMethod: invite?.method ?? null };
  const started = await ctx.db.transaction().execute(async (tx) => {
    const row = await q.insert(tx, {
      organization_id: org.id,
      format: opts.format,
      dry_run: opts.dryRun,
      invite: opts.invite,
      options: JSON.stringify(options),
      created_by: actor.type === 'user' ? actor.id : null,
      actor_label: actor.label,
      bytes_total: opts.bytesTotal ?? null,
    });
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'import.started',
      target: { type: 'import', id: row.id },
      data: { format: opts.format, dryRun: opts.dryRun, invite: opts.invite, createGroups: opts.createGroups ?? null },
    });
    return row;
  });
  const r: Run = {
    ctx,
    actor,
    org,
    importId: started.id,
    opts,
    createGroups: opts.createGroups,
    shape: { format: opts.format, ignoredColumns: [] },
    invite,
    groups: new Map(),
    wouldCreate: 0,
    remaining: opts.dryRun ? await users.remainingUnderUserLimit(ctx.db, org) : null,
    wouldCreateGroups: new Set(),
  };
  const seen = { bytes: 0 };
  const shape = r.shape;
  const totals: ImportProgress = { bytesRead: 0, bytesTotal: opts.bytesTotal ?? null, rows: 0, created: 0, existing: 0, invalid: 0, overLimit: 0, invited: 0 };

  const flush = async (batch: Candidate[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const { progress } = await ctx.db.transaction().execute(async (tx) => {
          const out = await processBatch(r, tx, batch.map((c) => ({ ...c, problems: [...c.problems] })));
          await q.addProgress(tx, org.id, r.importId, { bytesRead: seen.bytes, ...out.progress }, shape.format);
          return out;
        });
        for (const k of ['rows', 'created', 'existing', 'invalid', 'overLimit', 'invited'] as const) totals[k] += progress[k];
        totals.bytesRead = seen.bytes;
        onProgress?.({ ...totals });
        return;
      } catch (err) {
        // Someone (or a parallel batch) created one of these names between the check and
        // the insert, or two batches waited on each other's names: check again.
        if (attempt < 4 && (isUniqueViolation(err) || isDeadlock(err))) continue;
        throw err;
      }
    }
  };

  let failure: string | null = null;
  try {
    let batch: Candidate[] = [];
    let rows = 0;
    const inFlight = new Map<Promise<void>, Set<string>>();
    let failed: { err: unknown } | undefined;
    const start = async (b: Candidate[]) => {
      const names = new Set(b.flatMap((c) => (c.email ? [c.username.toLowerCase(), c.email.toLowerCase()] : [c.username.toLowerCase()])));
      // A name that a batch still being written has too: that earlier batch commits first, so
      // the earlier row of the file wins, as it does in a dry run (in parallel the later row
      // could take the name and leave the earlier one "existing").
      if ([...inFlight.values()].some((other) => [...names].some((n) => other.has(n)))) await Promise.all(inFlight.keys());
      const p: Promise<void> = flush(b)
        .catch((err: unknown) => {
          failed ??= { err };
        })
        .finally(() => inFlight.delete(p));
      inFlight.set(p, names);
    };
    try {
      for await (const c of candidates(counted(source, seen), opts, mapping, shape)) {
        c.row = ++rows;
        batch.push(c);
        if (batch.length >= BATCH_ROWS) {
          await start(batch);
          batch = [];
          // Reading waits while enough batches are in flight: memory stays bounded.
          while (inFlight.size >= PARALLEL_BATCHES && !failed) await Promise.race(inFlight.keys());
          if (failed) break;
        }
      }
      if (!failed && batch.length > 0) await start(batch);
    } finally {
      // A broken file stops the reading; the batches before it still finish (and count).
      await Promise.all(inFlight.keys());
    }
    if (failed) throw failed.err;
  } catch (err) {
    if (err instanceof FileError) failure = `line ${err.line}: ${err.message}`;
    else if (err instanceof SourceError) failure = err.message;
    else if (err instanceof AppError && err.status < 500) failure = err.message;
    else {
      await finish(ctx, actor, org, r.importId, `stopped by an internal error after ${totals.rows} rows`, totals).catch(() => undefined);
      throw err;
    }
  } finally {
    if (opts.dryRun) await q.forgetNames(ctx.db, r.importId).catch(() => undefined);
    ctx.wakeWorker();
  }
  const row = await finish(ctx, actor, org, r.importId, failure, totals, shape);
  return present(row);
}

async function finish(ctx: Context, actor: Actor, org: OrganizationRow, importId: string, error: string | null, totals: ImportProgress, shape?: { format: ImportFormat; ignoredColumns: string[] }) {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.finish(tx, org.id, importId, error ? 'failed' : 'finished', error, ctx.clock.now());
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'import.finished',
      target: { type: 'import', id: importId },
      data: {
        state: row.state,
        dryRun: row.dry_run,
        format: shape?.format ?? row.format,
        rows: totals.rows,
        created: totals.created,
        existing: totals.existing,
        invalid: totals.invalid,
        overLimit: totals.overLimit,
        invited: totals.invited,
        ...(shape && shape.ignoredColumns.length > 0 && { ignoredColumns: shape.ignoredColumns }),
        ...(error && { error }),
      },
    });
    return row;
  });
}

/** The report continues after the row number of the last row shown. */
const reportCursor = cursorCodec(['serial']);
const listCursor = cursorCodec(['date', 'uuid']);

/** An import's state, counts and one page of its report (rows not created, in line order). */
export async function get(ctx: Context, actor: Actor, orgSlug: string, id: string, page: { limit: number; cursor?: string; outcome?: ImportRowOutcome }) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  const row = await q.findById(ctx.db, org.id, id);
  if (!row) throw new AppError('import.not_found');
  const afterRow = page.cursor ? Number(reportCursor.decode(page.cursor)[0]) : 0;
  const rows = await q.report(ctx.db, org.id, id, page.limit + 1, afterRow, page.outcome);
  const items = rows.slice(0, page.limit).map((r) => ({ row: r.row_number, line: r.line, outcome: r.outcome, username: r.username, userId: r.user_id, problems: r.problems as Problem[] }));
  const last = items[items.length - 1];
  return { ...present(row), report: { items, nextCursor: rows.length > page.limit && last ? reportCursor.encode([String(last.row)]) : null } };
}

/** The organization's imports, newest first. */
export async function list(ctx: Context, actor: Actor, orgSlug: string, page: { limit: number; cursor?: string }) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  const before = page.cursor ? (([createdAt, id]) => ({ createdAt, id }))(listCursor.decode(page.cursor)) : undefined;
  const rows = await q.list(ctx.db, org.id, page.limit + 1, before);
  const items = rows.slice(0, page.limit).map(present);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? listCursor.encode([last.createdAt, last.id]) : null };
}
