// Explore parameters that change which records answer, and that this platform does not apply yet
// (ODSQL comes with issue [3/6]). Ignoring one would answer with records the client did not ask
// for, as if they were the right ones: refuse it instead.
import { AppError } from '../errors.js';

const NOT_YET = ['where', 'select', 'group_by', 'order_by', 'refine', 'exclude', 'qv1', 'q'] as const;

export function rejectUnsupportedParameters(query: unknown): void {
  if (typeof query !== 'object' || query === null) return;
  for (const parameter of NOT_YET) {
    if (parameter in query) throw new AppError('PARAMETER_NOT_SUPPORTED', { parameter }, { parameter });
  }
}
