// geo_cluster(f, zoom[, precision]) in group_by (ODS §5.6): points grouped by the cells of a
// Web-Mercator tile grid at zoom + precision, keyed by the mean of their points and the cell's box.
// Expected clusters are worked out here from the generated points with the slippy-map tile formula
// (OpenStreetMap's), never from the API's output.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { publishFile } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { fixtureCommunes, publishCommunesTest } from '../helpers/communes-test.js';
import { writeTemporaryFile } from '../helpers/platform.js';

const BASE = '/api/explore/v2.1/catalog/datasets';

interface Point {
  id: number;
  categorie: string;
  lat: number;
  lon: number;
}
interface ClusterKey {
  lon: number;
  lat: number;
  bbox: [number, number, number, number];
}
interface Cluster {
  c: ClusterKey | null;
  n: number;
}

/** 3,000 points (a pseudo-random sequence, the same every run) around three towns and scattered over the region. */
function points(): Point[] {
  let seed = 20261202;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const towns = [
    [47.2184, -1.5536],
    [47.4784, -0.5632],
    [48.0061, 0.1996],
  ] as const;
  const list: Point[] = [];
  for (let id = 0; id < 3000; id += 1) {
    const town = towns[id % 4];
    const [lat, lon] = town ? [town[0] + (random() - 0.5) * 0.2, town[1] + (random() - 0.5) * 0.3] : [46.3 + random() * 2.3, -2.5 + random() * 3];
    list.push({ id, categorie: ['arbre', 'banc', 'fontaine'][id % 3] ?? 'arbre', lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 });
  }
  return list;
}

/** The tile of zoom `z` holding the point (the slippy-map formula), and its box [west, south, east, north]. */
function tileOf(lat: number, lon: number, z: number): { key: string; bbox: [number, number, number, number] } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  const latOf = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return { key: `${x}/${y}`, bbox: [(x / n) * 360 - 180, latOf(y + 1), ((x + 1) / n) * 360 - 180, latOf(y)] };
}

