import type pino from 'pino';
import { loadConfig, publicUrl, resolveSecretKey, type Config } from './config/index.js';
import { buildApp } from './app.js';
import { createLogger } from './http/logging.js';
import { listenMetrics } from './http/metrics.js';
import { systemClock, type Clock, type Context } from './context.js';
import { openDatabase, type Database } from './db/database.js';
import { CacheBus } from './db/cache-bus.js';
import { migrateToLatest } from './db/migrate.js';
import { setupLinkIfNeeded } from './features/setup/service.js';
import { OutboxWorker } from './features/notifications/worker.js';
import { startReminders } from './features/invitations/reminders.js';
import { transportsFor } from './features/notifications/transports.js';
import * as deliverySettings from './features/delivery-settings/service.js';
import { limiterFor, provideLimiter } from './limits/index.js';
import * as idempotency from './features/idempotency/service.js';
import * as impersonation from './features/impersonation/service.js';
import { configureHashing, defaultHashingConcurrency } from './lib/passwords.js';

/** A reason the server could not start, said as one line. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Opens the database, applies migrations and builds the service context. */
export async function bootstrap(config: Config, log: pino.Logger, opts: { shareRunning?: boolean } = {}) {
  const database = await openDatabase(config, log, opts);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
  } catch (err) {
    await database.close();
    throw err;
  }
  return createServices(config, database, log);
}

/**
 * The service context over an open, migrated database, with the node's background work
 * (outbox delivery, invitation reminders) ready to start. Tests build theirs here too.
 */
export async function createServices(config: Config, database: Database, log: pino.Logger, clock: Clock = systemClock) {
  let worker: OutboxWorker | undefined;
  configureHashing(config.argon2Concurrency || defaultHashingConcurrency());
  const caches = new CacheBus(database.url, log);
  await caches.start();
  const ctx: Context = {
    config,
    db: database.db,
    secret: resolveSecretKey(config),
    clock,
    log,
    argon2: { memoryCost: config.argon2MemoryKib, timeCost: config.argon2Iterations, parallelism: config.argon2Parallelism },
    publicUrl: publicUrl(config),
    wakeWorker: () => worker?.wake(),
    caches,
  };
  const limiter = limiterFor(config, database.pool, clock);
  provideLimiter(ctx, limiter);
  const startWorker = (opts: { reminders?: boolean } = {}) => {
    const outbox = new OutboxWorker(ctx, transportsFor(config), { databaseUrl: database.url, organizationTransports: deliverySettings.transportOf });
    worker = outbox;
    outbox.start();
    const stopReminders = opts.reminders === false ? async () => {} : startReminders(ctx);
    // Idempotency keys live 24 hours; expired ones are also replaced when reused, so this
    // only keeps the table small.
    const purge = setInterval(() => {
      idempotency.purgeExpired(ctx).catch((err: Error) => log.warn({ err: err.message }, 'idempotency key cleanup failed'));
    }, 60 * 60 * 1000);
    purge.unref();
    // Impersonations that reached their time limit are recorded as ended and the user told.
    const impersonationSweep = setInterval(() => {
      impersonation.sweep(ctx).catch((err: Error) => log.warn({ err: err.message }, 'impersonation sweep failed'));
    }, 60 * 1000);
    impersonationSweep.unref();
    return {
      outbox,
      async stop() {
        clearInterval(purge);
        clearInterval(impersonationSweep);
        await stopReminders();
        await outbox.stop();
      },
    };
  };
  const close = async () => {
    await caches.stop();
    await limiter.close();
    await database.close();
  };
  return { ctx, database: { ...database, close }, startWorker };
}

/** `latchkey serve`: the HTTP server with (by default) the outbox worker in-process. */
export async function serve(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = loadConfig(env);
  const log = createLogger(config.logLevel);
  const { ctx, database, startWorker } = await bootstrap(config, log);
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp(ctx, { log, pool: database.pool });
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    // Not listening means not running: the embedded database goes down too, and the reason
    // is said in one line rather than as a stack.
    await database.close().catch(() => {});
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${config.port} on ${config.host} is already in use; stop what uses it or set PORT`);
    if (code === 'EACCES') throw new StartupError(`not allowed to listen on ${config.host}:${config.port}; choose a PORT above 1023`);
    if (code === 'EADDRNOTAVAIL') throw new StartupError(`HOST ${config.host} is not an address of this machine`);
    throw err;
  }
  const metricsServer = config.metricsPort === undefined ? undefined : await listenMetrics(app.metrics, config.metricsHost, config.metricsPort);
  if (metricsServer) log.info({ metrics: metricsServer.address() }, 'metrics listener started');
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  ctx.publicUrl = publicUrl(config, port);
  const worker = config.worker ? startWorker() : undefined;

  log.info({ url: ctx.publicUrl, console: `${ctx.publicUrl}/admin/`, database: config.databaseUrl ? 'external' : 'embedded' }, 'Latchkey is listening');
  const setupLink = await setupLinkIfNeeded(ctx);
  // Printed plainly (not only as a JSON log line) so a person starting the server sees it.
  process.stdout.write(`\nLatchkey is running at ${ctx.publicUrl}\n  Admin console: ${ctx.publicUrl}/admin/\n`);
  if (setupLink) process.stdout.write(`  No administrator yet. Open this one-time setup link to create one:\n  ${setupLink}\n`);
  process.stdout.write('\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('graceful shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    try {
      await app.close(); // stops accepting, waits for in-flight requests
      metricsServer?.close();
      await worker?.stop();
      await database.close();
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
