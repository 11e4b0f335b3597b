// Visibility, enforced here and nowhere else (docs/DESIGN.md): who may see which datasets, as a
// condition that every catalog read folds into its query. `public` is open data; `restricted`
// (granted to named organisations, users or keys: issue [5/6]) and `private` are seen only by
// those with rights, which today means an operator key.
import type { DatasetCondition, DatasetScope, Portal } from '../catalog/index.js';

export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'operator'; keyId: string }
  /** The platform's own tools working on the local data directory: the CLI, the ingest, the demo. */
  | { kind: 'platform' };

export const ANONYMOUS: Caller = { kind: 'anonymous' };
export const PLATFORM: Caller = { kind: 'platform' };

export function visibleDatasets(caller: Caller): DatasetCondition {
  switch (caller.kind) {
    case 'operator':
    case 'platform':
      return (eb) => eb.lit(true);
    case 'anonymous':
      return (eb) => eb('datasets.visibility', '=', 'public');
  }
}

export function datasetScope(caller: Caller, portal: Portal | null): DatasetScope {
  return { visible: visibleDatasets(caller), portal };
}

/** Whether the answer to this caller may be cached by shared caches (only anonymous ones). */
export function answerDependsOnCaller(caller: Caller): boolean {
  return caller.kind !== 'anonymous';
}
