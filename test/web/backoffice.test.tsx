// The back-office (/espace): a signed-in editor sees and manages their organisation's datasets,
// not another's; anonymous visitors are sent to sign in; forms need the session's CSRF token;
// the publishing wizard shows the ingest's detection and publishes with the types corrected.
// SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createSession, datasetScope, PLATFORM } from '../../src/auth/index.js';
import { createOrganisation, createPortal, findDataset, insertUser, setMembership, topOrganisation } from '../../src/catalog/index.js';
import { publishFromUrl } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { publishCsv } from '../helpers/catalog.js';

const CSV = 'poste;montant\nvoirie;10\n';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

interface Browser {
  cookie: string;
  csrf: string;
}

for (const { backend, skip } of BACKENDS) describe(`back-office pages on ${backend}`, { skip }, () => {
  let setup: TestApp;
  let nantesEditor: Browser;
  let angersEditor: Browser;
  // A publisher's server, for a dataset read from a URL.
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/csv' }).end(CSV));

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    setup = await testApp({ backend, env: { TERRITOIRES_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    const { platform } = setup.t;
    await createPortal(platform.db, { slug: 'region', title: 'Données de la Région', hostnames: [], scope: null, isDefault: true });
    const region = await topOrganisation(platform.db);
    const nantes = await createOrganisation(platform.db, { name: 'Nantes', kind: 'commune', slug: 'nantes', parentId: region?.id ?? null });
    const angers = await createOrganisation(platform.db, { name: 'Angers', kind: 'commune', slug: 'angers', parentId: region?.id ?? null });
    await publishCsv(platform, 'notes-nantes', CSV, { title: 'Notes internes de Nantes', organisation: 'nantes', visibility: 'private' });
    await publishCsv(platform, 'budget-nantes', CSV, { title: 'Budget de Nantes', organisation: 'nantes' });
    await publishCsv(platform, 'secret-angers', CSV, { title: 'Secret d’Angers', organisation: 'angers', visibility: 'private' });
    const signIn = async (email: string, organisationId: string): Promise<Browser> => {
      const user = await insertUser(platform.db, { email, name: email.split('@')[0] ?? email });
      await setMembership(platform.db, user.id, organisationId, 'editor');
      const session = await createSession(platform.db, user.id, null);
      return { cookie: `territoires_session=${session.token}`, csrf: session.csrf };
    };
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/voirie.csv`;
    await publishFromUrl(platform, { datasetId: 'voirie-nantes', url, organisation: 'nantes', title: 'Voirie' }, platform.publishOptions, platform.fetchPolicy);
    nantesEditor = await signIn('agent@nantes.fr', nantes.id);
    angersEditor = await signIn('agent@angers.fr', angers.id);
  });
  after(async () => {
    await setup?.dispose();
    server.close();
  });

  const get = (url: string, who?: Browser) => setup.app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
  const post = (url: string, who: Browser, fields: Record<string, string>) =>
    setup.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  const explore = async (datasetId: string) => JSON.parse((await get(`/api/explore/v2.1/catalog/datasets/${datasetId}`, nantesEditor)).body) as { metas: { default: { title: string; keyword: string[] | null } }; visibility: string; fields: { name: string; type: string }[] };

  test('an editor sees their organisation’s datasets, private ones included, and not another organisation’s', async () => {
    const page = await get('/espace', nantesEditor);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Mon espace<\/h1>/);
    assert.match(page.body, /<h2 id="org-nantes">Nantes/);
    assert.match(page.body, /href="\/espace\/jeux\/notes-nantes">Notes internes de Nantes<\/a>/);
    assert.match(page.body, /href="\/espace\/jeux\/budget-nantes">/);
    assert.doesNotMatch(page.body, /secret-angers|Angers/);
    assert.match(page.body, /Publier un jeu de données/);
    assert.match(page.headers['cache-control'] as string, /no-store/);
    const english = await get('/espace?lang=en', nantesEditor);
    assert.match(english.body, /<h1>My space<\/h1>/);
    assert.match(english.body, /href="\/espace\/jeux\/notes-nantes\?lang=en"/);
    const byPath = await get('/portals/region/espace', nantesEditor);
    assert.match(byPath.body, /href="\/portals\/region\/espace\/jeux\/notes-nantes"/, 'links stay on the portal reached by path');
  });

  test('an anonymous visitor is sent to sign in, and back', async () => {
    const page = await get('/espace/jeux/notes-nantes');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/connexion?retour=%2Fespace%2Fjeux%2Fnotes-nantes');
  });

  test('editing the metadata through the form changes the dataset the API shows', async () => {
    const form = await get('/espace/jeux/notes-nantes', nantesEditor);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`name="_csrf" value="${nantesEditor.csrf}"`));
    assert.match(form.body, /<label for="field-title">Titre/);
    const saved = await post('/espace/jeux/notes-nantes', nantesEditor, { _csrf: nantesEditor.csrf, title: 'Notes publiées', keywords: 'voirie, budget', license: 'Open Database License (ODbL)', visibility: 'public' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/espace/jeux/notes-nantes?fait=enregistre');
    const dataset = await explore('notes-nantes');
    assert.equal(dataset.metas.default.title, 'Notes publiées');
    assert.deepEqual(dataset.metas.default.keyword, ['voirie', 'budget']);
    assert.equal(dataset.visibility, 'domain');
    const anonymous = await get('/api/explore/v2.1/catalog/datasets/notes-nantes');
    assert.equal(anonymous.statusCode, 200, 'public now');
    const after = await get('/espace/jeux/notes-nantes?fait=enregistre', nantesEditor);
    assert.match(after.body, /Les modifications sont enregistrées/);
  });

  test('an empty title is refused next to its field, and what was typed is kept', async () => {
    const page = await post('/espace/jeux/budget-nantes?lang=en', nantesEditor, { _csrf: nantesEditor.csrf, title: '', keywords: 'gardé' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /<p class="field-error" id="field-title-error">Error: Give a title.<\/p>/);
    assert.match(page.body, /<title>Error — Budget de Nantes/, 'the page’s title says first that there is an error');
    assert.match(page.body, /The form has one error:/);
    assert.match(page.body, /aria-invalid="true"/);
    assert.match(page.body, /value="gardé"/);
    assert.equal((await explore('budget-nantes')).metas.default.title, 'Budget de Nantes');
  });

  test('a form posted without the session’s CSRF token is refused', async () => {
    const refused = await post('/espace/jeux/budget-nantes', nantesEditor, { title: 'Piraté' });
    assert.equal(refused.statusCode, 403);
    const wrong = await post('/espace/jeux/budget-nantes', nantesEditor, { _csrf: 'x'.repeat(nantesEditor.csrf.length), title: 'Piraté' });
    assert.equal(wrong.statusCode, 403);
    assert.equal((await explore('budget-nantes')).metas.default.title, 'Budget de Nantes');
  });

  test('an editor of another organisation may not manage the dataset', async () => {
    const page = await get('/espace/jeux/budget-nantes', angersEditor);
    assert.equal(page.statusCode, 403);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    const change = await post('/espace/jeux/budget-nantes', angersEditor, { _csrf: angersEditor.csrf, title: 'Piraté' });
    assert.equal(change.statusCode, 403);
    const remove = await post('/espace/jeux/budget-nantes/supprimer', angersEditor, { _csrf: angersEditor.csrf });
    assert.equal(remove.statusCode, 403);
    assert.equal((await explore('budget-nantes')).metas.default.title, 'Budget de Nantes');
    // A private dataset of another organisation is not revealed: not found.
    assert.equal((await get('/espace/jeux/secret-angers', nantesEditor)).statusCode, 404);
  });

  /** A multipart form as a browser sends it: the fields in the form's order, the file last. */
  const upload = (who: Browser, fields: [string, string][], file: { name: string; content: string } | null, headers: Record<string, string> = {}) => {
    const boundary = '----territoires-test';
    const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    if (file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`);
    return setup.app.inject({ method: 'POST', url: '/espace/publier', headers: { cookie: who.cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers }, payload: `${parts.join('')}--${boundary}--\r\n` });
  };
  const COMMUNES = { name: 'communes.csv', content: 'code_insee;nom;population;surface\n01001;L’Abergement-Clémenciat;832;16,3\n44109;Nantes;320732;65,2\n' };

  test('the wizard shows what the ingest detected, lets a type be corrected, and publishes', async () => {
    const start = await get('/espace/publier', nantesEditor);
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /<option value="nantes"[^>]*>Nantes<\/option>/);
    assert.doesNotMatch(start.body, /value="angers"/, 'only the organisations where the user publishes');
    assert.match(start.body, /enctype="multipart\/form-data"/);
    assert.match(start.body, /<script type="module" src="\/espace\/scripts\/upload-[0-9a-f]{16}\.js"><\/script>/);
    const sent = await upload(nantesEditor, [['_csrf', nantesEditor.csrf], ['organisation', 'nantes'], ['dataset_id', 'communes-nantes']], COMMUNES);
    assert.equal(sent.statusCode, 303);
    const previewUrl = sent.headers.location as string;
    assert.match(previewUrl, /^\/espace\/publier\/[a-z0-9]{16}$/);
    assert.equal((await get('/api/explore/v2.1/catalog/datasets/communes-nantes', nantesEditor)).statusCode, 404, 'nothing published yet');

    const preview = await get(previewUrl, nantesEditor);
    assert.equal(preview.statusCode, 200);
    const selected = (column: string) => new RegExp(`<select id="type-${column}" name="type:${column}">.*?<option value="(\\w+)" selected`).exec(preview.body)?.[1];
    // A code INSEE stays text (01001 is not 1001); a count is an integer; a French decimal a double.
    assert.equal(selected('code_insee'), 'text');
    assert.equal(selected('population'), 'int');
    assert.equal(selected('surface'), 'double');
    assert.match(preview.body, /<dt>Séparateur<\/dt><dd><code>;<\/code><\/dd>/);
    assert.match(preview.body, /01001/);
    assert.match(preview.body, /<label class="visually-hidden" for="type-population">Type de la colonne population<\/label>/);

    const published = await post(previewUrl, nantesEditor, {
      _csrf: nantesEditor.csrf,
      'detected:code_insee': 'text', 'type:code_insee': 'text',
      'detected:nom': 'text', 'type:nom': 'text',
      'detected:population': 'int', 'type:population': 'double',
      'detected:surface': 'double', 'type:surface': 'double',
      title: 'Communes', description: 'Les **communes**.', themes: 'Territoire', license: 'Licence Ouverte v2.0', frequency: 'annuelle', visibility: 'private',
    });
    assert.equal(published.statusCode, 303);
    assert.equal(published.headers.location, '/espace/jeux/communes-nantes?fait=publie');
    const dataset = await explore('communes-nantes');
    assert.equal(dataset.metas.default.title, 'Communes');
    assert.deepEqual(dataset.fields.map((f) => [f.name, f.type]), [['code_insee', 'text'], ['nom', 'text'], ['population', 'double'], ['surface', 'double']]);
    assert.equal(dataset.visibility, 'restricted', 'private shows as restricted in the Explore API');
    assert.equal((await get('/api/explore/v2.1/catalog/datasets/communes-nantes')).statusCode, 404, 'not public');
    assert.equal((await get(previewUrl, nantesEditor)).statusCode, 404, 'the draft is gone once published');
    const admin = await get('/espace/jeux/communes-nantes', nantesEditor);
    assert.match(admin.body, /Publication d’un fichier/);
    assert.match(admin.body, /<th scope="row">1<\/th>/);
  });

  test('the wizard checks the organisation, the id and the file before anything else', async () => {
    const page = await upload(angersEditor, [['_csrf', angersEditor.csrf], ['organisation', 'nantes'], ['dataset_id', 'budget-nantes']], null);
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /id="field-organisation-error">Erreur : Choisissez une organisation de la liste/);
    assert.match(page.body, /id="field-dataset_id-error">Erreur : Un jeu de données porte déjà l’identifiant budget-nantes/);
    assert.match(page.body, /id="field-file-error">Erreur : Choisissez le fichier à publier/);
    const badId = await upload(angersEditor, [['_csrf', angersEditor.csrf], ['organisation', 'angers'], ['dataset_id', 'Pas Bon']], COMMUNES);
    assert.match(badId.body, /id="field-dataset_id-error">Erreur : Identifiant de jeu de données invalide/);
    const noToken = await upload(angersEditor, [['organisation', 'angers'], ['dataset_id', 'communes-angers']], COMMUNES);
    assert.equal(noToken.statusCode, 403);
    // With the upload script: the token in a header, the answer in JSON.
    const script = await upload(angersEditor, [['organisation', 'angers'], ['dataset_id', 'communes-angers']], COMMUNES, { 'x-csrf-token': angersEditor.csrf, accept: 'application/json' });
    assert.equal(script.statusCode, 200);
    const { location } = JSON.parse(script.body) as { location: string };
    assert.match(location, /^\/espace\/publier\/[a-z0-9]{16}$/);
    assert.equal((await get(location, nantesEditor)).statusCode, 404, 'a draft is its uploader’s only');
  });

  test('a new file for a dataset goes through the same steps; a version can be made live again; a dataset deleted after a confirmation', async () => {
    assert.match((await get('/espace/jeux/budget-nantes', nantesEditor)).body, /href="\/espace\/publier\?jeu=budget-nantes"/);
    const start = await get('/espace/publier?jeu=budget-nantes', nantesEditor);
    assert.match(start.body, /<h1>Publier un nouveau fichier<\/h1>/);
    assert.match(start.body, /<input type="hidden" name="jeu" value="budget-nantes"\/>/);
    assert.equal((await get('/espace/publier?jeu=budget-nantes', angersEditor)).statusCode, 403);
    const refused = await upload(angersEditor, [['_csrf', angersEditor.csrf], ['jeu', 'budget-nantes']], { name: 'budget.csv', content: CSV });
    assert.equal(refused.statusCode, 403, 'another organisation may not send a file for it');
    const sent = await upload(nantesEditor, [['_csrf', nantesEditor.csrf], ['jeu', 'budget-nantes']], { name: 'budget.csv', content: 'poste;montant\nvoirie;10\necoles;20\n' });
    assert.equal(sent.statusCode, 303);
    const preview = await get(sent.headers.location as string, nantesEditor);
    assert.match(preview.body, /<input type="text" id="field-title" name="title" required value="Budget de Nantes"\/>/, 'the dataset’s metadata, to keep or change');
    const published = await post(sent.headers.location as string, nantesEditor, { _csrf: nantesEditor.csrf, title: 'Budget de Nantes', license: 'Licence Ouverte v2.0', visibility: 'public' });
    assert.equal(published.headers.location, '/espace/jeux/budget-nantes?fait=publie');
    const page = await get('/espace/jeux/budget-nantes', nantesEditor);
    assert.match(page.body, /\+1 enregistrements/);
    const rolledBack = await post('/espace/jeux/budget-nantes/versions/1', nantesEditor, { _csrf: nantesEditor.csrf });
    assert.equal(rolledBack.statusCode, 303);
    const records = JSON.parse((await get('/api/explore/v2.1/catalog/datasets/budget-nantes/records')).body) as { total_count: number };
    assert.equal(records.total_count, 1);
    const confirm = await get('/espace/jeux/budget-nantes/supprimer', nantesEditor);
    assert.match(confirm.body, /<h1>Supprimer Budget de Nantes \?<\/h1>/);
    assert.equal((await get('/api/explore/v2.1/catalog/datasets/budget-nantes')).statusCode, 200, 'the confirmation page deletes nothing');
    const deleted = await post('/espace/jeux/budget-nantes/supprimer', nantesEditor, { _csrf: nantesEditor.csrf });
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, '/espace?supprime=budget-nantes');
    assert.equal((await get('/api/explore/v2.1/catalog/datasets/budget-nantes', nantesEditor)).statusCode, 404);
    assert.match((await get(deleted.headers.location, nantesEditor)).body, /Le jeu de données budget-nantes a été supprimé/);
  });

  test('a dataset read from a URL gets a schedule, checked by its field, and is refreshed on demand', async () => {
    const page = await get('/espace/jeux/voirie-nantes', nantesEditor);
    assert.match(page.body, /<h2 id="refresh">Actualisation depuis l’URL<\/h2>/);
    assert.doesNotMatch((await get('/espace/jeux/budget-nantes', nantesEditor)).body, /id="refresh"/, 'an uploaded dataset has no URL to read');
    const wrong = await post('/espace/jeux/voirie-nantes/programmation', nantesEditor, { _csrf: nantesEditor.csrf, schedule: 'tous les soirs' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /id="field-schedule-error">Erreur : La planification tous les soirs n'est pas une expression cron/);
    assert.match(wrong.body, /value="tous les soirs"/);
    const saved = await post('/espace/jeux/voirie-nantes/programmation', nantesEditor, { _csrf: nantesEditor.csrf, schedule: '0 3 * * *' });
    assert.equal(saved.statusCode, 303);
    const dataset = await findDataset(setup.t.platform.db, datasetScope(PLATFORM, null), 'voirie-nantes');
    assert.equal(dataset?.source.schedule, '0 3 * * *');
    const refreshed = await post('/espace/jeux/voirie-nantes/actualiser', nantesEditor, { _csrf: nantesEditor.csrf });
    assert.equal(refreshed.headers.location, '/espace/jeux/voirie-nantes?fait=inchange');
    const after = await get(refreshed.headers.location, nantesEditor);
    assert.match(after.body, /Le fichier n’a pas changé/);
    assert.match(after.body, /Actualisation depuis l’URL<\/th>/);
  });
});

