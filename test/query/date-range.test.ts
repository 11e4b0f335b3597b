// range() over dates in group_by (ODS §5.6): equal widths (1 month, 1 day, 6 h) and static date
// bounds, on communes-test. Expected groups are worked out here from the fixture CSV with JS dates.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { fixtureCommunes, publishCommunesTest } from '../helpers/communes-test.js';

const RECORDS = '/api/explore/v2.1/catalog/datasets/communes-test/records';
type Group = Record<string, unknown>;

/** `2020-01-01T00:00:00.000Z`, the form of a key's bound. */
const iso = (ms: number): string => new Date(ms).toISOString();

/** Groups {key → count} as the fixture gives them, keys sorted as the API sorts them (text, ascending). */
function expected(keyOf: (c: ReturnType<typeof fixtureCommunes>[number]) => string): Group[] {
  const counts = new Map<string, number>();
  for (const c of fixtureCommunes()) counts.set(keyOf(c), (counts.get(keyOf(c)) ?? 0) + 1);
  return [...counts.keys()].sort().map((k) => ({ k, n: counts.get(k) }));
}

describe('range() on dates in group_by', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp();
    await publishCommunesTest(setup.t.platform);
  });
  after(async () => setup?.dispose());

  async function groups(groupBy: string): Promise<{ status: number; body: { results?: Group[]; message?: string } }> {
    const query = new URLSearchParams({ select: 'count(*) as n', group_by: `${groupBy} as k`, limit: '100' });
    const response = await setup.app.inject(`${RECORDS}?${query.toString()}`);
    return { status: response.statusCode, body: response.json() };
  }

  test('range(date_maj, 1 month): one group per calendar month', async () => {
    const { status, body } = await groups('range(date_maj, 1 month)');
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(
      body.results,
      expected((c) => {
        const [y, m] = c.date_maj.split('-').map(Number) as [number, number];
        return `[${iso(Date.UTC(y, m - 1, 1))}, ${iso(Date.UTC(y, m, 1))}[`;
      }),
    );
  });

  test('range(created_at, 1 day) and range(created_at, 6 h): UTC buckets of a datetime', async () => {
    const day = 86_400_000;
    const sixHours = 6 * 3_600_000;
    for (const [expr, width] of [['range(created_at, 1 day)', day], ['range(created_at, 6 h)', sixHours]] as const) {
      const { status, body } = await groups(expr);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(
        body.results,
        expected((c) => {
          const low = Math.floor(Date.parse(c.created_at) / width) * width;
          return `[${iso(low)}, ${iso(low + width)}[`;
        }),
        expr,
      );
    }
  });

  test("range(date_maj, *, date'2024-01-01', date'2024-07-01', *): static bounds, open at both ends", async () => {
    const { status, body } = await groups("range(date_maj, *, date'2024-01-01', date'2024-07-01', *)");
    assert.equal(status, 200, JSON.stringify(body));
    const a = '2024-01-01T00:00:00.000Z';
    const b = '2024-07-01T00:00:00.000Z';
    assert.deepEqual(
      body.results,
      expected((c) => (c.date_maj < '2024-01-01' ? `[*, ${a}[` : c.date_maj < '2024-07-01' ? `[${a}, ${b}[` : `[${b}, *[`)),
    );
  });

  test('a width ODS does not take, or bounds that are not dates, are 400s that say so', async () => {
    for (const [expr, words] of [
      ['range(date_maj, 2 month)', 'takes 1 month'],
      ['range(date_maj, *, 10, *)', "date such as date'2024-01-01'"],
      ["range(date_maj, *, date'2024-07-01', date'2024-01-01', *)", 'must increase'],
      ['range(date_maj, 1.5 day)', 'positive whole number'],
      ['range(population, 1 day)', 'a number or * is expected'],
    ] as const) {
      const { status, body } = await groups(expr);
      assert.equal(status, 400, expr);
      assert.ok(body.message?.includes(words), `${expr}: ${body.message}`);
    }
  });
});
