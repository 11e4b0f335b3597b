// Typing: each column is read as text into a staging table, then one pass of DuckDB counts, per
// column and per candidate type, the values that do not fit. A column takes the narrowest type all
// its values fit. Codes stay text: a column whose name says it holds codes (INSEE, postcode, SIREN…)
// or whose values have leading zeros (`01001`, `044`) is never a number.
import { slugify, type Field, type FieldType } from '../catalog/index.js';
import { sqlIdentifier, sqlLiteral, type EngineConnection } from '../data/index.js';
import { AppError } from '../errors.js';
import type { NamedColumn } from './names.js';

/** How a column's text becomes its typed value. */
type Reading = 'text' | 'int' | 'double_dot' | 'double_comma' | 'boolean' | 'boolean01' | 'date_iso' | 'date_fr' | 'datetime' | 'geo_point_text' | 'geojson_point' | 'lonlat_object' | 'geojson_shape';

const READING_TYPES: Record<Reading, FieldType> = {
  text: 'text',
  int: 'int',
  double_dot: 'double',
  double_comma: 'double',
  boolean: 'boolean',
  boolean01: 'boolean',
  date_iso: 'date',
  date_fr: 'date',
  datetime: 'datetime',
  geo_point_text: 'geo_point_2d',
  geojson_point: 'geo_point_2d',
  lonlat_object: 'geo_point_2d',
  geojson_shape: 'geo_shape',
};

// Spaces that French spreadsheets put between thousands: space, no-break space, narrow no-break space.
const THOUSANDS = '[ \u00a0\u202f]';
const LAT_LON = '\\s*(-?[0-9]{1,2}(\\.[0-9]+)?)\\s*[,;]\\s*(-?[0-9]{1,3}(\\.[0-9]+)?)\\s*';

/** For each candidate reading, the test a value must pass (v is the trimmed text). */
const FITS: Record<Exclude<Reading, 'text'>, (v: string) => string> = {
  int: (v) => `regexp_full_match(${v}, '[-+]?(0|[1-9][0-9]{0,17}|[1-9][0-9]{0,2}(${THOUSANDS}[0-9]{3}){1,5})')`,
  double_dot: (v) => `regexp_full_match(${v}, '[-+]?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?')`,
  double_comma: (v) => `regexp_full_match(${v}, '[-+]?(0|[1-9][0-9]{0,2}(${THOUSANDS}[0-9]{3})+|[1-9][0-9]*)(,[0-9]+)?')`,
  boolean: (v) => `lower(${v}) in ('true', 'false', 'oui', 'non', 'vrai', 'faux')`,
  boolean01: (v) => `lower(${v}) in ('true', 'false', 'oui', 'non', 'vrai', 'faux', '0', '1')`,
  date_iso: (v) => `(regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') and try_cast(${v} as date) is not null)`,
  date_fr: (v) => `(regexp_full_match(${v}, '[0-9]{2}/[0-9]{2}/[0-9]{4}') and try_strptime(${v}, '%d/%m/%Y') is not null)`,
  datetime: (v) =>
    `(regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?') and try_cast(${v} as timestamptz) is not null)`,
  // "47.2184, -1.5536": latitude then longitude, as spreadsheets and ODS's geo_point_2d text have it.
  geo_point_text: (v) => `regexp_full_match(${v}, '${LAT_LON}')`,
  // GeoJSON geometries, as a GeoJSON file's features or an OpenDataSoft export's geo_shape column have them.
  // (DuckDB evaluates both sides of an AND: the JSON functions run only under json_valid's CASE.)
  geojson_point: (v) =>
    `coalesce(case when json_valid(${v}) and left(${v}, 1) = '{' then json_extract_string(${v}, '$.type') = 'Point' and json_array_length(${v}, '$.coordinates') = 2 end, false)`,
  // {"lon": …, "lat": …}: the geo_point_2d of an OpenDataSoft export.
  lonlat_object: (v) =>
    `coalesce(case when json_valid(${v}) and left(${v}, 1) = '{' then json_type(${v}, '$.lon') in ('DOUBLE', 'BIGINT', 'UBIGINT') and json_type(${v}, '$.lat') in ('DOUBLE', 'BIGINT', 'UBIGINT') end, false)`,
  geojson_shape: (v) =>
    `(case when json_valid(${v}) and left(${v}, 1) = '{' then coalesce(json_extract_string(${v}, '$.type'), '') in ('Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection') else false end)`,
};

// In order of preference: a column of 0 and 1 is int, not boolean, unless the publisher says so.
const PREFERENCE: readonly Exclude<Reading, 'text'>[] = ['int', 'double_dot', 'double_comma', 'boolean', 'date_iso', 'date_fr', 'datetime', 'geo_point_text', 'geojson_point', 'lonlat_object', 'geojson_shape'];

