// Typing: each column is read as text into a staging table, then one pass of DuckDB counts, per
// column and per candidate type, the values that do not fit. A column takes the narrowest type all
// its values fit. Codes stay text: a column whose name says it holds codes (INSEE, postcode, SIREN…)
// or whose values have leading zeros (`01001`, `044`) is never a number.
import { snakeName, type Field, type FieldType } from '../catalog/index.js';
import { sqlIdentifier, sqlLiteral, type EngineConnection } from '../data/index.js';
import { AppError } from '../errors.js';
import type { NamedColumn } from './names.js';
import { reprojectWktValues, WKT_2D_SQL, WKT_ANY_SQL } from './wkt.js';

/** How a column's text becomes its typed value. */
type Reading = 'text' | 'int' | 'double_dot' | 'double_comma' | 'boolean' | 'boolean01' | 'date_iso' | 'date_fr' | 'datetime' | 'geo_point_text' | 'geojson_point' | 'lonlat_object' | 'geojson_shape' | 'wkt_point' | 'wkt_shape' | 'wkt_point_any' | 'wkt_shape_any';

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
  wkt_point: 'geo_point_2d',
  wkt_shape: 'geo_shape',
  wkt_point_any: 'geo_point_2d',
  wkt_shape_any: 'geo_shape',
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
  // WKT (wkt.ts): in two dimensions first, the common case; any other WKT only where it does not fit.
  wkt_point: WKT_2D_SQL.pointFits,
  wkt_shape: WKT_2D_SQL.shapeFits,
  wkt_point_any: (v) => WKT_ANY_SQL.pointFits(v),
  wkt_shape_any: (v) => WKT_ANY_SQL.shapeFits(v),
};

// In order of preference: a column of 0 and 1 is int, not boolean, unless the publisher says so.
const PREFERENCE: readonly Exclude<Reading, 'text'>[] = ['int', 'double_dot', 'double_comma', 'boolean', 'date_iso', 'date_fr', 'datetime', 'geo_point_text', 'geojson_point', 'lonlat_object', 'wkt_point', 'wkt_point_any', 'geojson_shape', 'wkt_shape', 'wkt_shape_any'];

/** The readings that may give a type a publisher sets, in order of preference. */
const READINGS_OF: Record<FieldType, readonly Exclude<Reading, 'text'>[] | 'text' | null> = {
  text: 'text',
  int: ['int'],
  double: ['double_dot', 'double_comma'],
  boolean: ['boolean01'],
  date: ['date_iso', 'date_fr'],
  datetime: ['datetime'],
  geo_point_2d: ['geo_point_text', 'geojson_point', 'lonlat_object', 'wkt_point', 'wkt_point_any'],
  geo_shape: ['geojson_shape', 'wkt_shape', 'wkt_shape_any'],
  file: null,
};

// Coordinates in whole metres (Lambert-93 y: 7 digits everywhere) are numbers, not identifiers.
const COORDINATE_NAME = /^(x|y|lat|lon|lng|latitude|longitude|[xy]_?(l93|lambert_?93|coord)|coord(onnee)?_?[xy])$/;

/** Names that hold codes, whatever their values look like (`code_postal`, `insee`, `siret`, `cp`, `tel`, `departement`: 44, 2A…). */
export function isCodeName(name: string): boolean {
  return /(^|_)(code|codes|cp|insee|cog|siren|siret|rna|postal|postcode|zip|tel|telephone|phone|fax|ref|reference|uai|finess|rne|departement|dep|dept|dpt)(_|$)/.test(name);
}

/** `codeDepartement` → `code_departement`: SCDL headers are camelCase, and their words matter here. */
function camelToSnake(label: string): string {
  return snakeName(label.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));
}

