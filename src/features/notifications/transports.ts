import { smsSettings, type Config } from '../../config/index.js';
import { providerSms } from './sms.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { SmtpTlsMode } from '../../db/types.js';
import type { Transport } from './transport.js';

export type { OutgoingMessage, Transport } from './transport.js';

/**
 * The development default: the message is already stored in the outbox, where the console's
 * Outbox viewer shows it, so "delivering" only marks it sent.
 */
export const sinkTransport: Transport = { name: 'outbox', send: async () => {}, close() {} };

/** An SMTP server as an organization configures it (its password decrypted). */
export interface SmtpServer {
  host: string;
  port: number;
  tlsMode: SmtpTlsMode;
  username: string | null;
  password: string | null;
  from: string;
}

/** nodemailer's options for a server given by URL (the global one) or by its parts (an organization's). */
function serverOptions(server: string | SmtpServer): SMTPTransport.Options & { url?: string } {
  if (typeof server === 'string') return { url: server };
  return {
    host: server.host,
    port: server.port,
    // "tls": TLS from the first byte (port 465); "starttls": refuse to go on in the clear;
    // "none": never upgrade, even when offered (a relay on a trusted network).
    secure: server.tlsMode === 'tls',
    requireTLS: server.tlsMode === 'starttls',
    ignoreTLS: server.tlsMode === 'none',
    ...(server.username ? { auth: { user: server.username, pass: server.password ?? '' } } : {}),
  };
}

/** A nodemailer transporter, loaded on first use rather than at start. */
async function createTransporter(server: string | SmtpServer, options: SMTPTransport.Options & { pool?: boolean; maxConnections?: number }) {
  const { default: nodemailer } = await import('nodemailer');
  return nodemailer.createTransport({ ...options, ...serverOptions(server) } as SMTPTransport.Options);
}

/**
 * Pooled SMTP delivery to the global server (SMTP_URL) or an organization's own. The
 * transport's name is what the outbox records as the message's transport.
 */
export function smtpTransport(config: Config, server: string | SmtpServer = config.smtpUrl as string, opts: { name?: string; from?: string; maxConnections?: number } = {}): Transport {
  // Well inside the worker's lease, so a hung server can't lead to a second delivery.
  const timeout = Math.min(30_000, (config.outboxLeaseSeconds * 1000) / 3);
  let transporter: Promise<import('nodemailer').Transporter> | undefined;
  const connect = () =>
    (transporter ??= createTransporter(server, {
      pool: true,
      maxConnections: opts.maxConnections ?? config.smtpPoolSize,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      tls: { rejectUnauthorized: config.smtpTlsRejectUnauthorized },
    }));
  const from = opts.from ?? (typeof server === 'string' ? config.smtpFrom : server.from);
  return {
    name: opts.name ?? 'smtp',
    async send(m) {
      await (await connect()).sendMail({
        from,
        to: m.recipient,
        subject: m.subject ?? '',
        text: m.text_body,
        html: m.html_body ?? undefined,
        // Stable per outbox row: a receiver can recognise a redelivery after a crash.
        messageId: `<${m.id}@latchkey>`,
      });
    },
    close: () => void transporter?.then((t) => t.close()),
  };
}

/**
 * Sends one message over a fresh connection (no pool) and gives back the server's answer
 * to the DATA command ("250 2.0.0 OK …"). Every wait is bounded by `timeoutMs`; failures
 * throw nodemailer's error, which carries the stage (code) and the server's answer.
 */
export async function sendOnce(config: Config, server: SmtpServer, message: { to: string; subject: string; text: string }, timeoutMs: number): Promise<string> {
  const transporter = await createTransporter(server, {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    tls: { rejectUnauthorized: config.smtpTlsRejectUnauthorized },
  });
  try {
    const info = await transporter.sendMail({ from: server.from, to: message.to, subject: message.subject, text: message.text });
    return String(info.response ?? '');
  } finally {
    transporter.close();
  }
}

/** Email over SMTP when configured, SMS through the configured provider; else the outbox sink. */
export function transportsFor(config: Config): Record<'email' | 'sms', Transport> {
  const settings = smsSettings(config);
  const sms = settings.provider === 'outbox' ? sinkTransport : providerSms(config, settings);
  return { email: config.smtpUrl ? smtpTransport(config) : sinkTransport, sms };
}
