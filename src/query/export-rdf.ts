// The RDF exports (ODS Explore v2.1 §2.8: jsonld, turtle, n3, rdfxml, "records as RDF"), streamed
// a batch at a time. Each record is a resource named by its id (record-id.ts, the id E7 answers
// to): `<dataset URL>/records/<id>`, of class `<dataset URL>#Record` (the dataset URL is E2's, as
// the route gives it in the options; `urn:territoires:dataset:<id>` without it); a grouped
// export's rows have no id and are blank nodes. Each field is a property of the dataset's vocabulary,
// `<dataset URL>#<name>` (the name made an XML name where it is not one, as RDF/XML needs), with
// its label as rdfs:label: `use_labels` does not rename properties, whose IRIs must stay put.
// Values are typed literals (xsd:integer, xsd:double, xsd:boolean, xsd:date, xsd:dateTime; points
// and shapes GeoSPARQL wktLiterals in lon lat order, CRS84 being the wktLiteral default), a
// multivalued field one triple per value, null no triple. Turtle and N3 are written by n3's
// Writer; JSON-LD (1.1, its context typing each property) and RDF/XML by hand.
import { DataFactory, Writer, type Quad } from 'n3';
import type { Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import { cellText } from './export-csv.js';
import type { ChosenRecords, ExportOptions } from './exports.js';
import { RECORD_ID_COLUMN } from './record-id.js';
import { xmlEscape } from './xml-escape.js';

export const RDF_FORMATS = ['jsonld', 'turtle', 'n3', 'rdfxml'] as const;
export type RdfFormat = (typeof RDF_FORMATS)[number];

export function isRdfFormat(format: string): format is RdfFormat {
  return (RDF_FORMATS as readonly string[]).includes(format);
}

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const GEO = 'http://www.opengis.net/ont/geosparql#';
const CLASS = 'Record';

type Position = number[];
interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

/** A property: its field, its local name in the vocabulary, and the datatype of its literals (none: a plain string). */
interface Property {
  field: Field;
  local: string;
  datatype?: string;
}

interface Literal {
  value: string;
  datatype?: string;
}

function datatypeOf(field: Field): string | undefined {
  const types: Partial<Record<Field['type'], string>> = {
    int: `${XSD}integer`,
    double: `${XSD}double`,
    boolean: `${XSD}boolean`,
    date: `${XSD}date`,
    datetime: `${XSD}dateTime`,
    geo_point_2d: `${GEO}wktLiteral`,
    geo_shape: `${GEO}wktLiteral`,
  };
  return types[field.type];
}

/** A name RDF/XML can write as an element (an XML NCName), unique, never the class's nor a JSON-LD prefix. */
function localName(name: string, taken: Set<string>): string {
  let local = name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/\.+$/, '');
  if (!/^[A-Za-z_]/.test(local)) local = `_${local}`;
  let unique = local;
  for (let n = 2; taken.has(unique); n += 1) unique = `${local}_${n}`;
  taken.add(unique);
  return unique;
}

function wktPositions(positions: Position[]): string {
  return positions.map((p) => `${p[0]} ${p[1]}`).join(', ');
}

/** OGC Simple Features WKT of a GeoJSON geometry. */
export function geometryWkt(g: Geometry): string {
  const c = g.coordinates;
  switch (g.type) {
    case 'Point':
      return `POINT(${wktPositions([c as Position])})`;
    case 'MultiPoint':
      return `MULTIPOINT(${(c as Position[]).map((p) => `(${wktPositions([p])})`).join(', ')})`;
    case 'LineString':
      return `LINESTRING(${wktPositions(c as Position[])})`;
    case 'MultiLineString':
      return `MULTILINESTRING(${(c as Position[][]).map((l) => `(${wktPositions(l)})`).join(', ')})`;
    case 'Polygon':
      return `POLYGON(${(c as Position[][]).map((r) => `(${wktPositions(r)})`).join(', ')})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON(${(c as Position[][][]).map((p) => `(${p.map((r) => `(${wktPositions(r)})`).join(', ')})`).join(', ')})`;
    case 'GeometryCollection':
      return `GEOMETRYCOLLECTION(${(g.geometries ?? []).map(geometryWkt).join(', ')})`;
    default:
      return 'GEOMETRYCOLLECTION EMPTY';
  }
}