export interface TypedColumn extends NamedColumn {
  reading: Reading;
  /** Whether some value has thousands spaces (`20 000`): only then is the slower cleaning needed. */
  spaced?: boolean;
  /**
   * Typed from the first rows only: the SQL test (over the raw text `v`) every other value must
   * pass for the whole file to give the same type. See sampledExpression.
   */
  guard?: (v: string) => string;
  /** Typed from the first rows only: the range its values must stay in (a projected coordinate). */
  range?: readonly [number, number];
}

// The first rows rule out most readings of most columns; only the readings still possible are
// then checked on every row. A text column costs nothing on the full pass.
export const SAMPLE_ROWS = 10_000;

type Candidate = Exclude<Reading, 'text'>;
type Counts = Record<string, unknown>;

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
  // A type the publisher set is checked on every row, whatever the first rows say.
  const { possible: stillPossible } = await narrowOnFirstRows(connection, sqlIdentifier(table), columns, candidatesOf(columns, forced), (index) => isForced(forced, columns, index));
  const full = await countOnEveryRow(connection, sqlIdentifier(table), columns, stillPossible);
  for (const [index, column] of columns.entries()) {
    const readings = stillPossible[index] ?? [];
    const type = forced[column.name];
    if (type === undefined || readings.length === 0 || readings.some((r) => fits(full, r, index))) continue;
    const closest = [...readings].sort((a, b) => Number(full[`${a}${index}`]) - Number(full[`${b}${index}`]))[0];
    if (closest) throw await misfitError(connection, table, column, type, closest);
  }
  const typed = columns.map((column, index) => decide(column, index, stillPossible[index] ?? [], full, isForced(forced, columns, index)));
  return reprojectWkt(connection, table, typed, forced);
}

/** A reading tried on every row only when the one before it does not fit them all (any WKT after 2-D WKT). */
const FALLBACKS: Partial<Record<Candidate, Candidate>> = { wkt_point_any: 'wkt_point', wkt_shape_any: 'wkt_shape' };

/** The counts of countMisfits over every row, a fallback reading counted only for the columns that need it. */
async function countOnEveryRow(connection: EngineConnection, from: string, columns: readonly NamedColumn[], possible: readonly Candidate[][]): Promise<Counts> {
  const deferred = (readings: readonly Candidate[], r: Candidate) => {
    const before = FALLBACKS[r];
    return before !== undefined && readings.includes(before);
  };
  const counts = await countMisfits(connection, from, columns, possible.map((readings) => readings.filter((r) => !deferred(readings, r))));
  const second = possible.map((readings, index) => readings.filter((r) => deferred(readings, r) && !fits(counts, FALLBACKS[r] as Candidate, index)));
  // Where the reading before fits every row, the fallback is not counted: set as not fitting.
  const more = second.some((readings) => readings.length > 0) ? await countMisfits(connection, from, columns, second) : {};
  possible.forEach((readings, index) => readings.filter((r) => deferred(readings, r)).forEach((r) => (counts[`${r}${index}`] = more[`${r}${index}`] ?? 1)));
  return counts;
}

/**
 * Columns read as any WKT: their values in another system are rewritten in WGS 84 in `table`
 * (wkt.ts), which the typed expression then reads. A column with a value that does not convert
 * stays text (the type the publisher set is then an error, with the record).
 */
async function reprojectWkt(connection: EngineConnection, table: string, typed: TypedColumn[], forced: Readonly<Record<string, FieldType>>): Promise<TypedColumn[]> {
  const result: TypedColumn[] = [];
  for (const column of typed) {
    const misfit = column.reading === 'wkt_point_any' || column.reading === 'wkt_shape_any' ? await reprojectWktValues(connection, table, column.name) : undefined;
    if (misfit === undefined) {
      result.push(column);
      continue;
    }
    const type = forced[column.name];
    if (type !== undefined) {
      const [first] = await connection.query(`select record from (select row_number() over () as record, ${sqlIdentifier(column.name)} as value from ${sqlIdentifier(table)}) where value = $1 order by record limit 1`, [misfit]);
      const record = Number(first?.record ?? 0);
      throw new AppError('INGEST_TYPE_MISMATCH', { column: column.name, type, value: misfit, record }, { field: column.name, record });
    }
    result.push({ ...column, reading: 'text' });
  }
  return result;
}

