import { Type } from 'typebox';
import { DateTime, Literals, Nullable, NullableString, Obj } from '../../http/schemas.js';

const Uri = Type.String({ minLength: 1, maxLength: 2000 });

export const UpdateOidcClient = Obj({
  clientType: Literals(['confidential', 'public'], { description: 'confidential: authenticates with a client secret (HTTP Basic) at the token endpoint; public (single-page and native apps): no secret, PKCE with S256 required' }),
  redirectUris: Type.Array(Uri, { minItems: 1, maxItems: 20, description: 'Where the provider may send the browser back with a code: https://, http:// only to localhost, or a native app scheme; compared exactly' }),
  postLogoutRedirectUris: Type.Optional(Type.Array(Uri, { maxItems: 20, description: 'Where the browser may be sent after signing out (RP-initiated logout)' })),
  backchannelLogoutUri: Type.Optional(NullableString({ maxLength: 2000, description: 'Receives a logout token when the person signs out (OpenID Connect Back-Channel Logout)' })),
  firstParty: Type.Optional(Type.Boolean({ description: "The organization's own app: people are not asked to consent (default true)" })),
});

export const OidcClient = Obj({
  clientId: Type.String({ description: 'The app id' }),
  clientType: Literals(['confidential', 'public']),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  backchannelLogoutUri: Nullable(Type.String()),
  firstParty: Type.Boolean(),
  hasSecret: Type.Boolean({ description: 'A secret is set (it is shown once, when it is issued, and stored only hashed)' }),
  secretCreatedAt: Nullable(DateTime),
  issuer: Type.String({ description: "The organization's issuer" }),
  discoveryUrl: Type.String(),
  updatedAt: DateTime,
  clientSecret: Type.Optional(Type.String({ description: 'Only in the answer that issued it: copy it now, it is never shown again' })),
});

export const RotatedKeys = Obj({ activeKid: Type.String({ description: 'Key id now signing' }), nextKid: Type.String({ description: 'Key id published for the next rotation' }) });
