// The issue's scenario in a real Chromium, as a visitor: search from the home page, open the
// dataset, filter its table by a commune from the facets, follow the filter to the map, the chart
// and the CSV export, then see that Nantes Métropole's portal shows only its own datasets. The
// controls are found by their role and accessible name, as a screen reader user would find them.
// Each step starts from the URL the previous one ends at, so that one page not ready fails alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ADRESSES, chromiumUnavailableReason, launchChromium, newPage, REGION_DATASET, startBrowserSite, TEST_TIMEOUT, type BrowserSite } from '../helpers/browser.js';

const COMMUNE = 'Rezé';
const IN_COMMUNE = ADRESSES.communes.find((c) => c.name === COMMUNE)?.count ?? 0;
const FILTER = `refine.nom_commune=${encodeURIComponent(COMMUNE)}`;
const datasetUrl = (site: BrowserSite, tab: string, query = '') => `${site.url}/explore/dataset/${ADRESSES.datasetId}/${tab}/${query ? `?${query}` : ''}`;

/** The count a tab shows of the filtered records: "90 enregistrements" (French digits group with narrow spaces). */
async function shownCount(page: Page): Promise<number> {
  const text = await page.getByRole('main').getByText(/^[\d\s\u202f\u00a0]+ enregistrements?$/).first().textContent();
  return Number((text ?? '').replace(/\D/g, ''));
}

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Onglets du jeu de données' });

const reason = chromiumUnavailableReason();
// Each test is skipped with the reason (counted in the runner's `# skipped`), not the suite.
const options = { timeout: TEST_TIMEOUT, skip: reason ?? undefined };

