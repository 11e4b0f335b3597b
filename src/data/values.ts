// Field types as the data plane stores them and as the API shows them (ODS Explore v2.1 §6.4).
import type { Field, FieldType } from '../catalog/index.js';
import type { Row } from './engine.js';

/**
 * How a version's Parquet file is written. Row groups of 10,240 rows (five DuckDB vectors) so that
 * a page of records decodes a small group: on 200,000 rows a raw `limit 100` read went from 11.2 ms
 * (groups of 100,000) to 5.4 ms; at 1,000,000 rows other costs dominate (docs/benchmarks.md).
 */
export const PARQUET_COPY_OPTIONS = 'format parquet, compression zstd, row_group_size 10240';

/** The DuckDB column type of each field type in a version's Parquet file. */
export const STORAGE_TYPES: Record<FieldType, string> = {
  text: 'VARCHAR',
  int: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMPTZ',
  geo_point_2d: 'STRUCT(lon DOUBLE, lat DOUBLE)',
  // GeoJSON text; its bounding box columns come with the geo ingest (issue [2/6]).
  geo_shape: 'VARCHAR',
  // JSON text describing the attached file.
  file: 'VARCHAR',
};

/** One value as the Explore API serialises it. */
export function toApiValue(type: FieldType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    case 'datetime':
      return value instanceof Date ? isoWithOffset(value) : String(value);
    case 'geo_shape':
      // ODS Explore v2.1 §6.4: a shape is a GeoJSON Feature around the geometry.
      return { type: 'Feature', geometry: typeof value === 'string' ? parseJsonOrText(value) : value, properties: {} };
    case 'file':
      return typeof value === 'string' ? parseJsonOrText(value) : value;
    default:
      return value;
  }
}

/** ODS renders datetimes as Python's isoformat(): `+00:00`, never `Z`; milliseconds only when not zero. */
export function isoWithOffset(date: Date): string {
  const iso = date.toISOString();
  const withoutZ = iso.endsWith('.000Z') ? iso.slice(0, -5) : iso.slice(0, -1);
  return `${withoutZ}+00:00`;
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The separator of a multivalued text field's values (its `multivalued` annotation), if it has one. */
export function multivaluedSeparator(field: Pick<Field, 'annotations'>): string | undefined {
  const separator = field.annotations.multivalued;
  return typeof separator === 'string' && separator !== '' ? separator : undefined;
}

export function toApiRecord(fields: Field[], row: Row): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of fields) {
    const value = toApiValue(field.type, row[field.name]);
    // A multivalued text field is an array of its values (§6.4), split at the separator its annotation gives.
    const separator = multivaluedSeparator(field);
    record[field.name] = separator !== undefined && typeof value === 'string' ? value.split(separator) : value;
  }
  return record;
}
