import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.js';
import type { Actor } from '../../access/index.js';
import { Type } from 'typebox';
import { AppError } from '../../errors/app-error.js';
import { DateTime, Literals, Nullable, Obj, OrgIdParams, OrgParams, PageQuery, problems, Uuid } from '../../http/schemas.js';
import { Invitation, Method, ResendInvitation } from '../users/schemas.js';
import * as invitations from './service.js';
import * as organizations from '../organizations/service.js';

export const invitationRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post('/organizations/:org/users/:id/invitations', {
    config: { idempotent: true },
    schema: {
      operationId: 'invitations.resend',
      tags: ['invitations'],
      summary: 'Send (or resend) an invitation; earlier links of the user stop working. Without a method, the method of the latest invitation is kept (the organization default for a first one)',
      params: OrgIdParams,
      body: ResendInvitation,
      response: { 201: Invitation, ...problems(409) },
    },
  }, async (req, reply) => reply.status(201).send(await invitations.resend(ctx, req.actor, req.params.org, req.params.id, req.body)));

  app.post('/organizations/:org/invitations/:id/revoke', {
    schema: { operationId: 'invitations.revoke', tags: ['invitations'], summary: 'Revoke a pending invitation: its link or code stops working', params: OrgIdParams, response: { 200: Invitation, ...problems(409) } },
  }, async (req) => invitations.revoke(ctx, req.actor, req.params.org, req.params.id));

  const stages = ['not_invited', 'queued', 'delivered', 'failed', 'opened', 'activated', 'expired', 'revoked', 'superseded', 'exhausted'] as const;
  app.get('/organizations/:org/onboarding', {
    schema: {
      operationId: 'onboarding.list',
      tags: ['invitations'],
      summary: 'Users who never set a password, with where their invitation stands, and the funnel',
      params: OrgParams,
      querystring: Obj({ ...PageQuery, stage: Type.Optional(Literals(stages)) }),
      response: {
        200: Obj({
          items: Type.Array(
            Obj({
              userId: Type.String(),
              username: Type.String(),
              email: Nullable(Type.String()),
              phone: Nullable(Type.String()),
              userCreatedAt: DateTime,
              invitationId: Nullable(Type.String()),
              method: Nullable(Type.String()),
              stage: Literals(stages),
              sentAt: Nullable(DateTime),
              expiresAt: Nullable(DateTime),
              openedAt: Nullable(DateTime),
              deliveryError: Nullable(Type.String()),
              ageSeconds: Nullable(Type.Integer()),
            }),
          ),
          nextCursor: Nullable(Type.String()),
          funnel: Obj({
            invited: Type.Integer(),
            delivered: Type.Integer(),
            opened: Type.Integer(),
            activated: Type.Integer(),
            expired: Type.Integer(),
            failed: Type.Integer(),
          }),
        }),
        ...problems(),
      },
    },
  }, async (req) => invitations.onboarding(ctx, req.actor, req.params.org, { stage: req.query.stage, limit: req.query.limit ?? 50, cursor: req.query.cursor }));

  app.post('/organizations/:org/onboarding/resend', {
    schema: {
      operationId: 'onboarding.resend',
      tags: ['invitations'],
      summary: 'Resend invitations to many pending users; each keeps its latest method unless method is given; each gets its own result',
      params: OrgParams,
      body: Obj({
        userIds: Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true }),
        method: Type.Optional(Method),
      }),
      response: {
        200: Obj({
          results: Type.Array(
            Obj({ userId: Type.String(), ok: Type.Boolean(), invitationId: Nullable(Type.String()), method: Nullable(Method), code: Nullable(Type.String()), message: Nullable(Type.String()) }),
          ),
        }),
        ...problems(),
      },
    },
  }, async (req) => ({ results: await invitations.bulkResend(ctx, req.actor, req.params.org, req.body.userIds, req.body.method) }));
};

const scenarios = {
  ADMIN_FORCED_PASSWORD_RESET_VIA_EMAIL_LINK: 'email_link',
  ADMIN_FORCED_PASSWORD_RESET_VIA_OTP: 'email_otp',
  ADMIN_FORCED_PASSWORD_RESET_VIA_SMS_OTP: 'sms_otp',
} as const;

