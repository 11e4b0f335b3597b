// Explore parameters that change which records or datasets answer, and that this platform does not
// apply yet on a route: `qv1` (the v1 query language ods-widgets sends to v2.1) everywhere, and
// `q` (v2.0's full-text parameter) on the catalog's dataset list. Ignoring one would answer with
// what the client did not ask for, as if it were right: refuse it instead.
import { AppError } from '../errors.js';

const NOT_YET = ['qv1'] as const;

/** On /catalog/datasets: v2.0's `q` (v2.1 writes `where="text"`). */
export const CATALOG_NOT_YET = ['q'] as const;

export function rejectUnsupportedParameters(query: unknown, also: readonly string[] = []): void {
  if (typeof query !== 'object' || query === null) return;
  for (const parameter of [...NOT_YET, ...also]) {
    if (parameter in query) throw new AppError('PARAMETER_NOT_SUPPORTED', { parameter }, { parameter });
  }
}
