// WKT geometries in a column of text (GIS exports), read without DuckDB's spatial extension (not
// installable here, docs/DESIGN.md): the coordinate tuples become JSON arrays, each geometry
// keyword its GeoJSON object, the parentheses brackets. Two readings of each kind (typing.ts):
// - 2-D WKT (`POLYGON ((lon lat, …))`, `SRID=4326;` allowed before it), the common case, by the
//   fewest regular expressions;
// - any WKT: Z, M and ZM coordinates (and the ISO/EWKT spelling without the letter, three or four
//   numbers a tuple), EMPTY (a null value), GEOMETRYCOLLECTION (of simple geometries), and
//   `SRID=n;` for the systems of query/projections.ts. It is tried only on a column the 2-D reading
//   does not fit, and the values in another system than WGS 84 are reprojected by proj4 in
//   JavaScript before typing (reprojectWktValues), the only values read outside DuckDB.
// A GeoJSON position keeps Z as its third number (RFC 7946 §3.1.1); M, a measure, is dropped.
import { sqlIdentifier, type EngineConnection } from '../data/index.js';
import { PROJECTIONS, toWgs84 } from '../query/projections.js';

const WKT_TYPES: Record<string, string> = { POINT: 'Point', MULTIPOINT: 'MultiPoint', LINESTRING: 'LineString', MULTILINESTRING: 'MultiLineString', POLYGON: 'Polygon', MULTIPOLYGON: 'MultiPolygon' };
/** A number of WKT that is also one of JSON: three groups. */
export const WKT_NUMBER = '-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?';
const WKT_2D = `(SRID=4326;)?\\s*(${Object.keys(WKT_TYPES).join('|')})\\s*\\([-+0-9.eE\\s,()]*\\)`;

/** The GeoJSON text of a 2-D WKT value `v` (not valid JSON if it is not one). */
function wkt2dAsGeoJson(v: string): string {
  const type = `upper(regexp_extract(${v}, '^(SRID=4326;)?\\s*([A-Za-z]+)', 2))`;
  let body = `regexp_replace(${v}, '^(SRID=4326;)?\\s*[A-Za-z]+\\s*', '')`;
  // MULTIPOINT ((1 2), (3 4)) is also written MULTIPOINT (1 2, 3 4): one form, the second.
  body = `(case when ${type} = 'MULTIPOINT' then regexp_replace(${body}, '\\(\\s*(${WKT_NUMBER}\\s+${WKT_NUMBER})\\s*\\)', '\\1', 'g') else ${body} end)`;
  const pairs = `regexp_replace(${body}, '(${WKT_NUMBER})\\s+(${WKT_NUMBER})', '[\\1,\\4]', 'g')`;
  const nested = `replace(replace(${pairs}, '(', '['), ')', ']')`;
  // A point's coordinates are one pair, not a list of one.
  const coordinates = `(case when ${type} = 'POINT' then substr(${nested}, 2, length(${nested}) - 2) else ${nested} end)`;
  const names = Object.entries(WKT_TYPES).map(([wkt, name]) => `when '${wkt}' then '${name}'`).join(' ');
  return `('{"type":"' || (case ${type} ${names} end) || '","coordinates":' || ${coordinates} || '}')`;
}

/** The pair of a 2-D WKT point `v`, as a struct of lon and lat (text). */
const pointPair = (v: string) => `regexp_extract(${v}, '\\(\\s*(${WKT_NUMBER})\\s+(${WKT_NUMBER})', ['lon', 'x1', 'x2', 'lat'])`;

/** 2-D WKT: the tests a value passes and its typed value, v being the trimmed text. */
export const WKT_2D_SQL = {
  pointFits: (v: string) => `(regexp_full_match(upper(${v}), '(SRID=4326;)?\\s*POINT\\s*\\(\\s*${WKT_NUMBER}\\s+${WKT_NUMBER}\\s*\\)'))`,
  shapeFits: (v: string) => `coalesce(case when regexp_full_match(upper(${v}), '${WKT_2D}') then json_valid(${wkt2dAsGeoJson(v)}) end, false)`,
  point: (v: string) => `{'lon': cast(${pointPair(v)}.lon as double), 'lat': cast(${pointPair(v)}.lat as double)}`,
  shape: (v: string) => `cast(json(${wkt2dAsGeoJson(v)}) as varchar)`,
};

