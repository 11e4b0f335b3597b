// Jobs: ingests, refreshes, pushes and compactions, with their status, phase, progress and error,
// so that a publisher sees what happens and what happened. A running job holds a lease that its
// progress extends; one whose lease ran out belonged to a process that died, and is marked failed.
import { AppError } from '../errors.js';
import { isUniqueViolation, type CatalogDb } from './database.js';
import { nowIso, randomId } from './ids.js';
import type { JobRow } from './schema.js';

/** How long a running job may go without news before it counts as interrupted. */
const LEASE_MS = 10 * 60 * 1000;
const leaseUntil = () => new Date(Date.now() + LEASE_MS).toISOString();

function newJob(id: string, kind: string, datasetUid: string | null, payload: Record<string, unknown>): JobRow {
  const now = nowIso();
  return { id, kind, dataset_uid: datasetUid, status: 'running', progress: 0, payload: JSON.stringify(payload), error: null, attempts: 1, lease_until: leaseUntil(), created_at: now, started_at: now, finished_at: null, phase: 'starting', rows_read: null, bytes_read: null };
}

export async function startJob(db: CatalogDb, kind: string, datasetUid: string | null, payload: Record<string, unknown>): Promise<string> {
  const id = `j${randomId(12)}`;
  await db.insertInto('jobs').values(newJob(id, kind, datasetUid, payload)).execute();
  return id;
}

/**
 * Starts a job under an id that says what it is for (a refresh at a given second). When another
 * process (another node) has taken that id already, returns false: the work is theirs.
 */
export async function claimJob(db: CatalogDb, id: string, kind: string, datasetUid: string | null, payload: Record<string, unknown>): Promise<boolean> {
  try {
    await db.insertInto('jobs').values(newJob(id, kind, datasetUid, payload)).execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export interface JobProgress {
  phase: string;
  /** 0 to 1, when it can be told. */
  progress?: number;
  rows?: number;
  bytes?: number;
}

export async function reportJobProgress(db: CatalogDb, id: string, report: JobProgress): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ phase: report.phase, progress: report.progress, rows_read: report.rows, bytes_read: report.bytes, lease_until: leaseUntil() })
    .where('id', '=', id)
    .execute();
}

export async function retryingJob(db: CatalogDb, id: string, attempt: number, error: AppError): Promise<void> {
  await db.updateTable('jobs').set({ attempts: attempt, phase: 'waiting to retry', error: errorJson(error), lease_until: leaseUntil() }).where('id', '=', id).execute();
}

export async function finishJob(db: CatalogDb, id: string, error?: AppError): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: error ? 'failed' : 'succeeded', phase: error ? 'failed' : 'done', progress: error ? undefined : 1, error: error ? errorJson(error) : null, finished_at: nowIso(), lease_until: null })
    .where('id', '=', id)
    .execute();
}

function errorJson(error: AppError): string {
  return JSON.stringify({ code: error.code, params: error.params, location: error.location, message: error.message, message_fr: error.messageFr });
}

/** Marks as failed the running jobs whose lease ran out (their process died); returns how many. */
export async function failInterruptedJobs(db: CatalogDb): Promise<number> {
  const stale = await db.selectFrom('jobs').select('id').where('status', '=', 'running').where('lease_until', '<', nowIso()).execute();
  for (const { id } of stale) await finishJob(db, id, new AppError('JOB_INTERRUPTED'));
  return stale.length;
}

export async function getJob(db: CatalogDb, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listJobs(db: CatalogDb, datasetUid?: string): Promise<JobRow[]> {
  let query = db.selectFrom('jobs').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(100);
  if (datasetUid) query = query.where('dataset_uid', '=', datasetUid);
  return query.execute();
}
