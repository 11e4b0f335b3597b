// Geography of tabular files: a latitude column and a longitude column make a geo_point_2d field
// (the columns stay, as OpenDataSoft keeps them); points are checked against the extents of France,
// metropolitan and overseas, to spot swapped or wrong coordinates before publishing.
import type { Field } from '../catalog/index.js';
import { sqlIdentifier } from '../data/index.js';
import type { NamedColumn } from './names.js';
import { OVERSEAS_UTM, utmToDegreesSql, type UtmZone } from './overseas-utm.js';
import type { TypedColumn } from './typing.js';

const LATITUDE = /^(lat|latitude|y_?lat|lat_?wgs_?84|coord(onnee)?_?lat|geo_?lat|wgs84_?lat)$/;
const LONGITUDE = /^(lon|lng|long|longitude|x_?lon|lon_?wgs_?84|coord(onnee)?_?lon|geo_?lon|wgs84_?lon)$/;

export const POINT_FIELD = 'geo_point_2d';

export interface DerivedField {
  field: Field;
  /** SQL over the typed columns (the subquery `typed`). */
  expression: string;
}

const EASTING = /^(x|x_?l93|x_?lambert_?93|coord(onnee)?_?x|x_?coord)$/;
const NORTHING = /^(y|y_?l93|y_?lambert_?93|coord(onnee)?_?y|y_?coord)$/;

const numeric = (c: TypedColumn) => c.reading === 'double_dot' || c.reading === 'double_comma' || c.reading === 'int';

/** Columns whose values, all of them, lie in a range (to tell Lambert-93 metres from degrees). */
export type RangeCheck = (column: TypedColumn, min: number, max: number) => Promise<boolean>;

/**
 * The geo_point_2d of each record, when the file has a latitude and a longitude column, or x/y
 * columns in Lambert-93 (EPSG:2154, the French official projection) or in the projection of an
 * overseas territory (overseas-utm.ts), told apart by their values and converted to WGS84.
 */
export async function pointFromCoordinates(columns: readonly TypedColumn[], inRange: RangeCheck): Promise<DerivedField | undefined> {
  if (columns.some((c) => c.name === POINT_FIELD || c.reading === 'geo_point_text')) return undefined;
  const lat = columns.find((c) => LATITUDE.test(c.name) && numeric(c));
  const lon = columns.find((c) => LONGITUDE.test(c.name) && numeric(c));
  if (lat && lon) return pointFromDegrees(lat, lon);
  const x = columns.find((c) => EASTING.test(c.name) && numeric(c));
  const y = columns.find((c) => NORTHING.test(c.name) && numeric(c));
  // Lambert-93 covers metropolitan France with x from about 100 to 1,250 km and y from 6,000 to 7,150 km.
  if (!x || !y) return undefined;
  if ((await inRange(x, 0, 1_400_000)) && (await inRange(y, 5_900_000, 7_300_000))) return pointFromLambert93(x, y);
  for (const zone of OVERSEAS_UTM) {
    if ((await inRange(y, ...zone.y)) && (await inRange(x, ...zone.x))) return pointFromUtm(x, y, zone);
  }
  return undefined;
}

/** The point of a latitude and a longitude column, as the field `target` (a step may name it). */
export function pointFromDegrees(lat: NamedColumn, lon: NamedColumn, target: NamedColumn = { name: POINT_FIELD, label: 'Coordonnées' }): DerivedField {
  const [la, lo] = [sqlIdentifier(lat.name), sqlIdentifier(lon.name)];
  return {
    field: { ...target, type: 'geo_point_2d', description: `${lat.label}, ${lon.label}`, annotations: {} },
    expression: `case when ${la} is null or ${lo} is null then null else {'lon': cast(${lo} as double), 'lat': cast(${la} as double)} end`,
  };
}

