// Storage of sign-in sessions: only the hash of the cookie's token is kept. Creating and checking
// sessions is src/auth's work.
import type { Selectable } from 'kysely';
import type { CatalogDb } from './database.js';
import { nowIso } from './ids.js';
import type { SessionsTable } from './schema.js';

export type SessionRow = Selectable<SessionsTable>;

export async function insertSession(db: CatalogDb, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The session whose token has this hash, if it has not expired. */
export async function findLiveSession(db: CatalogDb, hash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('hash', '=', hash).where('expires_at', '>', nowIso()).executeTakeFirst();
}

export async function deleteSession(db: CatalogDb, hash: string): Promise<void> {
  await db.deleteFrom('sessions').where('hash', '=', hash).execute();
}

/** Ends every session of a user; returns how many there were. */
export async function deleteSessionsOfUser(db: CatalogDb, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: CatalogDb): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso()).execute();
}
