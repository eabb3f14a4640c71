import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { OidcClientType, OidcKeyState } from '../../db/types.js';

// ---------------------------------------------------------------------------------------
// Client settings of registered apps

const clientColumns = [
  'oidc_clients.app_id',
  'oidc_clients.organization_id',
  'oidc_clients.client_type',
  'oidc_clients.redirect_uris',
  'oidc_clients.post_logout_redirect_uris',
  'oidc_clients.backchannel_logout_uri',
  'oidc_clients.first_party',
  'oidc_clients.secret_hash',
  'oidc_clients.secret_created_at',
  'oidc_clients.updated_at',
] as const;

/** An app's client settings with the app's name and address (what the provider shows and checks). */
export const findClient = (tx: Tx, organizationId: string, appId: string) =>
  tx
    .selectFrom('oidc_clients')
    .innerJoin('apps', (j) => j.onRef('apps.id', '=', 'oidc_clients.app_id').on('apps.organization_id', '=', organizationId))
    .select([...clientColumns, 'apps.name', 'apps.url'])
    .where('oidc_clients.organization_id', '=', organizationId)
    .where('oidc_clients.app_id', '=', appId)
    .executeTakeFirst();

export interface ClientValues {
  client_type: OidcClientType;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string | null;
  first_party: boolean;
}

/** Creates or replaces an app's client settings; a new secret hash (when given) replaces the old one. */
export const upsertClient = (tx: Tx, organizationId: string, appId: string, values: ClientValues, secretHash: Buffer | null | undefined, now: Date) =>
  tx
    .insertInto('oidc_clients')
    .values({ app_id: appId, organization_id: organizationId, ...values, secret_hash: secretHash ?? null, secret_created_at: secretHash ? now : null, updated_at: now })
    .onConflict((oc) =>
      oc.column('app_id').doUpdateSet({
        ...values,
        updated_at: now,
        ...(secretHash !== undefined && { secret_hash: secretHash, secret_created_at: secretHash ? now : null }),
      }),
    )
    .returning(clientColumns)
    .executeTakeFirstOrThrow();

export const setSecret = (tx: Tx, organizationId: string, appId: string, secretHash: Buffer, now: Date) =>
  tx
    .updateTable('oidc_clients')
    .set({ secret_hash: secretHash, secret_created_at: now, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('app_id', '=', appId)
    .where('client_type', '=', 'confidential')
    .returning(clientColumns)
    .executeTakeFirst();

export const removeClient = (tx: Tx, organizationId: string, appId: string) =>
  tx.deleteFrom('oidc_clients').where('organization_id', '=', organizationId).where('app_id', '=', appId).returning('app_id').executeTakeFirst();

/** Whether an app is assigned to the user, directly or through a group they are in now. */
export async function isAssigned(tx: Tx, organizationId: string, appId: string, userId: string): Promise<boolean> {
  const row = await sql<{ assigned: boolean }>`
    select exists (
      select 1 from app_assignments a
        where a.organization_id = ${organizationId} and a.app_id = ${appId}
          and (a.user_id = ${userId}
               or a.group_id in (select ug.group_id from user_groups ug where ug.organization_id = ${organizationId} and ug.user_id = ${userId}))
    ) as assigned`.execute(tx);
  return row.rows[0]?.assigned === true;
}

// ---------------------------------------------------------------------------------------
// Accounts (read only: the claims of a user and the state of a sign-in session)

export const findUser = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('users')
    .select(['id', 'username', 'email', 'first_name', 'last_name', 'status', 'updated_at'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', userId)
    .executeTakeFirst();

export const groupNamesOf = async (tx: Tx, organizationId: string, userId: string) =>
  (
    await tx
      .selectFrom('user_groups')
      .innerJoin('groups', 'groups.id', 'user_groups.group_id')
      .select('groups.name')
      .where('user_groups.organization_id', '=', organizationId)
      .where('groups.organization_id', '=', organizationId)
      .where('user_groups.user_id', '=', userId)
      .orderBy('groups.name')
      .execute()
  ).map((g) => g.name);

/** Whether the user took an invitation sent to their email address (link or code): that proved the address. */
export async function emailProved(tx: Tx, organizationId: string, userId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('invitations')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('state', '=', 'accepted')
    .where('method', 'in', ['email_link', 'email_otp'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A sign-in session by id with its impersonation, if any; revoked or expired ones too (the caller decides). */
export const findSession = (tx: Tx, organizationId: string, sessionId: string) =>
  tx
    .selectFrom('sessions')
    .leftJoin('impersonations', 'impersonations.session_id', 'sessions.id')
    .select(['sessions.id', 'sessions.user_id', 'sessions.revoked_at', 'sessions.created_at', 'sessions.expires_at', 'sessions.aal', 'sessions.methods', 'impersonations.admin_id as impersonator_id', 'impersonations.admin_label as impersonator_label'])
    .where('sessions.organization_id', '=', organizationId)
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();

// ---------------------------------------------------------------------------------------
// The provider's models (the adapter)

export interface ModelRow {
  payload: Record<string, unknown>;
  consumed_at: Date | null;
}

export const upsertModel = (
  tx: Tx,
  row: { organization_id: string; model: string; id: string; payload: Record<string, unknown>; grant_id: string | null; uid: string | null; user_code: string | null; expires_at: Date | null },
) =>
  tx
    .insertInto('oidc_models')
    .values({ ...row, payload: JSON.stringify(row.payload) })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'model', 'id']).doUpdateSet({
        payload: JSON.stringify(row.payload),
        grant_id: row.grant_id,
        uid: row.uid,
        user_code: row.user_code,
        expires_at: row.expires_at,
      }),
    )
    .execute();

/** One unexpired model row, by id or by one of its lookup columns. */
export const findModel = (tx: Tx, organizationId: string, model: string, by: 'id' | 'uid' | 'user_code', value: string, now: Date) =>
  tx
    .selectFrom('oidc_models')
    .select(['payload', 'consumed_at'])
    .where('organization_id', '=', organizationId)
    .where('model', '=', model)
    .where(by, '=', value)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst() as Promise<ModelRow | undefined>;

/** Marks a code or token used; only the first call sets the time. */
export const consumeModel = (tx: Tx, organizationId: string, model: string, id: string, now: Date) =>
  tx
    .updateTable('oidc_models')
    .set({ consumed_at: sql`coalesce(consumed_at, ${now})` })
    .where('organization_id', '=', organizationId)
    .where('model', '=', model)
    .where('id', '=', id)
    .execute();

export const destroyModel = (tx: Tx, organizationId: string, model: string, id: string) =>
  tx.deleteFrom('oidc_models').where('organization_id', '=', organizationId).where('model', '=', model).where('id', '=', id).execute();

/** Deletes every token and code of a grant (any model), and the grant itself. */
export const revokeGrant = (tx: Tx, organizationId: string, grantId: string) =>
  tx
    .deleteFrom('oidc_models')
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantId)])]))
    .execute();

