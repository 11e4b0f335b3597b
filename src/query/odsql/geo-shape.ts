// Geo functions on geo_shape fields (GeoJSON geometry text) without DuckDB's spatial extension (not
// installable here, docs/DESIGN.md). Two steps, both in SQL:
// - each shape's bounding box: four DOUBLE columns written beside the records at ingest
//   (`<field>__xmin`…; field names never hold `__`), whose row-group statistics let DuckDB skip
//   most of the file; a version written before them gets the box computed in the query;
// - on the records whose box meets the literal's, the exact test, over the shape's edges parsed
//   with from_json and walked by list lambdas, the literal's numbers bound as parameters.
// Why in SQL and not in JavaScript: docs/architecture.md ("Shapes").
import type { Field } from '../../catalog/index.js';
import { sqlIdentifier, sqlLiteral } from '../../data/index.js';
import { boundEdges, type Polygon, type ShapeRelation } from './polygon.js';

/** The SQL of a shape's bounding box: columns of the version, or expressions over the shape. */
export interface ShapeBox {
  xmin: string;
  ymin: string;
  xmax: string;
  ymax: string;
}

/** A geometry literal: a point [lon, lat], or a polygon. */
export type GeometryLiteral = { point: [number, number] } | { polygon: Polygon };

const CORNERS = ['xmin', 'ymin', 'xmax', 'ymax'] as const;

/** The names of the box columns of a geo_shape field. */
export function shapeBoxColumnNames(field: string): ShapeBox {
  return { xmin: `${field}__xmin`, ymin: `${field}__ymin`, xmax: `${field}__xmax`, ymax: `${field}__ymax` };
}

/** The geo_shape fields of a version: those that get box columns. */
export function shapeFields(fields: readonly Field[]): Field[] {
  return fields.filter((f) => f.type === 'geo_shape');
}

/**
 * `select` with the box columns of its geo_shape fields after its own columns (unchanged when it
 * has none). The rows keep `order` (a sorted version stays sorted).
 */
export function withShapeBoxes(select: string, fields: readonly Field[], order = ''): string {
  const shapes = shapeFields(fields);
  if (shapes.length === 0) return select;
  // One parse of each shape gives its four corners: unnest() spreads the struct into columns.
  const boxes = shapes.map((f) => {
    const names = shapeBoxColumnNames(f.name);
    return `unnest(${boxStruct(sqlIdentifier(f.name), CORNERS.map((c) => names[c]))})`;
  });
  return `select *, ${boxes.join(', ')} from (${select}) as shapes${order}`;
}

/** The box of a shape computed in the query, for a version written without box columns. */
export function computedShapeBox(column: string): ShapeBox {
  const box = boxStruct(column, [...CORNERS]);
  return { xmin: `${box}.xmin`, ymin: `${box}.ymin`, xmax: `${box}.xmax`, ymax: `${box}.ymax` };
}

function boxStruct(column: string, keys: string[]): string {
  const [xmin, ymin, xmax, ymax] = keys.map(sqlLiteral);
  const xs = 'list_transform(__p, lambda __q: __q[1])';
  const ys = 'list_transform(__p, lambda __q: __q[2])';
  return `list_transform([${positionsSql(column)}], lambda __p: {${xmin}: list_min(${xs}), ${ymin}: list_min(${ys}), ${xmax}: list_max(${xs}), ${ymax}: list_max(${ys})})[1]`;
}

// The parts of a GeoJSON geometry, by kind (a GeometryCollection's members, one level deep).
const RINGS = '\'[[["DOUBLE"]]]\'';
const EMPTY_PATHS = 'cast([] as double[][][])';
const EMPTY_POSITIONS = 'cast([] as double[][])';

function partsOf(g: string, collection: boolean): { rings: string; lines: string; points: string } {
  const type = `json_extract_string(${g}, '$.type')`;
  const coordinates = `json_extract(${g}, '$.coordinates')`;
  const members = (part: (m: string) => string, empty: string) =>
    collection ? ` when 'GeometryCollection' then coalesce(flatten(list_transform(from_json(json_extract(${g}, '$.geometries'), '["JSON"]'), lambda __m: ${part('__m')})), ${empty})` : '';
  const inner = (kind: 'rings' | 'lines' | 'points') => (m: string) => partsOf(m, false)[kind];
  return {
    rings: `coalesce(case ${type} when 'Polygon' then from_json(${coordinates}, ${RINGS}) when 'MultiPolygon' then flatten(from_json(${coordinates}, '[[[["DOUBLE"]]]]'))${members(inner('rings'), EMPTY_PATHS)} end, ${EMPTY_PATHS})`,
    lines: `coalesce(case ${type} when 'LineString' then [from_json(${coordinates}, '[["DOUBLE"]]')] when 'MultiLineString' then from_json(${coordinates}, ${RINGS})${members(inner('lines'), EMPTY_PATHS)} end, ${EMPTY_PATHS})`,
    points: `coalesce(case ${type} when 'Point' then [from_json(${coordinates}, '["DOUBLE"]')] when 'MultiPoint' then from_json(${coordinates}, '[["DOUBLE"]]')${members(inner('points'), EMPTY_POSITIONS)} end, ${EMPTY_POSITIONS})`,
  };
}

