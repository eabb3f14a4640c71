import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.js';
import { requestMeta } from '../../http/request-meta.js';
import { NoContent, OrgIdParams, problems } from '../../http/schemas.js';
import { RecoveryPhone, RecoveryPhoneOf, SetRecoveryPhone, SetRecoveryPhoneResult, VerifyRecoveryPhone } from './schemas.js';
import * as phones from './service.js';

const tags = ['recovery phone'];
const self = { selfService: true } as const;
/** Changing the recovery phone needs a recent authentication (the step-up guard in http/admin-auth). */
const stepUp = { selfService: true, recentAuthentication: true } as const;

/**
 * The recovery phone over the API: the signed-in person sets, proves and removes their own
 * (`/me`, console session only); administrators read and remove a user's, and have no way to
 * set one.
 */
export const recoveryPhoneRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/me/recovery-phone', {
    config: self,
    schema: { operationId: 'recoveryPhone.getOwn', tags, summary: 'Your own recovery phone', response: { 200: RecoveryPhoneOf, ...problems() } },
  }, async (req) => {
    const org = await phones.organizationOf(ctx, req.actor);
    return { recoveryPhone: (await phones.ofUser(ctx, org.id, req.actor.id!)) ?? null };
  });

  app.put('/me/recovery-phone', {
    config: stepUp,
    schema: {
      operationId: 'recoveryPhone.set',
      tags,
      summary: 'Set your own recovery phone; a verification code is texted to it',
      description: 'Consent is required. A new number starts unverified and gets a code (earlier codes stop working); sends are throttled per person and per address (429 recovery_phone.send_throttled).',
      body: SetRecoveryPhone,
      response: { 200: SetRecoveryPhoneResult, ...problems(429) },
    },
  }, async (req) => {
    const org = await phones.organizationOf(ctx, req.actor);
    const r = await phones.setOwn(ctx, req.actor, org, { ...req.body, ...requestMeta(req) });
    return { recoveryPhone: r.phone, codeSent: r.codeSent, codeExpiresAt: r.codeExpiresAt };
  });

  app.post('/me/recovery-phone/verify', {
    config: stepUp,
    schema: {
      operationId: 'recoveryPhone.verify',
      tags,
      summary: 'Prove your recovery phone with the code texted to it',
      description: 'Wrong codes count; after 5 the code stops working (410 recovery_phone.code_exhausted) and a new one must be sent.',
      body: VerifyRecoveryPhone,
      response: { 200: RecoveryPhone, ...problems(409, 410) },
    },
  }, async (req) => {
    const org = await phones.organizationOf(ctx, req.actor);
    return phones.verifyOwn(ctx, req.actor, org, req.body.code);
  });

  app.delete('/me/recovery-phone', {
    config: stepUp,
    schema: { operationId: 'recoveryPhone.removeOwn', tags, summary: 'Remove your own recovery phone', response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    const org = await phones.organizationOf(ctx, req.actor);
    await phones.removeOwn(ctx, req.actor, org);
    return reply.status(204).send(null);
  });

  app.get('/organizations/:org/users/:id/recovery-phone', {
    schema: {
      operationId: 'recoveryPhone.get',
      tags,
      summary: "A user's recovery phone: number, consent and verification times",
      description: 'Administrators can see and remove a recovery phone, never set one: only the user can consent to a number and prove it.',
      params: OrgIdParams,
      response: { 200: RecoveryPhoneOf, ...problems() },
    },
  }, async (req) => ({ recoveryPhone: await phones.getForAdmin(ctx, req.actor, req.params.org, req.params.id) }));

  app.delete('/organizations/:org/users/:id/recovery-phone', {
    schema: {
      operationId: 'recoveryPhone.remove',
      tags,
      summary: "Remove a user's recovery phone (the user is emailed)",
      params: OrgIdParams,
      response: { 204: NoContent, ...problems() },
    },
  }, async (req, reply) => {
    await phones.removeForAdmin(ctx, req.actor, req.params.org, req.params.id);
    return reply.status(204).send(null);
  });
};