/** Ties a grant to the sign-in session it was (last) given under. */
export const bindGrant = (tx: Tx, organizationId: string, grantId: string, sessionId: string) =>
  tx.updateTable('oidc_models').set({ session_id: sessionId }).where('organization_id', '=', organizationId).where('model', '=', 'Grant').where('id', '=', grantId).execute();

export const grantSession = async (tx: Tx, organizationId: string, grantId: string) =>
  (
    await tx
      .selectFrom('oidc_models')
      .select('session_id')
      .where('organization_id', '=', organizationId)
      .where('model', '=', 'Grant')
      .where('id', '=', grantId)
      .executeTakeFirst()
  )?.session_id ?? null;

/** Deletes up to `limit` expired rows of any organization; returns how many. */
export async function deleteExpired(tx: Tx, now: Date, limit: number): Promise<number> {
  const res = await sql`
    delete from oidc_models where ctid in (
      select ctid from oidc_models where expires_at is not null and expires_at <= ${now} limit ${limit}
    )`.execute(tx);
  return Number(res.numAffectedRows ?? 0);
}

// ---------------------------------------------------------------------------------------
// Signing keys

export const listKeys = (tx: Tx, organizationId: string) =>
  tx
    .selectFrom('oidc_signing_keys')
    .select(['kid', 'state', 'private_jwk', 'created_at', 'activated_at', 'retired_at'])
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .execute();

export const insertKey = (tx: Tx, row: { organization_id: string; kid: string; state: OidcKeyState; private_jwk: Buffer; activated_at: Date | null }) =>
  tx.insertInto('oidc_signing_keys').values(row).onConflict((oc) => oc.doNothing()).execute();

/** Holds the organization's key set while it changes, so two nodes never rotate at once. */
export const lockKeys = (tx: Tx, organizationId: string) => sql`select pg_advisory_xact_lock(hashtext('oidc_keys:' || ${organizationId}))`.execute(tx);

export const setKeyState = (tx: Tx, organizationId: string, kid: string, state: OidcKeyState, now: Date) =>
  tx
    .updateTable('oidc_signing_keys')
    .set({ state, ...(state === 'active' && { activated_at: now }), ...(state === 'retired' && { retired_at: now }) })
    .where('organization_id', '=', organizationId)
    .where('kid', '=', kid)
    .execute();

/** Drops retired keys retired before `before`: no token they signed is still valid. */
export const dropRetiredKeys = (tx: Tx, organizationId: string, before: Date) =>
  tx.deleteFrom('oidc_signing_keys').where('organization_id', '=', organizationId).where('state', '=', 'retired').where('retired_at', '<', before).execute();
