// Points in polygons without DuckDB's spatial extension (not installable here, docs/DESIGN.md):
// a polygon literal (WKT or GeoJSON, ODS Explore v2.1 §5.1) becomes its edges, bound as four
// DOUBLE[] parameters; a point is inside when a ray from it crosses an odd number of edges (the
// even-odd rule, so holes and several polygons need nothing more). A bounding-box test comes first:
// it is cheap and leaves the ray casting to the few points near the polygon.
import { odsqlError, type Clause } from './errors.js';
import type { Expr } from './parser.js';

/** Rings of [lon, lat] vertices: outer rings and holes alike (the even-odd rule tells them apart). */
export interface Polygon {
  rings: [number, number][][];
}

export type ShapeRelation = 'intersects' | 'within' | 'disjoint';

/** Every record near the polygon walks all its edges: a bound keeps that cost reasonable. */
const MAX_VERTICES = 10_000;

const EXPECTED = `a polygon such as geom'POLYGON((lon lat, lon lat, lon lat, lon lat))' or a GeoJSON Polygon, of at most ${MAX_VERTICES} vertices`;
const EXPECTED_FR = `un polygone comme geom'POLYGON((lon lat, lon lat, lon lat, lon lat))' ou un Polygon GeoJSON, d’au plus ${MAX_VERTICES} sommets`;

/**
 * intersects(f, g), within(f, g), disjoint(f, g), and the legacy polygon(f, g) and geometry(f, g
 * [, INTERSECTS|DISJOINT|WITHIN]) (§5.5; geometry() with two arguments is taken as INTERSECTS).
 * For a point, intersecting a polygon and being within it are the same test.
 */
export function relationOf(call: Extract<Expr, { kind: 'call' }>, clause: Clause): ShapeRelation {
  const mode = call.name === 'geometry' ? call.args[2] : undefined;
  const expected = call.name === 'geometry' ? [2, 3] : [2];
  if (!expected.includes(call.args.length)) throw odsqlError(clause, call.start, `${call.name}() takes a geo field and a geometry`, `${call.name}() prend un champ géographique et une géométrie`);
  if (mode) {
    const word = mode.kind === 'field' ? mode.name.toLowerCase() : '';
    if (word !== 'intersects' && word !== 'within' && word !== 'disjoint') throw odsqlError(clause, mode.start, 'the mode of geometry() is INTERSECTS, DISJOINT or WITHIN', 'le mode de geometry() est INTERSECTS, DISJOINT ou WITHIN');
    return word;
  }
  if (call.name === 'within' || call.name === 'disjoint') return call.name;
  return 'intersects';
}

/** The polygon of a geom'…' literal (or a string): WKT POLYGON or MULTIPOLYGON, GeoJSON Polygon or MultiPolygon. */
export function polygonLiteral(arg: Expr | undefined, clause: Clause): Polygon {
  const polygon = parsePolygon(geometryText(arg));
  if (!polygon) throw odsqlError(clause, arg?.start ?? 0, EXPECTED, EXPECTED_FR);
  return polygon;
}

export function parsePolygon(text: string): Polygon | undefined {
  const trimmed = text.trim();
  const rings = trimmed.startsWith('{') ? geojsonRings(trimmed) : wktRings(trimmed);
  if (!rings || rings.length === 0 || rings.reduce((n, ring) => n + ring.length, 0) > MAX_VERTICES) return undefined;
  // A ring needs three distinct vertices; a closing vertex equal to the first is optional.
  if (rings.some((ring) => new Set(ring.map(([lon, lat]) => `${lon} ${lat}`)).size < 3)) return undefined;
  return { rings };
}

function wktRings(text: string): [number, number][][] | undefined {
  const match = /^(MULTIPOLYGON|POLYGON)\s*(\(.*\))$/is.exec(text);
  if (!match) return undefined;
  const body = match[2] ?? '';
  // Only parentheses, commas, spaces and numbers: then each innermost (…) is a ring.
  if (!/^[\s(),0-9eE.+-]*$/.test(body)) return undefined;
  const rings: [number, number][][] = [];
  for (const [, inner] of body.matchAll(/\(([^()]*)\)/g)) {
    const ring: [number, number][] = [];
    for (const vertex of (inner ?? '').split(',')) {
      const [lon, lat, ...rest] = vertex.trim().split(/\s+/).map(Number);
      if (lon === undefined || lat === undefined || rest.length > 1 || !validLonLat(lon, lat)) return undefined;
      ring.push([lon, lat]);
    }
    rings.push(ring);
  }
  // POLYGON((…)) has rings two levels deep, MULTIPOLYGON(((…))) three: anything else is malformed.
  const depth = match[1]?.toUpperCase() === 'POLYGON' ? 2 : 3;
  return maxDepth(body) === depth ? rings : undefined;
}

function maxDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const char of text) {
    if (char === '(') deepest = Math.max(deepest, ++depth);
    else if (char === ')') depth -= 1;
    if (depth < 0) return -1;
  }
  return depth === 0 ? deepest : -1;
}