describe('back-office upload limit', () => {
  test('a file larger than the platform accepts is refused by its field, and nothing is kept', async () => {
    const setup = await testApp({ env: { TERRITOIRES_UPLOAD_MAX_BYTES: '200' } });
    try {
      const { platform } = setup.t;
      await createPortal(platform.db, { slug: 'region', title: 'Région', hostnames: [], scope: null, isDefault: true });
      const region = await topOrganisation(platform.db);
      const user = await insertUser(platform.db, { email: 'agent@region.fr', name: 'Agent' });
      await setMembership(platform.db, user.id, region?.id ?? '', 'editor');
      const session = await createSession(platform.db, user.id, null);
      const boundary = '----limit';
      const big = `a;b\n${'1;2\n'.repeat(200)}`;
      const payload = [
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${session.csrf}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="organisation"\r\n\r\n${region?.slug}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="dataset_id"\r\n\r\ntrop-gros\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gros.csv"\r\nContent-Type: text/csv\r\n\r\n${big}\r\n`,
        `--${boundary}--\r\n`,
      ].join('');
      const page = await setup.app.inject({ method: 'POST', url: '/espace/publier?lang=en', headers: { cookie: `territoires_session=${session.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /id="field-file-error">Error: The file is larger than the 200 bytes this platform accepts/);
      const fs = await import('node:fs');
      const drafts = `${platform.blobs.root}/tmp/drafts`;
      assert.deepEqual(fs.existsSync(drafts) ? fs.readdirSync(drafts) : [], []);
    } finally {
      await setup.dispose();
    }
  });
});
