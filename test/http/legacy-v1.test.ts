// The legacy v1 Search API (ODS spec §2.12 and the "Extra smoke checks" after §8) on the
// `communes-test` dataset, and polygon filters (geofilter.polygon, ODSQL intersects()). Expected
// answers come from the fixture CSV read here (test/helpers/communes-test.ts) or are worked out by
// hand in the test, never from our own output.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { publishFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { writeTemporaryFile } from '../helpers/platform.js';
import { fixtureCommunes, publishCommunesTest, type FixtureCommune } from '../helpers/communes-test.js';

const SEARCH = '/api/records/1.0/search';
type V1Record = { datasetid: string; recordid: string; fields: Record<string, unknown>; geometry?: { type: string; coordinates: number[] }; record_timestamp: string };
type V1Facet = { name: string; count?: number; state: string; path: string; facets?: V1Facet[] };
type V1Body = { nhits: number; parameters: Record<string, unknown>; records: V1Record[]; facet_groups?: { name: string; facets: V1Facet[] }[] } & Record<string, unknown>;

const communes = fixtureCommunes();
const names = (rows: FixtureCommune[]) => rows.map((c) => c.nom).sort();
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Ray casting on [lat, lon] vertices, written here independently of the platform's. */
function inPolygon(c: FixtureCommune, vertices: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const [latI, lonI] = vertices[i]!;
    const [latJ, lonJ] = vertices[j]!;
    if (latI > c.lat !== latJ > c.lat && c.lon < ((lonJ - lonI) * (c.lat - latI)) / (latJ - latI) + lonI) inside = !inside;
  }
  return inside;
}

// An L: the west part from 47.0 to 47.4 north, a foot to the east from 47.0 to 47.1. Nantes
// (47.2184, -1.5536) is in its bounding box but not in the L: a box test alone would be wrong.
const L_SHAPE: [number, number][] = [
  [47.0, -2.0],
  [47.4, -2.0],
  [47.4, -1.6],
  [47.1, -1.6],
  [47.1, -1.3],
  [47.0, -1.3],
];
const inL = communes.filter((c) => inPolygon(c, L_SHAPE));
const inBoxOfL = communes.filter((c) => c.lat >= 47 && c.lat <= 47.4 && c.lon >= -2 && c.lon <= -1.3);

