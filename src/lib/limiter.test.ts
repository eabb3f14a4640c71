import { describe, expect, it } from 'vitest';
import { Limiter, QueueFullError } from './limiter.js';

/** A task that finishes when told to, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    open = () => resolve(name);
    fail = reject;
  });
  return { task: () => (log.push(name), done), open, fail };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('limiter', () => {
  it('when more tasks arrive than the limit, then only the limit runs and the rest start in arrival order', async () => {
    const started: string[] = [];
    const limiter = new Limiter(2);
    const gates = ['a', 'b', 'c', 'd'].map((n) => gate(started, n));
    const results = gates.map((g) => limiter.run(g.task));
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect([limiter.active, limiter.queued]).toEqual([2, 2]);
    gates[1]!.open();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    gates[0]!.open();
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    gates[2]!.open();
    gates[3]!.open();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect([limiter.active, limiter.queued]).toEqual([0, 0]);
  });

  it('when the queue is full, then a further task is refused at once and never runs', async () => {
    const started: string[] = [];
    const limiter = new Limiter(1, 1);
    const a = gate(started, 'a');
    const b = gate(started, 'b');
    const c = gate(started, 'c');
    const ra = limiter.run(a.task);
    const rb = limiter.run(b.task);
    await expect(limiter.run(c.task)).rejects.toBeInstanceOf(QueueFullError);
    a.open();
    b.open();
    expect([await ra, await rb]).toEqual(['a', 'b']);
    expect(started).toEqual(['a', 'b']);
  });

  it('when a task throws, then its error reaches the caller and its slot goes to the next task', async () => {
    const started: string[] = [];
    const limiter = new Limiter(1);
    const a = gate(started, 'a');
    const b = gate(started, 'b');
    const ra = limiter.run(a.task);
    const rb = limiter.run(b.task);
    a.fail(new Error('argon2 failed'));
    await expect(ra).rejects.toThrow('argon2 failed');
    await tick();
    expect(started).toEqual(['a', 'b']);
    b.open();
    expect(await rb).toBe('b');
    expect([limiter.active, limiter.queued]).toEqual([0, 0]);
  });

  it('when the limit is raised, then waiting tasks start at once; when lowered, running ones finish first', async () => {
    const started: string[] = [];
    const limiter = new Limiter(1);
    const gates = ['a', 'b', 'c'].map((n) => gate(started, n));
    const results = gates.map((g) => limiter.run(g.task));
    await tick();
    limiter.configure(3);
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    limiter.configure(1);
    const d = gate(started, 'd');
    const rd = limiter.run(d.task);
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
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
