// Dataset exports (ODS Explore v2.1 §2.8, E10): the records an Explore query chooses, with no
// 100-record cap, streamed in CSV (export-csv.ts), JSON, JSON Lines, GeoJSON, Parquet
// (export-parquet.ts), XLSX (export-xlsx.ts), KML and GPX (export-geo-xml.ts), FlatGeobuf
// (export-fgb.ts), RDF (export-rdf.ts) or OV2 (export-ov2.ts), or as a zipped Shapefile
// (export-shp.ts); gzipped on demand (`compressed=true`).
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Dataset, Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext, type SqlParams } from '../data/index.js';
import { AppError } from '../errors.js';
import { csvExport } from './export-csv.js';
import { emptyFgb, fgbExport } from './export-fgb.js';
import { gpxExport, kmlExport, type GpxOptions } from './export-geo-xml.js';
import { ov2Export } from './export-ov2.js';
import { parquetExport } from './export-parquet.js';
import { isRdfFormat, rdfExport } from './export-rdf.js';
import { shpExport } from './export-shp.js';
import { xlsxExport } from './export-xlsx.js';
import { pageClause } from './paging.js';
import { convertGeometry, fromWgs84 } from './projections.js';
import { planQuery, type ExploreQuery, type PlanSource } from './plan.js';
import { recordIdSql } from './record-id.js';
import { answerFields } from './records.js';
import { recordsSource } from './source.js';

