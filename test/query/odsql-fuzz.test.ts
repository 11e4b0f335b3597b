// ODSQL fuzz: 100,000 generated and damaged queries over the communes-test fields
// (test/helpers/odsql-generator.ts). Each one either compiles or is a 400 AppError that says what,
// in English and French, and at which column; anything else is a bug. 2,000 of those that compile
// run in DuckDB, where no error may come out (it would mean the compiler let through what it should
// have refused, or wrote bad SQL); 200 go through HTTP, where no answer may be a 5xx or show SQL.
// The seed is printed; ODSQL_FUZZ_SEED=<n> replays a run. The cases found by the fuzz are kept at
// the end as plain regression cases.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { datasetScope, PLATFORM } from '../../src/auth/index.js';
import { getDataset } from '../../src/catalog/index.js';
import { AppError } from '../../src/errors.js';
import { exploreQueryOf, planQuery, recordsSource, type QueryPlan, type RecordsSource } from '../../src/query/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { publishCommunesTest } from '../helpers/communes-test.js';
import { OdsqlGenerator, seededRandom, type FuzzQuery } from '../helpers/odsql-generator.js';

const SEED = Number(process.env.ODSQL_FUZZ_SEED ?? 20261202);
const QUERIES = 100_000;
const EXECUTED = 2_000;
const OVER_HTTP = 200;
const RECORDS = '/api/explore/v2.1/catalog/datasets/communes-test/records';
// What DuckDB's own messages and our SQL look like: none of it may reach a client.
const SQL_TEXT = /Binder Error|Parser Error|Conversion Error|Catalog Error|Invalid Input Error|Out of Range Error|INTERNAL Error|\bSELECT\b|read_parquet|strip_accents|coalesce\(|\$\d/;

type Outcome = { plan: QueryPlan } | { error: AppError };

describe(`ODSQL fuzz (seed ${SEED})`, () => {
  let setup: TestApp;
  let app: FastifyInstance;
  let source: RecordsSource;
  const compiled: FuzzQuery[] = [];
  const refused: FuzzQuery[] = [];

  before(async () => {
    setup = await testApp();
    app = setup.app;
    await publishCommunesTest(setup.t.platform);
    const dataset = await getDataset(setup.t.platform.db, datasetScope(PLATFORM, null), 'communes-test');
    const found = await recordsSource(setup.t.platform, dataset);
    assert.ok(found);
    source = found;
  });
  after(async () => setup?.dispose());

  // A clause of thousands of parentheses is shown by its ends; the seed replays it whole.
  const shown = (text: string) => (text.length > 400 ? `${text.slice(0, 150)}…(${text.length} characters)…${text.slice(-150)}` : text);
  const describeQuery = (query: FuzzQuery) => `seed ${SEED}, query ${JSON.stringify(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, shown(String(v))])))}`;

  /** Planned as the API plans it: compiled, or refused with a 400 that names the column; anything else throws. */
  function plan(query: FuzzQuery): Outcome {
    try {
      return { plan: planQuery(source, exploreQueryOf({ ...query })) };
    } catch (error) {
      if (!(error instanceof AppError)) assert.fail(`${describeQuery(query)}: not an AppError: ${error instanceof Error ? error.stack : String(error)}`);
      assert.equal(error.status, 400, `${describeQuery(query)}: ${error.message}`);
      assert.ok(error.message.length > 0 && error.messageFr.length > 0 && error.messageFr !== error.message, `${describeQuery(query)}: English and French messages`);
      const clause = query[error.location.parameter as keyof FuzzQuery] ?? '';
      const column = error.location.column;
      assert.ok(typeof column === 'number' && Number.isInteger(column) && column >= 1 && column <= clause.length + 1, `${describeQuery(query)}: column ${String(column)} of ${JSON.stringify(clause)} (${error.message})`);
      return { error };
    }
  }

  /** The page and the count in DuckDB: no error may come out for a query that compiled. */
  async function execute(query: FuzzQuery, planned: QueryPlan): Promise<void> {
    const n = planned.params.length;
    try {
      await Promise.all([setup.t.platform.engine.query(`${planned.sql} limit $${n + 1} offset $${n + 2}`, [...planned.params, 100, 0]), setup.t.platform.engine.query(planned.countSql, planned.countParams)]);
    } catch (error) {
      assert.fail(`${describeQuery(query)}: compiled, then DuckDB said: ${error instanceof Error ? error.message : String(error)}\nSQL: ${planned.sql}`);
    }
  }

  async function overHttp(query: FuzzQuery): Promise<void> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.append(key, value);
    search.append('limit', query.group_by ? '1000' : '100');
    const response = await app.inject(`${RECORDS}?${search.toString()}`);
    assert.ok(response.statusCode < 500, `${describeQuery(query)}: HTTP ${response.statusCode} ${response.body}`);
    if (response.statusCode >= 400) {
      assert.doesNotMatch(response.body, SQL_TEXT, `${describeQuery(query)}: SQL in the error body`);
      const body = response.json() as { error_code?: string; message?: string; message_fr?: string };
      assert.ok(body.error_code && body.message && body.message_fr, `${describeQuery(query)}: ${response.body}`);
    }
  }

  test(`${QUERIES} queries: each compiles or is a 400 with a column, in English and French; at least 30 % compile`, () => {
    const generator = new OdsqlGenerator(seededRandom(SEED));
    for (let i = 0; i < QUERIES; i += 1) {
      const query = generator.fuzzQuery();
      ('plan' in plan(query) ? compiled : refused).push(query);
    }
    const share = compiled.length / QUERIES;
    console.log(`# seed ${SEED}: ${compiled.length} compiled (${(share * 100).toFixed(1)} %), ${refused.length} refused with a 400`);
    assert.ok(share >= 0.3, `only ${(share * 100).toFixed(1)} % of the queries compiled`);
    assert.ok(refused.length >= QUERIES * 0.1, 'the damaged queries are refused, not all compiled');
  });

  test(`${EXECUTED} compiled queries run in DuckDB without an error`, async () => {
    assert.ok(compiled.length >= EXECUTED);
    const step = Math.floor(compiled.length / EXECUTED);
    // A few at a time, as requests come: each query has its own connection.
    for (let i = 0; i < EXECUTED; i += 4) {
      await Promise.all(
        [0, 1, 2, 3].map(async (j) => {
          const query = compiled[(i + j) * step] as FuzzQuery;
          const outcome = plan(query);
          assert.ok('plan' in outcome);
          await execute(query, outcome.plan);
        }),
      );
    }
  });

  test(`${OVER_HTTP} queries over HTTP: never a 5xx, never SQL in an error`, async () => {
    const step = Math.floor(Math.min(compiled.length, refused.length) / (OVER_HTTP / 2));
    for (let i = 0; i < OVER_HTTP / 2; i += 1) {
      await overHttp(compiled[i * step] as FuzzQuery);
      await overHttp(refused[i * step] as FuzzQuery);
    }
  });

  // Found by the fuzz, kept as plain cases: each was a crash, a 500 or a DuckDB error before its fix.
  describe('regressions', () => {
    const refusedCases: [string, FuzzQuery][] = [
      // A RangeError (exhausted stack) in the parser, then a 500.
      ['5,000 nested parentheses', { where: `${'('.repeat(5000)}littoral${')'.repeat(5000)}` }],
      ['5,000 NOTs', { where: `${'not '.repeat(5000)}littoral` }],
      ['5,000 unary minuses', { select: `${'-'.repeat(5000)}population` }],
      ['a chain of 3,000 additions (the compiler recursed on it)', { select: `${'population + '.repeat(3000)}1` }],
      ['nesting inside a call', { select: `lower(${'lower('.repeat(200)}nom${')'.repeat(201)}` }],
      // Compiled, then DuckDB: "GROUP BY clause cannot contain aggregates" (the key was kept once, grouped twice).
      ['a group key written twice', { group_by: 'lower(nom), lower(nom)', select: 'count(*) as n' }],
      ['an aggregate aliased as a group key', { group_by: 'departement', select: 'count(*) as departement' }],
      // Compiled, then DuckDB: "column population must appear in the GROUP BY clause".
      ['a field computed with an aggregate', { select: '(population) / count(*), max(superficie)' }],
      ['ifnull() of an aggregate and a field', { select: 'ifnull(max(population), superficie)' }],
      // Compiled, then DuckDB: "SELECT clause without selection list".
      ['include() after exclude() of the same fields', { select: 'exclude(geo*), include(geo*)' }],
      // Compiled, then DuckDB: "unterminated quoted identifier" (a NUL in an alias).
      ['a NUL in an alias', { select: 'count(*) as `a\u0000b`' }],
      // Compiled, then DuckDB: "zero-length delimited identifier".
      ['an empty alias', { select: 'count(*) as ``' }],
      ['an empty group alias', { group_by: 'departement as ``' }],
      ['a NUL in an expression’s text', { select: 'lower("a\u0000")' }],
      // Compiled, then DuckDB: 'Referenced column "Infinity" not found'.
      ['an infinite width in range()', { group_by: 'range(superficie, 1e309)' }],
      ['infinite bounds in range()', { group_by: 'range(population, *, 1e309, *)' }],
      ['an infinite corner of in_bbox()', { where: 'in_bbox(geo_point_2d, 1e309, -2, 47.5, -1)' }],
      ['a point that is not a number', { where: "within_distance(geo_point_2d, geom'POINT(1.2.3 47)', 10km)" }],
      // Compiled, then DuckDB: "Conversion Error" on a day or a time that does not exist.
      ['the 31st of February', { where: "date_maj = date'2024-02-31'" }],
      ['25 o’clock', { where: "created_at > date'2024-01-01T25:00'" }],
      ['an upper bound of another type than the field', { where: "population in [1..'x']" }],
      // Compiled, then DuckDB: "No function matches … length(BIGINT)", "lower(DATE)", "starts_with(DATE, …)".
      ['length() of a number', { select: 'length(population)' }],
      ['lower() of a date', { select: 'lower(date_maj)' }],
      ['length() of a point', { select: 'length(geo_point_2d)' }],
      ['startswith() on a date', { where: 'startswith(date_maj, "2024")' }],
      // Compiled, then DuckDB: "Could not convert string '1000' to BOOL", "'Océan' … to STRUCT".
      ['a number in a boolean field', { where: '1000 in littoral' }],
      ['a text in a point field', { where: "'Océan' in geo_point_2d" }],
      ['a text in a date field', { where: "'Loire' in date_maj" }],
      // Compiled, then DuckDB: "Could not convert string '44' to BOOL".
      ['IS FALSE on a text', { where: 'departement is false' }],
    ];
    const runningCases: [string, FuzzQuery][] = [
      // Compiled, then DuckDB: "Prepared statement needs 3 parameters, 4 given" (the first `total` left its value behind).
      ['an alias given twice, the first with a bound value', { select: 'count(distinct ifnull(departement, "x")) as total, percentile(population, 50) as total' }],
      ['a grouped alias given twice', { group_by: 'departement', select: 'count(distinct ifnull(nom, "?")) as n, count(*) as n' }],
      ['an expression replaced by the field of the same name', { select: 'lower(nom) as nom, *' }],
      // Compiled, then DuckDB: "bigint out of int64 range".
      ['an integer past 2^63', { select: 'avg(-18446744073709551617), sum(population) / count(*)' }],
      ['a comparison with a number past 2^63', { where: 'population > 99999999999999999999' }],
      ['null in a number field', { where: 'null in population' }],
      ['a value in a text field that is not multivalued', { where: '"Nantes" in nom' }],
      ['a chain of 3,000 ORs', { where: `${'departement = "44" or '.repeat(3000)}littoral` }],
      ['99 nested parentheses', { where: `${'('.repeat(99)}littoral${')'.repeat(99)}` }],
      ['date_format() with every letter, in a zone, in German', { select: "date_format(created_at, \"yyyy yy xxxx xx w ww e E EEEE D DDD M MM MMM MMMM d dd H HH m mm s ss 'ok' ''\") as f", timezone: 'Asia/Kolkata', lang: 'de' }],
    ];

    for (const [title, query] of refusedCases) {
      test(`refused with a 400: ${title}`, async () => {
        assert.ok('error' in plan(query));
        await overHttp(query);
      });
    }
    for (const [title, query] of runningCases) {
      test(`compiles and runs: ${title}`, async () => {
        const outcome = plan(query);
        assert.ok('plan' in outcome, 'error' in outcome ? outcome.error.message : '');
        await execute(query, outcome.plan);
        await overHttp(query);
      });
    }
  });
});
