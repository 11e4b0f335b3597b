// How a version is laid out for reading: written in the order of a `sort` step (and then read in
// that order without sorting), and its read copy (src/data/read-copy.ts) beside it, with the search text. Each is an
// optimisation: the answers must be the ones the plain version gives, which a second dataset
// published from the same file without them gives here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { getDataset, getVersion } from '../../src/catalog/index.js';
import { PLATFORM, datasetScope } from '../../src/auth/index.js';
import { READ_COPY_MIN_ROWS, readCopyFile, writeReadCopy } from '../../src/data/index.js';
import { publishFile } from '../../src/ingest/index.js';
import { recordsSource } from '../../src/query/source.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { writeTemporaryFile } from '../helpers/platform.js';
import { COMMUNES_TEST_FILE, COMMUNES_TEST_STEPS, fixtureCommunes, publishCommunesTest } from '../helpers/communes-test.js';

type Row = Record<string, unknown>;
const BASE = '/api/explore/v2.1/catalog/datasets';

describe('version layout: sorted records and read copy', () => {
  let setup: TestApp;
  let app: FastifyInstance;
  const communes = fixtureCommunes();

  before(async () => {
    setup = await testApp();
    app = setup.app;
    const { platform } = setup.t;
    await publishCommunesTest(platform);
    // The same file, written sorted by name (names are unique: no tie to break).
    await publishFile(platform, { file: COMMUNES_TEST_FILE, datasetId: 'communes-sorted', title: 'Communes triées', steps: [...COMMUNES_TEST_STEPS, { op: 'sort', by: ['nom'] }] }, platform.publishOptions);
  });
  after(async () => setup?.dispose());

  async function records(dataset: string, params: Record<string, string>): Promise<{ total_count: number; results: Row[] }> {
    const response = await app.inject(`${BASE}/${dataset}/records?${new URLSearchParams(params).toString()}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  }

  async function versionOf(datasetId: string) {
    const dataset = await getDataset(setup.t.platform.db, datasetScope(PLATFORM, null), datasetId);
    const version = await getVersion(setup.t.platform.db, dataset.liveVersionId ?? '');
    assert.ok(version);
    return version;
  }

  test('a sort step writes the records in its order, which is then their default order', async () => {
    // Code unit order, as DuckDB compares text: "Évreux"-like names come after "Z".
    const expected = communes.map((c) => c.nom).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const { results } = await records('communes-sorted', { select: 'nom', limit: '100' });
    assert.deepEqual(results.map((r) => r.nom), expected);
    assert.deepEqual((await versionOf('communes-sorted')).source.order, [{ field: 'nom', descending: false }]);
  });

  test('order_by on the file order, and the other way, answer as on the unsorted version', async () => {
    const cases: Record<string, string>[] = [
      { order_by: 'nom', limit: '20', offset: '7' },
      { order_by: 'nom desc', limit: '20' },
      { order_by: 'nom', where: 'population > 50000', select: 'nom, population' },
      { order_by: 'population desc, nom', limit: '15' },
    ];
    for (const params of cases) {
      const sorted = await records('communes-sorted', params);
      const plain = await records('communes-test', params);
      assert.deepEqual(sorted, plain, JSON.stringify(params));
    }
  });

  test('a sort step names fields that exist and are not geographic', async () => {
    const { platform } = setup.t;
    for (const [by, field] of [[['nope'], 'steps[0].by[0]'], [['geo_point_2d'], 'steps[0].by[0]']] as const) {
      await assert.rejects(
        publishFile(platform, { file: COMMUNES_TEST_FILE, datasetId: 'communes-bad-sort', title: 'x', steps: [{ op: 'sort', by }] }, platform.publishOptions),
        (error: { code?: string; location?: { field?: string } }) => error.code === 'INVALID_FIELD' && error.location?.field === field,
      );
    }
    await assert.rejects(publishFile(platform, { file: COMMUNES_TEST_FILE, datasetId: 'communes-bad-sort', title: 'x', steps: [{ op: 'sort', by: 'nom' }] }, platform.publishOptions), { code: 'INVALID_FIELD' });
  });

  test('answers are the same with the read copy as without it, full text included', async () => {
    const queries: Record<string, string>[] = [
      { where: '"nantes"' },
      { where: '"saint"', limit: '3', offset: '2' },
      { where: '"saint"', select: 'nom, population', limit: '4' },
      { where: '"SAINT"', order_by: 'nom', limit: '100' },
      { where: 'search("loire atl")', limit: '100' },
      { where: 'suggest("sai")', limit: '100', order_by: 'nom' },
      { where: '"ecole"' },
      { where: '"saint" and population > 10000', limit: '100', order_by: 'nom' },
      { where: 'search(nom, "saint")', limit: '100', order_by: 'nom' },
      { where: '"loire"', select: 'departement, count(*) as n', group_by: 'departement' },
      { where: 'not "saint"', select: 'count(*) as n' },
      { where: 'nom like "saint*"', limit: '100', order_by: 'nom' },
      // Words of every first character: digits, other letters (œ), accents.
      { where: '"44" and "sur"', order_by: 'nom', limit: '100' },
      { where: '"œuvre" or "Évreux" or "zz"', order_by: 'nom', limit: '100' },
      { where: 'suggest("1")', select: 'count(*) as n' },
      // Not full text: every read goes to the copy once it is there.
      { limit: '7', offset: '5' },
      { limit: '10', offset: String(communes.length - 3) },
      { order_by: 'population desc', limit: '10' },
      { where: 'within_distance(geo_point_2d, geom\'POINT(-1.55 47.21)\', 60km)', order_by: 'nom', limit: '100' },
      { where: 'intersects(geo_shape, geom\'POINT(-1.55 47.21)\')', select: 'nom' },
      { where: 'date_maj >= date\'2024-01-01\'', select: 'count(*) as n', group_by: 'year(date_maj) as y' },
      { refine: 'departement:44', select: 'nom, tags', order_by: 'nom', limit: '100' },
    ];
    const others = async () => ({
      facets: (await app.inject(`${BASE}/communes-test/facets`)).json(),
      csv: (await app.inject(`${BASE}/communes-test/exports/csv?where=population>1000`)).body,
    });
    const before = await Promise.all(queries.map((q) => records('communes-test', q)));
    const othersBefore = await others();
    const version = await versionOf('communes-test');
    await writeReadCopy(setup.t.platform, version);
    const file = setup.t.platform.blobs.absolute(readCopyFile(setup.t.platform.blobs, version));
    assert.ok(fs.existsSync(file), 'the read copy is written beside the version');
    const dataset = await getDataset(setup.t.platform.db, datasetScope(PLATFORM, null), 'communes-test');
    assert.equal((await recordsSource(setup.t.platform, dataset))?.searchText, true, 'reads now go to the copy');
    const withText = await Promise.all(queries.map((q) => records('communes-test', q)));
    for (const [i, q] of queries.entries()) assert.deepEqual(withText[i], before[i], JSON.stringify(q));
    assert.deepEqual(await others(), othersBefore, 'facets and exports too');
    // And what a person reading the CSV expects: accents and case do not matter, a word starts a word of a text field.
    const words = (c: (typeof communes)[number]) => [c.code_insee, c.nom, c.departement, ...c.tags].join(' ').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const saints = communes.filter((c) => /(^|[^\p{L}\p{N}])saint/u.test(words(c))).map((c) => c.nom).sort();
    assert.ok(saints.length > 2, 'the fixture has several Saint-… communes');
    const saint = withText[queries.findIndex((q) => q.where === '"SAINT"')];
    assert.deepEqual(saint?.results.map((r) => r.nom).sort(), saints);
    assert.equal(saint?.total_count, saints.length);
  });

  test('the read copy goes with its version: kept by the orphan sweep, removed with the version', async () => {
    const { platform } = setup.t;
    const version = await versionOf('communes-test');
    const file = platform.blobs.absolute(readCopyFile(platform.blobs, version));
    await writeReadCopy(platform, version);
    const swept = await platform.blobs.sweepOrphans(new Set([version.file]), 0);
    assert.ok(!swept.some((f) => platform.blobs.absolute(f) === file), 'the sweep keeps the read copy of a kept version');
    assert.ok(fs.existsSync(file));
    await platform.blobs.remove(version.file);
    assert.ok(!fs.existsSync(file), 'removing the version removes its read copy');
  });

  test('a large version gets its read copy after its first read, without anyone waiting for it', async () => {
    const { platform } = setup.t;
    const rows = READ_COPY_MIN_ROWS;
    const lines = Array.from({ length: rows }, (_, i) => `${i},${i % 2 === 0 ? 'Rue de la Paix' : 'Avenue Thiers'},${String(i % 500).padStart(5, '0')}`);
    const file = writeTemporaryFile('voies.csv', `id,voie,code\n${lines.join('\n')}\n`);
    await publishFile(platform, { file, datasetId: 'voies', title: 'Voies' }, platform.publishOptions);
    const version = await versionOf('voies');
    const copy = platform.blobs.absolute(readCopyFile(platform.blobs, version));
    const query = { where: '"paix" and code = "00042"', order_by: 'id', limit: '3' };
    const first = await records('voies', query);
    assert.deepEqual(first.results.map((r) => r.id), [42, 542, 1042]);
    // The first read answered from the Parquet file; the copy is written meanwhile.
    for (let waited = 0; !fs.existsSync(copy) && waited < 60_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(fs.existsSync(copy), 'the copy is written in the background');
    const dataset = await getDataset(platform.db, datasetScope(PLATFORM, null), 'voies');
    assert.equal((await recordsSource(platform, dataset))?.searchText, true);
    assert.deepEqual(await records('voies', query), first);
    assert.equal((await records('voies', { where: '"thiers"', limit: '1' })).total_count, rows / 2);
    // A page of the copy is a range of its rows.
    const page = await records('voies', { select: 'id', limit: '3', offset: '9997' });
    assert.deepEqual(page, { total_count: rows, results: [{ id: 9997 }, { id: 9998 }, { id: 9999 }] });
  });
});
