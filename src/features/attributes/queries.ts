import type { Tx } from '../../context.js';
import type { AttributeType } from '../../db/types.js';

export const list = (tx: Tx, organizationId: string) =>
  tx.selectFrom('attribute_definitions').selectAll().where('organization_id', '=', organizationId).orderBy('name').execute();

export const findById = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('attribute_definitions').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const insert = (tx: Tx, d: { organization_id: string; name: string; type: AttributeType; required: boolean; inheritable: boolean }) =>
  tx.insertInto('attribute_definitions').values(d).returningAll().executeTakeFirstOrThrow();

export const update = (tx: Tx, organizationId: string, id: string, patch: { type?: AttributeType; required?: boolean; inheritable?: boolean }) =>
  tx
    .updateTable('attribute_definitions')
    .set({ ...patch, updated_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();

export const remove = (tx: Tx, organizationId: string, id: string) =>
  tx.deleteFrom('attribute_definitions').where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();
