// HTTP caching of Explore answers: an ETag that changes with the data and the query, a 304 for a
// client that has the answer, and headers that keep shared caches away from answers that depend
// on who asks.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { COMMUNES_TEST_FILE, COMMUNES_TEST_STEPS, publishCommunesTest } from '../helpers/communes-test.js';
import { publishFile } from '../../src/ingest/index.js';

const RECORDS = '/api/explore/v2.1/catalog/datasets/communes-test/records';

describe('Explore HTTP caching', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp();
    await publishCommunesTest(setup.t.platform);
  });
  after(async () => setup?.dispose());

  const get = (url: string, headers: Record<string, string> = {}) => setup.app.inject({ method: 'GET', url, headers });

  test('an answer carries an ETag; sent back, it gets a 304 without a body', async () => {
    for (const url of [`${RECORDS}?limit=5`, `${RECORDS.replace('/records', '/facets')}`, RECORDS.replace('/records', '')]) {
      const first = await get(url);
      assert.equal(first.statusCode, 200, url);
      const etag = first.headers.etag;
      assert.ok(typeof etag === 'string' && etag.startsWith('W/"'), url);
      const again = await get(url, { 'if-none-match': String(etag) });
      assert.equal(again.statusCode, 304, url);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, etag);
      assert.equal(again.headers['access-control-allow-origin'], '*', 'a 304 keeps the CORS headers');
    }
  });

  test('another query, another ETag; another ETag sent, the whole answer', async () => {
    const a = await get(`${RECORDS}?limit=5`);
    const b = await get(`${RECORDS}?limit=6`);
    assert.notEqual(a.headers.etag, b.headers.etag);
    const stale = await get(`${RECORDS}?limit=5`, { 'if-none-match': String(b.headers.etag) });
    assert.equal(stale.statusCode, 200);
    assert.equal(stale.json().results.length, 5);
  });

  test('a new version of the data changes the ETag', async () => {
    const before = await get(`${RECORDS}?limit=5`);
    const { platform } = setup.t;
    await publishFile(platform, { file: COMMUNES_TEST_FILE, datasetId: 'communes-test', title: 'Communes de test', steps: COMMUNES_TEST_STEPS }, platform.publishOptions);
    const after = await get(`${RECORDS}?limit=5`, { 'if-none-match': String(before.headers.etag) });
    assert.equal(after.statusCode, 200, 'the old ETag no longer matches');
    assert.notEqual(after.headers.etag, before.headers.etag);
  });

  test('an error has no ETag, and its request sent again is answered again', async () => {
    const bad = await get(`${RECORDS}?where=${encodeURIComponent('foo > 1')}`);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.headers.etag, undefined);
  });

  test('anonymous answers are revalidated; a keyed caller’s are private; both vary on Authorization and Cookie', async () => {
    const anonymous = await get(`${RECORDS}?limit=1`);
    assert.equal(anonymous.headers['cache-control'], 'no-cache');
    assert.equal(anonymous.headers.vary, 'Authorization, Cookie');
    const keyed = await get(`${RECORDS}?limit=1`, setup.headers);
    assert.equal(keyed.headers['cache-control'], 'private, no-cache');
    assert.notEqual(keyed.headers.etag, anonymous.headers.etag, 'one caller’s ETag is not another’s');
  });
});
