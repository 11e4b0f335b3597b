// The detection preview and what a publisher may set instead: encoding, delimiter, header line,
// types; geography from coordinate columns; points outside France counted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { createOrganisation } from '../../src/catalog/index.js';
import { previewFile, publishFile } from '../../src/ingest/index.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

describe('previewing a file before publishing it', () => {
  let t: TestPlatform;
  before(async () => {
    t = await testPlatform();
    await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
  });
  after(async () => t?.dispose());

  test('title lines above the header are skipped, and each field comes with samples', async () => {
    const text = 'Équipements sportifs de la commune\r\nExport du 22/11/2026\r\n\r\nnom;type;capacité;ouverture\r\nPiscine;aquatique;1 200;01/06/2020\r\nGymnase;salle;300;15/09/2015\r\n';
    const preview = await previewFile(t.platform, writeTemporaryFile('titled.csv', iconv.encode(text, 'windows-1252')));
    assert.equal(preview.encoding, 'windows-1252');
    assert.equal(preview.delimiter, ';');
    assert.equal(preview.header_line, 4);
    assert.equal(preview.records_count, 2);
    assert.deepEqual(preview.fields, [
      { name: 'nom', label: 'nom', type: 'text', samples: ['Piscine', 'Gymnase'] },
      { name: 'type', label: 'type', type: 'text', samples: ['aquatique', 'salle'] },
      { name: 'capacite', label: 'capacité', type: 'int', samples: [1200, 300] },
      { name: 'ouverture', label: 'ouverture', type: 'date', samples: ['2020-06-01', '2015-09-15'] },
    ]);
  });

  test('latitude and longitude make a geo_point_2d, and points outside France are counted', async () => {
    const text = 'nom,latitude,longitude\nNantes,47.2184,-1.5536\nSaint-Denis (Réunion),-20.8789,55.4481\nSwapped,-1.5536,47.2184\nNo point,,\n';
    const preview = await previewFile(t.platform, writeTemporaryFile('points.csv', text));
    assert.deepEqual(preview.fields.map((f) => `${f.name}:${f.type}`), ['nom:text', 'latitude:double', 'longitude:double', 'geo_point_2d:geo_point_2d']);
    assert.deepEqual(preview.fields[3]?.samples.slice(0, 1), [{ lon: -1.5536, lat: 47.2184 }]);
    assert.deepEqual(preview.points_outside_france, { geo_point_2d: 1 });
  });

  test('a "lat, lon" text column is read as a geo_point_2d', async () => {
    const result = await publishFile(t.platform, { file: writeTemporaryFile('gps.csv', 'nom;coordonnees\nMairie;"47.6705, -1.4270"\nÉcole;47.1,-1.2\n'), datasetId: 'gps' }, t.platform.publishOptions);
    assert.deepEqual(result.version.fields.map((f) => `${f.name}:${f.type}`), ['nom:text', 'coordonnees:geo_point_2d']);
    const rows = await t.platform.engine.query('select coordonnees from read_parquet($1)', [t.platform.blobs.absolute(result.version.file)]);
    assert.deepEqual(rows.map((r) => r.coordonnees), [{ lon: -1.427, lat: 47.6705 }, { lon: -1.2, lat: 47.1 }]);
  });

  test('the publisher sets the encoding, the delimiter and the header line', async () => {
    // Latin-9 (ISO-8859-15): 0xA4 is €, where Windows-1252 reads ¤.
    const file = writeTemporaryFile('latin9.csv', Buffer.concat([Buffer.from('a|prix\n1|10 '), Buffer.from([0xa4]), Buffer.from('\n')]));
    const detected = await previewFile(t.platform, file);
    assert.equal(detected.fields[1]?.samples[0], '10 ¤');
    const set = await previewFile(t.platform, file, { encoding: 'iso-8859-15' });
    assert.equal(set.fields[1]?.samples[0], '10 €');
    const byComma = await previewFile(t.platform, writeTemporaryFile('x.csv', 'a;b,c\n1;2,3\n'), { delimiter: ',' });
    assert.deepEqual(byComma.fields.map((f) => f.name), ['a_b', 'c']);
    const fromLine2 = await previewFile(t.platform, writeTemporaryFile('y.csv', 'a,b\nc,d\n1,2\n'), { headerLine: 2 });
    assert.deepEqual(fromLine2.fields.map((f) => f.name), ['c', 'd']);
  });

  test('0/1 is boolean only when the publisher says so; a value that does not fit names its record', async () => {
    const file = writeTemporaryFile('flags.csv', 'id,accessible\n1,0\n2,1\n3,1\n');
    assert.equal((await previewFile(t.platform, file)).fields[1]?.type, 'int');
    const set = await previewFile(t.platform, file, { types: { accessible: 'boolean' } });
    assert.deepEqual(set.fields[1], { name: 'accessible', label: 'accessible', type: 'boolean', samples: [false, true] });
    const asText = await previewFile(t.platform, file, { types: { id: 'text' } });
    assert.deepEqual(asText.fields[0]?.samples, ['1', '2', '3']);
    await assert.rejects(previewFile(t.platform, writeTemporaryFile('bad.csv', 'id,n\n1,5\n2,cinq\n'), { types: { n: 'int' } }), (error: Error & { code?: string; location?: object; messageFr?: string }) => {
      assert.equal(error.code, 'INGEST_TYPE_MISMATCH');
      assert.deepEqual(error.location, { field: 'n', record: 2 });
      assert.equal(error.message, 'The column n cannot be read as int: record 2 holds "cinq". Correct that value, or choose another type.');
      return true;
    });
    await assert.rejects(previewFile(t.platform, file, { types: { nope: 'int' } }), { code: 'INVALID_FIELD' });
    await assert.rejects(previewFile(t.platform, file, { types: { id: 'file' } }), { code: 'INVALID_FIELD' });
    await assert.rejects(previewFile(t.platform, file, { types: { id: 'geo_shape' } }), { code: 'INGEST_TYPE_MISMATCH' });
  });

  test('the types set at publish time are kept with the version', async () => {
    const result = await publishFile(t.platform, { file: writeTemporaryFile('kept.csv', 'id,ok\n1,1\n2,0\n'), datasetId: 'kept', read: { types: { ok: 'boolean' } } }, t.platform.publishOptions);
    assert.equal(result.version.fields[1]?.type, 'boolean');
    assert.deepEqual(result.version.source.types, { ok: 'boolean' });
    assert.equal(result.version.source.header_line, 1);
  });
});
