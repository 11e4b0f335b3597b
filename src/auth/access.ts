// Managing access (issue [5/6]): the members of organisations, invitations, organisations and
// their delegation to their parent, platform administrators, and the audit log. Each function
// checks the caller's rights (rights.ts) before it acts, then appends what it did to the audit
// log; a refusal is an AppError FORBIDDEN, which the HTTP layer records as a refused attempt.
// API keys and dataset grants are in access-keys.ts.
import {
  appendAudit, createOrganisation, findUserByEmail, findUserById, getOrganisation, listAudit, listMembersOfOrganisation, removeMembership, ROLES, setMembership, updateUser,
  type AuditRow, type CatalogDb, type MemberRow, type NewOrganisation, type OrganisationRow, type Role, type UserRow,
} from '../catalog/index.js';
import { AppError } from '../errors.js';
import { checkEmail, inviteMember } from './accounts.js';
import type { Mailer } from './mail.js';
import { recordAction } from './dataset-rights.js';
import { canAdministerOrganisation, isPlatformAdmin, requireSignedIn } from './rights.js';
import { callerLabel, type Caller } from './visibility.js';

/** Who acts, and from where (the request's address, for the audit log). */
export interface Acting {
  caller: Caller;
  ip?: string | null;
}

/** What a refused caller was trying to do, in both languages (the FORBIDDEN message names it). */
export interface Action {
  en: string;
  fr: string;
}

/** Throws FORBIDDEN unless allowed; the organisation, when given, lets its administrators read the refusal. */
export function requireAllowed(by: Acting, allowed: boolean, action: Action, organisationId?: string): void {
  requireSignedIn(by.caller);
  if (!allowed) throw new AppError('FORBIDDEN', { action: action.en, action_fr: action.fr, ...(organisationId ? { organisation: organisationId } : {}) });
}

/** recordAction (dataset-rights.ts), as the functions of this file call it. */
export async function auditDone(db: CatalogDb, by: Acting, action: string, target: string | null, organisationId: string | null, details: Record<string, unknown> = {}): Promise<void> {
  await recordAction(db, by.caller, { action, target, organisationId, ip: by.ip ?? null, details });
}

/** An attempt refused for want of rights, in the audit log. */
export async function auditRefused(db: CatalogDb, caller: Caller, action: string, target: string | null, organisationId: string | null, ip: string | null, details: Record<string, unknown> = {}): Promise<void> {
  await appendAudit(db, { actor: callerLabel(caller), action, target, organisationId, ip, details, outcome: 'refused' });
}

export function checkRole(value: unknown): Role {
  if (typeof value === 'string' && (ROLES as readonly string[]).includes(value)) return value as Role;
  throw new AppError('INVALID_FIELD', { field: 'role', value: JSON.stringify(value ?? null), expected: ROLES.join(', ') }, { field: 'role' });
}

/** A user by id or by e-mail address. */
export async function getUserByReference(db: CatalogDb, reference: string): Promise<UserRow> {
  const user = (await findUserById(db, reference)) ?? (reference.includes('@') ? await findUserByEmail(db, reference) : undefined);
  if (!user) throw new AppError('USER_NOT_FOUND', { user: reference });
  return user;
}

async function administeredOrganisation(db: CatalogDb, by: Acting, reference: string, action: Action): Promise<OrganisationRow> {
  const organisation = await getOrganisation(db, reference);
  requireAllowed(by, canAdministerOrganisation(by.caller, organisation.id), action, organisation.id);
  return organisation;
}

const manageMembers = (organisation: string): Action => ({ en: `manage the members of ${organisation}`, fr: `gérer les membres de ${organisation}` });

// ---- Members

export async function listMembers(db: CatalogDb, by: Acting, organisation: string): Promise<{ organisation: OrganisationRow; members: MemberRow[] }> {
  const row = await administeredOrganisation(db, by, organisation, manageMembers(organisation));
  return { organisation: row, members: await listMembersOfOrganisation(db, row.id) };
}

/** Adds a user (by id or e-mail) to the organisation, or changes their role. */
export async function setMember(db: CatalogDb, by: Acting, organisation: string, user: string, role: Role): Promise<MemberRow> {
  const row = await administeredOrganisation(db, by, organisation, manageMembers(organisation));
  const member = await getUserByReference(db, user);
  if (role !== 'admin') await keepAnAdmin(db, by, row, member.id);
  await setMembership(db, member.id, row.id, role);
  await auditDone(db, by, 'member.set', `user:${member.id}`, row.id, { email: member.email, role });
  const members = await listMembersOfOrganisation(db, row.id);
  return members.find((m) => m.user_id === member.id) as MemberRow;
}

export async function removeMember(db: CatalogDb, by: Acting, organisation: string, user: string): Promise<void> {
  const row = await administeredOrganisation(db, by, organisation, manageMembers(organisation));
  const member = await getUserByReference(db, user);
  await keepAnAdmin(db, by, row, member.id);
  if (!(await removeMembership(db, member.id, row.id))) throw new AppError('MEMBER_NOT_FOUND', { user, organisation: row.slug });
  await auditDone(db, by, 'member.remove', `user:${member.id}`, row.id, { email: member.email });
}

/**
 * An organisation keeps at least one administrator, or nobody but the platform's administrators
 * could manage it again; they alone may leave it without one.
 */
async function keepAnAdmin(db: CatalogDb, by: Acting, organisation: OrganisationRow, leaving: string): Promise<void> {
  if (isPlatformAdmin(by.caller)) return;
  const admins = (await listMembersOfOrganisation(db, organisation.id)).filter((m) => m.role === 'admin');
  if (admins.length === 1 && admins[0]?.user_id === leaving) throw new AppError('LAST_ADMIN', { organisation: organisation.slug });
}

