// The demo region's accounts and its restricted dataset, as a visitor of `npm start` meets them:
// the hydrants of La Roche-sur-Yon are hidden from anonymous visitors and from other
// organisations, seen with a key of the Département de la Vendée they are shared with, and the
// README's demo accounts sign in with the README's password.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey, SESSION_COOKIE, verifyPassword } from '../../src/auth/index.js';
import { findUserByEmail, listMembershipsOfUser, type OrganisationRow } from '../../src/catalog/index.js';
import { DEMO_ADMIN_EMAIL, DEMO_EDITOR_EMAIL, DEMO_HOSTNAMES, DEMO_PASSWORD, ensureDemoRegion } from '../../src/demo/index.js';
import { buildApp } from '../../src/http/app.js';
import { testPlatform, type TestPlatform } from '../helpers/platform.js';

const HYDRANTS = 'points-eau-incendie-la-roche-sur-yon';
const DATASET = `/api/explore/v2.1/catalog/datasets/${HYDRANTS}`;
const CATALOG = '/api/explore/v2.1/catalog/datasets';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('the demo region (sqlite)', () => {
  let t: TestPlatform;
  let app: FastifyInstance;
  const organisation = async (cog: string, kind: string): Promise<OrganisationRow> =>
    t.platform.db.selectFrom('organisations').selectAll().where('cog', '=', cog).where('kind', '=', kind as OrganisationRow['kind']).executeTakeFirstOrThrow();
  const keyOf = async (org: OrganisationRow) => `Apikey ${(await createApiKey(t.platform.db, { name: org.slug, organisationId: org.id, scopes: ['read'] })).key}`;
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
  const ids = (body: { results: { dataset_id: string }[] }) => body.results.map((r) => r.dataset_id);

  before(async () => {
    t = await testPlatform();
    await ensureDemoRegion(t.platform, t.platform.publishOptions);
    app = await buildApp(t.platform);
  });
  after(async () => {
    await app?.close();
    await t?.dispose();
  });

  test('the hydrants of La Roche-sur-Yon are restricted: no anonymous visitor finds them, on any portal', async () => {
    for (const host of [DEMO_HOSTNAMES.region, DEMO_HOSTNAMES.laRocheSurYon]) {
      assert.equal((await get(DATASET, { host })).statusCode, 404, host);
      assert.equal((await get(`${DATASET}/records`, { host })).statusCode, 404, host);
      assert.ok(!ids((await get(CATALOG, { host })).json()).includes(HYDRANTS), host);
      assert.equal((await get(`/explore/dataset/${HYDRANTS}/`, { host })).statusCode, 404, host);
    }
  });

  test('a key of the Département de la Vendée, which they are shared with, reads them; one of Loire-Atlantique does not', async () => {
    const vendee = await keyOf(await organisation('85', 'departement'));
    const dataset = await get(DATASET, { host: DEMO_HOSTNAMES.laRocheSurYon, authorization: vendee });
    assert.equal(dataset.statusCode, 200);
    assert.equal(dataset.json().visibility, 'restricted');
    assert.equal(dataset.json().metas.default.title, 'Points d’eau incendie de La Roche-sur-Yon');
    const records = await get(`${DATASET}/records?where=etat="Indisponible"&order_by=numero`, { authorization: vendee });
    assert.deepEqual(records.json().results.map((r: { numero: string; adresse: string }) => `${r.numero} ${r.adresse}`), ['PEI-003 Boulevard d’Angleterre', 'PEI-008 Boulevard Louis Blanc']);
    assert.ok(ids((await get(CATALOG, { authorization: vendee })).json()).includes(HYDRANTS));
    const loireAtlantique = await keyOf(await organisation('44', 'departement'));
    assert.equal((await get(DATASET, { authorization: loireAtlantique })).statusCode, 404);
  });

  test('the demo administrator and the editor of La Roche-sur-Yon exist, with the README’s password', async () => {
    const admin = await findUserByEmail(t.platform.db, DEMO_ADMIN_EMAIL);
    assert.equal(admin?.is_platform_admin, 1);
    assert.ok(await verifyPassword(DEMO_PASSWORD, admin?.password_hash ?? ''));
    const editor = await findUserByEmail(t.platform.db, DEMO_EDITOR_EMAIL);
    assert.equal(editor?.is_platform_admin, 0);
    assert.ok(await verifyPassword(DEMO_PASSWORD, editor?.password_hash ?? ''));
    const laRocheSurYon = await organisation('85191', 'commune');
    assert.deepEqual((await listMembershipsOfUser(t.platform.db, editor?.id ?? '')).map((m) => [m.organisation_id, m.role]), [[laRocheSurYon.id, 'editor']]);
  });

  test('the editor signs in at /connexion and then sees the commune’s hydrants, as a member of their owner', async () => {
    const signIn = await app.inject({ method: 'POST', url: '/connexion', payload: form({ email: DEMO_EDITOR_EMAIL, password: DEMO_PASSWORD }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(signIn.statusCode, 303, signIn.body.slice(0, 300));
    const session = signIn.cookies.find((c) => c.name === SESSION_COOKIE);
    assert.ok(session?.value);
    const cookie = `${SESSION_COOKIE}=${session.value}`;
    assert.equal((await get(`${DATASET}/records`, { cookie })).json().total_count, 8);
    // A wrong password opens no session.
    const wrong = await app.inject({ method: 'POST', url: '/connexion', payload: form({ email: DEMO_ADMIN_EMAIL, password: 'territoires-demo!' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.ok(!wrong.cookies.some((c) => c.name === SESSION_COOKIE && c.value));
  });
});
