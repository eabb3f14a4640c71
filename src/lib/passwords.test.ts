import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

const params = { memoryCost: 8192, timeCost: 2, parallelism: 1 };

/** Nice values of this process's threads, the main thread first (field 19 of /proc/self/task/<tid>/stat). */
const niceValues = () =>
  [String(process.pid), ...readdirSync('/proc/self/task').filter((t) => t !== String(process.pid))].map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });

describe('password hashing', () => {
  it('when a password is hashed, then it verifies, another one does not, and a malformed hash verifies nothing', async () => {
    const stored = await hashPassword('correct horse', params);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=8192,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse')).toBe(true);
    expect(await verifyPassword(stored, 'wrong horse')).toBe(false);
    expect(await verifyPassword('not a hash', 'correct horse')).toBe(false);
  });

  it('when many verifications run at once, then each gets its own answer', async () => {
    const stored = await hashPassword('right', params);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => verifyPassword(stored, i % 2 ? 'right' : 'wrong')));
    expect(answers).toEqual([false, true, false, true, false, true, false, true]);
  });

  it.runIf(process.platform === 'linux')('when hashing, then it runs on threads below the normal CPU priority, and the event loop keeps its own', async () => {
    const running = hashPassword('x', { ...params, timeCost: 20 });
    await new Promise((r) => setTimeout(r, 50));
    const nice = niceValues();
    await running;
    expect(nice[0]).toBe(0);
    expect(Math.max(...nice)).toBe(19);
  });
});
