import { createServer, type Server } from 'node:http';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Context } from '../context.js';
import { AppError } from '../errors/app-error.js';
import * as notifications from '../features/notifications/service.js';
import { counters } from '../lib/metrics.js';
import { safeEqual } from '../lib/tokens.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What /metrics shows; main.ts also serves it on METRICS_PORT. */
    metrics: Registry;
  }
}

/**
 * One registry per application: request timing by route pattern, gauges read when scraped
 * (outbox backlog, database pool) and the process-wide counters of src/lib/metrics.ts.
 * Default collectors are the cheap process/heap ones prom-client ships; nothing polls.
 */
export function createRegistry(ctx: Context, pool?: pg.Pool): { registry: Registry; requests: Histogram<'method' | 'route' | 'status'> } {
  const local = new Registry();
  collectDefaultMetrics({ register: local, prefix: 'latchkey_' });
  const requests = new Histogram({
    name: 'latchkey_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern (never the raw URL) and status; _count is the request rate.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [local],
  });
  // Both outbox gauges come from one query; a scrape collects them together, so they share it.
  let pending: ReturnType<typeof notifications.backlog> | undefined;
  const backlog = () => (pending ??= notifications.backlog(ctx).finally(() => (pending = undefined)));
  new Gauge({
    name: 'latchkey_outbox_messages',
    help: 'Undelivered outbox messages by state (queued, sending).',
    labelNames: ['state'] as const,
    registers: [local],
    async collect() {
      for (const [state, n] of Object.entries((await backlog()).byState)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'latchkey_outbox_oldest_due_seconds',
    help: 'Age of the oldest outbox message that is due and not delivered yet (0 when none).',
    registers: [local],
    async collect() {
      this.set((await backlog()).oldestDueSeconds);
    },
  });
  if (pool) {
    new Gauge({
      name: 'latchkey_db_pool_connections',
      help: 'Database pool connections: total open, idle, and requests waiting for one.',
      labelNames: ['state'] as const,
      registers: [local],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({ name: 'latchkey_db_pool_max', help: 'Largest size of the database pool (DB_POOL_SIZE).', registers: [local] }).set(ctx.config.dbPoolSize);
  }
  return { registry: Registry.merge([local, counters]), requests };
}

/**
 * /metrics on the main listener, only with METRICS_TOKEN (Bearer). Without a token it does
 * not exist there (404), whether or not METRICS_PORT serves it separately.
 */
export const metricsPlugin = fp(async (app, { ctx, pool }: { ctx: Context; pool?: pg.Pool }) => {
  const { registry, requests } = createRegistry(ctx, pool);
  app.decorate('metrics', registry);
  app.addHook('onResponse', (req, reply, done) => {
    requests.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  const token = ctx.config.metricsToken;
  if (!token) return;
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    const header = req.headers.authorization ?? '';
    const sent = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!safeEqual(sent, token)) {
      reply.header('www-authenticate', 'Bearer');
      throw new AppError('auth.required');
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});

/** A separate listener that serves only GET /metrics (METRICS_PORT), e.g. on an internal interface. */
export async function listenMetrics(registry: Registry, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