export const EXPORT_FORMATS = {
  csv: { mimetype: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { mimetype: 'application/json; charset=utf-8', extension: 'json' },
  jsonl: { mimetype: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  geojson: { mimetype: 'application/geo+json; charset=utf-8', extension: 'geojson' },
  parquet: { mimetype: 'application/vnd.apache.parquet', extension: 'parquet' },
  xlsx: { mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  kml: { mimetype: 'application/vnd.google-earth.kml+xml', extension: 'kml' },
  gpx: { mimetype: 'application/gpx+xml', extension: 'gpx' },
  shp: { mimetype: 'application/zip', extension: 'zip' },
  fgb: { mimetype: 'application/flatgeobuf', extension: 'fgb' },
  jsonld: { mimetype: 'application/ld+json', extension: 'jsonld' },
  turtle: { mimetype: 'text/turtle; charset=utf-8', extension: 'ttl' },
  n3: { mimetype: 'text/n3; charset=utf-8', extension: 'n3' },
  rdfxml: { mimetype: 'application/rdf+xml', extension: 'rdf' },
  ov2: { mimetype: 'application/octet-stream', extension: 'ov2' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export interface ExportOptions {
  /** -1 (the default): every record. */
  limit: number;
  offset: number;
  /** CSV: `;` by default. */
  delimiter: string;
  /** CSV and XLSX: how the values of a multivalued field are joined (`,` by default). */
  listSeparator: string;
  /** CSV: quote every cell, not only those that need it. */
  quoteAll: boolean;
  /** CSV: a byte order mark first (the v2.1 default, so that Excel reads UTF-8). */
  withBom: boolean;
  /** CSV, XLSX, Parquet: the fields' labels as column names instead of their names. */
  useLabels: boolean;
  /** The file gzipped (`.gz` added to its name), sent as such: not a Content-Encoding. */
  compressed: boolean;
  parquetCompression: 'snappy' | 'zstd';
  /** GPX: name_field, description_field_list, use_extension (true when not given). */
  gpx?: GpxOptions;
  /** RDF: the dataset's URL (E2), under which records and properties are named (export-rdf.ts). */
  datasetUrl?: string;
  /** GeoJSON, Shapefile, FlatGeobuf: the coordinate system written (projections.ts); 4326 by default. */
  epsg?: number;
}

/** The formats written in another coordinate system than WGS 84 when `epsg` asks (KML and GPX are WGS 84 by definition). */
export const REPROJECTED_FORMATS: readonly ExportFormat[] = ['geojson', 'shp', 'fgb'];

export function isExportFormat(format: string): format is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, format);
}

/** What the route sends: the body, its type and the file name's extension. */
export interface ExportFile {
  mimetype: string;
  extension: string;
  body: Readable;
}

/** The records an export writes: a SELECT with its paging, and its columns as fields (with labels). */
export interface ChosenRecords {
  sql: string;
  params: SqlParams;
  fields: Field[];
  /**
   * True when every column is a field of the dataset as stored (no group_by, no computed column):
   * DuckDB's own types are then those of the fields, and DuckDB can write the cells itself.
   */
  plainFields: boolean;
}

/** The export. The query is planned (and refused with a 400) before the first byte. */
export async function exportRecords(ctx: DataPlaneContext, dataset: Dataset, format: ExportFormat, query: ExploreQuery, options: ExportOptions): Promise<ExportFile> {
  const source = await recordsSource(ctx, dataset);
  // RDF names each record by its id: the plan carries it, as for the records' links (records.ts).
  const named = source && isRdfFormat(format) ? { ...source, recordId: recordIdSql(dataset, source.fields) } : source;
  return exportSource(ctx, named, format, query, options, dataset.datasetId);
}

/** The export of any source of records: a dataset's (undefined: no records yet), the catalog's (catalog-query.ts). */
export async function exportSource(ctx: DataPlaneContext, source: PlanSource | undefined, format: ExportFormat, query: ExploreQuery, options: ExportOptions, name = 'export'): Promise<ExportFile> {
  const { mimetype, extension } = EXPORT_FORMATS[format];
  // What would not be applied is refused: a KML or a CSV is not written in Lambert-93.
  if ((options.epsg ?? 4326) !== 4326 && !REPROJECTED_FORMATS.includes(format)) {
    throw new AppError('INVALID_PARAMETER', { parameter: 'epsg', value: String(options.epsg), expected: `4326 for ${format} (another system: ${REPROJECTED_FORMATS.join(', ')})` }, { parameter: 'epsg' });
  }
  const pieces = source ? await exportPieces(ctx, format, chooseRecords(source, query, options), options, name) : emptyExport(ctx, format, options);
  const body = pieces instanceof Readable ? pieces : Readable.from(pieces);
  if (!options.compressed) return { mimetype, extension, body };
  // ODS Explore v2.1 §2.8: `compressed` gzips the file itself (the doc's example names it .csv.gzip);
  // an error of the export destroys the gzipped stream too, so the answer is cut, not closed as whole.
  const gzipped = createGzip();
  return { mimetype: 'application/gzip', extension: `${extension}.gz`, body: pipeline(body, gzipped, () => undefined) };
}

function chooseRecords(source: PlanSource, query: ExploreQuery, options: ExportOptions): ChosenRecords {
  const plan = planQuery(source, query);
  const n = plan.params.length;
  // pageClause() writes no OFFSET 0: on a whole export it would make DuckDB read the rows on one thread.
  const paging = pageClause(options, n);
  const sql = `${plan.sql}${paging.sql}`;
  const params = [...plan.params, ...paging.params];
  const fields = answerFields(plan.columns).map((f) => ({ ...f, label: source.fields.find((s) => s.name === f.name)?.label ?? f.name }));
  const grouped = Boolean(query.groupBy?.trim());
  const plainFields = !grouped && fields.every((f) => source.fields.some((s) => s.name === f.name && s.type === f.type));
  return { sql, params, fields, plainFields };
}

/** `name`: the dataset id, for the files inside an archive (shp). */
async function exportPieces(ctx: DataPlaneContext, format: ExportFormat, chosen: ChosenRecords, options: ExportOptions, name: string): Promise<AsyncIterable<string | Buffer> | Readable> {
  switch (format) {
    case 'shp':
      return shpExport(ctx, chosen, options, name);
    case 'fgb':
      return fgbExport(ctx, chosen, options);
    case 'jsonld':
    case 'turtle':
    case 'n3':
    case 'rdfxml':
      return rdfExport(ctx, chosen, options, format, name);
    case 'ov2':
      return ov2Export(ctx, chosen, options);
    case 'csv':
      return csvExport(ctx, chosen, options);
    case 'parquet':
      return parquetExport(ctx, chosen, options);
    case 'xlsx':
      return xlsxExport(ctx, chosen, options);
    default:
      return textPieces(ctx, format, chosen, options);
  }
}

function textPieces(ctx: DataPlaneContext, format: 'json' | 'jsonl' | 'geojson' | 'kml' | 'gpx', chosen: ChosenRecords, options: ExportOptions): AsyncIterable<string> {
  const batches = ctx.engine.stream(chosen.sql, chosen.params);
  if (format === 'kml') return kmlExport(batches, chosen, options);
  if (format === 'gpx') return gpxExport(batches, chosen, options, options.gpx ?? { descriptionFields: [], useExtension: true });
  if (format === 'json') return jsonArray(batches, chosen.fields);
  if (format === 'jsonl') return jsonLines(batches, chosen.fields);
  const geometry = chosen.fields.find((f) => f.type === 'geo_shape') ?? chosen.fields.find((f) => f.type === 'geo_point_2d');
  if (!geometry) throw new AppError('EXPORT_NO_GEOMETRY', { format: 'geojson' });
  return geojson(batches, chosen.fields, geometry, options.epsg);
}

/** A dataset with no records yet: an empty file of the format where it has one. */
function emptyExport(ctx: DataPlaneContext, format: ExportFormat, options: ExportOptions): AsyncIterable<string> | Readable {
  if (format === 'xlsx') return xlsxExport(ctx, { sql: 'select 1 where false', params: [], fields: [], plainFields: false }, options);
  if (format === 'fgb') return Readable.from([emptyFgb()]);
  const empty: Partial<Record<ExportFormat, string>> = {
    json: '[]',
    geojson: '{"type":"FeatureCollection","features":[]}',
    kml: '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n</Document>\n</kml>\n',
    gpx: '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Territoires" xmlns="http://www.topografix.com/GPX/1/1">\n</gpx>\n',
    jsonld: '{"@graph":[]}',
    // A zip with no entry: its end-of-central-directory record alone.
    shp: `PK\u0005\u0006${'\u0000'.repeat(18)}`,
    rdfxml: '<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n</rdf:RDF>\n',
  };
  return Readable.from([empty[format] ?? '']);
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
async function* geojson(batches: AsyncIterable<Record<string, unknown>[]>, fields: Field[], geometryField: Field, epsg = 4326): AsyncIterable<string> {
  let first = true;
  const convert = fromWgs84(epsg);
  // RFC 7946 knows WGS 84 only; another system is named the way GeoJSON 2008 did, which GIS tools still read.
  yield epsg === 4326 ? '{"type":"FeatureCollection","features":[' : `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::${epsg}"}},"features":[`;
  for await (const rows of batches) {
    const features = rows.map((row) => {
      const record = toApiRecord(fields, row);
      const value = record[geometryField.name] as { lon: number; lat: number } | { geometry: unknown } | null;
      delete record[geometryField.name];
      const geometry = convertGeometry(value === null ? null : 'geometry' in value ? value.geometry : { type: 'Point', coordinates: [value.lon, value.lat] }, convert);
      return JSON.stringify({ type: 'Feature', geometry, properties: record });
    });
    if (features.length === 0) continue;
    yield `${first ? '' : ','}${features.join(',')}`;
    first = false;
  }
  yield ']}';
}
