// The analyze tab of a dataset page (/explore/dataset/{id}/analyze/) as a visitor meets it: a chart
// drawn on the server as SVG, the same values in a table below it, the form's state in the URL,
// the page's filters applied, a wrong value said in a sentence. On SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createPortal, topOrganisation } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

const COMMUNES = [
  ['44109', 'Nantes', 'Loire-Atlantique', 320732, 'intérieur', '2023-03-01'],
  ['44143', 'Rezé', 'Loire-Atlantique', 42998, 'intérieur', '2023-07-15'],
  ['44184', 'Saint-Nazaire', 'Loire-Atlantique', 71887, 'littoral', '2024-01-10'],
  ['49007', 'Angers', 'Maine-et-Loire', 157175, 'intérieur', '2024-02-01'],
  ['49099', 'Cholet', 'Maine-et-Loire', 54062, 'intérieur', '2024-02-20'],
  ['85191', 'La Roche-sur-Yon', 'Vendée', 57160, 'intérieur', '2024-05-05'],
  ['85194', 'Les Sables-d’Olonne', 'Vendée', 48740, 'littoral', '2025-01-01'],
  ['72181', 'Le Mans', 'Sarthe', 145004, 'intérieur', '2025-03-03'],
  ['53130', 'Laval', 'Mayenne', 49733, 'intérieur', '2025-04-04'],
] as const;
const CSV = `code_insee;nom;departement;population;zone;date_maj\n${COMMUNES.map((c) => c.join(';')).join('\n')}\n`;
const DEPARTEMENTS = ['Loire-Atlantique', 'Maine-et-Loire', 'Vendée', 'Sarthe', 'Mayenne'];
const PAGE = '/portals/nantes/explore/dataset/communes/analyze/';

/** `1 234` as a French page writes it (narrow no-break space), `1,234` in English. */
const fr = (n: number) => new Intl.NumberFormat('fr-FR').format(n);
const en = (n: number) => new Intl.NumberFormat('en-GB').format(n);

function countBy(key: (c: (typeof COMMUNES)[number]) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of COMMUNES) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
  return counts;
}

function sumOfPopulation(departement: string): number {
  return COMMUNES.filter((c) => c[2] === departement).reduce((sum, c) => sum + c[3], 0);
}

/** The inlined chart: its opening tag and the texts it draws. */
function svgOf(html: string): { tag: string; texts: string[]; body: string } | undefined {
  const match = /<svg\b[^>]*>[\s\S]*?<\/svg>/.exec(html);
  if (!match) return undefined;
  const texts = [...match[0].matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1] ?? ''));
  return { tag: /<svg\b[^>]*>/.exec(match[0])?.[0] ?? '', texts, body: match[0] };
}

