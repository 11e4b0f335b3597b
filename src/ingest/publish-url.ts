// Datasets read from a URL: the first read publishes like an upload and stores the URL, its
// schedule and the server's validators (ETag, Last-Modified) with the dataset; every refresh asks
// the server whether the file changed, so that an unchanged file publishes nothing.
import fsp from 'node:fs/promises';
import { Cron } from 'croner';
import { datasetScope, PLATFORM } from '../auth/index.js';
import { findDataset, finishJob, setDatasetSource, startJob } from '../catalog/index.js';
import { sha256File, type DataPlaneContext, type PublishOptions } from '../data/index.js';
import { AppError } from '../errors.js';
import type { ReadOptions } from './prepare.js';
import { publishFile, type PublishFileRequest, type PublishFileResult } from './publish-file.js';
import { checkUrl, fetchToFile, type FetchPolicy } from './remote.js';

export interface UrlSource {
  kind: 'url';
  url: string;
  /** A cron expression, in Paris time; null: read only when asked. */
  schedule: string | null;
  etag: string | null;
  /** sha256 of the file last read: a server that sends no validators still sends the same bytes. */
  checksum?: string | null;
  last_modified: string | null;
  read: ReadOptions;
}

export type PublishUrlRequest = Omit<PublishFileRequest, 'file' | 'fileName'> & { url: string; schedule?: string | null };

export type PublishUrlResult = ({ status: 'published' } & PublishFileResult) | { status: 'unchanged' };

export function checkSchedule(schedule: string): void {
  try {
    new Cron(schedule, { paused: true, timezone: 'Europe/Paris' }).stop();
  } catch {
    throw new AppError('SCHEDULE_INVALID', { schedule }, { field: 'schedule' });
  }
}

export async function publishFromUrl(ctx: DataPlaneContext, request: PublishUrlRequest, options: PublishOptions, policy: FetchPolicy): Promise<PublishUrlResult> {
  const url = checkUrl(request.url).toString();
  if (request.schedule) checkSchedule(request.schedule);
  const existing = await findDataset(ctx.db, datasetScope(PLATFORM, null), request.datasetId);
  const previous = existing?.source.kind === 'url' ? (existing.source as unknown as UrlSource) : undefined;
  // Validators only hold for the same URL read the same way.
  // New steps, too, need the file read again.
  const sameRead = previous && previous.url === url && JSON.stringify(previous.read) === JSON.stringify(request.read ?? {}) && request.steps === undefined;
  const validators = sameRead ? { etag: previous.etag, lastModified: previous.last_modified } : {};
  const temporary = ctx.blobs.temporaryFile('.download');
  try {
    const outcome = await fetchToFile(url, temporary, policy, validators);
    const schedule = request.schedule === undefined ? (previous?.schedule ?? null) : request.schedule;
    const checksum = outcome.status === 'fetched' ? await sha256File(temporary) : null;
    if (outcome.status === 'unchanged' || (sameRead && checksum !== null && checksum === previous?.checksum)) {
      if (existing) {
        const jobId = await startJob(ctx.db, 'refresh', existing.uid, { url, unchanged: true });
        await finishJob(ctx.db, jobId);
        // The validators of this answer hold for the next request.
        const validatorsNow = outcome.status === 'fetched' ? { etag: outcome.etag, last_modified: outcome.lastModified } : {};
        if (previous) await setDatasetSource(ctx.db, existing.uid, { ...previous, ...validatorsNow, schedule });
      }
      return { status: 'unchanged' };
    }
    const result = await publishFile(ctx, { ...request, file: temporary, fileName: outcome.fileName }, options);
    const source: UrlSource = { kind: 'url', url, schedule, etag: outcome.etag, last_modified: outcome.lastModified, checksum, read: request.read ?? {} };
    await setDatasetSource(ctx.db, result.dataset.uid, source as unknown as Record<string, unknown>);
    return { status: 'published', ...result };
  } finally {
    await fsp.rm(temporary, { force: true });
  }
}

/** Reads a URL dataset's source again, the way it was read before. */
export async function refreshDataset(ctx: DataPlaneContext, datasetId: string, options: PublishOptions, policy: FetchPolicy): Promise<PublishUrlResult> {
  const dataset = await findDataset(ctx.db, datasetScope(PLATFORM, null), datasetId);
  if (!dataset) throw new AppError('DATASET_NOT_FOUND', { dataset_id: datasetId });
  if (dataset.source.kind !== 'url') throw new AppError('NOT_A_URL_DATASET', { dataset_id: datasetId });
  const source = dataset.source as unknown as UrlSource;
  return publishFromUrl(ctx, { datasetId, url: source.url, read: source.read }, options, policy);
}