/** The sample disagrees with a type the publisher set: only the full reading can say where. */
export class SampleMisfit extends Error {}

/**
 * Types each column from the table of the file's first SAMPLE_ROWS rows only, each with the guard that the other
 * rows must pass for the whole file to give the same types (sampledExpression turns a failed guard
 * into an error, and the caller then types the file with inferColumns). One pass instead of three
 * on a large file whose first rows are like the others, as they mostly are.
 */
export async function inferColumnsFromSample(
  connection: EngineConnection,
  sample: string,
  columns: readonly NamedColumn[],
  forced: Readonly<Record<string, FieldType>> = {},
): Promise<TypedColumn[]> {
  const candidates = candidatesOf(columns, forced);
  const { possible: narrowed, counts: sampled } = await narrowOnFirstRows(connection, sqlIdentifier(sample), columns, candidates, () => false);
  return columns.map((column, index) => {
    const readings = candidates[index] ?? [];
    const possible = narrowed[index] ?? [];
    const forcedHere = isForced(forced, columns, index);
    if (forcedHere && readings.length > 0 && possible.length === 0) throw new SampleMisfit(column.name);
    const typed = decide(column, index, possible, sampled, forcedHere);
    // A column the type of which no later value can change needs no guard.
    if (readings.length === 0 || (possible.length === 0 && Number(sampled[`n${index}`]) > 0)) return typed;
    // Nothing in the first rows: any value further down could have made it another type.
    if (Number(sampled[`n${index}`]) === 0) return { ...typed, guard: () => 'false' };
    if (typed.reading !== 'text') return { ...typed, guard: STRICT_FITS[typed.reading](typed.spaced === true) };
    // Text because its values are identifiers of the same number of digits: they must all stay so.
    const digits = Number(sampled[`minlen${index}`]);
    return { ...typed, guard: (v) => `regexp_full_match(${v}, '[0-9]{${digits}}')` };
  });
}

/**
 * The readings each column's first rows fit, and the counts over the first SAMPLE_ROWS rows of the
 * readings left. The first thousand rows rule out most readings of most columns (a street name is
 * no number, no date, no GeoJSON): the tests of the others then run on ten times fewer values.
 */
async function narrowOnFirstRows(
  connection: EngineConnection,
  from: string,
  columns: readonly NamedColumn[],
  candidates: readonly Candidate[][],
  keepAll: (index: number) => boolean,
): Promise<{ possible: Candidate[][]; counts: Counts }> {
  let possible = await narrowInScript(connection, from, columns, candidates, keepAll);
  let counts: Counts = {};
  for (const rows of [1_000, SAMPLE_ROWS]) {
    counts = await countMisfits(connection, `(select * from ${from} limit ${rows})`, columns, possible);
    const seen = counts;
    possible = possible.map((readings, index) => (keepAll(index) ? readings : readings.filter((r) => fits(seen, r, index))));
  }
  return { possible, counts };
}

/**
 * The candidates the first thousand values leave, by MAY_FIT in JavaScript: the SQL of every
 * reading of every column, a query of some 80 KB for a wide file, took DuckDB longer to plan than
 * to run; it is now written only for the readings a quick look leaves.
 */
async function narrowInScript(connection: EngineConnection, from: string, columns: readonly NamedColumn[], candidates: readonly Candidate[][], keepAll: (index: number) => boolean): Promise<Candidate[][]> {
  const rows = await connection.query(`select * from ${from} limit 1000`);
  return candidates.map((readings, index) => {
    const name = columns[index]?.name ?? '';
    if (keepAll(index) || readings.length === 0) return [...readings];
    const values = rows.map((row) => row[name]).filter((value): value is string => typeof value === 'string');
    return readings.filter((reading) => values.every(MAY_FIT[reading]));
  });
}

