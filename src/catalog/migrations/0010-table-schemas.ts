// Table Schema validation (docs/schemas.md): the schemas an administrator adds to the registry
// (the shipped SCDL ones live in schemas/, not here), and each version's validation report with
// the schema it conforms to, read with the live version so that a catalog listing shows badges
// and the "schema" facet without another query.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('table_schemas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The registry name, as a publisher writes it: `mon-schema`; never one of the shipped names.
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('version', 'text')
    // The descriptor as given (JSON), checked when added.
    .addColumn('descriptor', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('added_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // `name@version` of the schema the version conforms to (no error), null otherwise.
  await db.schema.alterTable('versions').addColumn('conforms_to', 'text').execute();
  // JSON: the validation report (src/schema/report.ts), null when the dataset declares no schema.
  await db.schema.alterTable('versions').addColumn('validation', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('versions').dropColumn('validation').execute();
  await db.schema.alterTable('versions').dropColumn('conforms_to').execute();
  await db.schema.dropTable('table_schemas').execute();
}
