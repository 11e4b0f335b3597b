// Dataset exports in the GIS and RDF formats (ODS Explore v2.1 §2.8): zipped Shapefiles,
// FlatGeobuf, RDF (JSON-LD, Turtle, N3, RDF/XML) and TomTom OV2. Each file is read back with a
// reader that is not ours (the `shapefile` package, `flatgeobuf`'s own reader, n3's parser, a
// JSON-LD document read as JSON, the OV2 layout read by hand) and checked against the fixtures
// as a person reading the CSVs would take them, with the query's filter applied.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import jsonld, { type JsonLdDocument } from 'jsonld';
import { Parser, type Literal, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import * as shapefile from 'shapefile';
import proj4 from 'proj4';
import yauzl from 'yauzl';
import { PLATFORM, datasetScope } from '../../src/auth/index.js';
import { createDataset, getDataset, topOrganisation } from '../../src/catalog/index.js';
import { emptyQuery, exportRecords, type ExportOptions } from '../../src/query/index.js';
import { publishFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { fixtureCommunes, publishCommunesTest } from '../helpers/communes-test.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const BASE = '/api/explore/v2.1/catalog/datasets';
const SHAPES_FILE = new URL('../fixtures/shapes-test.csv', import.meta.url).pathname;

// Long labels that share their first ten characters, a quote, a text of 400 UTF-8 bytes, a decimal, an empty number.
const LIEUX = ['Nom du lieu,Numéro de la parcelle,Numéro de la parcelle bis,Position', '"Café ""Le Port""",12,13,"47.2184, -1.5536"', `${'é'.repeat(200)},-7.25,,"47.5, -2"`].join('\n');

type Position = number[];
interface Geometry {
  type: string;
  coordinates: unknown;
}

/** The entries of a zip, by name. */
function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries)).on('error', reject);
      zip.readEntry();
    });
  });
}

/** Every feature of one Shapefile of the zip, read by the `shapefile` package (UTF-8, as the .cpg says). */
async function readShapefile(entries: Map<string, Buffer>, base: string): Promise<{ type: string; geometry: Geometry | null; properties: Record<string, unknown> }[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shp-'));
  for (const ext of ['shp', 'dbf']) fs.writeFileSync(path.join(dir, `${base}.${ext}`), entries.get(`${base}.${ext}`) ?? Buffer.alloc(0));
  const reader = await shapefile.open(path.join(dir, `${base}.shp`), path.join(dir, `${base}.dbf`), { encoding: entries.get(`${base}.cpg`)?.toString() ?? 'windows-1252' });
  const features = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    features.push(value);
  }
  fs.rmSync(dir, { recursive: true });
  return features;
}

/** The header and every feature of a FlatGeobuf file, read by the flatgeobuf package. */
interface FgbFeature {
  geometry: (Geometry & { geometries?: Geometry[] }) | null;
  properties: Record<string, unknown> | null;
}

async function readFgb(bytes: Buffer): Promise<{ header: HeaderMeta | undefined; features: FgbFeature[] }> {
  let header: HeaderMeta | undefined;
  const features: FgbFeature[] = [];
  for await (const feature of deserialize(new Uint8Array(bytes), { headerMetaFn: (h: HeaderMeta) => (header = h) })) features.push(feature as unknown as FgbFeature);
  // Web maps read it as a stream (fetch's body): the same features that way.
  const streamed = [];
  for await (const feature of deserialize(new Blob([new Uint8Array(bytes)]).stream())) streamed.push(feature);
  assert.deepEqual(streamed, features);
  return { header, features };
}

/** The shapes of test/fixtures/shapes-test.csv, as a person reading the file would take them. */
function shapesOf(): { nom: string; shape: (Geometry & { geometries?: Geometry[] }) | null }[] {
  const rows = parse(fs.readFileSync(SHAPES_FILE), { columns: true }) as Record<string, string>[];
  return rows.map((row) => ({ nom: row.nom ?? '', shape: row.geo_shape ? (JSON.parse(row.geo_shape) as Geometry) : null }));
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** The triples of an RDF export, read by n3's parser (Turtle, N3), jsonld (JSON-LD to N-Quads, then n3) or rdfxml-streaming-parser. */
async function readRdf(format: string, text: string): Promise<Quad[]> {
  if (format === 'turtle' || format === 'n3') return new Parser({ format: format === 'n3' ? 'text/n3' : 'text/turtle' }).parse(text);
  if (format === 'jsonld') return new Parser({ format: 'application/n-quads' }).parse((await jsonld.toRDF(JSON.parse(text) as JsonLdDocument, { format: 'application/n-quads' })) as unknown as string);
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on('data', (q: Quad) => quads.push(q)).on('error', reject).on('end', () => resolve(quads));
    parser.end(text);
  });
}