/** WSO2's name for the default tenant, and for the user store every user of a tenant is in. */
const SUPER_TENANT = 'carbon.super';
const PRIMARY_STORE = 'PRIMARY';

/**
 * The organization a WSO2 call means. WSO2 serves tenants under `/t/<tenant>/…` and names the
 * user store in `realm` (`PRIMARY` unless the deployment added others); older integrations
 * put the organization in `realm` on the unprefixed path. So: the path's tenant when given,
 * else a realm other than PRIMARY, else the organization of the caller's token.
 */
async function wso2Organization(ctx: Context, actor: Actor, tenant: string | undefined, realm: string | undefined) {
  const store = realm === undefined || realm.toUpperCase() === PRIMARY_STORE ? undefined : realm.toLowerCase();
  const named = tenant && tenant.toLowerCase() !== SUPER_TENANT ? tenant.toLowerCase() : undefined;
  if (named && store && store !== named) {
    throw new AppError('request.invalid', `Unknown user store "${realm}" in tenant "${tenant}"; use PRIMARY or leave realm out.`);
  }
  const slug = named ?? store;
  if (slug) return slug;
  const own = actor.organizationId ? await organizations.findById(ctx, actor.organizationId) : undefined;
  if (!own) throw new AppError('request.invalid', 'Name the organization: call /t/<organization>/api/identity/user/v1.0/resend-code or set user.realm to it.');
  return own.slug;
}

/**
 * WSO2 Identity Server's resend-code call, for integrations written against it, on both the
 * default path and the tenant path. A tenant the caller may not reach answers exactly like
 * one that does not exist (404 organization.not_found).
 */
export const wso2Routes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const schema = (tenantPath: boolean) => ({
    operationId: tenantPath ? 'wso2.resendCodeInTenant' : 'wso2.resendCode',
    tags: ['invitations'],
    summary: tenantPath ? 'WSO2-compatible resend of an invitation in a tenant (= organization); 201 Created, empty body' : 'WSO2-compatible resend of an invitation (201 Created, empty body)',
    ...(tenantPath && { params: Obj({ tenant: Type.String({ minLength: 1, maxLength: 63 }) }) }),
    body: Obj({
      user: Type.Object(
        {
          username: Type.String({ minLength: 1, maxLength: 254 }),
          realm: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'User store: PRIMARY (or absent) means the organization of the path or token; any other value names the organization' })),
        },
        { additionalProperties: true },
      ),
      properties: Type.Array(Type.Object({ key: Type.String({ maxLength: 100 }), value: Type.String({ maxLength: 200 }) }, { additionalProperties: true }), { maxItems: 20 }),
    }),
    response: { 201: Type.Null({ description: 'Created (empty body)' }), ...problems(409) },
  });
  const handler = async (
    req: { actor: Actor; params: unknown; body: { user: { username: string; realm?: string }; properties: { key: string; value: string }[] } },
    reply: { status(code: number): { send(payload?: null): unknown } },
  ) => {
    const scenario = req.body.properties.find((p) => p.key === 'RecoveryScenario')?.value;
    if (!scenario) throw new AppError('request.invalid', 'The RecoveryScenario property is required.');
    const method = scenarios[scenario as keyof typeof scenarios];
    if (!method) throw new AppError('request.invalid', `Unknown RecoveryScenario "${scenario}"; use one of ${Object.keys(scenarios).join(', ')}.`);
    const tenant = (req.params as { tenant?: string } | undefined)?.tenant;
    const org = await wso2Organization(ctx, req.actor, tenant, req.body.user.realm);
    await invitations.resendByUsername(ctx, req.actor, org, req.body.user.username, method);
    reply.status(201).send();
  };
  app.post('/api/identity/user/v1.0/resend-code', { schema: schema(false) }, handler);
  app.post('/t/:tenant/api/identity/user/v1.0/resend-code', { schema: schema(true) }, handler);
};
