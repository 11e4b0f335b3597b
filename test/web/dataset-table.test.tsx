// The table tab of the dataset page: the records of the filtered dataset, formatted the French
// way, sorted by a column header, refined by a facet value, paged by `page` and, past the API's
// 10,000-row window, by key (`after`, `after_id`). On SQLite and PostgreSQL.
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

const COMMUNES = [
  'commune;departement;population;surface;creee_le;latitude;longitude',
  'Nantes;Loire-Atlantique;320732;65.19;1790-03-04;47.2184;-1.5536',
  'Rezé;Loire-Atlantique;42998;13.78;1790-03-04;47.1833;-1.55',
  'Angers;Maine-et-Loire;157175;42.7;1790-03-04;47.4736;-0.5542',
  'Saint-Herblain;Loire-Atlantique;49145;30.02;1790-03-04;47.2122;-1.6497',
  'Cholet;Maine-et-Loire;54204;87.47;1790-03-04;47.06;-0.8789',
].join('\n');

const TABLE = '/portals/nantes/explore/dataset/communes/table/';

/** The text of each cell of the records table, row by row. */
function cells(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1] ?? '')));
}

function decode(text: string): string {
  return text.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' })[e] ?? '');
}

/** The href of the first link whose text contains `text`. */
function linkTo(html: string, text: string): string | undefined {
  for (const match of html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) if (decode(match[2] ?? '').includes(text)) return decode(match[1] ?? '');
  return undefined;
}

const NNBSP = '\u202f';

