// Attachments: a file kept as it is with a dataset (the PDF of a délibération, a zip of plans).
// The file goes to the blob store under a fresh name, then its row replaces any previous one of
// the same id, then the previous file goes: a reader never meets a row without its file.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { datasetScope, PLATFORM } from '../auth/index.js';
import { getDataset, putAttachment, randomId, snakeName, type AttachmentRow } from '../catalog/index.js';
import type { DataPlaneContext } from '../data/index.js';
import { AppError } from '../errors.js';

const MIMETYPES: Record<string, string> = {
  pdf: 'application/pdf', zip: 'application/zip', csv: 'text/csv', txt: 'text/plain', json: 'application/json', geojson: 'application/geo+json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', doc: 'application/msword',
  odt: 'application/vnd.oasis.opendocument.text', ods: 'application/vnd.oasis.opendocument.spreadsheet',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', svg: 'image/svg+xml', xml: 'application/xml', html: 'text/html', md: 'text/markdown',
};

/** ODS's attachment ids: the file name with its dot as an underscore (`cities1000.zip` → `cities1000_zip`). */
export function attachmentId(fileName: string): string {
  return snakeName(fileName).slice(0, 100);
}

export function mimetypeOf(fileName: string): string {
  return MIMETYPES[path.extname(fileName).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

export async function attachFile(ctx: DataPlaneContext, datasetId: string, file: string, fileName: string, title?: string): Promise<AttachmentRow> {
  const dataset = await getDataset(ctx.db, datasetScope(PLATFORM, null), datasetId);
  const id = attachmentId(fileName);
  if (!id) throw new AppError('INVALID_FIELD', { field: 'filename', value: fileName, expected: 'a file name with letters or digits', expected_fr: 'un nom de fichier avec des lettres ou des chiffres' }, { field: 'filename' });
  const stat = await fsp.stat(file).catch(() => undefined);
  if (!stat) throw new AppError('INGEST_FILE_NOT_FOUND', { file: fileName });
  const stored = `datasets/${dataset.uid}/attachments/${id}-${randomId(8)}`;
  // The file is copied into place under a temporary name first: the blob store only renames whole files.
  const temporary = ctx.blobs.temporaryFile('.attachment');
  await fsp.copyFile(file, temporary);
  await ctx.blobs.commit(temporary, stored);
  const row = { dataset_uid: dataset.uid, id, title: title ?? fileName, file_name: fileName, mimetype: mimetypeOf(fileName), file: stored, byte_size: stat.size };
  const replaced = await putAttachment(ctx.db, row);
  if (replaced) await ctx.blobs.remove(replaced);
  return { ...row, created_at: new Date().toISOString() };
}
