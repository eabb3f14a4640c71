import type { Context } from '../../context.js';
import { sendDueReminders } from './service.js';

const INTERVAL_MS = 60_000;

/** Looks for invitations due a reminder once a minute; returns a function that stops it. */
export function startReminders(ctx: Context): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sendDueReminders(ctx).catch((err) => ctx.log.warn({ err: String(err) }, 'invitation reminders failed'));
  }, INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
