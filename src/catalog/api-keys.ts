// Storage of API keys: only their hash is kept. Generating and checking keys is src/auth's work.
import type { CatalogDb } from './database.js';
import { nowIso, randomId } from './ids.js';
import type { ApiKeyRow } from './schema.js';

export async function insertApiKey(db: CatalogDb, input: { name: string; hash: string; prefix: string; scopes: string[] }): Promise<ApiKeyRow> {
  const row: ApiKeyRow = { id: `k${randomId(12)}`, name: input.name, hash: input.hash, prefix: input.prefix, scopes: JSON.stringify(input.scopes), created_at: nowIso(), last_used_at: null, revoked_at: null };
  await db.insertInto('api_keys').values(row).execute();
  return row;
}

export async function findApiKeyByHash(db: CatalogDb, hash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function touchApiKey(db: CatalogDb, id: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: nowIso() }).where('id', '=', id).execute();
}

export async function listApiKeys(db: CatalogDb): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
}

export async function revokeApiKey(db: CatalogDb, id: string): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
