/**
 * The one-time-secret flow core: every flow that hands a person a secret to redeem once
 * (invitations, onboarding sheets, setup links; later recovery, sign-up PINs, SMS second
 * factors) generates, hashes, supersedes, counts and consumes it here. See
 * docs/flows/one-time-secret.md.
 */
export * from './secrets.js';
export * from './states.js';
export * from './stages.js';
export * from './channel.js';
export * as store from './store.js';