/** The literals of a value: none for null, one per value of a list. */
function literalsOf(property: Property, value: unknown, listSeparator: string): Literal[] {
  if (value === null || value === undefined) return [];
  const { field, datatype } = property;
  if (Array.isArray(value)) return value.map((v) => ({ value: String(v) }));
  if (field.type === 'geo_point_2d' && typeof value === 'object') {
    const point = value as { lon: number; lat: number };
    return [{ value: `POINT(${point.lon} ${point.lat})`, datatype }];
  }
  if (field.type === 'geo_shape' && typeof value === 'object') {
    const geometry = (value as { geometry: Geometry | null }).geometry;
    return geometry ? [{ value: geometryWkt(geometry), datatype }] : [];
  }
  if (field.type === 'double' && typeof value === 'number' && !Number.isFinite(value)) return [{ value: Number.isNaN(value) ? 'NaN' : value > 0 ? 'INF' : '-INF', datatype }];
  if (datatype) return [{ value: String(value), datatype }];
  return [{ value: cellText(field, value, listSeparator) }];
}

/** Where the IRIs live: the dataset's URL when the route gives it, else a name that is at least stable. */
function namespaces(options: ExportOptions, name: string): { dataset: string; vocabulary: string; records: string } {
  const dataset = options.datasetUrl ?? `urn:territoires:dataset:${encodeURIComponent(name)}`;
  return { dataset, vocabulary: `${dataset}#`, records: `${dataset}/records/` };
}

export function rdfExport(ctx: DataPlaneContext, chosen: ChosenRecords, options: ExportOptions, format: RdfFormat, name: string): AsyncIterable<string> {
  const taken = new Set([CLASS, 'rdf', 'rdfs', 'xsd', 'geo']);
  const properties: Property[] = chosen.fields.map((field) => ({ field, local: localName(field.name, taken), datatype: datatypeOf(field) }));
  const iris = namespaces(options, name);
  const batches = ctx.engine.stream(chosen.sql, chosen.params);
  /** Each row: its id (undefined for a group) and its literals by property. */
  const described = async function* (): AsyncIterable<{ id: string | undefined; values: [Property, Literal[]][] }[]> {
    for await (const rows of batches) {
      yield rows.map((row) => {
        const record = toApiRecord(chosen.fields, row);
        const id = row[RECORD_ID_COLUMN];
        return { id: typeof id === 'string' ? id : undefined, values: properties.map((p) => [p, literalsOf(p, record[p.field.name], options.listSeparator)]) };
      });
    }
  };
  if (format === 'jsonld') return jsonLd(described(), properties, iris);
  if (format === 'rdfxml') return rdfXml(described(), properties, iris);
  return n3Text(described(), properties, iris, format === 'n3' ? 'text/n3' : 'text/turtle');
}

type Described = AsyncIterable<{ id: string | undefined; values: [Property, Literal[]][] }[]>;
type Iris = ReturnType<typeof namespaces>;

