// The official JavaScript client of the Explore API (@opendatasoft/api-client, spec §11) against our
// API served on 127.0.0.1, and the requests ods-widgets sends (spec §3, §11), replayed as written.
// Expected answers come from the fixture (test/helpers/communes-test.ts) and the spec.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AddressInfo } from 'node:net';
// The package ships a CommonJS (UMD) entry: Node gives its exports as the default import.
import ods from '@opendatasoft/api-client';
import type { ApiCatalog, ApiDatasetRecords, ApiFacets, Dataset } from '@opendatasoft/api-client/dist/src/client/types.js';
import { publishFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { fixtureCommunes, publishCommunesTest } from '../helpers/communes-test.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const { ApiClient, fromCatalog, field, string, all, list, dateFromIsoString, textSearch, textStartWith, exactMatch, NotFoundError, UserError, ODS_DATASET_FIELD_TYPE } = ods;
type Row = Record<string, unknown>;
/** The client types `metas` as a bare object: the template this test reads. */
type DefaultMetas = { default: { title: string; records_count: number } };

describe('the official JavaScript client against our API', () => {
  let setup: TestApp;
  let domain: string;
  let client: InstanceType<typeof ApiClient>;
  /** The URLs the client asked for, to check what it sent. */
  const asked: string[] = [];
  const communes = fixtureCommunes();
  const dataset = () => fromCatalog().dataset('communes-test');

  before(async () => {
    setup = await testApp();
    await publishCommunesTest(setup.t.platform);
    await publishFile(setup.t.platform, { file: writeTemporaryFile('brouillon.csv', 'nom,valeur\nA,1\n'), datasetId: 'brouillon', visibility: 'private' }, setup.t.platform.publishOptions);
    await setup.app.listen({ port: 0, host: '127.0.0.1' });
    domain = `http://127.0.0.1:${(setup.app.server.address() as AddressInfo).port}`;
    client = new ApiClient({
      domain,
      hideDeprecatedWarning: true,
      interceptRequest: async (request) => {
        asked.push(request.url);
        return request;
      },
    });
  });
  after(async () => setup?.dispose());

  test('the catalog list: the public dataset, its title and fields; the private one is not there', async () => {
    const catalog = await client.get<ApiCatalog>(fromCatalog().datasets().limit(10));
    assert.equal(catalog.total_count, 1);
    assert.deepEqual(catalog.results.map((d) => d.dataset_id), ['communes-test']);
    assert.equal((catalog.results[0]?.metas as DefaultMetas | undefined)?.default.title, 'Communes de test');
    assert.equal(asked.at(-1), `${domain}/api/explore/v2.1/catalog/datasets/?limit=10`, 'the client’s own URL, trailing slash included');
  });

  test('one dataset: every field has a type the client knows', async () => {
    const body = await client.get<Dataset>(dataset().itself());
    assert.equal(body.dataset_id, 'communes-test');
    assert.equal(body.fields.length, 11);
    const known = new Set<string>(Object.values(ODS_DATASET_FIELD_TYPE));
    assert.deepEqual(body.fields.filter((f) => !known.has(f.type)), []);
    assert.equal((body.metas as DefaultMetas).default.records_count, 50);
  });

  test('records with where (its helpers), select, order_by and limit', async () => {
    const query = dataset()
      .records()
      .select(list(field('nom'), field('population')))
      .where(all(exactMatch('departement', '44'), `${field('population')} > 20000`, `${field('date_maj')} >= ${dateFromIsoString('2024-01-01')}`))
      .orderBy(`${field('population')} desc`)
      .limit(5);
    const body = await client.get<ApiDatasetRecords<Row>>(query);
    const chosen = communes.filter((c) => c.departement === '44' && (c.population ?? 0) > 20000 && c.date_maj >= '2024-01-01').sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
    assert.equal(body.total_count, chosen.length);
    assert.deepEqual(body.results, chosen.slice(0, 5).map((c) => ({ nom: c.nom, population: c.population })));
  });

  test('records grouped: group_by with an aggregate ordered by its alias', async () => {
    const body = await client.get<ApiDatasetRecords<Row>>(dataset().records().select('count(*) as n, sum(population) as pop').groupBy(field('departement')).orderBy('n desc'));
    const of = (d: string) => communes.filter((c) => c.departement === d);
    assert.deepEqual(body.results, ['44', '85'].map((d) => ({ departement: d, n: of(d).length, pop: of(d).reduce((s, c) => s + (c.population ?? 0), 0) })));
  });

  test('the text helpers: search() and startswith() as the client writes them', async () => {
    const names = async (where: string) => (await client.get<ApiDatasetRecords<Row>>(dataset().records().select('nom').where(where).limit(100))).results.map((r) => r.nom);
    assert.ok((await names(textSearch('nantes', ['nom']))).includes('Nantes'));
    assert.deepEqual(await names(textStartWith('Saint-Na', ['nom'])), ['Saint-Nazaire']);
    assert.deepEqual(await names(`${field('nom')} = ${string('Les Sables-d\'Olonne')}`), ["Les Sables-d'Olonne"], 'a quote inside a JSON string');
  });

  test('refine and exclude through the builder', async () => {
    const body = await client.get<ApiDatasetRecords<Row>>(dataset().records().refine('departement:85').exclude('littoral:true').limit(0));
    assert.equal(body.total_count, communes.filter((c) => c.departement === '85' && !c.littoral).length);
  });

  test('facets: the links and the values the client types', async () => {
    const body = await client.get<ApiFacets>(dataset().facets().facet('departement').refine('departement:44'));
    assert.deepEqual(body.links.map((l) => l.rel), ['self', 'dataset']);
    assert.deepEqual(body.facets, [
      {
        name: 'departement',
        facets: [
          { name: '44', value: '44', count: communes.filter((c) => c.departement === '44').length, state: 'refined' },
          { name: '85', value: '85', count: communes.filter((c) => c.departement === '85').length, state: 'displayed' },
        ],
      },
    ]);
  });

  test('an export URL the client builds: JSON parsed by the client, CSV read as text', async () => {
    const json = await client.get<Row[]>(dataset().export('json').select(field('code_insee')).where(exactMatch('departement', '85')));
    assert.deepEqual(json, communes.filter((c) => c.departement === '85').map((c) => ({ code_insee: c.code_insee })));
    const csvQuery = dataset().export('csv').select(list(field('nom'), field('geo_point_2d'))).where(exactMatch('nom', 'Nantes'));
    // The bytes, not response.text(): a text decoder would drop the BOM the file starts with.
    const csv = await client.get<string>(csvQuery, { interceptResponse: async (response) => Buffer.from(await response.arrayBuffer()).toString('utf8') });
    assert.equal(csv, '\ufeffnom;geo_point_2d\r\nNantes;47.2184, -1.5536\r\n');
    assert.match(asked.at(-1) ?? '', /\/catalog\/datasets\/communes-test\/exports\/csv\/\?/);
  });

  test('errors the client sorts: a bad query is a UserError with the ODS body, an unknown dataset a NotFoundError', async () => {
    await assert.rejects(client.get(dataset().records().where(`${field('foo')} > 1`)), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal((error as InstanceType<typeof UserError>).details.error_code, 'ODSQLError');
      assert.equal((error as InstanceType<typeof UserError>).details.message, 'ODSQL query is malformed: Unknown field: foo. Clause(s) containing the error(s): where.');
      return true;
    });
    await assert.rejects(client.get(fromCatalog().dataset('nope').itself()), NotFoundError);
  });

  test('the key the client sends (`ApiKey …`) opens a private dataset; without it, a 404', async () => {
    await assert.rejects(client.get(fromCatalog().dataset('brouillon').itself()), NotFoundError);
    const key = setup.headers.authorization?.replace(/^Apikey /, '') ?? '';
    const withKey = new ApiClient({ domain, apiKey: key, hideDeprecatedWarning: true });
    assert.equal((await withKey.get<Dataset>(fromCatalog().dataset('brouillon').itself())).dataset_id, 'brouillon');
    assert.equal((await withKey.get<ApiDatasetRecords<Row>>(fromCatalog().dataset('brouillon').records())).total_count, 1);
  });
});

