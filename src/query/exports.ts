// Dataset exports (ODS Explore v2.1 §2.8, E10): the records an Explore query chooses, with no
// 100-record cap, streamed a batch at a time in CSV, JSON, JSON Lines or GeoJSON.
import type { Dataset, Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import { AppError } from '../errors.js';
import { planQuery, type ExploreQuery } from './plan.js';
import { answerFields } from './records.js';
import { recordsSource } from './source.js';

export const EXPORT_FORMATS = {
  csv: { mimetype: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { mimetype: 'application/json; charset=utf-8', extension: 'json' },
  jsonl: { mimetype: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  geojson: { mimetype: 'application/geo+json; charset=utf-8', extension: 'geojson' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export interface ExportOptions {
  /** -1 (the default): every record. */
  limit: number;
  offset: number;
  /** CSV: `;` by default. */
  delimiter: string;
  /** CSV: how the values of a multivalued field are joined (`,` by default). */
  listSeparator: string;
  /** CSV: quote every cell, not only those that need it. */
  quoteAll: boolean;
  /** CSV: a byte order mark first (the v2.1 default, so that Excel reads UTF-8). */
  withBom: boolean;
  /** CSV: the fields' labels as the header instead of their names. */
  useLabels: boolean;
}

export function isExportFormat(format: string): format is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, format);
}

/** The export's text, in pieces. The query is planned (and refused with a 400) before the first piece. */
export async function exportRecords(ctx: DataPlaneContext, dataset: Dataset, format: ExportFormat, query: ExploreQuery, options: ExportOptions): Promise<AsyncIterable<string>> {
  const source = await recordsSource(ctx, dataset);
  if (!source) return (async function* nothing() {
    yield format === 'json' ? '[]' : format === 'geojson' ? '{"type":"FeatureCollection","features":[]}' : '';
  })();
  const plan = planQuery(source, query);
  const n = plan.params.length;
  const sql = options.limit >= 0 ? `${plan.sql} limit $${n + 1} offset $${n + 2}` : `${plan.sql} offset $${n + 1}`;
  const params = options.limit >= 0 ? [...plan.params, options.limit, options.offset] : [...plan.params, options.offset];
  const fields = answerFields(plan.columns).map((f) => ({ ...f, label: source.fields.find((s) => s.name === f.name)?.label ?? f.name }));
  const batches = ctx.engine.stream(sql, params);
  switch (format) {
    case 'csv':
      return csvLines(batches, fields, options);
    case 'json':
      return jsonArray(batches, fields);
    case 'jsonl':
      return jsonLines(batches, fields);
    case 'geojson': {
      const geometry = fields.find((f) => f.type === 'geo_shape') ?? fields.find((f) => f.type === 'geo_point_2d');
      if (!geometry) throw new AppError('EXPORT_NO_GEOMETRY', { format: 'geojson' });
      return geojson(batches, fields, geometry);
    }
  }
}

async function* jsonArray(batches: AsyncIterable<Record<string, unknown>[]>, fields: Field[]): AsyncIterable<string> {
  let first = true;
  yield '[';
  for await (const rows of batches) {
    const text = rows.map((row) => JSON.stringify(toApiRecord(fields, row))).join(',');
    if (text === '') continue;
    yield first ? text : `,${text}`;
    first = false;
  }
  yield ']';
}

async function* jsonLines(batches: AsyncIterable<Record<string, unknown>[]>, fields: Field[]): AsyncIterable<string> {
  for await (const rows of batches) yield rows.map((row) => `${JSON.stringify(toApiRecord(fields, row))}\n`).join('');
}

/** A FeatureCollection: the geometry from the first geo_shape field, else the first geo_point_2d; the other fields as properties. */
async function* geojson(batches: AsyncIterable<Record<string, unknown>[]>, fields: Field[], geometryField: Field): AsyncIterable<string> {
  let first = true;
  yield '{"type":"FeatureCollection","features":[';
  for await (const rows of batches) {
    const features = rows.map((row) => {
      const record = toApiRecord(fields, row);
      const value = record[geometryField.name] as { lon: number; lat: number } | { geometry: unknown } | null;
      delete record[geometryField.name];
      const geometry = value === null ? null : 'geometry' in value ? value.geometry : { type: 'Point', coordinates: [value.lon, value.lat] };
      return JSON.stringify({ type: 'Feature', geometry, properties: record });
    });
    if (features.length === 0) continue;
    yield `${first ? '' : ','}${features.join(',')}`;
    first = false;
  }
  yield ']}';
}

async function* csvLines(batches: AsyncIterable<Record<string, unknown>[]>, fields: Field[], options: ExportOptions): AsyncIterable<string> {
  const cell = (value: string): string => (options.quoteAll || /["\r\n]/.test(value) || value.includes(options.delimiter) ? `"${value.replace(/"/g, '""')}"` : value);
  const line = (values: string[]) => `${values.map(cell).join(options.delimiter)}\r\n`;
  yield `${options.withBom ? '\ufeff' : ''}${line(fields.map((f) => (options.useLabels ? f.label : f.name)))}`;
  for await (const rows of batches) {
    yield rows
      .map((row) => {
        const record = toApiRecord(fields, row);
        return line(fields.map((f) => csvValue(f, record[f.name], options.listSeparator)));
      })
      .join('');
  }
}

/** A value as ODS writes it in CSV: a point as `lat, lon`, a shape as its GeoJSON geometry, a list joined. */
function csvValue(field: Field, value: unknown, listSeparator: string): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'geo_point_2d' && typeof value === 'object') {
    const point = value as { lon: number; lat: number };
    return `${point.lat}, ${point.lon}`;
  }
  if (field.type === 'geo_shape' && typeof value === 'object') return JSON.stringify((value as { geometry: unknown }).geometry);
  if (Array.isArray(value)) return value.join(listSeparator);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
