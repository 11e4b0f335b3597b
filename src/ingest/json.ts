// JSON files: an array of records, JSON Lines (one record a line), an array found at a path of an
// object (`results`, `data.items`), or a GeoJSON FeatureCollection whose properties become columns
// and whose geometry becomes a point or a shape. Records go to the same staging table of text
// columns as a CSV's. Keys and paths reach DuckDB as bound parameters, never as SQL text.
import fsp from 'node:fs/promises';
import { sqlIdentifier, sqlLiteral, type EngineConnection } from '../data/index.js';
import { AppError } from '../errors.js';
import { fieldNames, type NamedColumn } from './names.js';
import { STAGING_TABLE } from './staging.js';

export type JsonShape = 'array' | 'lines' | 'path' | 'geojson';

export interface JsonSource {
  file: string;
  fileName: string;
  /** Where the records are in an object: `results`, `data.items`. */
  path?: string;
  fileBytes: number;
  maxColumns: number;
  /** Known beforehand (the Shapefile reader writes JSON Lines). */
  shape?: JsonShape;
}

const RECORD_MAX_BYTES = 16 * 1024 * 1024;

export async function loadJsonStaging(connection: EngineConnection, source: JsonSource): Promise<{ columns: NamedColumn[]; shape: JsonShape; path: string | null }> {
  const { shape, path } = source.shape ? { shape: source.shape, path: null } : await locateRecords(connection, source);
  const file = sqlLiteral(source.file);
  // One record at a time for arrays and lines; the whole document when the records are inside it.
  const objectBytes = shape === 'array' || shape === 'lines' ? RECORD_MAX_BYTES : source.fileBytes + 1024;
  const objects = `read_json_objects(${file}, format = ${shape === 'lines' ? "'newline_delimited'" : shape === 'array' ? "'array'" : "'auto'"}, maximum_object_size = ${objectBytes})`;
  const records =
    shape === 'array' || shape === 'lines'
      ? `select json as rec from ${objects}`
      : `select unnest(cast(json_extract(json, $1::varchar) as json[])) as rec from ${objects} where json_type(json_extract(json, $1::varchar)) = 'ARRAY'`;
  const params = shape === 'array' || shape === 'lines' ? [] : [jsonPath(path ?? 'features')];
  await connection.run('drop table if exists json_records');
  try {
    await connection.run(`create temp table json_records as select rec, row_number() over () as record from (${records}) where json_type(rec) = 'OBJECT'`, params);
  } catch (error) {
    throw new AppError('INGEST_UNREADABLE', { file: source.fileName, format: 'JSON', detail: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) });
  }
  // GeoJSON: the columns are the properties', plus the geometry.
  const holder = shape === 'geojson' ? `json_extract(rec, '$.properties')` : 'rec';
  const keyRows = await connection.query(
    // Keys in the order they first appear: by record, then by place within the record.
    `select k from (select unnest(json_keys(${holder})) as k, unnest(range(len(json_keys(${holder})))) as i, record from json_records where json_type(${holder}) = 'OBJECT') ` +
      'group by k order by min(record * 1000000 + i)',
  );
  const keys = keyRows.map((r) => String(r.k));
  if (shape === 'geojson') keys.push('geometry');
  if (keys.length === 0) throw new AppError('INGEST_JSON_NO_RECORDS', { file: source.fileName, path: path ?? '$' });
  const columns = fieldNames(keys, source.maxColumns, source.fileName);
  const selects = keys.map((key, index) => {
    const from = shape === 'geojson' && key === 'geometry' && index === keys.length - 1 ? 'rec' : holder;
    return `${asText(`json_extract(${from}, $${index + 1}::varchar)`)} as ${sqlIdentifier(columns[index]?.name ?? `column_${index + 1}`)}`;
  });
  await connection.run(`drop table if exists ${STAGING_TABLE}`);
  await connection.run(`create temp table ${STAGING_TABLE} as select ${selects.join(', ')} from json_records order by record`, keys.map((k) => jsonPath(k)));
  await connection.run('drop table json_records');
  return { columns, shape, path };
}

/** A JSON value as the text a CSV would hold: strings bare, numbers and booleans written, the rest as JSON. */
function asText(value: string): string {
  return `case json_type(${value}) when 'VARCHAR' then json_extract_string(${value}, '$') when 'NULL' then null else cast(${value} as varchar) end`;
}

/** `data.items` → `$."data"."items"`: each key quoted, so that any key is a key. */
function jsonPath(dotted: string): string {
  return `$${dotted.split('.').map((part) => `."${part.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join('')}`;
}

/** Where the records are: the file's first character and, for an object, the path or the first array of objects. */
async function locateRecords(connection: EngineConnection, source: JsonSource): Promise<{ shape: JsonShape; path: string | null }> {
  const handle = await fsp.open(source.file, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  } finally {
    await handle.close();
  }
  if (source.path) return { shape: 'path', path: source.path };
  if (head.startsWith('[')) return { shape: 'array', path: null };
  const firstLine = head.split('\n', 1)[0]?.trim() ?? '';
  if (head.startsWith('{') && firstLine.endsWith('}') && head.includes('\n{')) return { shape: 'lines', path: null };
  if (/"type"\s*:\s*"FeatureCollection"/.test(head)) return { shape: 'geojson', path: 'features' };
  if (!head.startsWith('{')) throw new AppError('INGEST_JSON_NO_RECORDS', { file: source.fileName, path: '$' });
  // An object: its first key holding an array of objects (`results` of an ODS export, `data`…).
  const rows = await connection.query(
    `select k from (select unnest(json_keys(json)) as k, json from read_json_objects(${sqlLiteral(source.file)}, maximum_object_size = ${source.fileBytes + 1024})) ` +
      `where json_type(json_extract(json, '$."' || replace(k, '"', '\\"') || '"[0]')) = 'OBJECT' limit 1`,
  ).catch(() => []);
  const key = rows[0]?.k;
  if (typeof key !== 'string') throw new AppError('INGEST_JSON_NO_RECORDS', { file: source.fileName, path: '$' });
  return { shape: 'path', path: key };
}
