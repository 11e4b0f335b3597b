// Catalog rows as the back-office pages show them.
import { listJobs, type CatalogDb, type JobRow } from '../../../catalog/index.js';
import type { JobSummary } from '../../../web/pages/backoffice/status.js';

export function jobSummaryOf(row: JobRow): JobSummary {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    phase: row.phase,
    progress: row.progress,
    rowsRead: row.rows_read,
    error: row.error ? jobError(row.error) : null,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** A job's stored error (catalog/jobs.ts writes both languages). */
function jobError(json: string): { fr: string; en: string } {
  try {
    const parsed = JSON.parse(json) as { message?: string; message_fr?: string };
    return { en: parsed.message ?? '', fr: parsed.message_fr ?? parsed.message ?? '' };
  } catch {
    return { en: json, fr: json };
  }
}

/** The latest job of each dataset. */
export async function lastJobs(db: CatalogDb, datasetUids: string[]): Promise<Map<string, JobSummary>> {
  const latest = new Map<string, JobSummary>();
  for (const uid of datasetUids) {
    const [job] = await listJobs(db, uid);
    if (job) latest.set(uid, jobSummaryOf(job));
  }
  return latest;
}
