import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, rateLimitStoreSettings, renderConfigDoc, renderConfigTable, smsSettings } from '../src/config/index.js';

describe('configuration', () => {
  it('when nothing is set, then safe defaults apply (localhost, port 3000, embedded database)', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, dataDir: './data', argon2MemoryKib: 19456, argon2Iterations: 2 });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', /PORT: expected an integer/],
    ['PORT', '70000', /PORT: must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected a postgres: or postgresql: URL/],
    ['WORKER', 'maybe', /WORKER: expected true or false/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of/],
  ])('when %s=%s, then start-up fails with an error naming the variable', (key, value, message) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(message);
  });

  it.each([
    ['SMS_PROVIDER=webhook has no SMS_WEBHOOK_URL', 'SMS_WEBHOOK_URL', { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_SECRET: 's' }],
    ['SMS_PROVIDER=webhook has no SMS_WEBHOOK_SECRET', 'SMS_WEBHOOK_SECRET', { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example/hook' }],
    ['SMS_PROVIDER=twilio has no TWILIO_ACCOUNT_SID', 'TWILIO_ACCOUNT_SID', { SMS_PROVIDER: 'twilio', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+1' }],
    ['SMS_PROVIDER=twilio has no TWILIO_AUTH_TOKEN', 'TWILIO_AUTH_TOKEN', { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_FROM: '+1' }],
    ['SMS_PROVIDER=twilio has no TWILIO_FROM', 'TWILIO_FROM', { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't' }],
    ['SMS_PROVIDER=twilio has a TWILIO_BASE_URL that is no URL', 'TWILIO_BASE_URL', { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+1', TWILIO_BASE_URL: 'api.twilio.com' }],
    ['RATE_LIMIT_STORE=redis has no REDIS_URL', 'REDIS_URL', { RATE_LIMIT_STORE: 'redis' }],
    ['SMTP_URL is set and SMTP_FROM is no address', 'SMTP_FROM', { SMTP_URL: 'smtp://mail.example:587', SMTP_FROM: 'Latchkey' }],
    ['the first lockout is longer than the longest', 'LOGIN_LOCKOUT_MAX_SECONDS', { LOGIN_LOCKOUT_BASE_SECONDS: '600', LOGIN_LOCKOUT_MAX_SECONDS: '60' }],
    ['METRICS_PORT is the main PORT', 'METRICS_PORT', { PORT: '8080', METRICS_PORT: '8080' }],
    ['SECRET_KEY is short', 'SECRET_KEY', { SECRET_KEY: 'too-short' }],
    ['PUBLIC_URL has a query', 'PUBLIC_URL', { PUBLIC_URL: 'https://id.example/?x=1' }],
  ])('when %s, then loading the config fails naming %s', (_case, key, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(`Invalid configuration ${key}:`);
  });

  it('when each provider has the settings it needs, then the config loads', () => {
    expect(loadConfig({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example/hook', SMS_WEBHOOK_SECRET: 's' }).smsProvider).toBe('webhook');
    expect(loadConfig({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+1' }).smsProvider).toBe('twilio');
    expect(loadConfig({ RATE_LIMIT_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example:587', SMTP_FROM: 'Latchkey <id@example.com>' }).smtpFrom).toBe('Latchkey <id@example.com>');
    expect(loadConfig({ PORT: '8080', METRICS_PORT: '9090' }).metricsPort).toBe(9090);
  });

  it('when a provider or store is configured, then its part is handed every setting it needs, as loaded', () => {
    expect(smsSettings(loadConfig({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example/hook', SMS_WEBHOOK_SECRET: 's' }))).toEqual({ provider: 'webhook', url: 'https://sms.example/hook', secret: 's' });
    expect(smsSettings(loadConfig({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+1', TWILIO_BASE_URL: 'https://sms.example' })))
      .toEqual({ provider: 'twilio', accountSid: 'AC1', authToken: 't', from: '+1', baseUrl: 'https://sms.example' });
    expect(smsSettings(loadConfig({}))).toEqual({ provider: 'outbox' });
    expect(rateLimitStoreSettings(loadConfig({ RATE_LIMIT_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }))).toEqual({ store: 'redis', redisUrl: 'redis://127.0.0.1:6379' });
    expect(rateLimitStoreSettings(loadConfig({ RATE_LIMIT_STORE: 'postgres' }))).toEqual({ store: 'postgres' });
  });

  it('when docs/config.md is read, then it has one section per group of settings', () => {
    const doc = renderConfigDoc();
    for (const title of ['## HTTP server', '## Database', '## Sessions', '## Sign-in throttling', '## Email (SMTP)', '## Text messages (SMS)', '## Outbox delivery worker', '## Metrics']) expect(doc).toContain(title);
    expect(doc.indexOf('`SMS_WEBHOOK_URL`')).toBeGreaterThan(doc.indexOf('## Text messages (SMS)'));
  });

  it('when docs/config.md and the README are read, then their configuration tables are what the schema generates', () => {
    expect(readFileSync(new URL('../docs/config.md', import.meta.url), 'utf8')).toBe(renderConfigDoc());
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain(`<!-- config:start -->\n${renderConfigTable()}<!-- config:end -->`);
  });
});
