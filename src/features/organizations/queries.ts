import type { Tx } from '../../context.js';

export const findBySlug = (tx: Tx, slug: string) =>
  tx.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findById = (tx: Tx, id: string) =>
  tx.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();

export const findByIdForUpdate = (tx: Tx, id: string) =>
  tx.selectFrom('organizations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const listAll = (tx: Tx) => tx.selectFrom('organizations').selectAll().orderBy('slug').execute();

export const countAll = async (tx: Tx) =>
  Number((await tx.selectFrom('organizations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

export const insert = (tx: Tx, slug: string, name: string) =>
  tx.insertInto('organizations').values({ slug, name }).returningAll().executeTakeFirstOrThrow();

export const update = (tx: Tx, id: string, values: { name?: string; settings?: Record<string, unknown> }) =>
  tx
    .updateTable('organizations')
    .set({
      ...(values.name !== undefined && { name: values.name }),
      ...(values.settings !== undefined && { settings: JSON.stringify(values.settings) }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

/** Users that count against the user limit (everyone not disabled). */
export const countActiveUsers = async (tx: Tx, organizationId: string) =>
  Number(
    (
      await tx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organization_id', '=', organizationId)
        .where('status', '!=', 'disabled')
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Whether the organization has an upstream identity provider (features/sso owns the table; enforcing SSO needs one). */
export const hasSso = async (tx: Tx, organizationId: string) =>
  (await tx.selectFrom('organization_sso').select('organization_id').where('organization_id', '=', organizationId).executeTakeFirst()) !== undefined;
