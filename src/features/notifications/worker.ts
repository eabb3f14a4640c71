import pg from 'pg';
import type { Context } from '../../context.js';
import { deliveries } from '../../lib/metrics.js';
import * as q from './queries.js';
import { sinkTransport, type Transport } from './transports.js';

const MAX_BACKOFF_MS = 3_600_000;
/** An organization's pooled transport unused this long is closed (its connections too). */
const ORG_TRANSPORT_IDLE_MS = 60_000;

type Channel = 'email' | 'sms';
type Claimed = Awaited<ReturnType<typeof q.claimDue>>[number];

/**
 * Where an organization's messages of one channel go instead of the global transport, or
 * null for the global one. `key` changes whenever the settings do: the worker then closes
 * the transport it pooled for the old settings and creates one for the new.
 */
export type OrganizationTransports = (ctx: Context, organizationId: string, channel: Channel) => Promise<{ key: string; create(): Transport } | null>;

export interface WorkerOptions {
  databaseUrl?: string;
  /** Per-organization transports; without it every message uses the global ones. */
  organizationTransports?: OrganizationTransports;
}

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
  private readonly pooled = new Map<string, { key: string; transport: Transport; usedAt: number }>();
  private readonly databaseUrl: string | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly transports: Record<Channel, Transport>,
    private readonly options: WorkerOptions = {},
  ) {
    this.databaseUrl = options.databaseUrl;
  }

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
    for (const p of this.pooled.values()) p.transport.close();
    this.pooled.clear();
  }

  /** Delivers everything due now; returns how many messages were handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      await q.failAbandoned(this.ctx.db, this.ctx.config.outboxMaxAttempts);
      const batch = await q.claimDue(this.ctx.db, this.ctx.config.workerBatchSize, this.ctx.config.outboxLeaseSeconds, this.ctx.config.outboxMaxAttempts);
      if (batch.length === 0) {
        this.closeIdle();
        return total;
      }
      const routed = await this.route(batch);
      const sent = (await Promise.all(routed.map(([m, transport]) => this.deliver(m, transport)))).filter((r) => r !== undefined);
      // One statement per transport marks the whole batch: fewer round trips per message.
      for (const transport of new Set(sent.map(([, t]) => t))) {
        const mine = sent.filter(([, t]) => t === transport).map(([m]) => m);
        await q.markSent(this.ctx.db, mine, transport.name, transport === sinkTransport);
        for (const m of mine) deliveries.inc({ channel: m.channel, outcome: 'sent' });
      }
      total += batch.length;
      if (this.stopping) return total;
    }
  }

  /**
   * The transport of each message: its organization's own when it has one, the global one
   * otherwise. Settings are looked up once per organization and channel per batch; a pooled
   * transport whose settings changed is closed here, between batches, when nothing uses it.
   */
  private async route(batch: Claimed[]): Promise<[Claimed, Transport][]> {
    const lookup = this.options.organizationTransports;
    if (!lookup) return batch.map((m) => [m, this.transports[m.channel]]);
    const now = Date.now();
    const chosen = new Map<string, Promise<Transport>>();
    const transportOf = (m: Claimed) => {
      const id = `${m.organization_id}:${m.channel}`;
      let t = chosen.get(id);
      if (!t) {
        t = lookup(this.ctx, m.organization_id, m.channel).then(
          (own) => {
            const pooled = this.pooled.get(id);
            if (!own) {
              if (pooled) this.retire(id);
              return this.transports[m.channel];
            }
            if (pooled?.key === own.key) {
              pooled.usedAt = now;
              return pooled.transport;
            }
            if (pooled) this.retire(id);
            const transport = own.create();
            this.pooled.set(id, { key: own.key, transport, usedAt: now });
            return transport;
          },
          (err) => {
            // Unreadable settings must not send an organization's mail elsewhere: fail the batch's attempt.
            throw new Error(`organization delivery settings could not be read: ${String(err)}`);
          },
        );
        chosen.set(id, t);
      }
      return t;
    };
    return Promise.all(
      batch.map(async (m): Promise<[Claimed, Transport]> => {
        try {
          return [m, await transportOf(m)];
        } catch (err) {
          return [m, failingTransport(err as Error)];
        }
      }),
    );
  }

  private retire(id: string): void {
    this.pooled.get(id)?.transport.close();
    this.pooled.delete(id);
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const [id, p] of this.pooled) if (now - p.usedAt > ORG_TRANSPORT_IDLE_MS) this.retire(id);
  }

  /** Sends one message; returns it when the transport took it, records the failure otherwise. */
  private async deliver(m: Claimed, transport: Transport): Promise<[Claimed, Transport] | undefined> {
    try {
      await transport.send(m);
      return [m, transport];
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

/** Stands in for a transport that could not be chosen: the message is retried like any failed delivery. */
const failingTransport = (err: Error): Transport => ({
  name: 'unavailable',
  send: () => Promise.reject(err),
  close() {},
});
