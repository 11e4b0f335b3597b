// Processing steps through the management API: stored, shown, applied by the next publish and the preview.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { testApp, type TestApp } from '../helpers/app.js';

describe('processing steps over HTTP', () => {
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let setup: TestApp;
  before(async () => {
    setup = await testApp();
    ({ app, headers } = setup);
  });
  after(async () => setup?.dispose());

  test('PUT steps, then every upload is processed; the preview of the dataset shows it', async () => {
    const csv = 'Nom;Statut\nA;ouvert\nB;fermé\n';
    const upload = () => app.inject({ method: 'PUT', url: '/api/management/v1/datasets/lieux/data', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
    assert.equal((await upload()).statusCode, 201);
    const set = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/lieux/steps', headers, payload: [{ op: 'filter', field: 'statut', operator: '=', value: 'ouvert' }, { op: 'drop', field: 'statut' }] });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal((await app.inject({ url: '/api/management/v1/datasets/lieux', headers })).json().steps.length, 2);
    const preview = await app.inject({ method: 'POST', url: '/api/management/v1/preview?dataset=lieux', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
    assert.deepEqual(preview.json().fields.map((f: { name: string }) => f.name), ['nom']);
    assert.equal((await upload()).statusCode, 200);
    assert.deepEqual((await app.inject('/api/explore/v2.1/catalog/datasets/lieux/records')).json(), { total_count: 1, results: [{ nom: 'A' }] });
    const bad = await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/lieux/steps', headers, payload: [{ op: 'rename', field: 'nom' }] });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().location, { field: 'steps[0].to' });
  });
});
