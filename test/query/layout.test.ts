// How a version is laid out for reading: written in the order of a `sort` step (and then read in
// that order without sorting), and its search text (src/data/search-text.ts) beside it. Each is an
// optimisation: the answers must be the ones the plain version gives, which a second dataset
// published from the same file without them gives here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { getDataset, getVersion } from '../../src/catalog/index.js';
import { PLATFORM, datasetScope } from '../../src/auth/index.js';
import { searchTextFile, writeSearchText } from '../../src/data/index.js';
import { publishFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { COMMUNES_TEST_FILE, COMMUNES_TEST_STEPS, fixtureCommunes, publishCommunesTest } from '../helpers/communes-test.js';

type Row = Record<string, unknown>;
const BASE = '/api/explore/v2.1/catalog/datasets';

describe('version layout: sorted records and search text', () => {
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

  test('full-text answers are the same with the search text as without it', async () => {
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
    ];
    const before = await Promise.all(queries.map((q) => records('communes-test', q)));
    const version = await versionOf('communes-test');
    await writeSearchText(setup.t.platform, version);
    const file = setup.t.platform.blobs.absolute(searchTextFile(setup.t.platform.blobs, version));
    assert.ok(fs.existsSync(file), 'the search text file is written beside the version');
    const withText = await Promise.all(queries.map((q) => records('communes-test', q)));
    for (const [i, q] of queries.entries()) assert.deepEqual(withText[i], before[i], JSON.stringify(q));
    // And what a person reading the CSV expects: accents and case do not matter, a word starts a word of a text field.
    const words = (c: (typeof communes)[number]) => [c.code_insee, c.nom, c.departement, ...c.tags].join(' ').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const saints = communes.filter((c) => /(^|[^\p{L}\p{N}])saint/u.test(words(c))).map((c) => c.nom).sort();
    assert.ok(saints.length > 2, 'the fixture has several Saint-… communes');
    const saint = withText[queries.findIndex((q) => q.where === '"SAINT"')];
    assert.deepEqual(saint?.results.map((r) => r.nom).sort(), saints);
    assert.equal(saint?.total_count, saints.length);
  });

  test('the search text goes with its version: kept by the orphan sweep, removed with the version', async () => {
    const { platform } = setup.t;
    const version = await versionOf('communes-test');
    const file = platform.blobs.absolute(searchTextFile(platform.blobs, version));
    await writeSearchText(platform, version);
    const swept = await platform.blobs.sweepOrphans(new Set([version.file]), 0);
    assert.ok(!swept.some((f) => f.endsWith('.search.parquet') && platform.blobs.absolute(f) === file), 'the sweep keeps the search text of a kept version');
    assert.ok(fs.existsSync(file));
    await platform.blobs.remove(version.file);
    assert.ok(!fs.existsSync(file), 'removing the version removes its search text');
  });
});
