// Jobs: ingests (and, later, refreshes, harvests, validations) with their status, progress and
// error, so that a publisher sees what happened. Run in the process that creates them for now.
import type { AppError } from '../errors.js';
import { isUniqueViolation, type CatalogDb } from './database.js';
import { nowIso, randomId } from './ids.js';
import type { JobRow } from './schema.js';

export async function startJob(db: CatalogDb, kind: string, datasetUid: string | null, payload: Record<string, unknown>): Promise<string> {
  const id = `j${randomId(12)}`;
  const now = nowIso();
  await db
    .insertInto('jobs')
    .values({ id, kind, dataset_uid: datasetUid, status: 'running', progress: 0, payload: JSON.stringify(payload), error: null, attempts: 1, lease_until: null, created_at: now, started_at: now, finished_at: null })
    .execute();
  return id;
}

/**
 * Starts a job under an id that says what it is for (a refresh at a given minute). When another
 * process (another node) has taken that id already, returns false: the work is theirs.
 */
export async function claimJob(db: CatalogDb, id: string, kind: string, datasetUid: string | null, payload: Record<string, unknown>): Promise<boolean> {
  const now = nowIso();
  try {
    await db
      .insertInto('jobs')
      .values({ id, kind, dataset_uid: datasetUid, status: 'running', progress: 0, payload: JSON.stringify(payload), error: null, attempts: 1, lease_until: null, created_at: now, started_at: now, finished_at: null })
      .execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function setJobProgress(db: CatalogDb, id: string, progress: number): Promise<void> {
  await db.updateTable('jobs').set({ progress }).where('id', '=', id).execute();
}

export async function finishJob(db: CatalogDb, id: string, error?: AppError): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: error ? 'failed' : 'succeeded',
      progress: error ? undefined : 1,
      error: error ? JSON.stringify({ code: error.code, params: error.params, location: error.location, message: error.message, message_fr: error.messageFr }) : null,
      finished_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
}

export async function listJobs(db: CatalogDb, datasetUid?: string): Promise<JobRow[]> {
  let query = db.selectFrom('jobs').selectAll().orderBy('created_at', 'desc').limit(100);
  if (datasetUid) query = query.where('dataset_uid', '=', datasetUid);
  return query.execute();
}
