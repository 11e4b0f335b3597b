// The pages a French public site must have (mentions légales, données personnelles, déclaration
// d'accessibilité with its conformity status) and the featured datasets, per portal: JSON, edited
// by the operator (docs/portals.md).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('portals').addColumn('pages', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('portals').addColumn('featured', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('portals').dropColumn('featured').execute();
  await db.schema.alterTable('portals').dropColumn('pages').execute();
}
