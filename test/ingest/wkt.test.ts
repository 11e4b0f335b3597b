// WKT geometries in a CSV column (GIS exports): polygons and lines become geo_shape (GeoJSON),
// a column of points geo_point_2d; a value that is not WKT leaves the column as text, and a type
// set by the publisher reports the value that does not fit. Also what GIS exports write beyond
// 2-D WGS 84: altitudes (Z) and measures (M), EMPTY, GEOMETRYCOLLECTION, and an SRID of
// Lambert-93 or another system the platform knows, reprojected.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { publishFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { temporaryDir } from '../helpers/platform.js';

const dir = temporaryDir();
function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const SHAPES = csv(
  'shapes.csv',
  [
    'nom;contour;centre',
    'Carré;POLYGON ((-1.6 47.2, -1.5 47.2, -1.5 47.3, -1.6 47.3, -1.6 47.2));POINT (-1.55 47.25)',
    'Troué;"SRID=4326;POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 2,1 1))";POINT(2 2)',
    'Deux;MULTIPOLYGON (((10 10, 11 10, 11 11, 10 10)), ((20 20, 21 20, 21 21, 20 20)));point (10.5 10.25)',
    'Ligne;LINESTRING (3 4, 5 6.5, -7e-1 8);POINT (3 4)',
    'Points;MULTIPOINT ((1 2), (3 4));POINT (1 2)',
    'Vide;;',
  ].join('\n'),
);

