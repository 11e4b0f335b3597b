// API keys of users and organisations, and the grants of restricted datasets: who creates, lists
// and revokes them (access.ts holds the shared checks and the audit trail).
import {
  findApiKeyById, findUserById, getDataset, getOrganisation, grantDataset, KEY_SCOPES, listApiKeys, listDatasetGrants, revokeApiKey, revokeDatasetGrant,
  type ApiKeyRow, type CatalogDb, type Dataset, type Grant, type GranteeKind, type KeyScope,
} from '../catalog/index.js';
import { AppError } from '../errors.js';
import { requireAllowed, getUserByReference, auditDone, type Acting } from './access.js';
import { createApiKey, type CreatedApiKey } from './api-keys.js';
import { canAdministerOrganisation, canEditDatasetsOf, requireSignedIn } from './rights.js';
import { datasetScope } from './visibility.js';

export function checkScopes(value: unknown): KeyScope[] {
  const scopes = Array.isArray(value) ? value : undefined;
  if (!scopes || scopes.length === 0 || scopes.some((s) => !(KEY_SCOPES as readonly unknown[]).includes(s))) {
    throw new AppError('INVALID_FIELD', { field: 'scopes', value: JSON.stringify(value ?? null), expected: `a non-empty list among ${KEY_SCOPES.join(', ')}`, expected_fr: `une liste non vide parmi ${KEY_SCOPES.join(', ')}` }, { field: 'scopes' });
  }
  return [...new Set(scopes as KeyScope[])];
}

export function checkKeyName(value: unknown): string {
  if (typeof value === 'string' && value.trim().length > 0 && value.length <= 100) return value.trim();
  throw new AppError('INVALID_FIELD', { field: 'name', value: JSON.stringify(value ?? null), expected: 'a name of 1 to 100 characters', expected_fr: 'un nom de 1 à 100 caractères' }, { field: 'name' });
}

/** The scopes the caller holds: a key never hands out more than the key that creates it. */
function scopesOf(by: Acting): readonly KeyScope[] {
  return by.caller.kind === 'account' ? by.caller.rights.scopes : KEY_SCOPES;
}

function ensureScopesHeld(by: Acting, scopes: KeyScope[], organisationId?: string): void {
  const missing = scopes.filter((s) => !scopesOf(by).includes(s));
  requireAllowed(by, missing.length === 0, { en: `give a key the scope ${missing.join(', ')}`, fr: `donner à une clé la portée ${missing.join(', ')}` }, organisationId);
}

// ---- One's own keys

const manageOwnKeys: { en: string; fr: string } = { en: 'manage personal API keys with this key', fr: 'gérer des clés d’API personnelles avec cette clé' };

/**
 * The user the caller is. Keys are managed with a session, or with a key of the `admin` scope: a
 * key that reads or publishes must not outlive its own revocation by minting another.
 */
function ownUser(by: Acting, changing: boolean): string {
  requireSignedIn(by.caller);
  const userId = by.caller.kind === 'account' ? by.caller.rights.userId : null;
  const allowed = userId !== null && (!changing || by.caller.kind !== 'account' || by.caller.rights.keyId === null || by.caller.rights.scopes.includes('admin'));
  requireAllowed(by, allowed, manageOwnKeys);
  return userId as string;
}

export async function createOwnKey(db: CatalogDb, by: Acting, input: { name: string; scopes: KeyScope[] }): Promise<CreatedApiKey> {
  const userId = ownUser(by, true);
  ensureScopesHeld(by, input.scopes);
  const created = await createApiKey(db, { ...input, userId });
  await auditDone(db, by, 'key.create', `key:${created.id}`, null, { name: input.name, scopes: input.scopes, user_id: userId });
  return created;
}

export async function listOwnKeys(db: CatalogDb, by: Acting): Promise<ApiKeyRow[]> {
  return listApiKeys(db, { userId: ownUser(by, false) });
}

export async function revokeOwnKey(db: CatalogDb, by: Acting, keyId: string): Promise<void> {
  const userId = ownUser(by, true);
  const key = await findApiKeyById(db, keyId);
  // Another's key is answered as a missing one: ids are not to be probed.
  if (!key || key.user_id !== userId) throw new AppError('API_KEY_NOT_FOUND', { id: keyId });
  await revoke(db, by, key, null);
}

async function revoke(db: CatalogDb, by: Acting, key: ApiKeyRow, organisationId: string | null): Promise<void> {
  if (!(await revokeApiKey(db, key.id))) return; // Revoked already: the same state, nothing to record.
  await auditDone(db, by, 'key.revoke', `key:${key.id}`, organisationId, { name: key.name });
}

// ---- An organisation's keys, by its administrators

const manageKeysOf = (organisation: string) => ({ en: `manage the API keys of ${organisation}`, fr: `gérer les clés d’API de ${organisation}` });

async function administered(db: CatalogDb, by: Acting, organisation: string) {
  const row = await getOrganisation(db, organisation);
  requireAllowed(by, canAdministerOrganisation(by.caller, row.id), manageKeysOf(organisation), row.id);
  return row;
}

export async function createOrganisationKey(db: CatalogDb, by: Acting, organisation: string, input: { name: string; scopes: KeyScope[] }): Promise<CreatedApiKey> {
  const row = await administered(db, by, organisation);
  ensureScopesHeld(by, input.scopes, row.id);
  const created = await createApiKey(db, { ...input, organisationId: row.id });
  await auditDone(db, by, 'key.create', `key:${created.id}`, row.id, { name: input.name, scopes: input.scopes });
  return created;
}

