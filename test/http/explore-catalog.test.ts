// The catalog of the Explore API v2.1 (spec §2.2, §2.4, §2.7, §2.9; §8 cases 1–7): ODSQL over the
// datasets' metadata, catalog facets, catalog exports, and visibility. Five small datasets, one of
// each kind the queries tell apart; every expected answer below is worked out from their metadata
// and files as written here.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { fixtureCommunes, publishCommunesTest } from '../helpers/communes-test.js';

const CATALOG = '/api/explore/v2.1/catalog';
type Body = Record<string, unknown> & { total_count: number; results: Record<string, unknown>[] };

/**
 * communes-test (public, Région): numbers, a point, dates → analyze, geo, timeserie; 50 records.
 * ecoles-nantes (public, Nantes Métropole): theme Éducation, keywords école, enseignement; a number → analyze; 2 records.
 * qualite-air (public, Région): theme Environnement, keywords air, pollution; a date and numbers → analyze, timeserie; 3 records.
 * arbres-communes (restricted, Région): themes Environnement, Urbanisme; texts only → no feature; 1 record.
 * budget-brouillon (private, Région): theme Environnement; a number → analyze; 1 record.
 */
async function publishCatalog(setup: TestApp): Promise<void> {
  const { platform } = setup.t;
  await createNantesPortal(platform);
  await publishCommunesTest(platform);
  const publish = (datasetId: string, csv: string, more: Parameters<typeof publishCsv>[3]) => publishCsv(platform, datasetId, csv, more);
  await publish('ecoles-nantes', 'uai;nom;effectif\n0440001A;École Aristide Briand;212\n0440002B;École du Port;98\n', {
    title: 'Écoles publiques de Nantes',
    description: 'Liste des écoles maternelles et élémentaires',
    organisation: 'nantes-metropole',
    metas: { themes: ['Éducation'], keywords: ['école', 'enseignement'] },
  });
  await publish('qualite-air', 'date;station;no2\n2024-01-01;Victor Hugo;21.5\n2024-01-02;Victor Hugo;18.25\n2024-01-03;Bouteillerie;30.75\n', {
    title: "Qualité de l'air",
    description: 'Mesures des stations de la métropole',
    metas: { themes: ['Environnement'], keywords: ['air', 'pollution'] },
  });
  await publish('arbres-communes', 'espece;quartier\nChêne;Centre\n', { title: 'Arbres des communes', visibility: 'restricted', metas: { themes: ['Environnement', 'Urbanisme'], keywords: ['arbres'] } });
  await publish('budget-brouillon', 'poste;montant\nVoirie;1200\n', { title: 'Budget des communes (brouillon)', visibility: 'private', metas: { themes: ['Environnement'], keywords: ['budget'] } });
}

const PUBLIC = ['communes-test', 'ecoles-nantes', 'qualite-air'];
const EVERY = ['arbres-communes', 'budget-brouillon', 'communes-test', 'ecoles-nantes', 'qualite-air'];

const pgReason = await postgresUnavailableReason();

