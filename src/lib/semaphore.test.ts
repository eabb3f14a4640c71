import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

/** A task that finishes when told to, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    open = () => resolve(name);
    fail = reject;
  });
  const task = () => {
    log.push(name);
    return done;
  };
  return { task, open, fail };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('semaphore', () => {
  it('when more tasks arrive than the limit, then only the limit runs and the rest start in arrival order', async () => {
    const started: string[] = [];
    const slots = new Semaphore(2);
    const gates = ['a', 'b', 'c', 'd'].map((n) => gate(started, n));
    const results = gates.map((g) => slots.run(g.task));
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect([slots.active, slots.queued]).toEqual([2, 2]);
    gates[1]!.open();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    gates[0]!.open();
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    gates[2]!.open();
    gates[3]!.open();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect([slots.active, slots.queued]).toEqual([0, 0]);
  });

  it('when a task throws, then its error reaches the caller and its slot goes to the next task', async () => {
    const started: string[] = [];
    const slots = new Semaphore(1);
    const a = gate(started, 'a');
    const b = gate(started, 'b');
    const ra = slots.run(a.task);
    const rb = slots.run(b.task);
    a.fail(new Error('argon2 failed'));
    await expect(ra).rejects.toThrow('argon2 failed');
    await tick();
    expect(started).toEqual(['a', 'b']);
    b.open();
    expect(await rb).toBe('b');
    expect([slots.active, slots.queued]).toEqual([0, 0]);
  });

  it('when the limit is raised, then waiting tasks start at once; when lowered, running ones finish first', async () => {
    const started: string[] = [];
    const slots = new Semaphore(1);
    const gates = ['a', 'b', 'c'].map((n) => gate(started, n));
    const results = gates.map((g) => slots.run(g.task));
    await tick();
    slots.configure(3);
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    slots.configure(1);
    const d = gate(started, 'd');
    const rd = slots.run(d.task);
    gates[0]!.open();
    gates[1]!.open();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    gates[2]!.open();
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    d.open();
    await Promise.all([...results, rd]);
  });

  it('when given a limit below one, then it says so', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
