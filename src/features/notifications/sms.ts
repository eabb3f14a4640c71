import { createHmac } from 'node:crypto';
import { ConfigError, type Config } from '../../config/index.js';
import type { OutgoingMessage, Transport } from './transport.js';

async function post(url: string, init: RequestInit, timeoutMs: number): Promise<void> {
  const res = await fetch(url, { ...init, method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    throw new Error(`SMS provider answered ${res.status}${text ? `: ${text}` : ''}`);
  }
}

/**
 * Generic webhook: POSTs {to, body, messageId} as JSON, signed so the receiver can check
 * it came from us and is fresh (Stripe-style "t=…,v1=…" header).
 */
export function webhookSms(config: Config): Transport {
  if (!config.smsWebhookUrl) throw new ConfigError('SMS_WEBHOOK_URL', 'is required when SMS_PROVIDER=webhook');
  if (!config.smsWebhookSecret) throw new ConfigError('SMS_WEBHOOK_SECRET', 'is required when SMS_PROVIDER=webhook');
  const url = config.smsWebhookUrl;
  const secret = config.smsWebhookSecret;
  return {
    name: 'sms-webhook',
    async send(m: OutgoingMessage) {
      const body = JSON.stringify({ to: m.recipient, body: m.text_body, messageId: m.id });
      const t = Math.floor(Date.now() / 1000);
      const signature = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
      await post(url, {
        headers: { 'content-type': 'application/json', 'x-latchkey-signature': `t=${t},v1=${signature}`, 'idempotency-key': m.id },
        body,
      }, timeoutFor(config));
    },
    close() {},
  };
}

/** Well inside the worker's lease, like the SMTP timeouts. */
const timeoutFor = (config: Config) => Math.min(10_000, (config.outboxLeaseSeconds * 1000) / 3);

/** Twilio's Messages API, or anything that speaks it (base URL configurable). */
export function twilioSms(config: Config): Transport {
  for (const [key, value] of [['TWILIO_ACCOUNT_SID', config.twilioAccountSid], ['TWILIO_AUTH_TOKEN', config.twilioAuthToken], ['TWILIO_FROM', config.twilioFrom]] as const) {
    if (!value) throw new ConfigError(key, 'is required when SMS_PROVIDER=twilio');
  }
  const sid = config.twilioAccountSid!;
  const url = `${config.twilioBaseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${sid}:${config.twilioAuthToken}`).toString('base64')}`;
  return {
    name: 'sms-twilio',
    async send(m: OutgoingMessage) {
      await post(url, {
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'i-twilio-idempotency-token': m.id },
        body: new URLSearchParams({ To: m.recipient, From: config.twilioFrom!, Body: m.text_body }).toString(),
      }, timeoutFor(config));
    },
    close() {},
  };
}
