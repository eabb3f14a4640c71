import { describe, expect, it } from 'vitest';
import { begin, identify, next, pauses, provedBy, type Enrollment, type FlowEvent, type FlowState } from './flow.js';

const run = (s: FlowState, ...events: FlowEvent[]) =>
  events.reduce<FlowState | undefined>((state, e) => (state ? next(state, e) : undefined), s);

const identified = (secondFactors: FlowState['secondFactors'] = []): FlowEvent => ({ type: 'identified', secondFactors });
const password = (requiredActions: FlowState['requiredActions'] = []): FlowEvent => ({ type: 'factor_proved', method: 'pwd', factor: 'first', requiredActions });

describe('the sign-in step machine', () => {
  it('when the right password of an account with nothing else to do is proved, then the flow is done at AAL1 without pausing', () => {
    const s = run(begin(), identified(), password())!;
    expect(s).toMatchObject({ step: 'done', methods: ['pwd'], aal: 1 });
    expect(pauses(s)).toBe(false);
  });

  it('when the password must be replaced, then the flow pauses at that required action and is done once it is', () => {
    const paused = run(begin(), identified(), password(['change_password']))!;
    expect(paused).toMatchObject({ step: 'required_action', requiredActions: ['change_password'], aal: 1 });
    expect(pauses(paused)).toBe(true);
    expect(next(paused, { type: 'action_done', action: 'change_password' })).toMatchObject({ step: 'done', requiredActions: [] });
  });

  it('when an invitation code is proved as the first factor, then setting a password is required before done', () => {
    const s = run(begin(), identified(), { type: 'factor_proved', method: 'invitation_code', factor: 'first', requiredActions: ['set_password'] })!;
    expect(s).toMatchObject({ step: 'required_action', methods: ['invitation_code'], requiredActions: ['set_password'] });
  });

  it('when the account has a second factor enrolled, then it is asked for after the password and the flow reaches AAL2', () => {
    type Account = { otp: boolean };
    const otp: Enrollment<Account> = { method: 'otp', factor: 'second', has: (a) => a.otp };
    const pwd: Enrollment<Account> = { method: 'pwd', factor: 'first', has: () => true };
    expect(identify<Account>({ otp: false }, [pwd, otp])).toEqual({ type: 'identified', secondFactors: [] });
    expect(identify<Account>(undefined, [pwd, otp])).toEqual({ type: 'identified', secondFactors: [] });
    const enrolled = identify<Account>({ otp: true }, [pwd, otp]);
    expect(enrolled).toEqual({ type: 'identified', secondFactors: ['otp'] });
    const paused = run(begin(), enrolled, password(['change_password']))!;
    expect(paused).toMatchObject({ step: 'second_factor', aal: 1 });
    expect(pauses(paused)).toBe(true);
    const second = next(paused, { type: 'factor_proved', method: 'otp', factor: 'second', requiredActions: [] })!;
    // The forced change waits until both factors are proved.
    expect(second).toMatchObject({ step: 'required_action', methods: ['pwd', 'otp'], aal: 2, requiredActions: ['change_password'] });
    expect(next(second, { type: 'action_done', action: 'change_password' })).toMatchObject({ step: 'done', aal: 2 });
  });

  it('when events come out of order or name what the flow does not expect, then none of them moves it', () => {
    expect(next(begin(), password())).toBeUndefined();
    const atSecond = run(begin(), identified(['otp']), password())!;
    expect(next(atSecond, { type: 'factor_proved', method: 'sms', factor: 'second', requiredActions: [] })).toBeUndefined();
    expect(next(atSecond, { type: 'factor_proved', method: 'otp', factor: 'first', requiredActions: [] })).toBeUndefined();
    expect(next(atSecond, { type: 'action_done', action: 'change_password' })).toBeUndefined();
    const done = run(begin(), identified(), password())!;
    expect(next(done, password())).toBeUndefined();
    expect(next(done, { type: 'action_done', action: 'set_password' })).toBeUndefined();
    const changing = run(begin(), identified(), password(['change_password']))!;
    expect(next(changing, { type: 'action_done', action: 'set_password' })).toBeUndefined();
  });

  it('when the account has several second factors, then any one of them finishes the step, and enrolling an authenticator is an ordinary required action after it', () => {
    const paused = run(begin(), identified(['otp', 'backup_code']), password())!;
    expect(paused).toMatchObject({ step: 'second_factor', secondFactors: ['otp', 'backup_code'] });
    expect(next(paused, { type: 'factor_proved', method: 'backup_code', factor: 'second', requiredActions: [] })).toMatchObject({ step: 'done', methods: ['pwd', 'backup_code'], aal: 2 });
    const enrolling = run(begin(), identified(), password(['enroll_authenticator']))!;
    expect(enrolling).toMatchObject({ step: 'required_action', requiredActions: ['enroll_authenticator'], aal: 1 });
    expect(next(enrolling, { type: 'factor_proved', method: 'otp', factor: 'second', requiredActions: [] })).toBeUndefined();
    expect(next(enrolling, { type: 'action_done', action: 'enroll_authenticator' })).toMatchObject({ step: 'done', aal: 1 });
  });

  it('when a one-time link proves the person, then the flow is done at AAL1 with that method', () => {
    expect(provedBy('invitation_link')).toMatchObject({ step: 'done', methods: ['invitation_link'], aal: 1 });
  });
});
