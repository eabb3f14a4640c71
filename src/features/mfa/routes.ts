import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { DateTime, Literals, Nullable, Obj, OrgIdParams, problems, Uuid } from '../../http/schemas.js';
import * as mfa from './service.js';

const Method = Literals(['otp', 'sms', 'backup_code'] as const, { description: 'A second factor as an amr value: otp (authenticator app), sms (code to the verified recovery phone), backup_code' });

const Factor = Obj({
  id: Type.String(),
  kind: Type.String({ description: 'totp, sms (later webauthn)' }),
  label: Type.String(),
  state: Literals(['active', 'pending', 'disabled'] as const),
  createdAt: DateTime,
  confirmedAt: Nullable(DateTime),
  disabledAt: Nullable(DateTime),
  disabledReason: Nullable(Type.String({ description: 'replaced, removed, reset, recovery or abandoned' })),
});

const Factors = Obj(
  {
    factors: Type.Array(Factor, { description: 'Every authenticator ever bound, newest first; secrets are never returned' }),
    methods: Type.Array(Method, { description: 'The second factors usable at sign-in now, the one asked first leading' }),
    defaultMethod: Nullable(Method),
    enrollRequired: Type.Boolean({ description: 'The next sign-in enrolls an authenticator app before anything else' }),
    backupCodesLeft: Type.Integer({ description: 'Unused codes of the current backup-code set' }),
  },
  'Second factors of an account',
);

const Enrollment = Obj({
  factorId: Uuid,
  key: Type.String({ description: 'The TOTP key (base32, grouped by four): shown only until the enrollment is confirmed' }),
  uri: Type.String({ description: 'otpauth:// URI for apps' }),
  qr: Type.String({ description: 'The URI as a QR code (data: URL of a PNG)' }),
});

export const mfaRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['mfa'];
  const selfService = { selfService: true };
  // Changing the factors needs a recent authentication (the step-up guard in http/admin-auth).
  const stepUp = { selfService: true, recentAuthentication: true };

  app.get('/me/mfa', {
    config: selfService,
    schema: { operationId: 'mfa.factors.listOwn', tags, summary: 'Your own second factors (console session only)', response: { 200: Factors, ...problems() } },
  }, async (req) => {
    const { org, user } = await mfa.self(ctx, req.actor);
    return mfa.factorsOf(ctx, org, user.id);
  });

  app.post('/me/mfa/totp', {
    config: stepUp,
    schema: { operationId: 'mfa.totp.enroll', tags, summary: 'Start enrolling an authenticator app: a key and QR code to confirm with a first code', response: { 200: Enrollment, ...problems() } },
  }, async (req) => {
    const { org, user } = await mfa.self(ctx, req.actor);
    return mfa.beginTotpEnrollment(ctx, org, user);
  });

  app.post('/me/mfa/totp/confirm', {
    config: stepUp,
    schema: {
      operationId: 'mfa.totp.confirm',
      tags,
      summary: 'Confirm an authenticator-app enrollment with its first code; it replaces an earlier app',
      body: Obj({ factorId: Uuid, code: Type.String({ minLength: 1, maxLength: 16 }) }),
      response: { 200: Factors, ...problems(409) },
    },
  }, async (req) => {
    const { org, user } = await mfa.self(ctx, req.actor);
    await mfa.confirmOwnTotp(ctx, org, user, req.body.factorId, req.body.code, req.actor);
    return mfa.factorsOf(ctx, org, user.id);
  });

  app.post('/me/mfa/backup-codes', {
    config: stepUp,
    schema: {
      operationId: 'mfa.backupCodes.generate',
      tags,
      summary: 'Make a new set of 10 backup codes (shown only in this answer); the previous set stops working',
      response: { 200: Obj({ codes: Type.Array(Type.String()) }), ...problems(409) },
    },
  }, async (req) => {
    const { org, user } = await mfa.self(ctx, req.actor);
    return { codes: await mfa.generateBackupCodes(ctx, org, user.id, req.actor) };
  });

  app.get('/organizations/:org/users/:id/mfa', {
    schema: { operationId: 'mfa.factors.list', tags, summary: "A user's second factors (never their secrets)", params: OrgIdParams, response: { 200: Factors, ...problems() } },
  }, async (req) => mfa.adminFactors(ctx, req.actor, req.params.org, req.params.id));

  app.put('/organizations/:org/users/:id/mfa/default-method', {
    schema: {
      operationId: 'mfa.defaultMethod.set',
      tags,
      summary: "Change the user's second factor: the method asked for first at sign-in",
      params: OrgIdParams,
      body: Obj({ method: Method }),
      response: { 200: Factors, ...problems() },
    },
  }, async (req) => mfa.adminSetDefaultMethod(ctx, req.actor, req.params.org, req.params.id, req.body.method));

  app.post('/organizations/:org/users/:id/mfa/reset', {
    schema: {
      operationId: 'mfa.reset',
      tags,
      summary: "Reset MFA: every factor of the user disabled (kept as a record), backup codes ended; re-enrollment at the next sign-in when the organization requires a second factor",
      params: OrgIdParams,
      response: { 200: Factors, ...problems() },
    },
  }, async (req) => mfa.adminReset(ctx, req.actor, req.params.org, req.params.id));

  app.post('/organizations/:org/users/:id/mfa/backup-code', {
    schema: {
      operationId: 'mfa.backupCode.issue',
      tags,
      summary: `Generate one backup code for a user locked out of their factor: shown only in this answer, single use, valid ${mfa.ISSUED_CODE_TTL_MINUTES} minutes`,
      params: OrgIdParams,
      response: { 200: Obj({ code: Type.String(), expiresAt: DateTime }), ...problems(409) },
    },
  }, async (req) => mfa.adminIssueBackupCode(ctx, req.actor, req.params.org, req.params.id));
};
