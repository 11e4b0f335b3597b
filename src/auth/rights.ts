// What a signed-in user, or a key acting for a user or an organisation, may do: the organisations
// whose non-public datasets it reads, those whose datasets it publishes and edits, those it
// administers, and the grants it holds. Computed once per request from memberships, the
// delegations of organisations to their parent, and the key's scopes.
import type { ApiKeyRow, CatalogDb, Grant, KeyScope, Role, UserRow } from '../catalog/index.js';
import { KEY_SCOPES, listMembershipsOfUser } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { actionWords } from './action-words.js';
import type { Caller } from './visibility.js';

export interface AccountRights {
  /** The user signed in, or the user the key acts for; null for an organisation's key. */
  userId: string | null;
  /** The key used, when the caller came with one. */
  keyId: string | null;
  platformAdmin: boolean;
  scopes: readonly KeyScope[];
  /** Direct roles, for the interface (the organisations a user belongs to). */
  roles: Array<{ organisationId: string; role: Role }>;
  /** Organisations whose private and restricted datasets the caller reads. */
  readable: string[];
  /** Organisations whose datasets the caller publishes, edits and deletes. */
  editable: string[];
  /** Organisations whose members, keys, audit log and portal the caller manages (direct admin roles only). */
  administered: string[];
  /** The names under which restricted datasets may be granted to the caller. */
  grantees: Grant[];
}

const ROLE_OF_SCOPES = (scopes: readonly KeyScope[]): Role | null => (scopes.includes('admin') ? 'admin' : scopes.includes('publish') ? 'editor' : scopes.includes('read') ? 'viewer' : null);

/** The rights of a user signed in through a session: every scope of their roles. */
export async function rightsOfUser(db: CatalogDb, user: UserRow): Promise<AccountRights> {
  const roles = (await listMembershipsOfUser(db, user.id)).map((m) => ({ organisationId: m.organisation_id, role: m.role }));
  return expand(db, { userId: user.id, keyId: null, platformAdmin: user.is_platform_admin === 1, scopes: KEY_SCOPES, roles });
}

/** The rights of a key acting for a user (theirs, narrowed to the key's scopes) or for an organisation. */
export async function rightsOfKey(db: CatalogDb, key: ApiKeyRow, user: UserRow | undefined): Promise<AccountRights> {
  const scopes = (JSON.parse(key.scopes) as string[]).filter((s): s is KeyScope => (KEY_SCOPES as readonly string[]).includes(s));
  if (user) {
    const roles = (await listMembershipsOfUser(db, user.id)).map((m) => ({ organisationId: m.organisation_id, role: m.role }));
    return expand(db, { userId: user.id, keyId: key.id, platformAdmin: user.is_platform_admin === 1 && scopes.includes('admin'), scopes, roles });
  }
  const role = ROLE_OF_SCOPES(scopes);
  const roles = key.organisation_id && role ? [{ organisationId: key.organisation_id, role }] : [];
  return expand(db, { userId: null, keyId: key.id, platformAdmin: false, scopes, roles });
}

async function expand(db: CatalogDb, base: Pick<AccountRights, 'userId' | 'keyId' | 'platformAdmin' | 'scopes' | 'roles'>): Promise<AccountRights> {
  const { scopes, roles } = base;
  const within = (allowed: readonly Role[]) => roles.filter((r) => allowed.includes(r.role)).map((r) => r.organisationId);
  const reads = scopes.includes('read') || scopes.includes('publish') || scopes.includes('admin');
  const grantees: Grant[] = [];
  if (base.keyId) grantees.push({ kind: 'key', id: base.keyId });
  if (reads) {
    if (base.userId) grantees.push({ kind: 'user', id: base.userId });
    for (const role of roles) grantees.push({ kind: 'organisation', id: role.organisationId });
  }
  return {
    ...base,
    readable: reads ? await withDelegatingChildren(db, within(['admin', 'editor', 'viewer'])) : [],
    editable: scopes.includes('publish') || scopes.includes('admin') ? await withDelegatingChildren(db, within(['admin', 'editor'])) : [],
    // A delegation hands over datasets, not people: the parent does not manage the child's members or keys.
    administered: scopes.includes('admin') ? within(['admin']) : [],
    grantees,
  };
}

/** The organisations and, level by level, their children that let their parent manage their datasets. */
async function withDelegatingChildren(db: CatalogDb, organisationIds: string[]): Promise<string[]> {
  const all = new Set(organisationIds);
  let frontier = [...all];
  while (frontier.length > 0) {
    const children = await db.selectFrom('organisations').select('id').where('parent_id', 'in', frontier).where('administered_by_parent', '=', 1).execute();
    frontier = children.map((c) => c.id).filter((id) => !all.has(id));
    for (const id of frontier) all.add(id);
  }
  return [...all];
}

/** Platform administrators: a signed-in one, an operator key, the platform's own tools. */
export function isPlatformAdmin(caller: Caller): boolean {
  return caller.kind === 'operator' || caller.kind === 'platform' || (caller.kind === 'account' && caller.rights.platformAdmin);
}

export function canEditDatasetsOf(caller: Caller, organisationId: string): boolean {
  return isPlatformAdmin(caller) || (caller.kind === 'account' && caller.rights.editable.includes(organisationId));
}

export function canAdministerOrganisation(caller: Caller, organisationId: string): boolean {
  return isPlatformAdmin(caller) || (caller.kind === 'account' && caller.rights.administered.includes(organisationId));
}

/** Credentials of any kind: an anonymous caller gets a 401 that says how to bring some. */
export function requireSignedIn(caller: Caller): void {
  if (caller.kind === 'anonymous') throw new AppError('API_KEY_REQUIRED');
}

export function requirePlatformAdmin(caller: Caller, action: string): void {
  requireSignedIn(caller);
  if (!isPlatformAdmin(caller)) throw new AppError('FORBIDDEN', actionWords(action));
}

export function requireDatasetEditor(caller: Caller, organisationId: string, action: string): void {
  requireSignedIn(caller);
  if (!canEditDatasetsOf(caller, organisationId)) throw new AppError('FORBIDDEN', { ...actionWords(action), organisation: organisationId });
}

export function requireOrganisationAdmin(caller: Caller, organisationId: string, action: string): void {
  requireSignedIn(caller);
  if (!canAdministerOrganisation(caller, organisationId)) throw new AppError('FORBIDDEN', { ...actionWords(action), organisation: organisationId });
}
