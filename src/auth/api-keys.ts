// API keys: 256 random bits shown once, stored as a sha256 hash (a slow hash adds nothing to a
// random secret of that length; passwords, in issue [5/6], get scrypt).
import { createHash, randomBytes } from 'node:crypto';
import { findApiKeyByHash, insertApiKey, touchApiKey, type CatalogDb } from '../catalog/index.js';
import { AppError } from '../errors.js';
import type { Caller } from './visibility.js';

const KEY_PREFIX = 'tk_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The key itself: shown once, never stored. */
  key: string;
}

export async function createOperatorKey(db: CatalogDb, name: string): Promise<CreatedApiKey> {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const row = await insertApiKey(db, { name, hash: hashApiKey(key), prefix: key.slice(0, 8), scopes: ['admin'] });
  return { id: row.id, name: row.name, key };
}

/**
 * The caller an Authorization header (or `apikey` parameter) names. No credentials: anonymous.
 * Credentials that do not match a live key: an error, so that a typo is not silently anonymous.
 */
export async function callerFromApiKey(db: CatalogDb, key: string | undefined): Promise<Caller> {
  if (!key) return { kind: 'anonymous' };
  const row = await findApiKeyByHash(db, hashApiKey(key));
  if (!row) throw new AppError('API_KEY_INVALID');
  // "Last use" to the minute is enough, and spares a write on every request.
  if (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > 60_000) await touchApiKey(db, row.id);
  const scopes = JSON.parse(row.scopes) as string[];
  return scopes.includes('admin') ? { kind: 'operator', keyId: row.id } : { kind: 'anonymous' };
}

/** `Apikey <key>` (ODS, any case) or `Bearer <key>`. */
export function keyFromAuthorization(header: string | undefined): string | undefined {
  const match = header?.match(/^\s*(apikey|bearer)\s+(\S+)\s*$/i);
  return match?.[2];
}

export function requireOperator(caller: Caller): void {
  if (caller.kind !== 'operator') throw new AppError('API_KEY_REQUIRED');
}
