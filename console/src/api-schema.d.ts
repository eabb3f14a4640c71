// Generated from the OpenAPI document by `npm run api:types`; do not edit.
// Name types in console/src/api.ts by operation: operations['users.list'].


export interface paths {
  "/api/v1/auth/login": {
    /** Console sign-in for administrators; sets the session cookie */
    post: operations["auth.login"];
  };
  "/api/v1/auth/me": {
    /** Who is calling, and the CSRF token of a console session */
    get: operations["auth.me"];
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
  "/api/v1/organizations/{org}/users/{id}/unlock": {
    /** Clear sign-in lockouts of a user (temporary lockout and failure cap); idempotent */
    post: operations["users.unlock"];
  };
  "/api/v1/organizations/{org}/groups": {
    /** List groups */
    get: operations["groups.list"];
    /** Create a group */
    post: operations["groups.create"];
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
  "/api/v1/organizations/{org}/audit-events": {
    /** Search the audit log, newest first */
    get: operations["auditEvents.list"];
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
            permissions: ("organizations.create" | "organizations.read" | "settings.manage" | "users.read" | "users.manage" | "users.delete" | "invitations.send" | "api_tokens.manage" | "audit.read" | "outbox.read")[];
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
            permissions: ("organizations.create" | "organizations.read" | "settings.manage" | "users.read" | "users.manage" | "users.delete" | "invitations.send" | "api_tokens.manage" | "audit.read" | "outbox.read")[];
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
  /** List groups */
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
  /** Search the audit log, newest first */
  "auditEvents.list": {
    parameters: {
      query?: {
        /** @description Exact action (user.created) or a prefix (user) */
        action?: string;
        actorId?: string;
        targetId?: string;
        since?: string;
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
  /** Search the audit log of your organization (platform admins name one with `organization`) */
  "auditEvents.search": {
    parameters: {
      query?: {
        /** @description Exact action (user.created) or a prefix (user) */
        action?: string;
        actorId?: string;
        targetId?: string;
        since?: string;
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
}
