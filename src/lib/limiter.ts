/** A task refused because the limiter's queue is full; it never started. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

/**
 * Runs at most `limit` tasks at once; further tasks wait in arrival order, at most
 * `maxQueued` of them (more are refused with QueueFullError instead of waiting). A slot
 * is released when its task settles, whether it resolved or threw.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private limit: number,
    private maxQueued = Number.POSITIVE_INFINITY,
  ) {
    this.configure(limit, maxQueued);
  }

  /** Changes the bounds; tasks already running or waiting keep their place. */
  configure(limit: number, maxQueued = Number.POSITIVE_INFINITY): void {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    if (!(maxQueued >= 0)) throw new RangeError(`maxQueued must be 0 or more, got ${maxQueued}`);
    this.limit = limit;
    this.maxQueued = maxQueued;
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
      if (this.waiting.length >= this.maxQueued) throw new QueueFullError(`${this.waiting.length} tasks already waiting`);
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
