// The legal pages (mentions légales, données personnelles, accessibilité), their default texts, and
// the editing of a portal through PATCH /api/management/v1/portals/{slug} and `portals set`. On
// SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';
import { runCli } from '../helpers/cli.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const PORTAL = '/api/management/v1/portals/nantes';

for (const { backend, skip } of BACKENDS) {
  describe(`legal pages and portal editing on ${backend}`, { skip }, () => {
    let setup: TestApp;

    before(async () => {
      setup = await testApp({ backend });
      await createNantesPortal(setup.t.platform);
      await publishCsv(setup.t.platform, 'piscines', 'nom;capacite\nPetit Port;1200\n', { title: 'Piscines', organisation: 'nantes-metropole' });
    });
    after(async () => setup?.dispose());

    const get = (url: string) => setup.app.inject({ url });
    const patch = (payload: unknown, headers = setup.headers) => setup.app.inject({ method: 'PATCH', url: PORTAL, headers, payload: payload as object });

    test('without texts, each page shows a default naming the portal, its publisher and what to fill in', async () => {
      const legal = await get('/portals/nantes/pages/mentions-legales/');
      assert.equal(legal.statusCode, 200);
      assert.match(legal.body, /<h1>Mentions légales<\/h1>/);
      assert.match(legal.body, /Le site Nantes Métropole est publié par Nantes Métropole\./);
      assert.match(legal.body, /Directeur ou directrice de la publication/);
      assert.match(legal.body, /Hébergeur/);
      const english = await get('/portals/nantes/pages/mentions-legales/?lang=en');
      assert.match(english.body, /The website Nantes Métropole is published by Nantes Métropole\./);
      const privacy = await get('/portals/nantes/pages/donnees-personnelles/');
      assert.match(privacy.body, /<h1>Données personnelles<\/h1>/);
      assert.match(privacy.body, /Responsable du traitement : Nantes Métropole/);
      assert.match(privacy.body, /CNIL/);
      const accessibility = await get('/portals/nantes/pages/accessibilite/');
      assert.match(accessibility.body, /Nantes Métropole est partiellement conforme avec le référentiel général d’amélioration de l’accessibilité \(RGAA\), version 4\.1\./);
      assert.match(accessibility.body, /Défenseur des droits/);
      assert.equal((accessibility.body.match(/<h1/g) ?? []).length, 1);
    });

    test('PATCH sets the texts, the status, the look; every page follows', async () => {
      const answer = await patch({
        title: 'Données de Nantes Métropole',
        primary_color: '#1f5c99',
        logo_url: '/assets/logo.svg',
        legal_notice: '# Éditeur\n\nNantes Métropole, 2 cours du Champ de Mars, 44923 Nantes Cedex 9.\n\n<script>alert(1)</script>',
        accessibility_status: 'total',
        featured: ['piscines'],
      });
      assert.equal(answer.statusCode, 200, answer.body);
      const portal = answer.json();
      assert.equal(portal.title, 'Données de Nantes Métropole');
      assert.equal(portal.primary_color, '#1f5c99');
      assert.equal(portal.accessibility_status, 'total');
      assert.deepEqual(portal.featured, ['piscines']);
      assert.equal(portal.privacy, '', 'what is not given stays');
      const legal = (await get('/portals/nantes/pages/mentions-legales/')).body;
      assert.match(legal, /<h2>Éditeur<\/h2>/, 'the operator’s headings come below the page’s h1');
      assert.match(legal, /2 cours du Champ de Mars/);
      assert.match(legal, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'raw HTML shown as text');
      assert.ok(!legal.includes('Directeur ou directrice de la publication'), 'the default text is gone');
      for (const path of ['/', '/pages/mentions-legales/', '/pages/donnees-personnelles/', '/organisations/', '/explore/dataset/piscines/', '/nulle-part/']) {
        const page = await get(`/portals/nantes${path}`);
        assert.match(page.body, /<footer class="site">[\s\S]*Accessibilité : totalement conforme/, path);
        assert.match(page.body, /--primary:#1f5c99/, path);
      }
      assert.match((await get('/portals/nantes/pages/accessibilite/')).body, /Données de Nantes Métropole est totalement conforme/);
    });

    test('PATCH refuses a bad value, naming the field; it needs the operator key', async () => {
      for (const [payload, field] of [
        [{ primary_color: 'red' }, 'primary_color'],
        [{ accessibility_status: 'presque' }, 'accessibility_status'],
        [{ logo_url: 'javascript:alert(1)' }, 'logo_url'],
        [{ logo_url: 'http://example.org/logo.png' }, 'logo_url'],
        [{ featured: ['nulle-part'] }, 'featured'],
        [{ title: 12 }, 'title'],
      ] as const) {
        const answer = await patch(payload);
        assert.equal(answer.statusCode, 400, JSON.stringify(payload));
        assert.match(answer.json().message, new RegExp(`field ${field}`), JSON.stringify(payload));
      }
      assert.equal((await patch({ primary_color: '#000000' }, {})).statusCode, 401);
      assert.equal((await setup.app.inject({ method: 'PATCH', url: '/api/management/v1/portals/nulle-part', headers: setup.headers, payload: {} })).statusCode, 404);
      assert.equal((await get('/portals/nantes/api/explore/v2.1/catalog/datasets')).statusCode, 200);
      assert.match((await get('/portals/nantes/')).body, /--primary:#1f5c99/, 'a refused PATCH changed nothing');
    });

    test('territoires portals set does the same from files', async () => {
      const env = { TERRITOIRES_DATA_DIR: setup.t.dataDir, ...(backend === 'postgres' ? { DATABASE_URL: setup.t.databaseUrl } : {}) };
      const privacy = writeTemporaryFile('privacy.md', '## Délégué à la protection des données\n\ndpd@nantesmetropole.fr\n');
      const result = await runCli(['portals', 'set', 'nantes', '--privacy-file', privacy, '--accessibility-status', 'non', '--color', '#7a1f5c', '--logo', ''], env);
      assert.equal(result.code, 0, result.stderr);
      const page = (await get('/portals/nantes/pages/donnees-personnelles/')).body;
      assert.match(page, /<h3>Délégué à la protection des données<\/h3>/);
      assert.match(page, /dpd@nantesmetropole\.fr/);
      assert.match(page, /Accessibilité : non conforme/);
      assert.match(page, /--primary:#7a1f5c/);
      assert.ok(!page.includes('/assets/logo.svg'), '--logo "" removes the logo');
      const bad = await runCli(['portals', 'set', 'nantes', '--accessibility-status', 'presque'], env);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /accessibility_status/);
      const missing = await runCli(['portals', 'set', 'nantes', '--legal-notice-file', '/no/such.md'], env);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /\/no\/such\.md/);
      assert.equal((await runCli(['portals', 'set'], env)).code, 2, 'the portal is missing');
    });
  });
}
