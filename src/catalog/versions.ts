// Versions: the records of a dataset at one moment, as an immutable Parquet file. A version row is
// written once its file is complete; publishing moves the dataset's pointer to it in one
// transaction, so readers see the old version or the new one, never a mix.
import type { CatalogDb } from './database.js';
import { nowIso, randomId } from './ids.js';
import type { VersionRow } from './schema.js';

export type FieldType = 'text' | 'int' | 'double' | 'boolean' | 'date' | 'datetime' | 'geo_point_2d' | 'geo_shape' | 'file';
export const FIELD_TYPES: readonly FieldType[] = ['text', 'int', 'double', 'boolean', 'date', 'datetime', 'geo_point_2d', 'geo_shape', 'file'];

export interface Field {
  name: string;
  label: string;
  type: FieldType;
  description: string | null;
  annotations: Record<string, unknown>;
}

export interface Version {
  id: string;
  datasetUid: string;
  number: number;
  file: string;
  fields: Field[];
  rowCount: number;
  byteSize: number;
  checksum: string;
  source: Record<string, unknown>;
  createdAt: string;
  publishedAt: string | null;
  /** `name@version` of the Table Schema the version conforms to (validated without error), else null. */
  conformsTo: string | null;
}

/**
 * The order a version's records are written in (a dataset's `sort` step): fields, each ascending
 * or descending, nulls last as ODSQL's order_by puts them. Kept in the version's source facts
 * (`source.order`): a query whose order_by is this order reads the file as it is, unsorted.
 */
export type RecordOrder = { field: string; descending: boolean }[];

/** The order the version's records are in, when it was written sorted. */
export function versionOrder(version: Pick<Version, 'source' | 'fields'>): RecordOrder | undefined {
  const order = version.source.order;
  if (!Array.isArray(order) || order.length === 0) return undefined;
  const valid = order.every((o: unknown) => typeof o === 'object' && o !== null && version.fields.some((f) => f.name === (o as { field?: unknown }).field) && typeof (o as { descending?: unknown }).descending === 'boolean');
  return valid ? (order as RecordOrder) : undefined;
}

export type NewVersion = Pick<Version, 'datasetUid' | 'file' | 'fields' | 'rowCount' | 'byteSize' | 'checksum' | 'source'> & {
  conformsTo?: string | null;
  /** The validation report against the dataset's schema (src/schema), kept with the version. */
  validation?: unknown;
};

export async function nextVersionNumber(db: CatalogDb, datasetUid: string): Promise<number> {
  const row = await db.selectFrom('versions').select((eb) => eb.fn.max('number').as('n')).where('dataset_uid', '=', datasetUid).executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export function newVersionId(): string {
  return `v${randomId(12)}`;
}

export async function insertVersion(db: CatalogDb, id: string, number: number, input: NewVersion): Promise<Version> {
  const row: VersionRow = {
    id,
    dataset_uid: input.datasetUid,
    number,
    file: input.file,
    fields: JSON.stringify(input.fields),
    row_count: input.rowCount,
    byte_size: input.byteSize,
    checksum: input.checksum,
    source: JSON.stringify(input.source),
    created_at: nowIso(),
    published_at: null,
    conforms_to: input.conformsTo ?? null,
    validation: input.validation === undefined || input.validation === null ? null : JSON.stringify(input.validation),
  };
  await db.insertInto('versions').values(row).execute();
  return toVersion(row);
}

/** The atomic switch: the dataset now serves this version. */
export async function switchLiveVersion(db: CatalogDb, datasetUid: string, versionId: string): Promise<void> {
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('versions').set({ published_at: now }).where('id', '=', versionId).execute();
    await trx
      .updateTable('datasets')
      .set({ live_version_id: versionId, data_updated_at: now, modified_at: now })
      .where('id', '=', datasetUid)
      .execute();
  });
}

/** The dataset serves no records until its next publish (its only version was purged). */
export async function clearLiveVersion(db: CatalogDb, datasetUid: string): Promise<void> {
  await db.updateTable('datasets').set({ live_version_id: null, modified_at: nowIso() }).where('id', '=', datasetUid).execute();
}

export async function getDatasetLiveVersionId(db: CatalogDb, datasetUid: string): Promise<string | null> {
  const row = await db.selectFrom('datasets').select('live_version_id').where('id', '=', datasetUid).executeTakeFirst();
  return row?.live_version_id ?? null;
}

export async function getVersion(db: CatalogDb, versionId: string): Promise<Version | undefined> {
  const row = await db.selectFrom('versions').selectAll().where('id', '=', versionId).executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

/** Newest first. */
export async function listVersions(db: CatalogDb, datasetUid: string): Promise<Version[]> {
  const rows = await db.selectFrom('versions').selectAll().where('dataset_uid', '=', datasetUid).orderBy('number', 'desc').execute();
  return rows.map(toVersion);
}

export async function deleteVersionRow(db: CatalogDb, versionId: string): Promise<void> {
  await db.deleteFrom('versions').where('id', '=', versionId).execute();
}

/** Every file a version row points at: whatever else lies in the blob store is an orphan. */
export async function referencedFiles(db: CatalogDb): Promise<Set<string>> {
  const rows = await db.selectFrom('versions').select('file').execute();
  const deltas = await db.selectFrom('deltas').select('file').execute();
  const attachments = await db.selectFrom('attachments').select('file').execute();
  return new Set([...rows, ...deltas, ...attachments].map((r) => r.file));
}

function toVersion(row: VersionRow): Version {
  return {
    id: row.id,
    datasetUid: row.dataset_uid,
    number: row.number,
    file: row.file,
    fields: JSON.parse(row.fields) as Field[],
    rowCount: Number(row.row_count),
    byteSize: Number(row.byte_size),
    checksum: row.checksum,
    source: JSON.parse(row.source) as Record<string, unknown>,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    conformsTo: row.conforms_to,
  };
}

/** The validation report kept with a version, or null when its dataset declared no schema. */
export async function versionValidation(db: CatalogDb, versionId: string): Promise<unknown> {
  const row = await db.selectFrom('versions').select('validation').where('id', '=', versionId).executeTakeFirst();
  return row?.validation ? (JSON.parse(row.validation) as unknown) : null;
}
