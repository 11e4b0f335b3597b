// The catalog page `/explore/`: search without accents or case, facets that narrow and count,
// pages of 20, sorts, visibility, local portals, English, and URLs that cannot be read. The
// region's portal shows 25 public datasets: 3 named below and 22 "Mesure NN"; one private dataset
// (theme Transports) is seen by the operator only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPortal } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { attachFile } from '../../src/ingest/index.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const pgReason = await postgresUnavailableReason();

async function publishCatalog(setup: TestApp): Promise<void> {
  const { platform } = setup.t;
  await createPortal(platform.db, { slug: 'region', title: 'Région Test', hostnames: [], scope: null, isDefault: true });
  await createNantesPortal(platform);
  await publishCsv(platform, 'ecoles-nantes', 'uai;nom\n0440001A;École Aristide Briand\n', {
    title: 'Écoles publiques de Nantes',
    description: 'Liste des **écoles** maternelles et élémentaires.\n\nSecond paragraphe.',
    organisation: 'nantes-metropole',
    metas: { themes: ['Éducation'], keywords: ['enseignement'] },
  });
  await publishCsv(platform, 'arrets-bus', 'arret;ligne\nCommerce;C1\nGare;C2\nHôtel de Ville;C3\n', { title: 'Arrêts de bus', organisation: 'nantes-metropole', metas: { themes: ['Transports'], keywords: ['bus'] } });
  await publishCsv(platform, 'velos', 'station;places\nGare;20\n', { title: 'Stations vélo', description: 'Stations de vélos en libre service', metas: { themes: ['Transports'], keywords: ['vélo'] } });
  await publishCsv(platform, 'budget-prive', 'poste;montant\nVoirie;1200\n', { title: 'Budget des transports', visibility: 'private', metas: { themes: ['Transports'] } });
  // The délibération behind the bike stations, as a PDF attachment: a format a visitor can look for.
  await attachFile(platform, 'velos', writeTemporaryFile('deliberation.pdf', '%PDF-1.4\n%%EOF\n'), 'deliberation.pdf');
  for (let i = 1; i <= 22; i++) {
    const n = String(i).padStart(2, '0');
    await publishCsv(platform, `mesure-${n}`, `valeur\n${i}\n`, { title: `Mesure ${n}`, metas: { themes: ['Mesures'] } });
  }
}

/** The datasets listed on a page: [path, title] in order. */
function listed(html: string): [string, string][] {
  return [...html.matchAll(/<li class="dataset"><h3><a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1] ?? '', m[2] ?? '']);
}