function catalogTests(backend: TestBackend): void {
  let setup: TestApp;

  before(async () => {
    setup = await testApp({ backend });
    await publishCatalog(setup);
  });
  after(async () => setup?.dispose());

  /** GET a catalog path with these parameters (encoded here), anonymously or with the operator key. */
  async function get(path: string, params: Record<string, string | string[]> = {}, as: 'anonymous' | 'operator' = 'anonymous') {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
    const response = await setup.app.inject({ url: `${CATALOG}${path}?${search.toString()}`, headers: as === 'operator' ? setup.headers : {} });
    return { status: response.statusCode, body: (response.headers['content-type']?.toString().includes('json') && !path.includes('/exports/') ? response.json() : {}) as Body, response };
  }
  const ids = (body: Body) => body.results.map((r) => String(r.dataset_id)).sort();

  test('#1 the list: every visible dataset, each with dataset_id, its title and fields; no _links', async () => {
    const { status, body } = await get('/datasets');
    assert.equal(status, 200);
    assert.equal(body.total_count, 3);
    assert.deepEqual(ids(body), PUBLIC);
    for (const dataset of body.results) {
      assert.ok(Array.isArray(dataset.fields));
      assert.equal(typeof (dataset.metas as { default: { title: unknown } }).default.title, 'string');
      assert.ok(!('_links' in dataset));
    }
    assert.ok(!('_links' in body));
  });

  test('#2 limit=2&offset=2: the 3rd and 4th of the same order', async () => {
    const all = (await get('/datasets', {}, 'operator')).body.results.map((r) => r.dataset_id);
    assert.equal(all.length, 5);
    const { body } = await get('/datasets', { limit: '2', offset: '2' }, 'operator');
    assert.equal(body.total_count, 5);
    assert.deepEqual(body.results.map((r) => r.dataset_id), all.slice(2, 4));
    // The same order when ODSQL is there too: a query that chooses every dataset pages alike.
    const queried = await get('/datasets', { where: 'records_count >= 1', limit: '2', offset: '2' }, 'operator');
    assert.deepEqual(queried.body.results.map((r) => r.dataset_id), all.slice(2, 4));
  });

  test('#3 where=search("communes"): the datasets whose metadata say it; accents and case aside', async () => {
    const { body } = await get('/datasets', { where: 'search("communes")' });
    assert.deepEqual(ids(body), ['communes-test']);
    assert.equal(body.total_count, 1);
    // Titles, descriptions and keywords are read; "ecole" finds "École", "ECOLES" finds "écoles".
    assert.deepEqual(ids((await get('/datasets', { where: '"ecole"' })).body), ['ecoles-nantes']);
    assert.deepEqual(ids((await get('/datasets', { where: 'search("ECOLES")' })).body), ['ecoles-nantes']);
    assert.deepEqual(ids((await get('/datasets', { where: '"pollution"' })).body), ['qualite-air'], 'a keyword');
    assert.deepEqual(ids((await get('/datasets', { where: '"stations"' })).body), ['qualite-air'], 'the description');
    assert.deepEqual(ids((await get('/datasets', { where: '"Nantes Métropole"' })).body), ['ecoles-nantes'], 'the publisher');
    assert.deepEqual(ids((await get('/datasets', { where: 'search(title, "air")' })).body), ['qualite-air']);
    // Full text reads the metadata, not the ids or licences: "ouverte" (the licence) finds nothing.
    assert.deepEqual(ids((await get('/datasets', { where: '"ouverte"' })).body), []);
    assert.deepEqual(ids((await get('/datasets', { where: '"brouillon"' })).body), [], 'a private dataset stays unseen');
    assert.deepEqual(ids((await get('/datasets', { where: '"brouillon"' }, 'operator')).body), ['budget-brouillon']);
    assert.deepEqual(ids((await get('/datasets', { where: 'search("communes")' }, 'operator')).body), ['arbres-communes', 'budget-brouillon', 'communes-test']);
  });

  test('#4 select=dataset_id,fields: exactly those two keys', async () => {
    const { status, body } = await get('/datasets', { select: 'dataset_id,fields', limit: '5' });
    assert.equal(status, 200);
    assert.equal(body.total_count, 3);
    for (const dataset of body.results) assert.deepEqual(Object.keys(dataset).sort(), ['dataset_id', 'fields']);
    const ecoles = body.results.find((r) => r.dataset_id === 'ecoles-nantes');
    assert.deepEqual((ecoles?.fields as { name: string }[]).map((f) => f.name), ['uai', 'nom', 'effectif']);
    assert.deepEqual((ecoles?.fields as { type: string }[]).map((f) => f.type), ['text', 'text', 'int']);
  });

  test('#4b a metadata field selected is at the root; default.<name> names it too', async () => {
    const { body } = await get('/datasets', { select: 'dataset_id, title, keyword, records_count', order_by: 'records_count desc' });
    assert.deepEqual(body.results, [
      { dataset_id: 'communes-test', title: 'Communes de test', keyword: null, records_count: 50 },
      { dataset_id: 'qualite-air', title: "Qualité de l'air", keyword: ['air', 'pollution'], records_count: 3 },
      { dataset_id: 'ecoles-nantes', title: 'Écoles publiques de Nantes', keyword: ['école', 'enseignement'], records_count: 2 },
    ]);
    const prefixed = await get('/datasets', { select: 'default.title', where: 'default.records_count = 2' });
    assert.deepEqual(prefixed.body.results, [{ 'default.title': 'Écoles publiques de Nantes' }]);
    const v20 = await get('/datasets', { select: 'datasetid', where: 'datasetid = "qualite-air"' });
    assert.deepEqual(v20.body.results, [{ datasetid: 'qualite-air' }], 'v2.0 wrote datasetid');
  });

  test('#5 refine=theme:Environnement: only the datasets of that theme; exclude takes them away', async () => {
    assert.deepEqual(ids((await get('/datasets', { refine: 'theme:Environnement' })).body), ['qualite-air']);
    assert.deepEqual(ids((await get('/datasets', { refine: 'theme:"Environnement"' }, 'operator')).body), ['arbres-communes', 'budget-brouillon', 'qualite-air']);
    assert.deepEqual(ids((await get('/datasets', { refine: ['theme:Environnement', 'keyword:arbres'] }, 'operator')).body), ['arbres-communes']);
    assert.deepEqual(ids((await get('/datasets', { exclude: 'theme:Environnement' }, 'operator')).body), ['communes-test', 'ecoles-nantes']);
    assert.deepEqual(ids((await get('/datasets', { refine: 'publisher:Nantes Métropole' })).body), ['ecoles-nantes']);
    assert.deepEqual(ids((await get('/datasets', { refine: 'features:geo' })).body), ['communes-test']);
    // Datasets are all modified this year: a date facet takes a year, a month, a day.
    const now = new Date();
    assert.deepEqual(ids((await get('/datasets', { refine: `modified:${now.getUTCFullYear()}` })).body), PUBLIC);
    assert.deepEqual(ids((await get('/datasets', { refine: `modified:${now.getUTCFullYear() - 1}` })).body), []);
    assert.deepEqual(ids((await get('/datasets', { where: `modified >= date'${now.getUTCFullYear()}' and records_count < 10` })).body), ['ecoles-nantes', 'qualite-air']);
  });

  test('#6 select=count(*) as n&group_by=features: a dataset in the group of each feature', async () => {
    const { status, body } = await get('/datasets', { select: 'count(*) as n', group_by: 'features' });
    assert.equal(status, 200);
    assert.deepEqual(body.results, [
      { features: 'analyze', n: 3 },
      { features: 'geo', n: 1 },
      { features: 'timeserie', n: 2 },
    ]);
    assert.equal(body.total_count, 3, 'the number of groups');
    // The operator also sees arbres-communes (no feature: the null group, first) and budget-brouillon (analyze).
    const operator = await get('/datasets', { select: 'count(*) as n', group_by: 'features' }, 'operator');
    assert.deepEqual(operator.body.results, [
      { features: null, n: 1 },
      { features: 'analyze', n: 4 },
      { features: 'geo', n: 1 },
      { features: 'timeserie', n: 2 },
    ]);
    // A filter sees all the values of a dataset, then its groups are counted.
    const grouped = await get('/datasets', { select: 'count(*) as n', group_by: 'theme', where: '"Urbanisme" in theme', order_by: 'n desc' }, 'operator');
    assert.deepEqual(grouped.body.results, [
      { theme: 'Environnement', n: 1 },
      { theme: 'Urbanisme', n: 1 },
    ]);
    const byPublisher = await get('/datasets', { select: 'publisher, sum(records_count) as records', group_by: 'publisher' });
    assert.deepEqual(byPublisher.body.results, [
      { publisher: 'Nantes Métropole', records: 2 },
      { publisher: 'Région', records: 53 },
    ]);
    const counted = await get('/datasets', { select: 'count(*) as n', limit: '1' }, 'operator');
    assert.deepEqual(counted.body.results, [{ n: 5 }]);
  });

  test('#7 /catalog/facets?facet=publisher: links always, values alphabetical with their counts', async () => {
    const { status, body } = await get('/facets', { facet: 'publisher' });
    assert.equal(status, 200);
    assert.deepEqual(body, {
      links: [
        { rel: 'self', href: 'http://localhost:80/api/explore/v2.1/catalog/facets' },
        { rel: 'source', href: 'http://localhost:80/api/explore/v2.1/catalog' },
      ],
      facets: [
        {
          name: 'publisher',
          facets: [
            { name: 'Nantes Métropole', value: 'Nantes Métropole', count: 1, state: 'displayed' },
            { name: 'Région', value: 'Région', count: 2, state: 'displayed' },
          ],
        },
      ],
    });
  });

  test('catalog facets by default: those with values, alphabetical; refine, exclude and where count', async () => {
    const { body } = await get('/facets');
    const facets = body.facets as { name: string; facets: { name: string; value: string; count?: number; state: string }[] }[];
    assert.deepEqual(facets.map((f) => f.name), ['features', 'keyword', 'language', 'license', 'modified', 'publisher', 'theme']);
    const values = (name: string) => facets.find((f) => f.name === name)?.facets.map((v) => [v.value, v.count, v.state]);
    assert.deepEqual(values('features'), [['analyze', 3, 'displayed'], ['geo', 1, 'displayed'], ['timeserie', 2, 'displayed']]);
    assert.deepEqual(values('theme'), [['Environnement', 1, 'displayed'], ['Éducation', 1, 'displayed']]);
    assert.deepEqual(values('keyword'), [['air', 1, 'displayed'], ['enseignement', 1, 'displayed'], ['pollution', 1, 'displayed'], ['école', 1, 'displayed']]);
    assert.deepEqual(values('language'), [['fr', 3, 'displayed']]);
    const year = String(new Date().getUTCFullYear());
    assert.deepEqual(values('modified'), [[year, 3, 'displayed']]);

    const refined = await get('/facets', { facet: ['theme', 'features'], refine: 'theme:Environnement' }, 'operator');
    assert.deepEqual(refined.body.facets, [
      { name: 'theme', facets: [{ name: 'Environnement', value: 'Environnement', count: 3, state: 'refined' }, { name: 'Urbanisme', value: 'Urbanisme', count: 1, state: 'displayed' }] },
      { name: 'features', facets: [{ name: 'analyze', value: 'analyze', count: 2, state: 'displayed' }, { name: 'timeserie', value: 'timeserie', count: 1, state: 'displayed' }] },
    ]);
    const excluded = await get('/facets', { facet: 'publisher', exclude: 'publisher:Région', where: 'records_count > 0' });
    assert.deepEqual(excluded.body.facets, [{ name: 'publisher', facets: [{ name: 'Nantes Métropole', value: 'Nantes Métropole', count: 1, state: 'displayed' }, { name: 'Région', value: 'Région', state: 'excluded' }] }]);
  });

  test('facet(name=…, sort=…, limit=N) on the catalog and on a dataset', async () => {
    const top = await get('/facets', { facet: 'facet(name="theme", sort="-count", limit=1)' }, 'operator');
    assert.deepEqual(top.body.facets, [{ name: 'theme', facets: [{ name: 'Environnement', value: 'Environnement', count: 3, state: 'displayed' }] }]);
    const backwards = await get('/facets', { facet: 'facet(name="publisher", sort="-alphanum")' });
    assert.deepEqual((backwards.body.facets as { facets: { value: string }[] }[])[0]?.facets.map((v) => v.value), ['Région', 'Nantes Métropole']);
    // On communes-test: the départements, alphabetical, the first three; by count ascending then value.
    const communes = fixtureCommunes();
    const counts = new Map<string, number>();
    for (const c of communes) counts.set(c.departement, (counts.get(c.departement) ?? 0) + 1);
    const departements = [...counts.keys()].sort();
    const dataset = await setup.app.inject(`${CATALOG}/datasets/communes-test/facets?facet=${encodeURIComponent('facet(name="departement", sort="alphanum", limit=3)')}`);
    assert.deepEqual(dataset.json().facets[0].facets.map((v: { value: string }) => v.value), departements.slice(0, 3));
    const ascending = await setup.app.inject(`${CATALOG}/datasets/communes-test/facets?facet=${encodeURIComponent('facet(name="departement", sort="count")')}`);
    const expected = [...counts.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }));
    assert.deepEqual(ascending.json().facets[0].facets.map((v: { value: string; count: number }) => ({ value: v.value, count: v.count })), expected);
    const bad = await get('/facets', { facet: 'facet(name="theme", sort="random")' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 'ODSQLError');
    assert.equal((await get('/facets', { facet: 'facet(name="theme", limit=0)' })).status, 400);
  });

  test('visibility: restricted and private datasets in no result, count, group, facet or export of an anonymous caller', async () => {
    const hidden = ['arbres-communes', 'budget-brouillon'];
    const everything = await get('/datasets', { where: 'records_count >= 0', limit: '100' });
    assert.equal(everything.body.total_count, 3);
    assert.deepEqual(ids(everything.body), PUBLIC);
    assert.deepEqual(ids((await get('/datasets', { where: 'records_count >= 0', limit: '100' }, 'operator')).body), EVERY);
    assert.deepEqual((await get('/datasets', { select: 'count(*) as n', limit: '1' })).body.results, [{ n: 3 }]);
    const visibilities = await get('/datasets', { select: 'count(*) as n', group_by: 'visibility' }, 'operator');
    assert.deepEqual(visibilities.body.results, [{ visibility: 'domain', n: 3 }, { visibility: 'restricted', n: 2 }]);
    assert.deepEqual((await get('/datasets', { select: 'count(*) as n', group_by: 'visibility' })).body.results, [{ visibility: 'domain', n: 3 }]);
    const facets = JSON.stringify((await get('/facets')).body);
    for (const text of ['Urbanisme', 'arbres', 'budget']) assert.ok(!facets.includes(text), text);
    const operatorFacets = JSON.stringify((await get('/facets', {}, 'operator')).body);
    for (const text of ['Urbanisme', 'arbres', 'budget']) assert.ok(operatorFacets.includes(text), text);
    const exported = (await get('/exports/csv', { select: 'dataset_id' })).response.body;
    for (const id of hidden) assert.ok(!exported.includes(id), id);
    const operatorExport = (await get('/exports/jsonl', { select: 'dataset_id' }, 'operator')).response.body;
    assert.deepEqual(operatorExport.trim().split('\n').map((line) => JSON.parse(line).dataset_id).sort(), EVERY);
    const anonymous = await get('/datasets', { where: '"brouillon"' });
    assert.ok(!String(anonymous.response.headers['cache-control'] ?? '').includes('private'), 'an anonymous answer may be shared');
    assert.equal((await get('/datasets', { where: '"brouillon"' }, 'operator')).response.headers['cache-control'], 'private, no-cache');
  });

  test('a portal answers with its own datasets only: list, facets, exports', async () => {
    const portal = (path: string) => setup.app.inject(`/portals/nantes${CATALOG}${path}`);
    const listed = (await portal('/datasets?where=records_count%20%3E%3D%200')).json() as Body;
    assert.deepEqual(ids(listed), ['ecoles-nantes']);
    const facets = (await portal('/facets?facet=publisher')).json();
    assert.deepEqual(facets.facets, [{ name: 'publisher', facets: [{ name: 'Nantes Métropole', value: 'Nantes Métropole', count: 1, state: 'displayed' }] }]);
    assert.equal(facets.links[0].href, 'http://localhost:80/portals/nantes/api/explore/v2.1/catalog/facets');
    assert.deepEqual(JSON.parse((await portal('/exports/json?select=dataset_id')).body), [{ dataset_id: 'ecoles-nantes' }]);
  });

  test('errors: an unknown field, a bad refine, paging past its caps, q', async () => {
    const unknown = await get('/datasets', { where: 'foo > 1' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error_code, 'ODSQLError');
    assert.equal(unknown.body.message, 'ODSQL query is malformed: Unknown field: foo. Clause(s) containing the error(s): where.');
    const selected = await get('/datasets', { select: 'nope' });
    assert.equal(selected.body.message, 'ODSQL query is malformed: Unknown field: nope. Clause(s) containing the error(s): select.');
    const refine = await get('/datasets', { refine: 'nope:1' });
    assert.equal(refine.status, 400);
    assert.equal(refine.body.message, 'ODSQL query is malformed: Unknown field: nope. Clause(s) containing the error(s): refine.');
    const malformed = await get('/datasets', { refine: 'theme' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error_code, 'ODSQLError');
    assert.equal((await get('/facets', { refine: 'nope:1' })).status, 400);
    assert.equal((await get('/facets', { facet: 'nope' })).body.message, 'ODSQL query is malformed: Unknown field: nope. Clause(s) containing the error(s): facet.');
    const tooMany = await get('/datasets', { limit: '101', where: '"air"' });
    assert.equal(tooMany.body.message, 'Invalid value for limit API parameter: 101 was found but -1 <= limit <= 100 is expected.');
    assert.equal((await get('/datasets', { select: 'count(*) as n', group_by: 'theme', limit: '20000' })).status, 200, 'grouped: up to 20,000');
    assert.equal((await get('/datasets', { select: 'count(*) as n', group_by: 'theme', limit: '20001' })).status, 400);
    const mixed = await get('/datasets', { select: 'title, count(*)', group_by: 'theme' });
    assert.equal(mixed.status, 400);
    assert.equal(mixed.body.error_code, 'ODSQLError');
    const q = await get('/datasets', { q: 'air' });
    assert.equal(q.status, 400);
    assert.equal(q.body.error_code, 'InvalidRESTParameterError');
    const exportError = await get('/exports/csv', { select: 'foo' });
    assert.equal(exportError.status, 400);
    assert.equal(exportError.response.json().message, 'ODSQL query is malformed: Unknown field: foo. Clause(s) containing the error(s): select.');
  });

  test('E4 /catalog/exports lists the formats with their URLs', async () => {
    const { status, body } = await get('/exports');
    assert.equal(status, 200);
    assert.deepEqual(body, {
      links: ['csv', 'json', 'jsonl', 'xlsx', 'dcat', 'rdf', 'ttl', 'rss'].map((format) => ({ rel: format, href: `http://localhost:80/api/explore/v2.1/catalog/exports/${format}` })),
    });
  });

  test('E5 /catalog/exports/{format}: the chosen datasets, every one, in CSV, JSON and JSON Lines', async () => {
    const csv = await get('/exports/csv', { select: 'dataset_id,title,keyword', order_by: 'records_count desc', with_bom: 'false' });
    assert.equal(csv.status, 200);
    assert.equal(csv.response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(csv.response.headers['content-disposition'], 'attachment; filename="catalog.csv"');
    assert.equal(csv.response.body, "dataset_id;title;keyword\r\ncommunes-test;Communes de test;\r\nqualite-air;Qualité de l'air;air,pollution\r\necoles-nantes;Écoles publiques de Nantes;école,enseignement\r\n");
    // By default: a BOM, one column per metadata as default.<name>, datasetid last (§2.9).
    const whole = (await get('/exports/csv', { where: 'records_count = 2' })).response.body;
    const [header, row] = whole.split('\r\n');
    assert.ok(header?.startsWith('\ufeffdefault.title;default.description;default.keyword;default.theme;default.publisher;'));
    assert.ok(header?.endsWith(';datasetid'));
    assert.ok(row?.startsWith('Écoles publiques de Nantes;Liste des écoles maternelles et élémentaires;école,enseignement;Éducation;Nantes Métropole;'));
    assert.ok(row?.endsWith(';ecoles-nantes'));
    // JSON: the dataset objects, as the list shows them, every one (no cap of 100).
    const json = await get('/exports/json', { order_by: 'records_count asc' });
    assert.equal(json.response.headers['content-disposition'], 'attachment; filename="catalog.json"');
    const datasets = json.response.json() as { dataset_id: string; metas: { default: { records_count: number } } }[];
    assert.deepEqual(datasets.map((d) => [d.dataset_id, d.metas.default.records_count]), [['ecoles-nantes', 2], ['qualite-air', 3], ['communes-test', 50]]);
    const listed = (await get('/datasets', { order_by: 'records_count asc' })).body.results;
    assert.deepEqual(datasets, listed);
    const lines = (await get('/exports/jsonl', { select: 'dataset_id, theme', refine: 'theme:Environnement' }, 'operator')).response.body;
    assert.deepEqual(lines.trim().split('\n').map((line) => JSON.parse(line)).sort((a, b) => (a.dataset_id < b.dataset_id ? -1 : 1)), [
      { dataset_id: 'arbres-communes', theme: ['Environnement', 'Urbanisme'] },
      { dataset_id: 'budget-brouillon', theme: ['Environnement'] },
      { dataset_id: 'qualite-air', theme: ['Environnement'] },
    ]);
    const grouped = await get('/exports/json', { select: 'count(*) as n', group_by: 'features' });
    assert.deepEqual(grouped.response.json(), [{ features: 'analyze', n: 3 }, { features: 'geo', n: 1 }, { features: 'timeserie', n: 2 }]);
    const unknown = await get('/exports/geojson');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.response.json().error_code, 'InvalidRESTParameterError');
  });
}

describe('Explore v2.1 catalog (sqlite)', () => catalogTests('sqlite'));
describe('Explore v2.1 catalog (postgres)', { skip: pgReason ?? false }, () => catalogTests('postgres'));