/** Every position of the shape (NULL for a null shape). */
function positionsSql(g: string): string {
  const { rings, lines, points } = partsOf(g, true);
  return `case when ${g} is not null then list_concat(list_concat(flatten(${rings}), flatten(${lines})), ${points}) end`;
}

/**
 * The shape as a struct of two lists of edges [ax, ay, bx, by]: `r` its rings' edges (what is inside
 * is told by the even-odd rule over them), `e` all its edges, a point being an edge of zero length.
 */
function edgesSql(g: string): string {
  const { rings, lines, points } = partsOf(g, true);
  const ringEdges = `flatten(list_transform(${rings}, lambda __p: list_transform(range(1, len(__p) + 1), lambda __i: [__p[__i][1], __p[__i][2], __p[__i % len(__p) + 1][1], __p[__i % len(__p) + 1][2]])))`;
  const lineEdges = `flatten(list_transform(${lines}, lambda __p: list_transform(range(1, len(__p)), lambda __i: [__p[__i][1], __p[__i][2], __p[__i + 1][1], __p[__i + 1][2]])))`;
  const pointEdges = `list_transform(${points}, lambda __p: [__p[1], __p[2], __p[1], __p[2]])`;
  return `list_transform([${ringEdges}], lambda __r: {'r': __r, 'e': list_concat(list_concat(__r, ${lineEdges}), ${pointEdges})})[1]`;
}

const EARTH_RADIUS_METRES = 6_371_008.8;
const METRES_PER_DEGREE = 111_195;
// Below this, a cross product is taken as zero (a point on a segment): 1e-15 square degrees.
const COLLINEAR = '1e-15';

/** The tests of one geo_shape column; `param` binds a value and gives its `$n`. */
export class ShapeTests {
  constructor(
    private readonly column: string,
    /** The version's box columns; the box is computed in the query without them. */
    private readonly box: ShapeBox | undefined,
    private readonly param: (value: string | number) => string,
  ) {}

  private double(value: number): string {
    return `cast(${this.param(value)} as double)`;
  }

  private get corners(): ShapeBox {
    return this.box ?? computedShapeBox(this.column);
  }

  /** The shape's box meets [west, east] × [south, north]. */
  private boxMeets(west: number, south: number, east: number, north: number): string {
    const { xmin, ymin, xmax, ymax } = this.corners;
    return `(${xmax} >= ${this.double(west)} and ${xmin} <= ${this.double(east)} and ${ymax} >= ${this.double(south)} and ${ymin} <= ${this.double(north)})`;
  }

  /**
   * A condition, never NULL (a null or unreadable shape gives false): the bare box test first, for
   * DuckDB to push it into the Parquet scan, then the exact test on the edges of the shapes left.
   */
  private filtered(box: string, exact: (s: string) => string): string {
    return `(${box} and coalesce(${box} and ${this.exact(exact)}, false))`;
  }

  /** `test` over the shape's edges, parsed once per record. */
  private exact(test: (s: string) => string): string {
    return `list_transform([${edgesSql(this.column)}], lambda __s: ${test('__s')})[1]`;
  }