function catalogTests(backend: TestBackend): void {
  let setup: TestApp;
  before(async () => {
    setup = await testApp({ backend });
    await publishCatalog(setup);
  });
  after(async () => setup?.dispose());

  async function get(url: string, options: { operator?: boolean; host?: string } = {}) {
    const headers: Record<string, string> = { ...(options.operator ? setup.headers : {}), ...(options.host ? { host: options.host } : {}) };
    const response = await setup.app.inject({ url, headers });
    return { status: response.statusCode, html: response.body };
  }

  test('a search ignores accents and case, over titles, descriptions and keywords', async () => {
    for (const q of ['ecole', 'ÉCOLES', 'Ecoles nantes']) {
      const { status, html } = await get(`/explore/?q=${encodeURIComponent(q)}`);
      assert.equal(status, 200);
      assert.deepEqual(listed(html), [['/explore/dataset/ecoles-nantes/', 'Écoles publiques de Nantes']], q);
      assert.match(html, /<strong>1 jeu de données<\/strong>/);
    }
    // A keyword and a description's word find their datasets too.
    assert.deepEqual(listed((await get('/explore/?q=velo')).html).map(([, title]) => title), ['Stations vélo']);
    assert.deepEqual(listed((await get('/explore/?q=libre')).html).map(([, title]) => title), ['Stations vélo']);
    // The search box keeps the words; the result shows the summary (first paragraph, no Markdown), publisher, records, date.
    const { html } = await get('/explore/?q=ecole');
    assert.match(html, /<label for="catalog-q">Rechercher un jeu de données<\/label><input type="search" id="catalog-q" name="q" value="ecole"/);
    assert.match(html, /<p class="summary">Liste des écoles maternelles et élémentaires.<\/p>/);
    assert.match(html, /<dt>Producteur<\/dt><dd>Nantes Métropole<\/dd>/);
    assert.match(html, /<dt>Enregistrements<\/dt><dd>1<\/dd>/);
    assert.match(html, /<dt>Mis à jour le<\/dt><dd>\d\d\/\d\d\/\d{4}<\/dd>/);
    const none = await get('/explore/?q=zzzinconnu');
    assert.equal(none.status, 200);
    assert.deepEqual(listed(none.html), []);
    assert.match(none.html, /<strong>0 jeux de données<\/strong>/);
    assert.match(none.html, /Aucun jeu de données ne correspond à cette recherche\. Essayez d’autres mots/);
  });

  test('a facet value links to the refined catalog, with its count; the refine shows as active, with a link that removes it', async () => {
    const { html } = await get('/explore/');
    const link = /<a href="(\/explore\/\?refine\.theme=Transports)"><span class="visually-hidden">Thème : <\/span>Transports <span class="count">\(2<span class="visually-hidden"> jeux de données<\/span>\)<\/span><\/a>/.exec(html);
    assert.ok(link, 'theme Transports (2) links to its refine');
    assert.match(html, /Mesures <span class="count">\(22</);
    assert.match(html, /Nantes Métropole <span class="count">\(2</, 'the publisher facet');
    const refined = await get(link[1] ?? '');
    assert.equal(refined.status, 200);
    assert.deepEqual(listed(refined.html).map(([, title]) => title).sort(), ['Arrêts de bus', 'Stations vélo']);
    assert.match(refined.html, /<strong>2 jeux de données<\/strong>/);
    assert.match(refined.html, /<a href="\/explore\/">Thème : Transports <span aria-hidden="true">×<\/span><span class="visually-hidden"> \(retirer ce filtre\)<\/span><\/a>/);
    assert.match(refined.html, /<a href="\/explore\/" class="refined">/, 'the refined value in the sidebar removes it');
    // Another facet narrows further, and a new search keeps the refine.
    const both = await get('/explore/?refine.theme=Transports&refine.publisher=Nantes%20M%C3%A9tropole');
    assert.deepEqual(listed(both.html).map(([, title]) => title), ['Arrêts de bus']);
    assert.match(refined.html, /<input type="hidden" name="refine.theme" value="Transports"\/>/);
    // What a dataset offers: numbers (the "Mesure" datasets and the bike stations).
    assert.match(html, /<span class="visually-hidden">Contenu : <\/span>Données chiffrées <span class="count">\(23</);
  });

  test('the format facet names what a dataset can be downloaded as, its attachments included', async () => {
    const { html } = await get('/explore/');
    assert.match(html, /<span class="visually-hidden">Format : <\/span>CSV <span class="count">\(25</, 'every public dataset with records exports CSV');
    assert.match(html, /<span class="visually-hidden">Format : <\/span>PDF <span class="count">\(1</);
    const pdf = await get('/explore/?refine.format=PDF');
    assert.equal(pdf.status, 200);
    assert.deepEqual(listed(pdf.html).map(([, title]) => title), ['Stations vélo']);
  });

  test('20 datasets a page, with page links; the second page has the last 5', async () => {
    const first = await get('/explore/');
    assert.match(first.html, /<strong>25 jeux de données<\/strong>/);
    assert.equal(listed(first.html).length, 20);
    assert.match(first.html, /<a href="\/explore\/" aria-current="page"><span class="visually-hidden">Page <\/span>1<\/a>/);
    assert.match(first.html, /<a href="\/explore\/\?page=2" rel="next">Page suivante<\/a>/);
    const second = await get('/explore/?page=2');
    assert.equal(second.status, 200);
    const titles = listed(second.html);
    assert.equal(titles.length, 5);
    assert.match(second.html, /<a href="\/explore\/\?page=2" aria-current="page">/);
    assert.match(second.html, /<a href="\/explore\/" rel="prev">Page précédente<\/a>/);
    // Newest first: the first datasets published are on the last page; no dataset is on both.
    assert.deepEqual(titles.map(([, title]) => title), ['Mesure 02', 'Mesure 01', 'Stations vélo', 'Arrêts de bus', 'Écoles publiques de Nantes']);
    assert.equal(new Set([...listed(first.html), ...titles].map(([path]) => path)).size, 25);
  });

  test('sorted by title in French alphabetical order, or by number of records', async () => {
    const { html } = await get('/explore/?sort=title');
    const titles = listed(html).map(([, title]) => title);
    assert.deepEqual(titles.slice(0, 4), ['Arrêts de bus', 'Écoles publiques de Nantes', 'Mesure 01', 'Mesure 02']);
    assert.match(html, /<a href="\/explore\/\?sort=title" aria-current="true">titre<\/a>/);
    assert.match(html, /<a href="\/explore\/\?sort=title&amp;page=2"/, 'page links keep the sort');
    const last = listed((await get('/explore/?sort=title&page=2')).html).map(([, title]) => title);
    assert.deepEqual(last, ['Mesure 19', 'Mesure 20', 'Mesure 21', 'Mesure 22', 'Stations vélo']);
    const byRecords = listed((await get('/explore/?sort=records_count')).html).map(([, title]) => title);
    assert.equal(byRecords[0], 'Arrêts de bus');
  });

  test('a private dataset is neither listed nor counted for an anonymous visitor; the operator sees it with its badge', async () => {
    const anonymous = await get('/explore/?q=budget');
    assert.deepEqual(listed(anonymous.html), []);
    assert.doesNotMatch((await get('/explore/')).html, /Budget des transports/);
    assert.match((await get('/explore/')).html, /Transports <span class="count">\(2</);
    const operator = await get('/explore/?q=budget', { operator: true });
    assert.match(operator.html, /<a href="\/explore\/dataset\/budget-prive\/">Budget des transports<\/a><span class="badge">Privé<\/span>/);
    assert.match((await get('/explore/', { operator: true })).html, /Transports <span class="count">\(3</);
    assert.match((await get('/explore/', { operator: true })).html, /<strong>26 jeux de données<\/strong>/);
  });

  test('a local portal lists only its datasets, by path or by host', async () => {
    const byPath = await get('/portals/nantes/explore/');
    assert.equal(byPath.status, 200);
    assert.deepEqual(listed(byPath.html).sort(), [
      ['/portals/nantes/explore/dataset/arrets-bus/', 'Arrêts de bus'],
      ['/portals/nantes/explore/dataset/ecoles-nantes/', 'Écoles publiques de Nantes'],
    ]);
    assert.match(byPath.html, /<strong>2 jeux de données<\/strong>/);
    assert.match(byPath.html, /<form class="search" role="search" method="get" action="\/portals\/nantes\/explore\/">/);
    assert.match(byPath.html, /href="\/portals\/nantes\/explore\/\?refine\.theme=Transports"/);
    assert.doesNotMatch(byPath.html, /Mesures/, 'no facet counts another portal’s datasets');
    const byHost = await get('/explore/?q=velo', { host: 'nantes.localhost' });
    assert.deepEqual(listed(byHost.html), []);
    assert.deepEqual(listed((await get('/explore/', { host: 'nantes.localhost' })).html).map(([path]) => path).sort(), ['/explore/dataset/arrets-bus/', '/explore/dataset/ecoles-nantes/']);
  });

  test('?lang=en gives the English page, and its links stay in English', async () => {
    const { html } = await get('/explore/?lang=en&refine.theme=Transports');
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<h1>Data catalogue<\/h1>/);
    assert.match(html, /<strong>2 datasets<\/strong>/);
    assert.match(html, /<a href="\/explore\/\?lang=en">Theme : Transports/);
    assert.match(html, /<input type="hidden" name="lang" value="en"\/>/);
    assert.match(html, /href="\/explore\/dataset\/velos\/\?lang=en"/);
    assert.match(html, /<dt>Updated on<\/dt>/);
  });

  test('what cannot be read is said on the page, never a server error', async () => {
    for (const [url, sentence] of [
      ['/explore/?page=abc', /Le numéro de page « abc » n’est pas un nombre entier positif : voici la première page\./],
      ['/explore/?page=0', /Le numéro de page « 0 »/],
      ['/explore/?page=99999999999999', /Le numéro de page « 99999999999999 »/],
      ['/explore/?refine.nope=x', /Le filtre « nope » n’existe pas sur ce catalogue : il est ignoré\./],
      ['/explore/?sort=popularity', /Le tri « popularity » n’existe pas/],
    ] as const) {
      const { status, html } = await get(url);
      assert.equal(status, 400, url);
      assert.match(html, sentence, url);
      assert.match(html, /<strong>25 jeux de données<\/strong>/, `${url}: the catalog is still shown`);
    }
    const beyond = await get('/explore/?page=9');
    assert.equal(beyond.status, 404);
    assert.match(beyond.html, /La page 9 n’existe pas : les résultats tiennent sur 2 pages\. <a href="\/explore\/\?page=2">Aller à la dernière page<\/a>/);
    // Words that are only punctuation, quotes or ODSQL are searched as words, never run.
    for (const q of ['"', "') or 1=1 --", '***', 'search(*)']) {
      const { status } = await get(`/explore/?q=${encodeURIComponent(q)}`);
      assert.equal(status, 200, q);
    }
    const quoted = await get(`/explore/?refine.theme=${encodeURIComponent('Trans"ports:x')}`);
    assert.equal(quoted.status, 200);
    assert.match(quoted.html, /<strong>0 jeux de données<\/strong>/);
  });
}

describe('catalog page (sqlite)', () => catalogTests('sqlite'));
describe('catalog page (postgres)', { skip: pgReason ?? false }, () => catalogTests('postgres'));
