import { Counter, Registry } from 'prom-client';

/**
 * Process-wide counters that services increment in one line where the event happens. The
 * HTTP layer (src/http/metrics.ts) adds request timing and the gauges read at scrape time.
 * Labels are small fixed sets: never a login name, address, URL or token.
 */
export const counters = new Registry();

export const signIns = new Counter({
  name: 'latchkey_sign_ins_total',
  help: 'Password sign-ins by outcome (succeeded, failed, throttled, refused, password_required).',
  labelNames: ['outcome'] as const,
  registers: [counters],
});

export const lockouts = new Counter({
  name: 'latchkey_lockouts_total',
  help: 'Sign-in lockouts started (an account or a client address reached its failure limit).',
  registers: [counters],
});

export const deliveries = new Counter({
  name: 'latchkey_outbox_deliveries_total',
  help: 'Outbox delivery attempts by channel and outcome (sent, retry, failed).',
  labelNames: ['channel', 'outcome'] as const,
  registers: [counters],
});
