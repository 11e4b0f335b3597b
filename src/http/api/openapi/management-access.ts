// The management API's access routes in the OpenAPI document (src/http/api/management-access.ts):
// members, invitations, API keys, grants, delegation, organisations, platform administrators, the
// audit log and "who am I". Any signed-in caller reaches them; what each may do is checked per route.
import { KEY_SCOPES, ORGANISATION_KINDS, ROLES, VISIBILITIES } from '../../../catalog/index.js';
import { AppError } from '../../../errors.js';
import { errorBody } from '../../errors.js';
import { errors, json, OPERATOR, pathParam, queryParam, ref } from './components.js';
import type { Operation, Paths, Reference, RequestBody, Response, Schema } from './types.js';

const BASE = '/api/management/v1';
const TAG = 'Management API';

const SIGNED_IN_NOTE = 'With an API key, or the session cookie of a signed-in user (its CSRF token in `X-CSRF-Token`). / Avec une clé d’API, ou la session d’un utilisateur connecté.';

function access(operation: Omit<Operation, 'tags' | 'security'>): Operation {
  return { tags: [TAG], security: OPERATOR, ...operation, description: `${operation.description ? `${operation.description}\n\n` : ''}${SIGNED_IN_NOTE}` };
}

// ---- The answers this part adds to the shared error answers: 403 and 409.

export const ACCESS_RESPONSES: Record<string, Response> = {
  Forbidden: json(
    'The caller is known but lacks the right; the attempt is recorded in the audit log. / L’appelant n’a pas ce droit ; la tentative est consignée.',
    ref('ErrorBody'),
    errorBody(new AppError('FORBIDDEN', { action: 'manage the members of nantes', action_fr: 'gérer les membres de nantes', organisation: 'o1' })),
  ),
  Conflict: json('The change conflicts with what is: the last administrator of an organisation, a slug taken. / Le changement contredit l’existant.', ref('ErrorBody'), errorBody(new AppError('LAST_ADMIN', { organisation: 'nantes' }))),
};

/** The shared error answers, plus 403 (always: rights are checked) and 409 when given. */
function accessErrors(statuses: Parameters<typeof errors>, conflict = false): Record<string, Reference> {
  return { ...errors(...statuses), '403': { $ref: '#/components/responses/Forbidden' }, ...(conflict ? { '409': { $ref: '#/components/responses/Conflict' } } : {}) };
}

const org = pathParam('org', 'The organisation’s slug (or SIREN, or code INSEE).', { type: 'string', examples: ['nantes-metropole'] });
const user = pathParam('user', 'The user’s id or e-mail address.', { type: 'string', examples: ['agent@mairie.fr'] });
const keyId = pathParam('id', 'The key’s id.');
const datasetId = pathParam('dataset_id', 'The dataset’s id.', { type: 'string', examples: ['communes'] });
const jsonBody = (description: string, schema: Schema): RequestBody => ({ description, required: true, content: { 'application/json': { schema } } });
const noContent: Response = { description: 'Done. / Fait.' };
const common = [400, 401, 404, 503] as Parameters<typeof errors>;

