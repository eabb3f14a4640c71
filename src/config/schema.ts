/**
 * The one configuration schema. Every key has an environment variable, a default and a
 * doc line; `docs/config.md` is generated from this table and a test keeps them in sync.
 */

import { isIP } from 'node:net';

type Parser<T> = (raw: string, key: string) => T;

export interface ConfigEntry<T> {
  env: string;
  doc: string;
  /** Shown in the docs; `undefined` means "not set". */
  default: T;
  parse: Parser<T>;
}

function entry<T>(env: string, def: T, parse: Parser<T>, doc: string): ConfigEntry<T> {
  return { env, default: def, parse, doc };
}

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid configuration ${key}: ${reason}`);
  }
}

const str: Parser<string> = (raw) => raw;
const optStr: Parser<string | undefined> = (raw) => (raw === '' ? undefined : raw);

function int(min: number, max: number): Parser<number> {
  return (raw, key) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(key, `expected an integer, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new ConfigError(key, `must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

const bool: Parser<boolean> = (raw, key) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(key, `expected true or false, got "${raw}"`);
};

function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw, key) => {
    if ((values as string[]).includes(raw)) return raw as T;
    throw new ConfigError(key, `expected one of ${values.join(', ')}, got "${raw}"`);
  };
}

/** Fastify's trustProxy: none, a hop count, or the addresses/CIDRs of the proxies. */
export type TrustProxy = false | number | string[];

const trustProxy: Parser<TrustProxy> = (raw, key) => {
  const v = raw.trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) {
    throw new ConfigError(key, 'true would trust every X-Forwarded-For hop, so any client could choose its own address; set the number of proxies in front of the server (e.g. 1) or their addresses (e.g. 10.0.0.0/8,127.0.0.1)');
  }
  if (/^\d+$/.test(v)) return int(1, 20)(v, key);
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  for (const item of list) {
    const [addr, bits, extra] = item.split('/');
    const ok = extra === undefined && (isIP(addr!) !== 0 || ['loopback', 'linklocal', 'uniquelocal'].includes(addr!)) && (bits === undefined || /^\d{1,3}$/.test(bits));
    if (!ok) throw new ConfigError(key, `expected false, a hop count or proxy addresses/CIDRs, got "${item}"`);
  }
  return list;
};

function url(protocols: string[]): Parser<string | undefined> {
  return (raw, key) => {
    if (raw === '') return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new ConfigError(key, `expected a URL, got "${raw}"`);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(key, `expected a ${protocols.join(' or ')} URL`);
    }
    return raw.replace(/\/$/, '');
  };
}

/** The settings by group; environment variable names are flat and stay as they are. */
export const configGroups = {
  http: {
    title: 'HTTP server',
    keys: {
      host: entry('HOST', '127.0.0.1', str, 'Address the HTTP server listens on.'),
      port: entry('PORT', 3000, int(0, 65535), 'TCP port the HTTP server listens on (0 picks a free port).'),
      publicUrl: entry(
        'PUBLIC_URL',
        undefined as string | undefined,
        url(['http:', 'https:']),
        'Base URL users reach the server at, used in emailed links. Defaults to http://HOST:PORT.',
      ),
      trustProxy: entry(
        'TRUST_PROXY',
        false as TrustProxy,
        trustProxy,
        'Proxies whose X-Forwarded-* headers are believed: false (none; the peer address is the client), a hop count (1 = one load balancer in front), or a comma-separated list of proxy addresses/CIDRs (e.g. 10.0.0.0/8,127.0.0.1). The client address is the right-most hop not trusted. "true" is refused: it would let any client choose its own address.',
      ),
      bodyLimitBytes: entry('BODY_LIMIT_BYTES', 1_048_576, int(1024, 100 * 1_048_576), 'Largest accepted request body.'),
      requestTimeoutMs: entry('REQUEST_TIMEOUT_MS', 30_000, int(1000, 600_000), 'Time a client has to send a whole request.'),
      shutdownTimeoutMs: entry('SHUTDOWN_TIMEOUT_MS', 10_000, int(100, 600_000), 'How long graceful shutdown waits for in-flight work.'),
      logLevel: entry('LOG_LEVEL', 'info' as const, oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), 'Log level of the JSON logs.'),
    },
  },
  database: {
    title: 'Database',
    keys: {
      databaseUrl: entry(
        'DATABASE_URL',
        undefined as string | undefined,
        url(['postgres:', 'postgresql:']),
        'PostgreSQL connection URL. When unset, an embedded PostgreSQL server is started with its data under DATA_DIR.',
      ),
      dataDir: entry('DATA_DIR', './data', str, 'Directory for the embedded database and the generated secret key.'),
      embeddedDbPort: entry('EMBEDDED_DB_PORT', 0, int(0, 65535), 'Port of the embedded PostgreSQL server (0 picks a free port).'),
      dbPoolSize: entry('DB_POOL_SIZE', 10, int(1, 200), 'Maximum connections in the database pool.'),
    },
  },
  secrets: {
    title: 'Secrets and password hashing',
    keys: {
      secretKey: entry(
        'SECRET_KEY',
        undefined as string | undefined,
        optStr,
        'Secret for keyed hashes and encryption at rest (at least 32 characters). When unset, one is generated and kept in DATA_DIR/secret.key.',
      ),
      argon2MemoryKib: entry('ARGON2_MEMORY_KIB', 19_456, int(1024, 4_194_304), 'argon2id memory cost in KiB (OWASP: 19456).'),
      argon2Iterations: entry('ARGON2_ITERATIONS', 2, int(1, 100), 'argon2id time cost (OWASP: 2).'),
      argon2Parallelism: entry('ARGON2_PARALLELISM', 1, int(1, 16), 'argon2id lanes (OWASP: 1).'),
      argon2Concurrency: entry(
        'ARGON2_CONCURRENCY',
        0,
        int(0, 256),
        'argon2id computations run at once in the process; the rest wait their turn, bounding the memory (ARGON2_MEMORY_KIB each) and the threads a flood of sign-ins takes. 0: the number of cores (hashing runs below the normal CPU priority, so it takes only what the rest leaves).',
      ),
    },
  },
  sessions: {
    title: 'Sessions',
    keys: {
      sessionTtlMinutes: entry('SESSION_TTL_MINUTES', 720, int(5, 525_600), 'Lifetime of console and account sessions.'),
      consoleSessionIdleMinutes: entry('CONSOLE_SESSION_IDLE_MINUTES', 30, int(1, 525_600), 'A console session ends after this long without a request (besides SESSION_TTL_MINUTES).'),
      accountSessionIdleMinutes: entry('ACCOUNT_SESSION_IDLE_MINUTES', 60, int(1, 525_600), 'An end-user account session ends after this long without a request (besides SESSION_TTL_MINUTES).'),
      reauthenticationWindowMinutes: entry(
        'REAUTHENTICATION_WINDOW_MINUTES',
        10,
        int(1, 1_440),
        'Changing the authenticator app, generating backup codes, changing the recovery phone and ending sessions or forgetting devices need a session that proved the credentials this recently; else the person enters the password (and second factor) again.',
      ),
    },
  },
  login: {
    title: 'Sign-in throttling',
    keys: {
      loginMaxFailures: entry('LOGIN_MAX_FAILURES', 5, int(1, 1000), 'Failed sign-ins for one account before it is locked out for a while.'),
      loginFailureCap: entry(
        'LOGIN_FAILURE_CAP',
        100,
        int(1, 100),
        'Consecutive failed sign-ins after which an account refuses password sign-in until a new password is set or an admin unlocks it (NIST SP 800-63B-4: at most 100).',
      ),
      loginIpMaxFailures: entry('LOGIN_IP_MAX_FAILURES', 50, int(1, 100_000), 'Failed sign-ins from one client address before it is locked out for a while.'),
      loginLockoutBaseSeconds: entry('LOGIN_LOCKOUT_BASE_SECONDS', 60, int(1, 86_400), 'First lockout length; each further lockout doubles it.'),
      loginLockoutMaxSeconds: entry('LOGIN_LOCKOUT_MAX_SECONDS', 900, int(1, 86_400), 'Longest lockout.'),
      loginFailureResetSeconds: entry('LOGIN_FAILURE_RESET_SECONDS', 43_200, int(60, 2_592_000), 'Failure and lockout counters are forgotten after this long without a failure.'),
      rateLimitStore: entry(
        'RATE_LIMIT_STORE',
        'memory' as const,
        oneOf('memory', 'postgres', 'redis'),
        'Where failure counters and lockouts (sign-in throttling, every failure budget) live: memory (one node), postgres (shared by all nodes through the database) or redis (REDIS_URL).',
      ),
      redisUrl: entry('REDIS_URL', undefined as string | undefined, url(['redis:', 'rediss:']), 'Redis server for RATE_LIMIT_STORE=redis.'),
    },
  },
  recovery: {
    title: 'Password recovery throttling',
    keys: {
      recoveryMaxRequests: entry('RECOVERY_MAX_REQUESTS', 5, int(1, 1000), 'Reset requests for one account (by any of its login names) before more are refused for a while.'),
      recoveryIpMaxRequests: entry('RECOVERY_IP_MAX_REQUESTS', 30, int(1, 100_000), 'Reset requests from one client address before more are refused for a while.'),
      recoveryLockoutSeconds: entry('RECOVERY_LOCKOUT_SECONDS', 900, int(1, 86_400), 'How long further reset requests are refused once a budget is spent; each further lockout doubles it, up to a day.'),
      helpdeskRecoveryCodeMinutes: entry('HELPDESK_RECOVERY_CODE_MINUTES', 15, int(1, 1440), 'How long a helpdesk recovery code works once issued (read to a caller whose identity the helpdesk verified); a newer code or reset request ends it sooner.'),
    },
  },
  smtp: {
    title: 'Email (SMTP)',
    keys: {
      smtpUrl: entry(
        'SMTP_URL',
        undefined as string | undefined,
        url(['smtp:', 'smtps:']),
        'SMTP server, e.g. smtp://user:pass@mail.example.com:587 (STARTTLS when offered) or smtps://… (TLS). When unset, messages stay in the built-in outbox viewer.',
      ),
      smtpFrom: entry('SMTP_FROM', 'Latchkey <no-reply@localhost>', str, 'From address of outgoing email.'),
      smtpTlsRejectUnauthorized: entry('SMTP_TLS_REJECT_UNAUTHORIZED', true, bool, 'Verify the SMTP server certificate.'),
      smtpPoolSize: entry('SMTP_POOL_SIZE', 10, int(1, 100), 'SMTP connections the worker keeps open.'),
    },
  },
  sms: {
    title: 'Text messages (SMS)',
    keys: {
      smsProvider: entry(
        'SMS_PROVIDER',
        'outbox' as const,
        oneOf('outbox', 'webhook', 'twilio'),
        'How text messages leave: outbox (kept in the outbox viewer only), webhook (POST JSON to SMS_WEBHOOK_URL) or twilio (a Twilio-compatible Messages API).',
      ),
      smsWebhookUrl: entry('SMS_WEBHOOK_URL', undefined as string | undefined, url(['http:', 'https:']), 'Webhook provider: URL that receives {to, body, messageId} as JSON.'),
      smsWebhookSecret: entry(
        'SMS_WEBHOOK_SECRET',
        undefined as string | undefined,
        optStr,
        'Webhook provider: shared secret; each request carries X-Latchkey-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">.',
      ),
      twilioBaseUrl: entry('TWILIO_BASE_URL', 'https://api.twilio.com', str, 'Twilio-compatible provider: API base URL.'),
      twilioAccountSid: entry('TWILIO_ACCOUNT_SID', undefined as string | undefined, optStr, 'Twilio-compatible provider: account SID.'),
      twilioAuthToken: entry('TWILIO_AUTH_TOKEN', undefined as string | undefined, optStr, 'Twilio-compatible provider: auth token.'),
      twilioFrom: entry('TWILIO_FROM', undefined as string | undefined, optStr, 'Twilio-compatible provider: sender number or messaging service.'),
    },
  },
  outbox: {
    title: 'Outbox delivery worker',
    keys: {
      worker: entry('WORKER', true, bool, 'Run the outbox delivery worker inside the server process.'),
      workerPollMs: entry('WORKER_POLL_MS', 1000, int(10, 600_000), 'How often the worker looks for due messages when not woken by a notification.'),
      workerBatchSize: entry('WORKER_BATCH_SIZE', 50, int(1, 1000), 'Messages the worker claims and sends at once (also the most that can be repeated after a crash).'),
      outboxMaxAttempts: entry('OUTBOX_MAX_ATTEMPTS', 8, int(1, 100), 'Delivery attempts before a message is marked failed.'),
      outboxLeaseSeconds: entry(
        'OUTBOX_LEASE_SECONDS',
        120,
        int(3, 3600),
        'How long a worker holds a claimed message; after a crash its messages are retried once the lease ends. Transport timeouts are kept well inside it.',
      ),
      outboxRetryBaseMs: entry('OUTBOX_RETRY_BASE_MS', 2000, int(10, 3_600_000), 'First retry delay; doubles on each further attempt.'),
    },
  },
  metrics: {
    title: 'Metrics',
    keys: {
      metricsToken: entry(
        'METRICS_TOKEN',
        undefined as string | undefined,
        (raw, key) => {
          if (raw === '') return undefined;
          if (raw.length < 16) throw new ConfigError(key, 'must be at least 16 characters');
          return raw;
        },
        'Bearer token that unlocks GET /metrics (Prometheus) on the main listener. When neither this nor METRICS_PORT is set, /metrics does not exist.',
      ),
      metricsPort: entry(
        'METRICS_PORT',
        undefined as number | undefined,
        (raw, key) => (raw === '' ? undefined : int(0, 65535)(raw, key)),
        'Serve GET /metrics without a token on a separate listener at METRICS_HOST:METRICS_PORT (keep it off the public network).',
      ),
      metricsHost: entry('METRICS_HOST', '127.0.0.1', str, 'Address of the separate metrics listener (METRICS_PORT).'),
    },
  },
  oidc: {
    title: 'OpenID Connect provider',
    keys: {
      oidcAllowPrivateAddresses: entry(
        'OIDC_ALLOW_PRIVATE_ADDRESSES',
        false,
        bool,
        "Let outgoing OpenID Connect requests reach private, loopback and other special-use addresses: the provider's back-channel logout to apps, and organization SSO's requests to its upstream identity provider. Off by default (SSRF protection: the addresses are typed in by organization admins); turn on when the apps or the identity provider run on the internal network.",
      ),
    },
  },
};

type Groups = typeof configGroups;
type Flat<G> = G extends { keys: infer K } ? K : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every setting by its config key, across groups. */
export const configSchema = Object.assign({}, ...Object.values(configGroups).map((g) => g.keys)) as UnionToIntersection<Flat<Groups[keyof Groups]>>;

export type ConfigSchema = typeof configSchema;
export type Config = Readonly<{
  [K in keyof ConfigSchema]: ConfigSchema[K] extends ConfigEntry<infer T> ? T : never;
}>;

const wildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '';

/**
 * Rules between keys, checked when the configuration is loaded so a setting that a later
 * part (a transport, a store, a listener) would need fails at start with its key named,
 * not when that part is first used.
 */
export function checkCrossKeyRules(c: Config): void {
  const require = (key: string, value: unknown, when: string) => {
    if (value === undefined || value === '') throw new ConfigError(key, `is required when ${when}`);
  };
  if (c.smsProvider === 'webhook') {
    require('SMS_WEBHOOK_URL', c.smsWebhookUrl, 'SMS_PROVIDER=webhook');
    require('SMS_WEBHOOK_SECRET', c.smsWebhookSecret, 'SMS_PROVIDER=webhook');
  }
  if (c.smsProvider === 'twilio') {
    require('TWILIO_ACCOUNT_SID', c.twilioAccountSid, 'SMS_PROVIDER=twilio');
    require('TWILIO_AUTH_TOKEN', c.twilioAuthToken, 'SMS_PROVIDER=twilio');
    require('TWILIO_FROM', c.twilioFrom, 'SMS_PROVIDER=twilio');
    if (!url(['http:', 'https:'])(c.twilioBaseUrl, 'TWILIO_BASE_URL')) require('TWILIO_BASE_URL', undefined, 'SMS_PROVIDER=twilio');
  }
  if (c.rateLimitStore === 'redis') require('REDIS_URL', c.redisUrl, 'RATE_LIMIT_STORE=redis');
  if (c.smtpUrl !== undefined && !/(^|<)[^<>@\s]+@[^<>@\s]+>?$/.test(c.smtpFrom.trim())) {
    throw new ConfigError('SMTP_FROM', `must be an email address (optionally "Name <address>") when SMTP_URL is set, got "${c.smtpFrom}"`);
  }
  if (c.loginLockoutBaseSeconds > c.loginLockoutMaxSeconds) {
    throw new ConfigError('LOGIN_LOCKOUT_MAX_SECONDS', `must be at least LOGIN_LOCKOUT_BASE_SECONDS (${c.loginLockoutBaseSeconds}), got ${c.loginLockoutMaxSeconds}`);
  }
  // The metrics listener opens after the main one; sharing its port would fail only then.
  if (c.metricsPort !== undefined && c.metricsPort !== 0 && c.metricsPort === c.port && (c.metricsHost === c.host || wildcard(c.metricsHost) || wildcard(c.host))) {
    throw new ConfigError('METRICS_PORT', `must differ from PORT (${c.port}) on the same address`);
  }
  if (c.secretKey !== undefined && c.secretKey.length < 32) throw new ConfigError('SECRET_KEY', 'must be at least 32 characters');
  if (c.publicUrl !== undefined && /[?#]/.test(c.publicUrl)) {
    throw new ConfigError('PUBLIC_URL', 'must not have a query or fragment: links are built by appending paths to it');
  }
}
