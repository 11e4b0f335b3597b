// The FlatGeobuf export (ODS Explore v2.1 §2.8), written with the flatgeobuf package's own header
// and feature builders, streamed a batch at a time: the header says "count unknown" (0) and has
// no spatial index (FlatGeobuf spec: features_count 0 = unknown; index_node_size 0 = none), since
// an index needs every feature before the first byte. The geometry is the first geo_shape field,
// else the first geo_point_2d, as in GeoJSON; points make a layer of Points, shapes a layer of
// any type (each feature says its own). CRS EPSG:4326. Columns keep their types: int as Long,
// double as Double, boolean as Bool, date and datetime as DateTime (ISO 8601 text); the others
// as the text a CSV cell has. Records without a geometry are left out: the readers web maps use
// (flatgeobuf's own) cannot read a feature without one.
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { buildFeature, type IProperties } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import { parseGC, parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import { AppError } from '../errors.js';
import { cellText } from './export-csv.js';
import type { ChosenRecords, ExportOptions } from './exports.js';
import { convertGeometry, fromWgs84 } from './projections.js';

// The package's geometry types come from @types/geojson, which we do not install: named by their use.
type SimpleGeometry = Parameters<typeof parseGeometry>[0];
type GeometryCollection = Parameters<typeof parseGC>[0];

const WGS84 = 4326;

function columnType(field: Field): ColumnType {
  switch (field.type) {
    case 'int':
      return ColumnType.Long;
    case 'double':
      return ColumnType.Double;
    case 'boolean':
      return ColumnType.Bool;
    case 'date':
    case 'datetime':
      return ColumnType.DateTime;
    default:
      return ColumnType.String;
  }
}

/** Two fields may share a label; two columns may not share a name. */
function uniqueName(name: string, taken: Set<string>): string {
  let unique = name;
  for (let n = 2; taken.has(unique); n += 1) unique = `${name}_${n}`;
  taken.add(unique);
  return unique;
}

/** Checked before the first byte: a query without a geometry is a 400, not a cut file. */
export function fgbExport(ctx: DataPlaneContext, chosen: ChosenRecords, options: ExportOptions): AsyncIterable<Buffer> {
  const geometry = chosen.fields.find((f) => f.type === 'geo_shape') ?? chosen.fields.find((f) => f.type === 'geo_point_2d');
  if (!geometry) throw new AppError('EXPORT_NO_GEOMETRY', { format: 'fgb' });
  const taken = new Set<string>();
  const attributes = chosen.fields.filter((f) => f !== geometry).map((field) => ({ field, name: uniqueName(options.useLabels ? field.label : field.name, taken), type: columnType(field) }));
  const header: HeaderMeta = {
    geometryType: geometry.type === 'geo_point_2d' ? GeometryType.Point : GeometryType.Unknown,
    columns: attributes.map(({ name, type }) => ({ name, type, title: null, description: null, width: -1, precision: -1, scale: -1, nullable: true, unique: false, primary_key: false })),
    envelope: null,
    featuresCount: 0,
    indexNodeSize: 0,
    crs: null,
    title: null,
    description: null,
    metadata: null,
  };
  return features(ctx, chosen, options, header, geometry, attributes);
}

async function* features(
  ctx: DataPlaneContext,
  chosen: ChosenRecords,
  options: ExportOptions,
  header: HeaderMeta,
  geometry: Field,
  attributes: { field: Field; name: string; type: ColumnType }[],
): AsyncIterable<Buffer> {
  yield Buffer.concat([magicbytes, alignedHeader(buildHeader(header, options.epsg ?? WGS84))]);
  const convert = fromWgs84(options.epsg ?? WGS84);
  for await (const rows of ctx.engine.stream(chosen.sql, chosen.params)) {
    const built: Uint8Array[] = [];
    for (const row of rows) {
      const record = toApiRecord(chosen.fields, row);
      const shape = convertGeometry(geometryOf(record[geometry.name]), convert);
      if (!shape) continue;
      const properties: IProperties = {};
      for (const { field, name, type } of attributes) properties[name] = propertyValue(field, type, record[field.name], options.listSeparator);
      built.push(buildFeature(shape.type === 'GeometryCollection' ? parseGC(shape as GeometryCollection) : parseGeometry(shape as SimpleGeometry), properties, header));
    }
    if (built.length > 0) yield Buffer.concat(built);
  }
}

/** A dataset with no records yet: a header alone, of no column and any geometry type. */
export function emptyFgb(): Buffer {
  const header: HeaderMeta = { geometryType: GeometryType.Unknown, columns: null, envelope: null, featuresCount: 0, indexNodeSize: 0, crs: null, title: null, description: null, metadata: null };
  return Buffer.concat([magicbytes, alignedHeader(buildHeader(header, WGS84))]);
}

/**
 * The header padded so that the features start on a multiple of 8 bytes: flatgeobuf's reader of a
 * whole file reads coordinates in place, as Float64Arrays, which need it (every feature's length
 * is a multiple of 8 already). The padding is counted in the header's size prefix, after its table.
 */
function alignedHeader(built: Uint8Array): Buffer {
  const padding = (8 - ((magicbytes.length + built.length) % 8)) % 8;
  const header = Buffer.concat([built, Buffer.alloc(padding)]);
  header.writeUInt32LE(built.length - 4 + padding, 0);
  return header;
}

function geometryOf(value: unknown): { type: string } | null {
  if (value === null || value === undefined || typeof value !== 'object') return null;
  if ('geometry' in value) return (value as { geometry: { type: string } | null }).geometry;
  const point = value as { lon: number; lat: number };
  return { type: 'Point', coordinates: [point.lon, point.lat] } as { type: string };
}

function propertyValue(field: Field, type: ColumnType, value: unknown, listSeparator: string): IProperties[string] {
  if (value === null || value === undefined) return null;
  switch (type) {
    case ColumnType.Long:
    case ColumnType.Double:
      return typeof value === 'bigint' ? Number(value) : (value as number);
    case ColumnType.Bool:
      return value as boolean;
    default:
      return cellText(field, value, listSeparator);
  }
}
