// Generated from the OpenAPI document by `npm run api:types`; do not edit.
// Name types in console/src/api.ts by operation: operations['users.list'].


export interface paths {
  "/api/v1/auth/login": {
    /** Console sign-in for administrators; sets the session cookie */
    post: operations["auth.login"];
  };
  "/api/v1/auth/login/second-factor": {
    /** Second step of a console sign-in paused at the second factor: the code of one of its methods; sets the session cookie */
    post: operations["auth.secondFactor"];
  };
  "/api/v1/auth/login/second-factor/sms": {
    /** Text a code for the second step of a paused console sign-in to the verified recovery phone (throttled per account) */
    post: operations["auth.secondFactorSms"];
  };
  "/api/v1/auth/me": {
    /** Who is calling, and the CSRF token of a console session */
    get: operations["auth.me"];
  };
  "/api/v1/me/reauthenticate": {
    /**
     * Prove your credentials again in this console session (step-up): the password, and a code of your authenticator app or a backup code when you have one
     * @description Changing your factors, recovery phone, sessions or devices needs a session that proved the credentials within REAUTHENTICATION_WINDOW_MINUTES; those routes answer 403 auth.reauthentication_required otherwise. Wrong answers count toward the sign-in throttle (401 auth.invalid_credentials, 429 auth.throttled).
     */
    post: operations["auth.reauthenticate"];
  };
  "/api/v1/auth/logout": {
    /** End the console session */
    post: operations["auth.logout"];
  };
  "/api/v1/organizations": {
    /** List organizations you can see */
    get: operations["organizations.list"];
    /** Create an organization (platform admin) */
    post: operations["organizations.create"];
  };
  "/api/v1/organizations/{org}": {
    /** Get an organization with its effective settings */
    get: operations["organizations.get"];
    /** Rename an organization or change its settings */
    patch: operations["organizations.update"];
  };
  "/api/v1/organizations/{org}/users": {
    /** List and search users */
    get: operations["users.list"];
    /** Create a user, optionally inviting them to set their own password */
    post: operations["users.create"];
  };
  "/api/v1/organizations/{org}/users/{id}": {
    /** Get a user with their latest invitation */
    get: operations["users.get"];
    /** Delete a user with their credentials and sessions */
    delete: operations["users.delete"];
    /** Edit a user */
    patch: operations["users.update"];
  };
  "/api/v1/organizations/{org}/users/{id}/disable": {
    /** Disable a user and end their sessions */
    post: operations["users.disable"];
  };
  "/api/v1/organizations/{org}/users/{id}/enable": {
    /** Enable a disabled user */
    post: operations["users.enable"];
  };
  "/api/v1/organizations/{org}/users/{id}/identity/remove": {
    /** Remove user identity: delete the password and every factor (authenticator, backup codes, recovery phone, PIN); the user is pending like a new invitee and can be invited again; sessions end */
    post: operations["users.identity.remove"];
  };
  "/api/v1/organizations/{org}/users/{id}/password-expiry": {
    /** Set (or clear) the date after which the password no longer signs in; the user is emailed the date and the steps */
    put: operations["users.passwordExpiry.set"];
  };
  "/api/v1/organizations/{org}/users/{id}/unlock": {
    /** Clear sign-in lockouts of a user (temporary lockout and failure cap); idempotent */
    post: operations["users.unlock"];
  };
  "/api/v1/organizations/{org}/users/{id}/invitations": {
    /** Send (or resend) an invitation; earlier links of the user stop working. Without a method, the method of the latest invitation is kept (the organization default for a first one) */
    post: operations["invitations.resend"];
  };
  "/api/v1/organizations/{org}/invitations/{id}/revoke": {
    /** Revoke a pending invitation: its link or code stops working */
    post: operations["invitations.revoke"];
  };
  "/api/v1/organizations/{org}/onboarding": {
    /** Users who never set a password, with where their invitation stands, and the funnel */
    get: operations["onboarding.list"];
  };
  "/api/v1/organizations/{org}/onboarding/resend": {
    /** Resend invitations to many pending users; each keeps its latest method unless method is given; each gets its own result */
    post: operations["onboarding.resend"];
  };
  "/api/v1/organizations/{org}/users/{id}/password": {
    /**
     * Reset a user's password (temporary by default)
     * @description Refused unless the caller holds the user-management privilege over the user, the organization does not enforce SSO, and its user limit is not exceeded. Ends the user’s sessions and pending invitations.
     */
    post: operations["users.resetPassword"];
  };
  "/api/v1/organizations/{org}/support": {
    /** The server address users need for their first sign-in */
    get: operations["support.get"];
  };
  "/api/v1/organizations/{org}/users/{id}/password-reset": {
    /** Send the user a password reset by the organization's reset options (email link, with a code when required; else an SMS code to the verified recovery phone). Earlier resets of the user stop working */
    post: operations["users.passwordReset.send"];
  };
  "/api/v1/organizations/{org}/users/{id}/recovery-codes": {
    /** Issue a helpdesk recovery code for a caller whose identity you verified (helpdesk and up, toward a lower privilege): one-time, valid HELPDESK_RECOVERY_CODE_MINUTES (15 by default), shown only in this answer. The user redeems it on the recovery pages with a new password; a second factor is reset for re-enrollment */
    post: operations["recoveryCodes.issue"];
  };
  "/api/v1/organizations/{org}/api-tokens": {
    /** List API tokens (never their secrets) */
    get: operations["apiTokens.list"];
    /** Create an API token; the secret is in this response only */
    post: operations["apiTokens.create"];
  };
  "/api/v1/organizations/{org}/api-tokens/{id}": {
    /** Revoke an API token at once */
    delete: operations["apiTokens.revoke"];
  };
  "/api/v1/organizations/{org}/outbox": {
    /** Messages of the organization, newest first, with their delivery state */
    get: operations["outbox.list"];
  };
  "/api/v1/organizations/{org}/outbox/{id}": {
    /** One message with its bodies */
    get: operations["outbox.get"];
  };
  "/api/v1/organizations/{org}/smtp": {
    /** The organization's own SMTP server (never its password) */
    get: operations["organizations.smtp.get"];
    /** Remove its SMTP server: email leaves through the global one again */
    delete: operations["organizations.smtp.delete"];
    /** Set the SMTP server its email leaves through; fields left out keep their values */
    patch: operations["organizations.smtp.update"];
  };
  "/api/v1/organizations/{org}/smtp/test": {
    /** Send a test email with the saved settings or a draft, and get the SMTP server's answer */
    post: operations["organizations.smtp.test"];
  };
  "/api/v1/organizations/{org}/sms": {
    /** The organization's own SMS provider (never its secret) */
    get: operations["organizations.sms.get"];
    /** Remove its SMS provider: text messages leave through the global one again */
    delete: operations["organizations.sms.delete"];
    /** Set the SMS provider its text messages leave through; fields left out keep their values */
    patch: operations["organizations.sms.update"];
  };
  "/api/v1/organizations/{org}/sms/test": {
    /** Send a test text with the saved settings or a draft, and get the provider's answer */
    post: operations["organizations.sms.test"];
  };
  "/api/v1/organizations/{org}/audit-events": {
    /** Search the audit log, newest first */
    get: operations["auditEvents.list"];
  };
  "/api/v1/organizations/{org}/audit-events/export": {
    /** Export the audit log as JSON lines (one event per line, newest first), streamed; the same filters as the search */
    get: operations["auditEvents.export"];
  };
  "/api/v1/audit-events": {
    /** Search the audit log of your organization (platform admins name one with `organization`) */
    get: operations["auditEvents.search"];
  };
  "/api/v1/organizations/{org}/imports": {
    /** List imports, newest first */
    get: operations["imports.list"];
    /** Import users from a CSV, JSON, JSON-lines file or Keycloak users export (streamed); answers when every row is handled */
    post: operations["imports.create"];
  };
  "/api/v1/organizations/{org}/imports/{id}": {
    /** An import: state, progress, counts and a page of its report (rows not created, with line, field and reason) */
    get: operations["imports.get"];
  };
  "/api/v1/organizations/{org}/apps": {
    /** List the registered apps */
    get: operations["apps.list"];
    /** Register an app (name, address, optional description and icon) */
    post: operations["apps.create"];
  };
  "/api/v1/organizations/{org}/apps/{id}": {
    /** Get a registered app */
    get: operations["apps.get"];
    /** Delete an app with its assignments and recorded uses */
    delete: operations["apps.delete"];
    /** Edit a registered app */
    patch: operations["apps.update"];
  };
  "/api/v1/organizations/{org}/apps/{id}/assignments": {
    /** List the users and groups an app is assigned to */
    get: operations["apps.assignments.list"];
    /** Assign an app to users and/or groups; answers all of its assignments */
    post: operations["apps.assign"];
  };
  "/api/v1/organizations/{org}/apps/{id}/assignments/{assignmentId}": {
    /** Remove one assignment of an app */
    delete: operations["apps.unassign"];
  };
  "/api/v1/organizations/{org}/users/{id}/apps": {
    /** A user's associated apps: assigned directly, by a group (named), and used, with the last use */
    get: operations["users.apps.list"];
  };
  "/api/v1/organizations/{org}/attributes": {
    /** The custom attribute schema of the organization */
    get: operations["attributes.list"];
    /** Define a custom attribute */
    post: operations["attributes.define"];
  };
  "/api/v1/organizations/{org}/attributes/{id}": {
    /** Remove a custom attribute from the schema */
    delete: operations["attributes.delete"];
    /** Change the type or flags of a custom attribute */
    patch: operations["attributes.update"];
  };
  "/api/v1/organizations/{org}/users/{id}/pin-code": {
    /** A user's sign-up PIN, its quota and the users it created */
    get: operations["pinCodes.get"];
    /**
     * Give a user a random sign-up PIN, or a new one (the count of users created is kept); the user becomes a pin_holder
     * @description Organization administrators and above only: the answer carries the PIN.
     */
    post: operations["pinCodes.assign"];
    /** Take the PIN away: it stops working at once; created users stay */
    delete: operations["pinCodes.revoke"];
  };
  "/api/v1/organizations/{org}/users/{id}/pin-code/email": {
    /**
     * Email the PIN (template pincode) to its holder or to another address
     * @description To another address: organization administrators and above only.
     */
    post: operations["pinCodes.email"];
  };
  "/api/v1/organizations/{org}/pin-sign-ups": {
    /**
     * A PIN holder creates a user in their likeness (for clients other than the sign-in page)
     * @description No credentials besides the PIN. Refused with pin_code.sign_up_off when the organization has PIN sign-up off, and with pin_code.web_only when it allows the sign-in page only. A wrong or expired PIN is pin_code.invalid and counts against the client address; too many give auth.throttled.
     */
    post: operations["pinCodes.signUp"];
  };
  "/api/v1/me/mfa": {
    /** Your own second factors (console session only) */
    get: operations["mfa.factors.listOwn"];
  };
  "/api/v1/me/mfa/totp": {
    /** Start enrolling an authenticator app: a key and QR code to confirm with a first code */
    post: operations["mfa.totp.enroll"];
  };
  "/api/v1/me/mfa/totp/confirm": {
    /** Confirm an authenticator-app enrollment with its first code; it replaces an earlier app */
    post: operations["mfa.totp.confirm"];
  };
  "/api/v1/me/mfa/backup-codes": {
    /** Make a new set of 10 backup codes (shown only in this answer); the previous set stops working */
    post: operations["mfa.backupCodes.generate"];
  };
  "/api/v1/organizations/{org}/users/{id}/mfa": {
    /** A user's second factors (never their secrets) */
    get: operations["mfa.factors.list"];
  };
  "/api/v1/organizations/{org}/users/{id}/mfa/default-method": {
    /** Change the user's second factor: the method asked for first at sign-in */
    put: operations["mfa.defaultMethod.set"];
  };
  "/api/v1/organizations/{org}/users/{id}/mfa/reset": {
    /** Reset MFA: every factor of the user disabled (kept as a record), backup codes ended; re-enrollment at the next sign-in when the organization requires a second factor */
    post: operations["mfa.reset"];
  };
  "/api/v1/organizations/{org}/users/{id}/mfa/backup-code": {
    /** Generate one backup code for a user locked out of their factor: shown only in this answer, single use, valid 60 minutes */
    post: operations["mfa.backupCode.issue"];
  };
  "/api/v1/me/recovery-phone": {
    /** Your own recovery phone */
    get: operations["recoveryPhone.getOwn"];
    /**
     * Set your own recovery phone; a verification code is texted to it
     * @description Consent is required. A new number starts unverified and gets a code (earlier codes stop working); sends are throttled per person and per address (429 recovery_phone.send_throttled).
     */
    put: operations["recoveryPhone.set"];
    /** Remove your own recovery phone */
    delete: operations["recoveryPhone.removeOwn"];
  };
  "/api/v1/me/recovery-phone/verify": {
    /**
     * Prove your recovery phone with the code texted to it
     * @description Wrong codes count; after 5 the code stops working (410 recovery_phone.code_exhausted) and a new one must be sent.
     */
    post: operations["recoveryPhone.verify"];
  };
  "/api/v1/organizations/{org}/users/{id}/recovery-phone": {
    /**
     * A user's recovery phone: number, consent and verification times
     * @description Administrators can see and remove a recovery phone, never set one: only the user can consent to a number and prove it.
     */
    get: operations["recoveryPhone.get"];
    /** Remove a user's recovery phone (the user is emailed) */
    delete: operations["recoveryPhone.remove"];
  };
  "/api/v1/organizations/{org}/users/{id}/sessions": {
    /** A user's active sessions (account pages and console), newest first */
    get: operations["sessions.list"];
    /** End every session of a user (helpdesk and up) */
    delete: operations["sessions.revokeAll"];
  };
  "/api/v1/organizations/{org}/users/{id}/sessions/{sessionId}": {
    /** End one session of a user; its next request is refused (helpdesk and up) */
    delete: operations["sessions.revoke"];
  };
  "/api/v1/me/sessions": {
    /** Your own active sessions */
    get: operations["me.sessions.list"];
    /** Sign out everywhere else: every session but the current one ends */
    delete: operations["me.sessions.revokeOthers"];
  };
  "/api/v1/me/sessions/{id}": {
    /** End one of your sessions (the current one signs you out) */
    delete: operations["me.sessions.revoke"];
  };
  "/api/v1/organizations/{org}/users/{id}/devices": {
    /** A user's remembered devices and the device limit that applies */
    get: operations["devices.list"];
  };
  "/api/v1/organizations/{org}/users/{id}/devices/{deviceId}": {
    /** Forget a device of a user: its sessions end and it no longer counts toward the limit (helpdesk and up) */
    delete: operations["devices.forget"];
  };
  "/api/v1/organizations/{org}/users/{id}/device-limit": {
    /** Set a user's device limit, or reset it to the organization default with null */
    post: operations["users.deviceLimit.set"];
  };
  "/api/v1/me/devices": {
    /** Your remembered devices and your device limit */
    get: operations["me.devices.list"];
  };
  "/api/v1/me/devices/{id}": {
    /** Forget one of your devices (its sessions end) */
    delete: operations["me.devices.forget"];
  };
  "/api/v1/organizations/{org}/groups": {
    /** List groups by name, with their member counts */
    get: operations["groups.list"];
    /** Create a group */
    post: operations["groups.create"];
  };
  "/api/v1/organizations/{org}/groups/{id}": {
    /** Get a group */
    get: operations["groups.get"];
    /** Delete a group and its memberships (the users stay) */
    delete: operations["groups.delete"];
    /** Rename a group */
    patch: operations["groups.rename"];
  };
  "/api/v1/organizations/{org}/groups/{id}/members": {
    /** List the members of a group by username */
    get: operations["groups.members.list"];
  };
  "/api/v1/organizations/{org}/groups/{id}/members/{userId}": {
    /** Add a user to a group; adding a member again changes nothing */
    put: operations["groups.members.add"];
    /** Remove a user from a group; removing a non-member changes nothing */
    delete: operations["groups.members.remove"];
  };
  "/api/v1/organizations/{org}/users/{id}/groups": {
    /** List the groups a user belongs to */
    get: operations["users.groups.list"];
  };
  "/api/v1/organizations/{org}/users/{id}/impersonation": {
    /** Start impersonating a user of lower privilege (org and platform admins): answers a one-time link to open in a new tab */
    post: operations["impersonation.start"];
  };
  "/api/v1/organizations/{org}/users/{id}/impersonations": {
    /** A user's impersonations, active and past, newest first */
    get: operations["impersonation.list"];
  };
  "/api/v1/organizations/{org}/users/{id}/impersonations/{impersonationId}/stop": {
    /** Stop an impersonation: its session ends (the administrator's own sessions stay) */
    post: operations["impersonation.stop"];
  };
  "/api/v1/organizations/{org}/templates": {
    /** Every message kind: variables, required fields, layout variable, whether customized */
    get: operations["templates.list"];
  };
  "/api/v1/organizations/{org}/templates/{kind}": {
    /** A kind's template in one locale: the organization's own, else the built-in default */
    get: operations["templates.get"];
    /** Save the organization's own template of a kind in one locale (refused on a Liquid error or a missing required field) */
    put: operations["templates.update"];
    /** Remove the organization's own template of a kind in one locale: the default is used again */
    delete: operations["templates.reset"];
  };
  "/api/v1/organizations/{org}/templates/{kind}/preview": {
    /** Render a draft (or, without one, the saved or default template) with the sample values */
    post: operations["templates.preview"];
  };
  "/api/v1/organizations/{org}/layouts": {
    /** The named layouts of the organization and its layout variables (kind → layout name) */
    get: operations["layouts.list"];
  };
  "/api/v1/organizations/{org}/layouts/import": {
    /** Copy the default layouts into the organization as <environment>_<variable> and point the variables at them (needs the environment name) */
    post: operations["layouts.import"];
  };
  "/api/v1/organizations/{org}/layouts/variables": {
    /** Point layout variables at layouts of the organization (null: the default) */
    put: operations["layouts.variables.set"];
  };
  "/api/v1/organizations/{org}/sso": {
    /** The organization's upstream OpenID Connect provider (never its client secret) */
    get: operations["organizations.sso.get"];
    /** Remove the upstream provider (refused while SSO is enforced) */
    delete: operations["organizations.sso.delete"];
    /** Set the upstream OpenID Connect provider its users sign in with; fields left out keep their values. A new issuer is discovered before it is saved */
    patch: operations["organizations.sso.update"];
  };
  "/api/v1/organizations/{org}/apps/{id}/oidc": {
    /** An app's OpenID Connect client settings */
    get: operations["apps.oidc.get"];
    /** Let an app sign people in through this server (OpenID Connect), or change its client settings; a new secret is answered once */
    put: operations["apps.oidc.update"];
    /** Stop an app signing people in through this server */
    delete: operations["apps.oidc.delete"];
  };
  "/api/v1/organizations/{org}/apps/{id}/secret": {
    /** Replace a confidential app's client secret; the new one is answered once */
    post: operations["apps.secret.rotate"];
  };
  "/api/v1/organizations/{org}/oidc/keys/rotate": {
    /** Rotate the issuer's signing keys: the published next key starts signing, the old one stays published for verification */
    post: operations["oidc.keys.rotate"];
  };
}