// Tests MAY_FIT shares between readings: a boolean word, JSON, a WKT point.
const shortWord = (value: string) => value.trim().length <= 6;
const startsObject = (value: string) => /^\s*\{/.test(value);
const namesPoint = (value: string) => value.toUpperCase().includes('POINT');
/**
 * What a value must be for FITS to hold of it, tested in JavaScript: each test is looser than its
 * FITS (a value it refuses is one FITS refuses too), so only readings that cannot fit are dropped.
 */
const MAY_FIT: Record<Candidate, (value: string) => boolean> = {
  int: (value) => /^\s*[-+]?[0-9][0-9 \u00a0\u202f]*\s*$/.test(value),
  double_dot: (value) => /^\s*[-+]?[0-9][0-9.eE+-]*\s*$/.test(value),
  double_comma: (value) => /^\s*[-+]?[0-9][0-9 \u00a0\u202f,]*\s*$/.test(value),
  boolean: shortWord,
  boolean01: shortWord,
  date_iso: (value) => /^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$/.test(value),
  date_fr: (value) => /^\s*[0-9]{2}\/[0-9]{2}\/[0-9]{4}\s*$/.test(value),
  datetime: (value) => /^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}/.test(value),
  geo_point_text: (value) => /^[\s0-9.,;-]+$/.test(value),
  geojson_point: startsObject,
  lonlat_object: startsObject,
  geojson_shape: startsObject,
  wkt_point: namesPoint,
  wkt_point_any: namesPoint,
  wkt_shape: (value) => /POINT|LINESTRING|POLYGON/.test(value.toUpperCase()),
  wkt_shape_any: (value) => /POINT|LINESTRING|POLYGON|GEOMETRYCOLLECTION/.test(value.toUpperCase()),
};

function checkForcedColumns(columns: readonly NamedColumn[], forced: Readonly<Record<string, FieldType>>): void {
  const names = columns.map((c) => c.name).join(', ');
  for (const name of Object.keys(forced)) {
    if (!columns.some((c) => c.name === name)) {
      throw new AppError('INVALID_FIELD', { field: name, value: String(forced[name]), expected: `one of the columns ${names}`, expected_fr: `une des colonnes ${names}` }, { field: name });
    }
  }
}

