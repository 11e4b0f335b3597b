// OpenDataSoft's push URL (ods-documentation, "Keeping data up to date"), over our pushes
// (realtime.ts): `…/push/` adds or replaces the records of a JSON body (one record or an array of
// them) by the dataset's key field, `…/delete/` deletes the records posted, by the value of their
// key field, and `…/{record_id}/delete/` the record of that id (src/query/record-id.ts). Each is
// opened by the dataset's push key (src/catalog/push-keys.ts), which opens nothing else.
import { datasetScope, PLATFORM, type Caller } from '../auth/index.js';
import { findDataset, isPushKey, type Dataset } from '../catalog/index.js';
import type { DataPlaneContext, PublishOptions } from '../data/index.js';
import { AppError } from '../errors.js';
import { findRecord } from '../query/index.js';
import { pushRecords, type PushBatch, type PushResult } from './realtime.js';

/** ODS: "the payload of a push is limited to 5 MB". */
export const ODS_PUSH_MAX_BYTES = 5 * 1024 * 1024;

export type OdsPushAction = 'push' | 'delete';

export interface OdsPushRequest {
  datasetId: string;
  /** The `pushkey` parameter, as sent. */
  pushkey: string | undefined;
  /** The request's caller (API key or anonymous): whether a refusal may tell that the dataset exists. */
  caller: Caller;
}

/**
 * `…/push/` or `…/delete/` with its body, the JSON text as received (read only once the key is
 * checked, so that a caller without it learns nothing from its errors). Null when the body holds
 * no record: nothing is pushed.
 */
export async function odsPush(ctx: DataPlaneContext, request: OdsPushRequest, action: OdsPushAction, body: string | undefined, options: PublishOptions): Promise<PushResult | null> {
  const dataset = await pushDataset(ctx, request);
  const records = odsRecords(body);
  if (records.length === 0) return null;
  const batch: PushBatch = action === 'push' ? { upsert: records, delete: [] } : { upsert: [], delete: records.map((r) => keyValue(r[dataset.recordKey], dataset.recordKey)) };
  return pushRecords(ctx, dataset.datasetId, batch, undefined, options);
}

/** `…/{record_id}/delete/`: the record of that id, deleted by its key field's value. */
export async function odsDeleteRecord(ctx: DataPlaneContext, request: OdsPushRequest, recordId: string, options: PublishOptions): Promise<PushResult> {
  const dataset = await pushDataset(ctx, request);
  const record = await findRecord(ctx, dataset, recordId);
  if (!record) throw new AppError('RECORD_NOT_FOUND', { record_id: recordId, dataset_id: dataset.datasetId });
  return pushRecords(ctx, dataset.datasetId, { upsert: [], delete: [keyValue(record[dataset.recordKey], dataset.recordKey)] }, undefined, options);
}

/**
 * The dataset the push key opens, with its key field. Refused: no key (401), another key (403);
 * but a dataset the caller may not see is answered as a missing one (404), as everywhere else
 * (src/auth/visibility.ts), unless the right key comes with the request.
 */
async function pushDataset(ctx: DataPlaneContext, request: OdsPushRequest): Promise<Dataset & { recordKey: string }> {
  const dataset = await findDataset(ctx.db, datasetScope(PLATFORM, null), request.datasetId);
  if (!dataset) throw new AppError('DATASET_NOT_FOUND', { dataset_id: request.datasetId });
  if (!request.pushkey || !(await isPushKey(ctx.db, dataset.uid, request.pushkey))) {
    if (!(await findDataset(ctx.db, datasetScope(request.caller, null), request.datasetId))) throw new AppError('DATASET_NOT_FOUND', { dataset_id: request.datasetId });
    throw request.pushkey ? new AppError('PUSHKEY_INVALID', { dataset_id: dataset.datasetId }) : new AppError('PUSHKEY_REQUIRED', { dataset_id: dataset.datasetId }, { parameter: 'pushkey' });
  }
  // Pushes go by the key field, which the first management push names (?key=FIELD).
  const { recordKey } = dataset;
  if (recordKey === null) throw new AppError('PUSH_KEY_FIELD_UNSET', { dataset_id: dataset.datasetId });
  return { ...dataset, recordKey };
}

/** ODS: the body is one record (a JSON object) or an array of them. */
function odsRecords(body: string | undefined): Record<string, unknown>[] {
  let value: unknown;
  try {
    value = JSON.parse(body ?? '');
  } catch (error) {
    const detail = body ? (error as Error).message : 'the body is empty';
    throw new AppError('MALFORMED_BODY', { detail, detail_fr: body ? detail : 'le corps est vide' });
  }
  const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(value)) return [value as Record<string, unknown>];
  if (Array.isArray(value) && value.every(isRecord)) return value as Record<string, unknown>[];
  throw new AppError('INVALID_FIELD', { field: 'body', value: JSON.stringify(value).slice(0, 80), expected: 'a record (a JSON object) or an array of records', expected_fr: "un enregistrement (un objet JSON) ou un tableau d'enregistrements" }, { field: 'body' });
}

/** A key field's value as a delete names it. */
function keyValue(value: unknown, key: string): string | number {
  if (value === undefined || value === null) throw new AppError('PUSH_KEY_MISSING', { field: key }, { field: key });
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new AppError('INVALID_FIELD', { field: key, value: JSON.stringify(value).slice(0, 80), expected: 'a key value (text or a number)', expected_fr: 'une valeur de clé (un texte ou un nombre)' }, { field: key });
}
