// Dataset exports (ODS Explore v2.1 §2.8): the CSV bytes (whichever writer makes them), Parquet,
// XLSX, compressed files, the options and their errors, and visibility. Expected answers are
// written here by hand from the files published, never read from our own output.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { publishFile } from '../../src/ingest/index.js';
import { PLATFORM, datasetScope } from '../../src/auth/index.js';
import { getDataset } from '../../src/catalog/index.js';
import { csvLines } from '../../src/query/export-csv.js';
import { recordsSource, type ExportOptions } from '../../src/query/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { fixtureCommunes, publishCommunesTest } from '../helpers/communes-test.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const BASE = '/api/explore/v2.1/catalog/datasets';

// Values that a CSV writer easily gets wrong: quotes, the delimiter and a line break in a text,
// numbers JavaScript and DuckDB write differently (5.0, 1e21, 1e-7, 0.000001), a negative, an empty
// cell, a datetime with milliseconds and one with an offset, booleans, points.
const MESURES = [
  'Nom du lieu,Valeur,Compte,Horodatage,Jour,Actif,Position',
  '"Café ""Le Port""; quai",5.0,12,2024-03-01T09:00:00.250Z,2024-03-01,true,"47.2184, -1.5536"',
  '"Ligne\nsuivante",0.000001,-7,2024-03-02T23:30:00+01:00,2024-03-02,false,"47.5, -2"',
  'Grand,1e21,9007199254740991,2024-12-31T23:59:59Z,2024-12-31,true,"46.6705, -1.4269"',
  'Petit,1.5e-7,0,1999-01-01T00:00:00Z,1999-01-01,false,',
  ',-0.25,,,,,"47.0, -1.0"',
].join('\r\n');

/** The CSV a user expects of MESURES with the default options: worked out from the lines above. */
const MESURES_CSV = [
  '\ufeffnom_du_lieu;valeur;compte;horodatage;jour;actif;position',
  '"Café ""Le Port""; quai";5;12;2024-03-01T09:00:00.250+00:00;2024-03-01;true;47.2184, -1.5536',
  '"Ligne\nsuivante";0.000001;-7;2024-03-02T22:30:00+00:00;2024-03-02;false;47.5, -2',
  'Grand;1e+21;9007199254740991;2024-12-31T23:59:59+00:00;2024-12-31;true;46.6705, -1.4269',
  'Petit;1.5e-7;0;1999-01-01T00:00:00+00:00;1999-01-01;false;',
  ';-0.25;;;;;47, -1',
  '',
].join('\r\n');

const TYPES = { nom_du_lieu: 'text', valeur: 'double', compte: 'int', horodatage: 'datetime', jour: 'date', actif: 'boolean', position: 'geo_point_2d' } as const;

