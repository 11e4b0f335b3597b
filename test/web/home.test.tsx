// The home page `/`: the portal's name and text, a search box into the catalog, the themes with
// their counts, the featured datasets in the portal's order (only those the visitor may see), the
// 6 latest, and a local portal's own scope.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPortal } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';

const pgReason = await postgresUnavailableReason();

/**
 * Published in this order (so "latest" is the reverse): ecoles-nantes and arrets-bus (Nantes
 * Métropole), velos, budget-prive (private), then mesure-1 … mesure-5.
 */
async function publishCatalog(setup: TestApp): Promise<void> {
  const { platform } = setup.t;
  await createPortal(platform.db, {
    slug: 'region',
    title: 'Données de la Région',
    hostnames: [],
    scope: null,
    isDefault: true,
    homeText: 'Bienvenue sur le portail **open data** de la Région.',
    featured: ['velos', 'budget-prive', 'n-existe-pas', 'arrets-bus'],
  });
  await createNantesPortal(platform);
  await publishCsv(platform, 'ecoles-nantes', 'uai;nom\n0440001A;École\n', { title: 'Écoles publiques de Nantes', organisation: 'nantes-metropole', metas: { themes: ['Éducation'] } });
  await publishCsv(platform, 'arrets-bus', 'arret;ligne\nCommerce;C1\n', { title: 'Arrêts de bus', organisation: 'nantes-metropole', metas: { themes: ['Transports'] } });
  await publishCsv(platform, 'velos', 'station;places\nGare;20\n', { title: 'Stations vélo', metas: { themes: ['Transports'] } });
  await publishCsv(platform, 'budget-prive', 'poste;montant\nVoirie;1200\n', { title: 'Budget des transports', visibility: 'private', metas: { themes: ['Transports'] } });
  for (let i = 1; i <= 5; i++) await publishCsv(platform, `mesure-${i}`, `valeur\n${i}\n`, { title: `Mesure ${i}`, metas: { themes: ['Mesures'] } });
}

/** The dataset titles listed in a section of the page (by its heading's id). */
function section(html: string, id: string): string[] {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return [];
  const end = html.indexOf('</section>', start);
  return [...html.slice(start, end).matchAll(/<li class="dataset"><h3><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1] ?? '');
}

function homeTests(backend: TestBackend): void {
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

  test('the portal’s name, its text, a search box into the catalog, the themes with their counts', async () => {
    const { status, html } = await get('/');
    assert.equal(status, 200);
    assert.match(html, /<h1>Données de la Région<\/h1>/);
    assert.match(html, /<p>Bienvenue sur le portail <strong>open data<\/strong> de la Région\.<\/p>/);
    assert.match(html, /<form class="search" role="search" method="get" action="\/explore\/"><label for="home-q">Rechercher dans les données<\/label><input type="search" id="home-q" name="q"\/>/);
    assert.match(html, /<a href="\/explore\/\?refine\.theme=Transports">Transports <span class="count">\(2<span class="visually-hidden"> jeux de données<\/span>\)<\/span><\/a>/);
    assert.match(html, /<a href="\/explore\/\?refine\.theme=Mesures">Mesures <span class="count">\(5/);
    assert.match(html, /<a href="\/explore\/">Parcourir tout le catalogue \(8 jeux de données\)<\/a>/);
  });

  test('featured datasets first, in the portal’s order, only those the visitor may see; then the 6 latest', async () => {
    const { html } = await get('/');
    assert.deepEqual(section(html, 'home-featured'), ['Stations vélo', 'Arrêts de bus']);
    assert.ok(html.indexOf('id="home-featured"') < html.indexOf('id="home-latest"'));
    assert.deepEqual(section(html, 'home-latest'), ['Mesure 5', 'Mesure 4', 'Mesure 3', 'Mesure 2', 'Mesure 1', 'Stations vélo']);
    assert.match(html, /<a href="\/explore\/dataset\/velos\/">Stations vélo<\/a>/);
    assert.doesNotMatch(html, /Budget des transports/);
    // The operator sees the private one where the portal put it, with its badge.
    const operator = await get('/', { operator: true });
    assert.deepEqual(section(operator.html, 'home-featured'), ['Stations vélo', 'Budget des transports', 'Arrêts de bus']);
    assert.match(operator.html, /Budget des transports<\/a><span class="badge">Privé<\/span>/);
    assert.match(operator.html, /Transports <span class="count">\(3/);
  });

  test('a local portal shows only its scope, by path or by host', async () => {
    for (const [url, host, prefix] of [
      ['/portals/nantes/', undefined, '/portals/nantes'],
      ['/', 'nantes.localhost', ''],
    ] as const) {
      const { status, html } = await get(url, { host });
      assert.equal(status, 200);
      assert.match(html, /<h1>Nantes Métropole<\/h1>/);
      assert.deepEqual(section(html, 'home-latest'), ['Arrêts de bus', 'Écoles publiques de Nantes']);
      assert.deepEqual(section(html, 'home-featured'), []);
      assert.ok(html.includes(`<a href="${prefix}/explore/?refine.theme=Transports">Transports <span class="count">(1`));
      assert.ok(html.includes(`action="${prefix}/explore/"`));
      assert.doesNotMatch(html, /Mesure/);
    }
  });

  test('?lang=en gives the English page; the search keeps the language', async () => {
    const { html } = await get('/?lang=en');
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<h2 id="home-featured">Featured<\/h2>/);
    assert.match(html, /<h2 id="home-latest">Latest updated datasets<\/h2>/);
    assert.match(html, /<input type="hidden" name="lang" value="en"\/>/);
    assert.match(html, /<a href="\/explore\/\?refine\.theme=Transports&amp;lang=en">/);
    assert.match(html, /Browse the whole catalogue \(8 datasets\)/);
  });
}

describe('home page (sqlite)', () => homeTests('sqlite'));
describe('home page (postgres)', { skip: pgReason ?? false }, () => homeTests('postgres'));
