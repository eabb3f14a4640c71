import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, renderConfigDoc, renderConfigTable } from '../src/config/index.js';

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

  it('when docs/config.md and the README are read, then their configuration tables are what the schema generates', () => {
    expect(readFileSync(new URL('../docs/config.md', import.meta.url), 'utf8')).toBe(renderConfigDoc());
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain(`<!-- config:start -->\n${renderConfigTable()}<!-- config:end -->`);
  });
});
