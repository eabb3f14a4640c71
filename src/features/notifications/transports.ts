import { smsSettings, type Config } from '../../config/index.js';
import { twilioSms, webhookSms } from './sms.js';
import type { Transport } from './transport.js';

export type { OutgoingMessage, Transport } from './transport.js';

/**
 * The development default: the message is already stored in the outbox, where the console's
 * Outbox viewer shows it, so "delivering" only marks it sent.
 */
export const sinkTransport: Transport = { name: 'outbox', send: async () => {}, close() {} };

export function smtpTransport(config: Config): Transport {
  // Well inside the worker's lease, so a hung server can't lead to a second delivery.
  const timeout = Math.min(30_000, (config.outboxLeaseSeconds * 1000) / 3);
  // nodemailer is loaded on the first message, not at start.
  let transporter: Promise<import('nodemailer').Transporter> | undefined;
  const connect = () =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        url: config.smtpUrl,
        pool: true,
        maxConnections: config.smtpPoolSize,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        tls: { rejectUnauthorized: config.smtpTlsRejectUnauthorized },
      }),
    ));
  return {
    name: 'smtp',
    async send(m) {
      await (await connect()).sendMail({
        from: config.smtpFrom,
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

/** Email over SMTP when configured, SMS through the configured provider; else the outbox sink. */
export function transportsFor(config: Config): Record<'email' | 'sms', Transport> {
  const settings = smsSettings(config);
  const sms = settings.provider === 'webhook' ? webhookSms(config, settings) : settings.provider === 'twilio' ? twilioSms(config, settings) : sinkTransport;
  return { email: config.smtpUrl ? smtpTransport(config) : sinkTransport, sms };
}
