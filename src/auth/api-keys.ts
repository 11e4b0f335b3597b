// API keys: 256 random bits shown once, stored as a sha256 hash (a slow hash adds nothing to a
// random secret of that length; passwords get scrypt, src/auth/passwords.ts). A key acts for the
// platform (operator keys), for a user, or for an organisation, within its scopes.
import { createHash, randomBytes } from 'node:crypto';
import { findApiKeyByHash, findUserById, insertApiKey, touchApiKey, type CatalogDb, type KeyScope } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { rightsOfKey } from './rights.js';
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
  return createApiKey(db, { name, scopes: ['admin'] });
}

/** A key for a user or an organisation (neither: an operator key of the platform). */
export async function createApiKey(db: CatalogDb, input: { name: string; scopes: KeyScope[]; userId?: string; organisationId?: string }): Promise<CreatedApiKey> {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const row = await insertApiKey(db, { name: input.name, hash: hashApiKey(key), prefix: key.slice(0, 8), scopes: input.scopes, userId: input.userId ?? null, organisationId: input.organisationId ?? null });
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
  if (!row.user_id && !row.organisation_id) return scopes.includes('admin') ? { kind: 'operator', keyId: row.id } : { kind: 'anonymous' };
  const user = row.user_id ? await findUserById(db, row.user_id) : undefined;
  // The key of a user who left, or was disabled, opens nothing.
  if (row.user_id && (!user || user.disabled_at)) throw new AppError('API_KEY_INVALID');
  return { kind: 'account', rights: await rightsOfKey(db, row, user) };
}

/** `Apikey <key>` (ODS, any case) or `Bearer <key>`. */
export function keyFromAuthorization(header: string | undefined): string | undefined {
  const match = header?.match(/^\s*(apikey|bearer)\s+(\S+)\s*$/i);
  return match?.[2];
}
