import { SMTPServer, type SMTPServerAuthentication } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface SinkMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives, so tests read messages the
 * way a mail client would. `failNext` makes it reject messages to exercise retries; `auth`
 * makes it require that username and password (refusing others with 535), over plain text.
 */
export async function startSmtpSink(opts: { delayMs?: number; auth?: { user: string; pass: string } } = {}) {
  const mails: SinkMail[] = [];
  const waiters: (() => void)[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: !opts.auth,
    allowInsecureAuth: !!opts.auth,
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...(opts.auth && {
      onAuth(auth: SMTPServerAuthentication, _session: unknown, callback: (err: Error | null | undefined, response?: { user: string }) => void) {
        if (auth.username === opts.auth!.user && auth.password === opts.auth!.pass) return callback(null, { user: auth.username! });
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
    }),
    onData(stream, _session, callback) {
      if (failures > 0) {
        failures--;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('451 try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then(async (m: ParsedMail) => {
          if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
          const to = Array.isArray(m.to) ? m.to[0]?.text : m.to?.text;
          mails.push({ to: to ?? '', subject: m.subject ?? '', text: m.text ?? '', html: typeof m.html === 'string' ? m.html : '', messageId: m.messageId ?? '' });
          for (const w of waiters.splice(0)) w();
          callback();
        })
        .catch(callback);
    },
  });
  // A client killed mid-conversation (the crash test does it) resets its connection: expected.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    /** SMTP connections open right now (a client's pool keeps them between messages). */
    openConnections: () => server.connections.size,
    failNext(n: number) {
      failures = n;
    },
    /** Resolves with the first message to `to` matching `match`, waiting up to `ms`. */
    async waitFor(to: string, match: (m: SinkMail) => boolean = () => true, ms = 15_000): Promise<SinkMail> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = mails.find((m) => m.to.includes(to) && match(m));
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no mail to ${to} within ${ms} ms (got: ${mails.map((m) => `${m.to}: ${m.subject}`).join('; ')})`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** The first link in a text body that matches the pattern. */
export function linkIn(text: string, pattern: RegExp = /https?:\/\/\S+/): string {
  const m = pattern.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[0];
}