/** The clusters a user expects: per tile of zoom + precision, the count and the mean of the points. */
function expectedClusters(list: { lat: number; lon: number }[], zoomPlusPrecision: number): Map<string, { n: number; lon: number; lat: number; bbox: number[] }> {
  const cells = new Map<string, { n: number; lon: number; lat: number; bbox: number[] }>();
  for (const p of list) {
    const { key, bbox } = tileOf(p.lat, p.lon, zoomPlusPrecision);
    const cell = cells.get(key) ?? { n: 0, lon: 0, lat: 0, bbox };
    cell.n += 1;
    cell.lon += p.lon;
    cell.lat += p.lat;
    cells.set(key, cell);
  }
  for (const cell of cells.values()) {
    cell.lon /= cell.n;
    cell.lat /= cell.n;
  }
  return cells;
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe('geo_cluster() in group_by', () => {
  let setup: TestApp;
  const list = points();

  before(async () => {
    setup = await testApp();
    const platform = setup.t.platform;
    await publishCommunesTest(platform);
    // Ten records without a point: the null group.
    const lines = ['id,categorie,geo', ...list.map((p) => `${p.id},${p.categorie},"${p.lat}, ${p.lon}"`), ...Array.from({ length: 10 }, (_, i) => `${3000 + i},banc,`)];
    await publishFile(platform, { file: writeTemporaryFile('mobilier.csv', lines.join('\n')), datasetId: 'mobilier', read: { types: { id: 'int', categorie: 'text', geo: 'geo_point_2d' } } }, platform.publishOptions);
  });
  after(async () => setup?.dispose());

  async function get(dataset: string, params: Record<string, string | string[]>): Promise<{ status: number; body: { total_count?: number; results?: Cluster[]; message?: string; message_fr?: string; location?: { parameter: string; column: number } } }> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) query.append(key, v);
    const response = await setup.app.inject(`${BASE}/${dataset}/records?${query.toString()}`);
    return { status: response.statusCode, body: response.json() };
  }

  /** Checks an answer's clusters against the expected ones, cell by cell (a cell is known by its box). */
  function assertClusters(results: Cluster[], expected: ReturnType<typeof expectedClusters>): void {
    const drawn = results.filter((r) => r.c !== null);
    assert.equal(drawn.length, expected.size, 'one cluster per occupied cell');
    for (const cell of expected.values()) {
      const found = drawn.find((r) => r.c && r.c.bbox.every((v, i) => close(v, cell.bbox[i] ?? NaN)));
      assert.ok(found, `a cluster for the cell ${JSON.stringify(cell.bbox)}`);
      assert.equal(found.n, cell.n);
      assert.ok(close(found.c?.lon ?? NaN, cell.lon) && close(found.c?.lat ?? NaN, cell.lat), `centre ${JSON.stringify(found.c)} is the mean ${cell.lon}, ${cell.lat}`);
    }
  }

  test('clusters are the occupied cells: counts, mean centres and cell boxes as worked out from the points', async () => {
    const { status, body } = await get('mobilier', { select: 'count(*) as n', group_by: 'geo_cluster(geo, 7) as c', limit: '20000' });
    assert.equal(status, 200, JSON.stringify(body));
    // Default precision 3: the tiles of zoom 10.
    assertClusters(body.results ?? [], expectedClusters(list, 10));
    // The records without a point make the null group, first (§5.3, §5.6).
    assert.deepEqual(body.results?.[0], { c: null, n: 10 });
    assert.equal(body.total_count, expectedClusters(list, 10).size + 1);
  });

  test('with where (the viewport) and refine, the counts add up to the records chosen', async () => {
    const viewport = 'in_bbox(geo, 47.0, -2.0, 47.6, -0.3)';
    const { status, body } = await get('mobilier', { select: 'count(*) as n', group_by: 'geo_cluster(geo, 9, 2) as c', where: viewport, refine: 'categorie:banc', limit: '20000' });
    assert.equal(status, 200, JSON.stringify(body));
    const chosen = list.filter((p) => p.categorie === 'banc' && p.lat >= 47 && p.lat <= 47.6 && p.lon >= -2 && p.lon <= -0.3);
    const total = (body.results ?? []).reduce((sum, r) => sum + r.n, 0);
    assert.equal(total, chosen.length);
    // The same filters without group_by count the same records.
    const plain = await get('mobilier', { where: viewport, refine: 'categorie:banc', limit: '1' });
    assert.equal(plain.body.total_count, total);
    assertClusters(body.results ?? [], expectedClusters(chosen, 11));
  });

  test('beside another key: clusters per value of the other key', async () => {
    const { status, body } = await get('mobilier', { select: 'count(*) as n', group_by: 'categorie, geo_cluster(geo, 4) as c', where: 'geo is not null', limit: '20000' });
    assert.equal(status, 200, JSON.stringify(body));
    const rows = (body.results ?? []) as (Cluster & { categorie: string })[];
    for (const categorie of ['arbre', 'banc', 'fontaine']) {
      const mine = list.filter((p) => p.categorie === categorie);
      const groups = rows.filter((r) => r.categorie === categorie);
      assert.equal(groups.reduce((s, r) => s + r.n, 0), mine.length);
      assertClusters(groups, expectedClusters(mine, 7));
    }
  });

  test('a higher zoom gives more, smaller clusters, each inside a cluster of the zoom below', async () => {
    const byZoom: Cluster[][] = [];
    for (const zoom of [3, 6, 9, 12]) {
      const { status, body } = await get('mobilier', { select: 'count(*) as n', group_by: `geo_cluster(geo, ${zoom}) as c`, where: 'geo is not null', limit: '20000' });
      assert.equal(status, 200, JSON.stringify(body));
      byZoom.push(body.results ?? []);
    }
    for (let i = 1; i < byZoom.length; i += 1) {
      const [coarse, fine] = [byZoom[i - 1] ?? [], byZoom[i] ?? []];
      assert.ok(fine.length > coarse.length, `${fine.length} clusters > ${coarse.length}`);
      const width = (c: Cluster) => (c.c ? c.c.bbox[2] - c.c.bbox[0] : NaN);
      assert.ok(close(width(fine[0]!) * 8, width(coarse[0]!)), 'three zoom levels up, cells are 8 times narrower');
      for (const f of fine) {
        const parent = coarse.find((c) => c.c && f.c && f.c.bbox[0] >= c.c.bbox[0] - 1e-9 && f.c.bbox[2] <= c.c.bbox[2] + 1e-9 && f.c.bbox[1] >= c.c.bbox[1] - 1e-9 && f.c.bbox[3] <= c.c.bbox[3] + 1e-9);
        assert.ok(parent, 'a fine cell lies in a coarse one');
      }
      assert.equal(fine.reduce((s, c) => s + c.n, 0), 3000);
    }
  });

  test('order_by an aggregate and limit, as with any key: the biggest clusters first', async () => {
    const { status, body } = await get('mobilier', { select: 'count(*) as n', group_by: 'geo_cluster(geo, 8) as c', where: 'geo is not null', order_by: 'n desc', limit: '3' });
    assert.equal(status, 200, JSON.stringify(body));
    const counts = [...expectedClusters(list, 11).values()].map((c) => c.n).sort((a, b) => b - a);
    assert.deepEqual(body.results?.map((r) => r.n), counts.slice(0, 3));
    assert.equal(body.total_count, counts.length);
  });

  test('a geo_shape field clusters at the centre of each shape’s box; precision and radius= name the cells’ size', async () => {
    const communes = fixtureCommunes();
    // communes-test's shapes are squares centred on the commune's point.
    for (const [groupBy, level] of [['geo_cluster(geo_shape, 6, 2)', 8], ['geo_cluster(geo_shape, 6, radius=40)', 9], ['geo_cluster(geo_shape, 6, precision=0)', 6]] as const) {
      const { status, body } = await get('communes-test', { select: 'count(*) as n', group_by: `${groupBy} as c`, limit: '1000' });
      assert.equal(status, 200, JSON.stringify(body));
      assertClusters(body.results ?? [], expectedClusters(communes, level));
    }
    // The point field gives the same clusters.
    const shapes = await get('communes-test', { select: 'count(*) as n', group_by: 'geo_cluster(geo_shape, 10) as c', limit: '1000' });
    const points = await get('communes-test', { select: 'count(*) as n', group_by: 'geo_cluster(geo_point_2d, 10) as c', limit: '1000' });
    assert.equal(shapes.body.results?.length, points.body.results?.length);
    shapes.body.results?.forEach((s, i) => {
      const p = points.body.results?.[i];
      assert.ok(s.n === p?.n && close(s.c?.lon ?? NaN, p.c?.lon ?? NaN) && close(s.c?.lat ?? NaN, p.c?.lat ?? NaN));
    });
  });

  test('the key is drawable: a GeoJSON export has one Point per cluster with its count', async () => {
    const query = new URLSearchParams({ select: 'count(*) as n', group_by: 'geo_cluster(geo, 5) as c', where: 'geo is not null' });
    const response = await setup.app.inject(`${BASE}/mobilier/exports/geojson?${query.toString()}`);
    assert.equal(response.statusCode, 200, response.body);
    const collection = JSON.parse(response.body) as { features: { geometry: { type: string; coordinates: number[] }; properties: { n: number } }[] };
    const expected = expectedClusters(list, 8);
    assert.equal(collection.features.length, expected.size);
    assert.equal(collection.features.reduce((s, f) => s + f.properties.n, 0), 3000);
    for (const f of collection.features) {
      assert.equal(f.geometry.type, 'Point');
      assert.ok([...expected.values()].some((c) => close(c.lon, f.geometry.coordinates[0] ?? NaN) && close(c.lat, f.geometry.coordinates[1] ?? NaN)));
    }
  });

  test('a zoom or precision out of range, a field that is not geo, geo_cluster outside group_by: 400s that name the column, in French too', async () => {
    for (const [params, at, words] of [
      [{ group_by: 'geo_cluster(geo, 26)' }, 'geo_cluster(geo, '.length, 'zoom of geo_cluster() must be a whole number from 0 to 25'],
      [{ group_by: 'geo_cluster(geo, 5.5)' }, 'geo_cluster(geo, '.length, 'zoom of geo_cluster()'],
      [{ group_by: 'geo_cluster(geo, -1)' }, 'geo_cluster(geo, '.length, 'zoom of geo_cluster()'],
      [{ group_by: 'geo_cluster(geo, "5")' }, 'geo_cluster(geo, '.length, 'zoom of geo_cluster()'],
      [{ group_by: 'geo_cluster(geo, 5, 9)' }, 'geo_cluster(geo, 5, '.length, 'precision of geo_cluster() must be a whole number from 0 to 8'],
      [{ group_by: 'geo_cluster(geo, 5, 2, radius=40)' }, 'geo_cluster(geo, 5, 2, radius='.length, 'one precision or one radius'],
      [{ group_by: 'categorie, geo_cluster(categorie, 5)' }, 'categorie, geo_cluster('.length, 'takes a geo_point_2d or geo_shape field'],
      [{ group_by: 'geo_cluster(geo)' }, 'geo_cluster('.length, 'takes a geo field and a zoom'],
      [{ where: 'geo_cluster(geo, 5) is null' }, 0, 'only allowed in group_by'],
    ] as const) {
      const { status, body } = await get('mobilier', params);
      assert.equal(status, 400, JSON.stringify(params));
      assert.ok(body.message?.includes(words), `${JSON.stringify(params)}: ${body.message}`);
      assert.ok(body.message_fr?.includes('geo_cluster()') || body.message_fr?.includes('zoom'), body.message_fr);
      assert.deepEqual(body.location, { parameter: 'where' in params ? 'where' : 'group_by', column: at + 1 }, JSON.stringify(params));
    }
  });
});
