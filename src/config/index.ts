import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import path from 'node:path';
import { checkCrossKeyRules, configGroups, configSchema, type Config, type ConfigEntry } from './schema.js';

export { ConfigError, type Config } from './schema.js';

/**
 * Parses the configuration once from the environment (or a test's overrides) and freezes it.
 * Throws a ConfigError naming the offending variable, for a bad value or a broken rule
 * between keys (e.g. SMS_PROVIDER=webhook without SMS_WEBHOOK_URL).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(configSchema) as [string, ConfigEntry<unknown>][]) {
    const raw = env[spec.env];
    out[key] = raw === undefined ? spec.default : spec.parse(raw, spec.env);
  }
  checkCrossKeyRules(out as Config);
  return Object.freeze(out) as Config;
}

/**
 * The settings of the configured SMS provider, complete. The cross-key rules of the schema
 * have refused, at load, a provider with a setting missing (naming the key), so this only
 * narrows the types for the transport; it checks nothing again.
 */
export type SmsSettings =
  | { provider: 'outbox' }
  | { provider: 'webhook'; url: string; secret: string }
  | { provider: 'twilio'; accountSid: string; authToken: string; from: string; baseUrl: string };

export function smsSettings(c: Config): SmsSettings {
  if (c.smsProvider === 'webhook') return { provider: 'webhook', url: c.smsWebhookUrl as string, secret: c.smsWebhookSecret as string };
  if (c.smsProvider === 'twilio') {
    return { provider: 'twilio', accountSid: c.twilioAccountSid as string, authToken: c.twilioAuthToken as string, from: c.twilioFrom as string, baseUrl: c.twilioBaseUrl };
  }
  return { provider: 'outbox' };
}

/** The rate-limit store with what it needs (REDIS_URL for redis), checked at load like {@link smsSettings}. */
export type RateLimitStoreSettings = { store: 'memory' } | { store: 'postgres' } | { store: 'redis'; redisUrl: string };

export function rateLimitStoreSettings(c: Config): RateLimitStoreSettings {
  if (c.rateLimitStore === 'redis') return { store: 'redis', redisUrl: c.redisUrl as string };
  return { store: c.rateLimitStore };
}

/** Where users reach this server; links in messages are built from it. */
export function publicUrl(config: Config, listeningPort?: number): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${listeningPort ?? config.port}`;
}

/**
 * The server secret: SECRET_KEY when set, otherwise a random key generated once and kept
 * beside the embedded database so restarts keep hashes and encrypted data valid.
 */
export function resolveSecretKey(config: Config): Buffer {
  // Its length was checked at load (checkCrossKeyRules).
  if (config.secretKey !== undefined) {
    return createHash('sha256').update(config.secretKey).digest();
  }
  const file = path.resolve(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return createHash('sha256').update(readFileSync(file, 'utf8').trim()).digest();
}

const tableRows = (entries: ConfigEntry<unknown>[]) =>
  entries.map((spec) => {
    const def = spec.default === undefined ? '_(unset)_' : `\`${String(spec.default)}\``;
    return `| \`${spec.env}\` | ${def} | ${spec.doc} |`;
  });

const tableHead = ['| Variable | Default | Meaning |', '| --- | --- | --- |'];

/** Markdown table of every setting (README). */
export function renderConfigTable(): string {
  return [...tableHead, ...tableRows(Object.values(configSchema) as ConfigEntry<unknown>[]), ''].join('\n');
}

/** The whole docs/config.md page: one section per group. */
export function renderConfigDoc(): string {
  const sections = Object.values(configGroups).flatMap((g) => [`## ${g.title}`, '', ...tableHead, ...tableRows(Object.values(g.keys) as ConfigEntry<unknown>[]), '']);
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable, read once at start and validated: a bad value,',
    'or a setting missing that another one needs (e.g. SMS_PROVIDER=webhook without',
    'SMS_WEBHOOK_URL), stops the server with a message naming the variable. This file is',
    'generated from `src/config/schema.ts` by `npm run docs:config`.',
    '',
    ...sections,
  ].join('\n');
}
