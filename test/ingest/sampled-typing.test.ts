// A large CSV file is typed from its first rows and written in one pass (prepare.ts,
// writeTypedRecords). These files are built so that the first 10,000 rows mislead: a later row
// holds what changes the column's type. The published version must be what the exact reading
// says (the preview reads the file the exact way) and what a person reading the file would expect.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { datasetScope, PLATFORM } from '../../src/auth/index.js';
import { createOrganisation, findDataset, getVersion } from '../../src/catalog/index.js';
import { previewFile, publishFile } from '../../src/ingest/index.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

// More than the rows typing.ts samples.
const FIRST_ROWS = 12_000;

/** A CSV file: the header, FIRST_ROWS rows made by `row`, then the rows of `tail`. */
function csvFile(name: string, header: string, row: (i: number) => string, tail: string[]): string {
  const lines = [header];
  for (let i = 1; i <= FIRST_ROWS; i += 1) lines.push(row(i));
  return writeTemporaryFile(name, `${[...lines, ...tail].join('\n')}\n`);
}

describe('typing a large CSV from its first rows', () => {
  let t: TestPlatform;
  before(async () => {
    t = await testPlatform();
    await createOrganisation(t.platform.db, { name: 'Région Pays de la Loire', kind: 'region', cog: '52', slug: 'pays-de-la-loire' });
  });
  after(async () => t?.dispose());

  const typesOf = (fields: readonly { name: string; type: string }[]) => Object.fromEntries(fields.map((f) => [f.name, f.type]));

  /** Publishes the file; checks the types against the preview's; returns the types and the last record. */
  async function publishAndCompare(file: string, datasetId: string, read = {}): Promise<{ types: Record<string, string>; last: Record<string, unknown> }> {
    const preview = await previewFile(t.platform, file, read);
    const published = await publishFile(t.platform, { file, datasetId, read }, t.platform.publishOptions);
    const types = typesOf(published.version.fields);
    assert.deepEqual(types, typesOf(preview.fields), 'the published types are those the preview shows');
    assert.equal(published.version.rowCount, preview.records_count);
    const dataset = await findDataset(t.platform.db, datasetScope(PLATFORM, null), datasetId);
    const version = await getVersion(t.platform.db, dataset?.liveVersionId ?? '');
    assert.ok(version);
    const rows = await t.platform.engine.query(`select * from read_parquet($1) offset ${FIRST_ROWS}`, [t.platform.blobs.absolute(version.file)]);
    return { types, last: rows.at(-1) ?? {} };
  }

  test('a decimal after the first rows makes the column double, not a failed publish', async () => {
    const file = csvFile('late-decimal.csv', 'id,mesure', (i) => `${i},${i % 97}`, ['12001,12', '12002,3.75']);
    const { types, last } = await publishAndCompare(file, 'late-decimal');
    assert.equal(types.mesure, 'double');
    assert.equal(last.mesure, 3.75);
  });

  test('a leading zero after the first rows keeps the column as text, and its zeros', async () => {
    const file = csvFile('late-zero.csv', 'id,numero', (i) => `${i},${(i % 900) + 100}`, ['12001,007']);
    const { types, last } = await publishAndCompare(file, 'late-zero');
    assert.equal(types.numero, 'text');
    assert.equal(last.numero, '007');
  });

  test('a column empty in the first rows is typed from the values further down', async () => {
    const file = csvFile('late-values.csv', 'id,montant', (i) => `${i},`, ['12001,1500', '12002,250']);
    const { types, last } = await publishAndCompare(file, 'late-values');
    assert.equal(types.montant, 'int');
    assert.equal(last.montant, 250n);
  });

  test('identifiers of five digits stay text until a shorter number shows they are quantities', async () => {
    const same = csvFile('identifiers.csv', 'id,compteur', (i) => `${i},${10000 + i}`, ['12001,99999']);
    assert.equal((await publishAndCompare(same, 'identifiers')).types.compteur, 'text');
    const shorter = csvFile('quantities.csv', 'id,compteur', (i) => `${i},${10000 + i}`, ['12001,42']);
    const { types, last } = await publishAndCompare(shorter, 'quantities');
    assert.equal(types.compteur, 'int');
    assert.equal(last.compteur, 42n);
  });

  test('thousands spaces after the first rows are read as numbers', async () => {
    const text = ['id;population', ...Array.from({ length: FIRST_ROWS }, (_, i) => `${i + 1};${i + 100}`), '12001;1 234 567'].join('\r\n');
    const file = writeTemporaryFile('late-spaces.csv', iconv.encode(`${text}\r\n`, 'windows-1252'));
    const { types, last } = await publishAndCompare(file, 'late-spaces');
    assert.equal(types.population, 'int');
    assert.equal(last.population, 1234567n);
  });

  test('a date that does not exist, after the first rows, makes the column text', async () => {
    const file = csvFile('late-date.csv', 'id,jour', (i) => `${i},2024-01-${String((i % 28) + 1).padStart(2, '0')}`, ['12001,2024-02-30']);
    const { types, last } = await publishAndCompare(file, 'late-date');
    assert.equal(types.jour, 'text');
    assert.equal(last.jour, '2024-02-30');
  });

  test('Lambert-93 coordinates make a point, unless a later one is out of range', async () => {
    const row = (i: number) => `${i},${355000 + i},${6689000 + i}`;
    const inRange = csvFile('lambert.csv', 'id,x,y', row, ['12001,356000,6690000']);
    const good = await publishAndCompare(inRange, 'lambert');
    assert.equal(good.types.geo_point_2d, 'geo_point_2d');
    const point = good.last.geo_point_2d as { lon: number; lat: number };
    assert.ok(point.lat > 47 && point.lat < 47.5 && point.lon > -1.8 && point.lon < -1.3, `Nantes area, got ${JSON.stringify(point)}`);
    const outOfRange = csvFile('lambert-wrong.csv', 'id,x,y', row, ['12001,356000,69']);
    assert.equal((await publishAndCompare(outOfRange, 'lambert-wrong')).types.geo_point_2d, undefined);
  });

  test('a ragged row after the first rows is refused with its line; nothing is published', async () => {
    const file = csvFile('late-ragged.csv', 'a;b;c', (i) => `${i};x;y`, ['12001;x']);
    await assert.rejects(publishFile(t.platform, { file, datasetId: 'late-ragged' }, t.platform.publishOptions), (error: Error & { code?: string; location?: { line?: number } }) => {
      assert.equal(error.code, 'INGEST_CSV_MALFORMED');
      assert.equal(error.location?.line, FIRST_ROWS + 2);
      return true;
    });
    assert.equal(await findDataset(t.platform.db, datasetScope(PLATFORM, null), 'late-ragged'), undefined);
  });

  test('a type the publisher set, broken by a later value, is refused with that record', async () => {
    const file = csvFile('late-misfit.csv', 'id,quantite', (i) => `${i},${i}`, ['12001,beaucoup']);
    await assert.rejects(publishFile(t.platform, { file, datasetId: 'late-misfit', read: { types: { quantite: 'int' } } }, t.platform.publishOptions), (error: Error & { code?: string; location?: { record?: number } }) => {
      assert.equal(error.code, 'INGEST_TYPE_MISMATCH');
      assert.equal(error.location?.record, FIRST_ROWS + 1);
      assert.match(error.message, /beaucoup/);
      return true;
    });
  });
});
