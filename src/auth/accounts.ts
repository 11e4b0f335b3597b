// Accounts with a password: creating them, signing in, and the two links sent by mail — the
// invitation to join an organisation and the password reset. A sign-in that fails says the same
// thing, in about the same time, whether the address has an account or not, and each failure since
// the last success makes the next answer wait longer, so that guessing is slow and says nothing.
import {
  appendAudit, findUserByEmail, findUserById, insertUser, normaliseEmail, nowIso, ROLES, setMembership, updateUser, useAccountToken,
  findUsableAccountToken, insertAccountToken, type AccountTokenKind, type AccountTokenRow, type CatalogDb, type Role, type UserRow,
} from '../catalog/index.js';
import { AppError } from '../errors.js';
import { accountMails } from './account-mails.js';
import type { Mailer } from './mail.js';
import { checkPasswordStrength, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { endSessionsOfUser, hashSecret, newSecret } from './sessions.js';

const INVITATION_DAYS = 7;
const RESET_HOURS = 1;
/** Each failure since the last success adds this much wait before the next answer… */
const DELAY_STEP_MS = 250;
/** …up to this: enough to make guessing slow, short enough for someone who mistyped. */
const DELAY_MAX_MS = 3000;

export function checkEmail(email: string): string {
  const normalised = normaliseEmail(email);
  // Deliberately loose (RFC 5321 allows much); the invitation mail is what proves an address.
  if (normalised.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(normalised)) throw new AppError('EMAIL_INVALID', { email: JSON.stringify(email) }, { field: 'email' });
  return normalised;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) {
    throw new AppError('INVALID_FIELD', { field: 'name', value: JSON.stringify(name), expected: 'a name of 1 to 200 characters', expected_fr: 'un nom de 1 à 200 caractères' }, { field: 'name' });
  }
  return trimmed;
}

export async function createUser(db: CatalogDb, input: { email: string; name: string; password?: string; platformAdmin?: boolean }): Promise<UserRow> {
  const email = checkEmail(input.email);
  const name = checkName(input.name);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  if (await findUserByEmail(db, email)) throw new AppError('ALREADY_EXISTS', { what: 'account', what_fr: 'Le compte', value: email }, { field: 'email' });
  return insertUser(db, { email, name, passwordHash, platformAdmin: input.platformAdmin ?? false });
}

// Addresses without an account have no row to count their failures in; they are counted here, so
// that they slow down as real accounts do and the delay does not reveal which addresses exist.
const unknownFailures = new Map<string, number>();

function delayAfter(failures: number): number {
  return Math.min(failures * DELAY_STEP_MS, DELAY_MAX_MS);
}

export async function signIn(db: CatalogDb, email: string, password: string): Promise<UserRow> {
  const address = normaliseEmail(email);
  const user = await findUserByEmail(db, address);
  const failures = user ? user.failed_sign_ins : (unknownFailures.get(address) ?? 0);
  if (failures > 0) await new Promise((resolve) => setTimeout(resolve, delayAfter(failures)));
  // Always one scrypt: with no account, or no password, against a hash that matches nothing.
  const matches = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!user || !user.password_hash || !matches || user.disabled_at) {
    if (user) {
      await db.updateTable('users').set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1), last_failed_at: nowIso() })).where('id', '=', user.id).execute();
    } else {
      if (unknownFailures.size >= 10_000) unknownFailures.clear();
      unknownFailures.set(address, failures + 1);
    }
    throw new AppError('SIGN_IN_FAILED');
  }
  if (user.failed_sign_ins > 0) await updateUser(db, user.id, { failed_sign_ins: 0, last_failed_at: null });
  return { ...user, failed_sign_ins: 0, last_failed_at: null };
}

async function issueToken(db: CatalogDb, row: Omit<AccountTokenRow, 'hash' | 'created_at' | 'expires_at' | 'used_at'>, hours: number): Promise<string> {
  const token = newSecret();
  const now = Date.now();
  await insertAccountToken(db, { ...row, hash: hashSecret(token), created_at: new Date(now).toISOString(), expires_at: new Date(now + hours * 3600_000).toISOString(), used_at: null });
  return token;
}

async function useToken(db: CatalogDb, kind: AccountTokenKind, token: string): Promise<AccountTokenRow> {
  const row = token ? await useAccountToken(db, kind, hashSecret(token)) : undefined;
  if (!row) throw new AppError('TOKEN_INVALID');
  return row;
}