export const ACCESS_PATHS: Paths = {
  [`${BASE}/me`]: {
    get: access({
      operationId: 'whoAmI',
      summary: 'Who the caller is: user, key, scopes, roles',
      responses: { '200': json('The caller.', ref('Me')), ...errors(401, 503) },
    }),
  },
  [`${BASE}/organisations/{org}/members`]: {
    get: access({
      operationId: 'listMembers',
      summary: 'List the members of an organisation',
      description: 'By its administrators. / Par ses administrateurs.',
      parameters: [org],
      responses: { '200': json('The members.', ref('MemberList')), ...accessErrors(common) },
    }),
  },
  [`${BASE}/organisations/{org}/members/{user}`]: {
    put: access({
      operationId: 'setMember',
      summary: 'Add a user to an organisation, or change their role',
      description: 'The user must have an account (else invite them). An organisation keeps at least one administrator. / L’organisation garde au moins un administrateur.',
      parameters: [org, user],
      requestBody: jsonBody('The role.', ref('MemberRole')),
      responses: { '200': json('The membership.', ref('Member')), ...accessErrors([400, 401, 404, 415, 503], true) },
    }),
    delete: access({
      operationId: 'removeMember',
      summary: 'Remove a user from an organisation',
      parameters: [org, user],
      responses: { '204': noContent, ...accessErrors(common, true) },
    }),
  },
  [`${BASE}/organisations/{org}/invitations`]: {
    post: access({
      operationId: 'inviteMember',
      summary: 'Invite someone by e-mail to join an organisation',
      description: 'The link is sent by mail only, valid 7 days. / Le lien part par courriel seulement.',
      parameters: [org],
      requestBody: jsonBody('Who, and with which role.', ref('Invitation')),
      responses: { '201': json('The invitation was sent.', ref('Invitation')), ...accessErrors([400, 401, 404, 415, 503]) },
    }),
  },
  [`${BASE}/me/api-keys`]: {
    get: access({ operationId: 'listOwnApiKeys', summary: 'List one’s own API keys', responses: { '200': json('The keys (their prefix, never the key).', ref('ApiKeyList')), ...accessErrors([401, 503]) } }),
    post: access({
      operationId: 'createOwnApiKey',
      summary: 'Create an API key acting for oneself',
      description: 'Its scopes are among the caller’s own; with a key, only an `admin` key creates keys. The key is shown in this answer only. / La clé n’est montrée qu’ici.',
      requestBody: jsonBody('The key’s name and scopes.', ref('NewApiKey')),
      responses: { '201': json('The key, shown once.', ref('CreatedApiKey')), ...accessErrors([400, 401, 415, 503]) },
    }),
  },
  [`${BASE}/me/api-keys/{id}`]: {
    delete: access({ operationId: 'revokeOwnApiKey', summary: 'Revoke one of one’s own API keys', parameters: [keyId], responses: { '204': noContent, ...accessErrors(common) } }),
  },
  [`${BASE}/organisations/{org}/api-keys`]: {
    get: access({ operationId: 'listOrganisationApiKeys', summary: 'List an organisation’s API keys', parameters: [org], responses: { '200': json('The keys.', ref('ApiKeyList')), ...accessErrors(common) } }),
    post: access({
      operationId: 'createOrganisationApiKey',
      summary: 'Create an API key acting for an organisation',
      description: 'By its administrators; `read` reads its non-public datasets, `publish` publishes, `admin` manages it. / Par ses administrateurs.',
      parameters: [org],
      requestBody: jsonBody('The key’s name and scopes.', ref('NewApiKey')),
      responses: { '201': json('The key, shown once.', ref('CreatedApiKey')), ...accessErrors([400, 401, 404, 415, 503]) },
    }),
  },
  [`${BASE}/organisations/{org}/api-keys/{id}`]: {
    delete: access({ operationId: 'revokeOrganisationApiKey', summary: 'Revoke an organisation’s API key', parameters: [org, keyId], responses: { '204': noContent, ...accessErrors(common) } }),
  },
  [`${BASE}/datasets/{dataset_id}/grants`]: {
    get: access({ operationId: 'listGrants', summary: 'List who a dataset is shared with', parameters: [datasetId], responses: { '200': json('The grants.', ref('GrantList')), ...accessErrors(common) } }),
    put: access({
      operationId: 'grantDataset',
      summary: 'Share a restricted dataset with an organisation, a user or a key',
      description: 'By editors of the owner. Effective while the dataset is `restricted`. / Effectif tant que le jeu est `restricted`.',
      parameters: [datasetId],
      requestBody: jsonBody('One grantee.', ref('Grantee')),
      responses: { '200': json('The grants.', ref('GrantList')), ...accessErrors([400, 401, 404, 415, 503]) },
    }),
    delete: access({
      operationId: 'revokeGrant',
      summary: 'Stop sharing a dataset with a grantee',
      parameters: [
        datasetId,
        queryParam('organisation', 'The organisation’s slug.'),
        queryParam('user', 'The user’s e-mail address or id.'),
        queryParam('key', 'The key’s id.'),
      ],
      responses: { '204': noContent, ...accessErrors(common) },
    }),
  },
  [`${BASE}/organisations`]: {
    post: access({
      operationId: 'createOrganisation',
      summary: 'Create an organisation',
      description: 'By platform administrators. / Par les administrateurs de la plateforme.',
      requestBody: jsonBody('The organisation.', ref('NewOrganisation')),
      responses: { '201': json('The organisation.', ref('AccessOrganisation')), ...accessErrors([400, 401, 404, 415, 503], true) },
    }),
  },
  [`${BASE}/organisations/{org}`]: {
    patch: access({
      operationId: 'setDelegation',
      summary: 'Let the parent organisation manage this one’s datasets',
      description: 'By its administrators: the parent’s administrators and editors then manage its datasets (a département helping a commune). / Déléguer la gestion des jeux au parent.',
      parameters: [org],
      requestBody: jsonBody('The setting.', ref('Delegation')),
      responses: { '200': json('The organisation.', ref('AccessOrganisation')), ...accessErrors([400, 401, 404, 415, 503]) },
    }),
  },
  [`${BASE}/users/{user}`]: {
    patch: access({
      operationId: 'setPlatformAdmin',
      summary: 'Make a user a platform administrator, or not',
      parameters: [user],
      requestBody: jsonBody('The setting.', ref('PlatformAdminChange')),
      responses: { '200': json('The user.', ref('PlatformAdminUser')), ...accessErrors([400, 401, 404, 415, 503]) },
    }),
  },
  [`${BASE}/audit`]: {
    get: access({
      operationId: 'readAuditLog',
      summary: 'Read the audit log, newest first',
      description: 'Platform administrators read every entry; an organisation’s administrators, its entries. / Le journal d’audit.',
      parameters: [
        queryParam('limit', 'Number of entries.', { type: 'integer', minimum: 1, maximum: 500, default: 50 }),
        queryParam('before', 'Entries older than this id: `next_before` of the previous page.'),
      ],
      responses: { '200': json('A page of entries.', ref('AuditPage')), ...accessErrors([400, 401, 503]) },
    }),
  },
};

