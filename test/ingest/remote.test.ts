// Datasets read from a URL, against a real HTTP server on 127.0.0.1: conditional GET, refusals of
// private addresses unless allowed, errors and time-outs, and the scheduler's refreshes.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { datasetScope, PLATFORM } from '../../src/auth/index.js';
import { createOrganisation, getDataset, listVersions } from '../../src/catalog/index.js';
import { isForbiddenAddress, publishFromUrl, refreshDataset, type FetchPolicy } from '../../src/ingest/index.js';
import { startScheduler } from '../../src/jobs/index.js';
import { testPlatform, type TestPlatform } from '../helpers/platform.js';

let body = 'code_insee,nom\n44109,Nantes\n';
let failuresLeft = 0;
let etag = '"v1"';
const hits: { url: string; ifNoneMatch: string | undefined }[] = [];
const server = http.createServer((request, response) => {
  hits.push({ url: request.url ?? '', ifNoneMatch: request.headers['if-none-match'] });
  if (request.url === '/error') return void response.writeHead(500).end('boom');
  if (request.url === '/flaky.csv' && failuresLeft > 0) {
    failuresLeft -= 1;
    return void response.writeHead(503).end('busy');
  }
  if (request.url === '/slow') return; // never answers
  if (request.url === '/plain.csv') return void response.writeHead(200, { 'content-type': 'text/csv' }).end('a,b\n1,2\n');
  if (request.url === '/redirect-inside') return void response.writeHead(302, { location: `http://127.0.0.1:${port()}/communes.csv` }).end();
  if (request.headers['if-none-match'] === etag) return void response.writeHead(304).end();
  response.writeHead(200, { 'content-type': 'text/csv', etag }).end(body);
});
const port = () => (server.address() as AddressInfo).port;

