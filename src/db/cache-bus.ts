import { sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Tx } from './types.js';
import { TtlCache } from '../lib/ttl-cache.js';

const CHANNEL = 'latchkey_cache';
/** Even with a lost notification, nothing cached is used for longer than this. */
const TTL_MS = 5_000;

/**
 * In-process caches of credentials and organizations, kept correct across nodes: every
 * change that could make an entry wrong (revocation, sign-out, disable, privilege or
 * settings change) sends a NOTIFY in its transaction, and every node drops all entries on
 * it. Caching is on only while this node's LISTEN connection is up.
 */
export class CacheBus {
  private readonly caches = new Map<string, TtlCache<unknown>>();
  private client: pg.Client | undefined;
  private listening = false;
  private stopped = false;
  private generation = 0;

  constructor(
    private readonly databaseUrl: string | undefined,
    private readonly log?: Logger,
  ) {}

  /** The cache of one kind of entry (one per name and node). */
  named<V>(name: string): TtlCache<V> {
    let c = this.caches.get(name);
    if (!c) {
      c = new TtlCache<unknown>(TTL_MS);
      this.caches.set(name, c);
    }
    return c as TtlCache<V>;
  }

  /** Whether cached entries may be used right now. */
  get active(): boolean {
    return this.listening;
  }

  clearAll(): void {
    this.generation++;
    for (const c of this.caches.values()) c.clear();
  }

  /**
   * Taken before reading what is about to be cached. A read that started before an
   * invalidation may return what the invalidating transaction has just changed (a session
   * revoked meanwhile): `unchangedSince(mark)` is then false and the value must not be cached,
   * or it would outlive the invalidation by the entry's lifetime.
   */
  mark(): number {
    return this.generation;
  }

  unchangedSince(mark: number): boolean {
    return this.generation === mark;
  }

  /** Marks a change: local caches drop everything now, other nodes when the transaction commits. */
  async invalidate(tx: Tx): Promise<void> {
    this.clearAll();
    await sql`select pg_notify(${CHANNEL}, '')`.execute(tx);
  }

  async start(): Promise<void> {
    if (!this.databaseUrl || this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('error', () => {});
    client.on('notification', () => this.clearAll());
    client.on('end', () => {
      this.listening = false;
      this.clearAll();
      if (this.client === client) this.client = undefined;
      if (!this.stopped) setTimeout(() => void this.start(), 2000).unref();
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      this.client = client;
      this.clearAll();
      this.listening = !this.stopped;
    } catch (err) {
      this.log?.warn({ err: String(err) }, 'cache invalidation listener unavailable; caching off');
      await client.end().catch(() => {});
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    this.clearAll();
    await this.client?.end().catch(() => {});
  }
}
