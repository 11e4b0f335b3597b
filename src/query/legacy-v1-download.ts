// The legacy v1 download (ODS spec §2.12: `records/1.0/download`, "like search", every matching
// record): the v1 parameters become the very Explore query search makes (legacy-v1.ts), then
// - csv (the default): the v2.1 export's writer (exports.ts) with its defaults, so that the file is
//   the v2.1 CSV export of the same records, byte for byte (byte order mark included, for Excel);
//   `csv_separator` is v1's name of `delimiter` (`;` by default);
// - json, geojson: v1's own shapes, as search answers them (records with `recordid`, `fields`,
//   `geometry`; features whose properties are those fields), streamed batch by batch.
import { Readable } from 'node:stream';
import type { Dataset, DatasetScope, Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import { exportRecords, type ExportFile, type ExportOptions } from './exports.js';
import { v1Dataset, v1Feature, v1Fields, v1Invalid, v1Query, v1Record, v1Timestamp, v1Timezone, type V1Parameters, type V1Record } from './legacy-v1.js';
import { odsqlName } from './legacy-v1-q.js';
import { planQuery, type ExploreQuery } from './plan.js';
import { RECORD_ID_COLUMN, recordIdSql } from './record-id.js';
import { answerFields } from './records.js';
import { lastValue } from './query-string.js';
import { recordsSource } from './source.js';

const FORMATS = ['csv', 'json', 'geojson'] as const;
type V1DownloadFormat = (typeof FORMATS)[number];

const MIMETYPES: Record<V1DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

/** The separators a CSV may have (those of the v2.1 export's `delimiter`). */
const SEPARATORS = [';', ',', '\t', '|'];

export interface V1Download {
  datasetId: string;
  file: ExportFile;
}

/** GET or POST /api/records/1.0/download: planned (and refused with a 400) before the first byte. */
export async function downloadV1(ctx: DataPlaneContext, scope: DatasetScope, raw: V1Parameters, now: Date = new Date()): Promise<V1Download> {
  const dataset = await v1Dataset(ctx, scope, raw);
  const fields = dataset.live?.fields ?? [];
  const format = (lastValue(raw.format) ?? 'csv').trim().toLowerCase() as V1DownloadFormat;
  if (!FORMATS.includes(format)) throw v1Invalid('format', format, 'csv, json or geojson', 'csv, json ou geojson');
  const query = v1Query(raw, fields, now);
  const only = v1Fields(raw, fields);
  if (format === 'csv') {
    const separator = lastValue(raw.csv_separator) ?? ';';
    if (!SEPARATORS.includes(separator)) throw v1Invalid('csv_separator', separator, '; , | or a tab', '; , | ou une tabulation');
    // `fields` chooses the columns, in the dataset's order as v1 writes them.
    const select = only ? fields.filter((f) => only.includes(f.name)).map((f) => odsqlName(f.name)).join(', ') : undefined;
    // `timezone` as on the v2.1 export: datetimes written in that zone.
    const timezone = lastValue(raw.timezone) === undefined ? undefined : v1Timezone(raw);
    const file = await exportRecords(ctx, dataset, 'csv', { ...query, select, timezone }, csvOptions(separator));
    return { datasetId: dataset.datasetId, file };
  }
  const timezone = v1Timezone(raw);
  const records = await v1Records(ctx, dataset, query, timezone, only);
  const body = format === 'json' ? jsonArray(records) : featureCollection(records);
  return { datasetId: dataset.datasetId, file: { mimetype: MIMETYPES[format], extension: format, body: Readable.from(body) } };
}

/** The v2.1 export's defaults (export-options.ts), with v1's separator. */
function csvOptions(delimiter: string): ExportOptions {
  return { limit: -1, offset: 0, delimiter, listSeparator: ',', quoteAll: false, withBom: true, useLabels: false, compressed: false, parquetCompression: 'snappy' };
}

/**
 * Every record the query chooses, in v1's shape, as DuckDB streams them. The plan is made here,
 * before the answer starts, so that a bad `q` or `sort` is a 400 and not a cut file.
 */
async function v1Records(ctx: DataPlaneContext, dataset: Dataset, query: ExploreQuery, timezone: string, only: string[] | undefined): Promise<AsyncIterable<V1Record[]>> {
  const source = await recordsSource(ctx, dataset);
  if (!source) return (async function* () {})();
  const plan = planQuery({ ...source, recordId: recordIdSql(dataset, source.fields) }, query);
  const columns = answerFields(plan.columns);
  const fields: readonly Field[] = source.fields;
  const timestamp = v1Timestamp(dataset, timezone);
  const batches = ctx.engine.stream(plan.sql, plan.params);
  return (async function* () {
    for await (const rows of batches) yield rows.map((row) => v1Record(dataset, fields, toApiRecord(columns, row), String(row[RECORD_ID_COLUMN] ?? ''), timezone, timestamp, only));
  })();
}

async function* jsonArray(batches: AsyncIterable<V1Record[]>): AsyncIterable<string> {
  let first = true;
  yield '[';
  for await (const records of batches) {
    if (records.length === 0) continue;
    yield `${first ? '' : ','}${records.map((r) => JSON.stringify(r)).join(',')}`;
    first = false;
  }
  yield ']';
}

async function* featureCollection(batches: AsyncIterable<V1Record[]>): AsyncIterable<string> {
  let first = true;
  yield '{"type":"FeatureCollection","features":[';
  for await (const records of batches) {
    if (records.length === 0) continue;
    yield `${first ? '' : ','}${records.map((r) => JSON.stringify(v1Feature(r))).join(',')}`;
    first = false;
  }
  yield ']}';
}
