import { Type } from 'typebox';
import { DateTime, Literals, Nullable, NullableString, Obj } from '../../http/schemas.js';

const matchings = ['email', 'subject'] as const;

export const SsoSettings = Obj({
  configured: Type.Boolean({ description: 'Whether the organization has an upstream identity provider saved' }),
  issuer: Nullable(Type.String({ description: 'Issuer URL of the upstream OpenID Connect provider (its discovery document is at /.well-known/openid-configuration)' })),
  clientId: Nullable(Type.String()),
  clientSecretSet: Type.Boolean({ description: 'Whether a client secret is stored; the secret itself is never returned' }),
  displayName: Nullable(Type.String({ description: 'Shown on the sign-in page: "Sign in with <displayName>"' })),
  matching: Literals(matchings, { description: 'email: the verified email claim finds the user; subject: only a stored link (made at an earlier sign-in or by just-in-time creation)' }),
  jitCreation: Type.Boolean({ description: 'Whether an upstream account that matches no user creates one' }),
  redirectUri: Type.String({ description: 'The callback URL to register at the upstream provider' }),
  updatedAt: Nullable(DateTime),
});

export const SsoSettingsPatch = Obj({
  issuer: Type.Optional(Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://[^\\s]+$', description: 'https:// (http:// only for a provider on this machine, e.g. in tests)' })),
  clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  clientSecret: Type.Optional(NullableString({ minLength: 1, maxLength: 1000, description: 'Left out: the stored secret stays (unless the issuer or client id changes); null: a public client, PKCE only' })),
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  matching: Type.Optional(Literals(matchings)),
  jitCreation: Type.Optional(Type.Boolean()),
});
