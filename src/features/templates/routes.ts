import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.js';
import { OrgParams, problems } from '../../http/schemas.js';
import { KindParams, LayoutImportResult, LayoutList, LocaleQuery, TemplateDetail, TemplateList, TemplatePreview, TemplatePreviewBody, TemplateUpdate, VariablesSet } from './schemas.js';
import * as templates from './service.js';

const tags = ['templates'];

/**
 * An organization's message templates (the catalog of kinds, its own sources per locale,
 * preview with sample values) and its named layouts with the variables that pick them.
 * Organization administrators only.
 */
export const templateRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/organizations/:org/templates', {
    schema: { operationId: 'templates.list', tags, summary: 'Every message kind: variables, required fields, layout variable, whether customized', params: OrgParams, response: { 200: TemplateList, ...problems() } },
  }, async (req) => templates.list(ctx, req.actor, req.params.org));

  app.get('/organizations/:org/templates/:kind', {
    schema: { operationId: 'templates.get', tags, summary: "A kind's template in one locale: the organization's own, else the built-in default", params: KindParams, querystring: LocaleQuery, response: { 200: TemplateDetail, ...problems() } },
  }, async (req) => templates.get(ctx, req.actor, req.params.org, req.params.kind, req.query.locale));

  app.put('/organizations/:org/templates/:kind', {
    schema: {
      operationId: 'templates.update',
      tags,
      summary: "Save the organization's own template of a kind in one locale (refused on a Liquid error or a missing required field)",
      params: KindParams,
      body: TemplateUpdate,
      response: { 200: TemplateDetail, ...problems() },
    },
  }, async (req) => templates.update(ctx, req.actor, req.params.org, req.params.kind, req.body));

  app.post('/organizations/:org/templates/:kind/preview', {
    schema: {
      operationId: 'templates.preview',
      tags,
      summary: 'Render a draft (or, without one, the saved or default template) with the sample values',
      params: KindParams,
      body: TemplatePreviewBody,
      response: { 200: TemplatePreview, ...problems() },
    },
  }, async (req) => templates.preview(ctx, req.actor, req.params.org, req.params.kind, req.body));

  app.delete('/organizations/:org/templates/:kind', {
    schema: { operationId: 'templates.reset', tags, summary: "Remove the organization's own template of a kind in one locale: the default is used again", params: KindParams, querystring: LocaleQuery, response: { 200: TemplateDetail, ...problems() } },
  }, async (req) => templates.reset(ctx, req.actor, req.params.org, req.params.kind, req.query.locale));

  app.get('/organizations/:org/layouts', {
    schema: { operationId: 'layouts.list', tags, summary: 'The named layouts of the organization and its layout variables (kind → layout name)', params: OrgParams, response: { 200: LayoutList, ...problems() } },
  }, async (req) => templates.listLayouts(ctx, req.actor, req.params.org));

  app.post('/organizations/:org/layouts/import', {
    schema: {
      operationId: 'layouts.import',
      tags,
      summary: 'Copy the default layouts into the organization as <environment>_<variable> and point the variables at them (needs the environment name)',
      params: OrgParams,
      response: { 200: LayoutImportResult, ...problems(409) },
    },
  }, async (req) => templates.importLayouts(ctx, req.actor, req.params.org));

  app.put('/organizations/:org/layouts/variables', {
    schema: { operationId: 'layouts.variables.set', tags, summary: 'Point layout variables at layouts of the organization (null: the default)', params: OrgParams, body: VariablesSet, response: { 200: LayoutList, ...problems() } },
  }, async (req) => templates.setVariables(ctx, req.actor, req.params.org, req.body));
};
