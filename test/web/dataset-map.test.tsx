// The map tab of a dataset page: the map's container, the script's settings (dataset, geo field,
// the page's filters as the API's parameters), the script and stylesheet in the head, and the map
// in words (how many records are located, a link to them in the table). A dataset without a geo
// field says so instead and loads no script. On SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const ECOLES_CSV = [
  'nom;commune;latitude;longitude',
  'École Jean Jaurès;Nantes;47.2184;-1.5536',
  'École Chantenay;Nantes;47.2010;-1.5930',
  'École Port-Boyer;Nantes;47.2420;-1.5310',
  'École du Château;Rezé;47.1850;-1.5490',
  'École sans adresse;Nantes;;',
].join('\n');
const BUDGET_CSV = 'poste;montant\nvoirie;1200\necoles;3400\n';

const PAGE = '/portals/nantes/explore/dataset';

/** The JSON of `<script type="application/json" id="map-config">`, as the map script reads it. */
function mapConfig(html: string): Record<string, unknown> {
  const json = /<script type="application\/json" id="map-config">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(json, 'the page has the map settings');
  return JSON.parse(json) as Record<string, unknown>;
}

/** Text content of the element with this id (tags removed). */
function textOf(html: string, id: string): string {
  const inner = new RegExp(`<p id="${id}"[^>]*>([\\s\\S]*?)</p>`).exec(html)?.[1] ?? '';
  return inner.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
}

for (const { backend, skip } of BACKENDS) {
  describe(`the map tab on ${backend}`, { skip }, () => {
    let setup: TestApp;
    let app: FastifyInstance;

    before(async () => {
      setup = await testApp({ backend });
      app = setup.app;
      const { platform } = setup.t;
      await createNantesPortal(platform);
      await publishCsv(platform, 'ecoles', ECOLES_CSV, { title: 'Écoles', organisation: 'nantes-metropole', visibility: 'public' });
      await publishCsv(platform, 'budget', BUDGET_CSV, { title: 'Budget', organisation: 'nantes-metropole', visibility: 'public' });
    });
    after(async () => setup?.dispose());

    test('a dataset with points has the map, its settings, its script and the map in words', async () => {
      const response = await app.inject({ url: `${PAGE}/ecoles/map/?refine.commune=Nantes` });
      assert.equal(response.statusCode, 200, response.body);
      const html = response.body;
      // The container, named for screen readers; the tab is the current one.
      assert.match(html, /<div id="map" role="region" aria-label="Carte du jeu de données Écoles"/);
      assert.match(html, /<a href="\/portals\/nantes\/explore\/dataset\/ecoles\/map\/\?refine.commune=Nantes" aria-current="page">Carte<\/a>/);

      const config = mapConfig(html);
      assert.equal(config.datasetId, 'ecoles');
      assert.equal(config.apiBase, '/portals/nantes/api/explore/v2.1');
      assert.deepEqual(config.geoField, { name: 'geo_point_2d', type: 'geo_point_2d' });
      assert.equal(new URLSearchParams(config.filters as string).get('refine'), 'commune:"Nantes"');
      assert.equal(config.styleUrl, '', 'no base map by default: no tiles fetched');
      assert.equal(config.lang, 'fr');

      // The filters of the settings are those the API answers with: the same 4 records of Nantes.
      const api = await app.inject({ url: `${config.apiBase as string}/catalog/datasets/ecoles/records?${config.filters as string}&where=geo_point_2d is not null` });
      assert.equal(api.json().total_count, 3, api.body);

      // Script and stylesheet by their hashed URLs, in the head.
      const head = html.slice(0, html.indexOf('</head>'));
      assert.match(head, /<script type="module" src="\/assets\/map-[0-9a-f]{16}\.js"><\/script>/);
      assert.match(head, /<link rel="stylesheet" href="\/assets\/maplibre-gl-[0-9a-f]{16}\.css"/);

      // In words: 3 of the 4 records of Nantes have a place (the 4th has no coordinates), and a link to them in the table.
      const summary = textOf(html, 'map-summary');
      assert.equal(summary, '3 enregistrements sur 4 sont localisés (champ « Coordonnées »). Voir ces enregistrements dans le tableau');
      assert.match(html, /<a href="\/portals\/nantes\/explore\/dataset\/ecoles\/table\/\?refine.commune=Nantes">Voir ces enregistrements dans le tableau<\/a>/);
      assert.match(html, /<noscript><p class="error-box">La carte a besoin de JavaScript/);
      assert.match(html, /<h2>Légende<\/h2>/);
    });

    test('in English, without filters, every located record is counted', async () => {
      const html = (await app.inject({ url: `${PAGE}/ecoles/map/?lang=en` })).body;
      assert.equal(textOf(html, 'map-summary'), '4 records of 5 are located (field “Coordonnées”). See these records in the table');
      assert.equal(mapConfig(html).filters, '');
      assert.equal(mapConfig(html).lang, 'en');
    });

    test('the embedded map has the same map and links to the embedded table', async () => {
      const response = await app.inject({ url: `${PAGE.replace('/explore/', '/explore/embed/')}/ecoles/map/` });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(response.body, /<script type="module" src="\/assets\/map-/);
      assert.match(response.body, /href="\/portals\/nantes\/explore\/embed\/dataset\/ecoles\/table\/">Voir ces enregistrements/);
    });

    test('a value that closes the script element stays inside the settings', async () => {
      const value = '</script><script>alert(1)</script>';
      const response = await app.inject({ url: `${PAGE}/ecoles/map/?refine.commune=${encodeURIComponent(value)}` });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.body.includes('<script>alert(1)'), false);
      assert.equal(new URLSearchParams(mapConfig(response.body).filters as string).get('refine'), `commune:"${value}"`);
      assert.equal(textOf(response.body, 'map-summary').startsWith('Aucun enregistrement ne correspond à ces filtres'), true);
    });

    test('a dataset without a geo field says so, with no map and no script', async () => {
      const response = await app.inject({ url: `${PAGE}/budget/map/` });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(response.body, /Ce jeu de données n’a pas de champ géographique : il n’a pas de carte\./);
      assert.match(response.body, /<a href="\/portals\/nantes\/explore\/dataset\/budget\/table\/">Voir les enregistrements dans le tableau<\/a>/);
      assert.doesNotMatch(response.body, /<script[^>]* src=/);
      assert.equal(response.body.includes('id="map-config"'), false);
      assert.equal(response.body.includes('id="map"'), false);
    });

    test('filters that cannot be read are said in words, not drawn as an empty map', async () => {
      const response = await app.inject({ url: `${PAGE}/ecoles/map/?refine.quartier=Centre` });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(response.body, /<p class="error-box" role="alert">[^<]*quartier/);
      assert.doesNotMatch(response.body, /<script[^>]* src=/);
    });
  });
}
