/**
 * The sign-in flow as a step machine, with no I/O: identify → first factor → second factor
 * (when the account has one) → required actions → done. The service (./service.ts) feeds it
 * what the strategies proved and stores the state only when it pauses. See
 * docs/flows/sign-in.md.
 */

/**
 * How a person proved who they are, as `amr` values (RFC 8176 where one fits). Each is the
 * `method` of a credential strategy, or of a one-time link that proves the person by itself.
 */
export type Method =
  | 'pwd'
  | 'invitation_code'
  | 'invitation_link'
  | 'setup_link'
  /** A recovery link or code, followed by a new password (forgot password). */
  | 'recovery_link'
  | 'recovery_code'
  /** The organization's upstream identity provider (single sign-on, features/sso). */
  | 'sso'
  /** Second factors: an authenticator-app code, an SMS code, a backup code. */
  | 'otp'
  | 'sms'
  | 'backup_code';

export type Factor = 'first' | 'second';

/**
 * What the person must do before a session opens. Named by what is done, so the next ones
 * (device_limit) are more entries, not more special cases.
 */
export type RequiredAction = 'change_password' | 'set_password' | 'enroll_authenticator';

export type Step = 'identify' | 'first_factor' | 'second_factor' | 'required_action' | 'done';

/** Authenticator assurance level (NIST SP 800-63B): 0 before any factor, 1 after one, 2 after two. */
export type Aal = 0 | 1 | 2;

export interface FlowState {
  step: Step;
  /** Methods proved so far, in order; the session records them. */
  methods: Method[];
  aal: Aal;
  /** Required actions still to do, in order. */
  requiredActions: RequiredAction[];
  /** The second-factor methods the account has: one of them is asked for after the first factor. */
  secondFactors: Method[];
}

export type FlowEvent =
  /** The account is known; `secondFactors` are the second-factor strategies it has. */
  | { type: 'identified'; secondFactors: Method[] }
  /** A strategy proved a factor; `requiredActions` are what that proof leaves to do. */
  | { type: 'factor_proved'; method: Method; factor: Factor; requiredActions: RequiredAction[] }
  | { type: 'action_done'; action: RequiredAction };

/**
 * What the machine needs of a credential strategy (./strategies.ts): its method and factor, and
 * whether an account has it. `U` is the account as loaded once before the flow identifies it
 * (the user and its second factors), so `has` needs no I/O.
 */
export interface Enrollment<U> {
  method: Method;
  factor: Factor;
  has(user: U): boolean;
}

/**
 * The `identified` event of an account: the second factors it will be asked for are the
 * second-factor strategies it has. An unknown account has none (its first factor fails anyway).
 */
export const identify = <U>(user: U | undefined, strategies: readonly Enrollment<U>[]): FlowEvent => ({
  type: 'identified',
  secondFactors: user ? strategies.filter((s) => s.factor === 'second' && s.has(user)).map((s) => s.method) : [],
});

export const begin = (): FlowState => ({ step: 'identify', methods: [], aal: 0, requiredActions: [], secondFactors: [] });

/** The first step left to do once the factors are proved. */
const afterFactors = (s: FlowState): Step => (s.requiredActions.length > 0 ? 'required_action' : 'done');

const union = <T>(a: T[], b: T[]) => [...a, ...b.filter((x) => !a.includes(x))];

/**
 * The state after `event`, or undefined when the event doesn't apply at this step (a factor
 * out of order, a second factor the account doesn't have, an action not pending, anything
 * after done): callers treat that as a refused request, never as a way forward.
 */
export function next(s: FlowState, e: FlowEvent): FlowState | undefined {
  switch (e.type) {
    case 'identified':
      return s.step === 'identify' ? { ...s, step: 'first_factor', secondFactors: [...e.secondFactors] } : undefined;
    case 'factor_proved': {
      if (e.factor === 'first') {
        if (s.step !== 'first_factor') return undefined;
        const proved: FlowState = { ...s, methods: [e.method], aal: 1, requiredActions: union(s.requiredActions, e.requiredActions) };
        return { ...proved, step: proved.secondFactors.length > 0 ? 'second_factor' : afterFactors(proved) };
      }
      if (s.step !== 'second_factor' || !s.secondFactors.includes(e.method)) return undefined;
      const proved: FlowState = { ...s, methods: [...s.methods, e.method], aal: 2, requiredActions: union(s.requiredActions, e.requiredActions) };
      return { ...proved, step: afterFactors(proved) };
    }
    case 'action_done': {
      if (s.step !== 'required_action' || !s.requiredActions.includes(e.action)) return undefined;
      const left: FlowState = { ...s, requiredActions: s.requiredActions.filter((a) => a !== e.action) };
      return { ...left, step: afterFactors(left) };
    }
  }
}

/** Whether the flow waits for the browser to come back (and so must be stored). */
export const pauses = (s: FlowState) => s.step === 'second_factor' || s.step === 'required_action';

/**
 * A flow proved by one step that needs nothing else: a one-time link (invitation, first admin
 * setup) that also set the password. It is done at once, at AAL1.
 */
export const provedBy = (method: Method): FlowState => ({ step: 'done', methods: [method], aal: 1, requiredActions: [], secondFactors: [] });