  /** intersects(), within(), disjoint() and their legacy names, with a point or a polygon. */
  relation(literal: GeometryLiteral, relation: ShapeRelation): string {
    const vertices = 'point' in literal ? [literal.point] : literal.polygon.rings.flat();
    const lons = vertices.map(([lon]) => lon);
    const lats = vertices.map(([, lat]) => lat);
    const [west, south, east, north] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    if (relation === 'within') {
      const { xmin, ymin, xmax, ymax } = this.corners;
      // A shape within the literal has its box within the literal's.
      const inside = `(${xmin} >= ${this.double(west)} and ${xmax} <= ${this.double(east)} and ${ymin} >= ${this.double(south)} and ${ymax} <= ${this.double(north)})`;
      return this.filtered(inside, (s) => ('point' in literal ? this.allAtPoint(s, literal.point) : this.withinPolygon(s, literal.polygon)));
    }
    const box = this.boxMeets(west, south, east, north);
    const meets = (s: string) => ('point' in literal ? this.meetsPoint(s, literal.point) : this.meetsPolygon(s, literal.polygon));
    if (relation === 'intersects') return this.filtered(box, meets);
    // Disjoint: every readable shape that does not meet the literal, its box first (no parse).
    const { xmin } = this.corners;
    return `coalesce(${xmin} is not null and not (${box} and ${this.exact(meets)}), false)`;
  }

  /** in_bbox(): the shape meets the box (two opposite corners, latitude first). */
  inBox(lat1: number, lon1: number, lat2: number, lon2: number): string {
    const [west, east, south, north] = [Math.min(lon1, lon2), Math.max(lon1, lon2), Math.min(lat1, lat2), Math.max(lat1, lat2)];
    const rectangle: Polygon = { rings: [[[west, south], [east, south], [east, north], [west, north]]] };
    return this.filtered(this.boxMeets(west, south, east, north), (s) => this.meetsPolygon(s, rectangle));
  }

  /** within_distance(): the shape comes within `metres` of the point (0 inside it). */
  withinDistance(lon: number, lat: number, metres: number): string {
    const dLat = metres / METRES_PER_DEGREE + 1e-9;
    const dLon = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
    return this.filtered(this.boxMeets(lon - dLon, lat - dLat, lon + dLon, lat + dLat), (s) => `(${this.distanceOver(s, lon, lat)} <= ${this.double(metres)})`);
  }

  /** distance(): metres from the point to the nearest point of the shape, 0 inside it (NULL for a null shape). */
  distance(lon: number, lat: number): string {
    return `case when ${this.column} is not null then ${this.exact((s) => this.distanceOver(s, lon, lat))} end`;
  }

  private distanceOver(s: string, lon: number, lat: number): string {
    const [px, py] = [this.double(lon), this.double(lat)];
    // The nearest point of each edge, found in a plane where a degree of longitude is cos(lat)
    // of one of latitude (exact enough at the scale of a distance filter), then its great-circle distance.
    const k = this.double(Math.cos((lat * Math.PI) / 180));
    const dx = `((__e[3] - __e[1]) * ${k})`;
    const dy = '(__e[4] - __e[2])';
    const t = `coalesce(greatest(0, least(1, ((${px} - __e[1]) * ${k} * ${dx} + (${py} - __e[2]) * ${dy}) / nullif(${dx} * ${dx} + ${dy} * ${dy}, 0))), 0)`;
    const nearest = `list_transform(${s}.e, lambda __e: ${haversine(px, py, `(__e[1] + ${t} * (__e[3] - __e[1]))`, `(__e[2] + ${t} * (__e[4] - __e[2]))`)})`;
    return `case when ${insideRings(s, px, py)} then 0 else list_min(${nearest}) end`;
  }

  /** The shape meets the point: the point is inside its rings, or on one of its edges. */
  private meetsPoint(s: string, [lon, lat]: [number, number]): string {
    const [px, py] = [this.double(lon), this.double(lat)];
    const onEdge = `abs((__e[3] - __e[1]) * (${py} - __e[2]) - (__e[4] - __e[2]) * (${px} - __e[1])) <= ${COLLINEAR} and ${px} between least(__e[1], __e[3]) and greatest(__e[1], __e[3]) and ${py} between least(__e[2], __e[4]) and greatest(__e[2], __e[4])`;
    return `(${insideRings(s, px, py)} or len(list_filter(${s}.e, lambda __e: ${onEdge})) > 0)`;
  }

  /** A shape within a point is that point. */
  private allAtPoint(s: string, [lon, lat]: [number, number]): string {
    const [px, py] = [this.double(lon), this.double(lat)];
    return `(len(${s}.e) > 0 and len(list_filter(${s}.e, lambda __e: not (__e[1] = ${px} and __e[2] = ${py} and __e[3] = ${px} and __e[4] = ${py}))) = 0)`;
  }

