// One record (ODS Explore v2.1 §2.6, E7) and include_links (§1 "Links") on communes-test: a
// record's answer is its row of /records, an unknown id is a 404, a private dataset's records are
// as missing as a dataset that does not exist, and v1's recordid is the same id. Expected answers
// come from the fixture CSV and from the spec, never from our own output.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createPortal, getVersion } from '../../src/catalog/index.js';
import { writeReadCopy } from '../../src/data/index.js';
import { publishFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { COMMUNES_TEST_FILE, fixtureCommunes, publishCommunesTest } from '../helpers/communes-test.js';

const DATASET = '/api/explore/v2.1/catalog/datasets/communes-test';
const RECORDS = `${DATASET}/records`;
type Row = Record<string, unknown>;
type Link = { rel: string; href: string };

describe('E7 one record, and include_links', () => {
  let app: FastifyInstance;
  let setup: TestApp;
  const communes = fixtureCommunes();

  before(async () => {
    setup = await testApp();
    app = setup.app;
    await publishCommunesTest(setup.t.platform);
    await publishFile(setup.t.platform, { file: COMMUNES_TEST_FILE, datasetId: 'communes-prive', title: 'Communes (privé)', visibility: 'private' }, setup.t.platform.publishOptions);
  });
  after(async () => setup?.dispose());

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await app.inject({ url, headers });
    return { status: response.statusCode, body: response.json() as Row & { results: Row[]; total_count: number; _links?: Link[] } };
  };
  /** The E7 URL of each record of the page, from its `self` link. */
  const selfOf = (record: Row): string => ((record._links as Link[]).find((l) => l.rel === 'self') as Link).href;
  const withoutLinks = ({ _links, ...rest }: Row): Row => rest;

  test('each record of /records, fetched by the id its link gives, is that row', async () => {
    const { body } = await get(`${RECORDS}?limit=100&include_links=true`);
    assert.equal(body.results.length, 50);
    const ids = new Set<string>();
    for (const record of body.results) {
      const href = selfOf(record);
      const match = /^http:\/\/localhost:80\/api\/explore\/v2\.1\/catalog\/datasets\/communes-test\/records\/([0-9a-f]{40})$/.exec(href);
      assert.ok(match, href);
      ids.add(match[1] as string);
      const one = await get(new URL(href).pathname);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, withoutLinks(record));
    }
    assert.equal(ids.size, 50, 'the 50 different communes have 50 different ids');
    const nantes = body.results.find((r) => r.code_insee === '44109') as Row;
    const fixture = communes.find((c) => c.code_insee === '44109');
    assert.equal(nantes.nom, fixture?.nom);
    assert.deepEqual(nantes.geo_point_2d, { lon: fixture?.lon, lat: fixture?.lat });
  });

  test('the same ids whatever the page, the order or the select; with a trailing slash too', async () => {
    const all = (await get(`${RECORDS}?limit=100&include_links=true`)).body.results;
    const byCode = new Map(all.map((r) => [r.code_insee, selfOf(r)]));
    const sorted = (await get(`${RECORDS}?select=nom,code_insee&order_by=nom desc&limit=5&offset=3&include_links=true`)).body.results;
    assert.equal(sorted.length, 5);
    for (const record of sorted) assert.equal(selfOf(record), byCode.get(record.code_insee));
    const nantes = new URL(byCode.get('44109') as string).pathname;
    const slash = await get(`${nantes}/`);
    assert.equal(slash.status, 200);
    assert.equal(slash.body.nom, 'Nantes');
  });

  test('_id (spec §6.1) names the record id in select and where, not in *', async () => {
    const linked = (await get(`${RECORDS}?where=code_insee="44109"&include_links=true`)).body.results[0] as Row;
    const id = selfOf(linked).split('/').at(-1);
    assert.ok(!('_id' in withoutLinks(linked)));
    const selected = await get(`${RECORDS}?select=_id,nom&where=code_insee="44109"`);
    assert.deepEqual(selected.body.results, [{ _id: id, nom: 'Nantes' }]);
    const found = await get(`${RECORDS}?select=nom&where=_id="${id}" and "nantes"`);
    assert.deepEqual(found.body, { total_count: 1, results: [{ nom: 'Nantes' }] });
    // With the version's read copy written (data/read-copy.ts), full text reads its search text: the same answer.
    const { platform } = setup.t;
    const live = await platform.db.selectFrom('datasets').select('live_version_id').where('dataset_id', '=', 'communes-test').executeTakeFirstOrThrow();
    const version = await getVersion(platform.db, live.live_version_id ?? '');
    assert.ok(version);
    await writeReadCopy(platform, version);
    assert.deepEqual((await get(`${RECORDS}?select=nom&where=_id="${id}" and "nantes"`)).body, found.body);
    assert.deepEqual((await get(`${RECORDS}/${id}?select=_id,code_insee`)).body, { _id: id, code_insee: '44109' });
  });

  test('select, lang and timezone apply as on /records', async () => {
    const nantes = new URL((await get(`${RECORDS}?where=code_insee="44109"&include_links=true`)).body.results.map(selfOf)[0] as string).pathname;
    const one = await get(`${nantes}?select=nom,population,date_format(date_maj, 'EEEE') as jour&lang=en`);
    // Fixture: Nantes, 327734 inhabitants, date_maj 2024-05-10, a Friday.
    assert.deepEqual(one.body, { nom: 'Nantes', population: 327734, jour: 'Friday' });
    const zoned = await get(`${nantes}?select=created_at&timezone=Europe/Paris`);
    // Fixture: 2024-05-10T11:30:00+01:00 is 12:30 in Paris (summer time, +02:00).
    assert.deepEqual(zoned.body, { created_at: '2024-05-10T12:30:00+02:00' });
    // An aggregate over the one record, and over no record for an unknown id: a 404.
    assert.deepEqual((await get(`${nantes}?select=count(*) as n`)).body, { n: 1 });
    assert.equal((await get(`${RECORDS}/${'0'.repeat(40)}?select=count(*) as n`)).status, 404);
    const bad = await get(`${nantes}?select=nope`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 'ODSQLError');
  });

  test('an unknown record is a 404 NotFoundResource, in English and French', async () => {
    for (const id of ['0000000000000000000000000000000000000000', 'not-an-id']) {
      const { status, body } = await get(`${RECORDS}/${id}`);
      assert.equal(status, 404);
      assert.deepEqual(body, {
        error_code: 'NotFoundResource',
        message: `The requested record ${id} does not exist in the dataset communes-test.`,
        message_fr: `L'enregistrement demandé ${id} n'existe pas dans le jeu de données communes-test.`,
        code: 'RECORD_NOT_FOUND',
      });
    }
  });

  test('a private dataset’s record is as missing as a dataset that does not exist, except for a caller with rights', async () => {
    const withKey = await get(`/api/explore/v2.1/catalog/datasets/communes-prive/records?limit=1&include_links=true`, setup.headers);
    const path = new URL(selfOf(withKey.body.results[0] as Row)).pathname;
    assert.equal((await get(path, setup.headers)).status, 200);
    const anonymous = await get(path);
    assert.equal(anonymous.status, 404);
    assert.equal(anonymous.body.message, 'The requested dataset communes-prive does not exist.');
  });

  test('without include_links, no _links anywhere', async () => {
    for (const url of ['/api/explore/v2.1/catalog/datasets', DATASET, RECORDS]) {
      const { body } = await get(url);
      assert.ok(!('_links' in body), url);
      for (const item of body.results ?? []) assert.ok(!('_links' in item), url);
    }
    assert.equal((await get(`${RECORDS}?include_links=maybe`)).status, 400);
  });

  test('include_links on /records: self, first, last, next and dataset, on the caller’s host and portal', async () => {
    const { body } = await get(`${RECORDS}?limit=20&offset=20&where=departement="44"&include_links=true&apikey=${setup.headers.authorization?.slice(7)}`);
    const expected = communes.filter((c) => c.departement === '44').length;
    assert.equal(body.total_count, expected);
    const links = Object.fromEntries((body._links ?? []).map((l) => [l.rel, new URL(l.href)]));
    assert.deepEqual(Object.keys(links).sort(), expected > 40 ? ['dataset', 'first', 'last', 'next', 'self'] : ['dataset', 'first', 'last', 'self']);
    assert.equal(links.self?.searchParams.get('offset'), '20');
    assert.equal(links.self?.searchParams.get('apikey'), null, 'a key is not repeated in links');
    assert.equal(links.first?.searchParams.get('offset'), '0');
    assert.equal(links.first?.searchParams.get('where'), 'departement="44"');
    assert.equal(links.last?.searchParams.get('offset'), String(Math.floor((expected - 1) / 20) * 20));
    assert.equal(links.dataset?.href, `http://localhost${DATASET}`, "the URL of the dataset, default port left out by URL");
    // Through a portal's prefix, on another host, links stay there.
    await createPortal(setup.t.platform.db, { slug: 'region', title: 'Région', hostnames: [], scope: null });
    const viaPortal = await get(`/portals/region${RECORDS}?limit=1&include_links=true`, { host: 'data.example.fr' });
    assert.ok(viaPortal.body._links?.every((l) => l.href.startsWith(`http://data.example.fr/portals/region${RECORDS}`) || l.href === `http://data.example.fr/portals/region${DATASET}`));
    assert.match(selfOf(viaPortal.body.results[0] as Row), /^http:\/\/data\.example\.fr\/portals\/region\/api\/explore\/v2\.1\/catalog\/datasets\/communes-test\/records\/[0-9a-f]{40}$/);
  });

  test('include_links on the dataset and the dataset list', async () => {
    const one = await get(`${DATASET}?include_links=true`, { host: 'data.example.fr' });
    assert.deepEqual(one.body._links, [
      { rel: 'self', href: `http://data.example.fr${DATASET}` },
      { rel: 'catalog', href: 'http://data.example.fr/api/explore/v2.1/catalog/datasets' },
    ]);
    const list = await get('/api/explore/v2.1/catalog/datasets?limit=1&include_links=true');
    const rels = (list.body._links ?? []).map((l) => l.rel);
    // One dataset visible anonymously: one page.
    assert.equal(list.body.total_count, 1);
    assert.deepEqual(rels, ['self', 'first', 'last']);
    assert.deepEqual((list.body.results[0]?._links as Link[])[0], { rel: 'self', href: `http://localhost:80${DATASET}` });
  });

  test('a grouped query has page links but its groups have none', async () => {
    const { body } = await get(`${RECORDS}?group_by=departement&include_links=true`);
    assert.ok(body._links?.some((l) => l.rel === 'self'));
    for (const group of body.results) assert.ok(!('_links' in group));
  });

  test('v1 gives each record the id E7 takes', async () => {
    const v1 = (await get('/api/records/1.0/search/?dataset=communes-test&q=nantes&rows=5')).body as unknown as { records: { recordid: string; fields: Row }[] };
    assert.ok(v1.records.length > 0);
    for (const record of v1.records) {
      const one = await get(`${RECORDS}/${record.recordid}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.code_insee, record.fields.code_insee);
    }
  });

  test('a dataset with a record key: the id is the SHA-1 of the dataset id and the key, and stays when a push changes the values', async () => {
    const push = (payload: unknown, query = '') => app.inject({ method: 'POST', url: `/api/management/v1/datasets/velos/records${query}`, headers: setup.headers, payload: payload as object });
    assert.equal((await push([{ station: 'gare', velos: 3 }], '?key=station')).statusCode < 300, true);
    // By hand: JSON array of the dataset id and the key's text, hashed.
    const id = createHash('sha1').update(JSON.stringify(['velos', 'gare'])).digest('hex');
    const before = await get(`/api/explore/v2.1/catalog/datasets/velos/records/${id}`, setup.headers);
    assert.equal(before.status, 200, JSON.stringify(before.body));
    assert.deepEqual(before.body, { station: 'gare', velos: 3 });
    await push([{ station: 'gare', velos: 0 }]);
    assert.deepEqual((await get(`/api/explore/v2.1/catalog/datasets/velos/records/${id}`, setup.headers)).body, { station: 'gare', velos: 0 });
  });
});

