// The management API's access routes (/api/management/v1/): members, invitations, API keys,
// grants of restricted datasets, delegation to the parent, organisations, platform administrators,
// the audit log and "who am I" — so that authorities script what the back office does. Thin: the
// rights, the rules and the audit trail are src/auth/access.ts and access-keys.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  checkKeyName, checkRole, checkScopes, createOrganisationAsAdmin, createOrganisationKey, createOwnKey, describeCaller, grantAccess, inviteToOrganisation, listGrants, listMembers, listOrganisationKeys,
  listOwnKeys, readAudit, removeMember, revokeAccess, revokeOrganisationKey, revokeOwnKey, requireSignedIn, setAdministeredByParent, setMember, setPlatformAdmin,
  type Acting, type GranteeReference, type GrantView,
} from '../../auth/index.js';
import { getOrganisation, ORGANISATION_KINDS, type ApiKeyRow, type AuditRow, type Dataset, type MemberRow, type OrganisationKind, type OrganisationRow } from '../../catalog/index.js';
import { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import { mailLinkBase } from '../public-url.js';

const BASE = '/api/management/v1';

type OrgParams = { Params: { org: string } };

export async function managementAccessRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const { db, mailer } = platform;
  // JSON bodies only: a form body (parsed for the sign-in pages) is refused, not read as one.
  app.removeContentTypeParser('application/x-www-form-urlencoded');
  app.addHook('preHandler', async (request) => requireSignedIn(request.caller));
  const by = (request: FastifyRequest): Acting => ({ caller: request.caller, ip: request.ip });

  app.get(`${BASE}/me`, async (request) => describeCaller(db, request.caller));

  // ---- Members and invitations

  app.get<OrgParams>(`${BASE}/organisations/:org/members`, async (request) => {
    const { organisation, members } = await listMembers(db, by(request), request.params.org);
    return { organisation: organisation.slug, total_count: members.length, results: members.map(memberObject) };
  });

  // PUT {"role": "editor"}: adds the user (by id or e-mail) or changes their role; again, the same state.
  app.put<{ Params: { org: string; user: string }; Body: unknown }>(`${BASE}/organisations/:org/members/:user`, async (request) => {
    return memberObject(await setMember(db, by(request), request.params.org, request.params.user, checkRole(jsonObject(request.body).role)));
  });

  app.delete<{ Params: { org: string; user: string } }>(`${BASE}/organisations/:org/members/:user`, async (request, reply) => {
    await removeMember(db, by(request), request.params.org, request.params.user);
    return reply.status(204).send();
  });

  // POST {"email": …, "role": …}: the link goes by mail, never in the answer (it proves the address).
  app.post<OrgParams & { Body: unknown }>(`${BASE}/organisations/:org/invitations`, async (request, reply) => {
    const body = jsonObject(request.body);
    const email = typeof body.email === 'string' ? body.email : '';
    const invited = await inviteToOrganisation(db, mailer, by(request), request.params.org, { email, role: checkRole(body.role), baseUrl: mailLinkBase(platform, request) });
    void reply.status(201);
    return { organisation: invited.organisation.slug, email: invited.email, role: invited.role };
  });

  // ---- API keys: the key itself is in the POST answer only; lists show its prefix.

  app.get(`${BASE}/me/api-keys`, async (request) => keyList(await listOwnKeys(db, by(request))));

  app.post<{ Body: unknown }>(`${BASE}/me/api-keys`, async (request, reply) => {
    const body = jsonObject(request.body);
    const created = await createOwnKey(db, by(request), { name: checkKeyName(body.name), scopes: checkScopes(body.scopes) });
    void reply.status(201);
    return { ...keyObject(await keyRow(platform, created.id)), key: created.key };
  });

  app.delete<{ Params: { id: string } }>(`${BASE}/me/api-keys/:id`, async (request, reply) => {
    await revokeOwnKey(db, by(request), request.params.id);
    return reply.status(204).send();
  });

  app.get<OrgParams>(`${BASE}/organisations/:org/api-keys`, async (request) => keyList(await listOrganisationKeys(db, by(request), request.params.org)));

  app.post<OrgParams & { Body: unknown }>(`${BASE}/organisations/:org/api-keys`, async (request, reply) => {
    const body = jsonObject(request.body);
    const created = await createOrganisationKey(db, by(request), request.params.org, { name: checkKeyName(body.name), scopes: checkScopes(body.scopes) });
    void reply.status(201);
    return { ...keyObject(await keyRow(platform, created.id)), key: created.key };
  });

  app.delete<{ Params: { org: string; id: string } }>(`${BASE}/organisations/:org/api-keys/:id`, async (request, reply) => {
    await revokeOrganisationKey(db, by(request), request.params.org, request.params.id);
    return reply.status(204).send();
  });

  // ---- Grants of a restricted dataset: PUT {"organisation": slug} | {"user": e-mail} | {"key": id}; DELETE with the same as query parameters.

  app.get<{ Params: { dataset_id: string } }>(`${BASE}/datasets/:dataset_id/grants`, async (request) => grantList(await listGrants(db, by(request), request.params.dataset_id)));

  app.put<{ Params: { dataset_id: string }; Body: unknown }>(`${BASE}/datasets/:dataset_id/grants`, async (request) => {
    return grantList(await grantAccess(db, by(request), request.params.dataset_id, granteeOf(jsonObject(request.body), 'field')));
  });

  app.delete<{ Params: { dataset_id: string }; Querystring: Record<string, unknown> }>(`${BASE}/datasets/:dataset_id/grants`, async (request, reply) => {
    await revokeAccess(db, by(request), request.params.dataset_id, granteeOf(request.query, 'parameter'));
    return reply.status(204).send();
  });

  // ---- Organisations, platform administrators, audit log

  app.post<{ Body: unknown }>(`${BASE}/organisations`, async (request, reply) => {
    const body = jsonObject(request.body);
    const text = (field: string) => optionalText(body, field);
    const kind = text('kind');
    if (!kind || !(ORGANISATION_KINDS as readonly string[]).includes(kind)) throw invalid('field', 'kind', body.kind, ORGANISATION_KINDS.join(', '), ORGANISATION_KINDS.join(', '));
    const parent = text('parent') ? await getOrganisation(db, text('parent') as string) : undefined;
    const created = await createOrganisationAsAdmin(db, by(request), {
      name: text('name') ?? '',
      kind: kind as OrganisationKind,
      slug: text('slug'),
      siren: text('siren') ?? null,
      cog: text('cog') ?? null,
      parentId: parent?.id ?? null,
      administeredByParent: body.administered_by_parent === true,
    });
    void reply.status(201);
    return organisationObject(created);
  });

  // PATCH {"administered_by_parent": true}: the parent's administrators and editors manage its datasets.
  app.patch<OrgParams & { Body: unknown }>(`${BASE}/organisations/:org`, async (request) => {
    const value = jsonObject(request.body).administered_by_parent;
    if (typeof value !== 'boolean') throw invalid('field', 'administered_by_parent', value, 'true or false', 'true ou false');
    return organisationObject(await setAdministeredByParent(db, by(request), request.params.org, value));
  });

  // PATCH {"platform_admin": true}: by platform administrators only.
  app.patch<{ Params: { user: string }; Body: unknown }>(`${BASE}/users/:user`, async (request) => {
    const value = jsonObject(request.body).platform_admin;
    if (typeof value !== 'boolean') throw invalid('field', 'platform_admin', value, 'true or false', 'true ou false');
    const user = await setPlatformAdmin(db, by(request), request.params.user, value);
    return { id: user.id, email: user.email, name: user.name, platform_admin: user.is_platform_admin === 1 };
  });

  // Newest first; ?before= the last id of the previous page.
  app.get<{ Querystring: { before?: string; limit?: string } }>(`${BASE}/audit`, async (request) => {
    const limit = request.query.limit === undefined ? 50 : Number(request.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('parameter', 'limit', request.query.limit, '1 <= limit <= 500', '1 <= limit <= 500');
    const entries = await readAudit(db, by(request), { before: request.query.before || undefined, limit });
    return { results: entries.map(auditObject), next_before: entries.length === limit ? (entries.at(-1)?.id ?? null) : null };
  });
}

async function keyRow(platform: Platform, id: string): Promise<ApiKeyRow> {
  return platform.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function keyObject(key: ApiKeyRow): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: JSON.parse(key.scopes) as string[],
    created_at: key.created_at,
    last_used_at: key.last_used_at,
    revoked_at: key.revoked_at,
  };
}

