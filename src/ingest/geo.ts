// Geography of tabular files: a latitude column and a longitude column make a geo_point_2d field
// (the columns stay, as OpenDataSoft keeps them); points are checked against the extents of France,
// metropolitan and overseas, to spot swapped or wrong coordinates before publishing.
import type { Field } from '../catalog/index.js';
import { sqlIdentifier } from '../data/index.js';
import type { TypedColumn } from './typing.js';

const LATITUDE = /^(lat|latitude|y_?lat|lat_?wgs_?84|coord(onnee)?_?lat|geo_?lat|wgs84_?lat)$/;
const LONGITUDE = /^(lon|lng|long|longitude|x_?lon|lon_?wgs_?84|coord(onnee)?_?lon|geo_?lon|wgs84_?lon)$/;

export const POINT_FIELD = 'geo_point_2d';

export interface DerivedField {
  field: Field;
  /** SQL over the typed columns (the subquery `typed`). */
  expression: string;
}

/** The geo_point_2d made of a latitude and a longitude column, when the file has both as numbers. */
export function pointFromCoordinates(columns: readonly TypedColumn[]): DerivedField | undefined {
  if (columns.some((c) => c.name === POINT_FIELD || c.reading === 'geo_point_text')) return undefined;
  const numeric = (c: TypedColumn) => c.reading === 'double_dot' || c.reading === 'double_comma' || c.reading === 'int';
  const lat = columns.find((c) => LATITUDE.test(c.name) && numeric(c));
  const lon = columns.find((c) => LONGITUDE.test(c.name) && numeric(c));
  if (!lat || !lon) return undefined;
  const [la, lo] = [sqlIdentifier(lat.name), sqlIdentifier(lon.name)];
  return {
    field: { name: POINT_FIELD, label: 'Coordonnées', type: 'geo_point_2d', description: `${lat.label}, ${lon.label}`, annotations: {} },
    expression: `case when ${la} is null or ${lo} is null then null else {'lon': cast(${lo} as double), 'lat': cast(${la} as double)} end`,
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