const text: Schema = { type: 'string' };
const textOrNull: Schema = { type: ['string', 'null'] };
const count: Schema = { type: 'integer', minimum: 0 };
const slugs: Schema = { type: 'array', items: text };
const list = (items: Schema): Schema => ({ type: 'object', required: ['total_count', 'results'], properties: { total_count: count, results: { type: 'array', items } } });
const scopes: Schema = { type: 'array', items: { type: 'string', enum: KEY_SCOPES }, minItems: 1 };
const role: Schema = { type: 'string', enum: ROLES };

const apiKey: Schema = {
  type: 'object',
  required: ['id', 'name', 'prefix', 'scopes', 'created_at', 'last_used_at', 'revoked_at'],
  properties: { id: text, name: text, prefix: { type: 'string', description: 'The first characters of the key, to recognise it.' }, scopes, created_at: text, last_used_at: textOrNull, revoked_at: textOrNull },
};

export const ACCESS_SCHEMAS: Record<string, Schema> = {
  Me: {
    type: 'object',
    required: ['kind', 'user', 'key_id', 'platform_admin', 'scopes', 'roles', 'reads', 'edits', 'administers'],
    properties: {
      kind: { type: 'string', enum: ['user', 'user_key', 'organisation_key', 'operator', 'platform'] },
      user: { type: ['object', 'null'], properties: { id: text, email: text, name: text } },
      key_id: textOrNull,
      platform_admin: { type: 'boolean' },
      scopes,
      roles: { type: 'array', items: { type: 'object', required: ['organisation', 'role'], properties: { organisation: text, role } } },
      reads: { ...slugs, description: 'Organisations whose non-public datasets the caller reads (delegations included).' },
      edits: { ...slugs, description: 'Organisations whose datasets the caller publishes and edits.' },
      administers: { ...slugs, description: 'Organisations whose members, keys and audit log the caller manages.' },
    },
  },
  Member: { type: 'object', required: ['user_id', 'email', 'name', 'role', 'since'], properties: { user_id: text, email: text, name: text, role, since: text } },
  MemberList: { allOf: [list(ref('Member')), { type: 'object', required: ['organisation'], properties: { organisation: text } }] },
  MemberRole: { type: 'object', required: ['role'], properties: { role } },
  Invitation: { type: 'object', required: ['email', 'role'], properties: { email: text, role, organisation: { type: 'string', description: 'In the answer: the organisation’s slug.' } } },
  ApiKey: apiKey,
  ApiKeyList: list(ref('ApiKey')),
  NewApiKey: { type: 'object', required: ['name', 'scopes'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, scopes } },
  CreatedApiKey: { allOf: [ref('ApiKey'), { type: 'object', required: ['key'], properties: { key: { type: 'string', description: 'The key: shown once, stored only as a hash.' } } }] },
  Grant: {
    type: 'object',
    required: ['kind', 'grantee', 'name', 'created_at'],
    properties: { kind: { type: 'string', enum: ['organisation', 'user', 'key'] }, grantee: { type: 'string', description: 'The slug, the e-mail address or the key id.' }, name: text, created_at: text },
  },
  GrantList: { allOf: [list(ref('Grant')), { type: 'object', required: ['dataset_id', 'visibility'], properties: { dataset_id: text, visibility: { type: 'string', enum: VISIBILITIES } } }] },
  Grantee: {
    description: 'Exactly one of them. / Un seul des trois.',
    oneOf: [
      { type: 'object', required: ['organisation'], properties: { organisation: { type: 'string', description: 'An organisation’s slug.' } }, additionalProperties: false },
      { type: 'object', required: ['user'], properties: { user: { type: 'string', description: 'A user’s e-mail address.' } }, additionalProperties: false },
      { type: 'object', required: ['key'], properties: { key: { type: 'string', description: 'An API key’s id.' } }, additionalProperties: false },
    ],
  },
  NewOrganisation: {
    type: 'object',
    required: ['name', 'kind'],
    properties: {
      name: text,
      kind: { type: 'string', enum: ORGANISATION_KINDS },
      slug: text,
      siren: text,
      cog: text,
      parent: { type: 'string', description: 'The parent’s slug.' },
      administered_by_parent: { type: 'boolean' },
    },
  },
  AccessOrganisation: { allOf: [ref('Organisation'), { type: 'object', required: ['administered_by_parent'], properties: { administered_by_parent: { type: 'boolean' } } }] },
  Delegation: { type: 'object', required: ['administered_by_parent'], properties: { administered_by_parent: { type: 'boolean' } } },
  PlatformAdminChange: { type: 'object', required: ['platform_admin'], properties: { platform_admin: { type: 'boolean' } } },
  PlatformAdminUser: { type: 'object', required: ['id', 'email', 'name', 'platform_admin'], properties: { id: text, email: text, name: text, platform_admin: { type: 'boolean' } } },
  AuditEntry: {
    type: 'object',
    required: ['id', 'at', 'actor', 'action', 'target', 'organisation_id', 'details', 'ip', 'outcome'],
    properties: {
      id: text,
      at: text,
      actor: { type: 'string', description: '`user:ID`, `key:ID` or `platform`.' },
      action: { type: 'string', description: '`member.set`, `key.create`, `grant.add`…; for a refusal, the route.' },
      target: textOrNull,
      organisation_id: textOrNull,
      details: { type: 'object' },
      ip: textOrNull,
      outcome: { type: 'string', enum: ['done', 'refused'] },
    },
  },
  AuditPage: { type: 'object', required: ['results', 'next_before'], properties: { results: { type: 'array', items: ref('AuditEntry') }, next_before: { ...textOrNull, description: 'The `before` of the next page; null at the end.' } } },
};
