// JSON files: arrays, JSON Lines, records at a path, GeoJSON; and files without records refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrganisation } from '../../src/catalog/index.js';
import { toApiRecord } from '../../src/data/index.js';
import { previewFile, publishFile } from '../../src/ingest/index.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

describe('reading JSON files', () => {
  let t: TestPlatform;
  before(async () => {
    t = await testPlatform();
    await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
  });
  after(async () => t?.dispose());

  const typesOf = (fields: { name: string; type: string }[]) => fields.map((f) => `${f.name}:${f.type}`);

  test('an array of records: keys in order of appearance, codes kept as text, nested values as JSON', async () => {
    const records = [{ code_insee: '01001', nom: 'L’Abergement', population: 832, littoral: false, tags: ['ain'] }, { code_insee: '44109', nom: 'Nantes', population: 327734, littoral: false, 'élu"e': 'x' }];
    const preview = await previewFile(t.platform, writeTemporaryFile('communes.json', JSON.stringify(records)));
    assert.equal(preview.format, 'json');
    assert.deepEqual(typesOf(preview.fields), ['code_insee:text', 'nom:text', 'population:int', 'littoral:boolean', 'tags:text', 'elu_e:text']);
    assert.deepEqual(preview.fields[0]?.samples, ['01001', '44109']);
    assert.deepEqual(preview.fields[4]?.samples, ['["ain"]']);
    assert.equal(preview.fields[5]?.label, 'élu"e');
  });

  test('nested objects stay JSON text, except the {lon, lat} points of an OpenDataSoft export', async () => {
    const records = [{ nom: 'A', geo_point_2d: { lon: -1.55, lat: 47.21 }, meta: { source: 'x' } }, { nom: 'B', geo_point_2d: { lon: -1.43, lat: 46.67 }, meta: { source: 'y' } }];
    const preview = await previewFile(t.platform, writeTemporaryFile('ods.json', JSON.stringify(records)));
    assert.deepEqual(typesOf(preview.fields), ['nom:text', 'geo_point_2d:geo_point_2d', 'meta:text']);
    assert.deepEqual(preview.fields[1]?.samples[0], { lon: -1.55, lat: 47.21 });
    assert.deepEqual(preview.fields[2]?.samples, ['{"source":"x"}', '{"source":"y"}'], 'no data is lost');
  });

  test('JSON Lines, and records at a path found by itself or given', async () => {
    const lines = await previewFile(t.platform, writeTemporaryFile('feed.jsonl', '{"station":"Commerce","velos":12}\n{"station":"Gare","velos":3}\n'));
    assert.equal(lines.records_count, 2);
    const ods = { total_count: 2, results: [{ nom: 'A', n: 1 }, { nom: 'B', n: 2 }] };
    const found = await previewFile(t.platform, writeTemporaryFile('export.json', JSON.stringify(ods)));
    assert.equal(found.json_path, 'results');
    assert.deepEqual(typesOf(found.fields), ['nom:text', 'n:int']);
    const nested = { meta: { count: 1 }, data: { items: [{ id: 'x', valeur: 1.5 }] } };
    const given = await previewFile(t.platform, writeTemporaryFile('nested.json', JSON.stringify(nested)), { jsonPath: 'data.items' });
    assert.deepEqual(typesOf(given.fields), ['id:text', 'valeur:double']);
  });

  test('a GeoJSON FeatureCollection: properties as columns, points as geo_point_2d, shapes as geo_shape', async () => {
    const points = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { nom: 'Mairie', capacite: 120 }, geometry: { type: 'Point', coordinates: [-1.4270, 46.6705] } },
      { type: 'Feature', properties: { nom: 'Gare' }, geometry: { type: 'Point', coordinates: [-1.4337, 46.6701] } },
    ] };
    const result = await publishFile(t.platform, { file: writeTemporaryFile('lieux.geojson', JSON.stringify(points)), datasetId: 'lieux' }, t.platform.publishOptions);
    assert.deepEqual(typesOf(result.version.fields), ['nom:text', 'capacite:int', 'geometry:geo_point_2d']);
    const rows = await t.platform.engine.query('select * from read_parquet($1)', [t.platform.blobs.absolute(result.version.file)]);
    assert.deepEqual(rows[0]?.geometry, { lon: -1.427, lat: 46.6705 });
    assert.equal(rows[1]?.capacite, null);

    const square = { type: 'Polygon', coordinates: [[[-1.5, 47.2], [-1.4, 47.2], [-1.4, 47.3], [-1.5, 47.2]]] };
    const shapes = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { zone: 'Nord' }, geometry: square }] };
    const shaped = await publishFile(t.platform, { file: writeTemporaryFile('zones.geojson', JSON.stringify(shapes)), datasetId: 'zones' }, t.platform.publishOptions);
    assert.deepEqual(typesOf(shaped.version.fields), ['zone:text', 'geometry:geo_shape']);
    const [row] = await t.platform.engine.query('select * from read_parquet($1)', [t.platform.blobs.absolute(shaped.version.file)]);
    assert.deepEqual(toApiRecord(shaped.version.fields, row ?? {}), { zone: 'Nord', geometry: { type: 'Feature', geometry: square, properties: {} } });
  });

  test('a JSON without an array of records, or not JSON at all, is refused and publishes nothing', async () => {
    await assert.rejects(publishFile(t.platform, { file: writeTemporaryFile('scalar.json', '{"count": 3, "name": "x"}'), datasetId: 'scalar' }, t.platform.publishOptions), (error: Error & { code?: string; messageFr?: string }) => {
      assert.equal(error.code, 'INGEST_JSON_NO_RECORDS');
      assert.match(error.messageFr ?? '', /indiquez le chemin du tableau/);
      return true;
    });
    await assert.rejects(previewFile(t.platform, writeTemporaryFile('obj.json', '{"data": {"items": []}}'), { jsonPath: 'data.items' }), { code: 'INGEST_JSON_NO_RECORDS' });
    await assert.rejects(previewFile(t.platform, writeTemporaryFile('broken.json', '[{"a": 1}, {"a": ')), { code: 'INGEST_UNREADABLE' });
  });
});
