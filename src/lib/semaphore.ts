/**
 * Runs at most `limit` tasks at once; further tasks wait in arrival order. A slot is
 * released when its task settles, whether it resolved or threw.
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {
    this.configure(limit);
  }

  /** Changes the bounds; tasks already running or waiting keep their place. */
  configure(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    this.limit = limit;
    while (this.running < this.limit && this.waiting.length > 0) this.next();
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      // The releasing task hands its slot over, so `running` stays counted.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      if (this.waiting.length > 0 && this.running <= this.limit) this.waiting.shift()!();
      else this.running--;
    }
  }

  private next(): void {
    this.running++;
    this.waiting.shift()!();
  }
}