describe('dataset exports', () => {
  let setup: TestApp;
  const communes = fixtureCommunes();
  const get = (path: string, headers: Record<string, string> = {}) => setup.app.inject({ url: `${BASE}${path}`, headers });

  before(async () => {
    setup = await testApp();
    const platform = setup.t.platform;
    await publishCommunesTest(platform);
    await publishFile(platform, { file: writeTemporaryFile('mesures.csv', MESURES), datasetId: 'mesures', read: { types: { ...TYPES } } }, platform.publishOptions);
    await publishFile(platform, { file: writeTemporaryFile('secret.csv', 'nom,valeur\nA,1\n'), datasetId: 'secret', visibility: 'private' }, platform.publishOptions);
  });
  after(async () => setup?.dispose());

  test('CSV: quotes, line breaks, numbers, datetimes in UTC, points and empty cells, byte for byte', async () => {
    const response = await get('/mesures/exports/csv');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(response.body, MESURES_CSV);
  });

  test('CSV: the JavaScript writer gives the same bytes as DuckDB’s for the same rows', async () => {
    const platform = setup.t.platform;
    const dataset = await getDataset(platform.db, datasetScope(PLATFORM, null), 'mesures');
    const source = await recordsSource(platform, dataset);
    assert.ok(source);
    const options: ExportOptions = { limit: -1, offset: 0, delimiter: ';', listSeparator: ',', quoteAll: false, withBom: true, useLabels: false, compressed: false, parquetCompression: 'snappy' };
    let text = '';
    for await (const piece of csvLines(platform.engine.stream(source.sql, source.params), source.fields, options)) text += piece;
    assert.equal(text, MESURES_CSV);
  });

  test('CSV options: labels, quote_all (empty cells too), a tab, no BOM, an offset and a limit', async () => {
    const response = await get(`/mesures/exports/csv?${new URLSearchParams({ select: 'nom_du_lieu, compte, jour', use_labels: 'true', quote_all: 'true', delimiter: '\t', with_bom: 'false', offset: '3', limit: '2' })}`);
    assert.equal(response.body, '"Nom du lieu"\t"Compte"\t"Jour"\r\n"Petit"\t"0"\t"1999-01-01"\r\n""\t""\t""\r\n');
  });

  test('CSV of communes-test: with and without the shapes, every row as the fixture has it', async () => {
    const line = (c: (typeof communes)[number]) => [c.code_insee, c.nom, c.departement, c.population ?? '', c.superficie, c.tags.join('|'), c.littoral, `${c.lat}, ${c.lon}`].join(';');
    const expected = `\ufeffcode_insee;nom;departement;population;superficie;tags;littoral;geo_point_2d\r\n${communes.map((c) => `${line(c)}\r\n`).join('')}`;
    const select = 'code_insee, nom, departement, population, superficie, tags, littoral, geo_point_2d';
    assert.equal((await get(`/communes-test/exports/csv?${new URLSearchParams({ select, list_separator: '|' })}`)).body, expected);
    // With a shape among the columns, the JavaScript writer makes the file: the other cells are the same.
    const withShape = (await get(`/communes-test/exports/csv?${new URLSearchParams({ select: `${select}, geo_shape`, list_separator: '|' })}`)).body.split('\r\n');
    const nantes = withShape.find((l) => l.startsWith('44109;'));
    assert.equal(nantes, `44109;Nantes;44;327734;30.16;Loire-Atlantique|Loire;false;47.2184, -1.5536;"{""type"":""Polygon"",""coordinates"":[[[-1.5636,47.2084],[-1.5436,47.2084],[-1.5436,47.2284],[-1.5636,47.2284],[-1.5636,47.2084]]]}"`);
    assert.equal(withShape.length, 1 + communes.length + 1);
  });

  test('CSV ordered and filtered: DuckDB keeps the order the query asks for', async () => {
    const body = (await get(`/communes-test/exports/csv?${new URLSearchParams({ select: 'nom', where: 'population is not null', order_by: 'population desc', with_bom: 'false' })}`)).body;
    const expected = communes.filter((c) => c.population !== null).sort((a, b) => (b.population ?? 0) - (a.population ?? 0)).map((c) => c.nom);
    assert.deepEqual(body.trimEnd().split('\r\n'), ['nom', ...expected]);
  });

  test('Parquet: the records with their types, snappy by default, zstd on demand', async () => {
    const response = await get('/mesures/exports/parquet?use_labels=true');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/vnd.apache.parquet');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="mesures.parquet"');
    const file = writeTemporaryFile('export.parquet', response.rawPayload);
    const engine = setup.t.platform.engine;
    const rows = await engine.query(`select "Nom du lieu" as nom, "Valeur" as valeur, "Compte" as compte, cast("Jour" as varchar) as jour, epoch_ms("Horodatage") as ms, "Actif" as actif, struct_extract("Position", 'lat') as lat from read_parquet($1)`, [file]);
    assert.equal(rows.length, 5);
    assert.deepEqual({ ...rows[0], compte: Number(rows[0]?.compte), ms: Number(rows[0]?.ms) }, { nom: 'Café "Le Port"; quai', valeur: 5, compte: 12, jour: '2024-03-01', ms: Date.UTC(2024, 2, 1, 9, 0, 0, 250), actif: true, lat: 47.2184 });
    const codecs = async (path: string) => (await engine.query(`select distinct compression from parquet_metadata($1)`, [path])).map((r) => String(r.compression));
    assert.deepEqual(await codecs(file), ['SNAPPY']);
    const zstd = writeTemporaryFile('zstd.parquet', (await get('/mesures/exports/parquet?parquet_compression=zstd')).rawPayload);
    assert.deepEqual(await codecs(zstd), ['ZSTD']);
    const tags = writeTemporaryFile('tags.parquet', (await get(`/communes-test/exports/parquet?${new URLSearchParams({ select: 'nom, tags', where: 'nom = "Nantes"' })}`)).rawPayload);
    assert.deepEqual(await engine.query('select nom, tags from read_parquet($1)', [tags]), [{ nom: 'Nantes', tags: ['Loire-Atlantique', 'Loire'] }], 'a multivalued field is a list');
  });

  test('XLSX: a header of labels, numbers as numbers, dates as Excel dates', async () => {
    const response = await get('/mesures/exports/xlsx?use_labels=true');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="mesures.xlsx"');
    const workbook = new ExcelJS.Workbook();
    // exceljs declares its own Buffer (an ArrayBuffer): give it the bytes' ArrayBuffer.
    const bytes = response.rawPayload;
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);
    assert.equal(workbook.worksheets.length, 1);
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['Nom du lieu', 'Valeur', 'Compte', 'Horodatage', 'Jour', 'Actif', 'Position']);
    const first = (sheet.getRow(2).values as unknown[]).slice(1);
    assert.deepEqual(first, ['Café "Le Port"; quai', 5, 12, new Date(Date.UTC(2024, 2, 1, 9, 0, 0, 250)), new Date(Date.UTC(2024, 2, 1)), true, '47.2184, -1.5536']);
    assert.equal(sheet.getRow(2).getCell(5).numFmt, 'yyyy-mm-dd');
    assert.equal(sheet.rowCount, 6);
    assert.equal(sheet.getRow(6).getCell(1).value, null, 'an empty cell stays empty');
    // With a timezone, the wall time the API shows there: 09:00:00.250Z is 10:00:00.250 in Paris in March.
    const paris = new ExcelJS.Workbook();
    const zoned = (await get('/mesures/exports/xlsx?select=horodatage&limit=1&timezone=Europe/Paris')).rawPayload;
    await paris.xlsx.load(zoned.buffer.slice(zoned.byteOffset, zoned.byteOffset + zoned.byteLength) as ArrayBuffer);
    assert.deepEqual(paris.worksheets[0]?.getRow(2).getCell(1).value, new Date(Date.UTC(2024, 2, 1, 10, 0, 0, 250)));
  });

  test('compressed=true: the same file gzipped, named .gz, with no Content-Encoding', async () => {
    const plain = await get('/mesures/exports/csv');
    const gzipped = await get('/mesures/exports/csv?compressed=true');
    assert.equal(gzipped.statusCode, 200);
    assert.equal(gzipped.headers['content-type'], 'application/gzip');
    assert.equal(gzipped.headers['content-encoding'], undefined);
    assert.equal(gzipped.headers['content-disposition'], 'attachment; filename="mesures.csv.gz"');
    assert.equal(gunzipSync(gzipped.rawPayload).toString('utf8'), plain.body);
    const json = await get('/communes-test/exports/json?compressed=true&select=code_insee');
    assert.equal((JSON.parse(gunzipSync(json.rawPayload).toString('utf8')) as unknown[]).length, communes.length);
  });

  test('options out of their values are 400s that name the parameter', async () => {
    const cases: [string, string, string][] = [
      ['epsg=2154', 'epsg', 'Invalid value for epsg API parameter: 2154 was found but 4326 for parquet (another system: geojson, shp, fgb) is expected.'],
      ['parquet_compression=lz4', 'parquet_compression', 'Invalid value for parquet_compression API parameter: lz4 was found but snappy or zstd is expected.'],
      ['compressed=oui', 'compressed', 'Invalid value for compressed API parameter: oui was found but true or false is expected.'],
      ['use_labels=1', 'use_labels', 'Invalid value for use_labels API parameter: 1 was found but true or false is expected.'],
    ];
    for (const [query, parameter, message] of cases) {
      const response = await get(`/mesures/exports/parquet?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.equal(response.json().error_code, 'InvalidRESTParameterError');
      assert.equal(response.json().message, message);
      assert.deepEqual(response.json().location, { parameter });
    }
    assert.equal((await get('/mesures/exports/csv?epsg=4326')).statusCode, 200, 'the projection exports are in');
  });

  test('a private dataset exports nothing to an anonymous caller, everything to a key', async () => {
    for (const format of ['csv', 'parquet', 'xlsx']) assert.equal((await get(`/secret/exports/${format}`)).statusCode, 404, format);
    const csv = await get('/secret/exports/csv?with_bom=false', setup.headers);
    assert.equal(csv.body, 'nom;valeur\r\nA;1\r\n');
  });

  test('the temporary files DuckDB writes are gone once sent, or once the client has gone', async () => {
    await setup.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = setup.app.server.address() as AddressInfo;
    const aborted = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}${BASE}/communes-test/exports/parquet`, { signal: aborted.signal });
    aborted.abort();
    await response.body?.cancel().catch(() => undefined);
    await get('/mesures/exports/csv');
    const tmp = path.join(setup.t.dataDir, 'tmp');
    for (let i = 0; i < 50 && (fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).length > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(fs.existsSync(tmp) ? fs.readdirSync(tmp) : [], []);
  });

  // That the export is stopped rather than written to the end is the abandoned export's test (test/query/export-file.test.ts).
  test('HEAD, as a harvester checks a distribution: the status and headers of a GET, no body, nothing left behind', async () => {
    const head = (path: string) => setup.app.inject({ method: 'HEAD', url: `${BASE}${path}` });
    for (const format of ['csv', 'parquet', 'json']) {
      const [checked, got] = [await head(`/communes-test/exports/${format}`), await get(`/communes-test/exports/${format}`)];
      assert.equal(checked.statusCode, 200, format);
      assert.equal(checked.headers['content-type'], got.headers['content-type'], format);
      assert.equal(checked.headers['content-disposition'], `attachment; filename="communes-test.${format}"`);
      assert.equal(checked.body, '');
    }
    assert.equal((await head('/communes-test/exports/csv?where=nom%20%3D')).statusCode, 400, 'a query refused by GET is refused by HEAD');
    assert.equal((await head('/communes-test/exports/geojson?select=nom')).statusCode, 400, 'a format refused by GET too');
    assert.equal((await head('/secret/exports/csv')).statusCode, 404, 'a private dataset stays invisible');
    assert.equal((await setup.app.inject({ method: 'HEAD', url: '/api/records/1.0/download?dataset=communes-test' })).statusCode, 200, 'v1 download');
    const tmp = path.join(setup.t.dataDir, 'tmp');
    for (let i = 0; i < 50 && (fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).length > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(fs.existsSync(tmp) ? fs.readdirSync(tmp) : [], [], 'the temporary files are gone');
  });

  test('the list of formats links each export, Parquet, XLSX, geographic and RDF formats included', async () => {
    const list = (await get('/mesures/exports')).json() as { links: { rel: string; href: string }[] };
    assert.deepEqual(list.links.map((l) => l.rel), ['csv', 'json', 'jsonl', 'geojson', 'parquet', 'xlsx', 'kml', 'gpx', 'shp', 'fgb', 'jsonld', 'turtle', 'n3', 'rdfxml', 'ov2']);
  });

  const XML = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const NANTES_RING = [[-1.5636, 47.2084], [-1.5436, 47.2084], [-1.5436, 47.2284], [-1.5636, 47.2284], [-1.5636, 47.2084]];

  test('KML: a Placemark per record, attributes as ExtendedData, a point or the polygon, text escaped', async () => {
    const point = await get(`/communes-test/exports/kml?${new URLSearchParams({ select: 'nom, population, geo_point_2d', where: 'nom = "Nantes"' })}`);
    assert.equal(point.statusCode, 200);
    assert.equal(point.headers['content-type'], 'application/vnd.google-earth.kml+xml');
    assert.equal(point.headers['content-disposition'], 'attachment; filename="communes-test.kml"');
    const placemark = '<Placemark><ExtendedData><Data name="nom"><value>Nantes</value></Data><Data name="population"><value>327734</value></Data></ExtendedData><Point><coordinates>-1.5536,47.2184</coordinates></Point></Placemark>';
    assert.equal(point.body, `${XML}<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n${placemark}\n</Document>\n</kml>\n`);
    const shape = (await get(`/communes-test/exports/kml?${new URLSearchParams({ select: 'geo_point_2d, geo_shape', where: 'nom = "Nantes"' })}`)).body;
    const ring = NANTES_RING.map((p) => p.join(',')).join(' ');
    assert.ok(shape.includes(`<Placemark><ExtendedData><Data name="geo_point_2d"><value>47.2184, -1.5536</value></Data></ExtendedData><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`), shape);
    const escaped = (await get(`/mesures/exports/kml?${new URLSearchParams({ select: 'nom_du_lieu, position', limit: '1', use_labels: 'true' })}`)).body;
    assert.ok(escaped.includes('<Data name="Nom du lieu"><value>Café &quot;Le Port&quot;; quai</value></Data>'), escaped);
  });

  test('GPX: waypoints with name_field, attributes in extensions or in desc; a polygon as a track', async () => {
    const head = `${XML}<gpx version="1.1" creator="Territoires" xmlns="http://www.topografix.com/GPX/1/1" xmlns:ogr="http://osgeo.org/gdal">\n`;
    const query = { select: 'nom, population, geo_point_2d', where: 'nom = "Nantes"', name_field: 'nom' };
    const waypoint = await get(`/communes-test/exports/gpx?${new URLSearchParams(query)}`);
    assert.equal(waypoint.headers['content-type'], 'application/gpx+xml');
    assert.equal(waypoint.body, `${head}<wpt lat="47.2184" lon="-1.5536"><name>Nantes</name><extensions><ogr:nom>Nantes</ogr:nom><ogr:population>327734</ogr:population></extensions></wpt>\n</gpx>\n`);
    const described = await get(`/communes-test/exports/gpx?${new URLSearchParams({ ...query, use_extension: 'false', description_field_list: 'population' })}`);
    assert.equal(described.body, `${head}<wpt lat="47.2184" lon="-1.5536"><name>Nantes</name><desc>population: 327734\nnom: Nantes</desc></wpt>\n</gpx>\n`);
    const track = (await get(`/communes-test/exports/gpx?${new URLSearchParams({ select: 'geo_shape', where: 'nom = "Nantes"' })}`)).body;
    assert.equal(track, `${head}<trk><trkseg>${NANTES_RING.map(([lon, lat]) => `<trkpt lat="${lat}" lon="${lon}"/>`).join('')}</trkseg></trk>\n</gpx>\n`);
  });

  test('KML and GPX without a geometry, or a GPX option naming no field: JSON 400s before any byte', async () => {
    const flat = await get('/communes-test/exports/kml?select=nom');
    assert.equal(flat.statusCode, 400);
    assert.equal(flat.json().code, 'EXPORT_NO_GEOMETRY');
    const unknown = await get(`/communes-test/exports/gpx?${new URLSearchParams({ select: 'nom, geo_point_2d', name_field: 'foo' })}`);
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().message, 'Invalid value for name_field API parameter: foo was found but one of nom is expected.');
  });
});
