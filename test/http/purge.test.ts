// Purging a version: the records published by mistake leave the live data, the exports and the
// disk; the previous version takes over; the purge is audited; an editor of another organisation
// cannot purge.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { listAudit, listVersions } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';

describe('purging a version', () => {
  let setup: TestApp;
  const publish = (csv: string) =>
    setup.app.inject({ method: 'PUT', url: '/api/management/v1/datasets/agents/data', headers: { ...setup.headers, 'content-type': 'text/csv' }, payload: csv });
  before(async () => {
    setup = await testApp();
    assert.equal((await publish('service;agents\nVoirie;12\n')).statusCode, 201);
    // Version 2 holds, by mistake, a column of names.
    assert.equal((await publish('service;agents;nom\nVoirie;12;Jeanne Martin\n')).statusCode, 200);
  });
  after(async () => setup?.dispose());

  const versionsOnDisk = async () => {
    const uid = (await setup.app.inject({ url: '/api/management/v1/datasets/agents', headers: setup.headers })).json().dataset_uid as string;
    return (await listVersions(setup.t.platform.db, uid)).map((v) => ({ number: v.number, onDisk: fs.existsSync(setup.t.platform.blobs.absolute(v.file)), file: v.file }));
  };

  test('the live version purged: the previous one is live, the names are nowhere', async () => {
    const before = await versionsOnDisk();
    const purgedFile = before.find((v) => v.number === 2)?.file ?? '';
    const response = await setup.app.inject({ method: 'DELETE', url: '/api/management/v1/datasets/agents/versions/2', headers: setup.headers });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().live.number, 1);
    const records = await setup.app.inject('/api/explore/v2.1/catalog/datasets/agents/records');
    assert.deepEqual(records.json().results, [{ service: 'Voirie', agents: 12 }]);
    const csv = await setup.app.inject('/api/explore/v2.1/catalog/datasets/agents/exports/csv');
    assert.doesNotMatch(csv.body, /Jeanne/);
    assert.deepEqual((await versionsOnDisk()).map((v) => v.number), [1]);
    assert.equal(fs.existsSync(setup.t.platform.blobs.absolute(purgedFile)), false);
    const entry = (await listAudit(setup.t.platform.db, { limit: 10 })).find((e) => e.action === 'dataset.purge');
    assert.equal(JSON.parse(entry?.details ?? '{}').version, 2);
  });

  test('an unknown version: 404 naming the versions kept', async () => {
    const response = await setup.app.inject({ method: 'DELETE', url: '/api/management/v1/datasets/agents/versions/7', headers: setup.headers });
    assert.equal(response.statusCode, 404);
    assert.match(response.json().message, /1/);
  });

  test('the last version purged: the dataset stays, without records', async () => {
    const response = await setup.app.inject({ method: 'DELETE', url: '/api/management/v1/datasets/agents/versions/1', headers: setup.headers });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().live, null);
    assert.deepEqual(await versionsOnDisk(), []);
    const records = await setup.app.inject('/api/explore/v2.1/catalog/datasets/agents/records');
    assert.ok(records.statusCode < 500, records.body);
    if (records.statusCode === 200) assert.equal(records.json().total_count, 0);
    // A new publish brings it back.
    assert.equal((await publish('service;agents\nVoirie;13\n')).statusCode, 200);
    assert.equal((await setup.app.inject('/api/explore/v2.1/catalog/datasets/agents/records')).json().results[0].agents, 13);
  });
});