// Any WKT. Read on the upper-cased text: a number's `e` becomes `E`, which JSON takes too.
const TAGS = [...Object.keys(WKT_TYPES), 'GEOMETRYCOLLECTION'].join('|');
const DIMENSION = '(ZM|Z|M)';
const SRID_PREFIX = '^\\s*SRID=([0-9]+);\\s*';
/** The EPSG codes an SRID may name: those proj4 is given (query/projections.ts). */
export const WKT_SRIDS: readonly number[] = Object.keys(PROJECTIONS).map(Number);
const ANY_SHAPE = `(SRID=[0-9]+;)?\\s*(${TAGS})\\s*${DIMENSION}?\\s*(EMPTY|\\([-+0-9.A-Z\\s,()]*\\))`;
const ANY_POINT = `(SRID=[0-9]+;)?\\s*POINT\\s*${DIMENSION}?\\s*(EMPTY|\\(\\s*${WKT_NUMBER}(\\s+${WKT_NUMBER}){1,3}\\s*\\))`;
const EMPTY = `(SRID=[0-9]+;)?\\s*[A-Z]+\\s*${DIMENSION}?\\s*EMPTY`;
// Parentheses nested one, two and three deep, for the geometries of a collection to end where they end.
const DEPTH1 = '\\([^()]*\\)';
const DEPTH2 = '\\((?:[^()]|\\([^()]*\\))*\\)';
const DEPTH3 = '\\((?:[^()]|\\((?:[^()]|\\([^()]*\\))*\\))*\\)';

const srid = (u: string) => `regexp_extract(${u}, '${SRID_PREFIX}', 1)`;
const sridIn = (u: string, codes: readonly number[]) => `(${srid(u)} in ('', ${codes.map((c) => `'${c}'`).join(', ')}))`;
/** An SRID other than WGS 84's: the value must be reprojected first. */
const projected = (u: string) => `(${srid(u)} not in ('', '4326'))`;

/** The GeoJSON text of any WKT value `u` (upper case, without EMPTY), its SRID left aside. */
function anyAsGeoJson(u: string): string {
  let s = `regexp_replace(${u}, '${SRID_PREFIX}', '')`;
  // The measure of XYM tuples is dropped: an M after a geometry keyword (POINT M, POINTM, LINESTRING M…).
  const measured = `regexp_matches(${s}, '[TGN]\\s*M\\s*\\(')`;
  const n = `(${WKT_NUMBER})`;
  s = `regexp_replace(${s}, '${n}\\s+${n}\\s+${n}\\s+${n}', '[\\1,\\4,\\7]', 'g')`;
  s = `(case when ${measured} then regexp_replace(${s}, '${n}\\s+${n}\\s+${n}', '[\\1,\\4]', 'g') else regexp_replace(${s}, '${n}\\s+${n}\\s+${n}', '[\\1,\\4,\\7]', 'g') end)`;
  s = `regexp_replace(${s}, '${n}\\s+${n}', '[\\1,\\4]', 'g')`;
  s = `regexp_replace(${s}, '([A-Z])\\s*${DIMENSION}\\s*\\(', '\\1(', 'g')`;
  // One position in parentheses: a point's, or a member of MULTIPOINT ((1 2), (3 4)).
  s = `regexp_replace(${s}, '\\(\\s*(\\[[^\\[\\]()]*\\])\\s*\\)', '\\1', 'g')`;
  // The MULTI… keywords before the others, whose names they contain.
  const kinds: [string, string, string][] = [
    ['MULTIPOLYGON', 'MultiPolygon', DEPTH3],
    ['MULTILINESTRING', 'MultiLineString', DEPTH2],
    ['MULTIPOINT', 'MultiPoint', DEPTH1],
    ['POLYGON', 'Polygon', DEPTH2],
    ['LINESTRING', 'LineString', DEPTH1],
    ['POINT', 'Point', '\\[[^\\[\\]()]*\\]'],
  ];
  for (const [tag, name, body] of kinds) s = `regexp_replace(${s}, '${tag}\\s*(${body})', '{"type":"${name}","coordinates":\\1}', 'g')`;
  // A collection of simple geometries (one level: what geo_shape's functions read, query/odsql/geo-shape.ts).
  s = `regexp_replace(${s}, '^GEOMETRYCOLLECTION\\s*\\(((?s).*)\\)$', '{"type":"GeometryCollection","geometries":[\\1]}')`;
  return `replace(replace(${s}, '(', '['), ')', ']')`;
}

