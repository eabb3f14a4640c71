import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { DeliveryChannel } from '../../db/types.js';

/**
 * What rendering one kind for an organization needs besides the template: the layout its
 * variable points at (null: the layout named like the variable) and its environment name.
 */
export const renderContext = (tx: Tx, organizationId: string, variable: string) =>
  tx
    .selectFrom('organizations as o')
    .leftJoin('message_layout_variables as v', (j) => j.onRef('v.organization_id', '=', 'o.id').on('v.variable', '=', variable))
    .select([sql<string | null>`o.settings->>'environmentName'`.as('environment'), 'v.layout_name'])
    .where('o.id', '=', organizationId)
    .executeTakeFirst();

/** The organization's layouts of one name in the given locales. */
export const layoutsIn = (tx: Tx, organizationId: string, name: string, locales: string[]) =>
  tx.selectFrom('message_layouts').selectAll().where('organization_id', '=', organizationId).where('name', '=', name).where('locale', 'in', locales).execute();

export const listLayouts = (tx: Tx, organizationId: string) =>
  tx.selectFrom('message_layouts').selectAll().where('organization_id', '=', organizationId).orderBy('name').orderBy('locale').execute();

export const listVariables = (tx: Tx, organizationId: string) =>
  tx.selectFrom('message_layout_variables').selectAll().where('organization_id', '=', organizationId).orderBy('variable').execute();

export const saveLayout = (
  tx: Tx,
  row: { organization_id: string; name: string; locale: string; channel: DeliveryChannel; subject: string | null; html_body: string | null; text_body: string; updated_by: string | null },
) =>
  tx
    .insertInto('message_layouts')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['organization_id', 'name', 'locale']).doUpdateSet({
        channel: row.channel,
        subject: row.subject,
        html_body: row.html_body,
        text_body: row.text_body,
        updated_by: row.updated_by,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();

export const deleteLayout = (tx: Tx, organizationId: string, name: string, locale: string) =>
  tx.deleteFrom('message_layouts').where('organization_id', '=', organizationId).where('name', '=', name).where('locale', '=', locale).executeTakeFirst();

export const setVariable = (tx: Tx, organizationId: string, variable: string, layoutName: string) =>
  tx
    .insertInto('message_layout_variables')
    .values({ organization_id: organizationId, variable, layout_name: layoutName })
    .onConflict((oc) => oc.columns(['organization_id', 'variable']).doUpdateSet({ layout_name: layoutName, updated_at: sql<Date>`now()` }))
    .execute();

export const unsetVariable = (tx: Tx, organizationId: string, variable: string) =>
  tx.deleteFrom('message_layout_variables').where('organization_id', '=', organizationId).where('variable', '=', variable).execute();
