// Jobs: what a publish did, phase by phase, through the API and as server-sent events; jobs of a
// process that died are marked interrupted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { failInterruptedJobs, getJob, startJob } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import type { TestPlatform } from '../helpers/platform.js';

describe('jobs', () => {
  let t: TestPlatform;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let setup: TestApp;
  before(async () => {
    setup = await testApp();
    ({ t, app, headers } = setup);
  });
  after(async () => setup?.dispose());

  test('a publish leaves a job with its phase, rows and bytes; its events end the stream', async () => {
    const csv = 'a;b\n1;2\n3;4\n5;6\n';
    assert.equal((await app.inject({ method: 'PUT', url: '/api/management/v1/datasets/suivi/data', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv })).statusCode, 201);
    const list = (await app.inject({ url: '/api/management/v1/jobs?dataset=suivi', headers })).json();
    assert.equal(list.total_count, 1);
    const [job] = list.results;
    assert.deepEqual({ kind: job.kind, status: job.status, phase: job.phase, progress: job.progress, rows_read: job.rows_read, bytes_read: job.bytes_read, error: job.error }, {
      kind: 'publish', status: 'succeeded', phase: 'done', progress: 1, rows_read: 3, bytes_read: Buffer.byteLength(csv), error: null,
    });
    assert.deepEqual((await app.inject({ url: `/api/management/v1/jobs/${job.id}`, headers })).json(), job);
    const events = await app.inject({ url: `/api/management/v1/jobs/${job.id}/events`, headers });
    assert.match(String(events.headers['content-type']), /text\/event-stream/);
    assert.match(events.body, /^event: progress\ndata: \{.*"status":"succeeded".*\}\n\nevent: end\n/s);
    assert.equal((await app.inject({ url: '/api/management/v1/jobs/nope', headers })).json().code, 'JOB_NOT_FOUND');
    assert.equal((await app.inject({ url: '/api/management/v1/jobs' })).statusCode, 401);
  });

  test('a job whose lease ran out (its process died) is marked interrupted', async () => {
    const id = await startJob(t.platform.db, 'publish', null, {});
    await t.platform.db.updateTable('jobs').set({ lease_until: '2000-01-01T00:00:00.000Z' }).where('id', '=', id).execute();
    assert.equal(await failInterruptedJobs(t.platform.db), 1);
    const job = await getJob(t.platform.db, id);
    assert.equal(job?.status, 'failed');
    assert.match(job?.error ?? '', /JOB_INTERRUPTED/);
  });
});