/** The readings that may give a type a publisher sets, in order of preference. */
const READINGS_OF: Record<FieldType, readonly Exclude<Reading, 'text'>[] | 'text' | null> = {
  text: 'text',
  int: ['int'],
  double: ['double_dot', 'double_comma'],
  boolean: ['boolean01'],
  date: ['date_iso', 'date_fr'],
  datetime: ['datetime'],
  geo_point_2d: ['geo_point_text', 'geojson_point', 'lonlat_object'],
  geo_shape: ['geojson_shape'],
  file: null,
};

// Coordinates in whole metres (Lambert-93 y: 7 digits everywhere) are numbers, not identifiers.
const COORDINATE_NAME = /^(x|y|lat|lon|lng|latitude|longitude|[xy]_?(l93|lambert_?93|coord)|coord(onnee)?_?[xy])$/;

/** Names that hold codes, whatever their values look like (`code_postal`, `insee`, `siret`, `cp`, `tel`…). */
export function isCodeName(name: string): boolean {
  return /(^|_)(code|codes|cp|insee|cog|siren|siret|rna|postal|postcode|zip|tel|telephone|phone|fax|ref|reference|uai|finess|rne)(_|$)/.test(name);
}

/** `codeDepartement` → `code_departement`: SCDL headers are camelCase, and their words matter here. */
function camelToSnake(label: string): string {
  return slugify(label.replace(/([a-z0-9])([A-Z])/g, '$1_$2')).replace(/-/g, '_');
}

export interface TypedColumn extends NamedColumn {
  reading: Reading;
  /** Whether some value has thousands spaces (`20 000`): only then is the slower cleaning needed. */
  spaced?: boolean;
}

// The first rows rule out most readings of most columns; only the readings still possible are
// then checked on every row. A text column costs nothing on the full pass.
const SAMPLE_ROWS = 10_000;

/**
 * Types each column. `forced` holds the types a publisher set, by field name: those columns are
 * checked against that type only, and a value that does not fit is reported with its record.
 */
export async function inferColumns(
  connection: EngineConnection,
  table: string,
  columns: readonly NamedColumn[],
  forced: Readonly<Record<string, FieldType>> = {},
): Promise<TypedColumn[]> {
  const names = columns.map((c) => c.name).join(', ');
  for (const name of Object.keys(forced)) {
    if (!columns.some((c) => c.name === name)) {
      throw new AppError('INVALID_FIELD', { field: name, value: String(forced[name]), expected: `one of the columns ${names}`, expected_fr: `une des colonnes ${names}` }, { field: name });
    }
  }
  const candidates = columns.map((column) => {
    const type = forced[column.name];
    if (type !== undefined) {
      const readings = READINGS_OF[type];
      if (readings === null) {
        throw new AppError('INVALID_FIELD', { field: column.name, value: type, expected: 'a type a column of text can take', expected_fr: 'un type que peut prendre une colonne de texte' }, { field: column.name });
      }
      return readings === 'text' ? [] : [...readings];
    }
    return isCodeName(column.name) || isCodeName(camelToSnake(column.label)) ? [] : [...PREFERENCE];
  });
  const isForced = (index: number) => forced[columns[index]?.name ?? ''] !== undefined;
  const sample = `(select * from ${sqlIdentifier(table)} limit ${SAMPLE_ROWS})`;
  const sampled = await countMisfits(connection, sample, columns, candidates);
  // A type the publisher set is checked on every row, whatever the sample says.
  const stillPossible = candidates.map((readings, index) => (isForced(index) ? readings : readings.filter((r) => Number(sampled[`${r}${index}`]) === 0)));
  const full = await countMisfits(connection, sqlIdentifier(table), columns, stillPossible);
  for (const [index, column] of columns.entries()) {
    const readings = stillPossible[index] ?? [];
    const type = forced[column.name];
    if (type === undefined || readings.length === 0 || readings.some((r) => Number(full[`${r}${index}`]) === 0)) continue;
    const closest = [...readings].sort((a, b) => Number(full[`${a}${index}`]) - Number(full[`${b}${index}`]))[0];
    if (closest) throw await misfitError(connection, table, column, type, closest);
  }
  return columns.map((column, index) => {
    const spaced = Number(full[`spaced${index}`] ?? 0) > 0;
    if (isForced(index)) {
      const reading = (stillPossible[index] ?? []).find((r) => Number(full[`${r}${index}`]) === 0) ?? 'text';
      return { ...column, reading, spaced };
    }
    const filled = Number(full[`n${index}`] ?? 0);
    const reading = filled === 0 ? 'text' : (stillPossible[index]?.find((r) => Number(full[`${r}${index}`]) === 0) ?? 'text');
    // Bare digits that all have the same number of them, five or more, are identifiers (SIRET,
    // postcode, account numbers), not quantities: 21060004500392 stays text; 20 000 does not.
    const onlyDigits = Number(full[`digits${index}`]) === filled;
    const sameLength = Number(full[`minlen${index}`]) === Number(full[`maxlen${index}`]);
    if (reading === 'int' && onlyDigits && sameLength && Number(full[`minlen${index}`]) >= 5 && !COORDINATE_NAME.test(column.name)) return { ...column, reading: 'text' };
    return { ...column, reading, spaced };
  });
}