/** Any WKT: the tests a value passes (`strict`: no SRID to reproject) and its typed value, v being the trimmed text. */
export const WKT_ANY_SQL = {
  pointFits: (v: string, strict = false) => `(regexp_full_match(upper(${v}), '${ANY_POINT}') and ${sridIn(`upper(${v})`, strict ? [4326] : WKT_SRIDS)})`,
  shapeFits: (v: string, strict = false) => {
    const u = `upper(${v})`;
    return `coalesce(case when regexp_full_match(${u}, '${ANY_SHAPE}') and ${sridIn(u, strict ? [4326] : WKT_SRIDS)} then regexp_full_match(${u}, '${EMPTY}') or json_valid(${anyAsGeoJson(u)}) end, false)`;
  },
  point: (v: string) => typedUnlessEmpty(v, `{'lon': cast(${pointPair(v)}.lon as double), 'lat': cast(${pointPair(v)}.lat as double)}`),
  shape: (v: string) => typedUnlessEmpty(v, `cast(json(${anyAsGeoJson(`upper(${v})`)}) as varchar)`),
};

/** EMPTY is null; a value still in another system is an error (reprojectWktValues runs first). */
function typedUnlessEmpty(v: string, typed: string): string {
  const u = `upper(${v})`;
  return `case when ${v} is null or regexp_full_match(${u}, '${EMPTY}') then null when ${projected(u)} then error('WKT in another system than WGS 84 not reprojected') else ${typed} end`;
}

// A coordinate tuple of WKT after `(` or `,`: its x and y are what a projection converts.
const TUPLE = new RegExp(`([(,]\\s*)(${WKT_NUMBER})\\s+(${WKT_NUMBER})`, 'g');
const JS_SRID_PREFIX = /^\s*SRID=([0-9]+);\s*/i;
// Degrees to seven decimals (about a centimetre), as the points of coordinate columns (geo.ts).
const round = (degrees: number) => Math.round(degrees * 1e7) / 1e7;

/** The WKT value in WGS 84, its SRID dropped; undefined when its system is not known or a position does not convert. */
export function wktInWgs84(value: string): string | undefined {
  const prefix = JS_SRID_PREFIX.exec(value);
  const convert = prefix ? toWgs84(Number(prefix[1])) : undefined;
  if (!prefix || !convert) return undefined;
  let failed = false;
  const body = value.slice(prefix[0].length).replace(TUPLE, (_match, before: string, x: string, _xf, _xe, y: string) => {
    const [lon, lat] = convert(Number(x), Number(y));
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) failed = true;
    return `${before}${round(lon)} ${round(lat)}`;
  });
  return failed ? undefined : body.trim();
}

const PAGE = 10_000;

/**
 * Rewrites in `table` the values of `column` (read as any WKT) that are in another system than WGS
 * 84, each distinct value once. When one of them does not convert, nothing is written and that
 * value is returned.
 */
export async function reprojectWktValues(connection: EngineConnection, table: string, column: string): Promise<string | undefined> {
  const c = sqlIdentifier(column);
  const [todo, map] = ['wkt_to_reproject', 'wkt_reprojected'];
  await connection.run(`create or replace temp table ${todo} as select distinct ${c} as v from ${sqlIdentifier(table)} where ${c} is not null and ${projected(`upper(trim(${c}))`)}`);
  try {
    const [counted] = await connection.query(`select count(*) as n from ${todo}`);
    const count = Number(counted?.n ?? 0);
    if (count === 0) return undefined;
    await connection.run(`create or replace temp table ${map} (v varchar, w varchar)`);
    const appender = await connection.textAppender(map);
    try {
      for (let start = 0; start < count; start += PAGE) {
        for (const row of await connection.query(`select v from ${todo} where rowid >= ${start} and rowid < ${start + PAGE}`)) {
          const w = wktInWgs84(String(row.v));
          if (w === undefined) return String(row.v);
          appender.appendRow([String(row.v), w]);
        }
      }
    } finally {
      appender.close();
    }
    await connection.run(`update ${sqlIdentifier(table)} set ${c} = ${map}.w from ${map} where ${sqlIdentifier(table)}.${c} = ${map}.v`);
    return undefined;
  } finally {
    await connection.run(`drop table if exists ${todo}`);
    await connection.run(`drop table if exists ${map}`);
  }
}