/** Triples as comparable text: blank nodes as one name, numbers by their value. */
function tripleSet(quads: Quad[]): string[] {
  const term = (t: Quad['object']) => {
    if (t.termType === 'BlankNode') return '_';
    if (t.termType !== 'Literal') return `<${t.value}>`;
    const numeric = [`${XSD}double`, `${XSD}integer`].includes(t.datatype.value);
    return `"${numeric ? Number(t.value) : t.value}"^^${t.datatype.value}`;
  };
  return quads.map((q) => `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}`).sort();
}

/** The POIs of an OV2 file, read from TomTom's layout: type 2, length, lon and lat in 1e-5°, a zero-terminated Windows-1252 name. */
function readOv2(bytes: Buffer): { lon: number; lat: number; name: string }[] {
  const pois = [];
  for (let at = 0; at < bytes.length; ) {
    assert.equal(bytes.readUInt8(at), 2);
    const length = bytes.readInt32LE(at + 1);
    assert.equal(bytes.readUInt8(at + length - 1), 0);
    pois.push({ lon: bytes.readInt32LE(at + 5) / 100_000, lat: bytes.readInt32LE(at + 9) / 100_000, name: new TextDecoder('windows-1252').decode(bytes.subarray(at + 13, at + length - 1)) });
    at += length;
  }
  return pois;
}

