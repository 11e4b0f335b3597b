// What the validation thread runs (validate-contained.ts): the validator, and its outcome as a
// message a thread can carry. An AppError crosses as its code, parameters and location, and is
// made again on the other side.
import { AppError, type ErrorCode, type ErrorLocation, type ErrorParams } from '../errors.js';
import type { TableSchema } from './model.js';
import type { ValidationReport } from './report.js';
import { validateFile, type ValidateOptions } from './validate.js';

export interface ValidationJob {
  file: string;
  schema: TableSchema;
  options: ValidateOptions;
}

export type ValidationOutcome =
  | { report: ValidationReport }
  | { appError: { code: ErrorCode; params: ErrorParams; location: ErrorLocation } }
  | { failure: string };

export async function runValidation(job: ValidationJob): Promise<ValidationOutcome> {
  try {
    return { report: await validateFile(job.file, job.schema, job.options) };
  } catch (error) {
    if (error instanceof AppError) return { appError: { code: error.code, params: error.params, location: error.location } };
    return { failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
