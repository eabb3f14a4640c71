import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pg from 'pg';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Context } from './context.js';
import { migrationsApplied } from './db/migrate.js';
import { apiTokenRoutes } from './features/api-tokens/routes.js';
import { appPages } from './features/apps/pages.js';
import { appRoutes } from './features/apps/routes.js';
import { auditRoutes } from './features/audit/routes.js';
import { groupRoutes } from './features/groups/routes.js';
import { importRoutes } from './features/imports/routes.js';
import { invitationPages } from './features/invitations/pages.js';
import { invitationRoutes, wso2Routes } from './features/invitations/routes.js';
import { onboardingSheetPages } from './features/onboarding-sheets/pages.js';
import { temporaryPasswordRoutes } from './features/temporary-passwords/routes.js';
import { loginPages } from './features/login/pages.js';
import { accountPages } from './features/account/pages.js';
import { attributeRoutes } from './features/attributes/routes.js';
import { pinCodePages } from './features/pin-codes/pages.js';
import { pinCodeRoutes } from './features/pin-codes/routes.js';
import { recoveryPages } from './features/recovery/pages.js';
import { recoveryRoutes } from './features/recovery/routes.js';
import { mfaPages } from './features/mfa/pages.js';
import { mfaRoutes } from './features/mfa/routes.js';
import { recoveryPhonePages } from './features/recovery-phone/pages.js';
import { recoveryPhoneRoutes } from './features/recovery-phone/routes.js';
import { authRoutes } from './features/login/routes.js';
import { outboxRoutes } from './features/notifications/routes.js';
import { deliverySettingsRoutes } from './features/delivery-settings/routes.js';
import { templateRoutes } from './features/templates/routes.js';
import { organizationRoutes } from './features/organizations/routes.js';
import { setupPages } from './features/setup/pages.js';
import { ssoPages } from './features/sso/pages.js';
import { ssoRoutes } from './features/sso/routes.js';
import { userRoutes } from './features/users/routes.js';
import { sessionRoutes } from './features/sessions/routes.js';
import { sessionPages } from './features/sessions/pages.js';
import { deviceRoutes } from './features/devices/routes.js';
import { devicePages } from './features/devices/pages.js';
import { adminAuth } from './http/admin-auth.js';
import { errorPages } from './http/error-page.js';
import { idempotencyKeys } from './http/idempotency.js';
import { impersonationPages } from './features/impersonation/pages.js';
import { impersonationRoutes } from './features/impersonation/routes.js';
import { oidcPages } from './features/oidc/pages.js';
import { oidcRoutes } from './features/oidc/routes.js';
import { useFallbackErrors, usePageErrors, useProblemErrors } from './http/errors.js';
import { hardening } from './http/hardening.js';
import { metricsPlugin } from './http/metrics.js';
import { requireOperationIds } from './http/operation-ids.js';
import { pages } from './http/pages.js';
import { trustProxyOption } from './http/request-meta.js';
import { installValidators, lazySerializers } from './http/validation.js';

const consoleDir = fileURLToPath(new URL('../dist/console/', import.meta.url));

export interface AppOptions {
  /** Request logging (src/http/logging.ts); tests leave it off. */
  log?: FastifyBaseLogger;
  /** The database pool, for its gauges on /metrics. */
  pool?: pg.Pool;
}

/** Builds the HTTP application without listening, so tests drive it with inject(). */
export async function buildApp(ctx: Context, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.log ? { loggerInstance: opts.log } : { logger: false }),
    bodyLimit: ctx.config.bodyLimitBytes,
    requestTimeout: ctx.config.requestTimeoutMs,
    // Slow clients (slowloris) are cut off: headers within 15 s at most, checked every second.
    http: { headersTimeout: Math.min(ctx.config.requestTimeoutMs, 15_000), connectionsCheckingInterval: 1000 },
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    return503OnClosing: true,
    schemaController: lazySerializers,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installValidators(app);
  await app.register(hardening);
  await app.register(metricsPlugin, { ctx, pool: opts.pool });
  await app.register(cookie);
  await app.register(pages);
  const renderErrorPage = errorPages(ctx, consoleDir);
  useFallbackErrors(app, renderErrorPage);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Latchkey API', version: '1', description: 'Admin and integration API. Errors are RFC 9457 problem details.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (latchkey token create)' },
          console: { type: 'apiKey', in: 'cookie', name: 'lk_console', description: 'Console session; state changes also need x-csrf-token' },
        },
      },
      security: [{ bearer: [] }, { console: [] }],
    },
  });

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    const ready = await migrationsApplied(ctx.db).catch(() => false);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
  });

  // The API's errors and unknown paths are problem details. Authentication sits one level
  // down, so an unknown path is a 404 for everyone rather than a 401.
  await app.register(async (api) => {
    requireOperationIds(api);
    useProblemErrors(api, { notFound: true });
    await api.register(async (authenticated) => {
      await authenticated.register(adminAuth, { ctx });
      await authenticated.register(idempotencyKeys, { ctx });
      for (const routes of [authRoutes, organizationRoutes, userRoutes, invitationRoutes, temporaryPasswordRoutes, recoveryRoutes, apiTokenRoutes, outboxRoutes, deliverySettingsRoutes, auditRoutes, importRoutes, appRoutes, attributeRoutes, pinCodeRoutes]) {
        await authenticated.register(routes, { ctx });
      }
      await authenticated.register(mfaRoutes, { ctx });
      await authenticated.register(recoveryPhoneRoutes, { ctx });
      await authenticated.register(sessionRoutes, { ctx });
      await authenticated.register(deviceRoutes, { ctx });
      await authenticated.register(groupRoutes, { ctx });
      await authenticated.register(impersonationRoutes, { ctx });
      await authenticated.register(templateRoutes, { ctx });
      await authenticated.register(ssoRoutes, { ctx });
      await authenticated.register(oidcRoutes, { ctx });
    });
  }, { prefix: '/api/v1' });
  await app.register(async (compat) => {
    requireOperationIds(compat);
    useProblemErrors(compat, { notFound: false });
    await compat.register(adminAuth, { ctx });
    await compat.register(wso2Routes, { ctx });
  });

  // Server-rendered pages: the only place that accepts HTML form bodies.
  await app.register(async (site) => {
    usePageErrors(site, renderErrorPage);
    await site.register(formbody, { bodyLimit: 64 * 1024 });
    await site.register(impersonationPages, { ctx });
    await site.register(ssoPages, { ctx });
    for (const p of [loginPages, accountPages, recoveryPages, invitationPages, setupPages, onboardingSheetPages, pinCodePages, recoveryPhonePages, sessionPages, devicePages, appPages, mfaPages]) await site.register(p, { ctx });
  });

  // Each organization's OpenID Connect provider (its own body parsing) and its sign-in interaction.
  await app.register(async (oidc) => {
    usePageErrors(oidc, renderErrorPage);
    await oidc.register(oidcPages, { ctx });
  });

  // Static, public bytes only are compressed: pages and API answers hold secrets next to
  // reflected input, which compression would leak by their length (BREACH).
  await app.register(async (assets) => {
    await assets.register(compress, { globalDecompression: false });
    await assets.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { validatorUrl: null } });
    assets.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    if (existsSync(consoleDir)) {
      await assets.register(fastifyStatic, {
        root: consoleDir,
        prefix: '/admin/',
        index: 'index.html',
        // Vite names assets by content hash: they never change. index.html must be revalidated.
        cacheControl: false,
        setHeaders: (reply, path) => reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
      });
    }
  });
  app.get('/admin', (_req, reply) => reply.redirect('/admin/'));
  return app;
}