/** Sends an invitation; the link goes by mail only, so that an address is proved by its owner. */
export async function inviteToOrganisation(
  db: CatalogDb,
  mailer: Mailer,
  by: Acting,
  organisation: string,
  input: { email: string; role: Role; baseUrl: string },
): Promise<{ organisation: OrganisationRow; email: string; role: Role }> {
  const row = await administeredOrganisation(db, by, organisation, manageMembers(organisation));
  const email = checkEmail(input.email);
  const invitedBy = by.caller.kind === 'account' ? by.caller.rights.userId : null;
  await inviteMember(db, mailer, { email, organisationId: row.id, role: input.role, invitedBy, baseUrl: input.baseUrl });
  await auditDone(db, by, 'member.invite', `email:${email}`, row.id, { email, role: input.role });
  return { organisation: row, email, role: input.role };
}

// ---- Organisations

export async function createOrganisationAsAdmin(db: CatalogDb, by: Acting, input: NewOrganisation): Promise<OrganisationRow> {
  requireAllowed(by, isPlatformAdmin(by.caller), { en: 'create organisations', fr: 'créer des organisations' });
  const row = await createOrganisation(db, input);
  await auditDone(db, by, 'organisation.create', `organisation:${row.id}`, row.id, { slug: row.slug, kind: row.kind, parent_id: row.parent_id });
  return row;
}

/** Lets (or stops letting) the parent's administrators and editors manage the organisation's datasets. */
export async function setAdministeredByParent(db: CatalogDb, by: Acting, organisation: string, value: boolean): Promise<OrganisationRow> {
  const row = await administeredOrganisation(db, by, organisation, { en: `change the settings of ${organisation}`, fr: `modifier les réglages de ${organisation}` });
  if (!row.parent_id && value) {
    throw new AppError('INVALID_FIELD', { field: 'administered_by_parent', value: 'true', expected: 'false: this organisation has no parent', expected_fr: 'false : cette organisation n’a pas de parent' }, { field: 'administered_by_parent' });
  }
  await db.updateTable('organisations').set({ administered_by_parent: value ? 1 : 0 }).where('id', '=', row.id).execute();
  await auditDone(db, by, 'organisation.delegate', `organisation:${row.id}`, row.id, { administered_by_parent: value, parent_id: row.parent_id });
  return { ...row, administered_by_parent: value ? 1 : 0 };
}

export async function setPlatformAdmin(db: CatalogDb, by: Acting, user: string, value: boolean): Promise<UserRow> {
  requireAllowed(by, isPlatformAdmin(by.caller), { en: 'name platform administrators', fr: 'nommer des administrateurs de la plateforme' });
  const row = await getUserByReference(db, user);
  await updateUser(db, row.id, { is_platform_admin: value ? 1 : 0 });
  await auditDone(db, by, 'user.platform_admin', `user:${row.id}`, null, { email: row.email, platform_admin: value });
  return { ...row, is_platform_admin: value ? 1 : 0 };
}

// ---- Audit log

/** Platform administrators read every entry; an organisation's administrators, that organisation's. */
export async function readAudit(db: CatalogDb, by: Acting, page: { before?: string; limit: number }): Promise<AuditRow[]> {
  requireSignedIn(by.caller);
  if (isPlatformAdmin(by.caller)) return listAudit(db, page);
  const administered = by.caller.kind === 'account' ? by.caller.rights.administered : [];
  requireAllowed(by, administered.length > 0, { en: 'read the audit log', fr: 'lire le journal d’audit' });
  return listAudit(db, { ...page, organisationIds: administered });
}

// ---- Who am I

export interface CallerDescription {
  kind: 'user' | 'user_key' | 'organisation_key' | 'operator' | 'platform';
  user: { id: string; email: string; name: string } | null;
  key_id: string | null;
  platform_admin: boolean;
  scopes: readonly string[];
  /** Direct memberships, by organisation slug. */
  roles: Array<{ organisation: string; role: Role }>;
  /** Slugs of the organisations whose non-public datasets the caller reads, edits, administers (delegations included). */
  reads: string[];
  edits: string[];
  administers: string[];
}

/** What a script needs to know before it acts: who it is, and where it may act. */
export async function describeCaller(db: CatalogDb, caller: Caller): Promise<CallerDescription> {
  requireSignedIn(caller);
  if (caller.kind !== 'account') {
    const everyone = { reads: [], edits: [], administers: [], roles: [] };
    return { kind: caller.kind === 'operator' ? 'operator' : 'platform', user: null, key_id: caller.kind === 'operator' ? caller.keyId : null, platform_admin: true, scopes: ['read', 'publish', 'admin'], ...everyone };
  }
  const { rights } = caller;
  const user = rights.userId ? await findUserById(db, rights.userId) : undefined;
  const ids = [...new Set([...rights.roles.map((r) => r.organisationId), ...rights.readable])];
  const slugs = new Map((ids.length ? await db.selectFrom('organisations').select(['id', 'slug']).where('id', 'in', ids).execute() : []).map((o) => [o.id, o.slug]));
  const slugsOf = (list: string[]) => list.map((id) => slugs.get(id) ?? id).sort();
  return {
    kind: rights.keyId === null ? 'user' : user ? 'user_key' : 'organisation_key',
    user: user ? { id: user.id, email: user.email, name: user.name } : null,
    key_id: rights.keyId,
    platform_admin: rights.platformAdmin,
    scopes: rights.scopes,
    roles: rights.roles.map((r) => ({ organisation: slugs.get(r.organisationId) ?? r.organisationId, role: r.role })),
    reads: slugsOf(rights.readable),
    edits: slugsOf(rights.editable),
    administers: slugsOf(rights.administered),
  };
}
