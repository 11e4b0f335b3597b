// Dataset aliases per portal: the ids a migrated OpenDataSoft domain used, so that its old URLs
// keep answering on that portal (docs/DESIGN.md, "Dataset ids").
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dataset_aliases')
    .addColumn('portal_id', 'text', (c) => c.notNull().references('portals.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('dataset_uid', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_aliases_pk', ['portal_id', 'alias'])
    .execute();
  await db.schema.createIndex('dataset_aliases_dataset').on('dataset_aliases').column('dataset_uid').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dataset_aliases').execute();
}
