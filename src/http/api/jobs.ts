// Jobs through the management API: the list (of a dataset), one job, and one job's progress as a
// stream of server-sent events until it ends, for an interface that shows a progress bar.
import type { FastifyInstance } from 'fastify';
import { datasetToEdit, mayFollowJob, requireSignedIn, type Caller } from '../../auth/index.js';
import { getJob, listJobs, type JobRow } from '../../catalog/index.js';
import { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';

const BASE = '/api/management/v1';
const POLL_MS = 250;

export function jobObject(job: JobRow): Record<string, unknown> {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    phase: job.phase,
    progress: job.progress,
    rows_read: job.rows_read === null ? null : Number(job.rows_read),
    bytes_read: job.bytes_read === null ? null : Number(job.bytes_read),
    attempts: job.attempts,
    error: job.error ? (JSON.parse(job.error) as unknown) : null,
    created_at: job.created_at,
    finished_at: job.finished_at,
  };
}

export async function jobRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  app.addHook('preHandler', async (request) => requireSignedIn(request.caller));

  // A job the caller may not follow is not found, as a dataset it may not see.
  const jobToFollow = async (caller: Caller, id: string): Promise<JobRow> => {
    const job = await getJob(platform.db, id);
    if (!job || !(await mayFollowJob(platform.db, caller, job.dataset_uid))) throw new AppError('JOB_NOT_FOUND', { id });
    return job;
  };

  app.get<{ Querystring: { dataset?: string } }>(`${BASE}/jobs`, async (request) => {
    const dataset = request.query.dataset ? await datasetToEdit(platform.db, request.caller, request.query.dataset, 'dataset.jobs') : undefined;
    const jobs = [];
    for (const job of await listJobs(platform.db, dataset?.uid)) if (dataset || (await mayFollowJob(platform.db, request.caller, job.dataset_uid))) jobs.push(job);
    return { total_count: jobs.length, results: jobs.map(jobObject) };
  });

  app.get<{ Params: { id: string } }>(`${BASE}/jobs/:id`, async (request) => {
    return jobObject(await jobToFollow(request.caller, request.params.id));
  });

  app.get<{ Params: { id: string } }>(`${BASE}/jobs/:id/events`, async (request, reply) => {
    let job: JobRow | undefined = await jobToFollow(request.caller, request.params.id);
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let last = '';
    let closed = false;
    request.raw.on('close', () => (closed = true));
    while (job && !closed) {
      const data = JSON.stringify(jobObject(job));
      if (data !== last) reply.raw.write(`event: progress\ndata: ${data}\n\n`);
      last = data;
      if (job.status !== 'running' && job.status !== 'queued') {
        reply.raw.write(`event: end\ndata: ${data}\n\n`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      job = await getJob(platform.db, request.params.id);
    }
    reply.raw.end();
  });
}