for (const { backend, skip } of BACKENDS) {
  describe(`the dataset table page on ${backend}`, { skip }, () => {
    let setup: TestApp;
    let app: FastifyInstance;

    before(async () => {
      setup = await testApp({ backend });
      app = setup.app;
      const { platform } = setup.t;
      await createNantesPortal(platform);
      await publishCsv(platform, 'communes', COMMUNES, { title: 'Communes', organisation: 'nantes-metropole', steps: [{ op: 'annotate', field: 'departement', annotations: { facet: true } }] });
      // 10,050 rows: 50 past the API's offset window.
      const lines = ['n;nom', ...Array.from({ length: 10_050 }, (_, i) => `${i + 1};ligne ${i + 1}`)];
      await publishCsv(platform, 'grand', lines.join('\n'), { title: 'Grand', organisation: 'nantes-metropole' });
    });
    after(async () => setup?.dispose());

    const get = (url: string) => app.inject({ url });

    test('the table shows the rows formatted the French way, with a caption and column headers', async () => {
      const page = await get(TABLE);
      assert.equal(page.statusCode, 200, page.body);
      assert.match(page.body, /<caption>Enregistrements de « Communes »<\/caption>/);
      assert.match(page.body, /<th scope="col"[^>]*><a [^>]*>commune/);
      const rows = cells(page.body);
      assert.equal(rows.length, 5);
      const nantes = rows.find((r) => r[0] === 'Nantes');
      assert.ok(nantes, JSON.stringify(rows));
      assert.ok(nantes.includes(`320${NNBSP}732`), JSON.stringify(nantes));
      assert.ok(nantes.includes('65,19'), JSON.stringify(nantes));
      assert.ok(nantes.includes('04/03/1790'), JSON.stringify(nantes));
      assert.ok(nantes.includes('47.2184, -1.5536'), JSON.stringify(nantes));
      // The latitude column as published, every decimal kept (not rounded to 47,218).
      assert.ok(nantes.includes('47,2184'), JSON.stringify(nantes));
      assert.match(page.body, /<strong>5 enregistrements<\/strong>/);
      assert.match(page.body, /class="table-wrap" tabindex="0" role="region"/);
    });

    test('a facet value link refines the table and its count; the refined value has a remove link', async () => {
      const page = await get(TABLE);
      const refine = linkTo(page.body, 'Maine-et-Loire (2)');
      assert.ok(refine, 'the facet lists Maine-et-Loire with its count');
      assert.match(refine, /refine\.departement=Maine-et-Loire/);
      const refined = await get(refine);
      assert.equal(refined.statusCode, 200);
      assert.deepEqual(cells(refined.body).map((r) => r[0]).sort(), ['Angers', 'Cholet']);
      assert.match(refined.body, /<strong>2 enregistrements<\/strong>/);
      assert.match(refined.body, /filtre actif/);
      const remove = linkTo(refined.body, 'Retirer le filtre departement : Maine-et-Loire');
      assert.ok(remove, 'the refined value has a remove link');
      assert.doesNotMatch(remove, /refine\.departement/);
    });

    test('a column header sorts the table, and says so with aria-sort', async () => {
      const first = await get(TABLE);
      const sortLink = linkTo(first.body, 'population');
      assert.ok(sortLink);
      assert.match(sortLink, /sort=-population/);
      const ascending = await get(sortLink);
      assert.deepEqual(cells(ascending.body).map((r) => r[0]), ['Rezé', 'Saint-Herblain', 'Cholet', 'Angers', 'Nantes']);
      assert.match(ascending.body, /aria-sort="ascending"/);
      const descending = await get(`${TABLE}?sort=population`);
      assert.deepEqual(cells(descending.body).map((r) => r[0]), ['Nantes', 'Angers', 'Cholet', 'Saint-Herblain', 'Rezé']);
      assert.match(descending.body, /aria-sort="descending"/);
    });

    test('the search form keeps the refines in hidden inputs', async () => {
      const page = await get(`${TABLE}?refine.departement=Loire-Atlantique&q=nantes`);
      assert.match(page.body, /<label for="table-q">/);
      assert.match(page.body, /<input type="hidden" name="refine.departement" value="Loire-Atlantique"\/?>/);
      assert.deepEqual(cells(page.body).map((r) => r[0]), ['Nantes']);
    });

    test('page 2 shows the next 20 rows', async () => {
      const first = await get('/portals/nantes/explore/dataset/grand/table/');
      assert.equal(cells(first.body)[0]?.[0], '1');
      const next = linkTo(first.body, 'Page suivante');
      assert.ok(next);
      assert.match(next, /page=2/);
      const second = await get(next);
      assert.deepEqual(cells(second.body).map((r) => r[0]), Array.from({ length: 20 }, (_, i) => String(i + 21)));
      assert.match(second.body, /Lignes 21 à 40 sur 10\u202f050/);
      assert.match(second.body, /aria-current="page"[^>]*>Page 2</);
    });

    test('past 10,000 rows, a sorted table pages by key; an unsorted one says to sort', async () => {
      const unsorted = await get('/portals/nantes/explore/dataset/grand/table/?page=500');
      assert.equal(unsorted.statusCode, 200);
      assert.match(unsorted.body, /triez le tableau par une colonne/);
      const last = await get('/portals/nantes/explore/dataset/grand/table/?sort=-n&page=500');
      assert.deepEqual(cells(last.body).map((r) => r[0]).slice(-1), [`10${NNBSP}000`]);
      let next = linkTo(last.body, 'Page suivante');
      assert.ok(next, 'page 500 links on by key');
      assert.match(next, /after=10000&after_id=[0-9a-f]{40}/);
      // The API tab of that page gives the request of the same rows: a where condition, no offset.
      const api = await get(next.replace('/table/', '/api/'));
      const request = linkTo(api.body, 'Ouvrir la requête des enregistrements');
      assert.ok(request, api.body);
      assert.match(request, /where=/);
      const answered = (await get(request.replace(/^http:\/\/[^/]+/, ''))).json() as { results: { n: number }[] };
      assert.deepEqual(answered.results.map((r) => r.n), Array.from({ length: 20 }, (_, i) => 10_001 + i));
      const seen: string[] = [];
      for (let i = 0; i < 5 && next; i += 1) {
        const page = await get(next);
        assert.equal(page.statusCode, 200, page.body);
        assert.match(page.body, /10\u202f050 enregistrements en tout/);
        seen.push(...cells(page.body).map((r) => r[0]!.replace(NNBSP, '')));
        next = linkTo(page.body, 'Lignes suivantes');
      }
      assert.deepEqual(seen, Array.from({ length: 50 }, (_, i) => String(10_001 + i)));
      const beyond = await get('/portals/nantes/explore/dataset/grand/table/?page=501');
      assert.match(beyond.body, /role="alert"/);
    });

    test('a refine on a field the dataset does not have is said in words, with status 200 and no table', async () => {
      const page = await get(`${TABLE}?refine.bogus=1`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<p class="error-box" role="alert">[^<]*refine\.bogus[^<]*champ du jeu de données/);
      assert.doesNotMatch(page.body, /<table/);
    });
  });
}
