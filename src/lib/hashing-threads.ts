import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Threads that run argon2 below the normal CPU priority (Linux; elsewhere at normal
 * priority). A hash uses whatever CPU is left, all of it on an idle machine, while the event
 * loop, the database client and PostgreSQL go first when they want the cores: a flood of
 * sign-ins then slows the sign-ins, not the requests of people already signed in.
 * On libuv's shared pool (where `@node-rs/argon2`'s async calls run) a priority can't be
 * set, because its threads also serve file reads and can't be told apart.
 */
// The lowest priority: at 10, two hashing threads still took enough of the cores (and of the
// memory bandwidth argon2 is built to use) to halve the session checks of a login flood.
const NICE = 19;

// Evaluated, not a file beside this one: it runs the same from dist/ and from the sources
// under the test runner. CommonJS, with the argon2 binding by absolute path.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const argon2 = require(workerData.argon2);
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(tid, workerData.nice);
} catch {}
parentPort.on('message', ({ op, args }) => {
  try {
    parentPort.postMessage({ value: op === 'hash' ? argon2.hashSync(...args) : argon2.verifySync(...args) });
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
});
`;

/** A thread left idle this long ends, so a server that signed people in once idles small again. */
const IDLE_MS = 30_000;

type Job = { op: 'hash'; args: [string, object] } | { op: 'verify'; args: [string, string] };

export class HashingThreads {
  private readonly idle: Worker[] = [];
  private readonly reapers = new Map<Worker, NodeJS.Timeout>();
  private readonly argon2 = createRequire(import.meta.url).resolve('@node-rs/argon2');

  hash(password: string, options: object): Promise<string> {
    return this.run({ op: 'hash', args: [password, options] }) as Promise<string>;
  }

  verify(stored: string, password: string): Promise<boolean> {
    return this.run({ op: 'verify', args: [stored, password] }) as Promise<boolean>;
  }

  /** Runs one job on an idle thread, or a new one: callers bound how many run at once. */
  private run(job: Job): Promise<unknown> {
    const worker = this.idle.pop() ?? new Worker(SOURCE, { eval: true, workerData: { argon2: this.argon2, nice: NICE } });
    clearTimeout(this.reapers.get(worker));
    this.reapers.delete(worker);
    // Referenced while it works, so a CLI command waits for its hash.
    worker.ref();
    return new Promise((resolve, reject) => {
      const settle = (err: Error | undefined, value?: unknown) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (err) reject(err);
        else resolve(value);
      };
      const onMessage = (m: { value?: unknown; error?: string }) => {
        settle(m.error === undefined ? undefined : new Error(m.error), m.value);
        this.release(worker);
      };
      // A thread that failed is not reused.
      const onError = (err: Error) => {
        settle(err);
        void worker.terminate();
      };
      const onExit = (code: number) => settle(new Error(`hashing thread exited (${code})`));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(job);
    });
  }

  private release(worker: Worker): void {
    worker.unref();
    this.idle.push(worker);
    const reaper = setTimeout(() => {
      this.reapers.delete(worker);
      this.idle.splice(this.idle.indexOf(worker), 1);
      void worker.terminate();
    }, IDLE_MS);
    reaper.unref();
    this.reapers.set(worker, reaper);
  }
}
