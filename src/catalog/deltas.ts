// Push batches of realtime datasets not yet compacted into a version (docs/DESIGN.md, "Realtime
// datasets"): the live version plus these deltas, merged at query time, are the records.
import type { CatalogDb } from './database.js';
import { nowIso } from './ids.js';
import type { DeltaRow } from './schema.js';

export async function listDeltas(db: CatalogDb, datasetUid: string): Promise<DeltaRow[]> {
  return db.selectFrom('deltas').selectAll().where('dataset_uid', '=', datasetUid).orderBy('seq').execute();
}

/** The sequence number of the last push (0 when none): it changes whenever the records do. */
export async function lastDeltaSeq(db: CatalogDb, datasetUid: string): Promise<number> {
  const row = await db.selectFrom('deltas').select((eb) => eb.fn.max('seq').as('seq')).where('dataset_uid', '=', datasetUid).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export async function insertDelta(db: CatalogDb, delta: Omit<DeltaRow, 'created_at'>): Promise<DeltaRow> {
  const row = { ...delta, created_at: nowIso() };
  await db.insertInto('deltas').values(row).execute();
  return row;
}

/** Removes the deltas up to a sequence number (all of them with null); returns their files. */
export async function removeDeltasUpTo(db: CatalogDb, datasetUid: string, seq: number | null): Promise<string[]> {
  let select = db.selectFrom('deltas').select('file').where('dataset_uid', '=', datasetUid);
  let remove = db.deleteFrom('deltas').where('dataset_uid', '=', datasetUid);
  if (seq !== null) {
    select = select.where('seq', '<=', seq);
    remove = remove.where('seq', '<=', seq);
  }
  const rows = await select.execute();
  await remove.execute();
  return rows.map((r) => r.file);
}
