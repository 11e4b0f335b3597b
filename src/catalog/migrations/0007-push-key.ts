// A dataset's push key: the secret of OpenDataSoft's push URL (`?pushkey=`), kept as its sha256
// only. One per dataset; gone with the dataset.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dataset_push_keys')
    .addColumn('dataset_uid', 'text', (c) => c.primaryKey().references('datasets.id').onDelete('cascade'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dataset_push_keys').execute();
}
