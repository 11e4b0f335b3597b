// The official projections of the overseas départements and collectivities: each a UTM zone on
// GRS80 (RGAF09, RGFG95, RGR92, RGM04, RGSPM06 differ from WGS84 by less than a metre, so no datum
// shift). Their northings do not overlap one another nor Lambert-93's, so the territory of x/y
// columns can be told from their values (geo.ts). The inverse is Snyder's series for the
// transverse Mercator on the ellipsoid ("Map Projections: A Working Manual", USGS 1987, eq. 8-12
// to 8-25), written in SQL so that DuckDB converts the points in its own vectorised way;
// test/ingest/geo.test.ts checks it against proj4.
import { OVERSEAS_UTM_ZONES, utmCentralMeridian } from '../query/projections.js';

export interface UtmZone {
  /** The territory, as the preview says it. */
  territory: string;
  epsg: number;
  /** The central meridian, in degrees. */
  lon0: number;
  south: boolean;
  /** [min, max] of the eastings and northings of the territory's points, a little generous. */
  x: readonly [number, number];
  y: readonly [number, number];
}

/** A territory's system: its zone from the projections every part of the platform shares (query/projections.ts). */
function zone(territory: string, epsg: number, x: readonly [number, number], y: readonly [number, number]): UtmZone {
  const utm = OVERSEAS_UTM_ZONES[epsg];
  if (!utm) throw new Error(`EPSG:${epsg} is not an overseas UTM system`);
  return { territory, epsg, lon0: utmCentralMeridian(utm.zone), south: utm.south, x, y };
}

export const OVERSEAS_UTM: readonly UtmZone[] = [
  zone('Antilles', 5490, [500_000, 900_000], [1_540_000, 2_050_000]),
  zone('Guyane', 2972, [50_000, 600_000], [180_000, 700_000]),
  zone('La Réunion', 2975, [250_000, 450_000], [7_600_000, 7_720_000]),
  zone('Mayotte', 4471, [450_000, 580_000], [8_530_000, 8_640_000]),
  zone('Saint-Pierre-et-Miquelon', 4467, [500_000, 620_000], [5_150_000, 5_250_000]),
];

// GRS80.
const A = 6_378_137;
const F = 1 / 298.257222101;
const E2 = F * (2 - F);
const EP2 = E2 / (1 - E2);
const K0 = 0.9996;
const E1 = (1 - Math.sqrt(1 - E2)) / (1 + Math.sqrt(1 - E2));

/** SQL of the WGS84 longitude and latitude (degrees) of an easting and a northing (metres, DOUBLE expressions) in the zone. */
export function utmToDegreesSql(easting: string, northing: string, zone: UtmZone): { lon: string; lat: string } {
  const x = `(${easting} - 500000)`;
  const y = zone.south ? `(${northing} - 10000000)` : `(${northing})`;
  const mu = `(${y} / ${K0} / ${A * (1 - E2 / 4 - (3 * E2 ** 2) / 64 - (5 * E2 ** 3) / 256)})`;
  // The footpoint latitude.
  const phi1 = `(${mu} + ${(3 * E1) / 2 - (27 * E1 ** 3) / 32} * sin(2 * ${mu}) + ${(21 * E1 ** 2) / 16 - (55 * E1 ** 4) / 32} * sin(4 * ${mu}) + ${(151 * E1 ** 3) / 96} * sin(6 * ${mu}) + ${(1097 * E1 ** 4) / 512} * sin(8 * ${mu}))`;
  const c1 = `(${EP2} * pow(cos(${phi1}), 2))`;
  const t1 = `pow(tan(${phi1}), 2)`;
  const w = `(1 - ${E2} * pow(sin(${phi1}), 2))`;
  const n1 = `(${A} / sqrt(${w}))`;
  const r1 = `(${A * (1 - E2)} / pow(${w}, 1.5))`;
  const d = `(${x} / (${n1} * ${K0}))`;
  const lat = `(${phi1} - (${n1} * tan(${phi1}) / ${r1}) * (pow(${d}, 2) / 2 - (5 + 3 * ${t1} + 10 * ${c1} - 4 * pow(${c1}, 2) - ${9 * EP2}) * pow(${d}, 4) / 24 + (61 + 90 * ${t1} + 298 * ${c1} + 45 * pow(${t1}, 2) - ${252 * EP2} - 3 * pow(${c1}, 2)) * pow(${d}, 6) / 720))`;
  const lon = `((${d} - (1 + 2 * ${t1} + ${c1}) * pow(${d}, 3) / 6 + (5 - 2 * ${c1} + 28 * ${t1} - 3 * pow(${c1}, 2) + ${8 * EP2} + 24 * pow(${t1}, 2)) * pow(${d}, 5) / 120) / cos(${phi1}))`;
  return { lon: `(${zone.lon0} + degrees(${lon}))`, lat: `degrees(${lat})` };
}
