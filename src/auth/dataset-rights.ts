// The checks of the management API's dataset routes: a dataset the caller cannot see is not found
// (404, its existence is not revealed); one it sees but may not edit is forbidden (403, audited by
// the error handler); a new dataset goes to an organisation where the caller publishes.
import { appendAudit, findDataset, getDataset, getOrganisation, type CatalogDb, type Dataset } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { actionWords } from './action-words.js';
import { isPlatformAdmin, requireDatasetEditor, requireSignedIn } from './rights.js';
import { callerLabel, datasetScope, PLATFORM, type Caller } from './visibility.js';

export async function datasetToEdit(db: CatalogDb, caller: Caller, datasetId: string, action: string): Promise<Dataset> {
  requireSignedIn(caller);
  const dataset = await getDataset(db, datasetScope(caller, null), datasetId);
  requireDatasetEditor(caller, dataset.owner.id, action);
  return dataset;
}

/**
 * Checks a write that may create the dataset, before its file is received, and says which
 * organisation a new dataset belongs to: the existing dataset's owner must be one the caller
 * edits; a new dataset goes to the organisation named, else, for a caller who edits the datasets
 * of one organisation only, to that one (the platform's top organisation for administrators).
 */
export async function organisationToPublishIn(db: CatalogDb, caller: Caller, datasetId: string, organisation: string | undefined, action: string): Promise<string | undefined> {
  requireSignedIn(caller);
  // Every dataset, seen or not: an id is unique on the platform.
  const existing = await findDataset(db, datasetScope(PLATFORM, null), datasetId);
  if (existing) {
    requireDatasetEditor(caller, existing.owner.id, action);
    return organisation;
  }
  if (organisation !== undefined) {
    requireDatasetEditor(caller, (await getOrganisation(db, organisation)).id, action);
    return organisation;
  }
  if (isPlatformAdmin(caller) || caller.kind !== 'account') return undefined;
  const [only, ...others] = caller.rights.editable;
  if (only === undefined) throw new AppError('FORBIDDEN', actionWords(action));
  if (others.length > 0) throw new AppError('INVALID_FIELD', { field: 'organisation', value: '', expected: 'the organisation the new dataset belongs to (?organisation=slug)', expected_fr: 'l’organisation à laquelle le nouveau jeu appartient (?organisation=slug)' }, { parameter: 'organisation' });
  return (await db.selectFrom('organisations').select('slug').where('id', '=', only).executeTakeFirstOrThrow()).slug;
}

/**
 * An administrative action done: who, what, on what, from where (the audit log). Every entry
 * names its target as `kind:id` (`dataset:communes`, `user:u…`, `key:k…`); a bare id takes the
 * kind of the action (`dataset.publish` on `communes` → `dataset:communes`).
 */
export async function recordAction(db: CatalogDb, caller: Caller, entry: { action: string; target: string | null; organisationId?: string | null; ip?: string | null; details?: Record<string, unknown> }): Promise<void> {
  const target = entry.target === null || entry.target.includes(':') ? entry.target : `${entry.action.split('.')[0]}:${entry.target}`;
  await appendAudit(db, { actor: callerLabel(caller), action: entry.action, target, organisationId: entry.organisationId ?? null, ip: entry.ip ?? null, details: entry.details ?? {} });
}

/** Whether the caller may follow a job: administrators all, others those of the datasets they edit. */
export async function mayFollowJob(db: CatalogDb, caller: Caller, datasetUid: string | null): Promise<boolean> {
  if (isPlatformAdmin(caller)) return true;
  if (caller.kind !== 'account' || datasetUid === null) return false;
  const owner = await db.selectFrom('datasets').select('owner_id').where('id', '=', datasetUid).executeTakeFirst();
  return owner !== undefined && caller.rights.editable.includes(owner.owner_id);
}
