// Scheduled refreshes: every dataset read from a URL with a cron schedule is read again at those
// times (Paris time). Each node runs the same scheduler; a refresh is claimed in the catalog under
// the dataset and the minute it is due, so that exactly one node does it.
import { Cron } from 'croner';
import { claimJob, finishJob, listScheduledDatasets, retryingJob } from '../catalog/index.js';
import type { DataPlaneContext, PublishOptions } from '../data/index.js';
import { AppError, isAppError } from '../errors.js';
import { refreshDataset, type FetchPolicy } from '../ingest/index.js';

export interface Scheduler {
  /** Reads the schedules from the catalog again (a schedule added or changed since). */
  reload(): Promise<void>;
  stop(): void;
}

export interface SchedulerOptions {
  publish: PublishOptions;
  fetch: FetchPolicy;
  log: (message: string) => void;
  /** How often the schedules are read again from the catalog. */
  reloadEveryMs?: number;
  /** Waits before each new attempt when the source cannot be reached (network errors only). */
  retryDelaysMs?: readonly number[];
  /** Told of each refresh that failed for good (the dataset's editors are mailed). */
  onFailure?: (datasetUid: string, error: AppError) => Promise<unknown>;
}

// A source that is down for a moment is tried again after 30 s, then 2 min, then 10 min.
const RETRY_DELAYS_MS = [30_000, 120_000, 600_000];
const NETWORK_ERRORS = new Set(['URL_FETCH_FAILED', 'URL_TIMEOUT']);

export function startScheduler(ctx: DataPlaneContext, options: SchedulerOptions): Scheduler {
  const running = new Map<string, { schedule: string; cron: Cron }>();

  const refresh = async (uid: string, datasetId: string, due: Date) => {
    const minute = due.toISOString().slice(0, 19);
    const jobId = `refresh-${uid}-${minute}`;
    if (!(await claimJob(ctx.db, jobId, 'scheduled-refresh', uid, { due: minute }))) return;
    const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const result = await refreshDataset(ctx, datasetId, options.publish, options.fetch);
          await finishJob(ctx.db, jobId);
          options.log(`refresh ${datasetId}: ${result.status === 'unchanged' ? 'unchanged / inchangé' : `version ${result.version.number}`}`);
          return;
        } catch (error) {
          const delay = delays[attempt - 1];
          if (!isAppError(error) || !NETWORK_ERRORS.has(error.code) || delay === undefined) throw error;
          await retryingJob(ctx.db, jobId, attempt + 1, error);
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    } catch (error) {
      const appError = isAppError(error) ? error : new AppError('INTERNAL', { request_id: jobId });
      await finishJob(ctx.db, jobId, appError).catch(() => undefined);
      options.log(`refresh ${datasetId} failed / échec: ${appError.message}`);
      await options.onFailure?.(uid, appError).catch((failure: unknown) => options.log(`refresh ${datasetId}: failure not mailed / échec non envoyé: ${String(failure)}`));
    }
  };

  const reload = async () => {
    const scheduled = await listScheduledDatasets(ctx.db);
    const seen = new Set<string>();
    for (const { uid, datasetId, source } of scheduled) {
      const schedule = typeof source.schedule === 'string' ? source.schedule : null;
      if (source.kind !== 'url' || !schedule) continue;
      seen.add(uid);
      const current = running.get(uid);
      if (current?.schedule === schedule) continue;
      current?.cron.stop();
      const cron = new Cron(schedule, { timezone: 'Europe/Paris', protect: true }, (self: Cron) => {
        void refresh(uid, datasetId, self.currentRun() ?? new Date());
      });
      running.set(uid, { schedule, cron });
    }
    for (const [uid, entry] of running) {
      if (!seen.has(uid)) {
        entry.cron.stop();
        running.delete(uid);
      }
    }
  };

  const timer = setInterval(() => void reload().catch(() => undefined), options.reloadEveryMs ?? 60_000);
  timer.unref();
  void reload().catch(() => undefined);
  return {
    reload,
    stop() {
      clearInterval(timer);
      for (const entry of running.values()) entry.cron.stop();
      running.clear();
    },
  };
}
