// The SQL that lets DuckDB write numbers as JavaScript's String(number) does (export-sql.ts): the
// CSV export's bytes must not depend on which writer made them. The expected text is JavaScript's
// own, for edge values and for pseudo-random doubles of every magnitude.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDataEngine, type DataEngine } from '../../src/data/index.js';
import { jsNumberSql } from '../../src/query/export-sql.js';

let engine: DataEngine;
before(async () => {
  engine = await openDataEngine({ threads: 1 });
});
after(() => engine.close());

/** A deterministic sequence (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function written(values: number[]): Promise<string[]> {
  // Each value travels as its shortest text, which reads back as the same double.
  const rows = await engine.query(`select ${jsNumberSql('cast(s as double)')} as text from (select unnest(string_split($1, ' ')) as s, generate_subscripts(string_split($1, ' '), 1) as i) order by i`, [values.map(String).join(' ')]);
  return rows.map((r) => String(r.text));
}

test('edge values: integers, the limits of plain notation, tiny and huge numbers', async () => {
  const values = [0, -0, NaN, Infinity, -Infinity, 5, -5, 30.16, -1.5536, 47.2184, 0.1 + 0.2, 1 / 3, 1e15, 1e16, 1e20, 1e21, 1.5e21, 123456789012345680000, 2 ** 53, 2 ** 53 + 2, 0.0001, 0.00012, 1e-5, 1e-6, 1e-7, 1.23e-7, 0.000001234, -2.5e-8, 5e-324, 1.7976931348623157e308, -1e21, 999999999999999900000];
  assert.deepEqual(await written(values), values.map(String));
});

test('pseudo-random doubles of every magnitude', async () => {
  const next = random(20260412);
  const values = Array.from({ length: 2000 }, () => {
    const value = (next() - 0.5) * 10 ** Math.floor(next() * 60 - 30);
    // Some rounded to a few decimals, as measures and coordinates are.
    return next() < 0.3 ? Number(value.toFixed(Math.floor(next() * 6))) : value;
  });
  assert.deepEqual(await written(values), values.map(String));
});
