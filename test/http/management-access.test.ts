// The management API's access routes, as an authority's scripts use them: an organisation's
// administrator manages its members and keys, editors share restricted datasets, an organisation
// delegates its datasets to its parent, and every action — and every refused attempt — lands in the
// audit log that administrators read. On SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/auth/index.js';
import { createOrganisation, insertUser, setMembership, type KeyScope, type OrganisationRow, type Role, type UserRow } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const M = '/api/management/v1';
const EXPLORE = '/api/explore/v2.1/catalog/datasets';
const CSV = 'code;nom\n44109;Nantes\n44184;Saint-Nazaire\n';

type Json = Record<string, unknown>;
interface AuditEntry {
  actor: string;
  action: string;
  target: string | null;
  organisation_id: string | null;
  outcome: string;
  ip: string | null;
  details: Json;
}

for (const { backend, skip } of BACKENDS) {
  describe(`management API: members, keys, grants, delegation, audit (${backend})`, { skip }, () => {
    let setup: TestApp;
    let app: FastifyInstance;
    let orgA: OrganisationRow;
    let orgB: OrganisationRow;
    let orgC: OrganisationRow;
    const keys: Record<string, string> = {};
    const keyIds: Record<string, string> = {};
    const users: Record<string, UserRow> = {};

    const as = (who: string) => ({ authorization: `Apikey ${keys[who]}` });
    const call = (who: string, method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Json) =>
      app.inject({ method, url, headers: who === 'operator' ? setup.headers : as(who), ...(payload ? { payload } : {}) });
    const auditOf = async (who: string): Promise<AuditEntry[]> => {
      const response = await call(who, 'GET', `${M}/audit?limit=500`);
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { results: AuditEntry[] }).results;
    };

    /** A user with a key of these scopes, member of these organisations. */
    async function person(name: string, memberships: Array<[OrganisationRow, Role]>, scopes: KeyScope[] = ['read', 'publish', 'admin'], platformAdmin = false) {
      const user = await insertUser(setup.t.platform.db, { email: `${name}@territoire.fr`, name, platformAdmin });
      for (const [organisation, role] of memberships) await setMembership(setup.t.platform.db, user.id, organisation.id, role);
      users[name] = user;
      const created = await createApiKey(setup.t.platform.db, { name, scopes, userId: user.id });
      keys[name] = created.key;
      keyIds[name] = created.id;
    }

    async function publish(datasetId: string, organisation: OrganisationRow, visibility: string) {
      const response = await app.inject({
        method: 'PUT',
        url: `${M}/datasets/${datasetId}/data?organisation=${organisation.slug}&visibility=${visibility}&filename=data.csv`,
        headers: { ...setup.headers, 'content-type': 'text/csv' },
        payload: CSV,
      });
      assert.equal(response.statusCode, 201, response.body);
    }

    before(async () => {
      setup = await testApp({ backend, env: { TERRITOIRES_PUBLIC_URL: 'https://data.territoire.fr' } });
      app = setup.app;
      const db = setup.t.platform.db;
      orgA = await createOrganisation(db, { name: 'Agglo A', kind: 'epci', slug: 'agglo-a' });
      orgB = await createOrganisation(db, { name: 'Commune B', kind: 'commune', slug: 'commune-b' });
      orgC = await createOrganisation(db, { name: 'Commune C', kind: 'commune', slug: 'commune-c', parentId: orgA.id });
      await person('admin-a', [[orgA, 'admin']]);
      await person('editor-a', [[orgB, 'viewer']]);
      await person('reader-a', [[orgA, 'editor']], ['read']);
      await person('admin-b', [[orgB, 'admin']]);
      await person('admin-c', [[orgC, 'admin']]);
      await person('outsider', [], ['read']);
      await person('root', [], ['read', 'publish', 'admin'], true);
      await publish('a-restreint', orgA, 'restricted');
      await publish('b-public', orgB, 'public');
      await publish('c-prive', orgC, 'private');
    });
    after(async () => setup?.dispose());

    test('an organisation administrator adds an editor, who then publishes there', async () => {
      const added = await call('admin-a', 'PUT', `${M}/organisations/agglo-a/members/editor-a@territoire.fr`, { role: 'editor' });
      assert.equal(added.statusCode, 200, added.body);
      assert.deepEqual(added.json(), { user_id: users['editor-a']?.id, email: 'editor-a@territoire.fr', name: 'editor-a', role: 'editor', since: (added.json() as Json).since });
      const members = (await call('admin-a', 'GET', `${M}/organisations/agglo-a/members`)).json() as { results: Json[] };
      assert.deepEqual(members.results.map((m) => [m.email, m.role]), [['admin-a@territoire.fr', 'admin'], ['editor-a@territoire.fr', 'editor'], ['reader-a@territoire.fr', 'editor']]);

      const me = (await call('editor-a', 'GET', `${M}/me`)).json() as Json;
      assert.equal(me.kind, 'user_key');
      assert.deepEqual((me.roles as Json[]).map((r) => `${String(r.organisation)}:${String(r.role)}`).sort(), ['agglo-a:editor', 'commune-b:viewer']);
      assert.deepEqual(me.edits, ['agglo-a']);
      assert.deepEqual(me.administers, []);

      const published = await app.inject({ method: 'PUT', url: `${M}/datasets/a-nouveau/data?organisation=agglo-a&filename=d.csv`, headers: { ...as('editor-a'), 'content-type': 'text/csv' }, payload: CSV });
      assert.equal(published.statusCode, 201, published.body);
      const entry = (await auditOf('admin-a')).find((e) => e.action === 'member.set');
      assert.deepEqual(entry && [entry.actor, entry.target, entry.organisation_id, entry.outcome, entry.details.role], [`key:${keyIds['admin-a']}`, `user:${users['editor-a']?.id}`, orgA.id, 'done', 'editor']);
    });

    test('an administrator invites by e-mail: the link goes by mail, never in the answer', async () => {
      const invited = await call('admin-a', 'POST', `${M}/organisations/agglo-a/invitations`, { email: 'Nouvelle@Mairie.fr', role: 'viewer' });
      assert.equal(invited.statusCode, 201, invited.body);
      assert.deepEqual(invited.json(), { organisation: 'agglo-a', email: 'nouvelle@mairie.fr', role: 'viewer' });
      const mailbox = setup.t.platform.config.mailboxDir;
      const mails = fs.readdirSync(mailbox).map((file) => fs.readFileSync(path.join(mailbox, file), 'utf8'));
      const mail = mails.find((m) => m.includes('To: nouvelle@mairie.fr'));
      assert.match(mail ?? '', /https:\/\/data\.territoire\.fr\/invitation\?jeton=/);
      assert.equal((await call('editor-a', 'POST', `${M}/organisations/agglo-a/invitations`, { email: 'autre@mairie.fr', role: 'admin' })).statusCode, 403);
      assert.equal((await call('admin-a', 'POST', `${M}/organisations/agglo-a/invitations`, { email: 'autre@mairie.fr', role: 'chef' })).statusCode, 400);
      assert.ok((await auditOf('admin-a')).some((e) => e.action === 'member.invite' && e.target === 'email:nouvelle@mairie.fr'));
    });

    test('an organisation keeps an administrator; a non-administrator manages no members', async () => {
      const demoted = await call('admin-a', 'PUT', `${M}/organisations/agglo-a/members/admin-a@territoire.fr`, { role: 'editor' });
      assert.equal(demoted.statusCode, 409, demoted.body);
      assert.equal((demoted.json() as Json).code, 'LAST_ADMIN');
      assert.equal((await call('admin-a', 'DELETE', `${M}/organisations/agglo-a/members/${users['admin-a']?.id}`)).statusCode, 409);
      assert.equal((await call('editor-a', 'GET', `${M}/organisations/agglo-a/members`)).statusCode, 403);
      // A platform administrator may, knowingly.
      assert.equal((await call('root', 'DELETE', `${M}/organisations/commune-b/members/editor-a@territoire.fr`)).statusCode, 204);
      assert.equal((await call('root', 'DELETE', `${M}/organisations/commune-b/members/editor-a@territoire.fr`)).statusCode, 404);
    });

    test('an editor of A who touches B’s members or grants gets 403, and the attempt is in the audit log', async () => {
      const members = await call('editor-a', 'PUT', `${M}/organisations/commune-b/members/editor-a@territoire.fr`, { role: 'admin' });
      assert.equal(members.statusCode, 403, members.body);
      assert.equal((members.json() as Json).code, 'FORBIDDEN');
      assert.match((members.json() as { message_fr: string }).message_fr, /gérer les membres de commune-b/);
      const grants = await call('editor-a', 'PUT', `${M}/datasets/b-public/grants`, { organisation: 'agglo-a' });
      assert.equal(grants.statusCode, 403, grants.body);
      assert.equal((await call('editor-a', 'GET', `${M}/organisations/commune-b/members`)).statusCode, 403);

      const refused = (await auditOf('admin-b')).filter((e) => e.outcome === 'refused');
      const route = (method: string, path: string) => refused.find((e) => e.action === `${method} ${M}${path}`);
      const onMembers = route('PUT', '/organisations/:org/members/:user');
      assert.ok(onMembers, JSON.stringify(refused));
      assert.equal(onMembers.organisation_id, orgB.id);
      assert.equal(onMembers.target, `${M}/organisations/commune-b/members/editor-a@territoire.fr`);
      assert.equal(onMembers.actor, `key:${keyIds['editor-a']}`);
      assert.ok(onMembers.ip, 'from where');
      assert.equal(route('PUT', '/datasets/:dataset_id/grants')?.organisation_id, orgB.id);
      assert.deepEqual((await auditOf('admin-b')).filter((e) => e.actor === `key:${keyIds['editor-a']}` && e.outcome === 'done'), [], 'nothing was done in B');
    });

    test('a key is shown once and stored hashed; a revoked key answers 401', async () => {
      const created = await call('admin-a', 'POST', `${M}/me/api-keys`, { name: 'script', scopes: ['read'] });
      assert.equal(created.statusCode, 201, created.body);
      const { id, key, prefix, scopes } = created.json() as { id: string; key: string; prefix: string; scopes: string[] };
      assert.deepEqual(scopes, ['read']);
      assert.equal(prefix, key.slice(0, prefix.length));
      const listed = (await call('admin-a', 'GET', `${M}/me/api-keys`)).json() as { results: Json[] };
      const row = listed.results.find((k) => k.id === id);
      assert.deepEqual(Object.keys(row ?? {}).sort(), ['created_at', 'id', 'last_used_at', 'name', 'prefix', 'revoked_at', 'scopes']);
      assert.ok(!JSON.stringify(listed).includes(key), 'the key is not in the list');
      const stored = await setup.t.platform.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(stored.hash, createHash('sha256').update(key).digest('hex'));
      assert.ok(!Object.values(stored).includes(key), 'the key itself is stored nowhere');

      keys.script = key;
      assert.equal(((await call('script', 'GET', `${M}/me`)).json() as Json).kind, 'user_key');
      assert.equal((await call('admin-a', 'DELETE', `${M}/me/api-keys/${id}`)).statusCode, 204);
      const revoked = await call('script', 'GET', `${M}/me`);
      assert.equal(revoked.statusCode, 401);
      assert.equal((revoked.json() as Json).code, 'API_KEY_INVALID');
      assert.equal((await app.inject({ url: `${EXPLORE}/a-restreint`, headers: as('script') })).statusCode, 401);
      // Another's key cannot be revoked, nor told apart from a missing one.
      const others = await call('admin-b', 'DELETE', `${M}/me/api-keys/${id}`);
      assert.equal(others.statusCode, 404);
    });

    test('a key never gets more than its creator: a read key neither publishes, shares nor mints keys', async () => {
      const publishing = await app.inject({ method: 'PUT', url: `${M}/datasets/a-restreint/data?filename=d.csv`, headers: { ...as('reader-a'), 'content-type': 'text/csv' }, payload: CSV });
      assert.equal(publishing.statusCode, 403, publishing.body);
      assert.equal((await call('reader-a', 'PUT', `${M}/datasets/a-restreint/grants`, { organisation: 'commune-b' })).statusCode, 403);
      assert.equal((await call('reader-a', 'POST', `${M}/me/api-keys`, { name: 'more', scopes: ['publish'] })).statusCode, 403);
      assert.equal((await call('reader-a', 'POST', `${M}/me/api-keys`, { name: 'same', scopes: ['read'] })).statusCode, 403, 'a key that is not admin creates none');
      // An organisation's key, by its administrator: listed, usable, revocable.
      const created = await call('admin-a', 'POST', `${M}/organisations/agglo-a/api-keys`, { name: 'moissonneur', scopes: ['read'] });
      assert.equal(created.statusCode, 201, created.body);
      const { id, key } = created.json() as { id: string; key: string };
      keys.harvester = key;
      assert.deepEqual(((await call('harvester', 'GET', `${M}/me`)).json() as Json).reads, ['agglo-a']);
      assert.equal((await app.inject({ url: `${EXPLORE}/a-restreint`, headers: as('harvester') })).statusCode, 200);
      assert.equal((await call('editor-a', 'GET', `${M}/organisations/agglo-a/api-keys`)).statusCode, 403);
      assert.equal((await call('admin-b', 'DELETE', `${M}/organisations/agglo-a/api-keys/${id}`)).statusCode, 403);
      assert.equal((await call('admin-a', 'DELETE', `${M}/organisations/agglo-a/api-keys/${id}`)).statusCode, 204);
      assert.equal((await app.inject({ url: `${EXPLORE}/a-restreint`, headers: as('harvester') })).statusCode, 401);
    });

    test('a grant shows a restricted dataset to its grantee, and revoking it hides it again', async () => {
      const read = async (who: string) => (await app.inject({ url: `${EXPLORE}/a-restreint`, headers: as(who) })).statusCode;
      assert.equal(await read('outsider'), 404);
      const granted = await call('editor-a', 'PUT', `${M}/datasets/a-restreint/grants`, { user: 'outsider@territoire.fr' });
      assert.equal(granted.statusCode, 200, granted.body);
      assert.deepEqual(((granted.json() as { results: Json[] }).results).map((g) => [g.kind, g.grantee]), [['user', 'outsider@territoire.fr']]);
      assert.equal(await read('outsider'), 200);
      assert.equal(await read('admin-b'), 404, 'the grant names a user, not B');
      assert.equal((await call('editor-a', 'PUT', `${M}/datasets/a-restreint/grants`, { organisation: 'commune-b' })).statusCode, 200);
      assert.equal(await read('admin-b'), 200);

      assert.equal((await call('editor-a', 'DELETE', `${M}/datasets/a-restreint/grants?user=outsider@territoire.fr`)).statusCode, 204);
      assert.equal(await read('outsider'), 404);
      assert.equal((await call('editor-a', 'DELETE', `${M}/datasets/a-restreint/grants?user=outsider@territoire.fr`)).statusCode, 404);
      const remaining = (await call('editor-a', 'GET', `${M}/datasets/a-restreint/grants`)).json() as { results: Json[] };
      assert.deepEqual(remaining.results.map((g) => g.grantee), ['commune-b']);
      assert.equal((await call('editor-a', 'PUT', `${M}/datasets/a-restreint/grants`, { user: 'x@y.fr', key: 'k' })).statusCode, 400);
    });

    test('delegation: once C lets its parent A manage its datasets, A’s editor reads C’s private dataset', async () => {
      const read = async () => (await app.inject({ url: `${EXPLORE}/c-prive`, headers: as('editor-a') })).statusCode;
      assert.equal(await read(), 404);
      assert.equal((await call('editor-a', 'PATCH', `${M}/organisations/commune-c`, { administered_by_parent: true })).statusCode, 403);
      const delegated = await call('admin-c', 'PATCH', `${M}/organisations/commune-c`, { administered_by_parent: true });
      assert.equal(delegated.statusCode, 200, delegated.body);
      assert.equal((delegated.json() as Json).administered_by_parent, true);
      assert.equal(await read(), 200);
      assert.equal((await call('admin-b', 'PATCH', `${M}/organisations/commune-b`, { administered_by_parent: true })).statusCode, 400, 'B has no parent');
    });

    test('the audit log: an organisation administrator reads their organisations’ entries, the platform administrator all', async () => {
      const ofA = await auditOf('admin-a');
      assert.ok(ofA.length > 0);
      // Only A's: C delegated its datasets to A, not the administration of its members and log.
      for (const entry of ofA) assert.equal(entry.organisation_id, orgA.id, JSON.stringify(entry));
      assert.ok((await auditOf('admin-c')).some((e) => e.action === 'organisation.delegate' && e.organisation_id === orgC.id));
      const all = await auditOf('root');
      assert.ok(all.some((e) => e.organisation_id === orgB.id && e.outcome === 'refused'));
      assert.ok(all.length > ofA.length);
      // Pages: newest first, then older than the last one seen.
      const first = (await call('root', 'GET', `${M}/audit?limit=2`)).json() as { results: AuditEntry[]; next_before: string };
      const next = (await call('root', 'GET', `${M}/audit?limit=2&before=${first.next_before}`)).json() as { results: Array<{ id: string }> };
      assert.deepEqual([...first.results, ...next.results].map((e) => (e as unknown as { id: string }).id), all.slice(0, 4).map((e) => (e as unknown as { id: string }).id));
      assert.equal((await call('root', 'GET', `${M}/audit?limit=0`)).statusCode, 400);
      assert.equal((await call('outsider', 'GET', `${M}/audit`)).statusCode, 403);
    });

    test('platform administrators create organisations and name other platform administrators', async () => {
      const refused = await call('admin-a', 'POST', `${M}/organisations`, { name: 'Syndicat', kind: 'syndicat' });
      assert.equal(refused.statusCode, 403);
      const created = await call('root', 'POST', `${M}/organisations`, { name: 'Syndicat des eaux', kind: 'syndicat', parent: 'agglo-a', slug: 'syndicat-eaux' });
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual([(created.json() as Json).slug, (created.json() as Json).parent_id, (created.json() as Json).administered_by_parent], ['syndicat-eaux', orgA.id, false]);
      assert.equal((await call('root', 'POST', `${M}/organisations`, { name: 'Syndicat des eaux', kind: 'syndicat', slug: 'syndicat-eaux' })).statusCode, 409);

      assert.equal((await call('admin-a', 'PATCH', `${M}/users/outsider@territoire.fr`, { platform_admin: true })).statusCode, 403);
      const named = await call('root', 'PATCH', `${M}/users/outsider@territoire.fr`, { platform_admin: true });
      assert.equal(named.statusCode, 200, named.body);
      assert.equal((named.json() as Json).platform_admin, true);
      // Their read key stays a read key: without the admin scope, no platform administrator's rights.
      assert.equal(((await call('outsider', 'GET', `${M}/me`)).json() as Json).platform_admin, false);
      assert.equal((await app.inject({ url: `${EXPLORE}/c-prive`, headers: as('outsider') })).statusCode, 404);
    });

    test('the answers are those the OpenAPI document describes', async () => {
      const doc = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: Json }> }> }>> };
      // ajv comes with Fastify (CommonJS): its class is the default export's own default.
      const ajv = new Ajv2020Module.default({ strict: false, allErrors: true, logger: false });
      const id = 'https://territoires.invalid/openapi.json';
      ajv.addSchema({ ...doc, $id: id });
      const rebase = (node: unknown): unknown =>
        Array.isArray(node) ? node.map(rebase) : typeof node === 'object' && node !== null ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? `${id}${v}` : rebase(v)])) : node;
      const cases: Array<[string, 'GET' | 'POST' | 'PUT' | 'PATCH', string, string, number, Json?]> = [
        ['admin-a', 'GET', `${M}/me`, '/me', 200],
        ['admin-a', 'GET', `${M}/organisations/agglo-a/members`, '/organisations/{org}/members', 200],
        ['admin-a', 'PUT', `${M}/organisations/agglo-a/members/outsider@territoire.fr`, '/organisations/{org}/members/{user}', 200, { role: 'viewer' }],
        ['admin-a', 'POST', `${M}/me/api-keys`, '/me/api-keys', 201, { name: 'doc', scopes: ['read', 'publish'] }],
        ['admin-a', 'GET', `${M}/me/api-keys`, '/me/api-keys', 200],
        ['admin-a', 'GET', `${M}/organisations/agglo-a/api-keys`, '/organisations/{org}/api-keys', 200],
        ['editor-a', 'PUT', `${M}/datasets/a-restreint/grants`, '/datasets/{dataset_id}/grants', 200, { key: keyIds.outsider as string }],
        ['admin-a', 'GET', `${M}/audit?limit=5`, '/audit', 200],
        ['admin-a', 'GET', `${M}/organisations/commune-b/members`, '/organisations/{org}/members', 403],
        ['admin-a', 'PATCH', `${M}/organisations/agglo-a`, '/organisations/{org}', 400, { administered_by_parent: true }],
      ];
      for (const [who, method, url, path, status, payload] of cases) {
        const response = await call(who, method, url, payload);
        assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
        const schema = doc.paths[`${M}${path}`]?.[method.toLowerCase()]?.responses[String(status)];
        const resolved = (schema as { $ref?: string }).$ref ? { $ref: `${id}${(schema as unknown as { $ref: string }).$ref}/content/application~1json/schema` } : rebase(schema?.content['application/json']?.schema);
        const check = ajv.compile({ ...(resolved as Json), $id: `${id}/check/${method}${path}${status}` });
        assert.ok(check(response.json()), `${method} ${url}: ${ajv.errorsText(check.errors)}`);
        assert.ok(!check({ error: 'a body of another shape' }), `${method} ${path}: the check tells a wrong body`);
      }
    });

    test('credentials are required', async () => {
      const anonymous = await app.inject({ url: `${M}/me` });
      assert.equal(anonymous.statusCode, 401);
      const me = (await app.inject({ url: `${M}/me`, headers: setup.headers })).json() as Json;
      assert.deepEqual([me.kind, me.platform_admin], ['operator', true]);
    });
  });
}
