// OpenDataSoft's push URL (ods-documentation, "Keeping data up to date") over our realtime
// datasets: the operator creates a dataset's push key; `…/push/` adds or replaces records,
// `…/delete/` deletes those posted, `…/{record_id}/delete/` the one of that id, as the Explore API
// then shows; a wrong, replaced or missing key changes nothing, nor do bad bodies. On SQLite and
// on PostgreSQL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const MANAGEMENT = '/api/management/v1/datasets';
const EXPLORE = '/api/explore/v2.1/catalog/datasets';
const JSON_TYPE = { 'content-type': 'application/json' };

interface Parking {
  id: string;
  places: number;
  ouvert: boolean;
}

for (const { backend, skip } of BACKENDS) {
  describe(`OpenDataSoft push URL (${backend})`, { skip }, () => {
    let setup: TestApp;
    let app: FastifyInstance;
    let pushkey = '';

    before(async () => {
      setup = await testApp({ backend });
      app = setup.app;
      const managed = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: string | object, headers: Record<string, string> = {}) => app.inject({ method, url: `${MANAGEMENT}/${url}`, headers: { ...setup.headers, ...headers }, payload });
      const created = await managed('POST', 'parkings/records?key=id', [{ id: 'p1', places: 12, ouvert: true }, { id: 'p2', places: 0, ouvert: false }]);
      assert.equal(created.statusCode, 201, created.body);
      assert.equal((await managed('POST', 'suivi/records?key=id', [{ id: 's1', places: 1, ouvert: true }])).statusCode, 201);
      assert.equal((await managed('PATCH', 'suivi', { visibility: 'private' })).statusCode, 200);
      // Published from a file: no key field until a management push names one.
      const budget = await managed('PUT', 'budget/data?filename=budget.csv', 'poste;montant\nvoirie;1200\n', { 'content-type': 'text/csv' });
      assert.equal(budget.statusCode, 201, budget.body);
    });
    after(async () => setup?.dispose());

    const createKey = (datasetId: string, headers = setup.headers) => app.inject({ method: 'POST', url: `${MANAGEMENT}/${datasetId}/push-key`, headers });
    const post = (url: string, payload: string, headers: Record<string, string> = JSON_TYPE) => app.inject({ method: 'POST', url, headers, payload });
    const pushUrl = (key: string, datasetId = 'parkings', action = 'push') => `/api/push/1.0/${datasetId}/realtime/${action}/?pushkey=${encodeURIComponent(key)}`;
    const parkings = async (): Promise<Parking[]> => {
      const answer = await app.inject(`${EXPLORE}/parkings/records?select=id,places,ouvert&order_by=id&limit=100`);
      assert.equal(answer.statusCode, 200, answer.body);
      return answer.json().results;
    };
    const assertError = (response: LightMyRequestResponse, status: number, code: string) => {
      assert.equal(response.statusCode, status, response.body);
      const body = response.json();
      assert.equal(body.code, code);
      assert.ok(body.message && body.message_fr && body.message !== body.message_fr, 'in English and in French');
      return body;
    };

    test('the operator creates a push key, kept hashed, and its URLs push one record and an array', async () => {
      assertError(await createKey('parkings', {}), 401, 'API_KEY_REQUIRED');
      assertError(await createKey('nowhere'), 404, 'DATASET_NOT_FOUND');
      const created = await createKey('parkings');
      assert.equal(created.statusCode, 201, created.body);
      const answer = created.json();
      pushkey = answer.pushkey;
      assert.match(pushkey, /^pk_[0-9a-z]{32}$/);
      assert.deepEqual(answer, {
        dataset_id: 'parkings',
        pushkey,
        push_url: `/api/push/1.0/parkings/realtime/push/?pushkey=${pushkey}`,
        delete_url: `/api/push/1.0/parkings/realtime/delete/?pushkey=${pushkey}`,
      });
      const stored = await setup.t.platform.db.selectFrom('dataset_push_keys').select('hash').execute();
      assert.deepEqual(stored.map((r) => r.hash), [createHash('sha256').update(pushkey).digest('hex')], 'only the hash is kept');

      const one = await post(answer.push_url, JSON.stringify({ id: 'p3', places: 5, ouvert: true }));
      assert.equal(one.statusCode, 200, one.body);
      assert.deepEqual(one.json(), { status: 'OK' });
      // As `curl -d` sends it (a form's Content-Type), to any resource id, without the trailing slash.
      const array = await post(`/api/push/1.0/parkings/my-resource/push?pushkey=${pushkey}`, JSON.stringify([{ id: 'p1', places: 7, ouvert: true }, { id: 'p4', places: 30, ouvert: false }]), { 'content-type': 'application/x-www-form-urlencoded' });
      assert.equal(array.statusCode, 200, array.body);
      assert.deepEqual(await parkings(), [
        { id: 'p1', places: 7, ouvert: true },
        { id: 'p2', places: 0, ouvert: false },
        { id: 'p3', places: 5, ouvert: true },
        { id: 'p4', places: 30, ouvert: false },
      ]);
    });

    test('the delete URL deletes the records posted, by their key; the GET one a record by its id', async () => {
      const deleted = await post(pushUrl(pushkey, 'parkings', 'delete'), JSON.stringify([{ id: 'p3', places: 5, ouvert: true }]));
      assert.equal(deleted.statusCode, 200, deleted.body);
      assert.deepEqual(deleted.json(), { status: 'OK' });
      assert.deepEqual((await parkings()).map((p) => p.id), ['p1', 'p2', 'p4']);

      const found = (await app.inject(`${EXPLORE}/parkings/records?select=_id&where=id="p4"`)).json();
      const recordId: string = found.results[0]._id;
      assert.match(recordId, /^[0-9a-f]{40}$/);
      const byId = await app.inject(`/api/push/1.0/parkings/realtime/${recordId}/delete/?pushkey=${pushkey}`);
      assert.equal(byId.statusCode, 200, byId.body);
      assert.deepEqual(byId.json(), { status: 'OK' });
      assert.deepEqual(await parkings(), [{ id: 'p1', places: 7, ouvert: true }, { id: 'p2', places: 0, ouvert: false }]);
      assert.equal((await app.inject(`${EXPLORE}/parkings/records/${recordId}`)).statusCode, 404);

      assertError(await app.inject(`/api/push/1.0/parkings/realtime/${'0'.repeat(40)}/delete/?pushkey=${pushkey}`), 404, 'RECORD_NOT_FOUND');
      assertError(await post(pushUrl(pushkey, 'parkings', 'delete'), JSON.stringify({ places: 7 })), 400, 'PUSH_KEY_MISSING');
      assert.deepEqual((await parkings()).map((p) => p.id), ['p1', 'p2'], 'nothing else changed');
    });

    test('a missing or wrong key is refused and changes nothing; the key opens no reading', async () => {
      const before = await parkings();
      const record = JSON.stringify({ id: 'p9', places: 1, ouvert: true });
      const missing = assertError(await post('/api/push/1.0/parkings/realtime/push/', record), 401, 'PUSHKEY_REQUIRED');
      assert.deepEqual(missing.location, { parameter: 'pushkey' });
      // An operator key is not a push key.
      assertError(await post('/api/push/1.0/parkings/realtime/push/', record, { ...JSON_TYPE, ...setup.headers }), 401, 'PUSHKEY_REQUIRED');
      // The real key with its last character changed (to one it is not: keys are random).
      assertError(await post(pushUrl(`${pushkey.slice(0, -1)}${pushkey.endsWith('x') ? 'y' : 'x'}`), record), 403, 'PUSHKEY_INVALID');
      assertError(await post(pushUrl('pk_wrong', 'parkings', 'delete'), JSON.stringify({ id: 'p1' })), 403, 'PUSHKEY_INVALID');
      // Another dataset's key does not open this one.
      const suiviKey = (await createKey('suivi')).json().pushkey as string;
      assertError(await post(pushUrl(suiviKey), record), 403, 'PUSHKEY_INVALID');
      assertError(await app.inject(`/api/push/1.0/parkings/realtime/${'0'.repeat(40)}/delete/?pushkey=${suiviKey}`), 403, 'PUSHKEY_INVALID');
      assertError(await post(pushUrl(pushkey, 'nowhere'), record), 404, 'DATASET_NOT_FOUND');
      assert.deepEqual(await parkings(), before, 'nothing changed');

      // A private dataset: without its key, answered as a missing one; with it, pushed to.
      assertError(await post(pushUrl(pushkey, 'suivi'), record), 404, 'DATASET_NOT_FOUND');
      assertError(await post('/api/push/1.0/suivi/realtime/push/', record), 404, 'DATASET_NOT_FOUND');
      assert.equal((await post(pushUrl(suiviKey, 'suivi'), JSON.stringify({ id: 's2', places: 3, ouvert: false }))).statusCode, 200);
      assert.equal((await app.inject(`${EXPLORE}/suivi/records?pushkey=${suiviKey}`)).statusCode, 404, 'the push key reads nothing');
      assertError(await app.inject(`${EXPLORE}/suivi/records?apikey=${suiviKey}`), 401, 'API_KEY_INVALID');
      const suivi = (await app.inject({ url: `${EXPLORE}/suivi/records?order_by=id`, headers: setup.headers })).json();
      assert.deepEqual(suivi.results.map((r: Parking) => r.id), ['s1', 's2']);
    });

    test('a new key replaces the old one; removing it disables the push URL', async () => {
      const rotated = (await createKey('parkings')).json().pushkey as string;
      assert.notEqual(rotated, pushkey);
      const record = JSON.stringify({ id: 'p5', places: 2, ouvert: true });
      assertError(await post(pushUrl(pushkey), record), 403, 'PUSHKEY_INVALID');
      assert.deepEqual((await parkings()).map((p) => p.id), ['p1', 'p2']);
      assert.equal((await post(pushUrl(rotated), record)).statusCode, 200);
      assert.deepEqual((await parkings()).map((p) => p.id), ['p1', 'p2', 'p5']);
      pushkey = rotated;

      assert.equal((await app.inject({ method: 'DELETE', url: `${MANAGEMENT}/parkings/push-key`, headers: {} })).statusCode, 401);
      assert.equal((await app.inject({ method: 'DELETE', url: `${MANAGEMENT}/parkings/push-key`, headers: setup.headers })).statusCode, 204);
      assertError(await post(pushUrl(rotated), JSON.stringify({ id: 'p6', places: 2, ouvert: true })), 403, 'PUSHKEY_INVALID');
      assert.deepEqual((await parkings()).map((p) => p.id), ['p1', 'p2', 'p5']);
      pushkey = (await createKey('parkings')).json().pushkey;
    });

    test('bodies: 5 MiB at most, JSON, a record or an array of records', async () => {
      const before = await parkings();
      const large = JSON.stringify([{ id: 'big', places: 1, ouvert: true, note: 'x'.repeat(5 * 1024 * 1024) }]);
      const tooLarge = assertError(await post(pushUrl(pushkey), large), 413, 'PAYLOAD_TOO_LARGE');
      assert.match(tooLarge.message, /5242880 bytes/);
      assertError(await post(pushUrl(pushkey), '{"id": "p7", "places": '), 400, 'MALFORMED_BODY');
      assertError(await post(pushUrl(pushkey), ''), 400, 'MALFORMED_BODY');
      for (const body of ['"p7"', '42', '[{"id": "p7"}, 3]', '[["p7"]]']) {
        const refused = assertError(await post(pushUrl(pushkey), body), 400, 'INVALID_FIELD');
        assert.deepEqual(refused.location, { field: 'body' }, body);
      }
      assertError(await post(pushUrl(pushkey), JSON.stringify({ id: 'p7', couleur: 'bleu' })), 400, 'INVALID_FIELD');
      assert.deepEqual(await parkings(), before, 'nothing changed');
      // An empty array pushes nothing, and is no error.
      assert.deepEqual((await post(pushUrl(pushkey), '[]')).json(), { status: 'OK' });
      assert.deepEqual(await parkings(), before);
    });

    test('a dataset without a key field is told to set it with a management push', async () => {
      const key = (await createKey('budget')).json().pushkey as string;
      const refused = assertError(await post(pushUrl(key, 'budget'), JSON.stringify({ poste: 'ecoles', montant: 3400 })), 400, 'PUSH_KEY_FIELD_UNSET');
      assert.match(refused.message, /records\?key=FIELD/);
      const records = (await app.inject(`${EXPLORE}/budget/records`)).json();
      assert.deepEqual(records.results, [{ poste: 'voirie', montant: 1200 }]);
      // The key goes with its dataset.
      const keys = () => setup.t.platform.db.selectFrom('dataset_push_keys').select('dataset_uid').execute();
      const before = (await keys()).length;
      assert.equal((await app.inject({ method: 'DELETE', url: `${MANAGEMENT}/budget`, headers: setup.headers })).statusCode, 204);
      assert.equal((await keys()).length, before - 1);
    });
  });
}
