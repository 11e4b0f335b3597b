// Storage of user accounts and of their memberships in organisations. Passwords, sessions and the
// rules of who may do what are src/auth's work: here, rows only.
import type { CatalogDb } from './database.js';
import { nowIso, randomId } from './ids.js';
import type { MembershipRow, Role, UserRow } from './schema.js';

export interface NewUser {
  email: string;
  name: string;
  passwordHash?: string | null;
  oidcSubject?: string | null;
  platformAdmin?: boolean;
}

/** One account per address, whatever its case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function insertUser(db: CatalogDb, input: NewUser): Promise<UserRow> {
  const row: UserRow = {
    id: `u${randomId(12)}`,
    email: normaliseEmail(input.email),
    name: input.name,
    password_hash: input.passwordHash ?? null,
    oidc_subject: input.oidcSubject ?? null,
    is_platform_admin: input.platformAdmin ? 1 : 0,
    failed_sign_ins: 0,
    last_failed_at: null,
    created_at: nowIso(),
    disabled_at: null,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}

export async function findUserByEmail(db: CatalogDb, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function findUserById(db: CatalogDb, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByOidcSubject(db: CatalogDb, subject: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
}

export async function listUsers(db: CatalogDb): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

export async function updateUser(db: CatalogDb, id: string, changes: Partial<Omit<UserRow, 'id' | 'created_at'>>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function listMembershipsOfUser(db: CatalogDb, userId: string): Promise<MembershipRow[]> {
  return db.selectFrom('memberships').selectAll().where('user_id', '=', userId).execute();
}

export interface MemberRow extends MembershipRow {
  email: string;
  name: string;
}

export async function listMembersOfOrganisation(db: CatalogDb, organisationId: string): Promise<MemberRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.user_id', 'memberships.organisation_id', 'memberships.role', 'memberships.created_at', 'users.email', 'users.name'])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy('users.email')
    .execute();
}

/** How many members each organisation has, by organisation id (those without any are absent). */
export async function countMembersByOrganisation(db: CatalogDb): Promise<Map<string, number>> {
  const rows = await db.selectFrom('memberships').select(['organisation_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('organisation_id').execute();
  return new Map(rows.map((r) => [r.organisation_id, Number(r.n)]));
}

/** Adds the user to the organisation, or changes their role there. */
export async function setMembership(db: CatalogDb, userId: string, organisationId: string, role: Role): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('memberships').where('user_id', '=', userId).where('organisation_id', '=', organisationId).execute();
    await trx.insertInto('memberships').values({ user_id: userId, organisation_id: organisationId, role, created_at: nowIso() }).execute();
  });
}

/** False when the user was not a member. */
export async function removeMembership(db: CatalogDb, userId: string, organisationId: string): Promise<boolean> {
  const result = await db.deleteFrom('memberships').where('user_id', '=', userId).where('organisation_id', '=', organisationId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
