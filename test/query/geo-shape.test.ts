// ODSQL geo functions on geo_shape fields (ODS Explore v2.1 §5.5, §8 case 27): intersects, within,
// disjoint, in_bbox, within_distance and distance() on the shapes of communes-test (squares around
// each commune's point) and of test/fixtures/shapes-test.csv (an L, a ring with a hole, two squares
// apart, a line, a point, a collection, a record without shape). Expected answers are worked out
// here from the fixtures' GeoJSON with a small geometry of our own, never from the API's output.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { datasetScope, PLATFORM } from '../../src/auth/index.js';
import { getDataset, getVersion } from '../../src/catalog/index.js';
import { compactDataset, publishFile, pushRecords } from '../../src/ingest/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { COMMUNES_TEST_FILE, publishCommunesTest } from '../helpers/communes-test.js';

type Position = [number, number];
interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}
type Row = Record<string, unknown>;

const SHAPES_FILE = new URL('../fixtures/shapes-test.csv', import.meta.url).pathname;
const BOX_COLUMNS = ['geo_shape__xmin', 'geo_shape__ymin', 'geo_shape__xmax', 'geo_shape__ymax'];

/** The rows of a fixture CSV with their shape, as a person reading the file would take them. */
function shapesOf(file: string): { nom: string; shape: Geometry | null; departement?: string }[] {
  const rows = parse(fs.readFileSync(file), { columns: true }) as Record<string, string>[];
  return rows.map((row) => ({ nom: row.nom ?? '', shape: row.geo_shape ? (JSON.parse(row.geo_shape) as Geometry) : null, departement: row.departement }));
}

// --- A small geometry, for the expected answers ---

/** Rings (of polygons), lines and points of a GeoJSON geometry. */
function partsOf(g: Geometry): { rings: Position[][]; lines: Position[][]; points: Position[] } {
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Polygon':
      return { rings: c, lines: [], points: [] };
    case 'MultiPolygon':
      return { rings: (c as Position[][][]).flat(), lines: [], points: [] };
    case 'LineString':
      return { rings: [], lines: [c], points: [] };
    case 'Point':
      return { rings: [], lines: [], points: [c] };
    case 'GeometryCollection': {
      const parts = (g.geometries ?? []).map(partsOf);
      return { rings: parts.flatMap((p) => p.rings), lines: parts.flatMap((p) => p.lines), points: parts.flatMap((p) => p.points) };
    }
    default:
      throw new Error(`no ${g.type} in the fixtures`);
  }
}

function edgesOf(g: Geometry): [Position, Position][] {
  const { rings, lines, points } = partsOf(g);
  const path = (p: Position[]) => p.slice(1).map((b, i) => [p[i] as Position, b] as [Position, Position]);
  return [...rings.flatMap(path), ...lines.flatMap(path), ...points.map((p) => [p, p] as [Position, Position])];
}

/** Even-odd rule: a ray to the east crosses an odd number of edges. */
function inRings([x, y]: Position, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as Position;
      const [xj, yj] = ring[j] as Position;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const cross = (o: Position, a: Position, b: Position) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
const between = (p: Position, a: Position, b: Position) => p[0] >= Math.min(a[0], b[0]) && p[0] <= Math.max(a[0], b[0]) && p[1] >= Math.min(a[1], b[1]) && p[1] <= Math.max(a[1], b[1]);

function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const [d1, d2, d3, d4] = [cross(c, d, a), cross(c, d, b), cross(a, b, c), cross(a, b, d)];
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && between(a, c, d)) || (d2 === 0 && between(b, c, d)) || (d3 === 0 && between(c, a, b)) || (d4 === 0 && between(d, a, b));
}

function meetsPoint(g: Geometry, p: Position): boolean {
  return inRings(p, partsOf(g).rings) || edgesOf(g).some(([a, b]) => Math.abs(cross(a, b, p)) < 1e-15 && between(p, a, b));
}