describe('WKT columns', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp();
  });
  after(async () => setup?.dispose());

  async function records(datasetId: string, params: Record<string, string> = {}) {
    const response = await setup.app.inject(`/api/explore/v2.1/catalog/datasets/${datasetId}/records?${new URLSearchParams({ limit: '100', ...params }).toString()}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { total_count: number; results: Record<string, unknown>[] };
  }

  test('polygons, lines and multi-geometries become GeoJSON shapes; points a geo_point_2d', async () => {
    const { platform } = setup.t;
    const { version } = await publishFile(platform, { file: SHAPES, datasetId: 'wkt', title: 'WKT' }, platform.publishOptions);
    assert.deepEqual(version.fields.map((f) => [f.name, f.type]), [['nom', 'text'], ['contour', 'geo_shape'], ['centre', 'geo_point_2d']]);
    const rows = (await records('wkt')).results;
    const byName = new Map(rows.map((r) => [r.nom, r]));
    const shape = (nom: string) => (byName.get(nom)?.contour as { geometry?: unknown } | null)?.geometry ?? byName.get(nom)?.contour;
    assert.deepEqual(shape('Carré'), { type: 'Polygon', coordinates: [[[-1.6, 47.2], [-1.5, 47.2], [-1.5, 47.3], [-1.6, 47.3], [-1.6, 47.2]]] });
    assert.deepEqual(shape('Troué'), { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]] });
    assert.deepEqual(shape('Deux'), { type: 'MultiPolygon', coordinates: [[[[10, 10], [11, 10], [11, 11], [10, 10]]], [[[20, 20], [21, 20], [21, 21], [20, 20]]]] });
    assert.deepEqual(shape('Ligne'), { type: 'LineString', coordinates: [[3, 4], [5, 6.5], [-0.7, 8]] });
    assert.deepEqual(shape('Points'), { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    assert.equal(byName.get('Vide')?.contour, null);
    assert.deepEqual(byName.get('Carré')?.centre, { lon: -1.55, lat: 47.25 });
    assert.deepEqual(byName.get('Deux')?.centre, { lon: 10.5, lat: 10.25 });
    // And they are geography: the geo functions read them.
    const inside = await records('wkt', { where: "intersects(contour, geom'POINT(1.5 1.5)')", select: 'nom' });
    assert.deepEqual(inside.results, [], 'the point is in the hole of Troué');
    const edge = await records('wkt', { where: "intersects(contour, geom'POINT(3 3)')", select: 'nom' });
    assert.deepEqual(edge.results, [{ nom: 'Troué' }]);
    const near = await records('wkt', { where: 'in_bbox(centre, 47, -2, 48, -1)', select: 'nom' });
    assert.deepEqual(near.results, [{ nom: 'Carré' }]);
  });

  test('a value that is not WKT leaves the column as text; a type set to geo_shape says where', async () => {
    const { platform } = setup.t;
    const file = csv('mixed.csv', 'nom;contour\nA;POLYGON ((0 0, 1 0, 1 1, 0 0))\nB;POLYGON ((0 0, 1 0\nC;LINESTRING (0 0, 1 1)\n');
    const { version } = await publishFile(platform, { file, datasetId: 'wkt-mixed', title: 'x' }, platform.publishOptions);
    assert.equal(version.fields.find((f) => f.name === 'contour')?.type, 'text');
    await assert.rejects(
      publishFile(platform, { file, datasetId: 'wkt-forced', title: 'x', read: { types: { contour: 'geo_shape' } } }, platform.publishOptions),
      (error: { code?: string; message: string }) => error.code !== undefined && /contour/.test(error.message) && /record 2\b/.test(error.message) && error.message.includes('POLYGON ((0 0, 1 0'),
    );
  });
  test('POINT Z: a geo_point_2d of its longitude and latitude, the altitude aside; M dropped, ZM too', async () => {
    const { platform } = setup.t;
    const file = csv('points-z.csv', ['nom,position', 'Mairie,POINT Z (-1.5536 47.2184 12.5)', 'Gare,POINTZ(-1.5421 47.2173 8)', 'Port,POINT M (-1.6 47.2 99)', 'Phare,POINT ZM (-1.7 47.1 3 99)', 'ISO,POINT (-1.5 47.3 4)'].join('\n'));
    const { version } = await publishFile(platform, { file, datasetId: 'wkt-point-z', title: 'x' }, platform.publishOptions);
    assert.equal(version.fields.find((f) => f.name === 'position')?.type, 'geo_point_2d');
    const byName = new Map((await records('wkt-point-z')).results.map((r) => [r.nom, r.position]));
    assert.deepEqual(byName.get('Mairie'), { lon: -1.5536, lat: 47.2184 });
    assert.deepEqual(byName.get('Gare'), { lon: -1.5421, lat: 47.2173 });
    assert.deepEqual(byName.get('Port'), { lon: -1.6, lat: 47.2 });
    assert.deepEqual(byName.get('Phare'), { lon: -1.7, lat: 47.1 });
    assert.deepEqual(byName.get('ISO'), { lon: -1.5, lat: 47.3 });
    const near = await records('wkt-point-z', { where: "within_distance(position, geom'POINT(-1.5536 47.2184)', 100m)", select: 'nom' });
    assert.deepEqual(near.results, [{ nom: 'Mairie' }]);
  });

  test('POLYGON Z: a geo_shape keeping the altitude, found by intersects and in_bbox; EMPTY cells are null', async () => {
    const { platform } = setup.t;
    const file = csv(
      'parcelles-z.csv',
      [
        'nom;contour',
        'Carré;POLYGON Z ((-1.6 47.2 10, -1.5 47.2 11, -1.5 47.3 12, -1.6 47.3 11, -1.6 47.2 10))',
        'Loin;POLYGON Z ((5 45 0, 6 45 0, 6 46 0, 5 45 0))',
        'Vide;POLYGON EMPTY',
        'Rien;POINT Z EMPTY',
        'Chemin;LINESTRING M (-1.55 47.25 0, -1.54 47.26 125.5)',
      ].join('\n'),
    );
    const { version } = await publishFile(platform, { file, datasetId: 'wkt-polygon-z', title: 'x' }, platform.publishOptions);
    assert.equal(version.fields.find((f) => f.name === 'contour')?.type, 'geo_shape');
    const byName = new Map((await records('wkt-polygon-z')).results.map((r) => [r.nom, r.contour]));
    const geometry = (nom: string) => {
      const value = byName.get(nom) as { geometry?: unknown } | null | undefined;
      return value && typeof value === 'object' && 'geometry' in value ? value.geometry : value;
    };
    assert.deepEqual(geometry('Carré'), { type: 'Polygon', coordinates: [[[-1.6, 47.2, 10], [-1.5, 47.2, 11], [-1.5, 47.3, 12], [-1.6, 47.3, 11], [-1.6, 47.2, 10]]] });
    assert.deepEqual(geometry('Chemin'), { type: 'LineString', coordinates: [[-1.55, 47.25], [-1.54, 47.26]] }, 'the measure is not an altitude');
    assert.equal(byName.get('Vide'), null);
    assert.equal(byName.get('Rien'), null);
    const hit = await records('wkt-polygon-z', { where: "intersects(contour, geom'POINT(-1.58 47.22)')", select: 'nom' });
    assert.deepEqual(hit.results, [{ nom: 'Carré' }]);
    const box = await records('wkt-polygon-z', { where: 'in_bbox(contour, 44.9, 4.9, 45.1, 5.1)', select: 'nom' });
    assert.deepEqual(box.results, [{ nom: 'Loin' }]);
    const empty = await records('wkt-polygon-z', { where: 'contour is null', select: 'nom' });
    assert.deepEqual(empty.results.map((r) => r.nom).sort(), ['Rien', 'Vide']);
  });

  test('GEOMETRYCOLLECTION: served as a GeoJSON GeometryCollection, in the GeoJSON export, and the other geographic exports answer', async () => {
    const { platform } = setup.t;
    const file = csv(
      'collection.csv',
      ['nom;forme', 'Site;GEOMETRYCOLLECTION (POINT (-1.55 47.21), LINESTRING (-1.56 47.2, -1.54 47.22), POLYGON ((-1.6 47.2, -1.5 47.2, -1.5 47.3, -1.6 47.2)))', 'Seul;POLYGON ((0 0, 1 0, 1 1, 0 0))', 'Relief;GEOMETRYCOLLECTION Z (POINT Z (2 3 40), LINESTRING Z (2 3 40, 2.1 3.1 41))'].join('\n'),
    );
    const { version } = await publishFile(platform, { file, datasetId: 'wkt-collection', title: 'x' }, platform.publishOptions);
    assert.equal(version.fields.find((f) => f.name === 'forme')?.type, 'geo_shape');
    const site = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [-1.55, 47.21] },
        { type: 'LineString', coordinates: [[-1.56, 47.2], [-1.54, 47.22]] },
        { type: 'Polygon', coordinates: [[[-1.6, 47.2], [-1.5, 47.2], [-1.5, 47.3], [-1.6, 47.2]]] },
      ],
    };
    const row = (await records('wkt-collection', { where: 'nom = "Site"' })).results[0];
    const served = row?.forme as { geometry?: unknown } | undefined;
    assert.deepEqual(served && 'geometry' in served ? served.geometry : served, site);
    const found = await records('wkt-collection', { where: "intersects(forme, geom'POINT(-1.55 47.21)')", select: 'nom' });
    assert.deepEqual(found.results, [{ nom: 'Site' }]);
    const base = '/api/explore/v2.1/catalog/datasets/wkt-collection/exports';
    const geojson = await setup.app.inject(`${base}/geojson`);
    assert.equal(geojson.statusCode, 200, geojson.body);
    const features = (geojson.json() as { features: { geometry: unknown; properties: { nom: string } }[] }).features;
    assert.deepEqual(features.find((f) => f.properties.nom === 'Site')?.geometry, site);
    assert.deepEqual(features.find((f) => f.properties.nom === 'Relief')?.geometry, { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [2, 3, 40] }, { type: 'LineString', coordinates: [[2, 3, 40], [2.1, 3.1, 41]] }] });
    // KML holds collections (MultiGeometry) and altitudes; Shapefile splits the kinds; FlatGeobuf and RDF take them.
    const kml = await setup.app.inject(`${base}/kml`);
    assert.equal(kml.statusCode, 200, kml.body);
    assert.match(kml.body, /<MultiGeometry>.*<coordinates>2,3,40<\/coordinates>/s);
    for (const format of ['shp', 'fgb', 'gpx', 'turtle']) {
      const response = await setup.app.inject(`${base}/${format}`);
      assert.equal(response.statusCode, 200, `${format}: ${response.body.slice(0, 300)}`);
      assert.ok(response.rawPayload.length > 0, format);
    }
  });

  test('SRID=2154 (Lambert-93) and the other systems the platform knows are reprojected to WGS 84; an unknown SRID leaves text', async () => {
    const { platform } = setup.t;
    // Lambert-93's inverse as IGN publishes it (note NTG_71, ALG0004 then ALG0001, constants of
    // RGF93 Lambert-93), checked on the projection's origin: an answer computed without proj4.
    const lambert93 = (x: number, y: number): [number, number] => {
      const [n, c, xs, ys, e] = [0.725607765053267, 11754255.426096, 700000, 12655612.049876, 0.0818191910428158];
      const r = Math.hypot(x - xs, y - ys);
      const isometric = -Math.log(r / c) / n;
      let phi = 2 * Math.atan(Math.exp(isometric)) - Math.PI / 2;
      for (let i = 0; i < 20; i += 1) phi = 2 * Math.atan(((1 + e * Math.sin(phi)) / (1 - e * Math.sin(phi))) ** (e / 2) * Math.exp(isometric)) - Math.PI / 2;
      return [3 + (Math.atan((x - xs) / (ys - y)) / n) * (180 / Math.PI), (phi * 180) / Math.PI];
    };
    const [lon0, lat0] = lambert93(700000, 6600000);
    assert.ok(Math.abs(lon0 - 3) < 1e-9 && Math.abs(lat0 - 46.5) < 1e-9, `${lon0} ${lat0}`);
    const file = csv(
      'lambert.csv',
      ['nom,position,zone', 'Nantes,SRID=2154;POINT(351000 6690000),"SRID=2154;POLYGON Z ((351000 6690000 5, 352000 6690000 5, 352000 6691000 6, 351000 6690000 5))"', 'GPS,SRID=4326;POINT(-1.5 47.2),"POLYGON ((-1.5 47.2, -1.4 47.2, -1.4 47.3, -1.5 47.2))"', 'Vide,SRID=2154;POINT EMPTY,'].join('\n'),
    );
    const { version } = await publishFile(platform, { file, datasetId: 'wkt-lambert', title: 'x' }, platform.publishOptions);
    assert.deepEqual(version.fields.map((f) => [f.name, f.type]), [['nom', 'text'], ['position', 'geo_point_2d'], ['zone', 'geo_shape']]);
    const byName = new Map((await records('wkt-lambert')).results.map((r) => [r.nom, r]));
    const nantes = byName.get('Nantes')?.position as { lon: number; lat: number };
    const [lon, lat] = lambert93(351000, 6690000);
    assert.ok(Math.abs(nantes.lon - lon) < 1e-5 && Math.abs(nantes.lat - lat) < 1e-5, `${JSON.stringify(nantes)} vs ${lon}, ${lat}`);
    assert.ok(nantes.lon > -1.7 && nantes.lon < -1.5 && nantes.lat > 47.1 && nantes.lat < 47.3, 'near Nantes');
    assert.deepEqual(byName.get('GPS')?.position, { lon: -1.5, lat: 47.2 });
    assert.equal(byName.get('Vide')?.position, null);
    const zone = byName.get('Nantes')?.zone as { geometry?: { coordinates: number[][][] } } & { coordinates?: number[][][] };
    const ring = (zone.geometry ?? zone).coordinates?.[0] ?? [];
    const [x1, y1, z1] = ring[2] ?? [];
    const [lon1, lat1] = lambert93(352000, 6691000);
    assert.ok(Math.abs((x1 ?? NaN) - lon1) < 1e-5 && Math.abs((y1 ?? NaN) - lat1) < 1e-5 && z1 === 6, JSON.stringify(ring));
    const inside = await records('wkt-lambert', { where: `intersects(zone, geom'POINT(${lon1 - 0.001} ${lat1 - 0.004})')`, select: 'nom' });
    assert.deepEqual(inside.results, [{ nom: 'Nantes' }]);
    // An SRID the platform has no definition of: not guessed, the column stays text.
    const unknown = csv('srid-unknown.csv', 'nom,position\nA,SRID=27572;POINT(300000 2250000)\nB,POINT(-1.5 47.2)\n');
    const { version: text } = await publishFile(platform, { file: unknown, datasetId: 'wkt-srid-unknown', title: 'x' }, platform.publishOptions);
    assert.equal(text.fields.find((f) => f.name === 'position')?.type, 'text');
    const values = (await records('wkt-srid-unknown')).results.map((r) => r.position);
    assert.deepEqual(values, ['SRID=27572;POINT(300000 2250000)', 'POINT(-1.5 47.2)']);
  });

  test('a large file whose first rows are 2-D WKT and later ones Z or Lambert-93 is typed from every row', async () => {
    const { platform } = setup.t;
    const rows = Array.from({ length: 10_050 }, (_, i) => `${i},POINT (-1.5 ${(47 + i / 1e5).toFixed(5)})`);
    rows.push('z,POINT Z (-1.4 47.1 30)', 'l93,SRID=2154;POINT(351000 6690000)');
    const file = csv('late.csv', `id,position\n${rows.join('\n')}\n`);
    const { version } = await publishFile(platform, { file, datasetId: 'wkt-late', title: 'x' }, platform.publishOptions);
    assert.equal(version.fields.find((f) => f.name === 'position')?.type, 'geo_point_2d');
    const late = await records('wkt-late', { where: 'id in ("z", "l93", "5")', select: 'id, position', order_by: 'id' });
    const byId = new Map(late.results.map((r) => [r.id, r.position as { lon: number; lat: number }]));
    assert.deepEqual(byId.get('5'), { lon: -1.5, lat: 47.00005 });
    assert.deepEqual(byId.get('z'), { lon: -1.4, lat: 47.1 });
    assert.ok(Math.abs((byId.get('l93')?.lon ?? 0) + 1.614) < 1e-3, JSON.stringify(byId.get('l93')));
  });
});