async function findOrganisationById(db: CatalogDb, id: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('organisations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

function link(baseUrl: string, path: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}?jeton=${encodeURIComponent(token)}`;
}

export async function inviteMember(
  db: CatalogDb,
  mailer: Mailer,
  input: { email: string; organisationId: string; role: Role; invitedBy: string | null; baseUrl: string },
): Promise<{ token: string }> {
  const email = checkEmail(input.email);
  if (!(ROLES as readonly string[]).includes(input.role)) throw new AppError('INVALID_FIELD', { field: 'role', value: input.role, expected: ROLES.join(', ') }, { field: 'role' });
  const organisation = await findOrganisationById(db, input.organisationId);
  if (!organisation) throw new AppError('ORGANISATION_NOT_FOUND', { organisation: input.organisationId });
  const user = await findUserByEmail(db, email);
  const inviter = input.invitedBy ? await findUserById(db, input.invitedBy) : undefined;
  const token = await issueToken(db, { kind: 'invitation', email, user_id: user?.id ?? null, organisation_id: organisation.id, role: input.role, created_by: input.invitedBy }, INVITATION_DAYS * 24);
  const mail = accountMails.invitation({ organisation: organisation.name, role: input.role, inviter: inviter?.name ?? null, hasAccount: Boolean(user), url: link(input.baseUrl, '/invitation', token), days: INVITATION_DAYS });
  await mailer.send({ to: email, ...mail });
  return { token };
}

/** What an invitation link opens, without using it: for the page that asks for a name and a password. */
export async function findInvitation(db: CatalogDb, token: string): Promise<{ email: string; organisation: string; role: Role; hasAccount: boolean } | undefined> {
  const row = token ? await findUsableAccountToken(db, 'invitation', hashSecret(token)) : undefined;
  const organisation = row?.organisation_id ? await findOrganisationById(db, row.organisation_id) : undefined;
  if (!row || !organisation || !row.role) return undefined;
  return { email: row.email, organisation: organisation.name, role: row.role, hasAccount: Boolean(await findUserByEmail(db, row.email)) };
}

/**
 * Joins the organisation the invitation names. Someone without an account gets one, with the name
 * and password given; an existing account keeps its own (the link proves the address, not a wish
 * to change the password).
 */
export async function acceptInvitation(db: CatalogDb, token: string, input: { name: string; password: string }): Promise<UserRow> {
  const invitation = token ? await findUsableAccountToken(db, 'invitation', hashSecret(token)) : undefined;
  if (!invitation) throw new AppError('TOKEN_INVALID');
  const existing = await findUserByEmail(db, invitation.email);
  // Checked before the token is used, so that a password too short can be corrected with the same link.
  if (!existing) {
    checkName(input.name);
    checkPasswordStrength(input.password);
  }
  const row = await useToken(db, 'invitation', token);
  if (!row.organisation_id || !row.role) throw new AppError('TOKEN_INVALID');
  const user = existing ?? (await createUser(db, { email: row.email, name: input.name, password: input.password }));
  await setMembership(db, user.id, row.organisation_id, row.role);
  await appendAudit(db, { actor: `user:${user.id}`, action: 'member.accept', target: `user:${user.id}`, organisationId: row.organisation_id, details: { email: user.email, role: row.role } });
  return user;
}

/**
 * Sends a reset link when the address has an active account, nothing otherwise; the caller answers
 * the same in both cases, so that the form does not tell who has an account.
 */
export async function requestPasswordReset(db: CatalogDb, mailer: Mailer, email: string, baseUrl: string): Promise<void> {
  const address = checkEmail(email);
  const user = await findUserByEmail(db, address);
  if (!user || user.disabled_at) return;
  const token = await issueToken(db, { kind: 'reset', email: address, user_id: user.id, organisation_id: null, role: null, created_by: null }, RESET_HOURS);
  await mailer.send({ to: address, ...accountMails.reset({ name: user.name, url: link(baseUrl, '/reinitialiser', token), hours: RESET_HOURS }) });
}

/** Whether a reset link can still be used, for the page that shows the form. */
export async function resetTokenUsable(db: CatalogDb, token: string): Promise<boolean> {
  return Boolean(token && (await findUsableAccountToken(db, 'reset', hashSecret(token))));
}

/** Sets the new password and ends every session of the account: whoever knew the old one is out. */
export async function resetPassword(db: CatalogDb, token: string, password: string): Promise<UserRow> {
  const passwordHash = await hashPassword(password);
  const row = await useToken(db, 'reset', token);
  const user = row.user_id ? await findUserById(db, row.user_id) : undefined;
  if (!user || user.disabled_at) throw new AppError('TOKEN_INVALID');
  await updateUser(db, user.id, { password_hash: passwordHash, failed_sign_ins: 0, last_failed_at: null });
  await endSessionsOfUser(db, user.id);
  await appendAudit(db, { actor: `user:${user.id}`, action: 'user.password_reset', target: `user:${user.id}` });
  return { ...user, password_hash: passwordHash, failed_sign_ins: 0, last_failed_at: null };
}