function assertClose(actual: unknown, expected: unknown, message?: string): void {
  if (typeof expected === 'number') {
    assert.ok(typeof actual === 'number' && Math.abs(actual - expected) < 1e-6, `${message ?? ''} ${String(actual)} ≠ ${expected}`);
    return;
  }
  assert.ok(Array.isArray(actual) && Array.isArray(expected) && actual.length === expected.length, `${message ?? ''} ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
  expected.forEach((e, i) => assertClose((actual as unknown[])[i], e, message));
}

/** The signed area of a ring (positive: counterclockwise). */
function area(ring: Position[]): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i += 1) sum += (ring[i - 1]![0]! * ring[i]![1]!) - (ring[i]![0]! * ring[i - 1]![1]!);
  return sum / 2;
}

describe('dataset exports: Shapefile, FlatGeobuf, RDF, OV2', () => {
  let setup: TestApp;
  const communes = fixtureCommunes();
  const get = (url: string) => setup.app.inject({ url: `${BASE}${url}` });
  const over20000 = communes.filter((c) => c.population !== null && c.population > 20000);

  before(async () => {
    setup = await testApp();
    const platform = setup.t.platform;
    await publishCommunesTest(platform);
    await publishFile(platform, { file: SHAPES_FILE, datasetId: 'formes' }, platform.publishOptions);
    await publishFile(platform, { file: writeTemporaryFile('plat.csv', 'nom,valeur\nA,1\n'), datasetId: 'plat' }, platform.publishOptions);
    await publishFile(platform, { file: writeTemporaryFile('lieux.csv', LIEUX), datasetId: 'lieux', read: { types: { position: 'geo_point_2d' } } }, platform.publishOptions);
  });
  after(async () => setup?.dispose());

  test('a dataset with no records yet: a file of each format all the same, empty (the zip, the FlatGeobuf, the RDF documents)', async () => {
    const platform = setup.t.platform;
    const owner = await topOrganisation(platform.db);
    assert.ok(owner);
    await createDataset(platform.db, { datasetId: 'vide', owner, title: 'Vide' });
    const zip = await get('/vide/exports/shp');
    assert.equal(zip.statusCode, 200);
    assert.equal((await unzip(zip.rawPayload)).size, 0);
    const fgb = await readFgb((await get('/vide/exports/fgb')).rawPayload);
    assert.equal(fgb.features.length, 0);
    assert.equal(fgb.header?.crs?.code, 4326);
    for (const format of ['turtle', 'n3', 'jsonld', 'rdfxml']) assert.deepEqual(await readRdf(format, (await get(`/vide/exports/${format}`)).body), [], format);
    assert.equal((await get('/vide/exports/ov2')).rawPayload.length, 0);
  });

  test('the list of a dataset’s formats links every format of the specification’s list', async () => {
    const list = (await get('/communes-test/exports')).json() as { links: { rel: string; href: string }[] };
    assert.deepEqual(list.links.map((l) => l.rel).sort(), ['csv', 'fgb', 'geojson', 'gpx', 'json', 'jsonl', 'jsonld', 'kml', 'n3', 'ov2', 'parquet', 'rdfxml', 'shp', 'turtle', 'xlsx']);
  });

  test('Shapefile of points: a zip of .shp .shx .dbf .prj .cpg, the filter applied, names, numbers, texts and dates', async () => {
    const query = { select: 'code_insee, nom, population, superficie, date_maj, littoral, tags, geo_point_2d', where: 'population > 20000', order_by: 'code_insee' };
    const response = await setup.app.inject({ url: `${BASE}/communes-test/exports/shp?${new URLSearchParams(query)}`, headers: {} });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/zip');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="communes-test.zip"');
    const entries = await unzip(response.rawPayload);
    assert.deepEqual([...entries.keys()].sort(), ['communes-test.cpg', 'communes-test.dbf', 'communes-test.prj', 'communes-test.shp', 'communes-test.shx']);
    assert.equal(entries.get('communes-test.cpg')?.toString(), 'UTF-8');
    assert.match(entries.get('communes-test.prj')?.toString() ?? '', /^GEOGCS\["GCS_WGS_1984",DATUM\["D_WGS_1984"/);
    const features = await readShapefile(entries, 'communes-test');
    const expected = [...over20000].sort((a, b) => a.code_insee.localeCompare(b.code_insee));
    assert.ok(expected.length > 3);
    assert.equal(features.length, expected.length);
    features.forEach((feature, i) => {
      const commune = expected[i]!;
      assert.equal(feature.geometry?.type, 'Point');
      assertClose(feature.geometry?.coordinates, [commune.lon, commune.lat], commune.nom);
      const p = feature.properties;
      assert.equal(p.code_insee, commune.code_insee);
      assert.equal(p.nom, commune.nom);
      assert.equal(p.population, commune.population);
      assertClose(p.superficie, commune.superficie);
      assert.equal(p.littoral, commune.littoral);
      assert.equal(p.tags, commune.tags.join(','));
      const date = p.date_maj as Date;
      assert.equal(`${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`, commune.date_maj);
    });
    // The index: one 8-byte entry per record after the 100-byte header, the first record at word 50.
    const shx = entries.get('communes-test.shx')!;
    assert.equal(shx.length, 100 + 8 * expected.length);
    assert.equal(shx.readInt32BE(100), 50);
    assert.equal(shx.readInt32BE(24) * 2, shx.length);
    assert.equal(entries.get('communes-test.shp')!.readInt32BE(24) * 2, entries.get('communes-test.shp')!.length);
  });

  test('Shapefile columns: at most 10 ASCII characters, unique, from the labels with use_labels; texts cut at 254 bytes on a character', async () => {
    const names = await unzip((await get('/lieux/exports/shp')).rawPayload);
    const features = await readShapefile(names, 'lieux');
    assert.deepEqual(Object.keys(features[0]?.properties ?? {}), ['nom_du_lie', 'numero_de_', 'numero_d_2']);
    assert.deepEqual(features.map((f) => f.properties.nom_du_lie), ['Café "Le Port"', 'é'.repeat(127)]);
    assert.deepEqual(features.map((f) => [f.properties.numero_de_, f.properties.numero_d_2]), [[12, 13], [-7.25, null]]);
    assertClose(features.map((f) => f.geometry?.coordinates), [[-1.5536, 47.2184], [-2, 47.5]]);
    const labels = await unzip((await get('/lieux/exports/shp?use_labels=true')).rawPayload);
    assert.deepEqual(Object.keys((await readShapefile(labels, 'lieux'))[0]?.properties ?? {}), ['Nom_du_lie', 'Numero_de_', 'Numero_d_2']);
  });

  test('Shapefile of mixed shapes: one set per geometry type, polygons with their holes, lines, points; no shape is a null shape', async () => {
    const response = await get('/formes/exports/shp');
    assert.equal(response.statusCode, 200);
    const entries = await unzip(response.rawPayload);
    const bases = [...new Set([...entries.keys()].map((n) => n.replace(/\.\w+$/, '')))].sort();
    assert.deepEqual(bases, ['formes_line', 'formes_point', 'formes_polygon']);
    const points = await readShapefile(entries, 'formes_point');
    // "Sans forme" has no shape: a null shape, in the first set (points), its attributes kept.
    assert.deepEqual(points.map((f) => [f.properties.nom, f.geometry?.type ?? null]), [['Borne', 'Point'], ['Collection', 'Point'], ['Sans forme', null]]);
    assertClose(points[1]?.geometry?.coordinates, [-0.3, 47]);
    const lines = await readShapefile(entries, 'formes_line');
    assert.deepEqual(lines.map((f) => f.properties.nom), ['Ligne']);
    assertClose(lines[0]?.geometry?.coordinates, [[-0.6, 47], [-0.5, 47.1]]);
    const polygons = await readShapefile(entries, 'formes_polygon');
    assert.deepEqual(polygons.map((f) => [f.properties.nom, f.geometry?.type]), [['L', 'Polygon'], ['Anneau', 'Polygon'], ['Deux carrés', 'MultiPolygon'], ['Collection', 'Polygon']]);
    // The reader tells holes from outer rings by their direction: the ring's hole is a hole.
    const ring = polygons[1]?.geometry?.coordinates as Position[][];
    assert.equal(ring.length, 2);
    assert.ok(Math.abs(Math.abs(area(ring[0]!)) - 0.04 * 0.04) < 1e-9);
    assert.ok(Math.abs(Math.abs(area(ring[1]!)) - 0.02 * 0.02) < 1e-9);
    // The L as written, whichever way and from whichever corner the file goes round it.
    assertClose([...(polygons[0]?.geometry?.coordinates as Position[][])[0]!].sort(), [[-1, 47], [-0.98, 47], [-0.98, 47.01], [-0.99, 47.01], [-0.99, 47.02], [-1, 47.02], [-1, 47]].sort());
    // A where on the shapes' attributes keeps only what it chooses.
    const one = await unzip((await get(`/formes/exports/shp?${new URLSearchParams({ where: 'nom = "Ligne"' })}`)).rawPayload);
    assert.deepEqual([...one.keys()].filter((n) => n.endsWith('.shp')), ['formes.shp']);
    assert.equal((await readShapefile(one, 'formes')).length, 1);
  });

  test('Shapefile of a dataset, or a select, without a geo field: a JSON 400 in English or French', async () => {
    const flat = await get('/plat/exports/shp');
    assert.equal(flat.statusCode, 400);
    assert.equal(flat.json().code, 'EXPORT_NO_GEOMETRY');
    const selected = await get('/communes-test/exports/shp?select=nom');
    assert.equal(selected.statusCode, 400);
    assert.equal(selected.json().message, 'The shp export needs a geo_point_2d or geo_shape field among the selected ones.');
    assert.equal(selected.json().message_fr, "L'export shp demande un champ geo_point_2d ou geo_shape parmi ceux choisis.");
  });
  test('FlatGeobuf of points: EPSG:4326, typed columns, the filter applied, read back by flatgeobuf', async () => {
    const query = { select: 'code_insee, nom, population, superficie, date_maj, littoral, tags, geo_point_2d', where: 'population > 20000', order_by: 'code_insee' };
    const response = await get(`/communes-test/exports/fgb?${new URLSearchParams(query)}`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/flatgeobuf');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="communes-test.fgb"');
    const { header, features } = await readFgb(response.rawPayload);
    assert.equal(header?.geometryType, GeometryType.Point);
    assert.equal(header?.crs?.code, 4326);
    assert.deepEqual(header?.columns?.map((c) => [c.name, ColumnType[c.type]]), [
      ['code_insee', 'String'], ['nom', 'String'], ['population', 'Long'], ['superficie', 'Double'], ['date_maj', 'DateTime'], ['littoral', 'Bool'], ['tags', 'String'],
    ]);
    const expected = [...over20000].sort((a, b) => a.code_insee.localeCompare(b.code_insee));
    assert.equal(features.length, expected.length);
    features.forEach((feature, i) => {
      const commune = expected[i]!;
      assert.equal(feature.geometry?.type, 'Point');
      assertClose(feature.geometry?.coordinates, [commune.lon, commune.lat], commune.nom);
      assert.deepEqual(feature.properties, { code_insee: commune.code_insee, nom: commune.nom, population: commune.population, superficie: commune.superficie, date_maj: commune.date_maj, littoral: commune.littoral, tags: commune.tags.join(',') });
    });
  });

  test('FlatGeobuf of mixed shapes: each feature its own type, collections kept, records without a shape left out; labels as column names', async () => {
    const { header, features } = await readFgb((await get('/formes/exports/fgb')).rawPayload);
    assert.equal(header?.geometryType, GeometryType.Unknown);
    const byName = new Map(shapesOf().map((s) => [s.nom, s.shape]));
    assert.deepEqual(features.map((f) => f.properties?.nom), ['L', 'Anneau', 'Deux carrés', 'Ligne', 'Borne', 'Collection']);
    for (const feature of features) {
      const shape = byName.get(String(feature.properties?.nom));
      assert.equal(feature.geometry?.type, shape?.type);
      if (shape?.type === 'GeometryCollection') assertClose(feature.geometry?.geometries?.map((g) => g.coordinates), shape.geometries?.map((g) => g.coordinates));
      else assertClose(feature.geometry?.coordinates, shape?.coordinates, String(feature.properties?.nom));
    }
    const labelled = await readFgb((await get('/lieux/exports/fgb?use_labels=true')).rawPayload);
    assert.deepEqual(labelled.header?.columns?.map((c) => c.name), ['Nom du lieu', 'Numéro de la parcelle', 'Numéro de la parcelle bis']);
    assert.deepEqual(labelled.features.map((f) => f.properties?.['Numéro de la parcelle']), [12, -7.25]);
    const flat = await get('/plat/exports/fgb');
    assert.equal(flat.statusCode, 400);
    assert.equal(flat.json().code, 'EXPORT_NO_GEOMETRY');
  });

  test('RDF: Turtle, N3, JSON-LD and RDF/XML give the same triples; each record named by the id E7 answers to, typed literals, WKT points', async () => {
    const query = { select: 'nom, population, superficie, date_maj, littoral, tags, geo_point_2d', where: 'population > 20000' };
    const graphs = new Map<string, Quad[]>();
    for (const [format, type] of [['turtle', 'text/turtle; charset=utf-8'], ['n3', 'text/n3; charset=utf-8'], ['jsonld', 'application/ld+json'], ['rdfxml', 'application/rdf+xml']] as const) {
      const response = await get(`/communes-test/exports/${format}?${new URLSearchParams(query)}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], type);
      graphs.set(format, await readRdf(format, response.body));
    }
    assert.match(String((await get('/communes-test/exports/turtle?limit=1')).headers['content-disposition']), /filename="communes-test\.ttl"/);
    const turtle = graphs.get('turtle')!;
    const records = turtle.filter((q) => q.predicate.value === RDF_TYPE && q.object.value.endsWith('#Record')).map((q) => q.subject);
    assert.equal(records.length, over20000.length);
    const vocabulary = records[0]!.value.replace(/\/records\/[0-9a-f]{40}$/, '#');
    const value = (subject: string, name: string) => turtle.filter((q) => q.subject.value === subject && q.predicate.value === vocabulary + name).map((q) => q.object as Literal);
    for (const subject of records) {
      const id = /\/records\/([0-9a-f]{40})$/.exec(subject.value)?.[1];
      assert.ok(id, subject.value);
      // The IRI's id is the record's: E7 answers it with the same record.
      const record = (await get(`/communes-test/records/${id}`)).json() as { nom: string };
      const commune = over20000.find((c) => c.nom === record.nom);
      assert.ok(commune, record.nom);
      assert.deepEqual(value(subject.value, 'nom').map((l) => [l.value, l.datatype.value]), [[commune.nom, `${XSD}string`]]);
      assert.deepEqual(value(subject.value, 'population').map((l) => [Number(l.value), l.datatype.value]), [[commune.population, `${XSD}integer`]]);
      assertClose(Number(value(subject.value, 'superficie')[0]?.value), commune.superficie);
      assert.equal(value(subject.value, 'superficie')[0]?.datatype.value, `${XSD}double`);
      assert.deepEqual(value(subject.value, 'date_maj').map((l) => [l.value, l.datatype.value]), [[commune.date_maj, `${XSD}date`]]);
      assert.deepEqual(value(subject.value, 'littoral').map((l) => [l.value, l.datatype.value]), [[String(commune.littoral), `${XSD}boolean`]]);
      assert.deepEqual(value(subject.value, 'tags').map((l) => l.value).sort(), [...commune.tags].sort());
      const [point] = value(subject.value, 'geo_point_2d');
      assert.equal(point?.datatype.value, 'http://www.opengis.net/ont/geosparql#wktLiteral');
      const [, lon, lat] = /^POINT\((\S+) (\S+)\)$/.exec(point?.value ?? '') ?? [];
      assertClose([Number(lon), Number(lat)], [commune.lon, commune.lat], commune.nom);
    }
    // The other syntaxes: the same triples (numbers compared as numbers: JSON-LD writes 3.016E1 for 30.16).
    for (const format of ['n3', 'jsonld', 'rdfxml']) assert.deepEqual(tripleSet(graphs.get(format)!), tripleSet(turtle), format);
  });

  test('RDF: labels as rdfs:label of the properties, a grouped export as blank nodes, no geometry needed', async () => {
    const labelled = await readRdf('turtle', (await get('/lieux/exports/turtle')).body);
    const labels = labelled.filter((q) => q.predicate.value === 'http://www.w3.org/2000/01/rdf-schema#label').map((q) => [q.subject.value.replace(/^.*#/, ''), q.object.value]);
    assert.deepEqual(labels, [['nom_du_lieu', 'Nom du lieu'], ['numero_de_la_parcelle', 'Numéro de la parcelle'], ['numero_de_la_parcelle_bis', 'Numéro de la parcelle bis'], ['position', 'Position']]);
    const grouped = await readRdf('jsonld', (await get(`/communes-test/exports/jsonld?${new URLSearchParams({ group_by: 'departement', select: 'count(*) as n', order_by: 'departement' })}`)).body);
    const groups = grouped.filter((q) => q.predicate.value === RDF_TYPE && q.object.value.endsWith('#Record')).map((q) => q.subject);
    assert.ok(groups.length > 1 && groups.every((s) => s.termType === 'BlankNode'));
    const counts = grouped.filter((q) => q.predicate.value.endsWith('#n')).map((q) => Number(q.object.value));
    assert.equal(counts.reduce((a, b) => a + b, 0), communes.length);
    const plain = await get('/plat/exports/rdfxml');
    assert.equal(plain.statusCode, 200);
    assert.equal((await readRdf('rdfxml', plain.body)).filter((q) => q.predicate.value.endsWith('#valeur')).map((q) => q.object.value).join(), '1');
  });

  test('OV2: a TomTom POI record per point, coordinates to the format’s 1e-5°, the name from name_field or the values, Windows-1252', async () => {
    const query = { select: 'nom, population, geo_point_2d', where: 'population > 20000', order_by: 'nom' };
    const response = await get(`/communes-test/exports/ov2?${new URLSearchParams({ ...query, name_field: 'nom' })}`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-disposition'], 'attachment; filename="communes-test.ov2"');
    const pois = readOv2(response.rawPayload);
    const expected = [...over20000].sort((a, b) => (a.nom < b.nom ? -1 : 1));
    assert.deepEqual(pois.map((p) => p.name), expected.map((c) => c.nom));
    pois.forEach((p, i) => {
      assert.ok(Math.abs(p.lon - expected[i]!.lon) <= 0.5e-5 && Math.abs(p.lat - expected[i]!.lat) <= 0.5e-5, `${p.name} ${p.lon} ${p.lat}`);
    });
    const described = readOv2((await get(`/communes-test/exports/ov2?${new URLSearchParams(query)}`)).rawPayload);
    assert.equal(described[0]?.name, `${expected[0]!.nom} - ${expected[0]!.population}`);
    const quoted = readOv2((await get('/lieux/exports/ov2?select=nom_du_lieu,position&limit=1')).rawPayload);
    assert.deepEqual(quoted.map((p) => p.name), ['Café "Le Port"']);
    const shapes = await get('/formes/exports/ov2');
    assert.equal(shapes.statusCode, 400);
    assert.equal(shapes.json().message, 'The ov2 export needs a geo_point_2d field among the selected ones.');
    const unknown = await get('/communes-test/exports/ov2?name_field=foo');
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error_code, 'InvalidRESTParameterError');
  });

  test('the export options hold for these formats too: refine, order_by, limit and offset, compressed', async () => {
    const query = { select: 'code_insee, nom, geo_point_2d', refine: 'departement:85', order_by: 'code_insee', limit: '3', offset: '1' };
    const vendee = communes.filter((c) => c.departement === '85').sort((a, b) => a.code_insee.localeCompare(b.code_insee)).slice(1, 4);
    assert.equal(vendee.length, 3);
    const fgb = await readFgb((await get(`/communes-test/exports/fgb?${new URLSearchParams(query)}`)).rawPayload);
    assert.deepEqual(fgb.features.map((f) => f.properties?.code_insee), vendee.map((c) => c.code_insee));
    const gzipped = await get(`/communes-test/exports/shp?${new URLSearchParams({ ...query, compressed: 'true' })}`);
    assert.equal(gzipped.headers['content-type'], 'application/gzip');
    assert.equal(gzipped.headers['content-disposition'], 'attachment; filename="communes-test.zip.gz"');
    const shp = await readShapefile(await unzip(gunzipSync(gzipped.rawPayload)), 'communes-test');
    assert.deepEqual(shp.map((f) => f.properties.code_insee), vendee.map((c) => c.code_insee));
    const ov2 = readOv2((await get(`/communes-test/exports/ov2?${new URLSearchParams({ ...query, name_field: 'nom' })}`)).rawPayload);
    assert.deepEqual(ov2.map((p) => p.name), vendee.map((c) => c.nom));
    const ttl = await readRdf('turtle', (await get(`/communes-test/exports/turtle?${new URLSearchParams(query)}`)).body);
    assert.deepEqual(ttl.filter((q) => q.predicate.value.endsWith('#code_insee')).map((q) => q.object.value), vendee.map((c) => c.code_insee));
  });

  test('RDF: with the dataset URL in the options (as the route gives it), records and properties are named under it', async () => {
    const platform = setup.t.platform;
    const dataset = await getDataset(platform.db, datasetScope(PLATFORM, null), 'communes-test');
    const url = 'https://data.example.fr/api/explore/v2.1/catalog/datasets/communes-test';
    const options: ExportOptions = { limit: 1, offset: 0, delimiter: ';', listSeparator: ',', quoteAll: false, withBom: true, useLabels: false, compressed: false, parquetCompression: 'snappy', datasetUrl: url };
    const file = await exportRecords(platform, dataset, 'rdfxml', { ...emptyQuery(), select: 'nom', where: ['nom = "Nantes"'] }, options);
    let text = '';
    for await (const chunk of file.body) text += String(chunk);
    const quads = await readRdf('rdfxml', text);
    const nantes = quads.find((q) => q.predicate.value === `${url}#nom`);
    assert.equal(nantes?.object.value, 'Nantes');
    assert.match(nantes?.subject.value ?? '', new RegExp(`^${url}/records/[0-9a-f]{40}$`));
  });

  test('epsg: GeoJSON, Shapefile and FlatGeobuf in Lambert-93 or an overseas system, as proj4 converts; the .prj reads back to the same places', async () => {
    const query = { select: 'code_insee, nom, geo_point_2d', where: 'population > 20000', order_by: 'code_insee' };
    const expected = [...over20000].sort((a, b) => a.code_insee.localeCompare(b.code_insee));
    // La Réunion's places in its own system (UTM 40 south); metropolitan communes in Lambert-93.
    const reunion = [{ code_insee: '97411', nom: 'Saint-Denis', lon: 55.4481, lat: -20.8789 }, { code_insee: '97416', nom: 'Saint-Pierre', lon: 55.4781, lat: -21.3393 }];
    const csv = `code_insee,nom,geo_point_2d\n${reunion.map((c) => `${c.code_insee},${c.nom},"${c.lat}, ${c.lon}"`).join('\n')}\n`;
    await publishFile(setup.t.platform, { file: writeTemporaryFile('reunion.csv', csv), datasetId: 'reunion' }, setup.t.platform.publishOptions);
    for (const [epsg, dataset, places] of [[2154, 'communes-test', expected], [2975, 'reunion', reunion]] as const) {
      const definition = epsg === 2154 ? '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +units=m +no_defs' : '+proj=utm +zone=40 +south +ellps=GRS80 +units=m +no_defs';
      const projected = places.map((c) => proj4('+proj=longlat +datum=WGS84 +no_defs', definition, [c.lon, c.lat]) as number[]);
      assert.ok(projected.length >= 2);
      const close = (got: unknown, want: number[] | undefined, what: string) => {
        const [x, y] = got as number[];
        // Centimetres: the exports round to them.
        assert.ok(Math.abs((x ?? NaN) - (want?.[0] ?? NaN)) < 0.02 && Math.abs((y ?? NaN) - (want?.[1] ?? NaN)) < 0.02, `${what}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
      };
      const params = new URLSearchParams({ ...(dataset === 'reunion' ? { order_by: 'nom' } : query), epsg: String(epsg) });
      const geojsonResponse = await get(`/${dataset}/exports/geojson?${params}`);
      assert.equal(geojsonResponse.statusCode, 200, geojsonResponse.body);
      const geojson = geojsonResponse.json() as { crs: { properties: { name: string } }; features: { geometry: Geometry }[] };
      assert.equal(geojson.crs.properties.name, `urn:ogc:def:crs:EPSG::${epsg}`);
      assert.equal(geojson.features.length, places.length);
      geojson.features.forEach((f, i) => close(f.geometry.coordinates, projected[i], `geojson ${epsg} ${places[i]?.nom}`));
      const entries = await unzip((await get(`/${dataset}/exports/shp?${params}`)).rawPayload);
      const shp = await readShapefile(entries, dataset);
      assert.equal(shp.length, places.length);
      shp.forEach((f, i) => close(f.geometry?.coordinates, projected[i], `shp ${epsg} ${places[i]?.nom}`));
      // A GIS reads the .prj: proj4 reading it takes the points back to longitude and latitude.
      const prj = entries.get(`${dataset}.prj`)?.toString() ?? '';
      shp.forEach((f, i) => {
        const [lon, lat] = proj4(prj, '+proj=longlat +datum=WGS84 +no_defs', f.geometry?.coordinates as number[]) as number[];
        assert.ok(Math.abs((lon ?? NaN) - (places[i]?.lon ?? NaN)) < 1e-6 && Math.abs((lat ?? NaN) - (places[i]?.lat ?? NaN)) < 1e-6, `.prj of ${epsg}: ${lon}, ${lat}`);
      });
      const fgb = await readFgb((await get(`/${dataset}/exports/fgb?${params}`)).rawPayload);
      assert.equal(fgb.header?.crs?.code, epsg);
      fgb.features.forEach((f, i) => close(f.geometry?.coordinates, projected[i], `fgb ${epsg} ${places[i]?.nom}`));
    }
    // Shapes too: each vertex converted.
    const shapes = (await get('/formes/exports/geojson?epsg=2154')).json() as { features: { geometry: Geometry | null }[] };
    const first = shapesOf().find((s) => s.shape?.type === 'Polygon');
    const exported = shapes.features.find((f) => f.geometry?.type === 'Polygon');
    const vertex = (first?.shape?.coordinates as number[][][])[0]?.[0] ?? [];
    close2154((exported?.geometry?.coordinates as number[][][])[0]?.[0], proj4('+proj=longlat +datum=WGS84 +no_defs', '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +units=m +no_defs', vertex) as number[]);
  });

  test('epsg: an unknown system, or one for a format written in WGS 84 only (KML, CSV…), is a 400 naming the parameter', async () => {
    for (const url of ['/communes-test/exports/geojson?epsg=27572', '/communes-test/exports/shp?epsg=lambert', '/communes-test/exports/kml?epsg=2154', '/communes-test/exports/csv?epsg=2154']) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, url);
      assert.deepEqual(response.json().location, { parameter: 'epsg' }, url);
      assert.ok(response.json().message_fr, url);
    }
    assert.equal((await get('/communes-test/exports/kml?epsg=4326')).statusCode, 200);
  });
});

function close2154(got: number[] | undefined, want: number[]): void {
  assert.ok(got && Math.abs((got[0] ?? NaN) - (want[0] ?? NaN)) < 0.02 && Math.abs((got[1] ?? NaN) - (want[1] ?? NaN)) < 0.02, `${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
}