export type webhooks = Record<string, never>;

export interface components {
  schemas: {
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}

export type $defs = Record<string, never>;

export type external = Record<string, never>;

export interface operations {

  /** Console sign-in for administrators; sets the session cookie */
  "auth.login": {
    requestBody: {
      content: {
        "application/json": {
          /** @description Organization short name */
          organization: string;
          login: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            user: {
              id: string | null;
              username: string | null;
              /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
              privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
            };
            organization: {
              id: string;
              slug: string;
              name: string;
            };
            via: "console" | "api_token";
            /** @description What the caller may do (e.g. users.manage, settings.manage), so clients show only that; the API still checks every request. */
            permissions: ("organizations.create" | "organizations.read" | "settings.manage" | "users.read" | "users.manage" | "users.delete" | "sessions.manage" | "invitations.send" | "api_tokens.manage" | "audit.read" | "outbox.read" | "recovery_codes.issue")[];
            csrfToken: string | null;
            aal: number | null;
            /** @description How the console session was opened (amr values, e.g. pwd); empty for an API token */
            methods: string[];
          };
        };
      };
      /** @description The password was right; finish with auth.secondFactor, sending the code of one of these methods (the flow is held by a cookie for 15 minutes) */
      202: {
        content: {
          "application/json": {
            /** @enum {string} */
            next: "second_factor";
            /** @description The second factors the account may use (otp, sms, backup_code), the one to ask first leading */
            methods: string[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Second step of a console sign-in paused at the second factor: the code of one of its methods; sets the session cookie */
  "auth.secondFactor": {
    requestBody: {
      content: {
        "application/json": {
          /** @description Organization short name */
          organization: string;
          method: string;
          code: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            user: {
              id: string | null;
              username: string | null;
              /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
              privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
            };
            organization: {
              id: string;
              slug: string;
              name: string;
            };
            via: "console" | "api_token";
            /** @description What the caller may do (e.g. users.manage, settings.manage), so clients show only that; the API still checks every request. */
            permissions: ("organizations.create" | "organizations.read" | "settings.manage" | "users.read" | "users.manage" | "users.delete" | "sessions.manage" | "invitations.send" | "api_tokens.manage" | "audit.read" | "outbox.read" | "recovery_codes.issue")[];
            csrfToken: string | null;
            aal: number | null;
            /** @description How the console session was opened (amr values, e.g. pwd); empty for an API token */
            methods: string[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      429: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Text a code for the second step of a paused console sign-in to the verified recovery phone (throttled per account) */
  "auth.secondFactorSms": {
    requestBody: {
      content: {
        "application/json": {
          /** @description Organization short name */
          organization: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description The masked number the code went to */
            sentTo: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      429: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Who is calling, and the CSRF token of a console session */
  "auth.me": {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            user: {
              id: string | null;
              username: string | null;
              /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
              privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
            };
            organization: {
              id: string;
              slug: string;
              name: string;
            };
            via: "console" | "api_token";
            /** @description What the caller may do (e.g. users.manage, settings.manage), so clients show only that; the API still checks every request. */
            permissions: ("organizations.create" | "organizations.read" | "settings.manage" | "users.read" | "users.manage" | "users.delete" | "sessions.manage" | "invitations.send" | "api_tokens.manage" | "audit.read" | "outbox.read" | "recovery_codes.issue")[];
            csrfToken: string | null;
            aal: number | null;
            /** @description How the console session was opened (amr values, e.g. pwd); empty for an API token */
            methods: string[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /**
   * Prove your credentials again in this console session (step-up): the password, and a code of your authenticator app or a backup code when you have one
   * @description Changing your factors, recovery phone, sessions or devices needs a session that proved the credentials within REAUTHENTICATION_WINDOW_MINUTES; those routes answer 403 auth.reauthentication_required otherwise. Wrong answers count toward the sign-in throttle (401 auth.invalid_credentials, 429 auth.throttled).
   */
  "auth.reauthenticate": {
    requestBody: {
      content: {
        "application/json": {
          password: string;
          method?: "otp" | "backup_code";
          code?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      429: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** End the console session */
  "auth.logout": {
    responses: {
      /** @description Default Response */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** List organizations you can see */
  "organizations.list": {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                slug: string;
                name: string;
                settings: {
                  mfa: {
                    /** @description optional: people may add a second factor; required: everyone must, and one without is made to enroll an authenticator app at the next sign-in. */
                    policy: "optional" | "required";
                    /** @description SMS codes to the verified recovery phone may serve as a second factor. SMS is a restricted authenticator (NIST SP 800-63B-4): numbers can be ported or intercepted. */
                    smsAllowed: boolean;
                  };
                  invitation: {
                    /** @description Admins may invite users to set their own password. */
                    enabled: boolean;
                    /** @description How invitations are delivered: a link by email, a code by email, or a code by SMS. */
                    method: "email_link" | "email_otp" | "sms_otp";
                    /** @description Invitation lifetime in minutes: -1 never expires; 0 expires immediately, so no invitation is sent while it is set (invitation.expires_immediately). */
                    expiryMinutes: number;
                    /** @description While an invitation is pending, the account can only be used through it. */
                    lockUntilPasswordSet: boolean;
                    /** @description Email the user when their account becomes active. */
                    sendActivationNotice: boolean;
                    /** @description Send one reminder this many minutes before the invitation expires (0 = no reminder). */
                    reminderMinutesBefore: number;
                    otp: {
                      /** @description Codes may contain A–Z. */
                      uppercase: boolean;
                      /** @description Codes may contain a–z. */
                      lowercase: boolean;
                      /** @description Codes may contain 0–9. */
                      digits: boolean;
                      /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                      length: number;
                    };
                  };
                  recovery: {
                    /** @description Allow password reset via email: a link or a code to the account's email address. */
                    email: boolean;
                    /** @description Allow reset by SMS: a code to the user's verified recovery phone (password, or the authenticator). */
                    sms: boolean;
                    /** @description The user must type a code delivered to them; an emailed link alone does not reset the password. */
                    requireCode: boolean;
                    /** @description How long a reset link or code works, in minutes. */
                    expiryMinutes: number;
                    otp: {
                      /** @description Codes may contain A–Z. */
                      uppercase: boolean;
                      /** @description Codes may contain a–z. */
                      lowercase: boolean;
                      /** @description Codes may contain 0–9. */
                      digits: boolean;
                      /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                      length: number;
                    };
                  };
                  passwordPolicy: {
                    /** @description Shortest accepted password: at least 15 when the password is the only factor; 8 only while a second factor is required. */
                    minLength: number;
                    /** @description Longest accepted password (at least 64). */
                    maxLength: number;
                    /** @description A new password may not equal any of the last N (0 = off). */
                    historyCount: number;
                    /** @description Passwords older than this must be changed at the next sign-in (0 = never). */
                    maxAgeDays: number;
                  };
                  temporaryPassword: {
                    /** @description A temporary password stops working after this many days. */
                    expiryDays: number;
                  };
                  /** @description Subscription limit of non-disabled users (null = unlimited). */
                  userLimit: number | null;
                  /** @description Users sign in through the organization SSO only: password onboarding is refused. */
                  ssoEnforced: boolean;
                  recoveryPhone: {
                    /** @description The country (ISO 3166-1 alpha-2, e.g. CH) the recovery-phone form starts on for a user who has no phone yet. */
                    defaultCountry: string;
                  };
                  login: {
                    /** @description PIN-code sign-up: off; all_clients (the sign-in page and the API for other clients); web_only (the sign-in page only, the API refuses). */
                    pinSignUp: "off" | "all_clients" | "web_only";
                  };
                  devices: {
                    /** @description How many remembered devices (browsers, clients) each user may sign in from, unless the user has a limit of their own; a sign-in from a new device beyond it is refused (null = unlimited). */
                    defaultLimit: number | null;
                  };
                  impersonation: {
                    /** @description How long an impersonation session lasts before it stops by itself, in minutes. */
                    maxMinutes: number;
                    /** @description Email the user after an administrator signed in as them (who, when, why). */
                    notifyUser: boolean;
                  };
                  /** @description Name of this environment (e.g. PROD, TEST; letters, digits, _ and -): available to every message template as `environment`, and needed before the default layouts can be imported under names. */
                  environmentName: string | null;
                  /**
                   * @description Language of the organization's pages for a browser that asks for none supported, and of messages to users who chose none: en, es, ja.
                   * @enum {string}
                   */
                  defaultLocale: "en" | "es" | "ja";
                };
                /** Format: date-time */
                createdAt: string;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Create an organization (platform admin) */
  "organizations.create": {
    requestBody: {
      content: {
        "application/json": {
          /** @description Organization short name */
          slug: string;
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            slug: string;
            name: string;
            settings: {
              mfa: {
                /** @description optional: people may add a second factor; required: everyone must, and one without is made to enroll an authenticator app at the next sign-in. */
                policy: "optional" | "required";
                /** @description SMS codes to the verified recovery phone may serve as a second factor. SMS is a restricted authenticator (NIST SP 800-63B-4): numbers can be ported or intercepted. */
                smsAllowed: boolean;
              };
              invitation: {
                /** @description Admins may invite users to set their own password. */
                enabled: boolean;
                /** @description How invitations are delivered: a link by email, a code by email, or a code by SMS. */
                method: "email_link" | "email_otp" | "sms_otp";
                /** @description Invitation lifetime in minutes: -1 never expires; 0 expires immediately, so no invitation is sent while it is set (invitation.expires_immediately). */
                expiryMinutes: number;
                /** @description While an invitation is pending, the account can only be used through it. */
                lockUntilPasswordSet: boolean;
                /** @description Email the user when their account becomes active. */
                sendActivationNotice: boolean;
                /** @description Send one reminder this many minutes before the invitation expires (0 = no reminder). */
                reminderMinutesBefore: number;
                otp: {
                  /** @description Codes may contain A–Z. */
                  uppercase: boolean;
                  /** @description Codes may contain a–z. */
                  lowercase: boolean;
                  /** @description Codes may contain 0–9. */
                  digits: boolean;
                  /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                  length: number;
                };
              };
              recovery: {
                /** @description Allow password reset via email: a link or a code to the account's email address. */
                email: boolean;
                /** @description Allow reset by SMS: a code to the user's verified recovery phone (password, or the authenticator). */
                sms: boolean;
                /** @description The user must type a code delivered to them; an emailed link alone does not reset the password. */
                requireCode: boolean;
                /** @description How long a reset link or code works, in minutes. */
                expiryMinutes: number;
                otp: {
                  /** @description Codes may contain A–Z. */
                  uppercase: boolean;
                  /** @description Codes may contain a–z. */
                  lowercase: boolean;
                  /** @description Codes may contain 0–9. */
                  digits: boolean;
                  /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                  length: number;
                };
              };
              passwordPolicy: {
                /** @description Shortest accepted password: at least 15 when the password is the only factor; 8 only while a second factor is required. */
                minLength: number;
                /** @description Longest accepted password (at least 64). */
                maxLength: number;
                /** @description A new password may not equal any of the last N (0 = off). */
                historyCount: number;
                /** @description Passwords older than this must be changed at the next sign-in (0 = never). */
                maxAgeDays: number;
              };
              temporaryPassword: {
                /** @description A temporary password stops working after this many days. */
                expiryDays: number;
              };
              /** @description Subscription limit of non-disabled users (null = unlimited). */
              userLimit: number | null;
              /** @description Users sign in through the organization SSO only: password onboarding is refused. */
              ssoEnforced: boolean;
              recoveryPhone: {
                /** @description The country (ISO 3166-1 alpha-2, e.g. CH) the recovery-phone form starts on for a user who has no phone yet. */
                defaultCountry: string;
              };
              login: {
                /** @description PIN-code sign-up: off; all_clients (the sign-in page and the API for other clients); web_only (the sign-in page only, the API refuses). */
                pinSignUp: "off" | "all_clients" | "web_only";
              };
              devices: {
                /** @description How many remembered devices (browsers, clients) each user may sign in from, unless the user has a limit of their own; a sign-in from a new device beyond it is refused (null = unlimited). */
                defaultLimit: number | null;
              };
              impersonation: {
                /** @description How long an impersonation session lasts before it stops by itself, in minutes. */
                maxMinutes: number;
                /** @description Email the user after an administrator signed in as them (who, when, why). */
                notifyUser: boolean;
              };
              /** @description Name of this environment (e.g. PROD, TEST; letters, digits, _ and -): available to every message template as `environment`, and needed before the default layouts can be imported under names. */
              environmentName: string | null;
              /**
               * @description Language of the organization's pages for a browser that asks for none supported, and of messages to users who chose none: en, es, ja.
               * @enum {string}
               */
              defaultLocale: "en" | "es" | "ja";
            };
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Get an organization with its effective settings */
  "organizations.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            slug: string;
            name: string;
            settings: {
              mfa: {
                /** @description optional: people may add a second factor; required: everyone must, and one without is made to enroll an authenticator app at the next sign-in. */
                policy: "optional" | "required";
                /** @description SMS codes to the verified recovery phone may serve as a second factor. SMS is a restricted authenticator (NIST SP 800-63B-4): numbers can be ported or intercepted. */
                smsAllowed: boolean;
              };
              invitation: {
                /** @description Admins may invite users to set their own password. */
                enabled: boolean;
                /** @description How invitations are delivered: a link by email, a code by email, or a code by SMS. */
                method: "email_link" | "email_otp" | "sms_otp";
                /** @description Invitation lifetime in minutes: -1 never expires; 0 expires immediately, so no invitation is sent while it is set (invitation.expires_immediately). */
                expiryMinutes: number;
                /** @description While an invitation is pending, the account can only be used through it. */
                lockUntilPasswordSet: boolean;
                /** @description Email the user when their account becomes active. */
                sendActivationNotice: boolean;
                /** @description Send one reminder this many minutes before the invitation expires (0 = no reminder). */
                reminderMinutesBefore: number;
                otp: {
                  /** @description Codes may contain A–Z. */
                  uppercase: boolean;
                  /** @description Codes may contain a–z. */
                  lowercase: boolean;
                  /** @description Codes may contain 0–9. */
                  digits: boolean;
                  /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                  length: number;
                };
              };
              recovery: {
                /** @description Allow password reset via email: a link or a code to the account's email address. */
                email: boolean;
                /** @description Allow reset by SMS: a code to the user's verified recovery phone (password, or the authenticator). */
                sms: boolean;
                /** @description The user must type a code delivered to them; an emailed link alone does not reset the password. */
                requireCode: boolean;
                /** @description How long a reset link or code works, in minutes. */
                expiryMinutes: number;
                otp: {
                  /** @description Codes may contain A–Z. */
                  uppercase: boolean;
                  /** @description Codes may contain a–z. */
                  lowercase: boolean;
                  /** @description Codes may contain 0–9. */
                  digits: boolean;
                  /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                  length: number;
                };
              };
              passwordPolicy: {
                /** @description Shortest accepted password: at least 15 when the password is the only factor; 8 only while a second factor is required. */
                minLength: number;
                /** @description Longest accepted password (at least 64). */
                maxLength: number;
                /** @description A new password may not equal any of the last N (0 = off). */
                historyCount: number;
                /** @description Passwords older than this must be changed at the next sign-in (0 = never). */
                maxAgeDays: number;
              };
              temporaryPassword: {
                /** @description A temporary password stops working after this many days. */
                expiryDays: number;
              };
              /** @description Subscription limit of non-disabled users (null = unlimited). */
              userLimit: number | null;
              /** @description Users sign in through the organization SSO only: password onboarding is refused. */
              ssoEnforced: boolean;
              recoveryPhone: {
                /** @description The country (ISO 3166-1 alpha-2, e.g. CH) the recovery-phone form starts on for a user who has no phone yet. */
                defaultCountry: string;
              };
              login: {
                /** @description PIN-code sign-up: off; all_clients (the sign-in page and the API for other clients); web_only (the sign-in page only, the API refuses). */
                pinSignUp: "off" | "all_clients" | "web_only";
              };
              devices: {
                /** @description How many remembered devices (browsers, clients) each user may sign in from, unless the user has a limit of their own; a sign-in from a new device beyond it is refused (null = unlimited). */
                defaultLimit: number | null;
              };
              impersonation: {
                /** @description How long an impersonation session lasts before it stops by itself, in minutes. */
                maxMinutes: number;
                /** @description Email the user after an administrator signed in as them (who, when, why). */
                notifyUser: boolean;
              };
              /** @description Name of this environment (e.g. PROD, TEST; letters, digits, _ and -): available to every message template as `environment`, and needed before the default layouts can be imported under names. */
              environmentName: string | null;
              /**
               * @description Language of the organization's pages for a browser that asks for none supported, and of messages to users who chose none: en, es, ja.
               * @enum {string}
               */
              defaultLocale: "en" | "es" | "ja";
            };
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Rename an organization or change its settings */
  "organizations.update": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          name?: string;
          settings?: {
            mfa?: {
              /** @description optional: people may add a second factor; required: everyone must, and one without is made to enroll an authenticator app at the next sign-in. */
              policy?: "optional" | "required";
              /** @description SMS codes to the verified recovery phone may serve as a second factor. SMS is a restricted authenticator (NIST SP 800-63B-4): numbers can be ported or intercepted. */
              smsAllowed?: boolean;
            };
            invitation?: {
              /** @description Admins may invite users to set their own password. */
              enabled?: boolean;
              /** @description How invitations are delivered: a link by email, a code by email, or a code by SMS. */
              method?: "email_link" | "email_otp" | "sms_otp";
              /** @description Invitation lifetime in minutes: -1 never expires; 0 expires immediately, so no invitation is sent while it is set (invitation.expires_immediately). */
              expiryMinutes?: number;
              /** @description While an invitation is pending, the account can only be used through it. */
              lockUntilPasswordSet?: boolean;
              /** @description Email the user when their account becomes active. */
              sendActivationNotice?: boolean;
              /** @description Send one reminder this many minutes before the invitation expires (0 = no reminder). */
              reminderMinutesBefore?: number;
              otp?: {
                /** @description Codes may contain A–Z. */
                uppercase?: boolean;
                /** @description Codes may contain a–z. */
                lowercase?: boolean;
                /** @description Codes may contain 0–9. */
                digits?: boolean;
                /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                length?: number;
              };
            };
            recovery?: {
              /** @description Allow password reset via email: a link or a code to the account's email address. */
              email?: boolean;
              /** @description Allow reset by SMS: a code to the user's verified recovery phone (password, or the authenticator). */
              sms?: boolean;
              /** @description The user must type a code delivered to them; an emailed link alone does not reset the password. */
              requireCode?: boolean;
              /** @description How long a reset link or code works, in minutes. */
              expiryMinutes?: number;
              otp?: {
                /** @description Codes may contain A–Z. */
                uppercase?: boolean;
                /** @description Codes may contain a–z. */
                lowercase?: boolean;
                /** @description Codes may contain 0–9. */
                digits?: boolean;
                /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                length?: number;
              };
            };
            passwordPolicy?: {
              /** @description Shortest accepted password: at least 15 when the password is the only factor; 8 only while a second factor is required. */
              minLength?: number;
              /** @description Longest accepted password (at least 64). */
              maxLength?: number;
              /** @description A new password may not equal any of the last N (0 = off). */
              historyCount?: number;
              /** @description Passwords older than this must be changed at the next sign-in (0 = never). */
              maxAgeDays?: number;
            };
            temporaryPassword?: {
              /** @description A temporary password stops working after this many days. */
              expiryDays?: number;
            };
            /** @description Subscription limit of non-disabled users (null = unlimited). */
            userLimit?: number | null;
            /** @description Users sign in through the organization SSO only: password onboarding is refused. */
            ssoEnforced?: boolean;
            recoveryPhone?: {
              /** @description The country (ISO 3166-1 alpha-2, e.g. CH) the recovery-phone form starts on for a user who has no phone yet. */
              defaultCountry?: string;
            };
            login?: {
              /** @description PIN-code sign-up: off; all_clients (the sign-in page and the API for other clients); web_only (the sign-in page only, the API refuses). */
              pinSignUp?: "off" | "all_clients" | "web_only";
            };
            devices?: {
              /** @description How many remembered devices (browsers, clients) each user may sign in from, unless the user has a limit of their own; a sign-in from a new device beyond it is refused (null = unlimited). */
              defaultLimit?: number | null;
            };
            impersonation?: {
              /** @description How long an impersonation session lasts before it stops by itself, in minutes. */
              maxMinutes?: number;
              /** @description Email the user after an administrator signed in as them (who, when, why). */
              notifyUser?: boolean;
            };
            /** @description Name of this environment (e.g. PROD, TEST; letters, digits, _ and -): available to every message template as `environment`, and needed before the default layouts can be imported under names. */
            environmentName?: string | null;
            /**
             * @description Language of the organization's pages for a browser that asks for none supported, and of messages to users who chose none: en, es, ja.
             * @enum {string}
             */
            defaultLocale?: "en" | "es" | "ja";
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            slug: string;
            name: string;
            settings: {
              mfa: {
                /** @description optional: people may add a second factor; required: everyone must, and one without is made to enroll an authenticator app at the next sign-in. */
                policy: "optional" | "required";
                /** @description SMS codes to the verified recovery phone may serve as a second factor. SMS is a restricted authenticator (NIST SP 800-63B-4): numbers can be ported or intercepted. */
                smsAllowed: boolean;
              };
              invitation: {
                /** @description Admins may invite users to set their own password. */
                enabled: boolean;
                /** @description How invitations are delivered: a link by email, a code by email, or a code by SMS. */
                method: "email_link" | "email_otp" | "sms_otp";
                /** @description Invitation lifetime in minutes: -1 never expires; 0 expires immediately, so no invitation is sent while it is set (invitation.expires_immediately). */
                expiryMinutes: number;
                /** @description While an invitation is pending, the account can only be used through it. */
                lockUntilPasswordSet: boolean;
                /** @description Email the user when their account becomes active. */
                sendActivationNotice: boolean;
                /** @description Send one reminder this many minutes before the invitation expires (0 = no reminder). */
                reminderMinutesBefore: number;
                otp: {
                  /** @description Codes may contain A–Z. */
                  uppercase: boolean;
                  /** @description Codes may contain a–z. */
                  lowercase: boolean;
                  /** @description Codes may contain 0–9. */
                  digits: boolean;
                  /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                  length: number;
                };
              };
              recovery: {
                /** @description Allow password reset via email: a link or a code to the account's email address. */
                email: boolean;
                /** @description Allow reset by SMS: a code to the user's verified recovery phone (password, or the authenticator). */
                sms: boolean;
                /** @description The user must type a code delivered to them; an emailed link alone does not reset the password. */
                requireCode: boolean;
                /** @description How long a reset link or code works, in minutes. */
                expiryMinutes: number;
                otp: {
                  /** @description Codes may contain A–Z. */
                  uppercase: boolean;
                  /** @description Codes may contain a–z. */
                  lowercase: boolean;
                  /** @description Codes may contain 0–9. */
                  digits: boolean;
                  /** @description Code length (6–20: with 5 tries a 6-digit code is guessed 1 time in 200,000). */
                  length: number;
                };
              };
              passwordPolicy: {
                /** @description Shortest accepted password: at least 15 when the password is the only factor; 8 only while a second factor is required. */
                minLength: number;
                /** @description Longest accepted password (at least 64). */
                maxLength: number;
                /** @description A new password may not equal any of the last N (0 = off). */
                historyCount: number;
                /** @description Passwords older than this must be changed at the next sign-in (0 = never). */
                maxAgeDays: number;
              };
              temporaryPassword: {
                /** @description A temporary password stops working after this many days. */
                expiryDays: number;
              };
              /** @description Subscription limit of non-disabled users (null = unlimited). */
              userLimit: number | null;
              /** @description Users sign in through the organization SSO only: password onboarding is refused. */
              ssoEnforced: boolean;
              recoveryPhone: {
                /** @description The country (ISO 3166-1 alpha-2, e.g. CH) the recovery-phone form starts on for a user who has no phone yet. */
                defaultCountry: string;
              };
              login: {
                /** @description PIN-code sign-up: off; all_clients (the sign-in page and the API for other clients); web_only (the sign-in page only, the API refuses). */
                pinSignUp: "off" | "all_clients" | "web_only";
              };
              devices: {
                /** @description How many remembered devices (browsers, clients) each user may sign in from, unless the user has a limit of their own; a sign-in from a new device beyond it is refused (null = unlimited). */
                defaultLimit: number | null;
              };
              impersonation: {
                /** @description How long an impersonation session lasts before it stops by itself, in minutes. */
                maxMinutes: number;
                /** @description Email the user after an administrator signed in as them (who, when, why). */
                notifyUser: boolean;
              };
              /** @description Name of this environment (e.g. PROD, TEST; letters, digits, _ and -): available to every message template as `environment`, and needed before the default layouts can be imported under names. */
              environmentName: string | null;
              /**
               * @description Language of the organization's pages for a browser that asks for none supported, and of messages to users who chose none: en, es, ja.
               * @enum {string}
               */
              defaultLocale: "en" | "es" | "ja";
            };
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** List and search users */
  "users.list": {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
        /** @description Prefix of username or email */
        search?: string;
        status?: "pending" | "active" | "locked" | "disabled";
        /** @description Only users of this type (pin_holder: holds a sign-up PIN) */
        type?: "standard" | "pin_holder";
        /** @description Only members of this group (its id) */
        group?: string;
        /** @description enrolled: with an active second factor (authenticator app or SMS); not_enrolled: without one */
        mfa?: "enrolled" | "not_enrolled";
        /** @description failure_cap: password sign-in refused after the consecutive-failure cap, until an admin unlocks or a new password is set; now: every user who can't sign in right now for a lockout: the failure cap, status locked, or a temporary sign-in lockout that has not ended (the last with RATE_LIMIT_STORE memory or postgres; redis can't list its keys cheaply) */
        lockout?: "failure_cap" | "now";
        /** @description Onboarding stage of the latest invitation (not_invited: none was sent) */
        stage?: "not_invited" | "activated" | "revoked" | "superseded" | "exhausted" | "expired" | "opened" | "failed" | "delivered" | "queued";
        /** @description Order of the list: username (default), creation time, or last sign-in (never signed in counts as earliest) */
        sort?: "username" | "created" | "lastLogin";
        /** @description Direction of the sort (default asc) */
        order?: "asc" | "desc";
      };
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                organizationId: string;
                username: string;
                email: string | null;
                phone: string | null;
                firstName: string | null;
                lastName: string | null;
                attributes: {
                  [key: string]: unknown;
                };
                roles: string[];
                groups: string[];
                /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
                privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
                type: "standard" | "pin_holder";
                status: "pending" | "active" | "locked" | "disabled";
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
                lastLoginAt: string | null;
                passwordExpiresAt?: string | null;
                locale?: string | null;
                invitation?: ({
                  id: string;
                  userId: string;
                  method: "email_link" | "email_otp" | "sms_otp";
                  /**
                   * @description Stored state, with pending past its expiry shown as expired
                   * @enum {string}
                   */
                  state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
                  /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
                  stage?: string;
                  /** Format: date-time */
                  createdAt: string;
                  expiresAt: string | null;
                  openedAt: string | null;
                  finishedAt: string | null;
                  viewUrl?: string | null;
                  delivery?: ({
                    state: string;
                    attempts: number;
                    lastError: string | null;
                    sentAt: string | null;
                  }) | null;
                }) | null;
                lockout?: ({
                  until: string | null;
                  /**
                   * @description failures: temporary lockout after repeated failed sign-ins, until its end; failure_cap: the consecutive-failure cap was reached, no end until an admin unlocks or a new password is set
                   * @enum {string}
                   */
                  reason: "failures" | "failure_cap";
                }) | null;
              })[];
            nextCursor: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Create a user, optionally inviting them to set their own password */
  "users.create": {
    parameters: {
      header?: {
        /** @description Makes the call safe to retry: the same key with the same request returns the first answer (status and body, header Idempotent-Replayed: true) and creates nothing new; with another request it is refused (422 idempotency.key_reused); while the first is running, 409 idempotency.in_progress. Kept 24 hours per caller, organization and operation. */
        "idempotency-key"?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Letters, digits and . _ @ + - */
          username: string;
          /** Format: email */
          email?: string | null;
          /** @description International format (stored as E.164), e.g. +41 79 123 45 67 */
          phone?: string | null;
          firstName?: string | null;
          lastName?: string | null;
          attributes?: {
            [key: string]: unknown;
          };
          roles?: string[];
          groups?: string[];
          /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
          privilege?: "platform_admin" | "org_admin" | "helpdesk" | "user";
          /**
           * Format: date-time
           * @description After this instant the user must set a new password at sign-in
           */
          passwordExpiresAt?: string | null;
          locale?: ("en" | "es" | "ja") | null;
          /** @description Invite the user to set their own password */
          invite?: boolean;
          invitationMethod?: "email_link" | "email_otp" | "sms_otp";
          /** @description With invite: also return a one-time link to a printable sheet with the invitation link or code (works for users without email) */
          shareLink?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            organizationId: string;
            username: string;
            email: string | null;
            phone: string | null;
            firstName: string | null;
            lastName: string | null;
            attributes: {
              [key: string]: unknown;
            };
            roles: string[];
            groups: string[];
            /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
            privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
            type: "standard" | "pin_holder";
            status: "pending" | "active" | "locked" | "disabled";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            lastLoginAt: string | null;
            passwordExpiresAt?: string | null;
            locale?: string | null;
            invitation?: ({
              id: string;
              userId: string;
              method: "email_link" | "email_otp" | "sms_otp";
              /**
               * @description Stored state, with pending past its expiry shown as expired
               * @enum {string}
               */
              state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
              /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
              stage?: string;
              /** Format: date-time */
              createdAt: string;
              expiresAt: string | null;
              openedAt: string | null;
              finishedAt: string | null;
              viewUrl?: string | null;
              delivery?: ({
                state: string;
                attempts: number;
                lastError: string | null;
                sentAt: string | null;
              }) | null;
            }) | null;
            lockout?: ({
              until: string | null;
              /**
               * @description failures: temporary lockout after repeated failed sign-ins, until its end; failure_cap: the consecutive-failure cap was reached, no end until an admin unlocks or a new password is set
               * @enum {string}
               */
              reason: "failures" | "failure_cap";
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Get a user with their latest invitation */
  "users.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            organizationId: string;
            username: string;
            email: string | null;
            phone: string | null;
            firstName: string | null;
            lastName: string | null;
            attributes: {
              [key: string]: unknown;
            };
            roles: string[];
            groups: string[];
            /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
            privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
            type: "standard" | "pin_holder";
            status: "pending" | "active" | "locked" | "disabled";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            lastLoginAt: string | null;
            passwordExpiresAt?: string | null;
            locale?: string | null;
            invitation?: ({
              id: string;
              userId: string;
              method: "email_link" | "email_otp" | "sms_otp";
              /**
               * @description Stored state, with pending past its expiry shown as expired
               * @enum {string}
               */
              state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
              /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
              stage?: string;
              /** Format: date-time */
              createdAt: string;
              expiresAt: string | null;
              openedAt: string | null;
              finishedAt: string | null;
              viewUrl?: string | null;
              delivery?: ({
                state: string;
                attempts: number;
                lastError: string | null;
                sentAt: string | null;
              }) | null;
            }) | null;
            lockout?: ({
              until: string | null;
              /**
               * @description failures: temporary lockout after repeated failed sign-ins, until its end; failure_cap: the consecutive-failure cap was reached, no end until an admin unlocks or a new password is set
               * @enum {string}
               */
              reason: "failures" | "failure_cap";
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Delete a user with their credentials and sessions */
  "users.delete": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Edit a user */
  "users.update": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Letters, digits and . _ @ + - */
          username?: string;
          /** Format: email */
          email?: string | null;
          /** @description International format (stored as E.164), e.g. +41 79 123 45 67 */
          phone?: string | null;
          firstName?: string | null;
          lastName?: string | null;
          attributes?: {
            [key: string]: unknown;
          };
          roles?: string[];
          groups?: string[];
          /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
          privilege?: "platform_admin" | "org_admin" | "helpdesk" | "user";
          /**
           * Format: date-time
           * @description After this instant the user must set a new password at sign-in
           */
          passwordExpiresAt?: string | null;
          locale?: ("en" | "es" | "ja") | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            organizationId: string;
            username: string;
            email: string | null;
            phone: string | null;
            firstName: string | null;
            lastName: string | null;
            attributes: {
              [key: string]: unknown;
            };
            roles: string[];
            groups: string[];
            /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
            privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
            type: "standard" | "pin_holder";
            status: "pending" | "active" | "locked" | "disabled";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            lastLoginAt: string | null;
            passwordExpiresAt?: string | null;
            locale?: string | null;
            invitation?: ({
              id: string;
              userId: string;
              method: "email_link" | "email_otp" | "sms_otp";
              /**
               * @description Stored state, with pending past its expiry shown as expired
               * @enum {string}
               */
              state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
              /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
              stage?: string;
              /** Format: date-time */
              createdAt: string;
              expiresAt: string | null;
              openedAt: string | null;
              finishedAt: string | null;
              viewUrl?: string | null;
              delivery?: ({
                state: string;
                attempts: number;
                lastError: string | null;
                sentAt: string | null;
              }) | null;
            }) | null;
            lockout?: ({
              until: string | null;
              /**
               * @description failures: temporary lockout after repeated failed sign-ins, until its end; failure_cap: the consecutive-failure cap was reached, no end until an admin unlocks or a new password is set
               * @enum {string}
               */
              reason: "failures" | "failure_cap";
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Disable a user and end their sessions */
  "users.disable": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            organizationId: string;
            username: string;
            email: string | null;
            phone: string | null;
            firstName: string | null;
            lastName: string | null;
            attributes: {
              [key: string]: unknown;
            };
            roles: string[];
            groups: string[];
            /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
            privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
            type: "standard" | "pin_holder";
            status: "pending" | "active" | "locked" | "disabled";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            lastLoginAt: string | null;
            passwordExpiresAt?: string | null;
            locale?: string | null;
            invitation?: ({
              id: string;
              userId: string;
              method: "email_link" | "email_otp" | "sms_otp";
              /**
               * @description Stored state, with pending past its expiry shown as expired
               * @enum {string}
               */
              state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
              /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
              stage?: string;
              /** Format: date-time */
              createdAt: string;
              expiresAt: string | null;
              openedAt: string | null;
              finishedAt: string | null;
              viewUrl?: string | null;
              delivery?: ({
                state: string;
                attempts: number;
                lastError: string | null;
                sentAt: string | null;
              }) | null;
            }) | null;
            lockout?: ({
              until: string | null;
              /**
               * @description failures: temporary lockout after repeated failed sign-ins, until its end; failure_cap: the consecutive-failure cap was reached, no end until an admin unlocks or a new password is set
               * @enum {string}
               */
              reason: "failures" | "failure_cap";
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Enable a disabled user */
  "users.enable": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            organizationId: string;
            username: string;
            email: string | null;
            phone: string | null;
            firstName: string | null;
            lastName: string | null;
            attributes: {
              [key: string]: unknown;
            };
            roles: string[];
            groups: string[];
            /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
            privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
            type: "standard" | "pin_holder";
            status: "pending" | "active" | "locked" | "disabled";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            lastLoginAt: string | null;
            passwordExpiresAt?: string | null;
            locale?: string | null;
            invitation?: ({
              id: string;
              userId: string;
              method: "email_link" | "email_otp" | "sms_otp";
              /**
               * @description Stored state, with pending past its expiry shown as expired
               * @enum {string}
               */
              state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
              /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
              stage?: string;
              /** Format: date-time */
              createdAt: string;
              expiresAt: string | null;
              openedAt: string | null;
              finishedAt: string | null;
              viewUrl?: string | null;
              delivery?: ({
                state: string;
                attempts: number;
                lastError: string | null;
                sentAt: string | null;
              }) | null;
            }) | null;
            lockout?: ({
              until: string | null;
              /**
               * @description failures: temporary lockout after repeated failed sign-ins, until its end; failure_cap: the consecutive-failure cap was reached, no end until an admin unlocks or a new password is set
               * @enum {string}
               */
              reason: "failures" | "failure_cap";
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove user identity: delete the password and every factor (authenticator, backup codes, recovery phone, PIN); the user is pending like a new invitee and can be invited again; sessions end */
  "users.identity.remove": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            user: {
              id: string;
              organizationId: string;
              username: string;
              email: string | null;
              phone: string | null;
              firstName: string | null;
              lastName: string | null;
              attributes: {
                [key: string]: unknown;
              };
              roles: string[];
              groups: string[];
              /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
              privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
              type: "standard" | "pin_holder";
              status: "pending" | "active" | "locked" | "disabled";
              /** Format: date-time */
              createdAt: string;
              /** Format: date-time */
              updatedAt: string;
              lastLoginAt: string | null;
              passwordExpiresAt?: string | null;
              locale?: string | null;
              invitation?: ({
                id: string;
                userId: string;
                method: "email_link" | "email_otp" | "sms_otp";
                /**
                 * @description Stored state, with pending past its expiry shown as expired
                 * @enum {string}
                 */
                state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
                /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
                stage?: string;
                /** Format: date-time */
                createdAt: string;
                expiresAt: string | null;
                openedAt: string | null;
                finishedAt: string | null;
                viewUrl?: string | null;
                delivery?: ({
                  state: string;
                  attempts: number;
                  lastError: string | null;
                  sentAt: string | null;
                }) | null;
              }) | null;
              lockout?: ({
                until: string | null;
                /**
                 * @description failures: temporary lockout after repeated failed sign-ins, until its end; failure_cap: the consecutive-failure cap was reached, no end until an admin unlocks or a new password is set
                 * @enum {string}
                 */
                reason: "failures" | "failure_cap";
              }) | null;
            };
            removed: {
              password: boolean;
              /** @description Second factors deleted (authenticator apps, SMS) */
              factors: number;
              backupCodes: number;
              recoveryPhone: boolean;
              pinCode: boolean;
              /** @description Pending password resets (links, codes, helpdesk codes) revoked */
              resetRequests: number;
              /** @description Every session and paused sign-in ended */
              sessions: boolean;
            };
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Set (or clear) the date after which the password no longer signs in; the user is emailed the date and the steps */
  "users.passwordExpiry.set": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: date-time
           * @description After this instant the password no longer signs in as is: the next sign-in with it must set a new one. null clears it.
           */
          expiresAt: string | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            organizationId: string;
            username: string;
            email: string | null;
            phone: string | null;
            firstName: string | null;
            lastName: string | null;
            attributes: {
              [key: string]: unknown;
            };
            roles: string[];
            groups: string[];
            /** @description Admin privilege: platform_admin, org_admin (user management), helpdesk, or user */
            privilege: "platform_admin" | "org_admin" | "helpdesk" | "user";
            type: "standard" | "pin_holder";
            status: "pending" | "active" | "locked" | "disabled";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            lastLoginAt: string | null;
            passwordExpiresAt?: string | null;
            locale?: string | null;
            invitation?: ({
              id: string;
              userId: string;
              method: "email_link" | "email_otp" | "sms_otp";
              /**
               * @description Stored state, with pending past its expiry shown as expired
               * @enum {string}
               */
              state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
              /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
              stage?: string;
              /** Format: date-time */
              createdAt: string;
              expiresAt: string | null;
              openedAt: string | null;
              finishedAt: string | null;
              viewUrl?: string | null;
              delivery?: ({
                state: string;
                attempts: number;
                lastError: string | null;
                sentAt: string | null;
              }) | null;
            }) | null;
            lockout?: ({
              until: string | null;
              /**
               * @description failures: temporary lockout after repeated failed sign-ins, until its end; failure_cap: the consecutive-failure cap was reached, no end until an admin unlocks or a new password is set
               * @enum {string}
               */
              reason: "failures" | "failure_cap";
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Clear sign-in lockouts of a user (temporary lockout and failure cap); idempotent */
  "users.unlock": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Whether the user was locked out before this call */
            unlocked: boolean;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Send (or resend) an invitation; earlier links of the user stop working. Without a method, the method of the latest invitation is kept (the organization default for a first one) */
  "invitations.resend": {
    parameters: {
      header?: {
        /** @description Makes the call safe to retry: the same key with the same request returns the first answer (status and body, header Idempotent-Replayed: true) and creates nothing new; with another request it is refused (422 idempotency.key_reused); while the first is running, 409 idempotency.in_progress. Kept 24 hours per caller, organization and operation. */
        "idempotency-key"?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          method?: "email_link" | "email_otp" | "sms_otp";
          /** @description Also return a one-time link to a printable sheet with the invitation link or code */
          shareLink?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            userId: string;
            method: "email_link" | "email_otp" | "sms_otp";
            /**
             * @description Stored state, with pending past its expiry shown as expired
             * @enum {string}
             */
            state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
            /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
            stage?: string;
            /** Format: date-time */
            createdAt: string;
            expiresAt: string | null;
            openedAt: string | null;
            finishedAt: string | null;
            viewUrl?: string | null;
            delivery?: ({
              state: string;
              attempts: number;
              lastError: string | null;
              sentAt: string | null;
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Revoke a pending invitation: its link or code stops working */
  "invitations.revoke": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            userId: string;
            method: "email_link" | "email_otp" | "sms_otp";
            /**
             * @description Stored state, with pending past its expiry shown as expired
             * @enum {string}
             */
            state: "pending" | "expired" | "accepted" | "superseded" | "revoked" | "exhausted";
            /** @description Where it stands for people: queued, delivered, failed, opened, activated, expired, revoked, superseded, exhausted */
            stage?: string;
            /** Format: date-time */
            createdAt: string;
            expiresAt: string | null;
            openedAt: string | null;
            finishedAt: string | null;
            viewUrl?: string | null;
            delivery?: ({
              state: string;
              attempts: number;
              lastError: string | null;
              sentAt: string | null;
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Users who never set a password, with where their invitation stands, and the funnel */
  "onboarding.list": {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
        stage?: "not_invited" | "queued" | "delivered" | "failed" | "opened" | "activated" | "expired" | "revoked" | "superseded" | "exhausted";
      };
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                userId: string;
                username: string;
                email: string | null;
                phone: string | null;
                /** Format: date-time */
                userCreatedAt: string;
                invitationId: string | null;
                method: string | null;
                /** @enum {string} */
                stage: "not_invited" | "queued" | "delivered" | "failed" | "opened" | "activated" | "expired" | "revoked" | "superseded" | "exhausted";
                sentAt: string | null;
                expiresAt: string | null;
                openedAt: string | null;
                deliveryError: string | null;
                ageSeconds: number | null;
              })[];
            nextCursor: string | null;
            funnel: {
              invited: number;
              delivered: number;
              opened: number;
              activated: number;
              expired: number;
              failed: number;
            };
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Resend invitations to many pending users; each keeps its latest method unless method is given; each gets its own result */
  "onboarding.resend": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          userIds: string[];
          method?: "email_link" | "email_otp" | "sms_otp";
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            results: ({
                userId: string;
                ok: boolean;
                invitationId: string | null;
                method: ("email_link" | "email_otp" | "sms_otp") | null;
                code: string | null;
                message: string | null;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /**
   * Reset a user's password (temporary by default)
   * @description Refused unless the caller holds the user-management privilege over the user, the organization does not enforce SSO, and its user limit is not exceeded. Ends the user’s sessions and pending invitations.
   */
  "users.resetPassword": {
    parameters: {
      header?: {
        /** @description Makes the call safe to retry: the same key with the same request returns the first answer (status and body, header Idempotent-Replayed: true) and creates nothing new; with another request it is refused (422 idempotency.key_reused); while the first is running, 409 idempotency.in_progress. Kept 24 hours per caller, organization and operation. */
        "idempotency-key"?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description A password the admin chose. Exactly one of password and generate. */
          password?: string;
          /** @description Generate a random password (recommended): 20 symbols from a 31-symbol alphabet without look-alikes, about 99 bits, returned once as password. Exactly one of password and generate. */
          generate?: boolean;
          /** @description When sent, must equal password (not with generate) */
          confirm?: string;
          /**
           * @description Must be changed at the next sign-in, and expires (default true)
           * @default true
           */
          temporary?: boolean;
          /** @description Also return a one-time link that shows the password once (24 h) */
          shareLink?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            temporary: boolean;
            expiresAt: string | null;
            viewUrl: string | null;
            loginUrl: string;
            username: string;
            /** @description Only with generate: the generated password. Shown this once; it cannot be read again. */
            password?: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** The server address users need for their first sign-in */
  "support.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            serverUrl: string;
            loginUrl: string;
            forgotPasswordUrl: string;
            organization: {
              slug: string;
              name: string;
            };
            /** @description PNG data URL of a QR code of loginUrl */
            qrCode: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Send the user a password reset by the organization's reset options (email link, with a code when required; else an SMS code to the verified recovery phone). Earlier resets of the user stop working */
  "users.passwordReset.send": {
    parameters: {
      header?: {
        /** @description Makes the call safe to retry: the same key with the same request returns the first answer (status and body, header Idempotent-Replayed: true) and creates nothing new; with another request it is refused (422 idempotency.key_reused); while the first is running, 409 idempotency.in_progress. Kept 24 hours per caller, organization and operation. */
        "idempotency-key"?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            requestId: string;
            userId: string;
            /** @enum {string} */
            channel: "email_link" | "email_code" | "sms_code";
            /** @description The email holds a code the page of the link asks for (require code to reset). */
            codeRequired: boolean;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Issue a helpdesk recovery code for a caller whose identity you verified (helpdesk and up, toward a lower privilege): one-time, valid HELPDESK_RECOVERY_CODE_MINUTES (15 by default), shown only in this answer. The user redeems it on the recovery pages with a new password; a second factor is reset for re-enrollment */
  "recoveryCodes.issue": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description How the caller's identity was verified (e.g. "called back on the number in HR records"); kept in the audit event */
          note: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            requestId: string;
            userId: string;
            /** @description Shown only in this answer: read it to the caller. Never stored in the clear, never shown again. */
            code: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** List API tokens (never their secrets) */
  "apiTokens.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                name: string;
                privilege: "platform_admin" | "org_admin" | "helpdesk";
                /** @description First characters of the token, to recognise it */
                prefix: string;
                /** Format: date-time */
                createdAt: string;
                lastUsedAt: string | null;
                expiresAt: string | null;
                revokedAt: string | null;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Create an API token; the secret is in this response only */
  "apiTokens.create": {
    parameters: {
      header?: {
        /** @description Makes the call safe to retry: the same key with the same request returns the first answer (status and body, header Idempotent-Replayed: true) and creates nothing new; with another request it is refused (422 idempotency.key_reused); while the first is running, 409 idempotency.in_progress. Kept 24 hours per caller, organization and operation. */
        "idempotency-key"?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          name: string;
          privilege?: "platform_admin" | "org_admin" | "helpdesk";
          /** Format: date-time */
          expiresAt?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            name: string;
            privilege: "platform_admin" | "org_admin" | "helpdesk";
            /** @description First characters of the token, to recognise it */
            prefix: string;
            /** Format: date-time */
            createdAt: string;
            lastUsedAt: string | null;
            expiresAt: string | null;
            revokedAt: string | null;
            /** @description The secret: shown only in this response */
            token: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Revoke an API token at once */
  "apiTokens.revoke": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            name: string;
            privilege: "platform_admin" | "org_admin" | "helpdesk";
            /** @description First characters of the token, to recognise it */
            prefix: string;
            /** Format: date-time */
            createdAt: string;
            lastUsedAt: string | null;
            expiresAt: string | null;
            revokedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Messages of the organization, newest first, with their delivery state */
  "outbox.list": {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
        state?: "queued" | "sending" | "sent" | "failed";
      };
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                channel: string;
                kind: string;
                recipient: string;
                subject: string | null;
                textBody: string;
                htmlBody: string | null;
                state: string;
                attempts: number;
                lastError: string | null;
                transport: string | null;
                userId: string | null;
                /** Format: date-time */
                createdAt: string;
                sentAt: string | null;
              })[];
            nextCursor: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** One message with its bodies */
  "outbox.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            channel: string;
            kind: string;
            recipient: string;
            subject: string | null;
            textBody: string;
            htmlBody: string | null;
            state: string;
            attempts: number;
            lastError: string | null;
            transport: string | null;
            userId: string | null;
            /** Format: date-time */
            createdAt: string;
            sentAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** The organization's own SMTP server (never its password) */
  "organizations.smtp.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Whether the organization has its own SMTP server saved */
            configured: boolean;
            /** @description When off (or not configured), its email leaves through the global SMTP server */
            enabled: boolean;
            host: string | null;
            port: number;
            /** @enum {string} */
            tlsMode: "starttls" | "tls" | "none";
            username: string | null;
            /** @description Whether a password is stored; the password itself is never returned */
            passwordSet: boolean;
            from: string | null;
            updatedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove its SMTP server: email leaves through the global one again */
  "organizations.smtp.delete": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Set the SMTP server its email leaves through; fields left out keep their values */
  "organizations.smtp.update": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          enabled?: boolean;
          /** @description Host name or IP address of the SMTP server */
          host?: string;
          port?: number;
          /**
           * @description starttls: upgrade or refuse (587); tls: TLS from the start (465); none: never encrypt
           * @enum {string}
           */
          tlsMode?: "starttls" | "tls" | "none";
          username?: string | null;
          /** @description Left out: the stored password stays; null: no password */
          password?: string | null;
          /** @description From address: addr@example.com or Name <addr@example.com> */
          from?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Whether the organization has its own SMTP server saved */
            configured: boolean;
            /** @description When off (or not configured), its email leaves through the global SMTP server */
            enabled: boolean;
            host: string | null;
            port: number;
            /** @enum {string} */
            tlsMode: "starttls" | "tls" | "none";
            username: string | null;
            /** @description Whether a password is stored; the password itself is never returned */
            passwordSet: boolean;
            from: string | null;
            updatedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Send a test email with the saved settings or a draft, and get the SMTP server's answer */
  "organizations.smtp.test": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: email
           * @description Where the test message goes
           */
          to: string;
          settings?: {
            enabled?: boolean;
            /** @description Host name or IP address of the SMTP server */
            host?: string;
            port?: number;
            /**
             * @description starttls: upgrade or refuse (587); tls: TLS from the start (465); none: never encrypt
             * @enum {string}
             */
            tlsMode?: "starttls" | "tls" | "none";
            username?: string | null;
            /** @description Left out: the stored password stays; null: no password */
            password?: string | null;
            /** @description From address: addr@example.com or Name <addr@example.com> */
            from?: string;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Whether the server or provider accepted the message */
            delivered: boolean;
            /** @description What happened, in words */
            message: string;
            /** @enum {string} */
            outcome: "accepted" | "rejected" | "connection_refused" | "timeout" | "tls" | "auth" | "dns" | "error";
            responseCode: number | null;
            response: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** The organization's own SMS provider (never its secret) */
  "organizations.sms.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            configured: boolean;
            /** @description When off (or not configured), its text messages leave through the global provider */
            enabled: boolean;
            provider: ("webhook" | "twilio") | null;
            url: string | null;
            baseUrl: string | null;
            accountSid: string | null;
            from: string | null;
            /** @description Whether the webhook secret or auth token is stored; it is never returned */
            secretSet: boolean;
            updatedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove its SMS provider: text messages leave through the global one again */
  "organizations.sms.delete": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Set the SMS provider its text messages leave through; fields left out keep their values */
  "organizations.sms.update": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          enabled?: boolean;
          /** @enum {string} */
          provider?: "webhook" | "twilio";
          url?: string;
          baseUrl?: string;
          accountSid?: string;
          from?: string;
          /** @description Webhook signing secret or Twilio auth token. Left out: the stored one stays (a new one is needed when the provider changes) */
          secret?: string | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            configured: boolean;
            /** @description When off (or not configured), its text messages leave through the global provider */
            enabled: boolean;
            provider: ("webhook" | "twilio") | null;
            url: string | null;
            baseUrl: string | null;
            accountSid: string | null;
            from: string | null;
            /** @description Whether the webhook secret or auth token is stored; it is never returned */
            secretSet: boolean;
            updatedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Send a test text with the saved settings or a draft, and get the provider's answer */
  "organizations.sms.test": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Phone number in international format */
          to: string;
          settings?: {
            enabled?: boolean;
            /** @enum {string} */
            provider?: "webhook" | "twilio";
            url?: string;
            baseUrl?: string;
            accountSid?: string;
            from?: string;
            /** @description Webhook signing secret or Twilio auth token. Left out: the stored one stays (a new one is needed when the provider changes) */
            secret?: string | null;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Whether the server or provider accepted the message */
            delivered: boolean;
            /** @description What happened, in words */
            message: string;
            /** @enum {string} */
            outcome: "accepted" | "rejected" | "connection_refused" | "timeout" | "error";
            status: number | null;
            body: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Search the audit log, newest first */
  "auditEvents.list": {
    parameters: {
      query?: {
        /** @description Exact action (user.created) or a prefix: login.*, login. or login */
        action?: string;
        /** @description Events of this actor (user or API token id) */
        actorId?: string;
        /** @description Events done by this administrator while impersonating someone */
        impersonatorId?: string;
        /** @description Events done to this user, group or token */
        targetId?: string;
        /** @description Events at or after this instant */
        since?: string;
        /** @description Events before this instant */
        until?: string;
        limit?: number;
        cursor?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** Format: date-time */
                occurredAt: string;
                action: string;
                actor: {
                  type: string;
                  id: string | null;
                  label: string | null;
                };
                impersonatorId: string | null;
                impersonatorLabel: string | null;
                target: ({
                  type: string;
                  id: string | null;
                }) | null;
                ip: string | null;
                userAgent: string | null;
                data: {
                  [key: string]: unknown;
                };
              })[];
            nextCursor: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Export the audit log as JSON lines (one event per line, newest first), streamed; the same filters as the search */
  "auditEvents.export": {
    parameters: {
      query?: {
        /** @description Exact action (user.created) or a prefix: login.*, login. or login */
        action?: string;
        /** @description Events of this actor (user or API token id) */
        actorId?: string;
        /** @description Events done by this administrator while impersonating someone */
        impersonatorId?: string;
        /** @description Events done to this user, group or token */
        targetId?: string;
        /** @description Events at or after this instant */
        since?: string;
        /** @description Events before this instant */
        until?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description One event per line, as the search answers them */
      200: {
        content: {
          "application/x-ndjson": {
            id: string;
            /** Format: date-time */
            occurredAt: string;
            action: string;
            actor: {
              type: string;
              id: string | null;
              label: string | null;
            };
            impersonatorId: string | null;
            impersonatorLabel: string | null;
            target: ({
              type: string;
              id: string | null;
            }) | null;
            ip: string | null;
            userAgent: string | null;
            data: {
              [key: string]: unknown;
            };
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/x-ndjson": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/x-ndjson": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/x-ndjson": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/x-ndjson": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Search the audit log of your organization (platform admins name one with `organization`) */
  "auditEvents.search": {
    parameters: {
      query?: {
        /** @description Exact action (user.created) or a prefix: login.*, login. or login */
        action?: string;
        /** @description Events of this actor (user or API token id) */
        actorId?: string;
        /** @description Events done by this administrator while impersonating someone */
        impersonatorId?: string;
        /** @description Events done to this user, group or token */
        targetId?: string;
        /** @description Events at or after this instant */
        since?: string;
        /** @description Events before this instant */
        until?: string;
        limit?: number;
        cursor?: string;
        /** @description Organization short name */
        organization?: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** Format: date-time */
                occurredAt: string;
                action: string;
                actor: {
                  type: string;
                  id: string | null;
                  label: string | null;
                };
                impersonatorId: string | null;
                impersonatorLabel: string | null;
                target: ({
                  type: string;
                  id: string | null;
                }) | null;
                ip: string | null;
                userAgent: string | null;
                data: {
                  [key: string]: unknown;
                };
              })[];
            nextCursor: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** List imports, newest first */
  "imports.list": {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** @enum {string} */
                state: "running" | "finished" | "failed";
                /** @enum {string} */
                format: "csv" | "json" | "ndjson" | "keycloak";
                dryRun: boolean;
                invite: boolean;
                options: {
                  [key: string]: unknown;
                };
                createdBy: string | null;
                actorLabel: string | null;
                progress: {
                  bytesRead: number;
                  bytesTotal: number | null;
                  /** @description Data rows read so far */
                  rows: number;
                  /** @description Users created (in a dry run: that would be created) */
                  created: number;
                  /** @description Rows whose username already exists: left unchanged */
                  existing: number;
                  invalid: number;
                  /** @description Valid rows refused by the subscription user limit */
                  overLimit: number;
                  /** @description Invitations queued (in a dry run: that would be queued) */
                  invited: number;
                };
                error: string | null;
                /** Format: date-time */
                createdAt: string;
                finishedAt: string | null;
              })[];
            nextCursor: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Import users from a CSV, JSON, JSON-lines file or Keycloak users export (streamed); answers when every row is handled */
  "imports.create": {
    parameters: {
      query?: {
        /** @description Check and report every row, write no user */
        dryRun?: boolean;
        /** @description Invite each created user who has no imported password (queued through the outbox in the same transaction) */
        invite?: boolean;
        /** @description With invite: the method; default the organization's */
        invitationMethod?: "email_link" | "email_otp" | "sms_otp";
        /** @description Column mapping: Column=field pairs, comma-separated (fields: username, email, firstName, lastName, phone, groups, passwordHash, ignore, attributes.<name>) */
        map?: string;
        /** @description How to read the body; default from the content type (a JSON object with a users array is read as a Keycloak export) */
        format?: "csv" | "json" | "ndjson" | "keycloak";
        /** @description Create groups the file names that do not exist yet; default only for a Keycloak export */
        createGroups?: boolean;
      };
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "text/csv": unknown;
        "application/json": unknown;
        "application/x-ndjson": unknown;
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            state: "running" | "finished" | "failed";
            /** @enum {string} */
            format: "csv" | "json" | "ndjson" | "keycloak";
            dryRun: boolean;
            invite: boolean;
            options: {
              [key: string]: unknown;
            };
            createdBy: string | null;
            actorLabel: string | null;
            progress: {
              bytesRead: number;
              bytesTotal: number | null;
              /** @description Data rows read so far */
              rows: number;
              /** @description Users created (in a dry run: that would be created) */
              created: number;
              /** @description Rows whose username already exists: left unchanged */
              existing: number;
              invalid: number;
              /** @description Valid rows refused by the subscription user limit */
              overLimit: number;
              /** @description Invitations queued (in a dry run: that would be queued) */
              invited: number;
            };
            error: string | null;
            /** Format: date-time */
            createdAt: string;
            finishedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      415: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** An import: state, progress, counts and a page of its report (rows not created, with line, field and reason) */
  "imports.get": {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
        outcome?: "existing" | "invalid" | "over_limit";
      };
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            state: "running" | "finished" | "failed";
            /** @enum {string} */
            format: "csv" | "json" | "ndjson" | "keycloak";
            dryRun: boolean;
            invite: boolean;
            options: {
              [key: string]: unknown;
            };
            createdBy: string | null;
            actorLabel: string | null;
            progress: {
              bytesRead: number;
              bytesTotal: number | null;
              /** @description Data rows read so far */
              rows: number;
              /** @description Users created (in a dry run: that would be created) */
              created: number;
              /** @description Rows whose username already exists: left unchanged */
              existing: number;
              invalid: number;
              /** @description Valid rows refused by the subscription user limit */
              overLimit: number;
              /** @description Invitations queued (in a dry run: that would be queued) */
              invited: number;
            };
            error: string | null;
            /** Format: date-time */
            createdAt: string;
            finishedAt: string | null;
            /** @description Rows not created, in line order, one page */
            report: {
              items: ({
                  /** @description Position among the data rows (1 = the first row after the CSV header, the first element of a JSON array) */
                  row: number;
                  /** @description Line of the file where the row starts */
                  line: number;
                  /** @enum {string} */
                  outcome: "existing" | "invalid" | "over_limit";
                  username: string | null;
                  userId: string | null;
                  problems: {
                      field: string;
                      reason: string;
                    }[];
                })[];
              nextCursor: string | null;
            };
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** List the registered apps */
  "apps.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                /** @description Also the client id once the app signs people in through this server */
                id: string;
                name: string;
                url: string;
                description: string | null;
                iconUrl: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Register an app (name, address, optional description and icon) */
  "apps.create": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Shown to users; unique in the organization (any letter case) */
          name: string;
          /** @description Where the app opens: an absolute http:// or https:// address, without user name or password */
          url: string;
          description?: string | null;
          /** @description A data: URL (data:image/png;base64,…) of a PNG, JPEG, GIF or WebP image of at most 32 KiB; null removes the icon. SVG and links to other sites are not accepted: icons are served from this server. */
          icon?: string | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            /** @description Also the client id once the app signs people in through this server */
            id: string;
            name: string;
            url: string;
            description: string | null;
            iconUrl: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Get a registered app */
  "apps.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Also the client id once the app signs people in through this server */
            id: string;
            name: string;
            url: string;
            description: string | null;
            iconUrl: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Delete an app with its assignments and recorded uses */
  "apps.delete": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Edit a registered app */
  "apps.update": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Shown to users; unique in the organization (any letter case) */
          name?: string;
          /** @description Where the app opens: an absolute http:// or https:// address, without user name or password */
          url?: string;
          description?: string | null;
          /** @description A data: URL (data:image/png;base64,…) of a PNG, JPEG, GIF or WebP image of at most 32 KiB; null removes the icon. SVG and links to other sites are not accepted: icons are served from this server. */
          icon?: string | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Also the client id once the app signs people in through this server */
            id: string;
            name: string;
            url: string;
            description: string | null;
            iconUrl: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** List the users and groups an app is assigned to */
  "apps.assignments.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** @enum {string} */
                type: "user" | "group";
                user: {
                  id: string;
                  username: string;
                } | null;
                group: {
                  id: string;
                  name: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Assign an app to users and/or groups; answers all of its assignments */
  "apps.assign": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    /** @description Users and/or groups of the organization to assign the app to; ones assigned already are left as they are */
    requestBody: {
      content: {
        "application/json": {
          userIds?: string[];
          groupIds?: string[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** @enum {string} */
                type: "user" | "group";
                user: {
                  id: string;
                  username: string;
                } | null;
                group: {
                  id: string;
                  name: string;
                } | null;
                /** Format: date-time */
                createdAt: string;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove one assignment of an app */
  "apps.unassign": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
        assignmentId: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** A user's associated apps: assigned directly, by a group (named), and used, with the last use */
  "users.apps.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                app: {
                  /** @description Also the client id once the app signs people in through this server */
                  id: string;
                  name: string;
                  url: string;
                  description: string | null;
                  iconUrl: string | null;
                  /** Format: date-time */
                  createdAt: string;
                  /** Format: date-time */
                  updatedAt: string;
                };
                /** @description The user has the app through an assignment (direct or by a group) */
                assigned: boolean;
                /** @description Assigned to the user directly */
                direct: boolean;
                /** @description Groups the user is in that the app is assigned to */
                groups: {
                    id: string;
                    name: string;
                  }[];
                firstUsedAt: string | null;
                lastUsedAt: string | null;
                /** @description Recorded uses (sign-ins into the app through this server) */
                uses: number;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** The custom attribute schema of the organization */
  "attributes.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                name: string;
                /**
                 * @description string, number, boolean, or date (YYYY-MM-DD)
                 * @enum {string}
                 */
                type: "string" | "number" | "boolean" | "date";
                required: boolean;
                inheritable: boolean;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Define a custom attribute */
  "attributes.define": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description A letter, then letters, digits, _ . - (at most 100) */
          name: string;
          /**
           * @description string, number, boolean, or date (YYYY-MM-DD)
           * @enum {string}
           */
          type: "string" | "number" | "boolean" | "date";
          /** @description Users created by an admin must carry it (default false) */
          required?: boolean;
          /** @description Users created with a PIN receive the holder’s value (default false) */
          inheritable?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            name: string;
            /**
             * @description string, number, boolean, or date (YYYY-MM-DD)
             * @enum {string}
             */
            type: "string" | "number" | "boolean" | "date";
            required: boolean;
            inheritable: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove a custom attribute from the schema */
  "attributes.delete": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Change the type or flags of a custom attribute */
  "attributes.update": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * @description string, number, boolean, or date (YYYY-MM-DD)
           * @enum {string}
           */
          type?: "string" | "number" | "boolean" | "date";
          /** @description Users created by an admin must carry it (default false) */
          required?: boolean;
          /** @description Users created with a PIN receive the holder’s value (default false) */
          inheritable?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            name: string;
            /**
             * @description string, number, boolean, or date (YYYY-MM-DD)
             * @enum {string}
             */
            type: "string" | "number" | "boolean" | "date";
            required: boolean;
            inheritable: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** A user's sign-up PIN, its quota and the users it created */
  "pinCodes.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            holderId: string;
            /** @description The PIN: only for organization administrators and above (never a helpdesk) */
            pin?: string;
            quota: number | null;
            /** @description Users the PIN has created (kept when it is regenerated) */
            used: number;
            expiresAt: string | null;
            expired: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            regeneratedAt: string;
            /** @description The sign-up page the holder uses */
            signUpUrl: string;
            createdUsers: ({
                id: string;
                username: string;
                email: string | null;
                status: string;
                /** Format: date-time */
                createdAt: string;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /**
   * Give a user a random sign-up PIN, or a new one (the count of users created is kept); the user becomes a pin_holder
   * @description Organization administrators and above only: the answer carries the PIN.
   */
  "pinCodes.assign": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Users the PIN may create in all (null = no limit); omitted keeps the current quota */
          quota?: number | null;
          /**
           * Format: date-time
           * @description After this instant the PIN is refused (null = never); omitted keeps the current expiry
           */
          expiresAt?: string | null;
          /**
           * @description false: change quota or expiry only and keep the PIN
           * @default true
           */
          regenerate?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            holderId: string;
            /** @description The PIN: only for organization administrators and above (never a helpdesk) */
            pin?: string;
            quota: number | null;
            /** @description Users the PIN has created (kept when it is regenerated) */
            used: number;
            expiresAt: string | null;
            expired: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            regeneratedAt: string;
            /** @description The sign-up page the holder uses */
            signUpUrl: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Take the PIN away: it stops working at once; created users stay */
  "pinCodes.revoke": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /**
   * Email the PIN (template pincode) to its holder or to another address
   * @description To another address: organization administrators and above only.
   */
  "pinCodes.email": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * Format: email
           * @description Another recipient; omitted: the holder’s own email
           */
          to?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            to: string;
            messageId: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /**
   * A PIN holder creates a user in their likeness (for clients other than the sign-in page)
   * @description No credentials besides the PIN. Refused with pin_code.sign_up_off when the organization has PIN sign-up off, and with pin_code.web_only when it allows the sign-in page only. A wrong or expired PIN is pin_code.invalid and counts against the client address; too many give auth.throttled.
   */
  "pinCodes.signUp": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          pin: string;
          /**
           * Format: email
           * @description The new user’s email: the temporary password is sent there
           */
          email: string;
          /** @description Letters, digits and . _ @ + - */
          username: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            username: string;
            email: string;
            /** Format: date-time */
            createdAt: string;
            pin: {
              used: number;
              quota: number | null;
            };
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      429: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Your own second factors (console session only) */
  "mfa.factors.listOwn": {
    responses: {
      /** @description Second factors of an account */
      200: {
        content: {
          "application/json": {
            /** @description Every authenticator ever bound, newest first; secrets are never returned */
            factors: ({
                id: string;
                /** @description totp, sms (later webauthn) */
                kind: string;
                label: string;
                /** @enum {string} */
                state: "active" | "pending" | "disabled";
                /** Format: date-time */
                createdAt: string;
                confirmedAt: string | null;
                disabledAt: string | null;
                disabledReason: string | null;
              })[];
            /** @description The second factors usable at sign-in now, the one asked first leading */
            methods: ("otp" | "sms" | "backup_code")[];
            defaultMethod: ("otp" | "sms" | "backup_code") | null;
            /** @description The next sign-in enrolls an authenticator app before anything else */
            enrollRequired: boolean;
            /** @description Unused codes of the current backup-code set */
            backupCodesLeft: number;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Start enrolling an authenticator app: a key and QR code to confirm with a first code */
  "mfa.totp.enroll": {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** Format: uuid */
            factorId: string;
            /** @description The TOTP key (base32, grouped by four): shown only until the enrollment is confirmed */
            key: string;
            /** @description otpauth:// URI for apps */
            uri: string;
            /** @description The URI as a QR code (data: URL of a PNG) */
            qr: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Confirm an authenticator-app enrollment with its first code; it replaces an earlier app */
  "mfa.totp.confirm": {
    requestBody: {
      content: {
        "application/json": {
          /** Format: uuid */
          factorId: string;
          code: string;
        };
      };
    };
    responses: {
      /** @description Second factors of an account */
      200: {
        content: {
          "application/json": {
            /** @description Every authenticator ever bound, newest first; secrets are never returned */
            factors: ({
                id: string;
                /** @description totp, sms (later webauthn) */
                kind: string;
                label: string;
                /** @enum {string} */
                state: "active" | "pending" | "disabled";
                /** Format: date-time */
                createdAt: string;
                confirmedAt: string | null;
                disabledAt: string | null;
                disabledReason: string | null;
              })[];
            /** @description The second factors usable at sign-in now, the one asked first leading */
            methods: ("otp" | "sms" | "backup_code")[];
            defaultMethod: ("otp" | "sms" | "backup_code") | null;
            /** @description The next sign-in enrolls an authenticator app before anything else */
            enrollRequired: boolean;
            /** @description Unused codes of the current backup-code set */
            backupCodesLeft: number;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Make a new set of 10 backup codes (shown only in this answer); the previous set stops working */
  "mfa.backupCodes.generate": {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            codes: string[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** A user's second factors (never their secrets) */
  "mfa.factors.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Second factors of an account */
      200: {
        content: {
          "application/json": {
            /** @description Every authenticator ever bound, newest first; secrets are never returned */
            factors: ({
                id: string;
                /** @description totp, sms (later webauthn) */
                kind: string;
                label: string;
                /** @enum {string} */
                state: "active" | "pending" | "disabled";
                /** Format: date-time */
                createdAt: string;
                confirmedAt: string | null;
                disabledAt: string | null;
                disabledReason: string | null;
              })[];
            /** @description The second factors usable at sign-in now, the one asked first leading */
            methods: ("otp" | "sms" | "backup_code")[];
            defaultMethod: ("otp" | "sms" | "backup_code") | null;
            /** @description The next sign-in enrolls an authenticator app before anything else */
            enrollRequired: boolean;
            /** @description Unused codes of the current backup-code set */
            backupCodesLeft: number;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Change the user's second factor: the method asked for first at sign-in */
  "mfa.defaultMethod.set": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * @description A second factor as an amr value: otp (authenticator app), sms (code to the verified recovery phone), backup_code
           * @enum {string}
           */
          method: "otp" | "sms" | "backup_code";
        };
      };
    };
    responses: {
      /** @description Second factors of an account */
      200: {
        content: {
          "application/json": {
            /** @description Every authenticator ever bound, newest first; secrets are never returned */
            factors: ({
                id: string;
                /** @description totp, sms (later webauthn) */
                kind: string;
                label: string;
                /** @enum {string} */
                state: "active" | "pending" | "disabled";
                /** Format: date-time */
                createdAt: string;
                confirmedAt: string | null;
                disabledAt: string | null;
                disabledReason: string | null;
              })[];
            /** @description The second factors usable at sign-in now, the one asked first leading */
            methods: ("otp" | "sms" | "backup_code")[];
            defaultMethod: ("otp" | "sms" | "backup_code") | null;
            /** @description The next sign-in enrolls an authenticator app before anything else */
            enrollRequired: boolean;
            /** @description Unused codes of the current backup-code set */
            backupCodesLeft: number;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Reset MFA: every factor of the user disabled (kept as a record), backup codes ended; re-enrollment at the next sign-in when the organization requires a second factor */
  "mfa.reset": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Second factors of an account */
      200: {
        content: {
          "application/json": {
            /** @description Every authenticator ever bound, newest first; secrets are never returned */
            factors: ({
                id: string;
                /** @description totp, sms (later webauthn) */
                kind: string;
                label: string;
                /** @enum {string} */
                state: "active" | "pending" | "disabled";
                /** Format: date-time */
                createdAt: string;
                confirmedAt: string | null;
                disabledAt: string | null;
                disabledReason: string | null;
              })[];
            /** @description The second factors usable at sign-in now, the one asked first leading */
            methods: ("otp" | "sms" | "backup_code")[];
            defaultMethod: ("otp" | "sms" | "backup_code") | null;
            /** @description The next sign-in enrolls an authenticator app before anything else */
            enrollRequired: boolean;
            /** @description Unused codes of the current backup-code set */
            backupCodesLeft: number;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Generate one backup code for a user locked out of their factor: shown only in this answer, single use, valid 60 minutes */
  "mfa.backupCode.issue": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            code: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Your own recovery phone */
  "recoveryPhone.getOwn": {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            recoveryPhone: ({
              /** @description E.164 */
              number: string;
              /** @description The number with all but its calling code and last two digits hidden */
              masked: string;
              /** @description ISO 3166-1 alpha-2 region the number was chosen for */
              country: string;
              /**
               * @description Only a verified phone receives recovery and second-factor SMS
               * @enum {string}
               */
              state: "verified" | "unverified";
              /** Format: date-time */
              consentedAt: string;
              verifiedAt: string | null;
              /** Format: date-time */
              updatedAt: string;
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /**
   * Set your own recovery phone; a verification code is texted to it
   * @description Consent is required. A new number starts unverified and gets a code (earlier codes stop working); sends are throttled per person and per address (429 recovery_phone.send_throttled).
   */
  "recoveryPhone.set": {
    requestBody: {
      content: {
        "application/json": {
          /** @description ISO 3166-1 alpha-2 region, e.g. CH */
          country: string;
          /** @description The number as typed, national or international form */
          number: string;
          /** @description Must be true: the user agrees to receive security codes by SMS at this number (messages and carrier rates may apply) */
          consent: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description A recovery phone: set and proved by the user only (not the profile field phone, which administrators edit) */
            recoveryPhone: {
              /** @description E.164 */
              number: string;
              /** @description The number with all but its calling code and last two digits hidden */
              masked: string;
              /** @description ISO 3166-1 alpha-2 region the number was chosen for */
              country: string;
              /**
               * @description Only a verified phone receives recovery and second-factor SMS
               * @enum {string}
               */
              state: "verified" | "unverified";
              /** Format: date-time */
              consentedAt: string;
              verifiedAt: string | null;
              /** Format: date-time */
              updatedAt: string;
            };
            /** @description A verification code was texted to the number (false when the same number was verified already) */
            codeSent: boolean;
            codeExpiresAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      429: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove your own recovery phone */
  "recoveryPhone.removeOwn": {
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /**
   * Prove your recovery phone with the code texted to it
   * @description Wrong codes count; after 5 the code stops working (410 recovery_phone.code_exhausted) and a new one must be sent.
   */
  "recoveryPhone.verify": {
    requestBody: {
      content: {
        "application/json": {
          /** @description The code texted to the number */
          code: string;
        };
      };
    };
    responses: {
      /** @description A recovery phone: set and proved by the user only (not the profile field phone, which administrators edit) */
      200: {
        content: {
          "application/json": {
            /** @description E.164 */
            number: string;
            /** @description The number with all but its calling code and last two digits hidden */
            masked: string;
            /** @description ISO 3166-1 alpha-2 region the number was chosen for */
            country: string;
            /**
             * @description Only a verified phone receives recovery and second-factor SMS
             * @enum {string}
             */
            state: "verified" | "unverified";
            /** Format: date-time */
            consentedAt: string;
            verifiedAt: string | null;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      410: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /**
   * A user's recovery phone: number, consent and verification times
   * @description Administrators can see and remove a recovery phone, never set one: only the user can consent to a number and prove it.
   */
  "recoveryPhone.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            recoveryPhone: ({
              /** @description E.164 */
              number: string;
              /** @description The number with all but its calling code and last two digits hidden */
              masked: string;
              /** @description ISO 3166-1 alpha-2 region the number was chosen for */
              country: string;
              /**
               * @description Only a verified phone receives recovery and second-factor SMS
               * @enum {string}
               */
              state: "verified" | "unverified";
              /** Format: date-time */
              consentedAt: string;
              verifiedAt: string | null;
              /** Format: date-time */
              updatedAt: string;
            }) | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove a user's recovery phone (the user is emailed) */
  "recoveryPhone.remove": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** A user's active sessions (account pages and console), newest first */
  "sessions.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** @description account: the end-user pages; console: the admin console */
                kind: "account" | "console";
                /** @description What the client is, read from its user agent, e.g. "Firefox on Linux" */
                device: string;
                deviceId: string | null;
                ip: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                lastSeenAt: string;
                /** Format: date-time */
                expiresAt: string;
                /** @description Authenticator assurance level: 1 one factor, 2 two */
                aal: number;
                /** @description How the session was opened (amr values, e.g. pwd) */
                methods: string[];
                /** @description Whether this is the session making the request */
                current: boolean;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** End every session of a user (helpdesk and up) */
  "sessions.revokeAll": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description How many sessions ended */
            revoked: number;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** End one session of a user; its next request is refused (helpdesk and up) */
  "sessions.revoke": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
        sessionId: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Your own active sessions */
  "me.sessions.list": {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** @description account: the end-user pages; console: the admin console */
                kind: "account" | "console";
                /** @description What the client is, read from its user agent, e.g. "Firefox on Linux" */
                device: string;
                deviceId: string | null;
                ip: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                lastSeenAt: string;
                /** Format: date-time */
                expiresAt: string;
                /** @description Authenticator assurance level: 1 one factor, 2 two */
                aal: number;
                /** @description How the session was opened (amr values, e.g. pwd) */
                methods: string[];
                /** @description Whether this is the session making the request */
                current: boolean;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Sign out everywhere else: every session but the current one ends */
  "me.sessions.revokeOthers": {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description How many sessions ended */
            revoked: number;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** End one of your sessions (the current one signs you out) */
  "me.sessions.revoke": {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** A user's remembered devices and the device limit that applies */
  "devices.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** @description What the device is, read from its user agent, e.g. "Firefox on Linux" */
                name: string;
                /** Format: date-time */
                firstSeenAt: string;
                /** Format: date-time */
                lastSeenAt: string;
                lastIp: string | null;
                /** @description Whether it is the browser making the request */
                current: boolean;
              })[];
            limit: number | null;
            userLimit: number | null;
            organizationDefault: number | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Forget a device of a user: its sessions end and it no longer counts toward the limit (helpdesk and up) */
  "devices.forget": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
        deviceId: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Set a user's device limit, or reset it to the organization default with null */
  "users.deviceLimit.set": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          limit: number | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            limit: number | null;
            userLimit: number | null;
            organizationDefault: number | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Your remembered devices and your device limit */
  "me.devices.list": {
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** @description What the device is, read from its user agent, e.g. "Firefox on Linux" */
                name: string;
                /** Format: date-time */
                firstSeenAt: string;
                /** Format: date-time */
                lastSeenAt: string;
                lastIp: string | null;
                /** @description Whether it is the browser making the request */
                current: boolean;
              })[];
            limit: number | null;
            userLimit: number | null;
            organizationDefault: number | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Forget one of your devices (its sessions end) */
  "me.devices.forget": {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** List groups by name, with their member counts */
  "groups.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: {
                id: string;
                name: string;
                memberCount: number;
                /** Format: date-time */
                createdAt: string;
              }[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Create a group */
  "groups.create": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Unique in the organization, ignoring case; surrounding spaces are dropped */
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            name: string;
            memberCount: number;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Get a group */
  "groups.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            name: string;
            memberCount: number;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Delete a group and its memberships (the users stay) */
  "groups.delete": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Rename a group */
  "groups.rename": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Unique in the organization, ignoring case; surrounding spaces are dropped */
          name: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            name: string;
            memberCount: number;
            /** Format: date-time */
            createdAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** List the members of a group by username */
  "groups.members.list": {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                username: string;
                email: string | null;
                firstName: string | null;
                lastName: string | null;
                status: string;
              })[];
            nextCursor: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Add a user to a group; adding a member again changes nothing */
  "groups.members.add": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
        userId: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove a user from a group; removing a non-member changes nothing */
  "groups.members.remove": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
        userId: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** List the groups a user belongs to */
  "users.groups.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: {
                id: string;
                name: string;
                /** Format: date-time */
                createdAt: string;
              }[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Start impersonating a user of lower privilege (org and platform admins): answers a one-time link to open in a new tab */
  "impersonation.start": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Why you act as the user (required, audited, told to the user) */
          reason: string;
          ticket?: string | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        content: {
          "application/json": {
            id: string;
            /** @description One-time link (single use, valid for two minutes) that opens the account pages as the user; open it in a separate tab */
            url: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** A user's impersonations, active and past, newest first */
  "impersonation.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                id: string;
                /** @description The administrator who impersonates */
                adminId: string;
                adminLabel: string;
                reason: string;
                ticket: string | null;
                /** Format: date-time */
                createdAt: string;
                startedAt: string | null;
                endsAt: string | null;
                stoppedAt: string | null;
                stoppedBy: ("admin" | "impersonation" | "expired" | "signed_out") | null;
                state: "link_pending" | "link_expired" | "active" | "ended";
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Stop an impersonation: its session ends (the administrator's own sessions stay) */
  "impersonation.stop": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
        impersonationId: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            id: string;
            /** @description The administrator who impersonates */
            adminId: string;
            adminLabel: string;
            reason: string;
            ticket: string | null;
            /** Format: date-time */
            createdAt: string;
            startedAt: string | null;
            endsAt: string | null;
            stoppedAt: string | null;
            stoppedBy: ("admin" | "impersonation" | "expired" | "signed_out") | null;
            state: "link_pending" | "link_expired" | "active" | "ended";
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Every message kind: variables, required fields, layout variable, whether customized */
  "templates.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            items: ({
                /**
                 * @description Message kind
                 * @enum {string}
                 */
                kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
                /** @enum {string} */
                channel: "email" | "sms";
                description: string;
                /** @description The layout variable of the kind, e.g. PINCODE_EMAIL_BODY */
                variable: string;
                /** @description The layout the variable points at in this organization */
                layoutName: string;
                variables: ({
                    /** @description As templates write it, e.g. user.username */
                    name: string;
                    /** @enum {string} */
                    type: "string" | "url" | "code" | "date" | "number" | "boolean";
                    description: string;
                    /** @description Preview value (dates as ISO 8601) */
                    sample: string | number | boolean | null;
                  })[];
                /** @description Variables a saved template must contain */
                requiredFields: string[];
                /** @description Legacy merge fields this kind understands, e.g. !PINCODE! */
                legacyAliases: string[];
                /** @description Whether the organization has its own template of this kind in any locale */
                customized: boolean;
                customizedLocales: string[];
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** A kind's template in one locale: the organization's own, else the built-in default */
  "templates.get": {
    parameters: {
      query?: {
        /** @description BCP 47 language tag (default en) */
        locale?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
        /** @description Message kind */
        kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /**
             * @description Message kind
             * @enum {string}
             */
            kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
            /** @enum {string} */
            channel: "email" | "sms";
            description: string;
            /** @description The layout variable of the kind, e.g. PINCODE_EMAIL_BODY */
            variable: string;
            /** @description The layout the variable points at in this organization */
            layoutName: string;
            variables: ({
                /** @description As templates write it, e.g. user.username */
                name: string;
                /** @enum {string} */
                type: "string" | "url" | "code" | "date" | "number" | "boolean";
                description: string;
                /** @description Preview value (dates as ISO 8601) */
                sample: string | number | boolean | null;
              })[];
            /** @description Variables a saved template must contain */
            requiredFields: string[];
            /** @description Legacy merge fields this kind understands, e.g. !PINCODE! */
            legacyAliases: string[];
            /** @description Whether the organization has its own template of this kind in any locale */
            customized: boolean;
            customizedLocales: string[];
            locale: string;
            source: {
              subject: string | null;
              html: string | null;
              text: string;
            };
            /** @description Whether the source shown is the organization’s own in this locale (else the built-in default) */
            own: boolean;
            updatedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Save the organization's own template of a kind in one locale (refused on a Liquid error or a missing required field) */
  "templates.update": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        /** @description Message kind */
        kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description BCP 47 language tag (default en) */
          locale?: string;
          subject?: string;
          html?: string;
          text: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /**
             * @description Message kind
             * @enum {string}
             */
            kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
            /** @enum {string} */
            channel: "email" | "sms";
            description: string;
            /** @description The layout variable of the kind, e.g. PINCODE_EMAIL_BODY */
            variable: string;
            /** @description The layout the variable points at in this organization */
            layoutName: string;
            variables: ({
                /** @description As templates write it, e.g. user.username */
                name: string;
                /** @enum {string} */
                type: "string" | "url" | "code" | "date" | "number" | "boolean";
                description: string;
                /** @description Preview value (dates as ISO 8601) */
                sample: string | number | boolean | null;
              })[];
            /** @description Variables a saved template must contain */
            requiredFields: string[];
            /** @description Legacy merge fields this kind understands, e.g. !PINCODE! */
            legacyAliases: string[];
            /** @description Whether the organization has its own template of this kind in any locale */
            customized: boolean;
            customizedLocales: string[];
            locale: string;
            source: {
              subject: string | null;
              html: string | null;
              text: string;
            };
            /** @description Whether the source shown is the organization’s own in this locale (else the built-in default) */
            own: boolean;
            updatedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove the organization's own template of a kind in one locale: the default is used again */
  "templates.reset": {
    parameters: {
      query?: {
        /** @description BCP 47 language tag (default en) */
        locale?: string;
      };
      path: {
        /** @description Organization short name */
        org: string;
        /** @description Message kind */
        kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /**
             * @description Message kind
             * @enum {string}
             */
            kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
            /** @enum {string} */
            channel: "email" | "sms";
            description: string;
            /** @description The layout variable of the kind, e.g. PINCODE_EMAIL_BODY */
            variable: string;
            /** @description The layout the variable points at in this organization */
            layoutName: string;
            variables: ({
                /** @description As templates write it, e.g. user.username */
                name: string;
                /** @enum {string} */
                type: "string" | "url" | "code" | "date" | "number" | "boolean";
                description: string;
                /** @description Preview value (dates as ISO 8601) */
                sample: string | number | boolean | null;
              })[];
            /** @description Variables a saved template must contain */
            requiredFields: string[];
            /** @description Legacy merge fields this kind understands, e.g. !PINCODE! */
            legacyAliases: string[];
            /** @description Whether the organization has its own template of this kind in any locale */
            customized: boolean;
            customizedLocales: string[];
            locale: string;
            source: {
              subject: string | null;
              html: string | null;
              text: string;
            };
            /** @description Whether the source shown is the organization’s own in this locale (else the built-in default) */
            own: boolean;
            updatedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Render a draft (or, without one, the saved or default template) with the sample values */
  "templates.preview": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        /** @description Message kind */
        kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description BCP 47 language tag (default en) */
          locale?: string;
          subject?: string;
          html?: string;
          text?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            subject: string | null;
            html: string | null;
            text: string;
            /** @description Required fields the source lacks (saving it would be refused) */
            missingFields: string[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** The named layouts of the organization and its layout variables (kind → layout name) */
  "layouts.list": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            environmentName: string | null;
            layouts: ({
                name: string;
                locale: string;
                /** @enum {string} */
                channel: "email" | "sms";
                /** @description Kinds whose variable points at it */
                usedBy: string[];
                /** Format: date-time */
                updatedAt: string;
              })[];
            variables: ({
                variable: string;
                /**
                 * @description Message kind
                 * @enum {string}
                 */
                kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
                layoutName: string;
                /** @description false: the layout named like the variable (the default) */
                mapped: boolean;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Copy the default layouts into the organization as <environment>_<variable> and point the variables at them (needs the environment name) */
  "layouts.import": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            environmentName: string | null;
            layouts: ({
                name: string;
                locale: string;
                /** @enum {string} */
                channel: "email" | "sms";
                /** @description Kinds whose variable points at it */
                usedBy: string[];
                /** Format: date-time */
                updatedAt: string;
              })[];
            variables: ({
                variable: string;
                /**
                 * @description Message kind
                 * @enum {string}
                 */
                kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
                layoutName: string;
                /** @description false: the layout named like the variable (the default) */
                mapped: boolean;
              })[];
            imported: {
                name: string;
                locale: string;
              }[];
            /** @description Layouts of that name that existed already and were kept */
            skipped: {
                name: string;
                locale: string;
              }[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Point layout variables at layouts of the organization (null: the default) */
  "layouts.variables.set": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Layout variable → layout name; null: back to the layout named like the variable */
          variables: {
            [key: string]: string | null;
          };
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            environmentName: string | null;
            layouts: ({
                name: string;
                locale: string;
                /** @enum {string} */
                channel: "email" | "sms";
                /** @description Kinds whose variable points at it */
                usedBy: string[];
                /** Format: date-time */
                updatedAt: string;
              })[];
            variables: ({
                variable: string;
                /**
                 * @description Message kind
                 * @enum {string}
                 */
                kind: "invitation_link" | "invitation_otp" | "invitation_sms" | "invitation_reminder" | "password_reset_link" | "password_reset_code" | "password_reset_sms" | "account_activated" | "password_new" | "pincode" | "password_changed" | "password_changed_sms" | "password_expiry" | "recovery_phone_verification" | "recovery_phone_verified" | "recovery_phone_removed" | "authenticator_changed" | "authenticator_changed_sms" | "mfa_sms_code" | "impersonation_notice";
                layoutName: string;
                /** @description false: the layout named like the variable (the default) */
                mapped: boolean;
              })[];
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** The organization's upstream OpenID Connect provider (never its client secret) */
  "organizations.sso.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Whether the organization has an upstream identity provider saved */
            configured: boolean;
            issuer: string | null;
            clientId: string | null;
            /** @description Whether a client secret is stored; the secret itself is never returned */
            clientSecretSet: boolean;
            displayName: string | null;
            /**
             * @description email: the verified email claim finds the user; subject: only a stored link (made at an earlier sign-in or by just-in-time creation)
             * @enum {string}
             */
            matching: "email" | "subject";
            /** @description Whether an upstream account that matches no user creates one */
            jitCreation: boolean;
            /** @description The callback URL to register at the upstream provider */
            redirectUri: string;
            updatedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Remove the upstream provider (refused while SSO is enforced) */
  "organizations.sso.delete": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Set the upstream OpenID Connect provider its users sign in with; fields left out keep their values. A new issuer is discovered before it is saved */
  "organizations.sso.update": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description https:// (http:// only for a provider on this machine, e.g. in tests) */
          issuer?: string;
          clientId?: string;
          /** @description Left out: the stored secret stays (unless the issuer or client id changes); null: a public client, PKCE only */
          clientSecret?: string | null;
          displayName?: string;
          /** @enum {string} */
          matching?: "email" | "subject";
          jitCreation?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Whether the organization has an upstream identity provider saved */
            configured: boolean;
            issuer: string | null;
            clientId: string | null;
            /** @description Whether a client secret is stored; the secret itself is never returned */
            clientSecretSet: boolean;
            displayName: string | null;
            /**
             * @description email: the verified email claim finds the user; subject: only a stored link (made at an earlier sign-in or by just-in-time creation)
             * @enum {string}
             */
            matching: "email" | "subject";
            /** @description Whether an upstream account that matches no user creates one */
            jitCreation: boolean;
            /** @description The callback URL to register at the upstream provider */
            redirectUri: string;
            updatedAt: string | null;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** An app's OpenID Connect client settings */
  "apps.oidc.get": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description The app id */
            clientId: string;
            /** @enum {string} */
            clientType: "confidential" | "public";
            redirectUris: string[];
            postLogoutRedirectUris: string[];
            backchannelLogoutUri: string | null;
            firstParty: boolean;
            /** @description A secret is set (it is shown once, when it is issued, and stored only hashed) */
            hasSecret: boolean;
            secretCreatedAt: string | null;
            /** @description The organization's issuer */
            issuer: string;
            discoveryUrl: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Only in the answer that issued it: copy it now, it is never shown again */
            clientSecret?: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Let an app sign people in through this server (OpenID Connect), or change its client settings; a new secret is answered once */
  "apps.oidc.update": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * @description confidential: authenticates with a client secret (HTTP Basic) at the token endpoint; public (single-page and native apps): no secret, PKCE with S256 required
           * @enum {string}
           */
          clientType: "confidential" | "public";
          /** @description Where the provider may send the browser back with a code: https://, http:// only to localhost, or a native app scheme; compared exactly */
          redirectUris: string[];
          /** @description Where the browser may be sent after signing out (RP-initiated logout) */
          postLogoutRedirectUris?: string[];
          /** @description Receives a logout token when the person signs out (OpenID Connect Back-Channel Logout) */
          backchannelLogoutUri?: string | null;
          /** @description The organization's own app: people are not asked to consent (default true) */
          firstParty?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description The app id */
            clientId: string;
            /** @enum {string} */
            clientType: "confidential" | "public";
            redirectUris: string[];
            postLogoutRedirectUris: string[];
            backchannelLogoutUri: string | null;
            firstParty: boolean;
            /** @description A secret is set (it is shown once, when it is issued, and stored only hashed) */
            hasSecret: boolean;
            secretCreatedAt: string | null;
            /** @description The organization's issuer */
            issuer: string;
            discoveryUrl: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Only in the answer that issued it: copy it now, it is never shown again */
            clientSecret?: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Stop an app signing people in through this server */
  "apps.oidc.delete": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description No content */
      204: {
        content: never;
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Replace a confidential app's client secret; the new one is answered once */
  "apps.secret.rotate": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
        id: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description The app id */
            clientId: string;
            /** @enum {string} */
            clientType: "confidential" | "public";
            redirectUris: string[];
            postLogoutRedirectUris: string[];
            backchannelLogoutUri: string | null;
            firstParty: boolean;
            /** @description A secret is set (it is shown once, when it is issued, and stored only hashed) */
            hasSecret: boolean;
            secretCreatedAt: string | null;
            /** @description The organization's issuer */
            issuer: string;
            discoveryUrl: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Only in the answer that issued it: copy it now, it is never shown again */
            clientSecret?: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      409: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
  /** Rotate the issuer's signing keys: the published next key starts signing, the old one stays published for verification */
  "oidc.keys.rotate": {
    parameters: {
      path: {
        /** @description Organization short name */
        org: string;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        content: {
          "application/json": {
            /** @description Key id now signing */
            activeKid: string;
            /** @description Key id published for the next rotation */
            nextKid: string;
          };
        };
      };
      /** @description Problem */
      400: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      401: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      403: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
      /** @description Problem */
      404: {
        content: {
          "application/json": {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            [key: string]: unknown;
          };
        };
      };
    };
  };
}
