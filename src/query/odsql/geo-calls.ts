// The geo functions of ODSQL (§5.3): within_distance(), in_bbox(), intersects(), within(),
// disjoint(), geometry(), polygon() as conditions, distance() as a value, on a geo_point_2d field
// (a box on the row groups' statistics first, then the exact test, polygon.ts) or a geo_shape
// field (its stored box first, then the exact test, geo-shape.ts). Literals' numbers are checked
// finite before they are written into the SQL; text goes through bound parameters.
import { sqlIdentifier } from '../../data/index.js';
import type { Compiled, Compiler } from './compile.js';
import { odsqlError, type Clause } from './errors.js';
import { ShapeTests, type GeometryLiteral } from './geo-shape.js';
import type { Expr } from './parser.js';
import { geometryText, parsePoint, pointInPolygonSql, polygonLiteral, relationOf } from './polygon.js';
import { twoValued } from './two-valued.js';

type Call = Extract<Expr, { kind: 'call' }>;
/** What the geo functions need of the compiler: the fields, how to bind a value, the stored boxes. */
type GeoCompiler = Pick<Compiler, 'fields' | 'field' | 'param' | 'shapeBoxes'>;

const EARTH_RADIUS_METRES = 6_371_008.8;

/** A geo function as a condition. */
export function geoCondition(c: GeoCompiler, call: Call, clause: Clause): string {
  switch (call.name) {
    case 'within_distance':
    case 'distance': {
      if (call.args.length !== 3) throw odsqlError(clause, call.start, `${call.name}() takes a geo field, a point and a distance`, `${call.name}() prend un champ géographique, un point et une distance`);
      const shape = shapeField(c, call.args[0]);
      const point = shape ? '' : pointField(c, call.args[0], clause);
      const [lon, lat] = pointLiteral(call.args[1], clause);
      const radius = call.args[2];
      const metres = radius?.kind === 'distance' ? radius.metres : radius?.kind === 'literal' && typeof radius.value === 'number' ? radius.value : NaN;
      if (!Number.isFinite(metres) || metres < 0) throw odsqlError(clause, radius?.start ?? call.start, 'a distance such as 10km is expected', 'une distance comme 10km est attendue');
      if (shape) return shape.withinDistance(lon, lat, metres);
      // A box around the circle first (cheap, on the row groups' statistics), then the exact distance.
      const dLat = metres / 111_195 + 1e-9;
      const dLon = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
      return twoValued(`${point}.lat between ${lat - dLat} and ${lat + dLat} and ${point}.lon between ${lon - dLon} and ${lon + dLon} and ${haversine(point, lon, lat)} <= ${metres}`);
    }
    case 'in_bbox': {
      if (call.args.length !== 5) throw odsqlError(clause, call.start, 'in_bbox() takes a geo field and two corners: lat1, lon1, lat2, lon2', 'in_bbox() prend un champ géographique et deux coins : lat1, lon1, lat2, lon2');
      const shape = shapeField(c, call.args[0]);
      const point = shape ? '' : pointField(c, call.args[0], clause);
      const [lat1, lon1, lat2, lon2] = call.args.slice(1).map((a) => numberLiteral(a, clause));
      if (shape) return shape.inBox(lat1!, lon1!, lat2!, lon2!);
      return twoValued(`${point}.lat between ${Math.min(lat1!, lat2!)} and ${Math.max(lat1!, lat2!)} and ${point}.lon between ${Math.min(lon1!, lon2!)} and ${Math.max(lon1!, lon2!)}`);
    }
    default: {
      // intersects, within, disjoint, geometry, polygon.
      // A point against a polygon literal (polygon.ts): bounding box first, then ray casting.
      const relation = relationOf(call, clause);
      // A shape against a point or a polygon (geo-shape.ts): boxes first, then the exact test.
      const shape = shapeField(c, call.args[0]);
      if (shape) return shape.relation(shapeLiteral(call.args[1], clause), relation);
      return pointInPolygonSql(pointField(c, call.args[0], clause), polygonLiteral(call.args[1], clause), (value) => c.param(value), relation);
    }
  }
}

/** distance(field, point) as a value: metres. */
export function geoDistance(c: GeoCompiler, call: Call, clause: Clause): Compiled {
  const shape = shapeField(c, call.args[0]);
  const point = shape ? '' : pointField(c, call.args[0], clause);
  const [lon, lat] = pointLiteral(call.args[1], clause);
  return { sql: shape ? shape.distance(lon, lat) : haversine(point, lon, lat), type: 'double', aggregate: false };
}

/** The tests of a geo_shape field; undefined for anything else (the point functions then check it). */
function shapeField(c: GeoCompiler, arg: Expr | undefined): ShapeTests | undefined {
  const field = arg?.kind === 'field' ? c.fields.get(arg.name) : undefined;
  if (field?.type !== 'geo_shape') return undefined;
  return new ShapeTests(sqlIdentifier(field.name), c.shapeBoxes?.get(field.name), (value) => c.param(value));
}

/** What a shape is tested against: a point, or a polygon (WKT or GeoJSON). */
function shapeLiteral(arg: Expr | undefined, clause: Clause): GeometryLiteral {
  const point = parsePoint(geometryText(arg));
  return point ? { point } : { polygon: polygonLiteral(arg, clause) };
}

function pointField(c: GeoCompiler, arg: Expr | undefined, clause: Clause): string {
  if (arg?.kind !== 'field') throw odsqlError(clause, arg?.start ?? 0, 'a geo field is expected', 'un champ géographique est attendu');
  const field = c.field(arg.name, clause, arg.start);
  if (field.type !== 'geo_point_2d') {
    throw odsqlError(clause, arg.start, `geo functions take a geo_point_2d or geo_shape field, not a ${field.type} field`, `les fonctions géographiques prennent un champ geo_point_2d ou geo_shape, pas un champ ${field.type}`);
  }
  return field.sql;
}

/** geom'POINT(lon lat)' or a GeoJSON Point: [lon, lat]. */
function pointLiteral(arg: Expr | undefined, clause: Clause): [number, number] {
  // Coordinates are written into the SQL as text: parsePoint gives finite numbers only.
  const point = parsePoint(geometryText(arg));
  if (point) return point;
  throw odsqlError(clause, arg?.start ?? 0, "a point such as geom'POINT(-1.5536 47.2184)' is expected", "un point comme geom'POINT(-1.5536 47.2184)' est attendu");
}

function numberLiteral(arg: Expr | undefined, clause: Clause): number {
  // Written into the SQL as text: Infinity or NaN would be names there.
  if (arg?.kind === 'literal' && typeof arg.value === 'number' && Number.isFinite(arg.value)) return arg.value;
  throw odsqlError(clause, arg?.start ?? 0, 'a number is expected', 'un nombre est attendu');
}

/** Great-circle distance in metres from each point of a geo_point_2d column to (lon, lat). */
function haversine(point: string, lon: number, lat: number): string {
  const rad = Math.PI / 180;
  return `(${2 * EARTH_RADIUS_METRES} * asin(sqrt(pow(sin((radians(${point}.lat) - ${lat * rad}) / 2), 2) + ${Math.cos(lat * rad)} * cos(radians(${point}.lat)) * pow(sin((radians(${point}.lon) - ${lon * rad}) / 2), 2))))`;
}
