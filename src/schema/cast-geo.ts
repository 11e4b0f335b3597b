// Geographic types (spec §6.8, §6.9) and the `wkt` string format. A geopoint is `[lon, lat]`,
// longitude first, in range; frictionless reads each coordinate with Decimal(), so JSON strings
// holding numbers are accepted inside the array and object forms as well.
import { INVALID } from './model.js';
import { isDecimal } from './cast-number.js';

type Invalid = typeof INVALID;
export type Point = [number, number];

const inRange = (lon: number, lat: number): boolean => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;

/** `"lon, lat"` (frictionless: `cell.split(",")` into exactly two Decimal() parts). */
export function castGeopointDefault(text: string): Point | Invalid {
  const comma = text.indexOf(',');
  if (comma < 0 || text.indexOf(',', comma + 1) >= 0) return INVALID;
  if (!isDecimal(text, 0, comma) || !isDecimal(text, comma + 1)) return INVALID;
  const lon = Number(text.slice(0, comma));
  const lat = Number(text.slice(comma + 1));
  return inRange(lon, lat) ? [lon, lat] : INVALID;
}

const JSON_PAIR = /^\s*\[\s*(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*,\s*(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*\]\s*$/;

/** `[lon, lat]`, a JSON array of two numbers (IRVE's `coordonneesXY`). */
export function castGeopointArray(text: string): Point | Invalid {
  const m = JSON_PAIR.exec(text);
  if (m !== null) {
    const lon = Number(m[1]);
    const lat = Number(m[2]);
    return inRange(lon, lat) ? [lon, lat] : INVALID;
  }
  if (!text.includes('[')) return INVALID;
  return geopointFromValue(parseJson(text), 'array');
}

export function castGeopointObject(text: string): Point | Invalid {
  if (!text.includes('{')) return INVALID;
  return geopointFromValue(parseJson(text), 'object');
}

/** A JSON value (already parsed) as a geopoint of the given format. */
export function geopointFromValue(value: unknown, format: 'array' | 'object'): Point | Invalid {
  let pair: [unknown, unknown];
  if (format === 'array') {
    if (!Array.isArray(value) || value.length !== 2) return INVALID;
    pair = [value[0], value[1]];
  } else {
    if (!isPlainObject(value) || Object.keys(value).length !== 2 || !('lon' in value) || !('lat' in value)) return INVALID;
    pair = [value.lon, value.lat];
  }
  const lon = coordinate(pair[0]);
  const lat = coordinate(pair[1]);
  return inRange(lon, lat) ? [lon, lat] : INVALID;
}

function coordinate(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && isDecimal(value)) return Number(value);
  return NaN;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse, or INVALID: for the JSON types only, whose cells must be parsed anyway. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

// GeoJSON (RFC 7946) as frictionless checks it, through the JSON Schema of each object: a known
// `type`, positions of at least two numbers, enough positions per line and ring.
const isPosition = (value: unknown): boolean => Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === 'number');
const isPositions = (value: unknown, minimum: number): boolean => Array.isArray(value) && value.length >= minimum && value.every(isPosition);
const isPolygon = (value: unknown): boolean => Array.isArray(value) && value.every((ring) => isPositions(ring, 4));
// A line has at least 2 positions, a ring at least 4.
const COORDINATES: Record<string, (coordinates: unknown) => boolean> = {
  Point: isPosition,
  MultiPoint: (c) => isPositions(c, 0),
  LineString: (c) => isPositions(c, 2),
  MultiLineString: (c) => Array.isArray(c) && c.every((line) => isPositions(line, 2)),
  Polygon: isPolygon,
  MultiPolygon: (c) => Array.isArray(c) && c.every(isPolygon),
};

export function isGeoJson(value: unknown): boolean {
  if (!isPlainObject(value) || typeof value.type !== 'string') return false;
  switch (value.type) {
    case 'Feature':
      return (value.geometry === null || isGeometry(value.geometry)) && (value.properties === undefined || value.properties === null || isPlainObject(value.properties));
    case 'FeatureCollection':
      return Array.isArray(value.features) && value.features.every((feature) => isPlainObject(feature) && feature.type === 'Feature' && isGeoJson(feature));
    default:
      return isGeometry(value);
  }
}

function isGeometry(value: unknown): boolean {
  if (!isPlainObject(value) || typeof value.type !== 'string') return false;
  if (value.type === 'GeometryCollection') return Array.isArray(value.geometries) && value.geometries.every(isGeometry);
  const check = COORDINATES[value.type];
  return check !== undefined && check(value.coordinates);
}

/** TopoJSON: a `Topology` with `objects` and `arcs`. */
export function isTopoJson(value: unknown): boolean {
  return isPlainObject(value) && value.type === 'Topology' && isPlainObject(value.objects) && Array.isArray(value.arcs);
}

// WKT (OGC Simple Features): `POINT (1 2)`, `LINESTRING (…)`, `POLYGON ((…))`, the MULTI forms,
// GEOMETRYCOLLECTION, optional Z/M/ZM and EMPTY. Lines need 2 points and rings 4 closed ones, as GEOS does.
const WKT_SHAPES: Record<string, 'point' | 'line' | 'polygon' | 'multipoint' | 'multiline' | 'multipolygon' | 'collection'> = {
  POINT: 'point', LINESTRING: 'line', POLYGON: 'polygon', MULTIPOINT: 'multipoint', MULTILINESTRING: 'multiline', MULTIPOLYGON: 'multipolygon', GEOMETRYCOLLECTION: 'collection',
};

export function isWkt(text: string): boolean {
  const tokens = text.toUpperCase().match(/[A-Z]+|[-+]?(?:\d+\.?\d*|\.\d+)(?:E[-+]?\d+)?|[(),]|\S/g);
  if (tokens === null) return false;
  let at = 0;
  const next = (): string | undefined => tokens[at++];
  const peek = (): string | undefined => tokens[at];
  const expect = (token: string): boolean => next() === token;
  const isNumber = (token: string | undefined): boolean => token !== undefined && /^[-+.\d]/.test(token);

  const point = (): number[] | null => {
    const values: number[] = [];
    while (isNumber(peek())) values.push(Number(next()));
    return values.length >= 2 && values.length <= 4 ? values : null;
  };
  const pointList = (minimum: number, closed: boolean, bracketed: boolean): boolean => {
    if (!expect('(')) return false;
    const points: number[][] = [];
    do {
      if (bracketed && peek() === '(') {
        next();
        const p = point();
        if (p === null || !expect(')')) return false;
        points.push(p);
      } else {
        const p = point();
        if (p === null) return false;
        points.push(p);
      }
    } while (peek() === ',' && next());
    if (!expect(')') || points.length < minimum) return false;
    if (closed && points[0]!.join() !== points[points.length - 1]!.join()) return false;
    return points.every((p) => p.length === points[0]!.length);
  };
  const list = (item: () => boolean): boolean => {
    if (!expect('(')) return false;
    do if (!item()) return false; while (peek() === ',' && next());
    return expect(')');
  };
  const geometry = (): boolean => {
    const shape = WKT_SHAPES[next() ?? ''];
    if (shape === undefined) return false;
    if (peek() === 'Z' || peek() === 'M' || peek() === 'ZM') next();
    if (peek() === 'EMPTY') {
      next();
      return true;
    }
    switch (shape) {
      case 'point': {
        if (!expect('(')) return false;
        return point() !== null && expect(')');
      }
      case 'line': return pointList(2, false, false);
      case 'polygon': return list(() => pointList(4, true, false));
      case 'multipoint': return pointList(1, false, true);
      case 'multiline': return list(() => pointList(2, false, false));
      case 'multipolygon': return list(() => list(() => pointList(4, true, false)));
      case 'collection': return list(geometry);
    }
  };
  return geometry() && at === tokens.length;
}
