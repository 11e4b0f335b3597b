// Visibility, enforced here and nowhere else (docs/DESIGN.md): who may see which datasets, as a
// condition that every catalog read folds into its query. `public` is open data; `restricted` is
// seen by the members of its owner and by the organisations, users and keys it is granted to;
// `private` by the members of its owner only. Platform administrators and operator keys see all.
import type { DatasetCondition, DatasetScope, Portal } from '../catalog/index.js';
import type { AccountRights } from './rights.js';

export type Caller =
  | { kind: 'anonymous' }
  /** A key of the platform itself (`territoires keys create --admin`): every right. */
  | { kind: 'operator'; keyId: string }
  /** The platform's own tools working on the local data directory: the CLI, the ingest, the demo. */
  | { kind: 'platform' }
  /** A signed-in user, or a key that acts for a user or an organisation. */
  | { kind: 'account'; rights: AccountRights };

export const ANONYMOUS: Caller = { kind: 'anonymous' };
export const PLATFORM: Caller = { kind: 'platform' };

export function visibleDatasets(caller: Caller): DatasetCondition {
  switch (caller.kind) {
    case 'operator':
    case 'platform':
      return (eb) => eb.lit(true);
    case 'anonymous':
      return (eb) => eb('datasets.visibility', '=', 'public');
    case 'account': {
      const { rights } = caller;
      if (rights.platformAdmin) return (eb) => eb.lit(true);
      const grantees = rights.grantees;
      return (eb) => {
        const seen = [eb('datasets.visibility', '=', 'public')];
        if (rights.readable.length > 0) seen.push(eb('datasets.owner_id', 'in', rights.readable));
        if (grantees.length > 0) {
          seen.push(
            eb.and([
              eb('datasets.visibility', '=', 'restricted'),
              eb(
                'datasets.id',
                'in',
                eb
                  .selectFrom('dataset_grants')
                  .select('dataset_grants.dataset_uid')
                  .where((g) => g.or(grantees.map((grantee) => g.and([g('dataset_grants.grantee_kind', '=', grantee.kind), g('dataset_grants.grantee_id', '=', grantee.id)])))),
              ),
            ]),
          );
        }
        return eb.or(seen);
      };
    }
  }
}

export function datasetScope(caller: Caller, portal: Portal | null): DatasetScope {
  return { visible: visibleDatasets(caller), portal };
}

/** Whether the answer to this caller may be cached by shared caches (only anonymous ones). */
export function answerDependsOnCaller(caller: Caller): boolean {
  return caller.kind !== 'anonymous';
}

/** Who the caller is, in one word for logs, quotas and cache keys: `key:ID`, `user:ID`, `anonymous`, `platform`. */
export function callerLabel(caller: Caller): string {
  switch (caller.kind) {
    case 'operator':
      return `key:${caller.keyId}`;
    case 'account':
      return caller.rights.keyId ? `key:${caller.rights.keyId}` : `user:${caller.rights.userId}`;
    default:
      return caller.kind;
  }
}