/** The first value of a column that does not fit the type the publisher set, with its record number. */
async function misfitError(connection: EngineConnection, table: string, column: NamedColumn, type: FieldType, reading: Exclude<Reading, 'text'>): Promise<AppError> {
  const [first] = await connection.query(
    `select record, value from (select row_number() over () as record, ${sqlIdentifier(column.name)} as value from ${sqlIdentifier(table)}) ` +
      `where value is not null and not ${FITS[reading]('trim(value)')} order by record limit 1`,
  );
  const record = Number(first?.record ?? 0);
  return new AppError('INGEST_TYPE_MISMATCH', { column: column.name, type, value: String(first?.value ?? ''), record }, { field: column.name, record });
}

/** For each column, its filled cells and, per candidate reading, the values that do not fit it. */
async function countMisfits(
  connection: EngineConnection,
  from: string,
  columns: readonly NamedColumn[],
  candidates: readonly (readonly Exclude<Reading, 'text'>[])[],
): Promise<Record<string, unknown>> {
  const aggregates: string[] = [];
  columns.forEach((column, index) => {
    const v = `trim(${sqlIdentifier(column.name)})`;
    const readings = candidates[index] ?? [];
    aggregates.push(`count(${sqlIdentifier(column.name)}) as "n${index}"`);
    if (readings.includes('int')) {
      aggregates.push(`count(*) filter (where regexp_full_match(${v}, '[0-9]+')) as "digits${index}"`);
      aggregates.push(`min(length(${v})) as "minlen${index}"`, `max(length(${v})) as "maxlen${index}"`);
    }
    if (readings.includes('int') || readings.includes('double_comma')) {
      aggregates.push(`count(*) filter (where regexp_matches(${v}, '${THOUSANDS}')) as "spaced${index}"`);
    }
    for (const reading of readings) aggregates.push(`count(*) filter (where ${v} is not null and not ${FITS[reading](v)}) as "${reading}${index}"`);
  });
  const [counts = {}] = await connection.query(`select ${aggregates.join(', ')} from ${from}`);
  return counts;
}

/** The SQL expression that turns the staging text into the typed value. */
export function typedExpression(column: TypedColumn): string {
  const raw = sqlIdentifier(column.name);
  const v = `trim(${raw})`;
  switch (column.reading) {
    case 'text':
      return raw;
    case 'int':
      return column.spaced === false ? `cast(${v} as bigint)` : `cast(regexp_replace(${v}, ${sqlLiteral(THOUSANDS)}, '', 'g') as bigint)`;
    case 'double_dot':
      return `cast(${v} as double)`;
    case 'double_comma':
      return column.spaced === false
        ? `cast(replace(${v}, ',', '.') as double)`
        : `cast(replace(regexp_replace(${v}, ${sqlLiteral(THOUSANDS)}, '', 'g'), ',', '.') as double)`;
    case 'boolean':
    case 'boolean01':
      return `case when ${raw} is null then null else lower(${v}) in ('true', 'oui', 'vrai', '1') end`;
    case 'date_iso':
      return `cast(${v} as date)`;
    case 'date_fr':
      return `cast(strptime(${v}, '%d/%m/%Y') as date)`;
    case 'datetime':
      // Naive times are Paris times: the ingest connection runs with TimeZone = Europe/Paris.
      return `cast(${v} as timestamptz)`;
    case 'geojson_point':
      return `case when ${raw} is null then null else {'lon': cast(json_extract(${v}, '$.coordinates[0]') as double), 'lat': cast(json_extract(${v}, '$.coordinates[1]') as double)} end`;
    case 'lonlat_object':
      return `case when ${raw} is null then null else {'lon': cast(json_extract(${v}, '$.lon') as double), 'lat': cast(json_extract(${v}, '$.lat') as double)} end`;
    case 'geojson_shape':
      return `cast(json(${v}) as varchar)`;
    case 'geo_point_text':
      return `case when ${raw} is null then null else {'lon': cast(regexp_extract(${raw}, '${LAT_LON}', 3) as double), 'lat': cast(regexp_extract(${raw}, '${LAT_LON}', 1) as double)} end`;
  }
}

export function toField(column: TypedColumn): Field {
  return { name: column.name, label: column.label, type: READING_TYPES[column.reading], description: null, annotations: {} };
}
