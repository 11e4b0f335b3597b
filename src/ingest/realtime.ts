// Realtime datasets (docs/DESIGN.md): a push batch upserts and deletes records by the dataset's
// key field. It is written as a small immutable Parquet delta beside the live version and is
// visible as soon as its row is stored; the records are the version and the deltas merged at query
// time. A compaction folds the deltas into a new version.
import fsp from 'node:fs/promises';
import { DuckDBListValue } from '@duckdb/node-api';
import { datasetScope, PLATFORM } from '../auth/index.js';
import { findDataset, getVersion, insertDelta, isUniqueViolation, lastDeltaSeq, randomId, setRecordKey, startJob, finishJob, versionOrder, type Dataset, type Version } from '../catalog/index.js';
import { orderClause, PARQUET_COPY_OPTIONS, publishVersion, sqlIdentifier, sqlLiteral, STORAGE_TYPES, type DataPlaneContext, type EngineConnection, type PublishOptions } from '../data/index.js';
import { AppError } from '../errors.js';
import { recordsSource, withShapeBoxes, type RecordsSource } from '../query/index.js';
import { loadJsonStaging } from './json.js';
import { publishFile } from './publish-file.js';
import { STAGING_TABLE } from './staging.js';
import { inferColumns, typedExpression } from './typing.js';

export interface PushBatch {
  upsert: Record<string, unknown>[];
  /** Values of the key field of the records to delete. */
  delete: (string | number)[];
}

export interface PushResult {
  dataset_id: string;
  /** The batch's sequence number; 0 when the batch created the dataset as its first version. */
  seq: number;
  upserts: number;
  deletes: number;
  created: boolean;
}

export async function pushRecords(ctx: DataPlaneContext, datasetId: string, batch: PushBatch, key: string | undefined, options: PublishOptions, organisation?: string): Promise<PushResult> {
  let dataset = await findDataset(ctx.db, datasetScope(PLATFORM, null), datasetId);
  if (!dataset || !dataset.liveVersionId) {
    // The first batch makes the dataset: its records are version 1, typed like a JSON file.
    if (!key) throw new AppError('PUSH_KEY_REQUIRED', { dataset_id: datasetId }, { parameter: 'key' });
    if (batch.upsert.length === 0) throw new AppError('INGEST_EMPTY_FILE', { file: 'push' });
    if (batch.upsert.some((record) => record[key] === undefined || record[key] === null)) throw new AppError('PUSH_KEY_MISSING', { field: key }, { field: key });
    const file = ctx.blobs.temporaryFile('.json');
    try {
      await fsp.writeFile(file, JSON.stringify(batch.upsert));
      const result = await publishFile(ctx, { file, fileName: 'push.json', datasetId, organisation }, options);
      checkKeyField(result.version, key);
      await setRecordKey(ctx.db, result.dataset.uid, key);
      return { dataset_id: datasetId, seq: 0, upserts: batch.upsert.length, deletes: 0, created: true };
    } finally {
      await fsp.rm(file, { force: true });
    }
  }
  const version = await getVersion(ctx.db, dataset.liveVersionId);
  if (!version) throw new AppError('DATASET_NOT_FOUND', { dataset_id: datasetId });
  if (!dataset.recordKey) {
    if (!key) throw new AppError('PUSH_KEY_REQUIRED', { dataset_id: datasetId }, { parameter: 'key' });
    checkKeyField(version, key);
    await setRecordKey(ctx.db, dataset.uid, key);
    dataset = { ...dataset, recordKey: key };
  } else if (key && key !== dataset.recordKey) {
    throw new AppError('INVALID_PARAMETER', { parameter: 'key', value: key, expected: dataset.recordKey }, { parameter: 'key' });
  }
  const jobId = await startJob(ctx.db, 'push', dataset.uid, { upserts: batch.upsert.length, deletes: batch.delete.length });
  try {
    const result = await writeDelta(ctx, dataset, version, batch);
    await finishJob(ctx.db, jobId);
    return result;
  } catch (error) {
    await finishJob(ctx.db, jobId, error instanceof AppError ? error : new AppError('INTERNAL', { request_id: jobId })).catch(() => undefined);
    throw error;
  }
}

function checkKeyField(version: Version, key: string): void {
  if (!version.fields.some((f) => f.name === key)) {
    throw new AppError('INVALID_FIELD', { field: key, value: key, expected: `one of the fields ${version.fields.map((f) => f.name).join(', ')}`, expected_fr: `un des champs ${version.fields.map((f) => f.name).join(', ')}` }, { parameter: 'key' });
  }
}

async function writeDelta(ctx: DataPlaneContext, dataset: Dataset, version: Version, batch: PushBatch): Promise<PushResult> {
  const key = dataset.recordKey ?? '';
  const keyField = version.fields.find((f) => f.name === key);
  if (!keyField) throw new AppError('INVALID_FIELD', { field: key, value: key, expected: 'a field of the dataset' }, { field: key });
  const temporary = ctx.blobs.temporaryFile('.parquet');
  const json = ctx.blobs.temporaryFile('.json');
  try {
    await ctx.engine.withConnection(async (connection) => {
      await connection.run("set TimeZone = 'Europe/Paris'");
      const upserts = batch.upsert.length > 0 ? await stageUpserts(connection, json, version, key, batch.upsert) : null;
      // Keys to delete, typed as the key field: a key that cannot be one is reported.
      await connection.run('create or replace temp table push_deletes (k varchar)');
      if (batch.delete.length > 0) await connection.run('insert into push_deletes select unnest($1::varchar[])', [new DuckDBListValue(batch.delete.map(String))]);
      const [bad] = await connection.query(`select k from push_deletes where try_cast(k as ${STORAGE_TYPES[keyField.type]}) is null limit 1`);
      if (bad) throw new AppError('INGEST_TYPE_MISMATCH', { column: key, type: keyField.type, value: String(bad.k), record: 1 }, { field: key });
      const deletes = `select cast(k as ${STORAGE_TYPES[keyField.type]}) as ${sqlIdentifier(key)}, (1000000000 + row_number() over ())::bigint as __row, true as __deleted from push_deletes`;
      const sql = upserts ? `${upserts} union all by name ${deletes}` : deletes;
      await connection.run(`copy (${sql}) to ${sqlLiteral(temporary)} (${PARQUET_COPY_OPTIONS})`);
    });
    return await storeDelta(ctx, dataset, temporary, batch);
  } finally {
    await fsp.rm(temporary, { force: true });
    await fsp.rm(json, { force: true });
  }
}

