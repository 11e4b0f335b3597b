// Sign-in sessions: the cookie carries 256 random bits, the store keeps their sha256 (a slow hash
// adds nothing to a random secret of that length), so that a copy of the database opens no
// session. Each session has its own CSRF token, which every form and script sends back.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  deleteExpiredSessions, deleteSession, deleteSessionsOfUser, findLiveSession, findUserById, insertSession, nowIso,
  type CatalogDb, type UserRow,
} from '../catalog/index.js';

export const SESSION_COOKIE = 'territoires_session';
/** A working day: long enough not to interrupt one, short enough that a forgotten session ends. */
export const SESSION_HOURS = 12;

/** 256 random bits, as text for a cookie, a form field or a link. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createSession(db: CatalogDb, userId: string, ip: string | null): Promise<{ token: string; csrf: string; expiresAt: Date }> {
  // Housekeeping where sessions are made keeps the table to the live ones, without a job.
  await deleteExpiredSessions(db);
  const token = newSecret();
  const csrf = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await insertSession(db, { hash: hashSecret(token), user_id: userId, csrf, created_at: nowIso(), expires_at: expiresAt.toISOString(), ip });
  return { token, csrf, expiresAt };
}

/** The user and CSRF token of a session; undefined when the token is unknown, expired, or its user disabled. */
export async function sessionOf(db: CatalogDb, token: string): Promise<{ user: UserRow; csrf: string } | undefined> {
  if (!token) return undefined;
  const session = await findLiveSession(db, hashSecret(token));
  if (!session) return undefined;
  const user = await findUserById(db, session.user_id);
  if (!user || user.disabled_at) return undefined;
  return { user, csrf: session.csrf };
}

export async function endSession(db: CatalogDb, token: string): Promise<void> {
  await deleteSession(db, hashSecret(token));
}

/** Signs a user out everywhere: after a password reset, when disabled. */
export async function endSessionsOfUser(db: CatalogDb, userId: string): Promise<void> {
  await deleteSessionsOfUser(db, userId);
}

/** Constant time, whatever was sent: comparing digests keeps the lengths equal. */
export function csrfMatches(expected: string, sent: string | undefined): boolean {
  if (!expected || !sent) return false;
  return timingSafeEqual(createHash('sha256').update(expected).digest(), createHash('sha256').update(sent).digest());
}
