// Explore v2.1 conformance cases on the `communes-test` dataset (ODS Explore v2.1 §8; the number
// of the spec's case is in each title). Expected answers come from the spec's texts and from the
// fixture CSV read directly here (test/helpers/communes-test.ts), never from our own output.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { testApp, type TestApp } from '../helpers/app.js';
import { fixtureCommunes, publishCommunesTest, type FixtureCommune } from '../helpers/communes-test.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const RECORDS = '/api/explore/v2.1/catalog/datasets/communes-test/records';
type Row = Record<string, unknown>;

describe('Explore v2.1 conformance on communes-test', () => {
  let app: FastifyInstance;
  let setup: TestApp;
  const communes = fixtureCommunes();
  const byName = (rows: FixtureCommune[]) => rows.map((c) => c.nom).sort();

  before(async () => {
    setup = await testApp();
    app = setup.app;
    await publishCommunesTest(setup.t.platform);
  });
  after(async () => setup?.dispose());

  /** GET the records with these parameters (encoded here); the answer's status and body. */
  async function records(params: Record<string, string | string[]>, path = RECORDS): Promise<{ status: number; body: { total_count: number; results: Row[] } & Row }> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
    const response = await app.inject(`${path}?${search.toString()}`);
    return { status: response.statusCode, body: response.json() };
  }

  /** All the names a where clause selects (the fixture has 50 rows: one page of 100). */
  async function namesWhere(where: string | string[], extra: Record<string, string | string[]> = {}): Promise<string[]> {
    const { status, body } = await records({ where, select: 'nom', limit: '100', ...extra });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.total_count, body.results.length);
    return body.results.map((r) => String(r.nom)).sort();
  }

  test('#10 the default page: 10 flat rows, total 50, points as {lon, lat}, nulls as null', async () => {
    const { status, body } = await records({});
    assert.equal(status, 200);
    assert.equal(body.total_count, 50);
    assert.equal(body.results.length, 10);
    const nantes = body.results.find((r) => r.code_insee === '44109');
    assert.deepEqual(nantes?.geo_point_2d, { lon: -1.5536, lat: 47.2184 });
    assert.equal(nantes?.departement, '44', 'a département code stays text');
    assert.deepEqual(nantes?.tags, ['Loire-Atlantique', 'Loire'], 'a multivalued field is a list');
    const unknown = (await records({ where: 'population is null', limit: '1' })).body.results[0];
    assert.ok(unknown && 'population' in unknown && unknown.population === null);
  });

  test('#11 limit=100 gives the 50 rows; rows=3 is limit’s alias', async () => {
    assert.equal((await records({ limit: '100' })).body.results.length, 50);
    assert.equal((await records({ rows: '3' })).body.results.length, 3);
  });

  test('#12 #13 limit and offset past their caps: the spec’s errors, verbatim', async () => {
    const over = await records({ limit: '101' });
    assert.equal(over.status, 400);
    assert.equal(over.body.error_code, 'InvalidRESTParameterError');
    assert.equal(over.body.message, 'Invalid value for limit API parameter: 101 was found but -1 <= limit <= 100 is expected.');
    const window = await records({ limit: '100', offset: '9950' });
    assert.equal(window.status, 400);
    assert.equal(window.body.message, 'Invalid value for sum of offset + limit API parameter: 10050 was found but <= 10000 is expected.');
  });

  test('#14 select two fields, ordered by population descending; nulls last both ways', async () => {
    const { body } = await records({ select: 'nom,population', order_by: 'population desc', limit: '3' });
    const expected = [...communes].filter((c) => c.population !== null).sort((a, b) => (b.population ?? 0) - (a.population ?? 0)).slice(0, 3);
    assert.deepEqual(body.results, expected.map((c) => ({ nom: c.nom, population: c.population })));
    const ascending = (await records({ select: 'population', order_by: 'population asc', limit: '100' })).body.results.map((r) => r.population);
    assert.deepEqual(ascending.slice(-3), [null, null, null]);
    assert.equal(ascending[0], Math.min(...communes.flatMap((c) => (c.population === null ? [] : [c.population]))));
  });

  test('#15 a comparison leaves out the null rows', async () => {
    assert.deepEqual(await namesWhere('population > 100000'), byName(communes.filter((c) => (c.population ?? 0) > 100000)));
    assert.deepEqual(await namesWhere('population <= 5000'), byName(communes.filter((c) => c.population !== null && c.population <= 5000)));
  });

  test('#16 = is exact and case-sensitive; the legacy `:` is equality too', async () => {
    assert.deepEqual(await namesWhere('nom="Nantes"'), ['Nantes']);
    assert.deepEqual(await namesWhere('nom="nantes"'), []);
    assert.deepEqual(await namesWhere('nom: "Nantes"'), ['Nantes']);
    assert.deepEqual(await namesWhere("`nom` = 'Nantes'"), ['Nantes'], 'backquoted names and single quotes');
  });

  test('#17 like matches words, case- and accent-insensitive; a trailing * matches a word start', async () => {
    assert.deepEqual(await namesWhere('nom like "NANTES"'), ['Nantes']);
    assert.deepEqual(await namesWhere('nom like "nant*"'), ['Nantes']);
    assert.deepEqual(await namesWhere('nom like "nant"'), [], 'not a substring match');
    assert.deepEqual(await namesWhere('nom like "sebastien"'), byName(communes.filter((c) => c.nom.includes('Sébastien'))));
  });

  test('#18 #19 #20 bare strings, search() and startswith()', async () => {
    assert.ok((await namesWhere('"nantes"')).includes('Nantes'));
    assert.ok((await namesWhere('search(nom, "NANT")')).includes('Nantes'));
    const saint = communes.filter((c) => /(^|[^a-z])saint/i.test(c.nom.normalize('NFD').replace(/\p{M}/gu, '')));
    assert.deepEqual(await namesWhere('search(*, "saint")'), byName(saint));
    assert.deepEqual(await namesWhere('startswith(nom, "Nan")'), ['Nantes']);
    assert.deepEqual(await namesWhere('startswith(nom, "nan")'), [], 'startswith is case-sensitive');
    assert.deepEqual(await namesWhere('"saint" AND NOT "sebastien"'), byName(saint.filter((c) => !c.nom.includes('Sébastien'))));
  });

  test('#21 in a list, and not in it', async () => {
    assert.deepEqual(await namesWhere('departement in ("44","85")'), byName(communes));
    assert.deepEqual(await namesWhere('departement not in ("44")'), byName(communes.filter((c) => c.departement !== '44')));
  });

  test('#22 ranges: [ and ] say which bound is in', async () => {
    const between = (low: number, high: number) => communes.filter((c) => c.population !== null && c.population >= low && c.population < high);
    assert.deepEqual(await namesWhere('population in [1000..5000['), byName(between(1000, 5000)));
    assert.deepEqual(await namesWhere('population in [10000..30000['), byName(between(10000, 30000)));
    assert.deepEqual(await namesWhere('population in ]10000 TO 30000]'), byName(communes.filter((c) => c.population !== null && c.population > 10000 && c.population <= 30000)));
  });

  test('#23 dates, date literals (whole or partial) and NOT on a boolean', async () => {
    assert.deepEqual(await namesWhere("date_maj >= date'2024-01-01' and not littoral"), byName(communes.filter((c) => c.date_maj >= '2024-01-01' && !c.littoral)));
    assert.deepEqual(await namesWhere("date_maj >= date'2024'"), byName(communes.filter((c) => c.date_maj >= '2024-01-01')));
    assert.deepEqual(await namesWhere('date_maj < "2023-12-01"'), byName(communes.filter((c) => c.date_maj < '2023-12-01')), 'a string compared with a date is a date');
    assert.deepEqual(await namesWhere('littoral'), byName(communes.filter((c) => c.littoral)));
    assert.deepEqual(await namesWhere('littoral is false'), byName(communes.filter((c) => !c.littoral)));
  });

  test('#24 is null and is not null', async () => {
    assert.deepEqual(await namesWhere('population is null'), byName(communes.filter((c) => c.population === null)));
    assert.equal((await namesWhere('population is not null')).length, communes.filter((c) => c.population !== null).length);
  });

  test('#25 within_distance: the points within 10 km of Nantes centre', async () => {
    const rad = Math.PI / 180;
    const metres = (c: FixtureCommune) => 2 * 6371008.8 * Math.asin(Math.sqrt(Math.sin(((c.lat - 47.2184) * rad) / 2) ** 2 + Math.cos(47.2184 * rad) * Math.cos(c.lat * rad) * Math.sin(((c.lon + 1.5536) * rad) / 2) ** 2));
    assert.deepEqual(await namesWhere("within_distance(geo_point_2d, geom'POINT(-1.5536 47.2184)', 10km)"), byName(communes.filter((c) => metres(c) <= 10_000)));
    assert.deepEqual(await namesWhere("distance(geo_point_2d, geom'POINT(-1.5536 47.2184)', 1 m)"), ['Nantes'], 'the legacy name and a unit after a space');
  });

  test('#26 in_bbox takes two corners, latitude first', async () => {
    assert.deepEqual(await namesWhere('in_bbox(geo_point_2d, 47.0, -2.0, 47.5, -1.0)'), byName(communes.filter((c) => c.lat >= 47 && c.lat <= 47.5 && c.lon >= -2 && c.lon <= -1)));
  });

  test('#28 a value in a multivalued field', async () => {
    assert.deepEqual(await namesWhere('"Loire" in tags'), byName(communes.filter((c) => c.tags.includes('Loire'))));
    assert.deepEqual(await namesWhere('"Loi" in tags'), [], 'a whole value, not a part of one');
  });

  test('#29 #30 an aggregate without group_by: total_count is the record count; the key is the expression', async () => {
    assert.deepEqual((await records({ select: 'count(*) as n', limit: '1' })).body, { total_count: 50, results: [{ n: 50 }] });
    assert.deepEqual((await records({ select: 'count(*)', limit: '1' })).body.results[0], { 'count(*)': 50 });
    assert.deepEqual((await records({ select: 'count(*) as n', where: 'departement = "85"', limit: '1' })).body, { total_count: 20, results: [{ n: 20 }] });
  });

  test('#31 grouped by département, summed and ordered by an alias', async () => {
    const sums = new Map<string, number>();
    for (const c of communes) sums.set(c.departement, (sums.get(c.departement) ?? 0) + (c.population ?? 0));
    const expected = [...sums].sort((a, b) => b[1] - a[1]).map(([departement, pop]) => ({ departement, pop }));
    const { body } = await records({ select: 'departement, sum(population) as pop', group_by: 'departement', order_by: 'pop desc' });
    assert.deepEqual(body.results, expected);
    assert.equal(body.total_count, expected.length);
  });

  test('#32 group_by year(): the key is there although not selected, and an integer', async () => {
    const years = new Map<number, number>();
    for (const c of communes) years.set(Number(c.date_maj.slice(0, 4)), (years.get(Number(c.date_maj.slice(0, 4))) ?? 0) + 1);
    const { body } = await records({ select: 'count(*) as n', group_by: 'year(date_maj) as y' });
    assert.deepEqual(body.results, [...years].sort((a, b) => a[0] - b[0]).map(([y, n]) => ({ y, n })));
  });

  test('#33 static ranges; the null population is its own group, first', async () => {
    const { body } = await records({ select: 'count(*) as n', group_by: 'range(population, *, 1000, 10000, *) as tranche' });
    const count = (test: (p: number) => boolean) => communes.filter((c) => c.population !== null && test(c.population)).length;
    const expected = [
      { tranche: null, n: communes.filter((c) => c.population === null).length },
      { tranche: '[*, 1000[', n: count((p) => p < 1000) },
      { tranche: '[1000, 10000[', n: count((p) => p >= 1000 && p < 10000) },
      { tranche: '[10000, *[', n: count((p) => p >= 10000) },
    ].filter((g) => g.n > 0);
    assert.deepEqual(body.results, expected);
  });

  test('#34 several aggregates in one row', async () => {
    const { body } = await records({ select: 'avg(superficie) as a, percentile(population, 90) as p90, count(distinct departement) as d, min(date_maj) as first', limit: '1' });
    const row = body.results[0] ?? {};
    const average = communes.reduce((sum, c) => sum + c.superficie, 0) / communes.length;
    assert.ok(Math.abs(Number(row.a) - average) < 1e-9);
    assert.equal(typeof row.p90, 'number');
    assert.equal(row.d, 2);
    assert.equal(row.first, communes.map((c) => c.date_maj).sort()[0]);
  });

  test('#35 a selected field outside group_by is an ODSQLError naming select', async () => {
    const { status, body } = await records({ select: 'nom', group_by: 'departement' });
    assert.equal(status, 400);
    assert.equal(body.error_code, 'ODSQLError');
    assert.match(String(body.message), /^ODSQL query is malformed: .*Clause\(s\) containing the error\(s\): select\.$/);
  });

  test('#36 an unknown field: the ODS text, the clause, and the column in French and English', async () => {
    const { status, body } = await records({ where: 'population > 1 and foo > 1' });
    assert.equal(status, 400);
    assert.equal(body.error_code, 'ODSQLError');
    assert.equal(body.message, 'ODSQL query is malformed: Unknown field: foo. Clause(s) containing the error(s): where.');
    assert.match(String(body.message_fr), /champ inconnu : foo/);
    assert.deepEqual(body.location, { parameter: 'where', column: 20 });
    assert.equal((await records({ select: 'foo' })).body.message, 'ODSQL query is malformed: Unknown field: foo. Clause(s) containing the error(s): select.');
  });

  test('#37 refine on a disjunctive facet ORs; quoted values as ods-widgets sends them; exclude', async () => {
    assert.equal((await records({ refine: ['departement:44', 'departement:85'] })).body.total_count, 50);
    assert.equal((await records({ refine: 'departement:"44"' })).body.total_count, communes.filter((c) => c.departement === '44').length);
    assert.equal((await records({ exclude: 'departement:44' })).body.total_count, communes.filter((c) => c.departement !== '44').length);
    assert.equal((await records({ refine: ['departement:44', 'littoral:true'] })).body.total_count, communes.filter((c) => c.departement === '44' && c.littoral).length);
  });

  test('#38 refine on a date takes a partial path', async () => {
    assert.equal((await records({ refine: 'date_maj:2024' })).body.total_count, communes.filter((c) => c.date_maj.startsWith('2024')).length);
    const month = communes[0]?.date_maj.slice(0, 7) ?? '';
    assert.equal((await records({ refine: `date_maj:${month.replace('-', '/')}` })).body.total_count, communes.filter((c) => c.date_maj.startsWith(month)).length);
  });

  test('repeated where parameters are ANDed', async () => {
    assert.deepEqual(await namesWhere(['departement = "44"', 'population > 40000']), byName(communes.filter((c) => c.departement === '44' && (c.population ?? 0) > 40000)));
  });

  test('select: expressions with aliases, include() and exclude()', async () => {
    const nantes = communes.find((c) => c.nom === 'Nantes');
    const { body } = await records({ select: 'nom, population / superficie as densite', where: 'nom = "Nantes"' });
    assert.deepEqual(body.results, [{ nom: 'Nantes', densite: (nantes?.population ?? 0) / (nantes?.superficie ?? 1) }]);
    assert.deepEqual(Object.keys((await records({ select: 'include(geo*)', limit: '1' })).body.results[0] ?? {}), ['geo_point_2d', 'geo_shape']);
    assert.deepEqual(Object.keys((await records({ select: 'exclude(geo*)', limit: '1' })).body.results[0] ?? {}), ['code_insee', 'nom', 'departement', 'population', 'superficie', 'date_maj', 'created_at', 'tags', 'littoral']);
  });

  test('order_by a text field, several keys, ifnull()', async () => {
    const { body } = await records({ select: 'nom', order_by: 'departement desc, nom', limit: '3' });
    const expected = [...communes].sort((a, b) => (a.departement === b.departement ? (a.nom < b.nom ? -1 : 1) : a.departement < b.departement ? 1 : -1)).slice(0, 3);
    assert.deepEqual(body.results.map((r) => r.nom), expected.map((c) => c.nom));
    const first = (await records({ select: 'nom', order_by: 'ifnull(population, 0) asc', limit: '1' })).body.results[0];
    assert.ok(communes.filter((c) => c.population === null).some((c) => c.nom === first?.nom));
  });

  test('a grouped query ordered by an aggregate that is not selected under its text', async () => {
    const { body } = await records({ select: 'count(*) as n', group_by: 'departement', order_by: 'count(*) desc' });
    assert.deepEqual(body.results, [
      { departement: '44', n: communes.filter((c) => c.departement === '44').length },
      { departement: '85', n: communes.filter((c) => c.departement === '85').length },
    ]);
  });

  test('malformed queries are 400 ODSQLError with the column, never 500', async () => {
    const cases: [Record<string, string>, string, number][] = [
      [{ where: 'population >> 2' }, 'where', 13],
      [{ where: 'population > "beaucoup"' }, 'where', 1],
      [{ where: 'nom = "Nantes' }, 'where', 7],
      [{ select: 'sum(nom)' }, 'select', 1],
      [{ where: 'count(*) > 2' }, 'where', 1],
      [{ order_by: 'geo_point_2d' }, 'order_by', 1],
      [{ group_by: 'range(population, 0)' }, 'group_by', 1],
      [{ where: "within_distance(geo_point_2d, geom'POINT(x y)', 1km)" }, 'where', 31],
      [{ where: 'date_maj > date\'2024-13-45\'' }, 'where', 12],
      [{ select: 'nom, count(*)' }, 'select', 1],
      [{ where: 'unknown_function(nom)' }, 'where', 1],
    ];
    for (const [params, clause, column] of cases) {
      const { status, body } = await records(params);
      assert.equal(status, 400, `${JSON.stringify(params)}: ${JSON.stringify(body)}`);
      assert.equal(body.error_code, 'ODSQLError', JSON.stringify(params));
      assert.match(String(body.message), new RegExp(`Clause\\(s\\) containing the error\\(s\\): ${clause}\\.$`), JSON.stringify(params));
      assert.deepEqual(body.location, { parameter: clause, column }, JSON.stringify(params));
    }
  });

  test('user text stays a value: quotes and SQL in strings find nothing and break nothing', async () => {
    assert.deepEqual(await namesWhere(`nom = "x' or 1=1 --"`), []);
    assert.deepEqual(await namesWhere('nom = "\\" or true or \\""'), []);
    assert.deepEqual(await namesWhere('"); drop table records; --"'), []);
    assert.equal((await records({ limit: '1' })).body.total_count, 50);
  });

  test('the trailing slash the official client adds answers the same', async () => {
    const { status, body } = await records({ where: 'nom = "Nantes"', select: 'nom' }, `${RECORDS}/`);
    assert.equal(status, 200);
    assert.deepEqual(body.results, [{ nom: 'Nantes' }]);
  });

  test('#8 the dataset object: its 11 fields with their types and live-form annotations, 50 records', async () => {
    const response = await app.inject('/api/explore/v2.1/catalog/datasets/communes-test');
    assert.equal(response.statusCode, 200);
    const body = response.json() as { dataset_id: string; visibility: string; alternative_exports: unknown[]; features: string[]; fields: { name: string; type: string; annotations: Record<string, unknown> }[]; metas: { default: { records_count: number; title: string } } };
    assert.equal(body.dataset_id, 'communes-test');
    assert.equal(body.visibility, 'domain');
    assert.deepEqual(body.alternative_exports, []);
    assert.deepEqual(body.fields.map((f) => [f.name, f.type]), [
      ['code_insee', 'text'], ['nom', 'text'], ['departement', 'text'], ['population', 'int'], ['superficie', 'double'], ['date_maj', 'date'],
      ['created_at', 'datetime'], ['tags', 'text'], ['littoral', 'boolean'], ['geo_point_2d', 'geo_point_2d'], ['geo_shape', 'geo_shape'],
    ]);
    const annotations = Object.fromEntries(body.fields.map((f) => [f.name, f.annotations]));
    assert.deepEqual(annotations.departement, { facet: true, disjunctive: true });
    assert.deepEqual(annotations.code_insee, { facet: true });
    assert.deepEqual(annotations.tags, { multivalued: ';' });
    assert.deepEqual([...body.features].sort(), ['analyze', 'geo', 'timeserie']);
    assert.equal(body.metas.default.records_count, 50);
    assert.equal(body.metas.default.title, 'Communes de test');
  });

  test('#9 an unknown dataset: 404 NotFoundResource with the spec’s text', async () => {
    const response = await app.inject('/api/explore/v2.1/catalog/datasets/nope');
    assert.equal(response.statusCode, 404);
    const body = response.json();
    assert.equal(body.error_code, 'NotFoundResource');
    assert.equal(body.message, 'The requested dataset nope does not exist.');
    assert.equal((await app.inject(`${RECORDS.replace('communes-test', 'nope')}?limit=1`)).statusCode, 404, 'its records too');
  });

  test('#10 values: a datetime in UTC with +00:00, a date, a shape as a Feature, numbers and a boolean', async () => {
    const { body } = await records({ where: 'code_insee = "44109"' });
    assert.deepEqual(body.results, [
      {
        code_insee: '44109',
        nom: 'Nantes',
        departement: '44',
        population: 327734,
        superficie: 30.16,
        date_maj: '2024-05-10',
        // 2024-05-10T11:30:00+01:00 in the file.
        created_at: '2024-05-10T10:30:00+00:00',
        tags: ['Loire-Atlantique', 'Loire'],
        littoral: false,
        geo_point_2d: { lon: -1.5536, lat: 47.2184 },
        geo_shape: { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[-1.5636, 47.2084], [-1.5436, 47.2084], [-1.5436, 47.2284], [-1.5636, 47.2284], [-1.5636, 47.2084]]] }, properties: {} },
      },
    ]);
  });

  test('pages follow the file’s order: offset=10&limit=10 is the 11th to the 20th row', async () => {
    const { body } = await records({ select: 'code_insee', offset: '10', limit: '10' });
    assert.equal(body.total_count, 50);
    assert.deepEqual(body.results.map((r) => r.code_insee), communes.slice(10, 20).map((c) => c.code_insee));
  });

  test('limit=-1 is the most a page holds (100); limit=0 counts without rows', async () => {
    assert.equal((await records({ limit: '-1' })).body.results.length, 50);
    assert.deepEqual((await records({ limit: '0', where: 'departement = "85"' })).body, { total_count: communes.filter((c) => c.departement === '85').length, results: [] });
  });

  test('an offset below 0 or a limit that is no number: 400 naming the parameter', async () => {
    const negative = await records({ offset: '-1' });
    assert.equal(negative.status, 400);
    assert.equal(negative.body.message, 'Invalid value for offset API parameter: -1 was found but 0 <= offset is expected.');
    const word = await records({ limit: 'abc' });
    assert.equal(word.body.message, 'Invalid value for limit API parameter: abc was found but -1 <= limit <= 100 is expected.');
    assert.deepEqual(word.body.location, { parameter: 'limit' });
  });

  test('a repeated parameter: the last value counts; limit wins over rows', async () => {
    assert.equal((await records({ limit: ['1', '3'] })).body.results.length, 3);
    assert.equal((await records({ limit: '2', rows: '5' })).body.results.length, 2);
  });

  test('with group_by the caps are 20,000 (§3), with the same error texts', async () => {
    assert.equal((await records({ group_by: 'code_insee', limit: '1000' })).body.results.length, 50, 'more than 100 groups in one page');
    assert.equal((await records({ group_by: 'departement', limit: '20001' })).body.message, 'Invalid value for limit API parameter: 20001 was found but -1 <= limit <= 20000 is expected.');
    assert.equal((await records({ group_by: 'departement', offset: '19999', limit: '2' })).body.message, 'Invalid value for sum of offset + limit API parameter: 20001 was found but <= 20000 is expected.');
  });

  test('group_by without select gives the group keys only, by key', async () => {
    assert.deepEqual((await records({ group_by: 'departement' })).body, { total_count: 2, results: [{ departement: '44' }, { departement: '85' }] });
  });

  test('two group keys: one row per combination that exists', async () => {
    const { body } = await records({ select: 'count(*) as n', group_by: 'departement, littoral' });
    const expected = ['44', '85'].flatMap((departement) => [false, true].map((littoral) => ({ departement, littoral, n: communes.filter((c) => c.departement === departement && c.littoral === littoral).length }))).filter((g) => g.n > 0);
    assert.deepEqual(body.results, expected);
  });

  test('equal-width ranges: range(population, 100000), the lower bound in, the null group first', async () => {
    const { body } = await records({ select: 'count(*) as n', group_by: 'range(population, 100000) as tranche' });
    const known = communes.filter((c) => c.population !== null);
    assert.deepEqual(body.results, [
      { tranche: null, n: communes.length - known.length },
      { tranche: '[0, 100000[', n: known.filter((c) => (c.population ?? 0) < 100000).length },
      { tranche: '[300000, 400000[', n: known.filter((c) => (c.population ?? 0) >= 300000).length },
    ]);
  });

  test('count(f) leaves the nulls out; sum, min, max and median over the known values', async () => {
    const known = communes.flatMap((c) => (c.population === null ? [] : [c.population])).sort((a, b) => a - b);
    const { body } = await records({ select: 'count(population) as c, sum(population) as s, min(population) as lo, max(population) as hi, median(population) as m', limit: '1' });
    // 47 values: the median is the 24th.
    assert.deepEqual(body.results, [{ c: known.length, s: known.reduce((a, b) => a + b, 0), lo: known[0], hi: known[known.length - 1], m: known[(known.length - 1) / 2] }]);
  });

  test('constants, arithmetic, and a division by zero that gives null', async () => {
    const { body } = await records({ select: '2 as two, "x" as hi, population * 2 as doubled, population / 0 as z', where: 'nom = "Nantes"' });
    assert.deepEqual(body.results, [{ two: 2, hi: 'x', doubled: 327734 * 2, z: null }]);
  });

  test('a backquoted alias with spaces, as ods-widgets writes it', async () => {
    const { body } = await records({ select: 'nom as `Nom de la commune`', where: 'code_insee = "85191"' });
    assert.deepEqual(body.results, [{ 'Nom de la commune': 'La Roche-sur-Yon' }]);
  });

  test('AND binds tighter than OR; parentheses change it', async () => {
    assert.deepEqual(await namesWhere('departement = "85" or departement = "44" and littoral'), byName(communes.filter((c) => c.departement === '85' || (c.departement === '44' && c.littoral))));
    assert.deepEqual(await namesWhere('(departement = "85" or departement = "44") and littoral'), byName(communes.filter((c) => c.littoral)));
  });

  test('!= and <> leave out the nulls as every comparison does', async () => {
    const expected = byName(communes.filter((c) => c.population !== null && c.population !== 9679));
    assert.deepEqual(await namesWhere('population != 9679'), expected);
    assert.deepEqual(await namesWhere('population <> 9679'), expected);
  });

  test('a range of dates with date literals, both bounds in', async () => {
    assert.deepEqual(await namesWhere("date_maj in [date'2024-01-01'..date'2024-03-31']"), byName(communes.filter((c) => c.date_maj >= '2024-01-01' && c.date_maj <= '2024-03-31')));
  });

  test('year() and month() in where are integers', async () => {
    assert.deepEqual(await namesWhere('year(date_maj) = 2023 and month(date_maj) = 10'), byName(communes.filter((c) => c.date_maj.startsWith('2023-10'))));
  });

  test('refine on a boolean and on a multivalued field; refine and exclude together', async () => {
    assert.equal((await records({ refine: 'littoral:true' })).body.total_count, communes.filter((c) => c.littoral).length);
    assert.equal((await records({ refine: 'tags:Océan' })).body.total_count, communes.filter((c) => c.tags.includes('Océan')).length);
    assert.equal((await records({ refine: 'departement:44', exclude: 'littoral:true' })).body.total_count, communes.filter((c) => c.departement === '44' && !c.littoral).length);
    assert.equal((await records({ exclude: 'date_maj:2023' })).body.total_count, communes.filter((c) => !c.date_maj.startsWith('2023')).length);
  });

  test('a refine that is not field:value, or on an unknown field: ODSQLError naming refine', async () => {
    const bare = await records({ refine: 'departement' });
    assert.equal(bare.status, 400);
    assert.equal(bare.body.error_code, 'ODSQLError');
    assert.match(String(bare.body.message), /Clause\(s\) containing the error\(s\): refine\.$/);
    assert.equal((await records({ refine: 'foo:1' })).body.message, 'ODSQL query is malformed: Unknown field: foo. Clause(s) containing the error(s): refine.');
  });

  test('order_by an alias of an expression, descending, nulls last', async () => {
    const { body } = await records({ select: 'nom, population / superficie as d', order_by: 'd desc', limit: '100' });
    const densest = [...communes].filter((c) => c.population !== null).sort((a, b) => (b.population ?? 0) / b.superficie - (a.population ?? 0) / a.superficie)[0];
    assert.equal(body.results[0]?.nom, densest?.nom);
    assert.deepEqual(body.results.slice(-3).map((r) => r.d), [null, null, null]);
  });

  test('errors carry the CORS headers, so that a page on another site reads them', async () => {
    const response = await app.inject(`${RECORDS}?limit=101`);
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.match(String(response.headers['content-type']), /^application\/json/);
  });

  test('OPTIONS as a browser sends it before an ods-widgets call: 204 and the headers of §1', async () => {
    const response = await app.inject({ method: 'OPTIONS', url: RECORDS, headers: { origin: 'https://www.example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'ods-widgets-version' } });
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.headers['access-control-allow-methods'], 'POST, GET, OPTIONS');
    assert.ok(String(response.headers['access-control-allow-headers']).split(', ').includes('ODS-Widgets-Version'));
  });
});