describe('datasets read from a URL', () => {
  let t: TestPlatform;
  let allowed: FetchPolicy;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t = await testPlatform();
    allowed = { allowedHosts: ['127.0.0.1', 'localhost'], timeoutMs: 500, maxBytes: 1_000_000 };
    await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await t?.dispose();
  });

  const url = (path: string) => `http://127.0.0.1:${port()}${path}`;

  test('loopback and private addresses are refused unless an administrator allows the host', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0']) {
      assert.ok(isForbiddenAddress(address), address);
    }
    for (const address of ['8.8.8.8', '193.51.24.1', '2001:db8::1']) assert.ok(!isForbiddenAddress(address), address);
    await assert.rejects(publishFromUrl(t.platform, { datasetId: 'x', url: url('/communes.csv') }, t.platform.publishOptions, { ...allowed, allowedHosts: [] }), (error: Error & { code?: string; messageFr?: string }) => {
      assert.equal(error.code, 'URL_FORBIDDEN');
      assert.match(error.messageFr ?? '', /TERRITOIRES_FETCH_ALLOW_HOSTS/);
      return true;
    });
    // A name that resolves to loopback, and a redirect from an allowed host to another, are refused too.
    await assert.rejects(publishFromUrl(t.platform, { datasetId: 'x', url: `http://localhost:${port()}/communes.csv` }, t.platform.publishOptions, { ...allowed, allowedHosts: [] }), { code: 'URL_FORBIDDEN' });
    await assert.rejects(publishFromUrl(t.platform, { datasetId: 'x', url: `http://localhost:${port()}/redirect-inside` }, t.platform.publishOptions, { ...allowed, allowedHosts: ['localhost'] }), { code: 'URL_FORBIDDEN' });
    await assert.rejects(publishFromUrl(t.platform, { datasetId: 'x', url: 'ftp://example.org/a.csv' }, t.platform.publishOptions, allowed), { code: 'URL_INVALID' });
  });

  test('an answer 500 and a server that never answers are reported, and nothing is published', async () => {
    await assert.rejects(publishFromUrl(t.platform, { datasetId: 'broken', url: url('/error') }, t.platform.publishOptions, allowed), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'URL_FETCH_FAILED');
      assert.match(error.message, /500/);
      return true;
    });
    await assert.rejects(publishFromUrl(t.platform, { datasetId: 'slow', url: url('/slow') }, t.platform.publishOptions, allowed), { code: 'URL_TIMEOUT' });
    await assert.rejects(getDataset(t.platform.db, datasetScope(PLATFORM, null), 'broken'), { code: 'DATASET_NOT_FOUND' });
    await assert.rejects(publishFromUrl(t.platform, { datasetId: 'x', url: url('/communes.csv'), schedule: 'every night' }, t.platform.publishOptions, allowed), { code: 'SCHEDULE_INVALID' });
  });

  test('the first read publishes; a refresh of an unchanged file asks with its ETag and publishes nothing', async () => {
    const first = await publishFromUrl(t.platform, { datasetId: 'communes', url: url('/communes.csv'), schedule: '0 3 * * *' }, t.platform.publishOptions, allowed);
    assert.equal(first.status, 'published');
    const again = await refreshDataset(t.platform, 'communes', t.platform.publishOptions, allowed);
    assert.equal(again.status, 'unchanged');
    assert.equal(hits.at(-1)?.ifNoneMatch, '"v1"');
    body = 'code_insee,nom\n44109,Nantes\n85191,La Roche-sur-Yon\n';
    etag = '"v2"';
    const changed = await refreshDataset(t.platform, 'communes', t.platform.publishOptions, allowed);
    assert.equal(changed.status === 'published' && changed.version.rowCount, 2);
    const dataset = await getDataset(t.platform.db, datasetScope(PLATFORM, null), 'communes');
    assert.deepEqual({ ...dataset.source, read: undefined, checksum: undefined }, { kind: 'url', url: url('/communes.csv'), schedule: '0 3 * * *', etag: '"v2"', last_modified: null, read: undefined, checksum: undefined });
    assert.match(String(dataset.source.checksum), /^[0-9a-f]{64}$/);
    assert.equal((await listVersions(t.platform.db, dataset.uid)).length, 2);
  });

  test('the scheduler reads the URL again at the times of its schedule', async () => {
    await publishFromUrl(t.platform, { datasetId: 'live', url: url('/communes.csv'), schedule: '* * * * * *' }, t.platform.publishOptions, allowed);
    const dataset = await getDataset(t.platform.db, datasetScope(PLATFORM, null), 'live');
    body = 'code_insee,nom\n44109,Nantes\n85191,La Roche-sur-Yon\n49007,Angers\n';
    etag = '"v3"';
    const messages: string[] = [];
    const scheduler = startScheduler(t.platform, { publish: t.platform.publishOptions, fetch: allowed, log: (m) => messages.push(m) });
    try {
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline && (await listVersions(t.platform.db, dataset.uid)).length < 2) await new Promise((r) => setTimeout(r, 200));
      const versions = await listVersions(t.platform.db, dataset.uid);
      assert.equal(versions[0]?.rowCount, 3, messages.join('\n'));
    } finally {
      scheduler.stop();
    }
  });

  test('a scheduled refresh that meets a network error is tried again after a wait, and the job counts the attempts', async () => {
    await publishFromUrl(t.platform, { datasetId: 'flaky', url: url('/flaky.csv'), schedule: '* * * * * *' }, t.platform.publishOptions, allowed);
    const dataset = await getDataset(t.platform.db, datasetScope(PLATFORM, null), 'flaky');
    body = 'code_insee,nom\n1,a\n2,b\n3,c\n4,d\n';
    etag = '"v4"';
    failuresLeft = 1;
    const scheduler = startScheduler(t.platform, { publish: t.platform.publishOptions, fetch: allowed, log: () => undefined, retryDelaysMs: [100, 100] });
    try {
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline && (await listVersions(t.platform.db, dataset.uid))[0]?.rowCount !== 4) await new Promise((r) => setTimeout(r, 100));
      assert.equal((await listVersions(t.platform.db, dataset.uid))[0]?.rowCount, 4);
    } finally {
      scheduler.stop();
    }
    const jobs = await t.platform.db.selectFrom('jobs').selectAll().where('kind', '=', 'scheduled-refresh').where('dataset_uid', '=', dataset.uid).execute();
    assert.ok(jobs.some((j) => j.status === 'succeeded' && j.attempts === 2), JSON.stringify(jobs.map((j) => [j.status, j.attempts])));
  });

  test('a server that sends no ETag nor Last-Modified: the same bytes publish nothing', async () => {
    const first = await publishFromUrl(t.platform, { datasetId: 'plain', url: url('/plain.csv') }, t.platform.publishOptions, allowed);
    assert.equal(first.status, 'published');
    assert.equal((await refreshDataset(t.platform, 'plain', t.platform.publishOptions, allowed)).status, 'unchanged');
    const dataset = await getDataset(t.platform.db, datasetScope(PLATFORM, null), 'plain');
    assert.equal((await listVersions(t.platform.db, dataset.uid)).length, 1);
  });
});