  /**
   * The shape meets the polygon: one of its edges touches or crosses one of the polygon's, or one of
   * its vertices is inside the polygon (it lies within), or one of the polygon's is inside it.
   */
  private meetsPolygon(s: string, polygon: Polygon): string {
    const g = boundEdges(polygon, this.param);
    const touches = `len(list_filter(range(1, len(${g[0]}) + 1), lambda __j: ${segmentsMeet(g, false)})) > 0`;
    const polygonInside = `len(list_filter(range(1, len(${g[0]}) + 1), lambda __j: ${insideRings(s, `${g[0]}[__j]`, `${g[1]}[__j]`)})) > 0`;
    return `(len(list_filter(${s}.e, lambda __e: ${insidePolygon(g, '__e[1]', '__e[2]')} or ${touches})) > 0 or ${polygonInside})`;
  }

  /**
   * The shape is within the polygon: all its vertices inside it, none of its edges crossing the
   * polygon's, and none of the polygon's vertices (a hole's) inside the shape.
   */
  private withinPolygon(s: string, polygon: Polygon): string {
    const g = boundEdges(polygon, this.param);
    const crosses = `len(list_filter(range(1, len(${g[0]}) + 1), lambda __j: ${segmentsMeet(g, true)})) > 0`;
    const outside = `not ${insidePolygon(g, '__e[1]', '__e[2]')} or not ${insidePolygon(g, '__e[3]', '__e[4]')} or ${crosses}`;
    const holeInside = `len(list_filter(range(1, len(${g[0]}) + 1), lambda __j: ${insideRings(s, `${g[0]}[__j]`, `${g[1]}[__j]`)})) > 0`;
    return `(len(${s}.e) > 0 and len(list_filter(${s}.e, lambda __e: ${outside})) = 0 and not ${holeInside})`;
  }
}

/** (x, y) inside the shape's rings, by the even-odd rule (false for a shape without rings). */
function insideRings(s: string, x: string, y: string): string {
  return `(len(list_filter(${s}.r, lambda __q: ((__q[2] > ${y}) != (__q[4] > ${y})) and ${x} < __q[1] + (${y} - __q[2]) * (__q[3] - __q[1]) / (__q[4] - __q[2]))) % 2 = 1)`;
}

/** (x, y) inside the bound polygon, as polygon.ts tests a point. */
function insidePolygon([AX, AY, BX, BY]: readonly string[], x: string, y: string): string {
  return `(len(list_filter(range(1, len(${AX}) + 1), lambda __k: ((${AY}[__k] > ${y}) != (${BY}[__k] > ${y})) and ${x} < ${AX}[__k] + (${y} - ${AY}[__k]) * (${BX}[__k] - ${AX}[__k]) / (${BY}[__k] - ${AY}[__k]))) % 2 = 1)`;
}

/**
 * The shape's edge __e meets the polygon's edge __j: each one's ends are on both sides of the other
 * (orientations of opposite signs); `properly`: strictly, touching does not count. Touching also
 * needs their boxes to overlap, which rules out collinear segments apart.
 */
function segmentsMeet([AX, AY, BX, BY]: readonly string[], properly: boolean): string {
  const [cx, cy, dx, dy] = [`${AX}[__j]`, `${AY}[__j]`, `${BX}[__j]`, `${BY}[__j]`];
  const orient = (px: string, py: string, qx: string, qy: string, rx: string, ry: string) => `((${qx} - ${px}) * (${ry} - ${py}) - (${qy} - ${py}) * (${rx} - ${px}))`;
  const sides = (a: string, b: string) => `${a} * ${b} ${properly ? '<' : '<='} 0`;
  const first = sides(orient('__e[1]', '__e[2]', '__e[3]', '__e[4]', cx, cy), orient('__e[1]', '__e[2]', '__e[3]', '__e[4]', dx, dy));
  const second = sides(orient(cx, cy, dx, dy, '__e[1]', '__e[2]'), orient(cx, cy, dx, dy, '__e[3]', '__e[4]'));
  if (properly) return `(${first} and ${second})`;
  const overlap = `greatest(least(__e[1], __e[3]), least(${cx}, ${dx})) <= least(greatest(__e[1], __e[3]), greatest(${cx}, ${dx})) and greatest(least(__e[2], __e[4]), least(${cy}, ${dy})) <= least(greatest(__e[2], __e[4]), greatest(${cy}, ${dy}))`;
  return `(${overlap} and ${first} and ${second})`;
}

/** Great-circle distance in metres between two points given as SQL (degrees). */
function haversine(lon1: string, lat1: string, lon2: string, lat2: string): string {
  return `(${2 * EARTH_RADIUS_METRES} * asin(sqrt(pow(sin((radians(${lat2}) - radians(${lat1})) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * pow(sin((radians(${lon2}) - radians(${lon1})) / 2), 2))))`;
}