function meetsPolygon(g: Geometry, polygon: Position[][]): boolean {
  const literal = edgesOf({ type: 'Polygon', coordinates: polygon });
  const shapeEdges = edgesOf(g);
  return (
    shapeEdges.some(([a, b]) => literal.some(([c, d]) => segmentsMeet(a, b, c, d))) ||
    shapeEdges.some(([a]) => inRings(a, polygon)) ||
    polygon.flat().some((v) => inRings(v, partsOf(g).rings))
  );
}

const rad = Math.PI / 180;
const haversine = ([lon1, lat1]: Position, [lon2, lat2]: Position) =>
  2 * 6371008.8 * Math.asin(Math.sqrt(Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2));

/** Metres from p to an axis-aligned square (a communes-test shape): to its nearest point, 0 inside. */
function squareDistance(g: Geometry, p: Position): number {
  const corners = partsOf(g).rings.flat();
  const [xs, ys] = [corners.map((c) => c[0]), corners.map((c) => c[1])];
  const nearest: Position = [Math.min(Math.max(p[0], Math.min(...xs)), Math.max(...xs)), Math.min(Math.max(p[1], Math.min(...ys)), Math.max(...ys))];
  return haversine(p, nearest);
}

const names = (rows: { nom: string }[]) => rows.map((r) => r.nom).sort();
const wkt = (ring: Position[]) => `geom'POLYGON((${ring.map(([x, y]) => `${x} ${y}`).join(', ')}))'`;