describe('Explore v2.1 exports of communes-test', () => {
  let setup: TestApp;
  const communes = fixtureCommunes();
  const EXPORTS = '/api/explore/v2.1/catalog/datasets/communes-test/exports';
  before(async () => {
    setup = await testApp();
    await publishCommunesTest(setup.t.platform);
  });
  after(async () => setup?.dispose());
  const get = (path: string) => setup.app.inject(`${EXPORTS}${path}`);

  test('#39 CSV: BOM, ; and the header by default, every matching row, points as "lat, lon"', async () => {
    const response = await get(`/csv?${new URLSearchParams({ select: 'nom,population,geo_point_2d', where: 'departement="44"' })}`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="communes-test.csv"');
    assert.ok(response.body.startsWith('\ufeffnom;population;geo_point_2d\r\n'));
    const lines = response.body.slice(1).trimEnd().split('\r\n');
    const expected = communes.filter((c) => c.departement === '44');
    assert.equal(lines.length, 1 + expected.length, 'no 100-record cap, no limit of 10');
    assert.ok(lines.includes('Nantes;327734;47.2184, -1.5536'));
    const plain = await get(`/csv?${new URLSearchParams({ select: 'nom,tags', with_bom: 'false', delimiter: ',', list_separator: '|', where: 'nom="Nantes"' })}`);
    assert.equal(plain.body, 'nom,tags\r\nNantes,Loire-Atlantique|Loire\r\n');
  });

  test('#40 GeoJSON within a box, JSON and JSON Lines of every record', async () => {
    const geo = await get(`/geojson?${new URLSearchParams({ where: 'in_bbox(geo_point_2d,47,-2,47.5,-1)', select: 'nom,geo_point_2d' })}`);
    assert.equal(geo.statusCode, 200);
    const collection = geo.json() as { type: string; features: { geometry: { type: string; coordinates: number[] }; properties: { nom: string } }[] };
    assert.equal(collection.type, 'FeatureCollection');
    const inBox = communes.filter((c) => c.lat >= 47 && c.lat <= 47.5 && c.lon >= -2 && c.lon <= -1);
    assert.deepEqual(collection.features.map((f) => f.properties.nom).sort(), inBox.map((c) => c.nom).sort());
    assert.deepEqual(collection.features.find((f) => f.properties.nom === 'Nantes')?.geometry, { type: 'Point', coordinates: [-1.5536, 47.2184] });
    const json = await get('/json?limit=-1');
    assert.equal(json.headers['content-disposition'], 'attachment; filename="communes-test.json"');
    assert.equal((json.json() as unknown[]).length, 50);
    const lines = (await get('/jsonl?select=code_insee')).body.trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => JSON.parse(l).code_insee).sort(), communes.map((c) => c.code_insee).sort());
  });

  test('a bad query, an unknown format, a GeoJSON without geometry: JSON 400s, no file', async () => {
    const bad = await get('/csv?select=foo');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().message, 'ODSQL query is malformed: Unknown field: foo. Clause(s) containing the error(s): select.');
    assert.equal((await get('/xml')).statusCode, 400);
    const flat = await get('/geojson?select=nom');
    assert.equal(flat.statusCode, 400);
    assert.equal(flat.json().code, 'EXPORT_NO_GEOMETRY');
    assert.equal((await get('/csv?delimiter=x')).statusCode, 400);
  });

  test('the list of formats links each export', async () => {
    const list = (await get('')).json() as { links: { rel: string; href: string }[] };
    assert.deepEqual(list.links.map((l) => l.rel), ['csv', 'json', 'jsonl', 'geojson', 'parquet', 'xlsx', 'kml', 'gpx', 'shp', 'fgb', 'jsonld', 'turtle', 'n3', 'rdfxml', 'ov2']);
    assert.ok(list.links.every((l) => l.href.endsWith(`/catalog/datasets/communes-test/exports/${l.rel}`)));
  });

  test('#40 a grouped JSON export: the key first, the aggregate after, every group (§5.4)', async () => {
    const response = await get(`/json?${new URLSearchParams({ group_by: 'departement', select: 'count(*) as n' })}`);
    assert.deepEqual(response.json(), [
      { departement: '44', n: communes.filter((c) => c.departement === '44').length },
      { departement: '85', n: communes.filter((c) => c.departement === '85').length },
    ]);
  });

  test('JSON Lines ordered and limited; offset skips records', async () => {
    const lines = (path: string) => (async () => (await get(path)).body.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>))();
    const sorted = communes.map((c) => c.nom).sort();
    assert.deepEqual(await lines(`/jsonl?${new URLSearchParams({ select: 'nom', order_by: 'nom', limit: '3' })}`), sorted.slice(0, 3).map((nom) => ({ nom })));
    assert.deepEqual((await lines('/jsonl?select=code_insee&offset=45')).map((r) => r.code_insee), communes.slice(45).map((c) => c.code_insee));
  });

  test('GeoJSON: the shape is the geometry when the records have one; the point stays a property', async () => {
    const body = (await get(`/geojson?${new URLSearchParams({ where: 'nom = "Nantes"', select: 'nom, geo_point_2d, geo_shape' })}`)).json();
    assert.deepEqual(body, {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[-1.5636, 47.2084], [-1.5436, 47.2084], [-1.5436, 47.2284], [-1.5636, 47.2284], [-1.5636, 47.2084]]] }, properties: { nom: 'Nantes', geo_point_2d: { lon: -1.5536, lat: 47.2184 } } }],
    });
  });

  test('refine and exclude choose the exported records as they choose the records', async () => {
    const body = (await get('/csv?select=code_insee&refine=departement:85&exclude=littoral:true&with_bom=false')).body;
    assert.deepEqual(body.trimEnd().split('\r\n'), ['code_insee', ...communes.filter((c) => c.departement === '85' && !c.littoral).map((c) => c.code_insee)]);
  });

  test('CSV quote_all quotes every cell, the header and empty cells included', async () => {
    const body = (await get(`/csv?${new URLSearchParams({ select: 'nom, population', where: 'population is null', quote_all: 'true', with_bom: 'false' })}`)).body;
    assert.equal(body, `"nom";"population"\r\n${communes.filter((c) => c.population === null).map((c) => `"${c.nom}";""\r\n`).join('')}`);
  });

  test('Parquet and XLSX of communes-test: every record, named after the dataset', async () => {
    const parquet = await get('/parquet');
    assert.equal(parquet.statusCode, 200);
    assert.equal(parquet.headers['content-disposition'], 'attachment; filename="communes-test.parquet"');
    assert.equal(parquet.rawPayload.subarray(0, 4).toString('latin1'), 'PAR1');
    const file = writeTemporaryFile('communes.parquet', parquet.rawPayload);
    const [row] = await setup.t.platform.engine.query('select count(*) as n, count(population) as known from read_parquet($1)', [file]);
    assert.deepEqual({ n: Number(row?.n), known: Number(row?.known) }, { n: 50, known: communes.filter((c) => c.population !== null).length });
    const xlsx = await get('/xlsx?select=nom');
    assert.equal(xlsx.headers['content-disposition'], 'attachment; filename="communes-test.xlsx"');
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK', 'a zip, as an XLSX file is');
  });

  test('compressed=true gzips the file and adds .gz to its name', async () => {
    const response = await get('/csv?compressed=true&select=code_insee');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="communes-test.csv.gz"');
    const text = gunzipSync(response.rawPayload).toString('utf8');
    assert.equal(text, `\ufeffcode_insee\r\n${communes.map((c) => `${c.code_insee}\r\n`).join('')}`);
  });

  test('epsg: 4326 is what exports are in by default; a system we do not write is refused, not ignored', async () => {
    assert.equal((await get('/geojson?epsg=4326&select=geo_point_2d')).statusCode, 200);
    // Lambert II étendu (27572) is not one of ours: a 400, not a file in an unexpected system.
    const other = await get('/geojson?epsg=27572');
    assert.equal(other.statusCode, 400);
    assert.equal(other.json().message, 'Invalid value for epsg API parameter: 27572 was found but one of 2154, 2972, 2975, 3857, 4326, 4467, 4471, 5490 is expected.');
  });
});

