import { Type } from 'typebox';
import { DateTime, Literals, Nullable, NullableString, Obj } from '../../http/schemas.js';

const tlsModes = ['starttls', 'tls', 'none'] as const;
const host = Type.String({ minLength: 1, maxLength: 253, pattern: '^(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$', description: 'Host name or IP address of the SMTP server' });
/** "addr@example.com" or "Name <addr@example.com>". */
const fromAddress = Type.String({ minLength: 3, maxLength: 320, pattern: '^([^<>\\r\\n]*<[^<>@\\s]+@[^<>@\\s]+>|[^<>@\\s]+@[^<>@\\s]+)$', description: 'From address: addr@example.com or Name <addr@example.com>' });
const httpUrl = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://[^\\s]+$' });
const secret = (description: string) => NullableString({ minLength: 1, maxLength: 1000, description });

export const EmailSettings = Obj({
  configured: Type.Boolean({ description: 'Whether the organization has its own SMTP server saved' }),
  enabled: Type.Boolean({ description: 'When off (or not configured), its email leaves through the global SMTP server' }),
  host: Nullable(Type.String()),
  port: Type.Integer(),
  tlsMode: Literals(tlsModes),
  username: Nullable(Type.String()),
  passwordSet: Type.Boolean({ description: 'Whether a password is stored; the password itself is never returned' }),
  from: Nullable(Type.String()),
  updatedAt: Nullable(DateTime),
});

export const EmailSettingsPatch = Obj({
  enabled: Type.Optional(Type.Boolean()),
  host: Type.Optional(host),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  tlsMode: Type.Optional(Literals(tlsModes, { description: 'starttls: upgrade or refuse (587); tls: TLS from the start (465); none: never encrypt' })),
  username: Type.Optional(NullableString({ minLength: 1, maxLength: 320 })),
  password: Type.Optional(secret('Left out: the stored password stays; null: no password')),
  from: Type.Optional(fromAddress),
});

const smsProviders = ['webhook', 'twilio'] as const;

export const SmsSettings = Obj({
  configured: Type.Boolean(),
  enabled: Type.Boolean({ description: 'When off (or not configured), its text messages leave through the global provider' }),
  provider: Nullable(Literals(smsProviders)),
  url: Nullable(Type.String({ description: 'Webhook provider: the URL that receives {to, body, messageId}' })),
  baseUrl: Nullable(Type.String({ description: 'Twilio-compatible provider: base URL of the Messages API' })),
  accountSid: Nullable(Type.String()),
  from: Nullable(Type.String()),
  secretSet: Type.Boolean({ description: 'Whether the webhook secret or auth token is stored; it is never returned' }),
  updatedAt: Nullable(DateTime),
});

export const SmsSettingsPatch = Obj({
  enabled: Type.Optional(Type.Boolean()),
  provider: Type.Optional(Literals(smsProviders)),
  url: Type.Optional(httpUrl),
  baseUrl: Type.Optional(httpUrl),
  accountSid: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  secret: Type.Optional(secret('Webhook signing secret or Twilio auth token. Left out: the stored one stays (a new one is needed when the provider changes)')),
});

export const EmailTest = Obj({
  to: Type.String({ format: 'email', maxLength: 254, description: 'Where the test message goes' }),
  settings: Type.Optional(EmailSettingsPatch),
});

export const SmsTest = Obj({
  to: Type.String({ minLength: 3, maxLength: 40, description: 'Phone number in international format' }),
  settings: Type.Optional(SmsSettingsPatch),
});

const outcome = {
  delivered: Type.Boolean({ description: 'Whether the server or provider accepted the message' }),
  message: Type.String({ description: 'What happened, in words' }),
};

export const EmailTestResult = Obj({
  ...outcome,
  outcome: Literals(['accepted', 'rejected', 'connection_refused', 'timeout', 'tls', 'auth', 'dns', 'error'] as const),
  responseCode: Nullable(Type.Integer({ description: 'SMTP reply code, e.g. 250' })),
  response: Nullable(Type.String({ description: "The SMTP server's answer, e.g. 250 2.0.0 OK" })),
});

export const SmsTestResult = Obj({
  ...outcome,
  outcome: Literals(['accepted', 'rejected', 'connection_refused', 'timeout', 'error'] as const),
  status: Nullable(Type.Integer({ description: "The provider's HTTP status" })),
  body: Nullable(Type.String({ description: "The start of the provider's answer" })),
});
