// Lambert-93 coordinates become WGS84 points, checked against proj4 (the reference library).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import proj4 from 'proj4';
import { createOrganisation } from '../../src/catalog/index.js';
import { previewFile, publishFile } from '../../src/ingest/index.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

proj4.defs('EPSG:2154', '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');

// Places across metropolitan France: [name, lon, lat].
const PLACES: [string, number, number][] = [
  ['Nantes, hôtel de ville', -1.5536, 47.2184],
  ['Brest', -4.4861, 48.3904],
  ['Strasbourg', 7.7521, 48.5734],
  ['Ajaccio', 8.7369, 41.9192],
  ['Dunkerque', 2.3768, 51.0344],
];

describe('geography from coordinates', () => {
  let t: TestPlatform;
  before(async () => {
    t = await testPlatform();
    await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
  });
  after(async () => t?.dispose());

  test('x/y in Lambert-93 become a WGS84 point within a few centimetres of proj4', async () => {
    const lines = PLACES.map(([name, lon, lat]) => {
      const [x, y] = proj4('EPSG:4326', 'EPSG:2154', [lon, lat]) as [number, number];
      return `${name};${x.toFixed(2).replace('.', ',')};${y.toFixed(2).replace('.', ',')}`;
    });
    const result = await publishFile(t.platform, { file: writeTemporaryFile('l93.csv', `nom;x;y\n${lines.join('\n')}\n`), datasetId: 'l93' }, t.platform.publishOptions);
    assert.equal(result.version.fields.at(-1)?.type, 'geo_point_2d');
    assert.match(result.version.fields.at(-1)?.description ?? '', /Lambert-93/);
    const rows = await t.platform.engine.query('select nom, geo_point_2d as p from read_parquet($1)', [t.platform.blobs.absolute(result.version.file)]);
    for (const [index, [name, lon, lat]] of PLACES.entries()) {
      const point = rows[index]?.p as { lon: number; lat: number };
      assert.ok(Math.abs(point.lon - lon) < 1e-6 && Math.abs(point.lat - lat) < 1e-6, `${name}: ${JSON.stringify(point)} vs ${lon}, ${lat}`);
    }
  });

  test('Lambert-93 in whole metres is converted too (seven-digit y values are not identifiers)', async () => {
    const preview = await previewFile(t.platform, writeTemporaryFile('metres.csv', 'nom;x;y\nNantes;355603;6689722\nLa Roche;383745;6626537\n'));
    assert.deepEqual(preview.fields.map((f) => f.type), ['text', 'int', 'int', 'geo_point_2d']);
    assert.equal((preview.fields[3]?.samples[0] as { lat: number }).lat.toFixed(2), '47.22');
  });

  test('x/y columns that are not Lambert-93 metres make no point', async () => {
    const preview = await previewFile(t.platform, writeTemporaryFile('grid.csv', 'case;x;y\nA;1;2\nB;3;4\n'));
    assert.ok(!preview.fields.some((f) => f.type === 'geo_point_2d'));
  });
});
