// Realtime datasets: pushes upsert and delete by key, visible at once, merged with the live
// version at query time; a compaction folds them into a version not counted among those kept.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { listDeltas, listVersions } from '../../src/catalog/index.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { testApp, type TestApp } from '../helpers/app.js';
import type { TestPlatform } from '../helpers/platform.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

for (const { backend, skip } of BACKENDS) {
  describe(`realtime datasets (${backend})`, { skip }, () => {
    let t: TestPlatform;
    let app: FastifyInstance;
    let headers: Record<string, string>;
    let setup: TestApp;
    before(async () => {
      setup = await testApp({ backend, env: { TERRITOIRES_VERSIONS_KEPT: '1' }, organisation: { name: 'Nantes Métropole', kind: 'epci' } });
      ({ t, app, headers } = setup);
    });
    after(async () => setup?.dispose());

    const push = (payload: unknown, query = '') => app.inject({ method: 'POST', url: `/api/management/v1/datasets/velos/records${query}`, headers, payload: payload as object });
    const records = async () => (await app.inject(`/api/explore/v2.1/catalog/datasets/velos/records?limit=100`)).json();

    test('the first push creates the dataset with its key; later pushes upsert and delete by key', async () => {
      assert.equal((await push([{ station: 'commerce', velos: 10 }])).json().code, 'PUSH_KEY_REQUIRED');
      assert.equal((await push([{ station: 'commerce', velos: 10 }], '?key=id')).json().code, 'PUSH_KEY_MISSING');
      assert.equal((await app.inject('/api/explore/v2.1/catalog/datasets/velos')).statusCode, 404, 'a refused first push creates nothing');
      const created = await push([{ station: 'commerce', nom: 'Commerce', velos: 10, maj: '2026-11-23T08:00:00+01:00' }, { station: 'gare', nom: 'Gare', velos: 3, maj: '2026-11-23T08:00:00+01:00' }], '?key=station');
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().created, true);
      const update = await push({ upsert: [{ station: 'gare', velos: 0 }, { station: 'chantiers', nom: 'Chantiers', velos: 7 }], delete: ['commerce'] });
      assert.equal(update.statusCode, 200, update.body);
      assert.deepEqual(update.json(), { dataset_id: 'velos', seq: 1, upserts: 2, deletes: 1, created: false });
      const now = await records();
      assert.equal(now.total_count, 2);
      const object = (await app.inject('/api/explore/v2.1/catalog/datasets/velos')).json();
      assert.equal(object.metas.default.records_count, 2, 'the dataset object counts the pushes too');
      assert.deepEqual(now.results.map((r: { station: string; velos: number; nom: string | null }) => [r.station, r.velos, r.nom]), [['gare', 0, null], ['chantiers', 7, 'Chantiers']]);
      const again = await push([{ station: 'gare', nom: 'Gare SNCF', velos: 4 }]);
      assert.equal(again.json().seq, 2);
      assert.deepEqual((await records()).results[0], { station: 'gare', nom: 'Gare SNCF', velos: 4, maj: null });
    });

    test('bad pushes are refused, naming the field, and change nothing', async () => {
      const before = await records();
      assert.equal((await push([{ station: 'x', couleur: 'bleu' }])).json().code, 'INVALID_FIELD');
      const mismatch = await push([{ station: 'x', velos: 'beaucoup' }]);
      assert.equal(mismatch.json().code, 'INGEST_TYPE_MISMATCH');
      assert.deepEqual(mismatch.json().location, { field: 'velos', record: 1 });
      assert.equal((await push([{ nom: 'sans clé' }])).json().code, 'PUSH_KEY_MISSING');
      assert.equal((await push({ upsert: 'nope' })).statusCode, 400);
      assert.equal((await push([{ station: 'x' }], '?key=nom')).json().code, 'INVALID_PARAMETER');
      assert.deepEqual(await records(), before);
      assert.equal((await app.inject({ method: 'POST', url: '/api/management/v1/datasets/velos/records', payload: [] })).statusCode, 401, 'pushing needs a key');
    });

    test('one record is deleted by its key in the URL', async () => {
      const response = await app.inject({ method: 'DELETE', url: '/api/management/v1/datasets/velos/records/chantiers', headers });
      assert.equal(response.statusCode, 200);
      assert.deepEqual((await records()).results.map((r: { station: string }) => r.station), ['gare']);
    });

    test('a compaction folds the pushes into a version, which does not count among the versions kept', async () => {
      const beforeCompaction = await records();
      const compacted = await app.inject({ method: 'POST', url: '/api/management/v1/datasets/velos/compact', headers });
      assert.equal(compacted.statusCode, 200, compacted.body);
      assert.equal(compacted.json().folded_up_to, 3);
      assert.deepEqual(await records(), beforeCompaction, 'the records are the same');
      const dataset = (await app.inject({ method: 'GET', url: '/api/management/v1/datasets/velos', headers })).json();
      assert.deepEqual(await listDeltas(t.platform.db, dataset.dataset_uid), []);
      const versions = await listVersions(t.platform.db, dataset.dataset_uid);
      assert.deepEqual(versions.map((v) => [v.number, v.source.kind]), [[2, 'compaction'], [1, 'upload']], 'version 1 stays: compactions are not counted');
      const nothing = (await app.inject({ method: 'POST', url: '/api/management/v1/datasets/velos/compact', headers })).json();
      assert.equal(nothing.version, null);
      await push([{ station: 'gare', velos: 9 }]);
      await app.inject({ method: 'POST', url: '/api/management/v1/datasets/velos/compact', headers });
      assert.deepEqual((await listVersions(t.platform.db, dataset.dataset_uid)).map((v) => v.number), [3, 1], 'a superseded compaction goes');
      assert.equal((await records()).results[0].velos, 9);
    });
  });
}
