// Field types as the data plane stores them and as the API shows them (ODS Explore v2.1 §6.4).
import type { Field, FieldType, RecordOrder } from '../catalog/index.js';
import { sqlIdentifier, type Row } from './engine.js';

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

/** One value as the Explore API serialises it; a datetime in `timeZone` (the request's `timezone`, §3). */
export function toApiValue(type: FieldType, value: unknown, timeZone = 'UTC'): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    case 'datetime':
      return value instanceof Date ? isoWithOffset(value, timeZone) : String(value);
    case 'geo_shape':
      // ODS Explore v2.1 §6.4: a shape is a GeoJSON Feature around the geometry.
      return { type: 'Feature', geometry: typeof value === 'string' ? parseJsonOrText(value) : value, properties: {} };
    case 'file':
      return typeof value === 'string' ? parseJsonOrText(value) : value;
    default:
      return value;
  }
}

/**
 * ODS renders datetimes as Python's isoformat(): `+00:00`, never `Z`; milliseconds only when not
 * zero. In another zone, the wall time there with its offset (`2024-05-10T12:30:00+02:00`).
 */
export function isoWithOffset(date: Date, timeZone = 'UTC'): string {
  const minutes = timeZone === 'UTC' ? 0 : offsetMinutes(date, timeZone);
  const iso = new Date(date.getTime() + minutes * 60_000).toISOString();
  const withoutZ = iso.endsWith('.000Z') ? iso.slice(0, -5) : iso.slice(0, -1);
  const sign = minutes < 0 ? '-' : '+';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${withoutZ}${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

// One formatter per zone: building one costs far more than using it.
const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's clocks are from UTC at that instant, in minutes (+120 in Paris in summer). */
function offsetMinutes(date: Date, timeZone: string): number {
  let clock = wallClocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    wallClocks.set(timeZone, clock);
  }
  const part: Record<string, number> = {};
  for (const p of clock.formatToParts(date)) part[p.type] = Number(p.value);
  const wall = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0 to 99 as 1900 to 1999.
  wall.setUTCFullYear(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1);
  wall.setUTCHours(part.hour ?? 0, part.minute ?? 0, part.second ?? 0, 0);
  return Math.round((wall.getTime() - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
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

/**
 * A row as the Explore API serialises it. A datetime column of an answer carries the request's
 * zone in its `timezone` annotation (query/plan.ts), so that every writer shows it the same way.
 */
export function toApiRecord(fields: Field[], row: Row): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of fields) {
    const zone = field.annotations.timezone;
    const value = toApiValue(field.type, row[field.name], typeof zone === 'string' ? zone : undefined);
    // A multivalued text field is an array of its values (§6.4), split at the separator its annotation gives.
    const separator = multivaluedSeparator(field);
    record[field.name] = separator !== undefined && typeof value === 'string' ? value.split(separator) : value;
  }
  return record;
}

/** ORDER BY of a record order, as ODSQL's order_by writes it (nulls last both ways); empty without one. */
export function orderClause(order: RecordOrder | undefined): string {
  if (!order || order.length === 0) return '';
  return ` order by ${order.map((o) => `${sqlIdentifier(o.field)} ${o.descending ? 'desc' : 'asc'} nulls last`).join(', ')}`;
}
