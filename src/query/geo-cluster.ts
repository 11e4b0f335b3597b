// geo_cluster(f, zoom[, precision]) in group_by (ODS §5.6): the points of a geo_point_2d field (a
// geo_shape's box centre) grouped by the cell of a Web-Mercator tile grid, what a map asks for to
// draw a million points as clusters. The cells are the tiles of zoom `zoom + precision` (precision:
// how many times each tile of the map's zoom is split in two each way; 3 by default, cells of 64
// pixels on MapLibre's 512-pixel tiles, about the 40-pixel radius ODS documents). ODS merges close
// buckets after a geohash grid (§5.6); we keep the grid's cells: the same cells whatever the viewport
// or the filters, so that a map can refine a viewport (in_bbox) and its clusters do not move.
//
// The key is a point, `{"lon", "lat", "bbox": [west, south, east, north]}`: the mean of the cell's
// points (where a map draws the cluster, on its points rather than on the grid) and the cell's box.
// The mean is an aggregate, so the group is made by the cell, not by the key's column (GroupKey).
import type { Compiled, Compiler } from './odsql/compile.js';
import { odsqlError } from './odsql/errors.js';
import { computedShapeBox } from './odsql/geo-shape.js';
import type { Expr } from './odsql/parser.js';

/** A group key; an aggregate one (geo_cluster's centre) says in `groupBy` what the rows are grouped by. */
export interface GroupKey extends Compiled {
  groupBy?: string;
}

/** ODS §5.6: zoom 0–25. */
export const GEO_CLUSTER_MAX_ZOOM = 25;
/** 8 splits: cells of 2 pixels on a 512-pixel tile, finer than a map shows. */
export const GEO_CLUSTER_MAX_PRECISION = 8;
export const GEO_CLUSTER_DEFAULT_PRECISION = 3;

// Web Mercator stops at ±85.0511° (the latitude where the square world map ends).
const MAX_LATITUDE = 85.0511287798066;

type Call = Extract<Expr, { kind: 'call' }>;

export function geoClusterKey(compiler: Compiler, call: Call): GroupKey {
  const [fieldExpr, zoomExpr, precisionExpr, ...extra] = call.args;
  const usage = ['geo_cluster() takes a geo field and a zoom: geo_cluster(geo_point_2d, 10) or geo_cluster(geo_point_2d, 10, 3)', 'geo_cluster() prend un champ géographique et un zoom : geo_cluster(geo_point_2d, 10) ou geo_cluster(geo_point_2d, 10, 3)'] as const;
  if (fieldExpr?.kind !== 'field' || !zoomExpr) throw odsqlError('group_by', fieldExpr?.start ?? call.start, ...usage);
  if (extra[0]) throw odsqlError('group_by', extra[0].start, ...usage);
  const point = pointOf(compiler, fieldExpr);
  const zoom = wholeNumber(zoomExpr, 'zoom', 0, GEO_CLUSTER_MAX_ZOOM);
  const precision = precisionOf(call, precisionExpr);
  // Cells each way: a whole number up to 2^33, exact in a double. Bound, as every value of the query.
  const cells = compiler.param(2 ** (zoom + precision));
  const lat = `least(greatest(${point.lat}, ${-MAX_LATITUDE}), ${MAX_LATITUDE})`;
  const x = `least(greatest(floor((${point.lon} + 180) / 360 * ${cells}), 0), ${cells} - 1)`;
  // y = (1 − asinh(tan φ) / π) / 2 · cells, from the north (asinh(tan φ) = ln(tan φ + sec φ), one function call fewer per point).
  const y = `least(greatest(floor((1 - asinh(tan(radians(${lat}))) / pi()) / 2 * ${cells}), 0), ${cells} - 1)`;
  const west = `(${x} / ${cells} * 360 - 180)`;
  const east = `((${x} + 1) / ${cells} * 360 - 180)`;
  // The inverse, at a cell's edge: φ = 2 atan(e^(π(1 − 2y/cells))) − π/2.
  const edge = (row: string) => `degrees(2 * atan(exp(pi() * (1 - 2 * ${row} / ${cells}))) - pi() / 2)`;
  const bbox = `[${west}, ${edge(`(${y} + 1)`)}, ${east}, ${edge(y)}]`;
  // Records without a point make the null group (§5.3), as any key's nulls do.
  const sql = `case when count(${point.lon}) = 0 then null else {'lon': avg(${point.lon}), 'lat': avg(${point.lat}), 'bbox': ${bbox}} end`;
  return { sql, type: 'geo_point_2d', aggregate: true, groupBy: `${x}, ${y}` };
}

/** The point a record is clustered at: a geo_point_2d, or the centre of a geo_shape's box. */
function pointOf(compiler: Compiler, expr: Extract<Expr, { kind: 'field' }>): { lon: string; lat: string } {
  const field = compiler.field(expr.name, 'group_by', expr.start);
  if (field.type === 'geo_point_2d') return { lon: `${field.sql}.lon`, lat: `${field.sql}.lat` };
  if (field.type === 'geo_shape') {
    // The version's box columns (geo-shape.ts), or the box computed from the shape for an older version.
    const box = compiler.shapeBoxes?.get(expr.name) ?? computedShapeBox(field.sql);
    return { lon: `((${box.xmin} + ${box.xmax}) / 2)`, lat: `((${box.ymin} + ${box.ymax}) / 2)` };
  }
  throw odsqlError('group_by', expr.start, `geo_cluster() takes a geo_point_2d or geo_shape field, not a ${field.type} field`, `geo_cluster() prend un champ geo_point_2d ou geo_shape, pas un champ ${field.type}`);
}

/** The third argument, `precision=N`, or ODS's `radius=N` in pixels (40 by default there). */
function precisionOf(call: Call, positional: Expr | undefined): number {
  const { precision, radius, ...others } = call.named;
  const unknown = Object.keys(others)[0];
  if (unknown !== undefined) throw odsqlError('group_by', others[unknown]?.start ?? call.start, `geo_cluster() has no ${unknown} argument; it takes precision= or radius=`, `geo_cluster() n’a pas d’argument ${unknown} ; il prend precision= ou radius=`);
  const given = [positional, precision, radius].filter((e) => e !== undefined);
  if (given.length > 1) throw odsqlError('group_by', given[1]?.start ?? call.start, 'geo_cluster() takes one precision or one radius', 'geo_cluster() prend une précision ou un rayon, pas les deux');
  if (radius) {
    // Clusters about two radii apart: cells of 2·radius pixels on a 512-pixel tile, 2^p = 256 / radius.
    const pixels = wholeNumber(radius, 'radius', 1, 256);
    return Math.min(GEO_CLUSTER_MAX_PRECISION, Math.max(0, Math.round(Math.log2(256 / pixels))));
  }
  const expr = positional ?? precision;
  return expr ? wholeNumber(expr, 'precision', 0, GEO_CLUSTER_MAX_PRECISION) : GEO_CLUSTER_DEFAULT_PRECISION;
}

function wholeNumber(expr: Expr, name: string, min: number, max: number): number {
  if (expr.kind === 'literal' && typeof expr.value === 'number' && Number.isInteger(expr.value) && expr.value >= min && expr.value <= max) return expr.value;
  throw odsqlError('group_by', expr.start, `the ${name} of geo_cluster() must be a whole number from ${min} to ${max}`, `le paramètre ${name} de geo_cluster() doit être un nombre entier de ${min} à ${max}`);
}