function keyList(keys: ApiKeyRow[]) {
  return { total_count: keys.length, results: keys.map(keyObject) };
}

function memberObject(member: MemberRow): Record<string, unknown> {
  return { user_id: member.user_id, email: member.email, name: member.name, role: member.role, since: member.created_at };
}

function grantList({ dataset, grants }: { dataset: Dataset; grants: GrantView[] }) {
  return { dataset_id: dataset.datasetId, visibility: dataset.visibility, total_count: grants.length, results: grants };
}

function organisationObject({ path: _path, administered_by_parent, ...row }: OrganisationRow): Record<string, unknown> {
  return { ...row, administered_by_parent: administered_by_parent === 1 };
}

function auditObject(entry: AuditRow): Record<string, unknown> {
  return { ...entry, details: JSON.parse(entry.details) as unknown };
}

const GRANTEE_KINDS = ['organisation', 'user', 'key'] as const;

/** Exactly one of `organisation`, `user`, `key`, in a body (PUT) or the query (DELETE). */
function granteeOf(input: Record<string, unknown>, where: 'field' | 'parameter'): GranteeReference {
  const given = GRANTEE_KINDS.filter((kind) => input[kind] !== undefined);
  const [kind] = given;
  const reference = kind ? input[kind] : undefined;
  if (given.length !== 1 || !kind || typeof reference !== 'string' || reference === '') {
    throw invalid(where, 'organisation, user or key', given.length ? input[given[0] as string] : undefined, 'one of organisation (slug), user (e-mail) or key (id)', 'un seul parmi organisation (slug), user (adresse) ou key (identifiant)');
  }
  return { kind, reference };
}

function optionalText(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid('field', field, value, 'a string', 'une chaîne de caractères');
  return value;
}

function invalid(where: 'field' | 'parameter', name: string, value: unknown, expected: string, expectedFr: string): AppError {
  const code = where === 'field' ? 'INVALID_FIELD' : 'INVALID_PARAMETER';
  const params: Record<string, string> = where === 'field' ? { field: name } : { parameter: name };
  return new AppError(code, { ...params, value: JSON.stringify(value ?? null), expected, expected_fr: expectedFr }, params);
}

/** The body as a JSON object, or a clear 400. */
function jsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('MALFORMED_BODY', { detail: 'expected a JSON object sent with Content-Type: application/json', detail_fr: 'un objet JSON envoyé avec Content-Type: application/json est attendu' });
  }
  return body as Record<string, unknown>;
}
