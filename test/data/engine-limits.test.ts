// The engine's limits on a reader's query: past its time, a clear 503 and an engine still usable;
// past its memory, the same. The platform's own work (ingest, exports) is not bounded by time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BOUNDED, openDataEngine, type DataEngine } from '../../src/data/index.js';

let engine: DataEngine;
before(async () => {
  engine = await openDataEngine({ queryTimeoutMs: 200, memoryLimit: '64MB' });
});
after(() => engine.close());

// Billions of rows: far longer than 200 ms on any machine.
const LONG = 'select count(*) as n from range(100000000000) t(i) where i % 7 = 3';

test('a bounded query past the time limit is stopped with QUERY_TIMEOUT (503), and the engine answers next', async () => {
  const started = Date.now();
  await assert.rejects(engine.query(LONG, [], BOUNDED), (error: { code?: string; status?: number }) => error.code === 'QUERY_TIMEOUT' && error.status === 503);
  assert.ok(Date.now() - started < 5_000, 'stopped soon after the limit');
  assert.deepEqual(await engine.query('select 42 as n', [], BOUNDED), [{ n: 42 }]);
});

test('a query of the platform itself is not bounded by the time limit', async () => {
  const [row] = await engine.query('select count(*) as n from range(30000000) t(i) where i % 7 = 3');
  assert.equal(Number(row?.n), Math.ceil((30_000_000 - 3) / 7));
});

test('a query past the memory limit is QUERY_OUT_OF_MEMORY (503), not an internal error', async () => {
  // One list of 50 million numbers cannot spill to disk: it must fit in 64 MB, and does not.
  await assert.rejects(engine.query('select list(i) as l from range(50000000) t(i)'), (error: { code?: string; status?: number }) => error.code === 'QUERY_OUT_OF_MEMORY' && error.status === 503);
  assert.deepEqual(await engine.query('select 1 as n'), [{ n: 1 }]);
});