describe('a visitor in Chromium', () => {
  let site: BrowserSite;
  let browser: Browser;
  let page: Page;
  let communeLabel: string;

  before(async () => {
    if (reason) return;
    site = await startBrowserSite();
    browser = await launchChromium();
    page = await newPage(browser);
    // The column's label as the publisher's file gave it, read from the API like any client.
    const dataset = (await (await fetch(`${site.url}/api/explore/v2.1/catalog/datasets/${ADRESSES.datasetId}`)).json()) as { fields: { name: string; label: string }[] };
    communeLabel = dataset.fields.find((f) => f.name === 'nom_commune')?.label ?? 'nom_commune';
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  test('searches "adresses" from the home page, finds the dataset in the catalogue and opens it', options, async () => {
    await page.goto(`${site.url}/`);
    const search = page.getByRole('main').getByRole('search');
    await search.getByRole('searchbox', { name: /recherch/i }).fill('adresses');
    await search.getByRole('button', { name: /recherch/i }).click();
    await page.waitForURL(/\/explore\/\?(.*&)?q=adresses/);
    const results = page.getByRole('main');
    assert.equal(await results.getByRole('link', { name: ADRESSES.title, exact: true }).count(), 1, 'the catalogue lists the dataset searched for');
    assert.equal(await results.getByRole('link', { name: REGION_DATASET.title, exact: true }).count(), 0, 'the search leaves out a dataset that does not match');
    await results.getByRole('link', { name: ADRESSES.title, exact: true }).click();
    await page.waitForURL(/\/explore\/dataset\/adresses\//);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), ADRESSES.title);
  });

  test(`filters the table by the commune ${COMMUNE} from the facets: every row shows it, the count falls`, options, async () => {
    await page.goto(datasetUrl(site, 'information'));
    await tabs(page).getByRole('link', { name: 'Tableau' }).click();
    await page.waitForURL(/\/table\//);
    const before = await shownCount(page);
    assert.equal(before, ADRESSES.total, 'the unfiltered table counts every record');

    const facets = page.getByRole('complementary', { name: 'Filtrer' });
    await facets.getByRole('link', { name: new RegExp(`${COMMUNE} \\(${IN_COMMUNE}\\)`) }).click();
    await page.waitForURL((url) => url.searchParams.get('refine.nom_commune') === COMMUNE);
    const after = await shownCount(page);
    assert.equal(after, IN_COMMUNE, `the count falls from ${before} to the ${IN_COMMUNE} records of ${COMMUNE}`);

    const table = page.getByRole('table', { name: /Enregistrements de/ });
    const headers = (await table.locator('thead th').allTextContents()).map((h) => h.replace(/[▲▼]/g, '').replace(/\s*\(trier [^)]*\)/, '').trim());
    const column = headers.findIndex((h) => h === communeLabel);
    assert.ok(column >= 0, `the table has a column "${communeLabel}" (columns: ${headers.join(', ')})`);
    const rows = table.locator('tbody tr');
    const shown = await rows.count();
    assert.ok(shown > 0 && shown <= IN_COMMUNE, `the table shows rows (${shown})`);
    const communes = await rows.evaluateAll((trs, i) => trs.map((tr) => tr.querySelectorAll('th, td')[i]?.textContent?.trim() ?? ''), column);
    assert.deepEqual([...new Set(communes)], [COMMUNE], 'every row is in the commune chosen');
  });

  test('the filter follows to the map tab, which draws the commune’s points', options, async () => {
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    await page.goto(datasetUrl(site, 'table', FILTER));
    await tabs(page).getByRole('link', { name: 'Carte' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/map/') && url.searchParams.get('refine.nom_commune') === COMMUNE);
    const map = page.getByRole('region', { name: `Carte du jeu de données ${ADRESSES.title}`, exact: true }).first(); // the container (the map's canvas inside it takes the same name)
    await map.and(page.locator('[data-state="ready"], [data-state="error"]')).waitFor({ timeout: 10_000 }).catch(() => undefined);
    const state = await map.getAttribute('data-state');
    const message = await page.locator('#map-message').textContent().catch(() => '');
    assert.equal(state, 'ready', `the map is drawn (its message: "${message}"; script errors: ${scriptErrors.join('; ') || 'none'})`);
    const points = Number(await map.getAttribute('data-points'));
    assert.ok(points > 0 && points <= IN_COMMUNE, `the map shows the commune's points (data-points=${points})`);
  });

  test('builds a bar chart of the number of records by commune with the analyze form', options, async () => {
    await page.goto(datasetUrl(site, 'map', FILTER));
    await tabs(page).getByRole('link', { name: 'Analyse' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/analyze/') && url.searchParams.get('refine.nom_commune') === COMMUNE);
    await page.getByLabel('Type de graphique', { exact: true }).selectOption('bar');
    await page.getByLabel('Catégories (axe horizontal)', { exact: true }).selectOption('nom_commune');
    await page.getByLabel('Calcul', { exact: true }).selectOption('count');
    await page.getByRole('button', { name: 'Afficher le graphique' }).click();
    await page.waitForURL((url) => url.searchParams.get('x') === 'nom_commune' && url.searchParams.get('refine.nom_commune') === COMMUNE);
    const chart = page.getByRole('main').locator('figure svg');
    await chart.first().waitFor();
    assert.ok((await chart.first().locator('rect, path').count()) > 0, 'the chart draws bars');
    const values = page.getByRole('table', { name: /Nombre d’enregistrements/ });
    assert.equal(await values.getByRole('rowheader', { name: COMMUNE }).count(), 1, 'the table below the chart has the commune');
    const rows = await values.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent?.trim() ?? '')));
    assert.deepEqual(rows, [[COMMUNE, String(IN_COMMUNE)]], 'one bar: the commune and its count (the filter applies to the chart)');
  });

  test('downloads the CSV from the export tab: only the commune’s records', options, async () => {
    await page.goto(datasetUrl(site, 'analyze', FILTER));
    await tabs(page).getByRole('link', { name: 'Export' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/export/') && url.searchParams.get('refine.nom_commune') === COMMUNE);
    const link = page.getByRole('main').getByRole('link', { name: /\bCSV\b/ }).first();
    const target = await link.getAttribute('href');
    assert.ok(target, 'the export tab has a link named CSV');
    const response = await page.request.get(new URL(target, page.url()).toString());
    assert.equal(response.status(), 200);
    const lines = (await response.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const delimiter = (lines[0] ?? '').includes(';') ? ';' : ',';
    const header = (lines[0] ?? '').split(delimiter).map((h) => h.replace(/^"|"$/g, ''));
    const column = header.indexOf('nom_commune');
    assert.ok(column >= 0, `the CSV has a nom_commune column (header: ${lines[0]})`);
    const communes = lines.slice(1).map((line) => line.split(delimiter)[column]?.replace(/^"|"$/g, ''));
    assert.equal(communes.length, IN_COMMUNE, `the CSV has the ${IN_COMMUNE} records of ${COMMUNE}`);
    assert.deepEqual([...new Set(communes)], [COMMUNE]);
  });

  test('Nantes Métropole’s portal shows its datasets only; the region’s portal shows both', options, async () => {
    await page.goto(`${site.url}/explore/`);
    assert.equal(await page.getByRole('main').getByRole('link', { name: REGION_DATASET.title, exact: true }).count(), 1, 'the region’s catalogue lists the region-level dataset');
    assert.equal(await page.getByRole('main').getByRole('link', { name: ADRESSES.title, exact: true }).count(), 1);

    await page.goto(`${site.url}/portals/nantes/`);
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /Nantes Métropole/);
    await page.getByRole('navigation', { name: /menu/i }).getByRole('link', { name: 'Catalogue' }).click();
    await page.waitForURL(`${site.url}/portals/nantes/explore/`);
    const main = page.getByRole('main');
    assert.equal(await main.getByRole('link', { name: ADRESSES.title, exact: true }).count(), 1, 'Nantes’ catalogue lists its dataset');
    assert.equal(await main.getByRole('link', { name: REGION_DATASET.title, exact: true }).count(), 0, 'Nantes’ catalogue leaves out the region-level dataset');
    await main.getByRole('link', { name: ADRESSES.title, exact: true }).click();
    await page.waitForURL(/\/portals\/nantes\/explore\/dataset\/adresses\//);
    const region = await page.goto(`${site.url}/portals/nantes/explore/dataset/${REGION_DATASET.datasetId}/`);
    assert.equal(region?.status(), 404, 'the region-level dataset is not found through Nantes’ portal');
  });
});
