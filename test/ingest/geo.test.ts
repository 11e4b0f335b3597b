// Lambert-93 and overseas UTM coordinates become WGS84 points, checked against proj4 (the reference library).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import proj4 from 'proj4';
import { createOrganisation } from '../../src/catalog/index.js';
import { previewFile, publishFile } from '../../src/ingest/index.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

proj4.defs('EPSG:2154', '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');
// The overseas projections, as the EPSG registry defines them.
const OVERSEAS: [string, string, [string, number, number][]][] = [
  ['EPSG:5490', '+proj=utm +zone=20 +ellps=GRS80 +units=m +no_defs', [['Pointe-à-Pitre', -61.5331, 16.2411], ['Fort-de-France', -61.0588, 14.6161], ['Gustavia', -62.8488, 17.8962]]],
  ['EPSG:2972', '+proj=utm +zone=22 +ellps=GRS80 +units=m +no_defs', [['Cayenne', -52.3135, 4.9224], ['Saint-Laurent-du-Maroni', -54.0297, 5.4983], ['Maripasoula', -54.0333, 3.6333]]],
  ['EPSG:2975', '+proj=utm +zone=40 +south +ellps=GRS80 +units=m +no_defs', [['Saint-Denis', 55.4481, -20.8789], ['Saint-Pierre', 55.4781, -21.3393], ['Saint-Benoît', 55.7128, -21.0341]]],
  ['EPSG:4471', '+proj=utm +zone=38 +south +ellps=GRS80 +units=m +no_defs', [['Mamoudzou', 45.2279, -12.7806], ['Dzaoudzi', 45.2886, -12.7872]]],
  ['EPSG:4467', '+proj=utm +zone=21 +ellps=GRS80 +units=m +no_defs', [['Saint-Pierre', -56.1773, 46.7811], ['Miquelon', -56.3814, 47.0975]]],
];
for (const [code, definition] of OVERSEAS) proj4.defs(code, definition);

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

  test('x/y in the projection of an overseas territory are told apart by their values and converted', async () => {
    for (const [code, , places] of OVERSEAS) {
      const lines = places.map(([name, lon, lat]) => {
        const [x, y] = proj4('EPSG:4326', code, [lon, lat]) as [number, number];
        return `${name};${x.toFixed(2).replace('.', ',')};${y.toFixed(2).replace('.', ',')}`;
      });
      const id = `utm-${code.slice(5)}`;
      const result = await publishFile(t.platform, { file: writeTemporaryFile(`${id}.csv`, `nom;x;y\n${lines.join('\n')}\n`), datasetId: id }, t.platform.publishOptions);
      const point = result.version.fields.at(-1);
      assert.equal(point?.type, 'geo_point_2d', code);
      assert.match(point?.description ?? '', new RegExp(code), 'the preview and the field say which projection was read');
      const rows = await t.platform.engine.query('select nom, geo_point_2d as p from read_parquet($1)', [t.platform.blobs.absolute(result.version.file)]);
      for (const [index, [name, lon, lat]] of places.entries()) {
        const p = rows[index]?.p as { lon: number; lat: number };
        // 1e-6 degree is about 11 cm.
        assert.ok(Math.abs(p.lon - lon) < 1e-6 && Math.abs(p.lat - lat) < 1e-6, `${code} ${name}: ${JSON.stringify(p)} vs ${lon}, ${lat}`);
      }
    }
  });

  test('x/y columns that are not Lambert-93 metres make no point', async () => {
    const preview = await previewFile(t.platform, writeTemporaryFile('grid.csv', 'case;x;y\nA;1;2\nB;3;4\n'));
    assert.ok(!preview.fields.some((f) => f.type === 'geo_point_2d'));
  });
});