// Lambert-93 inverse (IGN, note NTG_71, algorithms ALG0004 and ALG0001) on GRS80; RGF93 and WGS84
// differ by less than a metre, so no datum shift. Written in SQL so that DuckDB converts millions of
// points in its own vectorised way; test/ingest/geo.test.ts checks it against proj4.
const L93 = { n: 0.725607765053267, c: 11754255.426096, xs: 700000, ys: 12655612.049876, e: 0.0818191910428158, lon0: 3 } as const;

function pointFromLambert93(x: TypedColumn, y: TypedColumn): DerivedField {
  const [cx, cy] = [`cast(${sqlIdentifier(x.name)} as double)`, `cast(${sqlIdentifier(y.name)} as double)`];
  const dx = `(${cx} - ${L93.xs})`;
  const dy = `(${L93.ys} - ${cy})`;
  const isometric = `(-ln(sqrt(${dx} * ${dx} + ${dy} * ${dy}) / ${L93.c}) / ${L93.n})`;
  // Latitude from isometric latitude: a fixed point, reached to 1e-11 rad in six steps.
  let phi = `(2 * atan(exp(${isometric})) - pi() / 2)`;
  for (let i = 0; i < 6; i += 1) {
    phi = `(2 * atan(pow((1 + ${L93.e} * sin(${phi})) / (1 - ${L93.e} * sin(${phi})), ${L93.e / 2}) * exp(${isometric})) - pi() / 2)`;
  }
  const lon = `(${L93.lon0} + degrees(atan(${dx} / ${dy}) / ${L93.n}))`;
  return {
    field: { name: POINT_FIELD, label: 'Coordonnées', type: 'geo_point_2d', description: `${x.label}, ${y.label} (Lambert-93)`, annotations: {} },
    expression: `case when ${sqlIdentifier(x.name)} is null or ${sqlIdentifier(y.name)} is null then null else {'lon': round(${lon}, 7), 'lat': round(degrees(${phi}), 7)} end`,
  };
}

function pointFromUtm(x: TypedColumn, y: TypedColumn, zone: UtmZone): DerivedField {
  const { lon, lat } = utmToDegreesSql(`cast(${sqlIdentifier(x.name)} as double)`, `cast(${sqlIdentifier(y.name)} as double)`, zone);
  return {
    field: { name: POINT_FIELD, label: 'Coordonnées', type: 'geo_point_2d', description: `${x.label}, ${y.label} (${zone.territory}, EPSG:${zone.epsg})`, annotations: {} },
    expression: `case when ${sqlIdentifier(x.name)} is null or ${sqlIdentifier(y.name)} is null then null else {'lon': round(${lon}, 7), 'lat': round(${lat}, 7)} end`,
  };
}

// [west, east, south, north] of France and its overseas territories, a little generous.
const EXTENTS: readonly (readonly [number, number, number, number])[] = [
  [-5.5, 10, 41, 51.5], // metropolitan France and Corsica
  [-62, -60.8, 15.8, 16.6], // Guadeloupe
  [-61.3, -60.7, 14.3, 15], // Martinique
  [-54.7, -51.5, 2, 6], // Guyane
  [55.1, 56, -21.5, -20.8], // La Réunion
  [44.9, 45.4, -13.1, -12.5], // Mayotte
  [-56.5, -56, 46.7, 47.2], // Saint-Pierre-et-Miquelon
  [-63.2, -62.7, 17.8, 18.2], // Saint-Martin, Saint-Barthélemy
  [163, 169, -23, -19], // Nouvelle-Calédonie
  [-155, -134, -28, -7], // Polynésie française
  [-178.5, -176, -14.5, -13], // Wallis-et-Futuna
];

/** SQL true when the point (a geo_point_2d struct) lies outside every extent of France. */
export function outsideFrance(point: string): string {
  const inside = EXTENTS.map(([w, e, s, n]) => `(${point}.lon between ${w} and ${e} and ${point}.lat between ${s} and ${n})`);
  return `(${point} is not null and not (${inside.join(' or ')}))`;
}