export async function listOrganisationKeys(db: CatalogDb, by: Acting, organisation: string): Promise<ApiKeyRow[]> {
  return listApiKeys(db, { organisationId: (await administered(db, by, organisation)).id });
}

export async function revokeOrganisationKey(db: CatalogDb, by: Acting, organisation: string, keyId: string): Promise<void> {
  const row = await administered(db, by, organisation);
  const key = await findApiKeyById(db, keyId);
  if (!key || key.organisation_id !== row.id) throw new AppError('API_KEY_NOT_FOUND', { id: keyId });
  await revoke(db, by, key, row.id);
}

// ---- Grants of restricted datasets

/** A grantee as the API names it: an organisation by slug, a user by e-mail (or id), a key by id. */
export interface GranteeReference {
  kind: GranteeKind;
  reference: string;
}

export interface GrantView {
  kind: GranteeKind;
  /** The slug, the e-mail address or the key id. */
  grantee: string;
  name: string;
  created_at: string;
}

/** The dataset, if the caller sees it (else 404, as everywhere) and edits its owner's datasets. */
async function editedDataset(db: CatalogDb, by: Acting, datasetId: string): Promise<Dataset> {
  requireSignedIn(by.caller);
  const dataset = await getDataset(db, datasetScope(by.caller, null), datasetId);
  const action = { en: `share the dataset ${datasetId}`, fr: `partager le jeu de données ${datasetId}` };
  requireAllowed(by, canEditDatasetsOf(by.caller, dataset.owner.id), action, dataset.owner.id);
  return dataset;
}

async function resolveGrantee(db: CatalogDb, grantee: GranteeReference): Promise<Grant & { label: string; name: string }> {
  switch (grantee.kind) {
    case 'organisation': {
      const row = await getOrganisation(db, grantee.reference);
      return { kind: 'organisation', id: row.id, label: row.slug, name: row.name };
    }
    case 'user': {
      const row = await getUserByReference(db, grantee.reference);
      return { kind: 'user', id: row.id, label: row.email, name: row.name };
    }
    case 'key': {
      const row = await findApiKeyById(db, grantee.reference);
      if (!row || row.revoked_at) throw new AppError('API_KEY_NOT_FOUND', { id: grantee.reference });
      return { kind: 'key', id: row.id, label: row.id, name: row.name };
    }
  }
}

export async function listGrants(db: CatalogDb, by: Acting, datasetId: string): Promise<{ dataset: Dataset; grants: GrantView[] }> {
  const dataset = await editedDataset(db, by, datasetId);
  return { dataset, grants: await grantViews(db, dataset.uid) };
}

/** Grants the dataset to one more grantee (again: the same state); effective while it is `restricted`. */
export async function grantAccess(db: CatalogDb, by: Acting, datasetId: string, grantee: GranteeReference): Promise<{ dataset: Dataset; grants: GrantView[] }> {
  const dataset = await editedDataset(db, by, datasetId);
  const resolved = await resolveGrantee(db, grantee);
  await grantDataset(db, dataset.uid, resolved);
  await auditDone(db, by, 'grant.add', `dataset:${dataset.datasetId}`, dataset.owner.id, { grantee_kind: resolved.kind, grantee: resolved.label });
  return { dataset, grants: await grantViews(db, dataset.uid) };
}

export async function revokeAccess(db: CatalogDb, by: Acting, datasetId: string, grantee: GranteeReference): Promise<void> {
  const dataset = await editedDataset(db, by, datasetId);
  // A grant outlives a revoked key or a deleted user: then it is revoked by the raw id.
  const resolved = await resolveGrantee(db, grantee).catch(() => ({ kind: grantee.kind, id: grantee.reference, label: grantee.reference }));
  if (!(await revokeDatasetGrant(db, dataset.uid, resolved))) throw new AppError('GRANT_NOT_FOUND', { dataset_id: dataset.datasetId, grantee: resolved.label });
  await auditDone(db, by, 'grant.remove', `dataset:${dataset.datasetId}`, dataset.owner.id, { grantee_kind: resolved.kind, grantee: resolved.label });
}

async function grantViews(db: CatalogDb, datasetUid: string): Promise<GrantView[]> {
  const views: GrantView[] = [];
  for (const grant of await listDatasetGrants(db, datasetUid)) {
    const named = await nameOf(db, grant);
    views.push({ kind: grant.kind, grantee: named?.label ?? grant.id, name: named?.name ?? '', created_at: grant.created_at });
  }
  return views;
}

/** A grantee's name; undefined when it has gone (a deleted user's grant stays until revoked). */
async function nameOf(db: CatalogDb, grant: Grant): Promise<{ label: string; name: string } | undefined> {
  if (grant.kind === 'organisation') {
    const row = await db.selectFrom('organisations').select(['slug', 'name']).where('id', '=', grant.id).executeTakeFirst();
    return row && { label: row.slug, name: row.name };
  }
  if (grant.kind === 'user') {
    const row = await findUserById(db, grant.id);
    return row && { label: row.email, name: row.name };
  }
  const row = await findApiKeyById(db, grant.id);
  return row && { label: row.id, name: row.name };
}
