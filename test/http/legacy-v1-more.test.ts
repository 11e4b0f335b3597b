// The rest of the legacy v1 API (ODS spec §2.12) beside search: records download and analyze, the
// catalog search, one dataset, one record; and visibility on each. Expected answers come from the
// fixture CSV read here (test/helpers/communes-test.ts), from the metadata written here, or from
// the v2.1 routes the v1 ones must agree with; CSV files are read with csv-parse.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import { parse } from 'csv-parse/sync';
import { testApp, type TestApp } from '../helpers/app.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';
import { fixtureCommunes, publishCommunesTest, type FixtureCommune } from '../helpers/communes-test.js';

const V1 = '/api/records/1.0';
const EXPORTS = '/api/explore/v2.1/catalog/datasets/communes-test/exports';
type Json = Record<string, unknown>;
type V1Record = { datasetid: string; recordid: string; fields: Json; geometry?: { type: string; coordinates: number[] }; record_timestamp: string };
type V1Facet = { name: string; count?: number; state: string; path: string };
type V1Dataset = { datasetid: string; metas: Json; has_records: boolean; features: string[]; attachments: unknown[]; fields: { name: string; label: string; type: string; annotations?: { name: string; args?: unknown[] }[] }[] };
type CatalogBody = { nhits: number; parameters: Json; datasets: V1Dataset[]; facet_groups?: { name: string; facets: V1Facet[] }[] };

// ajv comes with Fastify (CommonJS): its class is the default export's own default.
const Ajv2020 = Ajv2020Module.default;

const communes = fixtureCommunes();
const sortedNames = (rows: FixtureCommune[]) => rows.map((c) => c.nom).sort();