/** The table below the chart: its caption, column headers and rows (row header, then cells). */
function tableOf(html: string): { caption: string; columns: string[]; rows: string[][] } | undefined {
  const table = /<table class="chart-values">([\s\S]*?)<\/table>/.exec(html)?.[1];
  if (!table) return undefined;
  const caption = decode(/<caption>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? '');
  const columns = [...table.matchAll(/<th scope="col">([\s\S]*?)<\/th>/g)].map((m) => decode(m[1] ?? ''));
  const rows = [...table.matchAll(/<tr><th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [decode(m[1] ?? ''), ...[...(m[2] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => decode((c[1] ?? '').replace(/<[^>]+>/g, '')))]);
  return { caption, columns, rows };
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();
}

for (const { backend, skip } of BACKENDS) {
  describe(`dataset analyze tab on ${backend}`, { skip }, () => {
    let setup: TestApp;
    let app: FastifyInstance;

    before(async () => {
      setup = await testApp({ backend });
      app = setup.app;
      const { platform } = setup.t;
      await createNantesPortal(platform);
      const region = await topOrganisation(platform.db);
      await createPortal(platform.db, { slug: 'region', title: 'Région', hostnames: [], scope: region ?? null, theme: { primaryColor: '#8a1538' } });
      await publishCsv(platform, 'communes', CSV, {
        title: 'Communes des Pays de la Loire',
        organisation: 'nantes-metropole',
        steps: [{ op: 'annotate', field: 'departement', annotations: { facet: true } }],
      });
      // No facet: each record has its own reference; the communes repeat.
      const rows = Array.from({ length: 40 }, (_, i) => `R${String(i).padStart(3, '0')};${['Nantes', 'Rezé', 'Orvault'][i % 3]};${i}`);
      await publishCsv(platform, 'sans-facette', `reference;commune;valeur\n${rows.join('\n')}\n`, { title: 'Sans facette', organisation: 'nantes-metropole' });
    });
    after(async () => setup?.dispose());

    const get = async (url: string) => {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 500)}`);
      return response.body;
    };

    test('a bar chart of the records counted by département: each one drawn, and its count in the table', async () => {
      const html = await get(`${PAGE}?type=bar&x=departement&agg=count`);
      const svg = svgOf(html);
      assert.ok(svg, 'the chart is inlined as SVG');
      assert.match(svg.tag, /role="img"/);
      assert.match(svg.tag, /aria-label="Diagramme en barres : Nombre d’enregistrements par departement\. 5 catégories/);
      assert.match(html, /<figure class="chart"><figcaption>Nombre d’enregistrements par departement<\/figcaption>/);
      const counts = countBy((c) => c[2]);
      for (const departement of DEPARTEMENTS) assert.ok(svg.texts.includes(departement), `${departement} is drawn`);
      // Bars carry their value, in French.
      assert.ok(svg.texts.includes('3') && svg.texts.includes('2') && svg.texts.includes('1'));
      const table = tableOf(html);
      assert.ok(table, 'the values follow as a table');
      assert.equal(table.caption, 'Valeurs du graphique : Nombre d’enregistrements par departement');
      assert.deepEqual(table.columns, ['departement', 'Nombre d’enregistrements']);
      // Largest first; equal counts by name.
      assert.deepEqual(table.rows, [
        ['Loire-Atlantique', '3'],
        ['Maine-et-Loire', '2'],
        ['Vendée', '2'],
        ['Mayenne', '1'],
        ['Sarthe', '1'],
      ]);
      for (const [departement, n] of counts) assert.ok(table.rows.some((r) => r[0] === departement && r[1] === String(n)));
      // Every control of the form has a visible label, and its state is the URL's.
      for (const name of ['type', 'x', 'period', 'agg', 'y', 'series', 'limit', 'order']) assert.match(html, new RegExp(`<label for="chart-${name}">`), name);
      assert.match(html, /<form class="chart-form" method="get" action="\/portals\/nantes\/explore\/dataset\/communes\/analyze\/">/);
      assert.match(html, /<option value="departement" selected>/);
    });

    test('the sum of population by département, in French numbers', async () => {
      const html = await get(`${PAGE}?type=bar&x=departement&agg=sum&y=population`);
      const table = tableOf(html);
      assert.ok(table);
      assert.equal(table.columns[1], 'Somme (population)');
      assert.deepEqual(
        table.rows,
        DEPARTEMENTS.map((d) => [d, fr(sumOfPopulation(d))]).sort((a, b) => sumOfPopulation(b[0] ?? '') - sumOfPopulation(a[0] ?? '')),
      );
      assert.ok(table.rows[0]?.[1]?.includes('\u202f'), 'thousands are separated by a narrow no-break space');
      const svg = svgOf(html);
      assert.ok(svg?.texts.includes(fr(sumOfPopulation('Loire-Atlantique'))), 'the bar label is the French number');
      assert.match(html, /<figcaption>Somme de population par departement<\/figcaption>/);
    });

    test('the page filters choose the records counted, and the form keeps them', async () => {
      const html = await get(`${PAGE}?x=zone&agg=count&refine.departement=Loire-Atlantique`);
      assert.deepEqual(tableOf(html)?.rows, [
        ['intérieur', '2'],
        ['littoral', '1'],
      ]);
      assert.match(html, /<input type="hidden" name="refine\.departement" value="Loire-Atlantique"\/>/);
      assert.match(html, /<figcaption>Nombre d’enregistrements par zone \(enregistrements filtrés\)<\/figcaption>/);
      const excluded = await get(`${PAGE}?x=zone&agg=count&exclude.departement=Loire-Atlantique`);
      assert.deepEqual(tableOf(excluded)?.rows, [
        ['intérieur', '5'],
        ['littoral', '1'],
      ]);
      const searched = await get(`${PAGE}?x=departement&q=Nantes`);
      assert.deepEqual(tableOf(searched)?.rows, [['Loire-Atlantique', '1']]);
      // Removing the filter keeps the chart: the link carries its settings, not the filter.
      const remove = /<a href="([^"]+)" aria-label="Retirer le filtre departement : Loire-Atlantique"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(remove, 'a link removes the filter');
      assert.equal(new URL(remove, 'http://x').searchParams.get('x'), 'zone');
      assert.equal(new URL(remove, 'http://x').searchParams.get('refine.departement'), null);
      assert.deepEqual(tableOf(await get(remove))?.rows, [
        ['intérieur', '7'],
        ['littoral', '2'],
      ]);
    });

    test('pie, line and scatter charts are drawn as SVG too', async () => {
      const pie = await get(`${PAGE}?type=pie&x=departement&agg=count`);
      assert.match(svgOf(pie)?.tag ?? '', /aria-label="Diagramme en secteurs : /);
      assert.ok(svgOf(pie)?.texts.includes('Loire-Atlantique : 3'), 'each slice is named with its value');
      assert.equal(tableOf(pie)?.rows.length, 5);

      // A date field is grouped by year, in time order.
      const line = await get(`${PAGE}?type=line&x=date_maj&agg=sum&y=population`);
      assert.match(svgOf(line)?.tag ?? '', /aria-label="Courbe : Somme de population par date_maj \(année\)/);
      const byYear = (year: string) => COMMUNES.filter((c) => c[5].startsWith(year)).reduce((s, c) => s + c[3], 0);
      assert.deepEqual(tableOf(line)?.rows, [
        ['2023', fr(byYear('2023'))],
        ['2024', fr(byYear('2024'))],
        ['2025', fr(byYear('2025'))],
      ]);
      const months = await get(`${PAGE}?type=line&x=date_maj&period=month&agg=count`);
      assert.deepEqual(tableOf(months)?.rows.slice(0, 2), [
        ['2023-03', '1'],
        ['2023-07', '1'],
      ]);

      const scatter = await get(`${PAGE}?type=scatter&x=departement&agg=max&y=population`);
      assert.match(svgOf(scatter)?.tag ?? '', /aria-label="Nuage de points : Maximum de population par departement/);
      assert.deepEqual(tableOf(scatter)?.rows[0], ['Loire-Atlantique', fr(320732)]);
    });

    test('a series field gives one series per value, side by side in the table', async () => {
      const html = await get(`${PAGE}?type=bar&x=departement&agg=count&series=zone`);
      const table = tableOf(html);
      assert.ok(table);
      assert.deepEqual(table.columns, ['departement', 'intérieur', 'littoral']);
      assert.deepEqual(table.rows.slice(0, 3), [
        ['Loire-Atlantique', '2', '1'],
        ['Maine-et-Loire', '2', '0'],
        ['Vendée', '1', '1'],
      ]);
      assert.ok(svgOf(html)?.texts.includes('littoral'), 'the legend names the series');
      // A pie draws one series: the field is set aside, and the page says so.
      const pie = await get(`${PAGE}?type=pie&x=departement&series=zone`);
      assert.match(pie, /Les séries ne s’appliquent qu’aux barres et aux courbes/);
      assert.equal(tableOf(pie)?.columns.length, 2);
      assert.match(pie, /<figcaption>Nombre d’enregistrements par departement<\/figcaption>/);
    });

    test('the number of categories and the order are the URL’s', async () => {
      const html = await get(`${PAGE}?x=departement&limit=2`);
      assert.deepEqual(tableOf(html)?.rows.map((r) => r[0]), ['Loire-Atlantique', 'Maine-et-Loire']);
      assert.match(html, /Les 2 premières catégories sur 5 sont montrées\./);
      const byName = await get(`${PAGE}?x=departement&order=x`);
      assert.deepEqual(tableOf(byName)?.rows.map((r) => r[0]), [...DEPARTEMENTS].sort());
    });

    test('the first visit shows records counted by the first facet field, as bars', async () => {
      const html = await get(PAGE);
      assert.match(svgOf(html)?.tag ?? '', /aria-label="Diagramme en barres : Nombre d’enregistrements par departement/);
      assert.equal(tableOf(html)?.rows.length, 5);
    });

    test('without a facet field, the first visit counts by the text field whose values repeat', async () => {
      const html = await get('/portals/nantes/explore/dataset/sans-facette/analyze/');
      assert.match(svgOf(html)?.tag ?? '', /aria-label="Diagramme en barres : Nombre d’enregistrements par commune\. 3 catégories/);
      assert.deepEqual(tableOf(html)?.rows, [
        ['Nantes', '14'],
        ['Orvault', '13'],
        ['Rezé', '13'],
      ]);
    });

    test('a field or a calculation the dataset does not have is a sentence on the page, not an error', async () => {
      const bogus = await get(`${PAGE}?type=bar&x=bogus&agg=count`);
      assert.match(bogus, /<div class="error-box" role="alert"><p>« bogus » n’est pas un champ de ce jeu de données que l’on peut mettre en catégories/);
      assert.equal(svgOf(bogus), undefined);
      assert.match(bogus, /<label for="chart-x">/, 'the form is there to choose again');
      const agg = await get(`${PAGE}?x=departement&agg=median`);
      assert.match(agg, /« median » n’est pas un calcul connu/);
      const text = await get(`${PAGE}?x=departement&agg=sum&y=nom`);
      assert.match(text, /« nom » n’est pas un champ numérique de ce jeu de données/);
      const limit = await get(`${PAGE}?x=departement&limit=1000`);
      assert.match(limit, /« 1000 » n’est pas un nombre de catégories possible/);
      // A filter on an unknown field: said in words too.
      const refine = await get(`${PAGE}?refine.inconnu=1`);
      assert.match(refine, /<p class="error-box" role="alert">/);
      assert.equal(svgOf(refine), undefined);
    });

    test('the embed shows the chart and its table without the site header or the form', async () => {
      const html = await get('/portals/nantes/explore/embed/dataset/communes/analyze/?type=bar&x=departement&agg=sum&y=population');
      assert.ok(svgOf(html), 'the chart is there');
      assert.equal(tableOf(html)?.rows.length, 5);
      assert.doesNotMatch(html, /<header class="site"/);
      assert.doesNotMatch(html, /<form class="chart-form"/);
    });

    test('in English: the labels, the texts and the numbers', async () => {
      const html = await get(`${PAGE}?type=bar&x=departement&agg=sum&y=population&lang=en`);
      assert.match(html, /<html lang="en">/);
      assert.match(html, /<label for="chart-type">Chart type<\/label>/);
      assert.match(html, /<label for="chart-agg">Calculation<\/label>/);
      assert.match(html, /<input type="hidden" name="lang" value="en"\/>/);
      assert.match(svgOf(html)?.tag ?? '', /aria-label="Bar chart: Sum of population by departement\. 5 categories/);
      assert.equal(tableOf(html)?.caption, 'Values of the chart: Sum of population by departement');
      assert.deepEqual(tableOf(html)?.rows[0], ['Loire-Atlantique', en(sumOfPopulation('Loire-Atlantique'))]);
      const bogus = await get(`${PAGE}?x=bogus&lang=en`);
      assert.match(bogus, /“bogus” is not a field of this dataset that can be used as categories/);
    });

    test('the portal’s primary colour is the first of the chart', async () => {
      const html = await get('/portals/region/explore/dataset/communes/analyze/?x=departement');
      assert.match(svgOf(html)?.body ?? '', /fill="#8a1538"/);
      const nantes = await get(PAGE);
      assert.doesNotMatch(svgOf(nantes)?.body ?? '', /#8a1538/);
    });

    test('a link to share the chart keeps its settings and the filters', async () => {
      const html = await get(`${PAGE}?x=zone&agg=count&refine.departement=Vendée`);
      const link = /<input id="chart-link" type="text" readOnly value="([^"]*)"/i.exec(html)?.[1];
      assert.ok(link, html.slice(0, 200));
      const url = new URL(decode(link));
      assert.equal(url.pathname, PAGE);
      assert.equal(url.searchParams.get('refine.departement'), 'Vendée');
      assert.equal(url.searchParams.get('x'), 'zone');
      assert.match(html, /explore\/embed\/dataset\/communes\/analyze\//);
    });
  });
}
