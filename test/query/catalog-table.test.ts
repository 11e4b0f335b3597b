// The catalog's rows are loaded into DuckDB once per distinct catalog (a table named by the hash of
// their JSON): what a caller sees must always be the catalog as it is now, never an older table,
// and each caller's own view, never another's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { emptyQuery, queryCatalog, type DatasetObject } from '../../src/query/index.js';
import { testPlatform, type TestPlatform } from '../helpers/platform.js';

function dataset(id: string, title: string): DatasetObject {
  return { dataset_id: id, dataset_uid: `da_${id}`, has_records: true, features: [], attachments: [], fields: [], metas: { default: { title, modified: '2026-12-01T10:00:00+00:00' } } };
}

const titles = async (t: TestPlatform, objects: DatasetObject[]): Promise<string[]> =>
  (await queryCatalog(t.platform, objects, { ...emptyQuery(), select: 'title', orderBy: 'title' }, { limit: 100, offset: 0 })).results.map((r) => String(r.title));

const catalogTables = async (t: TestPlatform): Promise<number> => Number((await t.platform.engine.query("select count(*) as n from duckdb_tables() where table_name like 'catalog_rows_%'"))[0]?.n);

describe('the catalog table of a request', () => {
  let t: TestPlatform;
  before(async () => {
    t = await testPlatform();
  });
  after(async () => t?.dispose());

  test('a changed title, a dataset added, another caller’s view: each query sees its own catalog', async () => {
    const first = [dataset('a', 'Arbres'), dataset('b', 'Bancs')];
    assert.deepEqual(await titles(t, first), ['Arbres', 'Bancs']);
    // The same catalog again reads the same table: nothing new is loaded.
    const tables = await catalogTables(t);
    assert.deepEqual(await titles(t, first), ['Arbres', 'Bancs']);
    assert.equal(await catalogTables(t), tables);
    // A metadata change is another catalog.
    assert.deepEqual(await titles(t, [dataset('a', 'Arbres remarquables'), dataset('b', 'Bancs')]), ['Arbres remarquables', 'Bancs']);
    assert.deepEqual(await titles(t, [...first, dataset('c', 'Composteurs')]), ['Arbres', 'Bancs', 'Composteurs']);
    // A caller who sees less never meets the rows of one who sees more.
    assert.deepEqual(await titles(t, [dataset('b', 'Bancs')]), ['Bancs']);
    assert.deepEqual(await titles(t, []), []);
  });

  test('the objects keep their order when no order is asked', async () => {
    const objects = ['m', 'c', 'x', 'a'].map((id) => dataset(id, id.toUpperCase()));
    const rows = (await queryCatalog(t.platform, objects, { ...emptyQuery(), select: 'dataset_id' }, { limit: 100, offset: 0 })).results;
    assert.deepEqual(rows.map((r) => r.dataset_id), ['m', 'c', 'x', 'a']);
  });
});