describe('geo functions on geo_shape fields', () => {
  let setup: TestApp;
  let app: FastifyInstance;
  const communes = shapesOf(COMMUNES_TEST_FILE);
  const shapes = shapesOf(SHAPES_FILE);
  const withShape = shapes.filter((s) => s.shape !== null);

  before(async () => {
    setup = await testApp();
    app = setup.app;
    await publishCommunesTest(setup.t.platform);
    await publishFile(setup.t.platform, { file: SHAPES_FILE, datasetId: 'formes' }, setup.t.platform.publishOptions);
  });
  after(async () => setup?.dispose());

  async function get(path: string, params: Record<string, string>): Promise<{ status: number; body: Row & { total_count: number; results: Row[] } }> {
    const response = await app.inject(`/api/explore/v2.1/catalog/datasets/${path}?${new URLSearchParams(params)}`);
    return { status: response.statusCode, body: response.json() };
  }

  /** The names a where clause selects; the total_count must be the page's length (every row fits in it). */
  async function namesWhere(where: string, dataset = 'communes-test'): Promise<string[]> {
    const { status, body } = await get(`${dataset}/records`, { where, select: 'nom', limit: '100' });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.total_count, body.results.length, where);
    return body.results.map((r) => String(r.nom)).sort();
  }

  test('#27 a point literal intersects exactly the commune whose polygon holds it', async () => {
    const point: Position = [-1.5536, 47.2184];
    const expected = names(communes.filter((c) => c.shape && meetsPoint(c.shape, point)));
    assert.deepEqual(expected, ['Nantes']);
    assert.deepEqual(await namesWhere(`intersects(geo_shape, geom'{"type":"Point","coordinates":[-1.5536,47.2184]}')`), expected);
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-1.5536 47.2184)')"), expected, 'the same point in WKT');
    assert.deepEqual(await namesWhere("geometry(geo_shape, geom'POINT(-1.5536 47.2184)', INTERSECTS)"), expected, 'the legacy name');
  });

  test('points between, on and across the communes’ squares find the squares that hold them', async () => {
    // Saint-Herblain and Vallet overlap; a point on Nantes's west edge; one in no square.
    for (const point of [[-1.645, 47.215], [-1.5636, 47.22], [-1.7, 47.5], [-1.5436, 47.2284]] as Position[]) {
      const expected = names(communes.filter((c) => c.shape && meetsPoint(c.shape, point)));
      assert.deepEqual(await namesWhere(`intersects(geo_shape, geom'POINT(${point[0]} ${point[1]})')`), expected, `${point}`);
    }
    assert.ok(names(communes.filter((c) => c.shape && meetsPoint(c.shape, [-1.645, 47.215]))).length >= 2, 'the fixture has overlapping squares');
  });

  test('a polygon literal: the shapes it intersects, those within it, those disjoint from it', async () => {
    const triangle: Position[] = [[-1.7, 47.1], [-1.45, 47.18], [-1.6, 47.3], [-1.7, 47.1]];
    const meeting = names(communes.filter((c) => c.shape && meetsPolygon(c.shape, [triangle])));
    assert.ok(meeting.length > 2 && meeting.length < 50, 'the triangle meets some squares only');
    assert.deepEqual(await namesWhere(`intersects(geo_shape, ${wkt(triangle)})`), meeting);
    assert.deepEqual(await namesWhere(`disjoint(geo_shape, ${wkt(triangle)})`), names(communes.filter((c) => c.shape && !meetsPolygon(c.shape, [triangle]))));
    // A convex literal: a square is within it when its four corners are.
    const within = names(communes.filter((c) => c.shape && partsOf(c.shape).rings.flat().every((corner) => inRings(corner, [triangle]))));
    assert.ok(within.length > 0 && within.length < meeting.length, 'some squares are within, others only cross it');
    assert.deepEqual(await namesWhere(`within(geo_shape, ${wkt(triangle)})`), within);
    assert.deepEqual(await namesWhere(`geometry(geo_shape, geom'${JSON.stringify({ type: 'Polygon', coordinates: [triangle] })}', WITHIN)`), within, 'a GeoJSON polygon, the legacy name');
  });

  test('in_bbox on shapes: the shapes that meet the box', async () => {
    const [south, west, north, east] = [47.0, -2.0, 47.2, -1.55];
    // The squares are boxes: one meets the box when their ranges overlap on both axes.
    const expected = names(
      communes.filter((c) => {
        const corners = c.shape ? partsOf(c.shape).rings.flat() : [];
        const [xs, ys] = [corners.map((p) => p[0]), corners.map((p) => p[1])];
        return corners.length > 0 && Math.max(...xs) >= west && Math.min(...xs) <= east && Math.max(...ys) >= south && Math.min(...ys) <= north;
      }),
    );
    assert.ok(expected.length > 0 && expected.length < communes.length);
    assert.deepEqual(await namesWhere(`in_bbox(geo_shape, ${south}, ${west}, ${north}, ${east})`), expected);
    assert.deepEqual(await namesWhere(`in_bbox(geo_shape, ${north}, ${east}, ${south}, ${west})`), expected, 'corners in either order');
  });

  test('within_distance on shapes: the distance from the point to the shape, 0 inside it', async () => {
    const centre: Position = [-1.5536, 47.2184];
    const metres = 6000;
    const distances = communes.map((c) => ({ nom: c.nom, d: c.shape ? squareDistance(c.shape, centre) : Infinity }));
    // No square lies within a metre of the circle, where rounding could tell them apart.
    assert.ok(distances.every((c) => Math.abs(c.d - metres) > 1));
    const expected = names(distances.filter((c) => c.d <= metres));
    assert.ok(expected.length > 1 && expected.length < 50);
    assert.deepEqual(await namesWhere(`within_distance(geo_shape, geom'POINT(${centre[0]} ${centre[1]})', ${metres / 1000}km)`), expected);
    // distance() as a value: 0 for Nantes (its square holds the centre), the others to the metre.
    const { body } = await get('communes-test/records', { select: `nom, distance(geo_shape, geom'POINT(${centre[0]} ${centre[1]})') as d`, order_by: 'd', limit: '5' });
    const nearest = [...distances].sort((a, b) => a.d - b.d).slice(0, 5);
    assert.deepEqual(body.results.map((r) => r.nom), nearest.map((c) => c.nom));
    body.results.forEach((r, i) => assert.ok(Math.abs(Number(r.d) - (nearest[i]?.d ?? NaN)) < 0.01, `${r.nom}: ${r.d}`));
    assert.equal(body.results[0]?.d, 0);
  });

  test('counts, facets and exports follow the shape filter', async () => {
    const triangle: Position[] = [[-1.7, 47.1], [-1.45, 47.18], [-1.6, 47.3], [-1.7, 47.1]];
    const where = `intersects(geo_shape, ${wkt(triangle)})`;
    const chosen = communes.filter((c) => c.shape && meetsPolygon(c.shape, [triangle]));
    const page = await get('communes-test/records', { where, limit: '2', offset: '1', select: 'nom' });
    assert.equal(page.body.total_count, chosen.length);
    assert.equal(page.body.results.length, 2);
    const facets = (await get('communes-test/facets', { where, facet: 'departement' })).body as unknown as { facets: { name: string; facets: { value: string; count: number }[] }[] };
    const counted = Object.fromEntries((facets.facets[0]?.facets ?? []).map((f) => [f.value, f.count]));
    const expected: Record<string, number> = {};
    for (const c of chosen) expected[c.departement ?? ''] = (expected[c.departement ?? ''] ?? 0) + 1;
    assert.deepEqual(counted, expected);
    const exported = await app.inject(`/api/explore/v2.1/catalog/datasets/communes-test/exports/json?${new URLSearchParams({ where, select: 'nom' })}`);
    assert.deepEqual(names(exported.json() as { nom: string }[]), names(chosen));
  });

  test('a box that holds the point is not enough: the L’s notch, the ring’s hole, the gap between two squares, beside a line', async () => {
    for (const [point, what] of [[[-0.985, 47.015], 'the notch of the L'], [[-0.88, 47.02], 'the hole of the ring'], [[-0.75, 47.005], 'between the two squares'], [[-0.59, 47.09], 'beside the line']] as [Position, string][]) {
      const box = withShape.filter((s) => {
        const all = edgesOf(s.shape as Geometry).flat();
        return point[0] >= Math.min(...all.map((p) => p[0])) && point[0] <= Math.max(...all.map((p) => p[0])) && point[1] >= Math.min(...all.map((p) => p[1])) && point[1] <= Math.max(...all.map((p) => p[1]));
      });
      assert.equal(box.length, 1, `one box holds ${what}`);
      assert.equal(meetsPoint(box[0]?.shape as Geometry, point), false);
      assert.deepEqual(await namesWhere(`intersects(geo_shape, geom'POINT(${point[0]} ${point[1]})')`, 'formes'), [], what);
    }
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.995 47.015)')", 'formes'), ['L'], 'the arm of the L');
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.895 47.02)')", 'formes'), ['Anneau'], 'the ring around the hole');
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.695 47.005)')", 'formes'), ['Deux carrés'], 'the second square');
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.55 47.05)')", 'formes'), ['Ligne'], 'a point on the line');
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.195 47.005)')", 'formes'), ['Collection'], 'the polygon of a collection');
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.4 47)')", 'formes'), ['Borne'], 'the point itself');
    assert.deepEqual(await namesWhere("within(geo_shape, geom'POINT(-0.4 47)')", 'formes'), ['Borne'], 'only a point is within a point');
  });

  test('polygons against lines, holes and points', async () => {
    const cases: [Position[], string][] = [
      [[[-0.555, 47.045], [-0.545, 47.045], [-0.545, 47.055], [-0.555, 47.055], [-0.555, 47.045]], 'crosses the line, no vertex inside'],
      [[[-0.885, 47.015], [-0.875, 47.015], [-0.875, 47.025], [-0.885, 47.025], [-0.885, 47.015]], 'inside the hole of the ring'],
      [[[-0.41, 46.99], [-0.29, 46.99], [-0.29, 47.01], [-0.41, 47.01], [-0.41, 46.99]], 'around the point and the collection’s point'],
      [[[-0.95, 46.99], [-0.85, 46.99], [-0.85, 47.05], [-0.95, 47.05], [-0.95, 46.99]], 'around the whole ring'],
    ];
    for (const [ring, what] of cases) {
      const meeting = names(withShape.filter((s) => meetsPolygon(s.shape as Geometry, [ring])));
      assert.deepEqual(await namesWhere(`intersects(geo_shape, ${wkt(ring)})`, 'formes'), meeting, what);
    }
    assert.deepEqual(await namesWhere(`intersects(geo_shape, ${wkt(cases[0]![0])})`, 'formes'), ['Ligne']);
    assert.deepEqual(await namesWhere(`intersects(geo_shape, ${wkt(cases[1]![0])})`, 'formes'), [], 'a polygon in a hole meets nothing');
    assert.deepEqual(await namesWhere(`within(geo_shape, ${wkt(cases[3]![0])})`, 'formes'), ['Anneau']);
    assert.deepEqual(await namesWhere(`within(geo_shape, ${wkt(cases[0]![0])})`, 'formes'), [], 'a line that crosses the polygon is not within it');
    // From (-0.5, 47): 6.3 km to the line (worked out in a plane of 7.58 km per 0.1° of longitude
    // and 11.12 km per 0.1° of latitude), 7.6 km to the point, more to the others.
    assert.deepEqual(await namesWhere(`within_distance(geo_shape, geom'POINT(-0.5 47)', 7km)`, 'formes'), ['Ligne']);
    assert.deepEqual(await namesWhere(`within_distance(geo_shape, geom'POINT(-0.5 47)', 6km)`, 'formes'), []);
    const toPoint = haversine([-0.4, 47], [-0.4, 47.02]);
    assert.deepEqual(await namesWhere(`within_distance(geo_shape, geom'POINT(-0.4 47.02)', ${Math.ceil(toPoint)})`, 'formes'), ['Borne'], 'a point shape, by the great circle');
    assert.deepEqual(await namesWhere(`within_distance(geo_shape, geom'POINT(-0.4 47.02)', ${Math.floor(toPoint)})`, 'formes'), []);
  });

  test('a record without shape: never intersecting, never disjoint, kept by not intersects()', async () => {
    const point = "geom'POINT(-0.995 47.015)'";
    assert.deepEqual(await namesWhere(`not intersects(geo_shape, ${point})`, 'formes'), names(shapes.filter((s) => s.nom !== 'L')));
    assert.ok((await namesWhere(`not intersects(geo_shape, ${point})`, 'formes')).includes('Sans forme'));
    assert.deepEqual(await namesWhere(`disjoint(geo_shape, ${point})`, 'formes'), names(withShape.filter((s) => s.nom !== 'L')));
    assert.deepEqual(await namesWhere('in_bbox(geo_shape, 46, -2, 48, 0)', 'formes'), names(withShape));
    assert.deepEqual(await namesWhere("not within_distance(geo_shape, geom'POINT(-0.5 47)', 1000km)", 'formes'), ['Sans forme']);
    const { body } = await get('formes/records', { where: 'nom = "Sans forme"', select: "distance(geo_shape, geom'POINT(-0.5 47)') as d" });
    assert.deepEqual(body.results, [{ d: null }]);
  });

  test('the boxes are written with the version and never answered', async () => {
    const dataset = await getDataset(setup.t.platform.db, datasetScope(PLATFORM, null), 'formes');
    const version = await getVersion(setup.t.platform.db, dataset.liveVersionId ?? '');
    const columns = await setup.t.platform.engine.query('select name from parquet_schema($1)', [setup.t.platform.blobs.absolute(version?.file ?? '')]);
    assert.deepEqual(BOX_COLUMNS.filter((c) => columns.some((row) => row.name === c)), BOX_COLUMNS);
    const [l] = await setup.t.platform.engine.query(`select ${BOX_COLUMNS.join(', ')} from read_parquet($1) where nom = 'L'`, [setup.t.platform.blobs.absolute(version?.file ?? '')]);
    assert.deepEqual(l, { geo_shape__xmin: -1, geo_shape__ymin: 47, geo_shape__xmax: -0.98, geo_shape__ymax: 47.02 });
    const { body } = await get('formes/records', { limit: '1' });
    assert.deepEqual(Object.keys(body.results[0] ?? {}), ['nom', 'genre', 'geo_shape']);
    const filtered = await get('formes/records', { where: "intersects(geo_shape, geom'POINT(-0.995 47.015)')" });
    assert.deepEqual(Object.keys(filtered.body.results[0] ?? {}), ['nom', 'genre', 'geo_shape']);
    const exported = await app.inject('/api/explore/v2.1/catalog/datasets/formes/exports/csv?where=nom%3D%22L%22');
    assert.equal(exported.body.split('\n')[0]?.replace(/^\uFEFF/, '').trim(), 'nom;genre;geo_shape');
  });

  test('a version published without box columns gives the same answers, its boxes computed in the query', async () => {
    const { platform } = setup.t;
    const published = await publishFile(platform, { file: SHAPES_FILE, datasetId: 'formes-anciennes' }, platform.publishOptions);
    // The version as the ingest wrote it before the boxes: the fields only.
    const file = platform.blobs.absolute(published.version.file);
    await platform.engine.query(`copy (select nom, genre, geo_shape from read_parquet($1)) to '${file}.old' (format parquet)`, [file]);
    fs.renameSync(`${file}.old`, file);
    const columns = await platform.engine.query('select name from parquet_schema($1)', [file]);
    assert.ok(!columns.some((row) => String(row.name).includes('__')));
    for (const where of [
      "intersects(geo_shape, geom'POINT(-0.985 47.015)')",
      "intersects(geo_shape, geom'POINT(-0.995 47.015)')",
      `intersects(geo_shape, ${wkt([[-0.555, 47.045], [-0.545, 47.045], [-0.545, 47.055], [-0.555, 47.055]])})`,
      `within(geo_shape, ${wkt([[-0.95, 46.99], [-0.85, 46.99], [-0.85, 47.05], [-0.95, 47.05]])})`,
      "disjoint(geo_shape, geom'POINT(-0.4 47)')",
      "not intersects(geo_shape, geom'POINT(-0.4 47)')",
      'in_bbox(geo_shape, 47.005, -0.995, 47.015, -0.7)',
      "within_distance(geo_shape, geom'POINT(-0.5 47)', 8km)",
    ]) {
      assert.deepEqual(await namesWhere(where, 'formes-anciennes'), await namesWhere(where, 'formes'), where);
    }
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.995 47.015)')", 'formes-anciennes'), ['L']);
  });

  test('a compaction writes the boxes of pushed shapes, and queries find them', async () => {
    const { platform } = setup.t;
    const square = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] });
    await pushRecords(platform, 'zones-poussees', { upsert: [{ id: 'a', nom: 'A', geo_shape: square(-1, 47) }], delete: [] }, 'id', platform.publishOptions);
    await pushRecords(platform, 'zones-poussees', { upsert: [{ id: 'b', nom: 'B', geo_shape: square(-0.5, 47) }], delete: [] }, 'id', platform.publishOptions);
    // Before the compaction, the pushed record is read from its batch, its box computed.
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.495 47.005)')", 'zones-poussees'), ['B']);
    const { version } = await compactDataset(platform, 'zones-poussees', platform.publishOptions);
    assert.ok(version);
    const rows = await platform.engine.query(`select id, ${BOX_COLUMNS.join(', ')} from read_parquet($1) order by id`, [platform.blobs.absolute(version.file)]);
    assert.deepEqual(rows, [
      { id: 'a', geo_shape__xmin: -1, geo_shape__ymin: 47, geo_shape__xmax: -0.99, geo_shape__ymax: 47.01 },
      { id: 'b', geo_shape__xmin: -0.5, geo_shape__ymin: 47, geo_shape__xmax: -0.49, geo_shape__ymax: 47.01 },
    ]);
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.495 47.005)')", 'zones-poussees'), ['B']);
    assert.deepEqual(await namesWhere("intersects(geo_shape, geom'POINT(-0.995 47.005)')", 'zones-poussees'), ['A']);
  });

  test('a geometry that is neither a point nor a polygon is a 400 that says where', async () => {
    const { status, body } = await get('communes-test/records', { where: "intersects(geo_shape, geom'LINESTRING(0 0, 1 1)')" });
    assert.equal(status, 400);
    assert.equal(body.error_code, 'ODSQLError');
    assert.deepEqual(body.location, { parameter: 'where', column: 23 });
    const text = await get('communes-test/records', { where: "intersects(nom, geom'POINT(0 0)')" });
    assert.equal(text.status, 400);
    assert.match(String(text.body.message), /geo_point_2d or geo_shape/);
  });
});