/** Per column, the readings to try: those of the type the publisher set, none for codes, all others. */
function candidatesOf(columns: readonly NamedColumn[], forced: Readonly<Record<string, FieldType>>): Candidate[][] {
  checkForcedColumns(columns, forced);
  return columns.map((column) => {
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
}

const isForced = (forced: Readonly<Record<string, FieldType>>, columns: readonly NamedColumn[], index: number) => forced[columns[index]?.name ?? ''] !== undefined;

const fits = (counts: Counts, reading: Candidate, index: number) => Number(counts[`${reading}${index}`]) === 0;

/** A column's reading from the counts of its values: the first possible reading all of them fit. */
function decide(column: NamedColumn, index: number, readings: readonly Candidate[], counts: Counts, forced: boolean): TypedColumn {
  const spaced = Number(counts[`spaced${index}`] ?? 0) > 0;
  const first = readings.find((r) => fits(counts, r, index)) ?? 'text';
  if (forced) return { ...column, reading: first, spaced };
  const filled = Number(counts[`n${index}`] ?? 0);
  const reading = filled === 0 ? 'text' : first;
  // Bare digits that all have the same number of them, five or more, are identifiers (SIRET,
  // postcode, account numbers), not quantities: 21060004500392 stays text; 20 000 does not.
  const onlyDigits = Number(counts[`digits${index}`]) === filled;
  const sameLength = Number(counts[`minlen${index}`]) === Number(counts[`maxlen${index}`]);
  if (reading === 'int' && onlyDigits && sameLength && Number(counts[`minlen${index}`]) >= 5 && !COORDINATE_NAME.test(column.name)) return { ...column, reading: 'text' };
  return { ...column, reading, spaced };
}

/**
 * Tests over the raw text that imply FITS over the trimmed text, cheaper for the common readings:
 * no trimming (a value with spaces around fails, and the file is then typed the exact way), and
 * without thousands spaces when the first rows had none. The cast that follows fails on what a
 * pattern lets through and the type does not take (2021-02-30), with the same effect.
 */
const STRICT_FITS: Record<Candidate, (spaced: boolean) => (v: string) => string> = {
  int: (spaced) => (spaced ? FITS.int : (v) => `regexp_full_match(${v}, '[-+]?(0|[1-9][0-9]{0,17})')`),
  double_dot: () => FITS.double_dot,
  double_comma: (spaced) => (spaced ? FITS.double_comma : (v) => `regexp_full_match(${v}, '[-+]?(0|[1-9][0-9]*)(,[0-9]+)?')`),
  boolean: () => FITS.boolean,
  boolean01: () => FITS.boolean01,
  date_iso: () => (v) => `regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}')`,
  date_fr: () => (v) => `regexp_full_match(${v}, '[0-9]{2}/[0-9]{2}/[0-9]{4}')`,
  datetime: () => FITS.datetime,
  geo_point_text: () => FITS.geo_point_text,
  geojson_point: () => FITS.geojson_point,
  lonlat_object: () => FITS.lonlat_object,
  geojson_shape: () => FITS.geojson_shape,
  wkt_point: () => FITS.wkt_point,
  wkt_shape: () => FITS.wkt_shape,
  // A value in another system is reprojected on the exact road only.
  wkt_point_any: () => (v) => WKT_ANY_SQL.pointFits(v, true),
  wkt_shape_any: () => (v) => WKT_ANY_SQL.shapeFits(v, true),
};

/**
 * The typed value of a column typed from a sample, or an error from DuckDB when a value fails the
 * column's guard or leaves its range: the caller then types the whole file the exact way.
 */
export function sampledExpression(column: TypedColumn): string {
  const raw = sqlIdentifier(column.name);
  // Where the guard's full match leaves no space around the value, the cast needs no trim.
  const typed = typedExpression(column, column.guard && UNPADDED_UNDER_GUARD.has(column.reading) ? raw : undefined);
  if (!column.guard && !column.range) return typed;
  const misfit = `error(${sqlLiteral(`sample misled on ${column.name}`)})`;
  const guarded = column.guard ? `case when ${raw} is null then null when ${column.guard(raw)} then ${typed} else ${misfit} end` : typed;
  if (!column.range) return guarded;
  const [min, max] = column.range;
  return `case when ${raw} is null then null when (${typed}) between ${min} and ${max} then ${guarded} else ${misfit} end`;
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

/** The readings whose STRICT_FITS guard refuses a value with spaces around it. */
const UNPADDED_UNDER_GUARD = new Set<Reading>(['int', 'double_dot', 'double_comma', 'boolean', 'boolean01', 'date_iso', 'date_fr', 'datetime']);

/**
 * The SQL expression that turns the staging text into the typed value; `value`, the text to read
 * (the trimmed column by default).
 */
export function typedExpression(column: TypedColumn, value?: string): string {
  const raw = sqlIdentifier(column.name);
  const v = value ?? `trim(${raw})`;
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
    case 'wkt_point':
      return `case when ${raw} is null then null else ${WKT_2D_SQL.point(v)} end`;
    case 'wkt_shape':
      return WKT_2D_SQL.shape(v);
    case 'wkt_point_any':
      return WKT_ANY_SQL.point(v);
    case 'wkt_shape_any':
      return WKT_ANY_SQL.shape(v);
    case 'geo_point_text':
      return `case when ${raw} is null then null else {'lon': cast(regexp_extract(${raw}, '${LAT_LON}', 3) as double), 'lat': cast(regexp_extract(${raw}, '${LAT_LON}', 1) as double)} end`;
  }
}

export function toField(column: TypedColumn): Field {
  return { name: column.name, label: column.label, type: READING_TYPES[column.reading], description: null, annotations: {} };
}
