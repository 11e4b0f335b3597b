// The Table Schemas an administrator added to the registry (migrations/0010-table-schemas.ts). The
// shipped SCDL schemas are files under schemas/, never rows here: src/schema/registry.ts joins both.
import type { CatalogDb } from './database.js';
import { nowIso, randomId } from './ids.js';
import type { TableSchemaRow } from './schema.js';

export interface NewTableSchema {
  name: string;
  title: string | null;
  version: string | null;
  /** The descriptor as given (JSON text), already checked. */
  descriptor: string;
  sourceUrl: string | null;
  addedBy: string | null;
}

/** Throws the store's unique violation (isUniqueViolation) when the name is taken. */
export async function insertTableSchema(db: CatalogDb, input: NewTableSchema): Promise<TableSchemaRow> {
  const row: TableSchemaRow = {
    id: `s${randomId(12)}`,
    name: input.name,
    title: input.title,
    version: input.version,
    descriptor: input.descriptor,
    source_url: input.sourceUrl,
    added_by: input.addedBy,
    created_at: nowIso(),
  };
  await db.insertInto('table_schemas').values(row).execute();
  return row;
}

export async function listTableSchemas(db: CatalogDb): Promise<TableSchemaRow[]> {
  return db.selectFrom('table_schemas').selectAll().orderBy('name').execute();
}

export async function findTableSchemaByName(db: CatalogDb, name: string): Promise<TableSchemaRow | undefined> {
  return db.selectFrom('table_schemas').selectAll().where('name', '=', name).executeTakeFirst();
}

/** False when there was no such schema. */
export async function deleteTableSchema(db: CatalogDb, name: string): Promise<boolean> {
  const result = await db.deleteFrom('table_schemas').where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
