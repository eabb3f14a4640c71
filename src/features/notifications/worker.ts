import pg from 'pg';
import type { Context } from '../../context.js';
import { deliveries } from '../../lib/metrics.js';
import * as q from './queries.js';
import { sinkTransport, type Transport } from './transports.js';

const MAX_BACKOFF_MS = 3_600_000;

/**
 * Delivers outbox messages: queued → sending → sent, or back to queued with exponential
 * backoff, or failed after the last attempt. Any number of workers (threads of one process
 * or many nodes) can run against one database.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private wakeRequested = false;
  private started = false;
  private stopping = false;
  private listener: pg.Client | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly transports: Record<'email' | 'sms', Transport>,
    private readonly databaseUrl?: string,
  ) {}

  start(): void {
    this.started = true;
    void this.listen();
    this.wake();
  }

  /** Runs a drain soon; calls during a drain cause one more pass. */
  wake(): void {
    if (!this.started || this.stopping) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .then(() => undefined)
      .catch((err) => this.ctx.log.warn({ err: String(err) }, 'outbox worker pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.stopping) return;
        if (this.wakeRequested) {
          this.wakeRequested = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.ctx.config.workerPollMs);
        }
      });
  }

  /** Stops claiming, waits for the messages in hand, closes the transports. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
    await this.listener?.end().catch(() => {});
    for (const t of new Set(Object.values(this.transports))) t.close();
  }

  /** Delivers everything due now; returns how many messages were handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      await q.failAbandoned(this.ctx.db, this.ctx.config.outboxMaxAttempts);
      const batch = await q.claimDue(this.ctx.db, this.ctx.config.workerBatchSize, this.ctx.config.outboxLeaseSeconds, this.ctx.config.outboxMaxAttempts);
      if (batch.length === 0) return total;
      const sent = (await Promise.all(batch.map((m) => this.deliver(m)))).filter((m) => m !== undefined);
      // One statement per transport marks the whole batch: fewer round trips per message.
      for (const transport of new Set(sent.map((m) => this.transports[m.channel]))) {
        const mine = sent.filter((m) => this.transports[m.channel] === transport);
        await q.markSent(this.ctx.db, mine, transport.name, transport === sinkTransport);
        for (const m of mine) deliveries.inc({ channel: m.channel, outcome: 'sent' });
      }
      total += batch.length;
      if (this.stopping) return total;
    }
  }

  /** Sends one message; returns it when the transport took it, records the failure otherwise. */
  private async deliver(m: Awaited<ReturnType<typeof q.claimDue>>[number]) {
    const transport = this.transports[m.channel];
    try {
      await transport.send(m);
      return m;
    } catch (err) {
      const final = m.attempts >= this.ctx.config.outboxMaxAttempts;
      const delay = Math.min(this.ctx.config.outboxRetryBaseMs * 2 ** (m.attempts - 1), MAX_BACKOFF_MS);
      this.ctx.log.warn({ messageId: m.id, attempt: m.attempts, final, err: String(err) }, 'message delivery failed');
      deliveries.inc({ channel: m.channel, outcome: final ? 'failed' : 'retry' });
      await q.markFailed(this.ctx.db, m.id, m.attempts, err instanceof Error ? err.message : String(err), final, delay);
      return undefined;
    }
  }

  /** LISTEN so a commit anywhere (any node) wakes this worker at once; polling stays as fallback. */
  private async listen(): Promise<void> {
    if (!this.databaseUrl || this.stopping) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('error', () => {});
    client.on('end', () => {
      if (this.listener === client) this.listener = undefined;
      if (!this.stopping) setTimeout(() => void this.listen(), 5000).unref();
    });
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`listen ${q.OUTBOX_CHANNEL}`);
      this.listener = client;
      if (this.stopping) await client.end();
    } catch {
      await client.end().catch(() => {});
    }
  }
}