describe('v1 download, analyze and Dataset API', () => {
  let setup: TestApp;

  // communes-test (public): 50 records. qualite-air (public): theme Environnement, keywords air, pollution.
  // ecoles (public, Nantes Métropole, on the `nantes` portal): theme Éducation. arbres-prives
  // (private): theme Environnement, 2 records.
  before(async () => {
    setup = await testApp();
    const { platform } = setup.t;
    await createNantesPortal(platform);
    await publishCommunesTest(platform);
    const publish = (datasetId: string, csv: string, more: Parameters<typeof publishCsv>[3]) => publishCsv(platform, datasetId, csv, more);
    await publish('qualite-air', 'date;station;no2\n2024-01-01;Victor Hugo;21.5\n2024-01-02;Victor Hugo;18.25\n', {
      title: "Qualité de l'air",
      description: 'Mesures des stations de la métropole',
      metas: { themes: ['Environnement'], keywords: ['air', 'pollution'] },
    });
    await publish('ecoles', 'uai;effectif\n0440001A;212\n', { title: 'Écoles publiques', organisation: 'nantes-metropole', metas: { themes: ['Éducation'], keywords: ['école'] } });
    await publish('arbres-prives', 'espece;hauteur\nChêne;12\nHêtre;9\n', { title: 'Arbres remarquables (brouillon)', visibility: 'private', metas: { themes: ['Environnement'], keywords: ['arbres', 'pollution'] } });
  });
  after(async () => setup?.dispose());

  async function get(path: string, params: Record<string, string | string[]> = {}, as: 'anonymous' | 'operator' = 'anonymous') {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
    const response = await setup.app.inject({ url: `${path}?${query}`, headers: as === 'operator' ? setup.headers : {} });
    return { status: response.statusCode, response, json: () => response.json() as Json };
  }

  test('download: the CSV is the v2.1 export of the same records, byte for byte', async () => {
    const v1 = await get(`${V1}/download/`, { dataset: 'communes-test', q: 'departement:44', sort: '-nom' });
    assert.equal(v1.status, 200, v1.response.body);
    assert.equal(v1.response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(v1.response.headers['content-disposition'], 'attachment; filename="communes-test.csv"');
    const v21 = await get(`${EXPORTS}/csv`, { where: 'departement = "44"', order_by: 'nom asc' });
    assert.equal(v21.status, 200);
    assert.ok(v1.response.rawPayload.equals(v21.response.rawPayload), 'the same bytes');
    assert.deepEqual([...v1.response.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the byte order mark of the v2.1 export, for Excel');
    const rows = parse(v1.response.rawPayload, { columns: true, delimiter: ';', bom: true }) as Record<string, string>[];
    const expected = communes.filter((c) => c.departement === '44').map((c) => c.nom).sort((a, b) => a.localeCompare(b, 'fr'));
    assert.equal(rows.length, expected.length);
    assert.deepEqual(rows.map((r) => r.nom).sort(), [...expected].sort(), 'every matching record, not a page');
    assert.equal(rows.find((r) => r.nom === 'Nantes')?.code_insee, '44109');
    const paris = await get(`${V1}/download`, { dataset: 'communes-test', q: 'code_insee:44109', timezone: 'Europe/Paris' });
    const zoned = await get(`${EXPORTS}/csv`, { where: 'code_insee = "44109"', timezone: 'Europe/Paris' });
    assert.equal(paris.response.body, zoned.response.body, 'timezone as on the v2.1 export');
    assert.match(paris.response.body, /2024-05-10T12:30:00\+02:00/, '10:30 UTC is 12:30 in Paris in May');
  });

  test('download: every record without a filter; csv_separator, fields, refine.*; POST form', async () => {
    const all = parse((await get(`${V1}/download`, { dataset: 'communes-test' })).response.rawPayload, { columns: true, delimiter: ';', bom: true }) as Json[];
    assert.equal(all.length, communes.length, 'more than search’s 10 rows');
    const comma = await get(`${V1}/download`, { dataset: 'communes-test', csv_separator: ',', fields: 'nom,population', 'refine.departement': '85' });
    const text = comma.response.body;
    assert.equal(text.split('\r\n')[0], '\ufeffnom,population');
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => r.nom).sort(), sortedNames(communes.filter((c) => c.departement === '85')));
    const posted = await setup.app.inject({
      method: 'POST',
      url: `${V1}/download/`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ dataset: 'communes-test', csv_separator: ',', fields: 'nom,population', 'refine.departement': '85' }).toString(),
    });
    assert.equal(posted.statusCode, 200);
    assert.equal(posted.body, text, 'POST answers like GET');
    const bad = await get(`${V1}/download`, { dataset: 'communes-test', format: 'xls' });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.json()).slice(0, 2), ['errorcode', 'error'], 'a v1 error body');
    const malformed = await get(`${V1}/download`, { dataset: 'communes-test', q: '(nantes' });
    assert.equal(malformed.status, 400, 'a bad q is refused before the file starts');
    assert.equal(malformed.json().code, 'V1_QUERY_MALFORMED');
  });

  test('download: json is v1 records (the same recordids as search), geojson features', async () => {
    const json = await get(`${V1}/download`, { dataset: 'communes-test', format: 'json' });
    assert.equal(json.response.headers['content-disposition'], 'attachment; filename="communes-test.json"');
    const records = JSON.parse(json.response.body) as V1Record[];
    assert.equal(records.length, communes.length);
    const searched = (await get(`${V1}/search`, { dataset: 'communes-test', q: 'code_insee:44109' })).json() as { records: V1Record[] };
    const nantes = records.find((r) => r.fields.code_insee === '44109');
    assert.deepEqual(nantes, searched.records[0], 'the record search shows');
    const geojson = await get(`${V1}/download`, { dataset: 'communes-test', format: 'geojson', 'refine.departement': '85' });
    assert.equal(geojson.response.headers['content-type'], 'application/geo+json; charset=utf-8');
    const collection = JSON.parse(geojson.response.body) as { type: string; features: { geometry: { coordinates: number[] }; properties: Json }[] };
    assert.equal(collection.type, 'FeatureCollection');
    const vendee = communes.filter((c) => c.departement === '85');
    assert.equal(collection.features.length, vendee.length);
    const first = vendee[0]!;
    assert.deepEqual(collection.features.find((f) => f.properties.nom === first.nom)?.geometry.coordinates, [first.lon, first.lat]);
  });

  test('datasets/1.0/search: the visible datasets, q over the metadata, refine, exclude, facet_groups, paging', async () => {
    const anonymous = (await get('/api/datasets/1.0/search/')).json() as CatalogBody;
    assert.equal(anonymous.nhits, 3);
    assert.deepEqual(anonymous.datasets.map((d) => d.datasetid).sort(), ['communes-test', 'ecoles', 'qualite-air']);
    assert.deepEqual(anonymous.parameters, { rows: 10, format: 'json' });
    const operator = (await get('/api/datasets/1.0/search', {}, 'operator')).json() as CatalogBody;
    assert.equal(operator.nhits, 4, 'the operator sees the private one too');

    const words = (await get('/api/datasets/1.0/search', { q: 'pollution' })).json() as CatalogBody;
    assert.deepEqual(words.datasets.map((d) => d.datasetid), ['qualite-air'], 'a keyword, not the private dataset that has it too');
    assert.deepEqual(((await get('/api/datasets/1.0/search', { q: 'pollution' }, 'operator')).json() as CatalogBody).datasets.map((d) => d.datasetid).sort(), ['arbres-prives', 'qualite-air']);
    assert.deepEqual(((await get('/api/datasets/1.0/search', { q: 'stations' })).json() as CatalogBody).datasets.map((d) => d.datasetid), ['qualite-air'], 'the description');
    assert.deepEqual(((await get('/api/datasets/1.0/search', { q: 'theme:Éducation' })).json() as CatalogBody).datasets.map((d) => d.datasetid), ['ecoles']);

    const refined = (await get('/api/datasets/1.0/search', { 'refine.theme': 'Environnement', facet: ['theme', 'keyword'] })).json() as CatalogBody;
    assert.deepEqual(refined.datasets.map((d) => d.datasetid), ['qualite-air']);
    const themes = refined.facet_groups?.find((g) => g.name === 'theme')?.facets;
    assert.deepEqual(themes, [{ name: 'Environnement', count: 1, state: 'refined', path: 'Environnement' }]);
    assert.deepEqual(refined.facet_groups?.find((g) => g.name === 'keyword')?.facets.map((f) => [f.name, f.count]), [['air', 1], ['pollution', 1]]);

    const faceted = (await get('/api/datasets/1.0/search', { facet: 'theme' })).json() as CatalogBody;
    assert.deepEqual(faceted.facet_groups, [{ name: 'theme', facets: [{ name: 'Environnement', count: 1, state: 'displayed', path: 'Environnement' }, { name: 'Éducation', count: 1, state: 'displayed', path: 'Éducation' }] }]);
    const operatorFacets = (await get('/api/datasets/1.0/search', { facet: 'theme' }, 'operator')).json() as CatalogBody;
    assert.equal(operatorFacets.facet_groups?.[0]?.facets.find((f) => f.name === 'Environnement')?.count, 2);
    assert.ok(!('facet_groups' in anonymous), 'no faceting unless asked');

    const excluded = (await get('/api/datasets/1.0/search', { 'exclude.theme': 'Environnement' })).json() as CatalogBody;
    assert.deepEqual(excluded.datasets.map((d) => d.datasetid).sort(), ['communes-test', 'ecoles']);

    const sorted = (await get('/api/datasets/1.0/search', { sort: '-title', rows: '2', start: '1' })).json() as CatalogBody;
    assert.equal(sorted.nhits, 3);
    assert.deepEqual(sorted.parameters, { rows: 2, start: 1, format: 'json', sort: '-title' });
    assert.deepEqual(sorted.datasets.map((d) => d.metas.title), ["Qualité de l'air", 'Écoles publiques'], '-title ascending, from the second');
    const descending = (await get('/api/datasets/1.0/search', { sort: 'title', rows: '1' })).json() as CatalogBody;
    assert.deepEqual(descending.datasets.map((d) => d.metas.title), ['Écoles publiques'], 'title descending');
    // What ods-widgets send: the domain statistics (rows=0 and facets), the most popular datasets.
    const statistics = (await get('/api/datasets/1.0/search', { rows: '0', facet: ['keyword', 'publisher', 'theme'] })).json() as CatalogBody;
    assert.equal(statistics.nhits, 3);
    assert.deepEqual(statistics.datasets, []);
    assert.deepEqual(statistics.facet_groups?.map((g) => g.name), ['keyword', 'publisher', 'theme']);
    const popular = await get('/api/datasets/1.0/search', { rows: '5', sort: 'explore.download_count', extrametas: 'true' });
    assert.equal(popular.status, 200, 'a usage sort leaves the default order');
    assert.deepEqual((popular.json() as CatalogBody).datasets.map((d) => d.datasetid), anonymous.datasets.map((d) => d.datasetid));
    const unknown = await get('/api/datasets/1.0/search', { sort: 'nope' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json().errorcode, 400);
  });

  test('within the portal called: its datasets only, the others a 404', async () => {
    const portal = (await get('/portals/nantes/api/datasets/1.0/search/', { facet: 'theme' })).json() as CatalogBody;
    assert.deepEqual(portal.datasets.map((d) => d.datasetid), ['ecoles']);
    assert.deepEqual(portal.facet_groups?.[0]?.facets.map((f) => [f.name, f.count]), [['Éducation', 1]], 'facets count the portal’s datasets only');
    const byHost = (await setup.app.inject({ url: '/api/datasets/1.0/search', headers: { host: 'nantes.localhost' } })).json() as CatalogBody;
    assert.equal(byHost.nhits, 1, 'the portal of the Host header');
    assert.equal((await get('/portals/nantes/api/datasets/1.0/ecoles')).status, 200);
    assert.equal((await get('/portals/nantes/api/datasets/1.0/communes-test')).status, 404, 'the region’s dataset is not on this portal');
    assert.equal((await get('/portals/nantes/api/records/1.0/download', { dataset: 'communes-test' })).status, 404);
    assert.equal((await get('/portals/nantes/api/records/1.0/analyze', { dataset: 'communes-test', x: 'nom', 'y.n.func': 'COUNT' })).status, 404);
  });

  test('a dataset in v1’s shape: flat metas, fields with v1 annotations; datasets/1.0/{id}', async () => {
    const response = await get('/api/datasets/1.0/communes-test/');
    assert.equal(response.status, 200, response.response.body);
    const dataset = response.json() as V1Dataset;
    assert.equal(dataset.datasetid, 'communes-test');
    assert.equal(dataset.metas.title, 'Communes de test');
    assert.equal(dataset.metas.records_count, communes.length);
    assert.equal(dataset.metas.visibility, 'domain');
    assert.equal(dataset.has_records, true);
    assert.deepEqual([...dataset.features].sort(), ['analyze', 'geo', 'timeserie']);
    const departement = dataset.fields.find((f) => f.name === 'departement');
    assert.deepEqual(departement?.annotations?.map((a) => a.name).sort(), ['disjunctive', 'facet']);
    assert.deepEqual(dataset.fields.find((f) => f.name === 'tags')?.annotations, [{ name: 'multivalued', args: [';'] }]);
    assert.ok(!('annotations' in (dataset.fields.find((f) => f.name === 'superficie') ?? {})), 'none when the field has none');
    const listed = ((await get('/api/datasets/1.0/search', { q: 'communes' })).json() as CatalogBody).datasets[0];
    assert.deepEqual(listed, dataset, 'the same object in the catalog search');
    const posted = await setup.app.inject({ method: 'POST', url: '/api/datasets/1.0/communes-test' });
    assert.deepEqual(posted.json(), dataset, 'POST too');
  });

  test('records/{record_id}: one record in v1’s shape; an unknown id is a v1 404', async () => {
    const searched = (await get(`${V1}/search`, { dataset: 'communes-test', q: 'code_insee:85191', timezone: 'Europe/Paris' })).json() as { records: V1Record[] };
    const record = searched.records[0]!;
    const found = await get(`/api/datasets/1.0/communes-test/records/${record.recordid}`, { timezone: 'Europe/Paris' });
    assert.equal(found.status, 200, found.response.body);
    assert.deepEqual(found.json(), record);
    assert.equal(record.fields.nom, communes.find((c) => c.code_insee === '85191')?.nom);
    const missing = await get(`/api/datasets/1.0/communes-test/records/${'0'.repeat(40)}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json().code, 'RECORD_NOT_FOUND');
    assert.equal(missing.json().errorcode, 404);
  });

  test('a private dataset is absent or a 404 for an anonymous caller on every route, there with the operator key', async () => {
    const missingBody = (await get('/api/datasets/1.0/arbres-absents')).json();
    const hidden = await get('/api/datasets/1.0/arbres-prives/');
    assert.equal(hidden.status, 404);
    assert.deepEqual(hidden.json(), JSON.parse(JSON.stringify(missingBody).replaceAll('arbres-absents', 'arbres-prives')), 'exactly like a missing one');
    const shown = await get('/api/datasets/1.0/arbres-prives/', {}, 'operator');
    assert.equal(shown.status, 200);
    assert.equal((shown.json() as V1Dataset).metas.visibility, 'restricted');
    assert.equal(shown.response.headers['cache-control'], 'private, no-cache');

    const operatorSearch = (await get(`${V1}/search`, { dataset: 'arbres-prives' }, 'operator')).json() as { records: V1Record[] };
    const recordid = operatorSearch.records[0]!.recordid;
    assert.equal((await get(`/api/datasets/1.0/arbres-prives/records/${recordid}`)).status, 404);
    assert.equal((await get(`/api/datasets/1.0/arbres-prives/records/${recordid}`)).json().code, 'DATASET_NOT_FOUND');
    assert.equal((await get(`/api/datasets/1.0/arbres-prives/records/${recordid}`, {}, 'operator')).status, 200);

    assert.equal((await get(`${V1}/download`, { dataset: 'arbres-prives' })).status, 404);
    const csv = await get(`${V1}/download`, { dataset: 'arbres-prives' }, 'operator');
    assert.deepEqual(parse(csv.response.body, { columns: true, delimiter: ';', bom: true }), [{ espece: 'Chêne', hauteur: '12' }, { espece: 'Hêtre', hauteur: '9' }]);

    const analyze = { dataset: 'arbres-prives', x: 'espece', 'y.h.func': 'SUM', 'y.h.expr': 'hauteur' };
    assert.equal((await get(`${V1}/analyze`, analyze)).status, 404);
    assert.deepEqual((await get(`${V1}/analyze`, analyze, 'operator')).json(), [{ x: 'Chêne', h: 12 }, { x: 'Hêtre', h: 9 }]);

    const catalog = (await get('/api/datasets/1.0/search', { q: 'arbres' })).json() as CatalogBody;
    assert.equal(catalog.nhits, 0, 'absent from the catalog search');
  });

  test('analyze: series by x checked against the fixture; sort, maxpoints and the truncation header', async () => {
    const response = await get(`${V1}/analyze/`, {
      dataset: 'communes-test',
      x: 'departement',
      'y.total.func': 'SUM',
      'y.total.expr': 'population',
      'y.n.func': 'COUNT',
      'y.moyenne.func': 'AVG',
      'y.moyenne.expr': 'superficie',
      'y.plus_grande.func': 'MAX',
      'y.plus_grande.expr': 'superficie',
      'y.ecart.func': 'STDDEV',
      'y.ecart.expr': 'superficie',
    });
    assert.equal(response.status, 200, response.response.body);
    const points = response.json() as unknown as Json[];
    const departements = [...new Set(communes.map((c) => c.departement))].sort();
    assert.deepEqual(points.map((p) => p.x), departements, 'by x ascending');
    for (const point of points) {
      const rows = communes.filter((c) => c.departement === point.x);
      const areas = rows.map((c) => c.superficie);
      const mean = areas.reduce((a, b) => a + b, 0) / areas.length;
      assert.equal(point.total, rows.reduce((sum, c) => sum + (c.population ?? 0), 0));
      assert.equal(point.n, rows.length);
      assert.ok(Math.abs((point.moyenne as number) - mean) < 1e-9);
      assert.equal(point.plus_grande, Math.max(...areas));
      const deviation = Math.sqrt(areas.reduce((sum, a) => sum + (a - mean) ** 2, 0) / areas.length);
      assert.ok(Math.abs((point.ecart as number) - deviation) < 1e-6, `${point.ecart} ≈ ${deviation}`);
    }

    const top = await get(`${V1}/analyze`, { dataset: 'communes-test', x: 'departement', 'y.n.func': 'COUNT', sort: 'n', maxpoints: '1' });
    const counts = departements.map((d) => ({ x: d, n: communes.filter((c) => c.departement === d).length })).sort((a, b) => b.n - a.n);
    assert.deepEqual(top.json(), [counts[0]], 'the largest serie first, one point');
    assert.equal(top.response.headers['ods-analyze-truncated'], 'true');
    assert.match(String(top.response.headers['access-control-expose-headers']), /ods-analyze-truncated/);
    const whole = await get(`${V1}/analyze`, { dataset: 'communes-test', x: 'departement', 'y.n.func': 'COUNT', 'refine.departement': '44' });
    assert.deepEqual(whole.json(), [{ x: '44', n: communes.filter((c) => c.departement === '44').length }], 'filters as on search');
    assert.equal(whole.response.headers['ods-analyze-truncated'], undefined);
  });

  test('analyze: a date x by precision and periodic; cumulative; errors', async () => {
    const byYear = (await get(`${V1}/analyze`, { dataset: 'communes-test', x: 'date_maj', precision: 'year', 'y.n.func': 'COUNT', 'y.cumul.func': 'COUNT', 'y.cumul.cumulative': 'true' })).json() as unknown as { x: { year: number }; n: number; cumul: number }[];
    const years = [...new Set(communes.map((c) => Number(c.date_maj.slice(0, 4))))].sort();
    assert.deepEqual(byYear.map((p) => p.x), years.map((year) => ({ year })));
    let running = 0;
    for (const point of byYear) {
      const n = communes.filter((c) => Number(c.date_maj.slice(0, 4)) === point.x.year).length;
      running += n;
      assert.equal(point.n, n);
      assert.equal(point.cumul, running);
    }
    const byMonth = (await get(`${V1}/analyze`, { dataset: 'communes-test', x: 'date_maj', precision: 'month', 'y.n.func': 'COUNT' })).json() as unknown as { x: { year: number; month: number }; n: number }[];
    const months = new Map<string, number>();
    for (const c of communes) months.set(c.date_maj.slice(0, 7), (months.get(c.date_maj.slice(0, 7)) ?? 0) + 1);
    assert.deepEqual(
      byMonth.map((p) => [`${p.x.year}-${String(p.x.month).padStart(2, '0')}`, p.n]),
      [...months].sort(([a], [b]) => a.localeCompare(b)),
    );
    const weekdays = (await get(`${V1}/analyze`, { dataset: 'communes-test', x: 'date_maj', periodic: 'weekday', 'y.n.func': 'COUNT' })).json() as unknown as { x: { weekday: number }; n: number }[];
    const expected = new Map<number, number>();
    for (const c of communes) {
      const weekday = (new Date(`${c.date_maj}T00:00:00Z`).getUTCDay() + 6) % 7;
      expected.set(weekday, (expected.get(weekday) ?? 0) + 1);
    }
    assert.deepEqual(weekdays.map((p) => [p.x.weekday, p.n]), [...expected].sort(([a], [b]) => a - b), 'Monday is 0');

    assert.equal((await get(`${V1}/analyze`, { dataset: 'communes-test', 'y.n.func': 'COUNT' })).json().code, 'PARAMETER_REQUIRED');
    const notNumber = await get(`${V1}/analyze`, { dataset: 'communes-test', x: 'departement', 'y.s.func': 'SUM', 'y.s.expr': 'nom' });
    assert.equal(notNumber.status, 400);
    assert.equal(notNumber.json().code, 'INVALID_PARAMETER');
    assert.equal((await get(`${V1}/analyze`, { dataset: 'communes-test', x: 'departement', 'y.s.func': 'MEDIAN' })).status, 400);
    assert.equal((await get(`${V1}/analyze`, { dataset: 'communes-test', x: 'departement', 'y.s.func': 'COUNT', sort: 'autre' })).status, 400);
  });

  test('the answers match the schemas the OpenAPI document gives them', async () => {
    const doc = (await setup.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
    const id = 'https://territoires.invalid/openapi.json';
    const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    ajv.addSchema({ ...doc, $id: id });
    const rebase = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rebase);
      if (typeof node !== 'object' || node === null) return node;
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${id}${v}` : rebase(v)]));
    };
    const record = ((await get(`${V1}/search`, { dataset: 'communes-test', rows: '1' })).json() as { records: V1Record[] }).records[0]!;
    const cases: [string, string, Record<string, string>][] = [
      ['/api/datasets/1.0/search', '/api/datasets/1.0/search', { facet: 'theme' }],
      ['/api/datasets/1.0/communes-test', '/api/datasets/1.0/{dataset_id}', {}],
      [`/api/datasets/1.0/communes-test/records/${record.recordid}`, '/api/datasets/1.0/{dataset_id}/records/{record_id}', {}],
      [`${V1}/analyze`, `${V1}/analyze`, { dataset: 'communes-test', x: 'date_maj', precision: 'month', 'y.s.func': 'SUM', 'y.s.expr': 'population' }],
      [`${V1}/download`, `${V1}/download`, { dataset: 'communes-test', format: 'json' }],
      [`${V1}/analyze`, `${V1}/analyze`, { dataset: 'nope', x: 'nom' }],
    ];
    for (const [url, path, params] of cases) {
      const { status, response } = await get(url, params);
      const schema = doc.paths[path]?.get?.responses[String(status)]?.content?.['application/json']?.schema;
      assert.ok(schema, `${path} documents its ${status}`);
      const check = ajv.compile({ ...(rebase(schema) as object), $id: `${id}/check${path}/${status}` });
      assert.ok(check(JSON.parse(response.body)), `${url}: ${ajv.errorsText(check.errors)}`);
    }
    const wrong = ajv.compile({ ...(rebase(doc.paths['/api/datasets/1.0/{dataset_id}']?.get?.responses['200']?.content?.['application/json']?.schema) as object), $id: `${id}/check/wrong` });
    assert.ok(!wrong({ dataset_id: 'communes-test' }), 'the check tells a v2.1 object from a v1 one');
  });

  test('CORS on every new route, and the preflight', async () => {
    for (const path of [`${V1}/download/`, `${V1}/analyze/`, '/api/datasets/1.0/search/', '/api/datasets/1.0/communes-test/', `/api/datasets/1.0/communes-test/records/${'0'.repeat(40)}`]) {
      const preflight = await setup.app.inject({ method: 'OPTIONS', url: path, headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' } });
      assert.equal(preflight.statusCode, 204, path);
      assert.equal(preflight.headers['access-control-allow-origin'], '*', path);
    }
  });
});
