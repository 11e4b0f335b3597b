// The KML and GPX exports (ODS Explore v2.1 §2.8), both XML in WGS 84 (the only projection
// exports are written in), streamed a batch at a time. The geometry is the first geo_shape field,
// else the first geo_point_2d, as in GeoJSON; the other fields are the record's attributes.
// KML (OGC KML 2.2): a Placemark per record, attributes as ExtendedData, Point, LineString, Polygon
// and their Multi forms (MultiGeometry). GPX 1.1: a point is a waypoint (`wpt`), a line a track
// (`trk`), a polygon a track of its rings; `name_field` gives `<name>`, `description_field_list`
// `<desc>`, and the attributes go in `<extensions>` (`use_extension`, true by default) as OGR
// writes them (`<ogr:nom>`), or in `<desc>` when it is false.
import type { Field } from '../catalog/index.js';
import { toApiRecord } from '../data/index.js';
import { AppError } from '../errors.js';
import { cellText } from './export-csv.js';
import type { ChosenRecords, ExportOptions } from './exports.js';
import { xmlEscape } from './xml-escape.js';

type Position = number[];
interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

/** A key as an XML element name: a computed column's key (`count(*)`) may not be one as it is. */
function xmlName(key: string): string {
  const name = key.replace(/[^\w.-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/** The record's geometry field and the others, or a 400 when the records have none. */
function geometryOf(chosen: ChosenRecords, format: string): { geometry: Field; attributes: Field[] } {
  const geometry = chosen.fields.find((f) => f.type === 'geo_shape') ?? chosen.fields.find((f) => f.type === 'geo_point_2d');
  if (!geometry) throw new AppError('EXPORT_NO_GEOMETRY', { format });
  return { geometry, attributes: chosen.fields.filter((f) => f !== geometry) };
}

/** The GeoJSON geometry of a record's geometry field (a point as a GeoJSON Point). */
function geometryValue(value: unknown): Geometry | null {
  if (value === null || value === undefined || typeof value !== 'object') return null;
  if ('geometry' in value) return (value as { geometry: Geometry | null }).geometry;
  const point = value as { lon: number; lat: number };
  return { type: 'Point', coordinates: [point.lon, point.lat] };
}

/** Checked before the first byte: a query without a geometry is a 400, not a cut file. */
export function kmlExport(batches: AsyncIterable<Record<string, unknown>[]>, chosen: ChosenRecords, options: ExportOptions): AsyncIterable<string> {
  const { geometry, attributes } = geometryOf(chosen, 'kml');
  return kmlLines(batches, chosen, options, geometry, attributes);
}

async function* kmlLines(batches: AsyncIterable<Record<string, unknown>[]>, chosen: ChosenRecords, options: ExportOptions, geometry: Field, attributes: Field[]): AsyncIterable<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n';
  for await (const rows of batches) {
    yield rows
      .map((row) => {
        const record = toApiRecord(chosen.fields, row);
        const data = attributes.flatMap((f) => {
          const value = record[f.name];
          if (value === null || value === undefined) return [];
          return [`<Data name="${xmlEscape(options.useLabels ? f.label : f.name)}"><value>${xmlEscape(cellText(f, value, options.listSeparator))}</value></Data>`];
        });
        const shape = geometryValue(record[geometry.name]);
        return `<Placemark>${data.length > 0 ? `<ExtendedData>${data.join('')}</ExtendedData>` : ''}${shape ? kmlGeometry(shape) : ''}</Placemark>\n`;
      })
      .join('');
  }
  yield '</Document>\n</kml>\n';
}

function kmlCoordinates(positions: Position[]): string {
  return `<coordinates>${positions.map((p) => p.join(',')).join(' ')}</coordinates>`;
}

function kmlPolygon(rings: Position[][]): string {
  const [outer, ...inner] = rings;
  return `<Polygon><outerBoundaryIs><LinearRing>${kmlCoordinates(outer ?? [])}</LinearRing></outerBoundaryIs>${inner.map((r) => `<innerBoundaryIs><LinearRing>${kmlCoordinates(r)}</LinearRing></innerBoundaryIs>`).join('')}</Polygon>`;
}

function kmlGeometry(geometry: Geometry): string {
  const c = geometry.coordinates;
  switch (geometry.type) {
    case 'Point':
      return `<Point>${kmlCoordinates([c as Position])}</Point>`;
    case 'LineString':
      return `<LineString>${kmlCoordinates(c as Position[])}</LineString>`;
    case 'Polygon':
      return kmlPolygon(c as Position[][]);
    case 'MultiPoint':
      return `<MultiGeometry>${(c as Position[]).map((p) => `<Point>${kmlCoordinates([p])}</Point>`).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${(c as Position[][]).map((l) => `<LineString>${kmlCoordinates(l)}</LineString>`).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${(c as Position[][][]).map(kmlPolygon).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${(geometry.geometries ?? []).map(kmlGeometry).join('')}</MultiGeometry>`;
    default:
      return '';
  }
}

/** GPX's own options (§2.8): the fields of `<name>` and `<desc>`, and where the attributes go. */
export interface GpxOptions {
  nameField?: string;
  descriptionFields: string[];
  useExtension: boolean;
}

/** Checked before the first byte: no geometry, or an option naming no field, is a 400. */
export function gpxExport(batches: AsyncIterable<Record<string, unknown>[]>, chosen: ChosenRecords, options: ExportOptions, gpx: GpxOptions): AsyncIterable<string> {
  const { geometry, attributes } = geometryOf(chosen, 'gpx');
  for (const [parameter, names] of [['name_field', gpx.nameField === undefined ? [] : [gpx.nameField]], ['description_field_list', gpx.descriptionFields]] as const) {
    const unknown = names.find((n) => !attributes.some((f) => f.name === n));
    if (unknown !== undefined) throw new AppError('INVALID_PARAMETER', { parameter, value: unknown, expected: `one of ${attributes.map((f) => f.name).join(', ')}` }, { parameter });
  }
  return gpxLines(batches, chosen, options, gpx, geometry, attributes);
}

async function* gpxLines(batches: AsyncIterable<Record<string, unknown>[]>, chosen: ChosenRecords, options: ExportOptions, gpx: GpxOptions, geometry: Field, attributes: Field[]): AsyncIterable<string> {
  const described = attributes.filter((f) => gpx.descriptionFields.includes(f.name));
  const named = attributes.find((f) => f.name === gpx.nameField);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Territoires" xmlns="http://www.topografix.com/GPX/1/1" xmlns:ogr="http://osgeo.org/gdal">\n`;
  for await (const rows of batches) {
    yield rows
      .map((row) => {
        const record = toApiRecord(chosen.fields, row);
        const text = (f: Field) => cellText(f, record[f.name], options.listSeparator);
        const present = (f: Field) => record[f.name] !== null && record[f.name] !== undefined;
        const name = named && present(named) ? `<name>${xmlEscape(text(named))}</name>` : '';
        const lines = (gpx.useExtension ? described : [...described, ...attributes.filter((f) => !described.includes(f))]).filter(present).map((f) => `${options.useLabels ? f.label : f.name}: ${text(f)}`);
        const desc = lines.length > 0 ? `<desc>${xmlEscape(lines.join('\n'))}</desc>` : '';
        const extensions = gpx.useExtension ? attributes.filter(present).map((f) => `<ogr:${xmlName(f.name)}>${xmlEscape(text(f))}</ogr:${xmlName(f.name)}>`).join('') : '';
        const inside = `${name}${desc}${extensions ? `<extensions>${extensions}</extensions>` : ''}`;
        return gpxFeature(geometryValue(record[geometry.name]), inside);
      })
      .join('');
  }
  yield '</gpx>\n';
}

/** A record as waypoints (points) or a track (lines, the rings of polygons); nothing without a geometry. */
function gpxFeature(geometry: Geometry | null, inside: string): string {
  if (!geometry) return '';
  const c = geometry.coordinates;
  const waypoint = (p: Position) => `<wpt lat="${p[1]}" lon="${p[0]}">${inside}</wpt>\n`;
  const track = (lines: Position[][]) => `<trk>${inside}${lines.map((l) => `<trkseg>${l.map((p) => `<trkpt lat="${p[1]}" lon="${p[0]}"/>`).join('')}</trkseg>`).join('')}</trk>\n`;
  switch (geometry.type) {
    case 'Point':
      return waypoint(c as Position);
    case 'MultiPoint':
      return (c as Position[]).map(waypoint).join('');
    case 'LineString':
      return track([c as Position[]]);
    case 'MultiLineString':
    case 'Polygon':
      return track(c as Position[][]);
    case 'MultiPolygon':
      return track((c as Position[][][]).flat());
    case 'GeometryCollection':
      return (geometry.geometries ?? []).map((g) => gpxFeature(g, inside)).join('');
    default:
      return '';
  }
}
