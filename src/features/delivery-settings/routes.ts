import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.js';
import { NoContent, OrgParams, problems } from '../../http/schemas.js';
import { EmailSettings, EmailSettingsPatch, EmailTest, EmailTestResult, SmsSettings, SmsSettingsPatch, SmsTest, SmsTestResult } from './schemas.js';
import * as delivery from './service.js';

const tags = ['organizations'];

/**
 * An organization's own SMTP server and SMS provider. Secrets go in, never out; the test
 * operations answer 200 with what the server or provider said, whether it accepted or not.
 */
export const deliverySettingsRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/organizations/:org/smtp', {
    schema: { operationId: 'organizations.smtp.get', tags, summary: "The organization's own SMTP server (never its password)", params: OrgParams, response: { 200: EmailSettings, ...problems() } },
  }, async (req) => delivery.getEmail(ctx, req.actor, req.params.org));

  app.patch('/organizations/:org/smtp', {
    schema: { operationId: 'organizations.smtp.update', tags, summary: 'Set the SMTP server its email leaves through; fields left out keep their values', params: OrgParams, body: EmailSettingsPatch, response: { 200: EmailSettings, ...problems() } },
  }, async (req) => delivery.updateEmail(ctx, req.actor, req.params.org, req.body));

  app.delete('/organizations/:org/smtp', {
    schema: { operationId: 'organizations.smtp.delete', tags, summary: 'Remove its SMTP server: email leaves through the global one again', params: OrgParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await delivery.remove(ctx, req.actor, req.params.org, 'email');
    return reply.status(204).send(null);
  });

  app.post('/organizations/:org/smtp/test', {
    schema: {
      operationId: 'organizations.smtp.test',
      tags,
      summary: "Send a test email with the saved settings or a draft, and get the SMTP server's answer",
      params: OrgParams,
      body: EmailTest,
      response: { 200: EmailTestResult, ...problems(409) },
    },
  }, async (req) => delivery.testEmail(ctx, req.actor, req.params.org, req.body));

  app.get('/organizations/:org/sms', {
    schema: { operationId: 'organizations.sms.get', tags, summary: "The organization's own SMS provider (never its secret)", params: OrgParams, response: { 200: SmsSettings, ...problems() } },
  }, async (req) => delivery.getSms(ctx, req.actor, req.params.org));

  app.patch('/organizations/:org/sms', {
    schema: { operationId: 'organizations.sms.update', tags, summary: 'Set the SMS provider its text messages leave through; fields left out keep their values', params: OrgParams, body: SmsSettingsPatch, response: { 200: SmsSettings, ...problems() } },
  }, async (req) => delivery.updateSms(ctx, req.actor, req.params.org, req.body));

  app.delete('/organizations/:org/sms', {
    schema: { operationId: 'organizations.sms.delete', tags, summary: 'Remove its SMS provider: text messages leave through the global one again', params: OrgParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await delivery.remove(ctx, req.actor, req.params.org, 'sms');
    return reply.status(204).send(null);
  });

  app.post('/organizations/:org/sms/test', {
    schema: {
      operationId: 'organizations.sms.test',
      tags,
      summary: "Send a test text with the saved settings or a draft, and get the provider's answer",
      params: OrgParams,
      body: SmsTest,
      response: { 200: SmsTestResult, ...problems(409) },
    },
  }, async (req) => delivery.testSms(ctx, req.actor, req.params.org, req.body));
};