describe('v1 Search API on communes-test', () => {
  let setup: TestApp;

  before(async () => {
    setup = await testApp();
    await publishCommunesTest(setup.t.platform);
    await publishFile(setup.t.platform, { file: writeTemporaryFile('brouillon.csv', 'nom;population\nNantes;1\n'), datasetId: 'brouillon-v1', visibility: 'private' }, setup.t.platform.publishOptions);
  });
  after(async () => setup?.dispose());

  async function search(params: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<{ status: number; body: V1Body; headers: Record<string, unknown> }> {
    const query = new URLSearchParams({ dataset: 'communes-test' });
    for (const [key, value] of Object.entries(params)) {
      query.delete(key);
      for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
    }
    const response = await setup.app.inject({ url: `${SEARCH}?${query}`, headers });
    return { status: response.statusCode, body: response.json() as V1Body, headers: response.headers };
  }

  /** Every record name a search gives (rows=100 holds the 50). */
  async function namesOf(params: Record<string, string | string[]>): Promise<string[]> {
    const { status, body } = await search({ rows: '100', ...params });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.nhits, body.records.length);
    return body.records.map((r) => String(r.fields.nom)).sort();
  }

  test('the smoke check after §8: nhits, parameters, fields as v1 shows them, geometry, facet paths', async () => {
    const response = await setup.app.inject(`${SEARCH}/?dataset=communes-test&q=nantes&rows=5&facet=departement`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as V1Body;
    const words = (c: FixtureCommune) => fold([c.code_insee, c.nom, c.departement, ...c.tags].join(' ')).split(/[^\p{L}\p{N}]+/u);
    const matching = communes.filter((c) => words(c).some((w) => w.startsWith('nantes')));
    assert.equal(body.nhits, matching.length);
    assert.deepEqual(body.parameters, { dataset: 'communes-test', timezone: 'UTC', rows: 5, format: 'json', q: 'nantes', facet: ['departement'] });
    const nantes = body.records.find((r) => r.fields.code_insee === '44109');
    assert.ok(nantes, 'Nantes is found');
    assert.equal(nantes.datasetid, 'communes-test');
    assert.match(nantes.recordid, /^[0-9a-f]{40}$/);
    assert.deepEqual(nantes.fields.geo_point_2d, [47.2184, -1.5536], 'a point is [lat, lon]');
    assert.equal(nantes.fields.tags, 'Loire-Atlantique;Loire', 'a multivalued field is its joined text');
    assert.equal(nantes.fields.created_at, '2024-05-10T10:30:00+00:00', '11:30 at +01:00 is 10:30 UTC');
    assert.deepEqual((nantes.fields.geo_shape as { type: string }).type, 'Polygon', 'a shape is its GeoJSON geometry');
    assert.deepEqual(nantes.geometry, { type: 'Point', coordinates: [-1.5536, 47.2184] });
    assert.match(nantes.record_timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    const group = body.facet_groups?.find((g) => g.name === 'departement');
    assert.deepEqual(group?.facets, [{ name: '44', count: matching.filter((c) => c.departement === '44').length, state: 'displayed', path: '44' }]);
  });

  test('null fields are left out of fields; the same record keeps its recordid', async () => {
    const unknown = communes.find((c) => c.population === null);
    const { body } = await search({ q: `code_insee:${unknown?.code_insee}` });
    assert.equal(body.nhits, 1);
    assert.ok(!('population' in (body.records[0]?.fields ?? {})), 'no population key');
    const again = await search({ q: `code_insee:${unknown?.code_insee}`, fields: 'nom' });
    assert.equal(again.body.records[0]?.recordid, body.records[0]?.recordid);
    assert.deepEqual(again.body.records[0]?.fields, { nom: unknown?.nom }, 'fields= restricts the fields shown');
  });

  test('q: words, phrases, AND / OR / NOT, parentheses', async () => {
    const saint = communes.filter((c) => /(^|[^a-z])saint/.test(fold(c.nom)));
    assert.deepEqual(await namesOf({ q: 'saint' }), names(saint), 'a word matches word starts, accents and case aside');
    assert.deepEqual(await namesOf({ q: 'saint NOT sebastien' }), names(saint.filter((c) => !c.nom.includes('Sébastien'))));
    assert.deepEqual(await namesOf({ q: 'nantes OR rezé' }), ['Nantes', 'Rezé']);
    assert.deepEqual(await namesOf({ q: 'saint herblain' }), ['Saint-Herblain'], 'words side by side are ANDed');
    assert.deepEqual(await namesOf({ q: '"la roche"' }), ['La Roche-sur-Yon'], 'a phrase: its words, whole');
    assert.deepEqual(await namesOf({ q: '"roch"' }), [], 'a phrase is not a word start');
    assert.deepEqual(await namesOf({ q: '(departement:44 OR departement:85) AND littoral:true' }), names(communes.filter((c) => c.littoral)));
  });

  test('q: field queries on text, numbers, dates and booleans; #null()', async () => {
    assert.deepEqual(await namesOf({ q: 'departement:85' }), names(communes.filter((c) => c.departement === '85')));
    assert.deepEqual(await namesOf({ q: 'departement==85' }), names(communes.filter((c) => c.departement === '85')));
    assert.deepEqual(await namesOf({ q: 'population>=50000' }), names(communes.filter((c) => (c.population ?? 0) >= 50000)));
    assert.deepEqual(await namesOf({ q: 'population:[10000 TO 20000]' }), names(communes.filter((c) => c.population !== null && c.population >= 10000 && c.population <= 20000)));
    assert.deepEqual(await namesOf({ q: 'date_maj:2023' }), names(communes.filter((c) => c.date_maj.startsWith('2023'))));
    assert.deepEqual(await namesOf({ q: 'date_maj>=2024/06/01' }), names(communes.filter((c) => c.date_maj >= '2024-06-01')));
    assert.deepEqual(await namesOf({ q: 'date_maj:[2024/01 TO 2024/02]' }), names(communes.filter((c) => c.date_maj >= '2024-01-01' && c.date_maj < '2024-03-01')), 'an inclusive end takes its whole month');
    assert.deepEqual(await namesOf({ q: 'tags:Océan' }), names(communes.filter((c) => c.tags.includes('Océan'))), 'one of the values of a multivalued field');
    assert.deepEqual(await namesOf({ q: '#null(population)' }), names(communes.filter((c) => c.population === null)));
    assert.deepEqual(await namesOf({ q: 'departement:44', 'q.extra': 'littoral:true' }), names(communes.filter((c) => c.departement === '44' && c.littoral)), 'q.<suffix> is ANDed with q');
  });

  test('q: a malformed query or an unknown field is a v1 error that says where', async () => {
    const open = await search({ q: '(nantes' });
    assert.equal(open.status, 400);
    assert.deepEqual(open.body, {
      errorcode: 400,
      error: 'The q query is malformed at column 8: ")" expected.',
      error_fr: 'La requête q est mal formée à la colonne 8 : ")" attendu.',
      code: 'V1_QUERY_MALFORMED',
      location: { parameter: 'q', column: 8 },
    });
    const unknown = await search({ q: 'nantes AND foo:1' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, 'The q query is malformed at column 12: Unknown field: foo.');
    assert.equal((await search({ q: 'population>beaucoup' })).status, 400);
    assert.equal((await search({ q: `nom:"x' or 1=1 --"` })).body.nhits, 0, 'user text stays a value');
    const deep = await search({ q: `${'('.repeat(500)}nantes${')'.repeat(500)}` });
    assert.equal(deep.status, 400, 'nesting too deep is refused, not a crash');
    assert.equal(deep.body.code, 'V1_QUERY_MALFORMED');
    assert.deepEqual(await namesOf({ q: `${'('.repeat(20)}nantes${')'.repeat(20)}` }), ['Nantes']);
  });

  test('refine.<field> and exclude.<field>; disjunctive.<field>', async () => {
    const of44 = communes.filter((c) => c.departement === '44');
    assert.equal((await search({ 'refine.departement': '44' })).body.nhits, of44.length);
    assert.equal((await search({ 'exclude.departement': '44' })).body.nhits, communes.length - of44.length);
    assert.equal((await search({ 'refine.date_maj': '2024/05' })).body.nhits, communes.filter((c) => c.date_maj.startsWith('2024-05')).length);
    assert.equal((await search({ 'refine.littoral': 'true', 'refine.departement': '85' })).body.nhits, communes.filter((c) => c.littoral && c.departement === '85').length);
    assert.equal((await search({ 'refine.code_insee': ['44109', '44143'] })).body.nhits, 0, 'two refines on a conjunctive facet: both at once');
    assert.equal((await search({ 'refine.code_insee': ['44109', '44143'], 'disjunctive.code_insee': 'true' })).body.nhits, 2, 'disjunctive: either');
  });

  test('facets: counts over the chosen records, states, hierarchical date paths', async () => {
    const { body } = await search({ facet: ['date_maj', 'departement'], 'refine.date_maj': '2024', 'exclude.departement': '85' });
    const chosen = communes.filter((c) => c.date_maj.startsWith('2024') && c.departement !== '85');
    assert.equal(body.nhits, chosen.length);
    const dates = body.facet_groups?.find((g) => g.name === 'date_maj')?.facets ?? [];
    const year = dates.find((v) => v.path === '2024');
    assert.equal(year?.state, 'refined');
    assert.equal(year?.count, chosen.length);
    const months = new Map<string, number>();
    for (const c of chosen) months.set(c.date_maj.slice(0, 7).replace('-', '/'), (months.get(c.date_maj.slice(0, 7).replace('-', '/')) ?? 0) + 1);
    assert.deepEqual(year?.facets?.map((m) => [m.name, m.path, m.count, m.state]), [...months].sort().map(([path, n]) => [path.slice(5), path, n, 'displayed']));
    const departements = body.facet_groups?.find((g) => g.name === 'departement')?.facets;
    assert.deepEqual(departements, [
      { name: '44', count: chosen.length, state: 'displayed', path: '44' },
      { name: '85', state: 'excluded', path: '85' },
    ]);
    assert.equal((await search({})).body.facet_groups, undefined, 'faceting is off unless asked for');
  });

  test('rows and start page through the file order; rows=0 gives only nhits; the window is capped', async () => {
    const first = await search({});
    assert.equal(first.body.records.length, 10, 'rows is 10 by default');
    const page = await search({ rows: '3', start: '2' });
    assert.deepEqual(page.body.records.map((r) => r.fields.nom), communes.slice(2, 5).map((c) => c.nom));
    assert.equal(page.body.parameters.start, 2);
    const none = await search({ rows: '0', facet: 'departement' });
    assert.equal(none.body.nhits, 50);
    assert.deepEqual(none.body.records, []);
    assert.equal(none.body.facet_groups?.[0]?.facets.length, 2);
    const over = await search({ rows: '100', start: '9950' });
    assert.equal(over.status, 400);
    assert.equal(over.body.error, 'Invalid value for sum of start + rows API parameter: 10050 was found but <= 10000 is expected.');
    assert.equal((await search({ rows: '-1' })).status, 400);
  });

  test('sort: a field is descending, -field ascending; nulls last both ways', async () => {
    const known = communes.filter((c) => c.population !== null);
    const down = (await search({ sort: 'population', rows: '100' })).body.records.map((r) => r.fields.population ?? null);
    assert.deepEqual(down, [...known.map((c) => c.population).sort((a, b) => (b ?? 0) - (a ?? 0)), ...communes.filter((c) => c.population === null).map(() => null)]);
    const up = (await search({ sort: '-population', rows: '100' })).body.records.map((r) => r.fields.population ?? null);
    assert.deepEqual(up, [...known.map((c) => c.population).sort((a, b) => (a ?? 0) - (b ?? 0)), ...communes.filter((c) => c.population === null).map(() => null)]);
    const byName = (await search({ sort: '-nom', rows: '3' })).body.records.map((r) => r.fields.nom);
    assert.deepEqual(byName, communes.map((c) => c.nom).sort().slice(0, 3));
    assert.equal((await search({ sort: 'foo' })).status, 400);
  });

  test('geofilter.distance: lat,lon,metres around Nantes', async () => {
    const rad = Math.PI / 180;
    const metres = (c: FixtureCommune) => 2 * 6371008.8 * Math.asin(Math.sqrt(Math.sin(((c.lat - 47.2184) * rad) / 2) ** 2 + Math.cos(47.2184 * rad) * Math.cos(c.lat * rad) * Math.sin(((c.lon + 1.5536) * rad) / 2) ** 2));
    const near = communes.filter((c) => metres(c) <= 10_000);
    assert.ok(near.length > 1 && near.length < 50);
    assert.deepEqual(await namesOf({ 'geofilter.distance': '47.2184,-1.5536,10000' }), names(near));
    assert.equal((await search({ 'geofilter.distance': '47.2184,-1.5536' })).status, 400);
  });

  test('geofilter.polygon: the points inside, not those of its bounding box only', async () => {
    assert.ok(inL.length > 0 && inBoxOfL.length > inL.length, 'the fixture tells the L from its box');
    const polygon = L_SHAPE.map(([lat, lon]) => `(${lat},${lon})`).join(',');
    assert.deepEqual(await namesOf({ 'geofilter.polygon': polygon }), names(inL));
    assert.deepEqual(await namesOf({ 'geofilter.polygon': `(${polygon})`, q: 'departement:44' }), names(inL.filter((c) => c.departement === '44')), 'outer parentheses, and with q');
    assert.deepEqual(await namesOf({ q: `#polygon(geo_point_2d, "${polygon}")` }), names(inL), 'the #polygon() of q');
    const bad = await search({ 'geofilter.polygon': '(47,-2),(47.4,-2)' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.location, { parameter: 'geofilter.polygon' });
  });

  test('timezone renders datetimes; lang is echoed; format=geojson', async () => {
    const paris = await search({ q: 'code_insee:44109', timezone: 'Europe/Paris', lang: 'en' });
    assert.equal(paris.body.records[0]?.fields.created_at, '2024-05-10T12:30:00+02:00');
    assert.equal(paris.body.parameters.timezone, 'Europe/Paris');
    assert.equal(paris.body.parameters.lang, 'en');
    const newYork = await search({ q: 'code_insee:44109', timezone: 'America/New_York' });
    assert.equal(newYork.body.records[0]?.fields.created_at, '2024-05-10T06:30:00-04:00');
    assert.equal((await search({ timezone: 'Mars/Olympus' })).status, 400);
    const geo = await setup.app.inject(`${SEARCH}?dataset=communes-test&q=code_insee:44109&format=geojson`);
    assert.equal(geo.headers['content-type'], 'application/geo+json; charset=utf-8');
    const collection = geo.json() as { type: string; features: { geometry: unknown; properties: Record<string, unknown> }[] };
    assert.equal(collection.type, 'FeatureCollection');
    assert.deepEqual(collection.features[0]?.geometry, { type: 'Point', coordinates: [-1.5536, 47.2184] });
    assert.equal(collection.features[0]?.properties.nom, 'Nantes');
    assert.equal((await search({ format: 'rss' })).status, 400);
  });

  test('POST with a form body answers like GET; CORS headers and the preflight', async () => {
    const form = new URLSearchParams({ dataset: 'communes-test', q: 'departement:85', rows: '2' });
    const posted = await setup.app.inject({ method: 'POST', url: `${SEARCH}/`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    assert.equal(posted.statusCode, 200, posted.body);
    const got = await search({ q: 'departement:85', rows: '2' });
    assert.deepEqual(posted.json(), got.body);
    const json = await setup.app.inject({ method: 'POST', url: SEARCH, payload: { dataset: 'communes-test', q: 'departement:85', rows: 2 } });
    assert.deepEqual(json.json(), got.body, 'or a JSON body');
    const pretty = await setup.app.inject(`${SEARCH}?dataset=communes-test&rows=1&pretty_print=true`);
    assert.match(pretty.body, /^\{\n {4}"nhits": 50,\n/, 'pretty_print indents');
    assert.equal(pretty.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(got.headers['access-control-allow-origin'], '*');
    const preflight = await setup.app.inject({ method: 'OPTIONS', url: `${SEARCH}/`, headers: { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'ods-widgets-version' } });
    assert.equal(preflight.statusCode, 204);
    assert.match(String(preflight.headers['access-control-allow-headers']), /ODS-Widgets-Version/);
  });

  test('an unknown dataset, or none: v1 errors', async () => {
    const unknown = await search({ dataset: 'nope' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, {
      errorcode: 404,
      error: 'The requested dataset nope does not exist.',
      error_fr: "Le jeu de données demandé nope n'existe pas.",
      code: 'DATASET_NOT_FOUND',
    });
    assert.equal(unknown.headers['access-control-allow-origin'], '*', 'errors carry CORS too');
    const none = await setup.app.inject(SEARCH);
    assert.equal(none.statusCode, 400);
    assert.equal(none.json().error, 'The dataset API parameter is required.');
    const portal = await setup.app.inject(`/portals/nope${SEARCH}?dataset=communes-test`);
    assert.equal(portal.statusCode, 404, 'the route answers under a portal prefix too');
    assert.equal(portal.json().code, 'PORTAL_NOT_FOUND');
  });

  test('a private dataset is answered exactly like a missing one without rights', async () => {
    const hidden = await search({ dataset: 'brouillon-v1', q: 'nantes' });
    assert.equal(hidden.status, 404);
    const missing = await search({ dataset: 'brouillon-v2', q: 'nantes' });
    assert.equal(hidden.body.error, String(missing.body.error).replace('brouillon-v2', 'brouillon-v1'));
    const operator = await search({ dataset: 'brouillon-v1', q: 'nantes' }, setup.headers);
    assert.equal(operator.status, 200);
    assert.equal(operator.body.nhits, 1);
    assert.equal(operator.headers['cache-control'], 'private, no-cache');
  });
});

describe('ODSQL polygons on geo_point_2d', () => {
  let setup: TestApp;
  const RECORDS = '/api/explore/v2.1/catalog/datasets/communes-test/records';
  before(async () => {
    setup = await testApp();
    await publishCommunesTest(setup.t.platform);
  });
  after(async () => setup?.dispose());

  const wkt = `POLYGON((${[...L_SHAPE, L_SHAPE[0]!].map(([lat, lon]) => `${lon} ${lat}`).join(', ')}))`;
  const geojson = JSON.stringify({ type: 'Polygon', coordinates: [L_SHAPE.map(([lat, lon]) => [lon, lat])] });

  async function namesWhere(where: string): Promise<{ status: number; names: string[]; body: Record<string, unknown> }> {
    const response = await setup.app.inject(`${RECORDS}?${new URLSearchParams({ where, select: 'nom', limit: '100' })}`);
    const body = response.json() as { results?: { nom: string }[] } & Record<string, unknown>;
    return { status: response.statusCode, names: (body.results ?? []).map((r) => r.nom).sort(), body };
  }

  test('intersects() with a WKT or a GeoJSON polygon; within(), disjoint(), geometry() and polygon()', async () => {
    assert.deepEqual((await namesWhere(`intersects(geo_point_2d, geom'${wkt}')`)).names, names(inL));
    assert.deepEqual((await namesWhere(`intersects(geo_point_2d, geom'${geojson}')`)).names, names(inL));
    assert.deepEqual((await namesWhere(`within(geo_point_2d, geom'${wkt}')`)).names, names(inL));
    assert.deepEqual((await namesWhere(`disjoint(geo_point_2d, geom'${wkt}')`)).names, names(communes.filter((c) => !inPolygon(c, L_SHAPE))));
    assert.deepEqual((await namesWhere(`geometry(geo_point_2d, geom'${wkt}', DISJOINT)`)).names, names(communes.filter((c) => !inPolygon(c, L_SHAPE))));
    assert.deepEqual((await namesWhere(`geometry(geo_point_2d, geom'${wkt}')`)).names, names(inL), 'two arguments: INTERSECTS');
    assert.deepEqual((await namesWhere(`polygon(geo_point_2d, geom'${wkt}') and departement = "44"`)).names, names(inL.filter((c) => c.departement === '44')));
  });

  test('a polygon with a hole, and a MultiPolygon', async () => {
    // The box 46.9–47.3 × -1.95…-1.45 less a hole 47.15–47.25 × -1.6…-1.5 (around Nantes).
    const outer: [number, number][] = [[46.9, -1.95], [47.3, -1.95], [47.3, -1.45], [46.9, -1.45]];
    const hole: [number, number][] = [[47.15, -1.6], [47.25, -1.6], [47.25, -1.5], [47.15, -1.5]];
    const ring = (vertices: [number, number][]) => `(${[...vertices, vertices[0]!].map(([lat, lon]) => `${lon} ${lat}`).join(', ')})`;
    const expected = communes.filter((c) => inPolygon(c, outer) && !inPolygon(c, hole));
    assert.ok(expected.length > 0 && communes.some((c) => inPolygon(c, hole)), 'the hole holds a commune');
    assert.deepEqual((await namesWhere(`intersects(geo_point_2d, geom'POLYGON(${ring(outer)}, ${ring(hole)})')`)).names, names(expected));
    const both = `MULTIPOLYGON((${ring(hole)}), (${ring(L_SHAPE)}))`;
    assert.deepEqual((await namesWhere(`intersects(geo_point_2d, geom'${both}')`)).names, names(communes.filter((c) => inPolygon(c, hole) || inPolygon(c, L_SHAPE))));
  });

  test('a geometry that is not a polygon is a 400 ODSQLError naming where', async () => {
    for (const where of [`intersects(geo_point_2d, geom'POINT(-1.5 47.2)')`, `intersects(geo_point_2d, geom'POLYGON((0 0, 1 1))')`, `intersects(geo_point_2d, geom'POLYGON((0 0, 1 1, 1 0); drop')`, `geometry(geo_point_2d, geom'${wkt}', TOUCHES)`, `intersects(nom, geom'${wkt}')`]) {
      const { status, body } = await namesWhere(where);
      assert.equal(status, 400, where);
      assert.equal(body.error_code, 'ODSQLError', where);
      assert.match(String(body.message), /Clause\(s\) containing the error\(s\): where\.$/, where);
    }
  });
});
