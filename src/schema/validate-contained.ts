// Validation on a thread of its own, stopped past a time limit. A schema's `pattern` runs as a
// backtracking RegExp: a pattern such as `^([a-zA-Z]+\s?)+$`, common in homemade schemas, takes
// exponential time on a value that almost matches (thirty letters and a hyphen), and on the
// server's thread it would stop every portal. On its own thread it stops only its validation.
// The report is the one validateFile gives; starting the thread costs about 0.25 s.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { TableSchema } from './model.js';
import type { ValidationReport } from './report.js';
import type { ValidateOptions } from './validate.js';
import type { ValidationJob, ValidationOutcome } from './validate-thread.js';

const WORKER = new URL('./validate-worker.mjs', import.meta.url);
// At most this many validation threads at once: more would share the same cores, each with its own
// memory. The others wait for a thread to end; their time limit starts with their own thread.
export const VALIDATION_THREADS = Math.max(4, os.availableParallelism());
/** setTimeout's longest delay: a longer one would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;
let running = 0;
const waiting: (() => void)[] = [];

async function threadSlot(): Promise<() => void> {
  if (running < VALIDATION_THREADS) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over as it is
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
}

/** validateFile, on a thread stopped after `timeoutMs` (0: no limit) with a SCHEMA_VALIDATION_TIMEOUT. */
export async function validateContained(file: string, schema: TableSchema, options: ValidateOptions, timeoutMs: number): Promise<ValidationReport> {
  const release = await threadSlot();
  try {
    return await onThread({ file, schema, options }, timeoutMs);
  } finally {
    release();
  }
}

function onThread(job: ValidationJob, timeoutMs: number): Promise<ValidationReport> {
  const worker = new Worker(WORKER, { workerData: job });
  let timedOut = false;
  const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), void worker.terminate()), Math.min(timeoutMs, LONGEST_TIMER_MS)) : undefined;
  return new Promise<ValidationReport>((resolve, reject) => {
    worker.once('message', (outcome: ValidationOutcome) => {
      if ('report' in outcome) resolve(outcome.report);
      else if ('appError' in outcome) reject(new AppError(outcome.appError.code, outcome.appError.params, outcome.appError.location));
      else reject(new Error(`validation failed: ${outcome.failure}`));
    });
    worker.once('error', reject);
    // After a message, the exit changes nothing: a promise settles once.
    worker.once('exit', () => reject(timedOut ? new AppError('SCHEMA_VALIDATION_TIMEOUT', { seconds: Math.round(timeoutMs / 100) / 10 }) : new Error('the validation thread stopped')));
  }).finally(async () => {
    clearTimeout(timer);
    // A thread that has answered has nothing left to do; this ends it even if a handle stayed open,
    // before its slot is given to another.
    await worker.terminate();
  });
}