describe('the requests ods-widgets sends, replayed as written (spec §3, §11)', () => {
  let setup: TestApp;
  const communes = fixtureCommunes();
  const BASE = '/api/explore/v2.1/catalog/datasets/communes-test';
  before(async () => {
    setup = await testApp();
    await publishCommunesTest(setup.t.platform);
  });
  after(async () => setup?.dispose());
  const get = (path: string) => setup.app.inject({ url: `${BASE}${path}`, headers: { 'ods-widgets-version': '2.0.0', accept: 'application/json, text/plain, */*' } });

  test('odsAdvResults: rows instead of limit, spaces as +, commas and colons unencoded', async () => {
    const response = await get('/records/?rows=3&select=nom,population&where=departement+%3D+%2244%22&order_by=population+desc');
    assert.equal(response.statusCode, 200);
    const expected = communes.filter((c) => c.departement === '44').sort((a, b) => (b.population ?? 0) - (a.population ?? 0)).slice(0, 3);
    assert.deepEqual(response.json().results, expected.map((c) => ({ nom: c.nom, population: c.population })));
  });

  test('quoted refines and the disjunctive facet() it adds on records', async () => {
    const response = await get('/records/?facet=facet(name%3D%22departement%22,disjunctive%3Dtrue)&refine=departement:%2244%22&refine=departement:%2285%22&limit=0');
    assert.equal(response.json().total_count, communes.length);
    const one = await get('/records/?refine=departement:%2285%22&limit=0');
    assert.equal(one.json().total_count, communes.filter((c) => c.departement === '85').length);
  });

  test('the same on the facets route, trailing slash included', async () => {
    const response = await get('/facets/?facet=facet(name%3D%22departement%22,disjunctive%3Dtrue)&refine=departement:%2285%22');
    assert.equal(response.statusCode, 200);
    const values = response.json().facets[0].facets as { value: string; state: string }[];
    assert.deepEqual(values.map((v) => [v.value, v.state]), [['44', 'displayed'], ['85', 'refined']]);
  });

  test('a download link: backquoted select with a label alias, use_labels, a refine', async () => {
    const response = await get('/exports/csv/?select=%60nom%60+as+%60Nom+de+la+commune%60&use_labels=true&refine=departement:%2285%22&with_bom=false');
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, `Nom de la commune\r\n${communes.filter((c) => c.departement === '85').map((c) => `${c.nom}\r\n`).join('')}`);
  });

  test('the legacy geofilter: distance() with a 1000m radius, as the v1 context translates it', async () => {
    const response = await get("/records/?select=nom&limit=100&where=distance(%60geo_point_2d%60,+geom'POINT(-1.5536+47.2184)',+1000m)");
    assert.equal(response.statusCode, 200);
    // Nantes is the centre; the nearest other commune of the fixture is more than 2 km away.
    assert.deepEqual(response.json().results, [{ nom: 'Nantes' }]);
  });

  test('qv1 is refused as documented (docs/api.md), on records and on exports, not ignored', async () => {
    for (const path of ['/records/?qv1=(nantes)', '/exports/csv/?qv1=(nantes)']) {
      const response = await get(path);
      assert.equal(response.statusCode, 400, path);
      assert.equal(response.json().error_code, 'InvalidRESTParameterError');
      assert.equal(response.json().message, 'The qv1 API parameter is not supported yet by this platform: the answer would ignore it.');
    }
  });
});