function geojsonRings(text: string): [number, number][][] | undefined {
  let geometry: { type?: unknown; coordinates?: unknown };
  try {
    geometry = JSON.parse(text) as typeof geometry;
  } catch {
    return undefined;
  }
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates) ? geometry.coordinates : undefined;
  if (!polygons) return undefined;
  const rings: [number, number][][] = [];
  for (const polygon of polygons) {
    if (!Array.isArray(polygon)) return undefined;
    for (const ring of polygon) {
      if (!Array.isArray(ring)) return undefined;
      const vertices: [number, number][] = [];
      for (const vertex of ring) {
        const [lon, lat] = Array.isArray(vertex) ? vertex : [];
        if (typeof lon !== 'number' || typeof lat !== 'number' || !validLonLat(lon, lat)) return undefined;
        vertices.push([lon, lat]);
      }
      rings.push(vertices);
    }
  }
  return rings;
}

function validLonLat(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
}

/**
 * A condition (never NULL) on a geo_point_2d column: the point is inside the polygon (or outside
 * it, for `disjoint`). Every number is a bound parameter: the bounding box as DOUBLEs, the edges
 * (from (ax, ay) to (bx, by)) as DOUBLE[] lists walked by a lambda.
 */
export function pointInPolygonSql(point: string, polygon: Polygon, param: (value: string | number) => string, relation: ShapeRelation): string {
  const vertices = polygon.rings.flat();
  const lons = vertices.map(([lon]) => lon);
  const lats = vertices.map(([, lat]) => lat);
  const double = (value: number) => `cast(${param(value)} as double)`;
  const [AX, AY, BX, BY] = boundEdges(polygon, param);
  const lat = `${point}.lat`;
  const lon = `${point}.lon`;
  const box = `${lat} between ${double(Math.min(...lats))} and ${double(Math.max(...lats))} and ${lon} between ${double(Math.min(...lons))} and ${double(Math.max(...lons))}`;
  // An edge counts when it straddles the point's latitude and crosses it east of the point. A
  // horizontal edge never straddles, so its division by zero (NULL in DuckDB) is never what decides.
  const crossing = `((${AY}[edge] > ${lat}) != (${BY}[edge] > ${lat})) and ${lon} < ${AX}[edge] + (${lat} - ${AY}[edge]) * (${BX}[edge] - ${AX}[edge]) / (${BY}[edge] - ${AY}[edge])`;
  const inside = `(${box} and len(list_filter(range(1, len(${AX}) + 1), lambda edge: ${crossing})) % 2 = 1)`;
  return relation === 'disjoint' ? `coalesce(not ${inside}, false)` : `coalesce(${inside}, false)`;
}

/**
 * The polygon's edges, from (AX[i], AY[i]) to (BX[i], BY[i]), as four bound DOUBLE[] lists: each
 * vertex to the next, the last back to the first (a zero-length edge if the ring is closed).
 */
export function boundEdges(polygon: Polygon, param: (value: string | number) => string): [string, string, string, string] {
  const ax: number[] = [];
  const ay: number[] = [];
  const bx: number[] = [];
  const by: number[] = [];
  for (const ring of polygon.rings) {
    ring.forEach(([lon, lat], i) => {
      const [nextLon, nextLat] = ring[(i + 1) % ring.length] ?? [lon, lat];
      ax.push(lon);
      ay.push(lat);
      bx.push(nextLon);
      by.push(nextLat);
    });
  }
  // A list is bound as its text (`[47.1,-1.6]`) and cast once: a bound list would take the type of
  // its first item, INTEGER for a whole number, and refuse the decimals after it.
  const list = (values: number[]) => `cast(${param(JSON.stringify(values))} as double[])`;
  return [list(ax), list(ay), list(bx), list(by)];
}

/** The text of a geom'…' literal (or of a string), '' for anything else. */
export function geometryText(arg: Expr | undefined): string {
  return arg?.kind === 'geom' || (arg?.kind === 'literal' && typeof arg.value === 'string') ? String(arg.value) : '';
}

/** geom'POINT(lon lat)' or a GeoJSON Point: [lon, lat], finite numbers. */
export function parsePoint(text: string): [number, number] | undefined {
  const finite = (lon: number, lat: number): [number, number] | undefined => (Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : undefined);
  const wkt = /^\s*POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)\s*$/i.exec(text);
  // `1.2.3` is NaN, not a number.
  if (wkt) return finite(Number(wkt[1]), Number(wkt[2]));
  try {
    const geometry = JSON.parse(text) as { type?: string; coordinates?: unknown };
    return geometry.type === 'Point' && Array.isArray(geometry.coordinates) && geometry.coordinates.length >= 2 ? finite(Number(geometry.coordinates[0]), Number(geometry.coordinates[1])) : undefined;
  } catch {
    return undefined;
  }
}