/** Turtle or N3 through n3's Writer, which groups each record's triples under its subject. */
async function* n3Text(records: Described, properties: Property[], iris: Iris, format: string): AsyncIterable<string> {
  const { namedNode, literal, quad, blankNode } = DataFactory;
  let pieces: string[] = [];
  const writer = new Writer(
    { write: (text: string) => pieces.push(text), end: () => undefined } as unknown as NodeJS.WritableStream,
    { format, prefixes: { rdf: RDF, rdfs: RDFS, xsd: XSD, geo: GEO, ds: iris.vocabulary, rec: iris.records } },
  );
  const type = namedNode(`${RDF}type`);
  const vocabulary: Quad[] = properties.flatMap((p) => [
    quad(namedNode(iris.vocabulary + p.local), type, namedNode(`${RDF}Property`)),
    quad(namedNode(iris.vocabulary + p.local), namedNode(`${RDFS}label`), literal(p.field.label)),
  ]);
  writer.addQuads(vocabulary);
  for await (const rows of records) {
    for (const { id, values } of rows) {
      const subject = id === undefined ? blankNode() : namedNode(iris.records + id);
      writer.addQuad(quad(subject, type, namedNode(iris.vocabulary + CLASS)));
      for (const [p, literals] of values) {
        for (const l of literals) writer.addQuad(quad(subject, namedNode(iris.vocabulary + p.local), l.datatype ? literal(l.value, namedNode(l.datatype)) : literal(l.value)));
      }
    }
    yield pieces.join('');
    pieces = [];
  }
  writer.end();
  yield pieces.join('');
}

/** JSON-LD 1.1: a context that types each property, then the records in `@graph`; ints, doubles and booleans as JSON values. */
async function* jsonLd(records: Described, properties: Property[], iris: Iris): AsyncIterable<string> {
  const context: Record<string, unknown> = { '@vocab': iris.vocabulary, xsd: XSD, geo: GEO, rdfs: RDFS };
  for (const p of properties) if (p.datatype) context[p.local] = { '@type': p.datatype };
  const terms = properties.map((p) => ({ '@id': iris.vocabulary + p.local, '@type': 'rdf:Property', 'rdfs:label': p.field.label }));
  yield `{"@context":${JSON.stringify({ ...context, rdf: RDF })},"@graph":[${terms.map((t) => JSON.stringify(t)).join(',')}`;
  for await (const rows of records) {
    const nodes = rows.map(({ id, values }) => {
      const node: Record<string, unknown> = id === undefined ? { '@type': CLASS } : { '@id': iris.records + id, '@type': CLASS };
      for (const [p, literals] of values) {
        if (literals.length === 0) continue;
        node[p.local] = literals.length === 1 ? jsonValue(p, literals[0]!) : literals.map((l) => jsonValue(p, l));
      }
      return `,${JSON.stringify(node)}`;
    });
    yield nodes.join('\n');
  }
  yield ']}\n';
}

/** Native JSON for the numbers and booleans JSON has (the context gives their datatype), the lexical form for the rest. */
function jsonValue(p: Property, l: Literal): unknown {
  if ((p.field.type === 'int' || p.field.type === 'double') && /^-?[\d.]+(e[+-]?\d+)?$/i.test(l.value)) return Number(l.value);
  if (p.field.type === 'boolean') return l.value === 'true';
  return l.value;
}

/** RDF/XML: the vocabulary's properties, then a typed node element per record. */
async function* rdfXml(records: Described, properties: Property[], iris: Iris): AsyncIterable<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF xmlns:rdf="${RDF}" xmlns:rdfs="${RDFS}" xmlns:ds="${xmlEscape(iris.vocabulary)}">\n`;
  yield properties.map((p) => `<rdf:Property rdf:about="${xmlEscape(iris.vocabulary + p.local)}"><rdfs:label>${xmlEscape(p.field.label)}</rdfs:label></rdf:Property>\n`).join('');
  for await (const rows of records) {
    yield rows
      .map(({ id, values }) => {
        const about = id === undefined ? '' : ` rdf:about="${xmlEscape(iris.records + id)}"`;
        const elements = values.flatMap(([p, literals]) => literals.map((l) => `<ds:${p.local}${l.datatype ? ` rdf:datatype="${l.datatype}"` : ''}>${xmlEscape(l.value)}</ds:${p.local}>`));
        return `<ds:${CLASS}${about}>${elements.join('')}</ds:${CLASS}>\n`;
      })
      .join('');
  }
  yield '</rdf:RDF>\n';
}
