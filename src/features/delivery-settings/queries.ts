import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { DeliveryChannel, SmsOptions, SmtpOptions } from '../../db/types.js';

export const find = (tx: Tx, organizationId: string, channel: DeliveryChannel) =>
  tx.selectFrom('organization_delivery_settings').selectAll().where('organization_id', '=', organizationId).where('channel', '=', channel).executeTakeFirst();

/** Locked for the rest of the transaction: concurrent patches apply one after the other. */
export const findForUpdate = (tx: Tx, organizationId: string, channel: DeliveryChannel) =>
  tx.selectFrom('organization_delivery_settings').selectAll().where('organization_id', '=', organizationId).where('channel', '=', channel).forUpdate().executeTakeFirst();

/** Both channels of one organization, for the worker. */
export const findBoth = (tx: Tx, organizationId: string) =>
  tx.selectFrom('organization_delivery_settings').selectAll().where('organization_id', '=', organizationId).execute();

/** Inserts or replaces the settings; every change raises the version, which retires pooled transports. */
export const save = (
  tx: Tx,
  organizationId: string,
  channel: DeliveryChannel,
  values: { enabled: boolean; options: SmtpOptions | SmsOptions; encrypted_secret: Buffer | null; updated_by: string | null },
) =>
  tx
    .insertInto('organization_delivery_settings')
    .values({ organization_id: organizationId, channel, ...values, options: JSON.stringify(values.options) })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'channel']).doUpdateSet({
        enabled: values.enabled,
        options: JSON.stringify(values.options),
        encrypted_secret: values.encrypted_secret,
        updated_by: values.updated_by,
        updated_at: sql<Date>`now()`,
        version: sql<number>`organization_delivery_settings.version + 1`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();

export const remove = (tx: Tx, organizationId: string, channel: DeliveryChannel) =>
  tx.deleteFrom('organization_delivery_settings').where('organization_id', '=', organizationId).where('channel', '=', channel).executeTakeFirst();
