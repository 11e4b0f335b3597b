// The coordinate systems French GIS teams work in besides WGS 84 (EPSG:4326): Lambert-93, Web
// Mercator, and the official projections of the overseas territories. Records are stored in WGS 84;
// Shapefiles in these systems are read (ingest/shapefile.ts) and geographic exports written in them
// (`epsg`, ODS Explore v2.1 §2.8). proj4 converts; each system has the WKT its .prj names it with,
// in ESRI's form, which every GIS reads.
import proj4 from 'proj4';

interface Projection {
  proj4: string;
  /** ESRI WKT, as a .prj holds it. */
  wkt: string;
}

const GRS80 = 'SPHEROID["GRS_1980",6378137.0,298.257222101]';
const WGS84_SPHEROID = 'SPHEROID["WGS_1984",6378137.0,298.257223563]';
const geogcs = (name: string, datum: string, spheroid: string) => `GEOGCS["${name}",DATUM["${datum}",${spheroid}],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`;
// Whole numbers as `700000.0`, as ESRI writes them; others as they are (a scale factor of 0.9996).
const parameters = (values: Record<string, number>) => Object.entries(values).map(([name, value]) => `PARAMETER["${name}",${Number.isInteger(value) ? value.toFixed(1) : String(value)}]`).join(',');

/** The UTM zone of each overseas system, by EPSG code: its number and hemisphere. */
export const OVERSEAS_UTM_ZONES: Readonly<Record<number, { zone: number; south: boolean }>> = {
  5490: { zone: 20, south: false }, // Antilles (RGAF09)
  2972: { zone: 22, south: false }, // Guyane (RGFG95)
  2975: { zone: 40, south: true }, // La Réunion (RGR92)
  4471: { zone: 38, south: true }, // Mayotte (RGM04)
  4467: { zone: 21, south: false }, // Saint-Pierre-et-Miquelon (RGSPM06)
};

/** The central meridian of a UTM zone, in degrees. */
export const utmCentralMeridian = (zone: number): number => zone * 6 - 183;

/** A UTM zone on GRS80 (the overseas systems differ from WGS 84 by less than a metre). */
function utm(name: string, geographic: string, datum: string, epsg: keyof typeof OVERSEAS_UTM_ZONES): Projection {
  const { zone, south } = OVERSEAS_UTM_ZONES[epsg] ?? { zone: 0, south: false };
  return {
    proj4: `+proj=utm +zone=${zone}${south ? ' +south' : ''} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`,
    wkt: `PROJCS["${name}",${geogcs(geographic, datum, GRS80)},PROJECTION["Transverse_Mercator"],${parameters({ False_Easting: 500000, False_Northing: south ? 10000000 : 0, Central_Meridian: utmCentralMeridian(zone), Scale_Factor: 0.9996, Latitude_Of_Origin: 0 })},UNIT["Meter",1.0]]`,
  };
}

const WGS84_GEOGCS = geogcs('GCS_WGS_1984', 'D_WGS_1984', WGS84_SPHEROID);

export const PROJECTIONS: Readonly<Record<number, Projection>> = {
  4326: { proj4: '+proj=longlat +datum=WGS84 +no_defs', wkt: WGS84_GEOGCS },
  2154: {
    proj4: '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
    wkt: `PROJCS["RGF93_Lambert_93",${geogcs('GCS_RGF_1993', 'D_RGF_1993', GRS80)},PROJECTION["Lambert_Conformal_Conic"],${parameters({ False_Easting: 700000, False_Northing: 6600000, Central_Meridian: 3, Standard_Parallel_1: 49, Standard_Parallel_2: 44, Latitude_Of_Origin: 46.5 })},UNIT["Meter",1.0]]`,
  },
  3857: {
    proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
    wkt: `PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",${WGS84_GEOGCS},PROJECTION["Mercator_Auxiliary_Sphere"],${parameters({ False_Easting: 0, False_Northing: 0, Central_Meridian: 0, Standard_Parallel_1: 0, Auxiliary_Sphere_Type: 0 })},UNIT["Meter",1.0]]`,
  },
  5490: utm('RGAF09_UTM_Zone_20N', 'GCS_RGAF09', 'D_Reseau_Geodesique_des_Antilles_Francaises_2009', 5490),
  2972: utm('RGFG_1995_UTM_Zone_22N', 'GCS_RGFG_1995', 'D_RGFG_1995', 2972),
  2975: utm('RGR_1992_UTM_40S', 'GCS_RGR_1992', 'D_RGR_1992', 2975),
  4471: utm('RGM_2004_UTM_Zone_38S', 'GCS_RGM_2004', 'D_RGM_2004', 4471),
  4467: utm('RGSPM_2006_UTM_Zone_21N', 'GCS_RGSPM_2006', 'D_RGSPM_2006', 4467),
};

/** The EPSG codes an export may be written in. */
export const EXPORT_EPSG_CODES: readonly number[] = Object.keys(PROJECTIONS).map(Number);

// `EPSG:2154` and the others by name, for the Shapefiles a publisher sends without a .prj.
proj4.defs(Object.entries(PROJECTIONS).map(([code, p]) => [`EPSG:${code}`, p.proj4]));

/** The WKT of a .prj for the system. */
export function prjOf(epsg: number): string {
  return (PROJECTIONS[epsg] ?? PROJECTIONS[4326])?.wkt ?? '';
}

type Coordinates = number[] | Coordinates[];

/** A converter of GeoJSON coordinates (any depth) from WGS 84 to the system; undefined for WGS 84 itself. */
export function fromWgs84(epsg: number): ((coordinates: unknown) => unknown) | undefined {
  if (epsg === 4326) return undefined;
  const converter = proj4('EPSG:4326', `EPSG:${epsg}`);
  // Centimetres are enough for any of these systems' metres.
  const round = (value: number) => Math.round(value * 100) / 100;
  const convert = (c: Coordinates): Coordinates => {
    if (typeof c[0] === 'number') {
      const [x, y] = converter.forward([c[0], c[1] as number]);
      return [round(x), round(y)];
    }
    return (c as Coordinates[]).map(convert);
  };
  return (coordinates) => (Array.isArray(coordinates) ? convert(coordinates as Coordinates) : coordinates);
}

/** A converter of one position from the system to WGS 84 (longitude, latitude); undefined for a system not listed here. */
export function toWgs84(epsg: number): ((x: number, y: number) => [number, number]) | undefined {
  if (!PROJECTIONS[epsg]) return undefined;
  const converter = proj4(`EPSG:${epsg}`, 'EPSG:4326');
  return (x, y) => {
    const [lon, lat] = converter.forward([x, y]);
    return [lon, lat];
  };
}

/** A GeoJSON geometry (collections included) with its coordinates converted. */
export function convertGeometry<G>(geometry: G, convert: ((coordinates: unknown) => unknown) | undefined): G {
  if (!convert || geometry === null || typeof geometry !== 'object') return geometry;
  const g = geometry as { type?: string; coordinates?: unknown; geometries?: unknown[] };
  if (g.type === 'GeometryCollection') return { ...g, geometries: (g.geometries ?? []).map((member) => convertGeometry(member, convert)) } as G;
  return { ...g, coordinates: convert(g.coordinates) } as G;
}
