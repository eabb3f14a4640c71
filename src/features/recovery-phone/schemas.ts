import { Type } from 'typebox';
import { DateTime, Literals, Nullable, Obj } from '../../http/schemas.js';

export const RecoveryPhone = Obj(
  {
    number: Type.String({ description: 'E.164' }),
    masked: Type.String({ description: 'The number with all but its calling code and last two digits hidden' }),
    country: Type.String({ description: 'ISO 3166-1 alpha-2 region the number was chosen for' }),
    state: Literals(['verified', 'unverified'] as const, { description: 'Only a verified phone receives recovery and second-factor SMS' }),
    consentedAt: DateTime,
    verifiedAt: Nullable(DateTime),
    updatedAt: DateTime,
  },
  'A recovery phone: set and proved by the user only (not the profile field phone, which administrators edit)',
);

export const RecoveryPhoneOf = Obj({ recoveryPhone: Nullable(RecoveryPhone) });

export const SetRecoveryPhone = Obj({
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 region, e.g. CH' }),
  number: Type.String({ minLength: 1, maxLength: 40, description: 'The number as typed, national or international form' }),
  consent: Type.Boolean({ description: 'Must be true: the user agrees to receive security codes by SMS at this number (messages and carrier rates may apply)' }),
});

export const SetRecoveryPhoneResult = Obj({
  recoveryPhone: RecoveryPhone,
  codeSent: Type.Boolean({ description: 'A verification code was texted to the number (false when the same number was verified already)' }),
  codeExpiresAt: Nullable(DateTime),
});

export const VerifyRecoveryPhone = Obj({ code: Type.String({ minLength: 1, maxLength: 40, description: 'The code texted to the number' }) });
