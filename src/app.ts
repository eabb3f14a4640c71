import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Context } from './context.js';
import { migrationsApplied } from './db/migrate.js';
import { apiTokenRoutes } from './features/api-tokens/routes.js';
import { auditRoutes } from './features/audit/routes.js';
import { invitationPages } from './features/invitations/pages.js';
import { invitationRoutes, wso2Routes } from './features/invitations/routes.js';
import { onboardingSheetPages } from './features/onboarding-sheets/pages.js';
import { temporaryPasswordRoutes } from './features/temporary-passwords/routes.js';
import { loginPages } from './features/login/pages.js';
import { accountPages } from './features/account/pages.js';
import { authRoutes } from './features/login/routes.js';
import { outboxRoutes } from './features/notifications/routes.js';
import { organizationRoutes } from './features/organizations/routes.js';
import { setupPages } from './features/setup/pages.js';
import { userRoutes } from './features/users/routes.js';
import { adminAuth } from './http/admin-auth.js';
import { idempotencyKeys } from './http/idempotency.js';
import { installErrorHandler } from './http/errors.js';
import { pages } from './http/pages.js';
import { trustProxyOption } from './http/request-meta.js';
import { installValidators } from './http/validation.js';

const consoleDir = fileURLToPath(new URL('../dist/console/', import.meta.url));

export interface AppOptions {
  /** Request logging; tests leave it off. */
  log?: FastifyBaseLogger;
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
  }).withTypeProvider<TypeBoxTypeProvider>();

  installValidators(app);
  await app.register(cookie);
  await app.register(pages);
  installErrorHandler(app, (err, req, reply) => {
    // The console is a single-page app: its client-side routes all load its index.
    if (err.code === 'route.not_found' && req.method === 'GET' && req.url.startsWith('/admin/')) {
      return existsSync(consoleDir)
        ? reply.status(200).sendFile('index.html', consoleDir)
        : reply.page('error', { title: 'The admin console is not built', error: 'Run "npm run build" and restart.' });
    }
    return reply.page('error', { title: err.title, error: err.detail && err.detail !== err.title ? err.detail : undefined });
  });

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
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    const ready = await migrationsApplied(ctx.db).catch(() => false);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
  });

  await app.register(async (api) => {
    await api.register(adminAuth, { ctx });
    await api.register(idempotencyKeys, { ctx });
    for (const routes of [authRoutes, organizationRoutes, userRoutes, invitationRoutes, temporaryPasswordRoutes, apiTokenRoutes, outboxRoutes, auditRoutes]) {
      await api.register(routes, { ctx });
    }
  }, { prefix: '/api/v1' });
  await app.register(async (compat) => {
    await compat.register(adminAuth, { ctx });
    await compat.register(wso2Routes, { ctx });
  });

  // Server-rendered pages: the only place that accepts HTML form bodies.
  await app.register(async (site) => {
    await site.register(formbody, { bodyLimit: 64 * 1024 });
    for (const p of [loginPages, accountPages, invitationPages, setupPages, onboardingSheetPages]) await site.register(p, { ctx });
  });

  if (existsSync(consoleDir)) {
    await app.register(fastifyStatic, { root: consoleDir, prefix: '/admin/', index: 'index.html' });
  }
  app.get('/admin', (_req, reply) => reply.redirect('/admin/'));
  return app;
}
