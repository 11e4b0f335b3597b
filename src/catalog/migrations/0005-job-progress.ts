// Job progress as a publisher follows it: the phase, the rows and bytes read so far.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('phase', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('rows_read', 'bigint').execute();
  await db.schema.alterTable('jobs').addColumn('bytes_read', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['phase', 'rows_read', 'bytes_read']) await db.schema.alterTable('jobs').dropColumn(column).execute();
}
