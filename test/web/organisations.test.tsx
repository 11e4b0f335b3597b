// The organisation pages: the publishers a portal shows with their visible datasets counted, one
// publisher's page, and 404 for an organisation outside the portal or unknown. SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrganisation, createPortal, topOrganisation } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const CSV = 'poste;montant\nvoirie;10\n';

for (const { backend, skip } of BACKENDS) {
  describe(`organisation pages on ${backend}`, { skip }, () => {
    let setup: TestApp;

    before(async () => {
      setup = await testApp({ backend });
      const { platform } = setup.t;
      await createNantesPortal(platform);
      await createPortal(platform.db, { slug: 'region', title: 'Données de la Région', hostnames: [], scope: null, isDefault: true });
      const region = await topOrganisation(platform.db);
      const nantesMetropole = await platform.db.selectFrom('organisations').selectAll().where('slug', '=', 'nantes-metropole').executeTakeFirstOrThrow();
      await createOrganisation(platform.db, { name: 'Rezé', kind: 'commune', slug: 'reze', parentId: nantesMetropole.id });
      await createOrganisation(platform.db, { name: 'Vendée', kind: 'departement', slug: 'vendee', parentId: region?.id ?? null });
      await publishCsv(platform, 'budget-metropole', CSV, { title: 'Budget de la métropole', organisation: 'nantes-metropole' });
      await publishCsv(platform, 'voirie-metropole', CSV, { title: 'Voirie', organisation: 'nantes-metropole' });
      await publishCsv(platform, 'notes-metropole', CSV, { title: 'Notes internes', organisation: 'nantes-metropole', visibility: 'private' });
      await publishCsv(platform, 'budget-reze', CSV, { title: 'Budget de Rezé', organisation: 'reze' });
      await publishCsv(platform, 'routes-vendee', CSV, { title: 'Routes de Vendée', organisation: 'vendee' });
      await publishCsv(platform, 'secret-region', CSV, { title: 'Secret', visibility: 'private' });
    });
    after(async () => setup?.dispose());

    const get = (url: string, headers: Record<string, string> = {}) => setup.app.inject({ url, headers });
    const rows = (html: string) => [...html.matchAll(/<tr><th scope="row"><a href="([^"]+)">([^<]+)<\/a><\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><td class="number">(\d+)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3], m[4], Number(m[5])]);

    test('a local portal lists its organisation and those below it that have visible datasets', async () => {
      const page = await get('/portals/nantes/organisations/');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Organisations<\/h1>/);
      assert.match(page.body, /<caption>/);
      assert.deepEqual(rows(page.body), [
        ['/portals/nantes/organisations/nantes-metropole/', 'Nantes Métropole', 'Intercommunalité (EPCI)', 'Région', 2],
        ['/portals/nantes/organisations/reze/', 'Rezé', 'Commune', 'Nantes Métropole', 1],
      ]);
      const operator = await get('/portals/nantes/organisations/', setup.headers);
      assert.equal(rows(operator.body)[0]?.[4], 3, 'an operator sees the private dataset counted');
    });

    test('the regional portal lists every organisation with a public dataset', async () => {
      const page = await get('/organisations/?lang=en');
      assert.deepEqual(rows(page.body).map((r) => [r[1], r[2], r[4]]), [
        ['Vendée', 'Département (county)', 1],
        ['Nantes Métropole', 'Group of municipalities (EPCI)', 2],
        ['Rezé', 'Municipality', 1],
      ], 'the region has only a private dataset: not listed');
    });

    test('an organisation’s page shows it, its parent, its visible datasets and the catalogue filtered on it', async () => {
      const page = await get('/portals/nantes/organisations/nantes-metropole/');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Nantes Métropole<\/h1>/);
      assert.match(page.body, /<dt>Type<\/dt><dd>Intercommunalité \(EPCI\)<\/dd>/);
      assert.match(page.body, /<dt>Rattachée à<\/dt><dd>Région<\/dd>/, 'the region is above the portal: named, not linked');
      assert.match(page.body, /<a href="\/portals\/nantes\/explore\/dataset\/budget-metropole\/">Budget de la métropole<\/a>/);
      assert.match(page.body, /<a href="\/portals\/nantes\/explore\/dataset\/voirie-metropole\/">Voirie<\/a>/);
      assert.ok(!page.body.includes('notes-metropole'), 'not the private dataset');
      assert.match(page.body, /<a href="\/portals\/nantes\/explore\/\?refine\.publisher=Nantes\+M%C3%A9tropole">/);
      assert.match(page.body, /<a href="\/portals\/nantes\/organisations\/reze\/">Rezé<\/a> — 1 jeu de données/);
      const reze = await get('/portals/nantes/organisations/reze/');
      assert.match(reze.body, /<dd><a href="\/portals\/nantes\/organisations\/nantes-metropole\/">Nantes Métropole<\/a><\/dd>/);
    });

    test('an organisation outside the portal, or unknown, is a 404 page', async () => {
      const outside = await get('/portals/nantes/organisations/vendee/');
      assert.equal(outside.statusCode, 404);
      assert.match(outside.headers['content-type'] as string, /^text\/html/);
      assert.match(outside.body, /<h1>Page introuvable<\/h1>/);
      assert.equal((await get('/portals/nantes/organisations/nulle-part/')).statusCode, 404);
      assert.equal((await get('/organisations/vendee/')).statusCode, 200, 'on the regional portal it is there');
    });
  });
}
