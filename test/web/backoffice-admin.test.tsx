// The back-office's remaining pages: sharing a restricted dataset, purging a version, processing
// steps, a portal's look, the platform administrators' organisations and portals; and bad input
// (oversized or malicious Markdown) refused or rendered inert. SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiKey, createSession } from '../../src/auth/index.js';
import { createOrganisation, createPortal, insertUser, listAudit, setMembership, topOrganisation, type Role } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { publishCsv } from '../helpers/catalog.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const MALICIOUS = ['<script>alert(1)</script>', '[lien](javascript:alert(1))', '<img src=x onerror=alert(1)>', '[données](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'].join('\n\n');

/** Nothing of the text can run: no script of it, no handler attribute, no javascript: or data: link. */
function assertInert(html: string): void {
  assert.doesNotMatch(html, /<script>alert/i);
  assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+\s*=/i, 'no on* attribute');
  assert.doesNotMatch(html, /(href|src)\s*=\s*["']?\s*(javascript|data):/i, 'no javascript: or data: link');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'the text is shown, as text');
}

interface Browser {
  cookie: string;
  csrf: string;
}

for (const { backend, skip } of BACKENDS) describe(`back-office administration pages on ${backend}`, { skip }, () => {
  let setup: TestApp;
  let editor: Browser;
  let nantesAdmin: Browser;
  let platformAdmin: Browser;
  let angersKey: string;
  let choletKey: { id: string; key: string };

  before(async () => {
    setup = await testApp({ backend });
    const { platform } = setup.t;
    const region = await topOrganisation(platform.db);
    const nantes = await createOrganisation(platform.db, { name: 'Nantes', kind: 'commune', slug: 'nantes', parentId: region?.id ?? null });
    const angers = await createOrganisation(platform.db, { name: 'Angers', kind: 'commune', slug: 'angers', parentId: region?.id ?? null });
    const cholet = await createOrganisation(platform.db, { name: 'Cholet', kind: 'commune', slug: 'cholet', parentId: region?.id ?? null });
    await createPortal(platform.db, { slug: 'region', title: 'Données de la Région', hostnames: [], scope: null, isDefault: true });
    await createPortal(platform.db, { slug: 'nantes', title: 'Nantes ouverte', hostnames: [], scope: nantes });
    await publishCsv(platform, 'budget-nantes', 'poste;montant\nvoirie;10\n', { title: 'Budget de Nantes', organisation: 'nantes', visibility: 'restricted' });
    await publishCsv(platform, 'budget-nantes', 'poste;montant\nvoirie;10\nmenu;99\n', { organisation: 'nantes' });
    await publishCsv(platform, 'equipements', 'nom;surface\npiscine;2\n', { title: 'Équipements', organisation: 'nantes' });
    const signIn = async (email: string, membership: { organisationId: string; role: Role } | null, platformAdminToo = false): Promise<Browser> => {
      const user = await insertUser(platform.db, { email, name: email.split('@')[0] ?? email, platformAdmin: platformAdminToo });
      if (membership) await setMembership(platform.db, user.id, membership.organisationId, membership.role);
      const session = await createSession(platform.db, user.id, null);
      return { cookie: `territoires_session=${session.token}`, csrf: session.csrf };
    };
    editor = await signIn('agent@nantes.fr', { organisationId: nantes.id, role: 'editor' });
    nantesAdmin = await signIn('chef@nantes.fr', { organisationId: nantes.id, role: 'admin' });
    platformAdmin = await signIn('admin@region.fr', null, true);
    await signIn('agent@angers.fr', { organisationId: angers.id, role: 'viewer' });
    angersKey = (await createApiKey(platform.db, { name: 'Angers', scopes: ['read'], organisationId: angers.id })).key;
    choletKey = await createApiKey(platform.db, { name: 'Cholet', scopes: ['read'], organisationId: cholet.id });
  });
  after(async () => setup?.dispose());

  const get = (url: string, who?: Browser) => setup.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
  const post = (url: string, who: Browser, fields: Record<string, string>) =>
    setup.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString() });
  const records = async (datasetId: string, key?: string) => {
    const response = await setup.app.inject({ url: `/api/explore/v2.1/catalog/datasets/${datasetId}/records?limit=100`, headers: key ? { authorization: `Apikey ${key}` } : setup.headers });
    return { status: response.statusCode, results: response.statusCode === 200 ? (JSON.parse(response.body) as { results: Record<string, unknown>[] }).results : [] };
  };

  test('an editor shares a restricted dataset with an organisation and a key, who then read it, until access is removed', async () => {
    assert.equal((await records('budget-nantes', angersKey)).status, 404, 'not shared yet: not found');
    const page = await get('/espace/jeux/budget-nantes/acces', editor);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ce jeu de données n’est partagé avec personne/);
    const added = await post('/espace/jeux/budget-nantes/acces', editor, { kind: 'organisation', grantee: 'angers' });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, '/espace/jeux/budget-nantes/acces?fait=ajoute');
    assert.equal((await records('budget-nantes', angersKey)).results.length, 2, 'a key of the organisation reads it');
    assert.equal((await post('/espace/jeux/budget-nantes/acces', editor, { kind: 'key', grantee: choletKey.id })).statusCode, 303);
    assert.equal((await records('budget-nantes', choletKey.key)).status, 200, 'the key granted reads it');
    assert.equal((await post('/espace/jeux/budget-nantes/acces', editor, { kind: 'user', grantee: 'agent@angers.fr' })).statusCode, 303);
    const listed = await get('/espace/jeux/budget-nantes/acces?fait=ajoute', editor);
    assert.match(listed.body, /L’accès est donné/);
    assert.match(listed.body, /Angers <span class="hint">\(angers\)<\/span>/);
    assert.match(listed.body, /\(agent@angers\.fr\)/);
    const unknown = await post('/espace/jeux/budget-nantes/acces?lang=en', editor, { kind: 'organisation', grantee: 'nowhere' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /<p class="field-error" id="field-grantee-error">Error: [^<]*nowhere/);
    const removed = await post('/espace/jeux/budget-nantes/acces/retirer', editor, { kind: 'organisation', grantee: 'angers' });
    assert.equal(removed.statusCode, 303);
    assert.equal((await records('budget-nantes', angersKey)).status, 404, 'access removed');
    const kinds = (await listAudit(setup.t.platform.db, { limit: 50 })).map((e) => e.action);
    assert.ok(kinds.includes('grant.add') && kinds.includes('grant.remove'));
  });

  test('purging the live version, after a confirmation, puts the previous one back and removes its records', async () => {
    const datasetPage = await get('/espace/jeux/budget-nantes', editor);
    assert.match(datasetPage.body, /href="\/espace\/jeux\/budget-nantes\/versions\/2\/purger" aria-label="Purger la version 2…"/);
    assert.match(datasetPage.body, /href="\/espace\/jeux\/budget-nantes\/acces"/);
    const confirmation = await get('/espace/jeux/budget-nantes/versions/2/purger', editor);
    assert.equal(confirmation.statusCode, 200);
    assert.match(confirmation.body, /Cette opération est irréversible/);
    assert.match(confirmation.body, /disparaissent des données en ligne, des versions conservées et des exports/);
    assert.match(confirmation.body, /la version 1 la remplace/);
    assert.equal((await records('budget-nantes')).results.length, 2);
    const purged = await post('/espace/jeux/budget-nantes/versions/2/purger', editor, {});
    assert.equal(purged.statusCode, 303);
    assert.equal(purged.headers.location, '/espace/jeux/budget-nantes?fait=purge');
    assert.deepEqual((await records('budget-nantes')).results.map((r) => r.poste), ['voirie'], 'the previous version is live');
    const after = await get('/espace/jeux/budget-nantes?fait=purge', editor);
    assert.match(after.body, /La version est purgée/);
    assert.doesNotMatch(after.body, /versions\/2\/purger/);
    assert.equal((await get('/espace/jeux/budget-nantes/versions/2/purger', editor)).statusCode, 404);
    const entry = (await listAudit(setup.t.platform.db, { limit: 50 })).find((e) => e.action === 'dataset.purge');
    assert.equal(entry?.target, 'dataset:budget-nantes');
  });

  test('processing steps are saved from the form and replayed on the next publish', async () => {
    const form = await get('/espace/jeux/equipements/etapes', editor);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<label for="field-steps">Étapes \(JSON\)/);
    const steps = JSON.stringify([{ op: 'rename', field: 'nom', to: 'equipement' }]);
    const saved = await post('/espace/jeux/equipements/etapes', editor, { steps });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/espace/jeux/equipements/etapes?fait=enregistre');
    assert.match((await get('/espace/jeux/equipements/etapes?fait=enregistre', editor)).body, /&quot;op&quot;: &quot;rename&quot;/);
    const put = await setup.app.inject({ method: 'PUT', url: '/api/management/v1/datasets/equipements/data?filename=e.csv', headers: { ...setup.headers, 'content-type': 'text/csv' }, payload: 'nom;surface\npatinoire;3\n' });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual((await records('equipements')).results, [{ equipement: 'patinoire', surface: 3 }]);
  });

  test('steps that are not JSON, or not steps, are refused by their field, in French and English', async () => {
    const notJson = await post('/espace/jeux/equipements/etapes', editor, { steps: '[{"op": ' });
    assert.equal(notJson.statusCode, 400);
    assert.match(notJson.body, /id="field-steps-error">Erreur : [^<]*un tableau JSON/);
    assert.match(notJson.body, /\[\{&quot;op&quot;:<\/textarea>/, 'what was typed is kept');
    const wrong = await post('/espace/jeux/equipements/etapes?lang=en', editor, { steps: '[{"op": "rename", "field": "equipement", "to": "Pas Un Nom"}]' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /id="field-steps-error">Error: Invalid value for field steps\[0\]\.to/);
    assert.match((await get('/espace/jeux/equipements/etapes', editor)).body, /&quot;to&quot;: &quot;equipement&quot;/, 'the steps saved before are kept');
  });

  test('a portal’s administrator changes its title and home text; others get 403', async () => {
    assert.equal((await get('/espace/portails/nantes', editor)).statusCode, 403, 'an editor does not administer the organisation');
    assert.equal((await get('/espace/portails/region', nantesAdmin)).statusCode, 403, 'the regional portal is the platform’s');
    const form = await get('/espace/portails/nantes', nantesAdmin);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="Nantes ouverte"/);
    const fields = { title: 'Données de Nantes', primary_color: '#18753c', logo_url: '', home_text: 'Bienvenue **ici**.', legal_notice: '', privacy: '', accessibility: '', accessibility_status: 'non', featured: 'equipements' };
    const badColour = await post('/espace/portails/nantes', nantesAdmin, { ...fields, primary_color: 'vert' });
    assert.equal(badColour.statusCode, 400);
    assert.match(badColour.body, /id="field-primary_color-error"/);
    const saved = await post('/espace/portails/nantes', nantesAdmin, fields);
    assert.equal(saved.statusCode, 303);
    const home = await get('/portals/nantes/');
    assert.match(home.body, /<h1>Données de Nantes<\/h1>/);
    assert.match(home.body, /Bienvenue <strong>ici<\/strong>/);
    assert.match(home.body, /--primary:#18753c/);
    assert.match((await get('/espace', nantesAdmin)).body, /href="\/espace\/portails\/nantes">Portail Données de Nantes/);
    assert.equal((await listAudit(setup.t.platform.db, { limit: 50 })).find((e) => e.action === 'portal.update')?.target, 'portal:nantes');
  });

  test('only platform administrators reach the administration pages', async () => {
    for (const url of ['/espace/admin/organisations', '/espace/admin/portails']) {
      assert.equal((await get(url, nantesAdmin)).statusCode, 403, url);
      assert.equal((await post(url, nantesAdmin, { name: 'Pirate', slug: 'pirate', title: 'Pirate', kind: 'commune' })).statusCode, 403, url);
    }
    assert.doesNotMatch((await get('/espace', nantesAdmin)).body, /\/espace\/admin\//);
  });

  test('a platform administrator creates an organisation, then a portal for it', async () => {
    const home = await get('/espace', platformAdmin);
    assert.match(home.body, /href="\/espace\/admin\/organisations"/);
    const list = await get('/espace/admin/organisations', platformAdmin);
    assert.equal(list.statusCode, 200);
    const parents = /<select id="field-parent"[^]*?<\/select>/.exec(list.body)?.[0] ?? '';
    const regionId = /<option value="([^"]+)"[^>]*>Région<\/option>/.exec(parents)?.[1] ?? '';
    assert.match(list.body, /Nantes <span class="hint">\(nantes\)<\/span><\/th><td>Commune<\/td><td>Région<\/td><td>—<\/td><td>2<\/td>/);
    const badSiren = await post('/espace/admin/organisations', platformAdmin, { name: 'Saumur', kind: 'commune', parent: regionId, siren: '123', cog: '' });
    assert.equal(badSiren.statusCode, 400);
    assert.match(badSiren.body, /id="field-siren-error">Erreur : Un SIREN s’écrit avec 9 chiffres/);
    const created = await post('/espace/admin/organisations', platformAdmin, { name: 'Saumur', kind: 'commune', parent: regionId, siren: '214903288', cog: '49328' });
    assert.equal(created.statusCode, 303, /class="error-box"[^]*?<\/div>/.exec(created.body)?.[0]);
    const after = await get(created.headers.location as string, platformAdmin);
    assert.match(after.body, /L’organisation Saumur est créée/);
    assert.match(after.body, /Saumur <span class="hint">\(saumur\)<\/span><\/th><td>Commune<\/td><td>Région<\/td><td>214903288 \/ 49328<\/td><td>0<\/td>/);
    const saumurId = /<option value="([^"]+)"[^>]*>Saumur<\/option>/.exec(after.body)?.[1] ?? '';
    const portal = await post('/espace/admin/portails', platformAdmin, { slug: 'saumur', title: 'Saumur en données', hostnames: 'data.saumur.fr', scope: saumurId });
    assert.equal(portal.statusCode, 303, /class="error-box"[^]*?<\/div>/.exec(portal.body)?.[0]);
    const portals = await get('/espace/admin/portails', platformAdmin);
    assert.match(portals.body, /<a href="\/espace\/portails\/saumur">Saumur en données<\/a>/);
    assert.match(portals.body, /data\.saumur\.fr/);
    const taken = await post('/espace/admin/portails', platformAdmin, { slug: 'saumur', title: 'Encore', hostnames: '', scope: '' });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /id="field-slug-error"/);
    assert.match((await get('/portals/saumur/')).body, /<h1>Saumur en données<\/h1>/);
  });

  test('an oversized description or home text is refused, naming the field and the limit; nothing is saved', async () => {
    const huge = 'a'.repeat(100_001);
    const api = await setup.app.inject({ method: 'PATCH', url: '/api/management/v1/datasets/equipements', headers: setup.headers, payload: { description: huge } });
    assert.equal(api.statusCode, 400);
    assert.match(api.body, /description/);
    assert.match(api.body, /100000 characters/);
    const form = await post('/espace/jeux/equipements', editor, { title: 'Équipements', description: huge, visibility: 'public' });
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /id="field-description-error">Erreur : [^<]*au plus 100000 caractères/);
    const portal = await post('/espace/portails/nantes', nantesAdmin, { title: 'Autre titre', primary_color: '#000091', home_text: huge, accessibility_status: 'non' });
    assert.equal(portal.statusCode, 400);
    assert.match(portal.body, /id="field-home_text-error">Erreur : [^<]*au plus 100000 caractères/);
    const portalApi = await setup.app.inject({ method: 'PATCH', url: '/api/management/v1/portals/nantes', headers: setup.headers, payload: { legal_notice: huge } });
    assert.equal(portalApi.statusCode, 400);
    assert.match(portalApi.body, /legal_notice/);
    const dataset = JSON.parse((await setup.app.inject({ url: '/api/explore/v2.1/catalog/datasets/equipements', headers: setup.headers })).body) as { metas: { default: { description: string | null } } };
    assert.notEqual(dataset.metas.default.description?.length, huge.length);
    assert.match((await get('/portals/nantes/')).body, /<h1>Données de Nantes<\/h1>/, 'the portal is unchanged');
  });

  test('malicious Markdown is shown as inert text on the dataset page and the portal home', async () => {
    const saved = await post('/espace/jeux/equipements', editor, { title: 'Équipements', description: MALICIOUS, visibility: 'public' });
    assert.equal(saved.statusCode, 303);
    const page = await get('/explore/dataset/equipements/');
    assert.equal(page.statusCode, 200);
    assertInert(page.body);
    const fields = { title: 'Données de Nantes', primary_color: '#18753c', home_text: MALICIOUS, accessibility_status: 'non' };
    assert.equal((await post('/espace/portails/nantes', nantesAdmin, fields)).statusCode, 303);
    const home = await get('/portals/nantes/');
    assert.equal(home.statusCode, 200);
    assertInert(home.body);
  });
});