describe('Explore v2.1 facets of communes-test', () => {
  let setup: TestApp;
  const communes = fixtureCommunes();
  const FACETS = '/api/explore/v2.1/catalog/datasets/communes-test/facets';
  before(async () => {
    setup = await testApp();
    await publishCommunesTest(setup.t.platform);
  });
  after(async () => setup?.dispose());
  type Value = { name: string; value: string; count?: number; state: string; facets?: Value[] };
  const facets = async (params: Record<string, string | string[]>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
    const response = await setup.app.inject(`${FACETS}?${search}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { links: { rel: string; href: string }[]; facets: { name: string; facets: Value[] }[] };
  };

  test('#37 a refined value of a disjunctive facet is "refined"; the others keep their counts; links always', async () => {
    const body = await facets({ facet: 'departement', refine: 'departement:44' });
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

  test('#38 a refined year lists its months, zero-padded, with the path to refine them', async () => {
    const [dates] = (await facets({ facet: 'date_maj', refine: 'date_maj:2024' })).facets;
    const year = dates?.facets.find((v) => v.value === '2024');
    assert.equal(year?.state, 'refined');
    assert.equal(year?.count, communes.filter((c) => c.date_maj.startsWith('2024')).length);
    const months = new Map<string, number>();
    for (const c of communes.filter((c) => c.date_maj.startsWith('2024'))) months.set(c.date_maj.slice(0, 7).replace('-', '/'), (months.get(c.date_maj.slice(0, 7).replace('-', '/')) ?? 0) + 1);
    assert.deepEqual(year?.facets?.map((m) => [m.value, m.name, m.count]), [...months].sort().map(([value, n]) => [value, value.slice(5), n]));
    assert.equal(dates?.facets.find((v) => v.value === '2023')?.facets, undefined, 'an unrefined year is not opened');
  });

  test('facets count the records the query chooses; a multivalued field counts each value; the annotated facets by default', async () => {
    const [tags] = (await facets({ facet: 'tags', where: 'departement = "44"' })).facets;
    const loire = communes.filter((c) => c.departement === '44' && c.tags.includes('Loire')).length;
    assert.equal(tags?.facets.find((v) => v.value === 'Loire')?.count, loire);
    assert.equal(tags?.facets.find((v) => v.value === 'Vendée'), undefined);
    assert.deepEqual((await facets({})).facets.map((f) => f.name), ['code_insee', 'departement', 'date_maj']);
    const excluded = (await facets({ facet: 'departement', exclude: 'departement:85' })).facets[0]?.facets;
    assert.deepEqual(excluded?.find((v) => v.value === '85'), { name: '85', value: '85', state: 'excluded' });
  });

  test('a non-disjunctive facet counts only the refined records; facet(…, disjunctive=true) counts the others too', async () => {
    const littoral = communes.filter((c) => c.littoral).length;
    const [plain] = (await facets({ facet: 'littoral', refine: 'littoral:true' })).facets;
    assert.deepEqual(plain, { name: 'littoral', facets: [{ name: 'true', value: 'true', count: littoral, state: 'refined' }] });
    const [disjunctive] = (await facets({ facet: 'facet(name="littoral", disjunctive=true)', refine: 'littoral:true' })).facets;
    assert.deepEqual(disjunctive, { name: 'littoral', facets: [{ name: 'false', value: 'false', count: communes.length - littoral, state: 'displayed' }, { name: 'true', value: 'true', count: littoral, state: 'refined' }] });
  });

  test('facet counts follow where', async () => {
    const [departements] = (await facets({ facet: 'departement', where: 'littoral' })).facets;
    const count = (d: string) => communes.filter((c) => c.departement === d && c.littoral).length;
    assert.deepEqual(departements?.facets, [
      { name: '44', value: '44', count: count('44'), state: 'displayed' },
      { name: '85', value: '85', count: count('85'), state: 'displayed' },
    ]);
  });

  test('values by count, then by value: the 50 codes once each', async () => {
    const [codes] = (await facets({ facet: 'code_insee' })).facets;
    assert.deepEqual(codes?.facets, communes.map((c) => c.code_insee).sort().map((code) => ({ name: code, value: code, count: 1, state: 'displayed' })));
  });

  test('a refined month opens its days, zero-padded', async () => {
    const [dates] = (await facets({ facet: 'date_maj', refine: 'date_maj:2024/05' })).facets;
    const may = communes.filter((c) => c.date_maj.startsWith('2024-05'));
    const days = [...new Set(may.map((c) => c.date_maj))].sort().map((d) => ({ name: d.slice(8), value: d.replaceAll('-', '/'), count: may.filter((c) => c.date_maj === d).length, state: 'displayed' }));
    assert.deepEqual(dates?.facets, [{ name: '2024', value: '2024', count: may.length, state: 'refined', facets: [{ name: '05', value: '2024/05', count: may.length, state: 'refined', facets: days }] }]);
  });

  test('an unknown facet is an ODSQLError naming facet', async () => {
    const response = await setup.app.inject(`${FACETS}?facet=foo`);
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().message, 'ODSQL query is malformed: Unknown field: foo. Clause(s) containing the error(s): facet.');
  });
});
