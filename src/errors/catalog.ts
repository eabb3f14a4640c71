/**
 * The one error catalog. Codes are `feature.reason`; they are the stable `type` of API
 * problems (`urn:latchkey:error:<code>`) and the keys of page messages.
 */
export const errorCatalog = {
  'request.invalid': { status: 400, title: 'The request is not valid' },
  'request.too_large': { status: 413, title: 'The request body is too large' },
  'request.unsupported_media_type': { status: 415, title: 'Unsupported content type' },
  'request.timeout': { status: 408, title: 'The request took too long to arrive' },
  'route.not_found': { status: 404, title: 'No such route' },
  'auth.required': { status: 401, title: 'Authentication is required' },
  'auth.invalid_credentials': { status: 401, title: 'Wrong username/email or password' },
  'auth.forbidden': { status: 403, title: 'Your privileges do not allow this action' },
  'auth.csrf': { status: 403, title: 'Missing or wrong CSRF token; reload the page and try again' },
  'organization.not_found': { status: 404, title: 'No such organization' },
  'organization.slug_taken': { status: 409, title: 'An organization with this slug already exists' },
  'organization.settings_invalid': { status: 400, title: 'The organization settings are not valid' },
  'user.not_found': { status: 404, title: 'No such user' },
  'user.username_taken': { status: 409, title: 'This username is already used in the organization' },
  'user.cannot_modify_self': { status: 409, title: 'You cannot do this to your own account' },
  'user.privilege_too_high': { status: 403, title: 'You cannot manage a user with a higher privilege than yours' },
  'user.disabled': { status: 403, title: 'This account is disabled' },
  'user.email_required': { status: 400, title: 'An email address is required to send an invitation by email' },
  'group.not_found': { status: 404, title: 'No such group' },
  'invitation.disabled': { status: 409, title: 'Invitations are disabled for this organization' },
  'invitation.not_found': { status: 404, title: 'This invitation link is not valid' },
  'invitation.expired': { status: 410, title: 'This invitation has expired. Ask your administrator to send a new one.' },
  'invitation.used': { status: 410, title: 'This invitation has already been used. Sign in with your password.' },
  'invitation.superseded': { status: 410, title: 'This invitation link has been replaced by a newer one. Use the link in the most recent email.' },
  'invitation.user_not_pending': { status: 409, title: 'This user has already set a password' },
  'invitation.method_unsupported': { status: 400, title: 'This invitation method is not available yet' },
  'password.too_short': { status: 400, title: 'The password is too short' },
  'password.too_long': { status: 400, title: 'The password is too long' },
  'password.contains_identity': { status: 400, title: 'The password must not contain your username or email' },
  'password.mismatch': { status: 400, title: 'The two passwords do not match' },
  'outbox.message_not_found': { status: 404, title: 'No such message' },
  'api_token.not_found': { status: 404, title: 'No such API token' },
  'setup.invalid': { status: 410, title: 'This setup link is not valid or has already been used' },
  'service.unavailable': { status: 503, title: 'The service is temporarily unavailable' },
  'internal': { status: 500, title: 'Internal server error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalog;
