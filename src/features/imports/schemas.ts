import { Type } from 'typebox';
import { DateTime, Literals, Nullable, Obj, PageQuery } from '../../http/schemas.js';

export const FORMATS = ['csv', 'json', 'ndjson', 'keycloak'] as const;
export const OUTCOMES = ['existing', 'invalid', 'over_limit'] as const;

export const CreateImportQuery = Obj({
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Check and report every row, write no user' })),
  invite: Type.Optional(Type.Boolean({ default: false, description: 'Invite each created user who has no imported password (queued through the outbox in the same transaction)' })),
  invitationMethod: Type.Optional(Literals(['email_link', 'email_otp', 'sms_otp'], { description: "With invite: the method; default the organization's" })),
  map: Type.Optional(Type.String({ maxLength: 4000, description: 'Column mapping: Column=field pairs, comma-separated (fields: username, email, firstName, lastName, phone, groups, passwordHash, ignore, attributes.<name>)' })),
  format: Type.Optional(Literals(FORMATS, { description: 'How to read the body; default from the content type (a JSON object with a users array is read as a Keycloak export)' })),
  createGroups: Type.Optional(Type.Boolean({ description: 'Create groups the file names that do not exist yet; default only for a Keycloak export' })),
});

/** The upload itself: documented per media type, read as a stream (never validated as a whole). */
export const ImportBody = {
  content: {
    'text/csv': { schema: { description: 'CSV (RFC 4180) with a header row' } },
    'application/json': { schema: { description: 'A JSON array of users, or a Keycloak users export ({"realm": …, "users": […]})' } },
    'application/x-ndjson': { schema: { description: 'JSON lines: one user object per line' } },
  },
};

const Progress = Obj({
  bytesRead: Type.Integer(),
  bytesTotal: Nullable(Type.Integer()),
  rows: Type.Integer({ description: 'Data rows read so far' }),
  created: Type.Integer({ description: 'Users created (in a dry run: that would be created)' }),
  existing: Type.Integer({ description: 'Rows whose username already exists: left unchanged' }),
  invalid: Type.Integer(),
  overLimit: Type.Integer({ description: 'Valid rows refused by the subscription user limit' }),
  invited: Type.Integer({ description: 'Invitations queued (in a dry run: that would be queued)' }),
});

export const Import = Obj({
  id: Type.String(),
  state: Literals(['running', 'finished', 'failed']),
  format: Literals(FORMATS),
  dryRun: Type.Boolean(),
  invite: Type.Boolean(),
  options: Type.Record(Type.String(), Type.Unknown()),
  createdBy: Nullable(Type.String()),
  actorLabel: Nullable(Type.String()),
  progress: Progress,
  error: Nullable(Type.String({ description: 'Why the import stopped early (the file itself is broken); rows before stay imported' })),
  createdAt: DateTime,
  finishedAt: Nullable(DateTime),
});

export const ReportRow = Obj({
  row: Type.Integer({ description: 'Position among the data rows (1 = the first row after the CSV header, the first element of a JSON array)' }),
  line: Type.Integer({ description: 'Line of the file where the row starts' }),
  outcome: Literals(OUTCOMES),
  username: Nullable(Type.String()),
  userId: Nullable(Type.String({ description: 'The existing user, for existing rows' })),
  problems: Type.Array(Obj({ field: Type.String(), reason: Type.String() })),
});

export const ImportWithReport = Obj({
  ...Import.properties,
  report: Obj({ items: Type.Array(ReportRow), nextCursor: Nullable(Type.String()) }, 'Rows not created, in line order, one page'),
});

export const GetImportQuery = Obj({ ...PageQuery, outcome: Type.Optional(Literals(OUTCOMES)) });
export const ListImportsQuery = Obj({ ...PageQuery });
