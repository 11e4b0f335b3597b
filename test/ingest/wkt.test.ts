// WKT geometries in a CSV column (GIS exports): polygons and lines become geo_shape (GeoJSON),
// a column of points geo_point_2d; a value that is not WKT leaves the column as text, and a type
// set by the publisher reports the value that does not fit.
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
});
