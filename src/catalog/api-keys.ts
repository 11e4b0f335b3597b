// Storage of API keys: only their hash is kept. Generating and checking keys is src/auth's work.
import type { CatalogDb } from './database.js';
import { nowIso, randomId } from './ids.js';
import type { ApiKeyRow } from './schema.js';

export interface NewApiKey {
  name: string;
  hash: string;
  prefix: string;
  scopes: string[];
  /** The user or the organisation the key acts for; neither: an operator key of the platform. */
  userId?: string | null;
  organisationId?: string | null;
}

export async function insertApiKey(db: CatalogDb, input: NewApiKey): Promise<ApiKeyRow> {
  const row: ApiKeyRow = {
    id: `k${randomId(12)}`,
    name: input.name,
    hash: input.hash,
    prefix: input.prefix,
    scopes: JSON.stringify(input.scopes),
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
    user_id: input.userId ?? null,
    organisation_id: input.organisationId ?? null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return row;
}

export async function findApiKeyByHash(db: CatalogDb, hash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function touchApiKey(db: CatalogDb, id: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: nowIso() }).where('id', '=', id).execute();
}

/** All keys, or those of one owner. */
export async function listApiKeys(db: CatalogDb, owner?: { userId?: string; organisationId?: string }): Promise<ApiKeyRow[]> {
  let query = db.selectFrom('api_keys').selectAll().orderBy('created_at');
  if (owner?.userId) query = query.where('user_id', '=', owner.userId);
  if (owner?.organisationId) query = query.where('organisation_id', '=', owner.organisationId);
  return query.execute();
}

export async function findApiKeyById(db: CatalogDb, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeApiKey(db: CatalogDb, id: string): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
