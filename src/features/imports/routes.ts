import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import type { Context } from '../../context.js';
import type { ImportFormat } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { OrgIdParams, OrgParams, Page, problems } from '../../http/schemas.js';
import { CreateImportQuery, GetImportQuery, Import, ImportBody, ImportWithReport, ListImportsQuery } from './schemas.js';
import * as imports from './service.js';

const tags = ['imports'];
const BY_TYPE: Record<string, ImportFormat> = { 'text/csv': 'csv', 'application/json': 'json', 'application/x-ndjson': 'ndjson' };

export const importRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  // The upload is read as a stream by the import itself: never buffered, never size-limited
  // as a whole (the rows are bounded one by one). Only this plugin's routes parse this way.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', 'text/csv', 'application/x-ndjson'], (_req, payload, done) => done(null, payload));

  app.post('/organizations/:org/imports', {
    schema: {
      operationId: 'imports.create',
      tags,
      summary: 'Import users from a CSV, JSON, JSON-lines file or Keycloak users export (streamed); answers when every row is handled',
      params: OrgParams,
      querystring: CreateImportQuery,
      body: ImportBody,
      response: { 201: Import, ...problems(409, 415) },
    },
  }, async (req, reply) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const format = req.query.format ?? BY_TYPE[type];
    if (!format) throw new AppError('import.format_unknown');
    const length = Number(req.headers['content-length']);
    const result = await imports.run(ctx, req.actor, req.params.org, req.body as Readable, {
      format,
      dryRun: req.query.dryRun ?? false,
      invite: req.query.invite ?? false,
      invitationMethod: req.query.invitationMethod,
      mapping: req.query.map ? [req.query.map] : [],
      createGroups: req.query.createGroups,
      bytesTotal: Number.isFinite(length) && length > 0 ? length : null,
    });
    return reply.status(201).send(result);
  });

  app.get('/organizations/:org/imports', {
    schema: { operationId: 'imports.list', tags, summary: 'List imports, newest first', params: OrgParams, querystring: ListImportsQuery, response: { 200: Page(Import), ...problems() } },
  }, async (req) => imports.list(ctx, req.actor, req.params.org, { limit: req.query.limit ?? 50, cursor: req.query.cursor }));

  app.get('/organizations/:org/imports/:id', {
    schema: {
      operationId: 'imports.get',
      tags,
      summary: 'An import: state, progress, counts and a page of its report (rows not created, with line, field and reason)',
      params: OrgIdParams,
      querystring: GetImportQuery,
      response: { 200: ImportWithReport, ...problems() },
    },
  }, async (req) => imports.get(ctx, req.actor, req.params.org, req.params.id, { limit: req.query.limit ?? 50, cursor: req.query.cursor, outcome: req.query.outcome }));
};
