// Realtime datasets: a key field per dataset, and the push batches (deltas) not yet compacted into a
// version. A delta is an immutable Parquet file of the blob store, like a version.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('datasets').addColumn('record_key', 'text').execute();
  await db.schema
    .createTable('deltas')
    .addColumn('dataset_uid', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('upserts', 'integer', (c) => c.notNull())
    .addColumn('deletes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deltas_pk', ['dataset_uid', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deltas').execute();
  await db.schema.alterTable('datasets').dropColumn('record_key').execute();
}
