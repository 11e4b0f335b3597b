// Attachments of datasets: the rows; their files are in the blob store.
import type { CatalogDb } from './database.js';
import { nowIso } from './ids.js';
import type { AttachmentRow } from './schema.js';

/** Adds or replaces (same id) an attachment; returns the file it replaced, to remove. */
export async function putAttachment(db: CatalogDb, row: Omit<AttachmentRow, 'created_at'>): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom('attachments').select('file').where('dataset_uid', '=', row.dataset_uid).where('id', '=', row.id).executeTakeFirst();
    await trx.deleteFrom('attachments').where('dataset_uid', '=', row.dataset_uid).where('id', '=', row.id).execute();
    await trx.insertInto('attachments').values({ ...row, created_at: nowIso() }).execute();
    return previous && previous.file !== row.file ? previous.file : null;
  });
}

export async function listAttachments(db: CatalogDb, datasetUids: readonly string[]): Promise<AttachmentRow[]> {
  if (datasetUids.length === 0) return [];
  const rows = await db.selectFrom('attachments').selectAll().where('dataset_uid', 'in', datasetUids).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ ...r, byte_size: Number(r.byte_size) }));
}

export async function findAttachment(db: CatalogDb, datasetUid: string, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('dataset_uid', '=', datasetUid).where('id', '=', id).executeTakeFirst();
}

/** Removes the row; returns its file, to remove. */
export async function deleteAttachment(db: CatalogDb, datasetUid: string, id: string): Promise<string | null> {
  const row = await findAttachment(db, datasetUid, id);
  if (!row) return null;
  await db.deleteFrom('attachments').where('dataset_uid', '=', datasetUid).where('id', '=', id).execute();
  return row.file;
}
