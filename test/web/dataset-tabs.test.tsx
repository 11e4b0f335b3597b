// The information, export and API tabs of the dataset page: Markdown descriptions (a script stays
// text), metadata and fields, attachments; export links for exactly the filtered records; the API
// request that gives the table's rows; a private dataset is a 404 on every tab. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { attachFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const COMMUNES = [
  'commune;departement;population;latitude;longitude',
  'Nantes;Loire-Atlantique;320732;47.2184;-1.5536',
  'Rezé;Loire-Atlantique;42998;47.1833;-1.55',
  'Angers;Maine-et-Loire;157175;47.4736;-0.5542',
  'Cholet;Maine-et-Loire;54204;47.06;-0.8789',
].join('\n');

const DESCRIPTION = 'Les **communes** de la région.\n\n<script>alert("x")</script>\n\n- population municipale';
const PAGE = '/portals/nantes/explore/dataset/communes';
const TABS = ['information', 'table', 'map', 'analyze', 'export', 'api'];

function decode(text: string): string {
  return text.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '');
}

function linkTo(html: string, text: string): string | undefined {
  for (const match of html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) if (decode(match[2] ?? '').includes(text)) return decode(match[1] ?? '');
  return undefined;
}

function firstColumn(html: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>\s*<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => decode(m[1] ?? ''));
}

for (const { backend, skip } of BACKENDS) {
  describe(`the dataset page's information, export and API tabs on ${backend}`, { skip }, () => {
    let setup: TestApp;
    let app: FastifyInstance;

    before(async () => {
      setup = await testApp({ backend });
      app = setup.app;
      const { platform } = setup.t;
      await createNantesPortal(platform);
      await publishCsv(platform, 'communes', COMMUNES, {
        title: 'Communes',
        organisation: 'nantes-metropole',
        description: DESCRIPTION,
        metas: { keywords: ['population', 'insee'], themes: ['Territoire'], contact: 'opendata@nantes.example', frequency: 'annuelle' },
        steps: [{ op: 'annotate', field: 'departement', annotations: { facet: true } }],
      });
      await attachFile(platform, 'communes', writeTemporaryFile('notice.txt', 'Notice des communes\n'), 'notice.txt', 'Notice');
      await publishCsv(platform, 'secret', COMMUNES, { title: 'Secret', organisation: 'nantes-metropole', visibility: 'private' });
    });
    after(async () => setup?.dispose());

    const get = (url: string) => app.inject({ url });

    test('information renders the Markdown description and shows a script as text', async () => {
      const page = await get(`${PAGE}/information/`);
      assert.equal(page.statusCode, 200, page.body);
      assert.match(page.body, /<strong>communes<\/strong> de la région/);
      assert.match(page.body, /<li>population municipale<\/li>/);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(page.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    });

    test('information lists the metadata, the fields with their types in words, and the attachments', async () => {
      const page = await get(`${PAGE}/`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<dt>Producteur<\/dt><dd><a href="\/portals\/nantes\/organisations\/nantes-metropole\/">Nantes Métropole<\/a><\/dd>/);
      assert.match(page.body, /<dt>Mots-clés<\/dt><dd>population, insee<\/dd>/);
      assert.match(page.body, /<dt>Fréquence de mise à jour<\/dt><dd>annuelle<\/dd>/);
      assert.match(page.body, /<dt>Nombre d’enregistrements<\/dt><dd>4<\/dd>/);
      assert.match(page.body, /<dt>Créé le<\/dt><dd>\d{2}\/\d{2}\/\d{4}<\/dd>/);
      assert.equal(linkTo(page.body, 'opendata@nantes.example'), 'mailto:opendata@nantes.example');
      assert.ok(linkTo(page.body, 'Licence Ouverte'));
      assert.match(page.body, /<th scope="row"><code>population<\/code><\/th><td>population<\/td><td>Nombre entier<\/td>/);
      const notice = linkTo(page.body, 'Notice');
      assert.ok(notice);
      const file = await get(notice);
      assert.equal(file.statusCode, 200);
      assert.equal(file.body, 'Notice des communes\n');
    });

    test('the export tab links to every format, for exactly the refined records, with their count', async () => {
      const page = await get(`${PAGE}/export/?refine.departement=Maine-et-Loire`);
      assert.equal(page.statusCode, 200, page.body);
      assert.match(page.body, /Les fichiers contiennent les 2 enregistrements qui correspondent aux filtres actifs/);
      for (const name of ['CSV', 'Excel', 'Parquet', 'GeoJSON', 'Shapefile', 'JSON Lines']) assert.ok(linkTo(page.body, name), name);
      const csvLink = linkTo(page.body, 'CSV — tableur');
      assert.ok(csvLink);
      assert.match(csvLink, /^\/portals\/nantes\/api\/explore\/v2\.1\/catalog\/datasets\/communes\/exports\/csv\?refine=departement%3A%22Maine-et-Loire%22$/);
      const csv = await get(csvLink);
      assert.equal(csv.statusCode, 200, csv.body);
      const lines = csv.body.replace(/^\ufeff/, '').trim().split('\n');
      assert.equal(lines.length, 3, csv.body);
      assert.ok(lines.slice(1).every((line) => line.includes('Maine-et-Loire')), csv.body);
      assert.match(page.body, /point-virgule/);
    });

    test('the API tab gives the request of the table’s rows, and it answers the same records', async () => {
      const filters = '?refine.departement=Loire-Atlantique&sort=-population';
      const table = await get(`${PAGE}/table/${filters}`);
      const api = await get(`${PAGE}/api/${filters}`);
      assert.equal(api.statusCode, 200, api.body);
      const url = linkTo(api.body, 'Ouvrir la requête des enregistrements');
      assert.ok(url);
      assert.match(api.body, /<code>GET http:\/\/[^<]*\/records\?[^<]*order_by=/);
      assert.match(api.body, /<code>curl 'http:\/\/[^<]*\/records\?[^<]*'<\/code>/);
      assert.ok(linkTo(api.body, 'documentation de l’API'));
      const answer = await get(url.replace(/^http:\/\/[^/]+/, ''));
      assert.equal(answer.statusCode, 200, answer.body);
      const names = (answer.json() as { results: { commune: string }[] }).results.map((r) => r.commune);
      assert.deepEqual(names, ['Rezé', 'Nantes']);
      assert.deepEqual(firstColumn(table.body), names);
    });

    test('a private dataset is a 404 to an anonymous visitor on every tab', async () => {
      for (const tab of TABS) {
        const page = await get(`/portals/nantes/explore/dataset/secret/${tab}/`);
        assert.equal(page.statusCode, 404, `${tab}: ${page.statusCode}`);
        assert.doesNotMatch(page.body, /Secret/);
      }
      assert.equal((await get('/portals/nantes/explore/dataset/secret/')).statusCode, 404);
    });
  });
}
