// Who may read a `restricted` dataset besides the members of its owner: named organisations (all
// their members), users, or API keys. The rule that uses them is src/auth/visibility.ts.
import type { CatalogDb } from './database.js';
import { nowIso } from './ids.js';
import type { GranteeKind } from './schema.js';

export interface Grant {
  kind: GranteeKind;
  id: string;
}

export async function grantDataset(db: CatalogDb, datasetUid: string, grantee: Grant): Promise<void> {
  await db
    .insertInto('dataset_grants')
    .values({ dataset_uid: datasetUid, grantee_kind: grantee.kind, grantee_id: grantee.id, created_at: nowIso() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** False when there was no such grant. */
export async function revokeDatasetGrant(db: CatalogDb, datasetUid: string, grantee: Grant): Promise<boolean> {
  const result = await db.deleteFrom('dataset_grants').where('dataset_uid', '=', datasetUid).where('grantee_kind', '=', grantee.kind).where('grantee_id', '=', grantee.id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listDatasetGrants(db: CatalogDb, datasetUid: string): Promise<Array<Grant & { created_at: string }>> {
  const rows = await db.selectFrom('dataset_grants').selectAll().where('dataset_uid', '=', datasetUid).orderBy('created_at').execute();
  return rows.map((row) => ({ kind: row.grantee_kind, id: row.grantee_id, created_at: row.created_at }));
}
