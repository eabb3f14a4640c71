import { createHmac } from 'node:crypto';
import type { Config, SmsSettings } from '../../config/index.js';
import type { OutgoingMessage, Transport } from './transport.js';

/** A provider's answer to one request: its HTTP status and the start of its body. */
export interface ProviderAnswer {
  status: number;
  ok: boolean;
  body: string;
}

async function post(url: string, init: RequestInit, timeoutMs: number): Promise<ProviderAnswer> {
  const res = await fetch(url, { ...init, method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  const body = (await res.text().catch(() => '')).slice(0, 300);
  return { status: res.status, ok: res.ok, body };
}

export type ProviderSettings = Exclude<SmsSettings, { provider: 'outbox' }>;

/**
 * One request to the provider, answered whatever its status (network failures and the
 * timeout throw). The webhook body is signed so the receiver can check it came from us and
 * is fresh (Stripe-style "t=…,v1=…" header); Twilio's Messages API, or anything that speaks
 * it, is called at its configurable base URL.
 */
export function callProvider(settings: ProviderSettings, m: Pick<OutgoingMessage, 'id' | 'recipient' | 'text_body'>, timeoutMs: number): Promise<ProviderAnswer> {
  if (settings.provider === 'webhook') {
    const body = JSON.stringify({ to: m.recipient, body: m.text_body, messageId: m.id });
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', settings.secret).update(`${t}.${body}`).digest('hex');
    return post(settings.url, {
      headers: { 'content-type': 'application/json', 'x-latchkey-signature': `t=${t},v1=${signature}`, 'idempotency-key': m.id },
      body,
    }, timeoutMs);
  }
  const { accountSid, authToken, from, baseUrl } = settings;
  const url = `${baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  return post(url, {
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', 'i-twilio-idempotency-token': m.id },
    body: new URLSearchParams({ To: m.recipient, From: from, Body: m.text_body }).toString(),
  }, timeoutMs);
}

/** Well inside the worker's lease, like the SMTP timeouts. */
const timeoutFor = (config: Config) => Math.min(10_000, (config.outboxLeaseSeconds * 1000) / 3);

/** Delivery through a provider; an answer other than 2xx means "try again later". */
export function providerSms(config: Config, settings: ProviderSettings, name = settings.provider === 'webhook' ? 'sms-webhook' : 'sms-twilio'): Transport {
  return {
    name,
    async send(m: OutgoingMessage) {
      const answer = await callProvider(settings, m, timeoutFor(config));
      if (!answer.ok) throw new Error(`SMS provider answered ${answer.status}${answer.body ? `: ${answer.body}` : ''}`);
    },
    close() {},
  };
}
