// What search engines read: a dataset page's schema.org JSON-LD, OpenGraph tags and canonical link;
// a portal's sitemap (what an anonymous visitor may see, whoever asks) and robots.txt. On SQLite and
// on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPortal } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const POOLS = 'nom;capacite;latitude;longitude\nPetit Port;1200;47.2430;-1.5560\nJules Verne;400;47.2290;-1.5750\n';
const DESCRIPTION = 'Les **piscines** de Nantes. </script><script>alert(1)</script>\n\nHoraires en ligne.';

function jsonLdOf(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'a JSON-LD script in the page');
  return JSON.parse(match[1] ?? '') as Record<string, unknown>;
}

for (const { backend, skip } of BACKENDS) {
  describe(`search-engine metadata on ${backend}`, { skip }, () => {
    let setup: TestApp;

    before(async () => {
      setup = await testApp({ backend });
      const { platform } = setup.t;
      await createNantesPortal(platform);
      await createPortal(platform.db, { slug: 'region', title: 'Données de la Région', hostnames: [], scope: null, isDefault: true });
      await publishCsv(platform, 'piscines', POOLS, { title: 'Piscines de Nantes', description: DESCRIPTION, organisation: 'nantes-metropole', metas: { keywords: ['sport'], license: 'Licence Ouverte v2.0', spatialCoverage: 'Nantes Métropole', temporalCoverage: '2024' } });
      await publishCsv(platform, 'budget-region', 'poste;montant\nvoirie;10\n', { title: 'Budget régional' });
      await publishCsv(platform, 'notes-internes', 'poste;montant\nx;1\n', { title: 'Notes internes', organisation: 'nantes-metropole', visibility: 'private' });
    });
    after(async () => setup?.dispose());

    // A host no portal claims (the default portal answers there) and that the absolute URLs keep.
    const get = (url: string, headers: Record<string, string> = {}) => setup.app.inject({ url, headers: { host: 'data.localhost', ...headers } });

    test('a dataset page carries schema.org Dataset JSON-LD whose CSV download answers', async () => {
      const page = await get('/portals/nantes/explore/dataset/piscines/');
      assert.equal(page.statusCode, 200, page.body);
      const ld = jsonLdOf(page.body);
      assert.equal(ld['@type'], 'Dataset');
      assert.equal(ld.name, 'Piscines de Nantes');
      assert.equal(ld.identifier, 'piscines');
      assert.equal(ld.url, 'http://data.localhost/portals/nantes/explore/dataset/piscines/');
      assert.deepEqual(ld.keywords, ['sport']);
      assert.equal((ld.license as { name: string }).name, 'Licence Ouverte v2.0');
      assert.deepEqual(ld.publisher, { '@type': 'Organization', name: 'Nantes Métropole', url: 'http://data.localhost/portals/nantes/organisations/nantes-metropole/' });
      assert.equal(ld.isAccessibleForFree, true);
      assert.deepEqual(ld.spatialCoverage, { '@type': 'Place', name: 'Nantes Métropole' });
      assert.equal(ld.temporalCoverage, '2024');
      assert.match(String(ld.description), /^Les piscines de Nantes\./, 'plain text, without Markdown marks');
      const distribution = ld.distribution as { encodingFormat: string; contentUrl: string }[];
      assert.deepEqual(distribution.map((d) => d.encodingFormat), ['text/csv', 'application/json', 'application/geo+json'], 'GeoJSON: the dataset has coordinates');
      const csvUrl = new URL(distribution[0]?.contentUrl ?? '');
      const csv = await get(csvUrl.pathname);
      assert.equal(csv.statusCode, 200);
      assert.match(csv.body, /Petit Port/);
      assert.equal(jsonLdOf((await get('/explore/dataset/budget-region/')).body).distribution instanceof Array, true);
      assert.equal((jsonLdOf((await get('/explore/dataset/budget-region/')).body).distribution as unknown[]).length, 2, 'no GeoJSON without geometry');
    });

    test('a description with </script> stays inside the JSON-LD', async () => {
      const html = (await get('/portals/nantes/explore/dataset/piscines/')).body;
      const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
      assert.ok(!script.includes('<'), 'no < inside the JSON-LD');
      assert.match(script, /\\u003c\/script\\u003e\\u003cscript\\u003ealert\(1\)/);
      assert.ok(!html.includes('<script>alert(1)</script>'), 'the description never becomes a script');
      assert.match(String(jsonLdOf(html).description), /<\/script><script>alert\(1\)<\/script>/, 'read back, the text is the description’s');
    });

    test('OpenGraph tags and canonical link, in the page’s language', async () => {
      const html = (await get('/portals/nantes/explore/dataset/piscines/table/?lang=en&sort=nom')).body;
      assert.match(html, /<meta property="og:title" content="Piscines de Nantes"\/?>/);
      assert.match(html, /<meta property="og:type" content="website"\/?>/);
      assert.match(html, /<meta property="og:site_name" content="Nantes Métropole"\/?>/);
      assert.match(html, /<meta property="og:locale" content="en_GB"\/?>/);
      assert.match(html, /<meta property="og:description" content="Les piscines de Nantes\. &lt;\/script>&lt;script>alert\(1\)&lt;\/script>"\/?>/);
      assert.match(html, /<link rel="canonical" href="http:\/\/data\.localhost\/portals\/nantes\/explore\/dataset\/piscines\/table\/"\/?>/);
      assert.match(html, /<meta property="og:url" content="http:\/\/data\.localhost\/portals\/nantes\/explore\/dataset\/piscines\/table\/"\/?>/);
      assert.match((await get('/explore/dataset/piscines/')).body, /<meta property="og:locale" content="fr_FR"\/?>/);
    });

    test('the sitemap lists what anonymous visitors see on the portal, even when an operator asks', async () => {
      for (const headers of [{}, setup.headers]) {
        const nantes = await get('/portals/nantes/sitemap.xml', headers);
        assert.equal(nantes.statusCode, 200);
        assert.match(nantes.headers['content-type'] as string, /^application\/xml/);
        const locs = [...nantes.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
        assert.deepEqual(locs, [
          'http://data.localhost/portals/nantes/',
          'http://data.localhost/portals/nantes/explore/',
          'http://data.localhost/portals/nantes/organisations/',
          'http://data.localhost/portals/nantes/organisations/nantes-metropole/',
          'http://data.localhost/portals/nantes/explore/dataset/piscines/',
        ]);
        assert.match(nantes.body, /<url><loc>http:\/\/data\.localhost\/portals\/nantes\/explore\/dataset\/piscines\/<\/loc><lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/lastmod><\/url>/);
      }
      const region = await get('/sitemap.xml', { host: 'data.region.localhost' });
      assert.match(region.body, /<loc>http:\/\/data\.region\.localhost\/explore\/dataset\/budget-region\/<\/loc>/);
      assert.match(region.body, /<loc>http:\/\/data\.region\.localhost\/explore\/dataset\/piscines\/<\/loc>/);
      assert.match(region.body, /<loc>http:\/\/data\.region\.localhost\/organisations\/region\/<\/loc>/);
      assert.ok(!region.body.includes('notes-internes'), 'never a private dataset');
    });

    test('robots.txt allows all but the management API and the embeds, and points to the sitemap', async () => {
      const root = await get('/robots.txt', { host: 'data.region.localhost' });
      assert.equal(root.statusCode, 200);
      assert.match(root.headers['content-type'] as string, /^text\/plain/);
      assert.match(root.body, /^User-agent: \*$/m);
      assert.match(root.body, /^Allow: \/$/m);
      assert.match(root.body, /^Disallow: \/api\/management\/$/m);
      assert.match(root.body, /^Disallow: \/explore\/embed\/$/m);
      assert.match(root.body, /^Sitemap: http:\/\/data\.region\.localhost\/sitemap\.xml$/m);
      const nantes = await get('/portals/nantes/robots.txt');
      assert.match(nantes.body, /^Disallow: \/portals\/nantes\/explore\/embed\/$/m);
      assert.match(nantes.body, /^Sitemap: http:\/\/data\.localhost\/portals\/nantes\/sitemap\.xml$/m);
    });
  });
}
