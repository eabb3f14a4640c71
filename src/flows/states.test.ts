import { describe, expect, it } from 'vitest';
import { afterWrongCode, expiryFrom, isLive, stateAt, transition, type SecretState } from './states.js';
import { NOT_INVITED, ONBOARDING_STAGES, STAGES, stageLabel, stageOf } from './stages.js';

const now = new Date('2026-01-01T12:00:00Z');
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 60_000);

describe('secret states', () => {
  it('when a pending secret is consumed, superseded, revoked or exhausted, then it reaches that final state', () => {
    expect(transition('pending', 'consume')).toBe('accepted');
    expect(transition('pending', 'supersede')).toBe('superseded');
    expect(transition('pending', 'revoke')).toBe('revoked');
    expect(transition('pending', 'exhaust')).toBe('exhausted');
  });

  it('when a secret is final, then nothing changes it again', () => {
    for (const s of ['accepted', 'superseded', 'revoked', 'exhausted'] as SecretState[]) {
      for (const e of ['consume', 'supersede', 'revoke', 'exhaust'] as const) expect(transition(s, e)).toBeUndefined();
    }
  });

  it('when a secret has expired, then it can no longer be consumed or counted, only recorded as replaced or withdrawn', () => {
    expect(transition('expired', 'consume')).toBeUndefined();
    expect(transition('expired', 'exhaust')).toBeUndefined();
    expect(transition('expired', 'supersede')).toBe('superseded');
    expect(transition('expired', 'revoke')).toBe('revoked');
  });

  it('when expires_at has passed, then a pending secret reads as expired; a finished one keeps its state', () => {
    expect(stateAt({ state: 'pending', expires_at: earlier }, now)).toBe('expired');
    expect(stateAt({ state: 'pending', expires_at: now }, now)).toBe('expired');
    expect(stateAt({ state: 'pending', expires_at: later }, now)).toBe('pending');
    expect(stateAt({ state: 'pending', expires_at: null }, now)).toBe('pending');
    expect(stateAt({ state: 'accepted', expires_at: earlier }, now)).toBe('accepted');
    expect(isLive({ state: 'pending', expires_at: later }, now)).toBe(true);
    expect(isLive({ state: 'pending', expires_at: earlier }, now)).toBe(false);
  });

  it('when wrong codes reach the limit, then the secret is exhausted, not before', () => {
    expect(afterWrongCode(0, 5)).toEqual({ attempts: 1, state: 'pending' });
    expect(afterWrongCode(3, 5)).toEqual({ attempts: 4, state: 'pending' });
    expect(afterWrongCode(4, 5)).toEqual({ attempts: 5, state: 'exhausted' });
  });

  it('when a lifetime is given in minutes, then expiry is that far ahead; -1 never expires', () => {
    expect(expiryFrom(now, 15)).toEqual(new Date(now.getTime() + 15 * 60_000));
    expect(expiryFrom(now, -1)).toBeNull();
  });
});

describe('onboarding stages', () => {
  const pending = { state: 'pending' as const, expires_at: later, opened_at: null };

  it('when a secret is finished, then its state decides the stage whatever its delivery did', () => {
    expect(stageOf({ ...pending, state: 'accepted' }, 'failed', now)).toBe('activated');
    expect(stageOf({ ...pending, state: 'revoked' }, 'sent', now)).toBe('revoked');
    expect(stageOf({ ...pending, state: 'superseded' }, undefined, now)).toBe('superseded');
    expect(stageOf({ ...pending, state: 'exhausted' }, 'sent', now)).toBe('exhausted');
  });

  it('when a pending secret has expired, then it is expired even if opened', () => {
    expect(stageOf({ ...pending, expires_at: earlier, opened_at: earlier }, 'sent', now)).toBe('expired');
  });

  it('when a pending secret is live, then opening beats delivery, and delivery says failed, delivered or queued', () => {
    expect(stageOf({ ...pending, opened_at: earlier }, 'failed', now)).toBe('opened');
    expect(stageOf(pending, 'failed', now)).toBe('failed');
    expect(stageOf(pending, 'sent', now)).toBe('delivered');
    expect(stageOf(pending, 'sending', now)).toBe('queued');
    expect(stageOf(pending, undefined, now)).toBe('queued');
  });

  it('when stages are listed, then each has a label and none appears twice', () => {
    expect(new Set(ONBOARDING_STAGES).size).toBe(STAGES.length + 1);
    expect(stageLabel(NOT_INVITED.stage)).toBe('Not invited');
    expect(stageLabel('superseded')).toBe('Replaced by a newer one');
  });
});
