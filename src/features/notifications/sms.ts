import { createHmac } from 'node:crypto';
import type { Config, SmsSettings } from '../../config/index.js';
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
export function webhookSms(config: Config, { url, secret }: Extract<SmsSettings, { provider: 'webhook' }>): Transport {
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
export function twilioSms(config: Config, { accountSid, authToken, from, baseUrl }: Extract<SmsSettings, { provider: 'twilio' }>): Transport {
  const url = `${baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  return {
    name: 'sms-twilio',
    async send(m: OutgoingMessage) {
      await post(url, {
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'i-twilio-idempotency-token': m.id },
        body: new URLSearchParams({ To: m.recipient, From: from, Body: m.text_body }).toString(),
      }, timeoutFor(config));
    },
    close() {},
  };
}