/** The batch's records in a staging table, typed as the version's fields; the SELECT of them. */
async function stageUpserts(connection: EngineConnection, json: string, version: Version, key: string, records: Record<string, unknown>[]): Promise<string> {
  const text = JSON.stringify(records);
  await fsp.writeFile(json, text);
  // An array we wrote ourselves: no need to look for where the records are.
  const { columns } = await loadJsonStaging(connection, { file: json, fileName: 'push', path: undefined, fileBytes: Buffer.byteLength(text), maxColumns: version.fields.length + 1000, shape: 'array' });
  const known = new Map(version.fields.map((f) => [f.name, f]));
  const unknown = columns.find((c) => !known.has(c.name));
  if (unknown) throw new AppError('INVALID_FIELD', { field: unknown.label, value: unknown.label, expected: `one of the fields ${[...known.keys()].join(', ')}`, expected_fr: `un des champs ${[...known.keys()].join(', ')}` }, { field: unknown.label });
  if (!columns.some((c) => c.name === key)) throw new AppError('PUSH_KEY_MISSING', { field: key }, { field: key });
  const forced = Object.fromEntries(columns.map((c) => [c.name, known.get(c.name)?.type ?? 'text']));
  const typed = await inferColumns(connection, STAGING_TABLE, columns, forced);
  const [missingKey] = await connection.query(`select count(*) as n from ${STAGING_TABLE} where ${sqlIdentifier(key)} is null`);
  if (Number(missingKey?.n) > 0) throw new AppError('PUSH_KEY_MISSING', { field: key }, { field: key });
  const expressions = version.fields.map((field) => {
    const column = typed.find((c) => c.name === field.name);
    return `${column ? typedExpression(column) : `cast(null as ${STORAGE_TYPES[field.type]})`} as ${sqlIdentifier(field.name)}`;
  });
  return `select ${expressions.join(', ')}, row_number() over ()::bigint as __row, false as __deleted from ${STAGING_TABLE}`;
}

/** Stores the batch's file, then gives it the next sequence number (retrying if another push took it). */
async function storeDelta(ctx: DataPlaneContext, dataset: Dataset, written: string, batch: PushBatch): Promise<PushResult> {
  const file = `datasets/${dataset.uid}/delta-${randomId(12)}.parquet`;
  await ctx.blobs.commit(written, file);
  for (let attempt = 1; ; attempt += 1) {
    const seq = (await lastDeltaSeq(ctx.db, dataset.uid)) + 1;
    try {
      await insertDelta(ctx.db, { dataset_uid: dataset.uid, seq, file, upserts: batch.upsert.length, deletes: batch.delete.length });
      return { dataset_id: dataset.datasetId, seq, upserts: batch.upsert.length, deletes: batch.delete.length, created: false };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) {
        await ctx.blobs.remove(file);
        throw error;
      }
    }
  }
}

/** Folds the deltas into a new version (not counted among the versions kept). */
export async function compactDataset(ctx: DataPlaneContext, datasetId: string, options: PublishOptions): Promise<{ version: Version | null; folded: number }> {
  const dataset = await findDataset(ctx.db, datasetScope(PLATFORM, null), datasetId);
  if (!dataset) throw new AppError('DATASET_NOT_FOUND', { dataset_id: datasetId });
  const source = await recordsSource(ctx, dataset);
  if (!source || source.deltaSeq === 0) return { version: null, folded: 0 };
  const jobId = await startJob(ctx.db, 'compaction', dataset.uid, { up_to: source.deltaSeq });
  try {
    const version = await publishVersion(
      ctx,
      {
        datasetUid: dataset.uid,
        fields: source.fields,
        source: { ...source.version.source, kind: 'compaction', compacted_from: source.version.number, up_to: source.deltaSeq },
        // A sorted version stays sorted: pushed keys take their place in the order.
        // The fields, then each shape's box, computed again (pushed records come without one).
        writeParquet: (target) => ctx.engine.query(`copy (${compactedSelect(source)}) to ${sqlLiteral(target)} (${PARQUET_COPY_OPTIONS})`, source.params).then(() => undefined),
        deltasUpTo: source.deltaSeq,
      },
      options,
    );
    await finishJob(ctx.db, jobId);
    return { version, folded: source.deltaSeq };
  } catch (error) {
    await finishJob(ctx.db, jobId, error instanceof AppError ? error : new AppError('INTERNAL', { request_id: jobId })).catch(() => undefined);
    throw error;
  }
}

/** The records of a compacted version: its fields and the boxes of its shapes, in the version's order. */
function compactedSelect(source: RecordsSource): string {
  const fields = `select ${source.fields.map((f) => sqlIdentifier(f.name)).join(', ')} from (${source.sql})`;
  return withShapeBoxes(fields, source.fields, orderClause(versionOrder(source.version)));
}
