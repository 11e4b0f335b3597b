// A schema whose pattern backtracks without end (`^([A-Za-z]+ ?)+$`, as homemade schemas write a
// name) on a value that almost matches: the validation runs on its own thread and is stopped past
// TERRITOIRES_VALIDATION_TIMEOUT_MS with a 422 in French and English, while the server goes on
// answering; publishing a file against it is refused, and nothing is published.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getDataset } from '../../src/catalog/index.js';
import { PLATFORM, datasetScope } from '../../src/auth/index.js';
import { publishFile } from '../../src/ingest/index.js';
import { addSchema, findSchema, validateContained, validateFile } from '../../src/schema/index.js';
import { VALIDATION_THREADS } from '../../src/schema/validate-contained.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { temporaryDir } from '../helpers/platform.js';

const TIMEOUT_MS = 1500;
const SCHEMA = {
  name: 'noms-essai',
  title: 'Noms (essai)',
  fields: [
    { name: 'nom', type: 'string', constraints: { pattern: '([A-Za-z]+ ?)+' } },
    { name: 'age', type: 'integer' },
  ],
};
// Thirty-six letters and a hyphen: 2^36 ways to split the letters before the pattern gives up.
const CATASTROPHIC = `nom,age\nJean Dupont,42\n${'A'.repeat(36)}-,7\n`;
const PLAIN = 'nom,age\nJean Dupont,42\nMarie-Claire,30\nZoe,abc\n';

describe('a validation that would not end', () => {
  let setup: TestApp;
  const dir = temporaryDir();
  const file = (name: string, text: string) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, text);
    return target;
  };

  before(async () => {
    setup = await testApp({ env: { TERRITOIRES_VALIDATION_TIMEOUT_MS: String(TIMEOUT_MS) } });
    await addSchema(setup.t.platform.db, { descriptorText: JSON.stringify(SCHEMA) }, { fetch: { allowedHosts: [], timeoutMs: 1000, maxBytes: 100_000 }, scratchDir: dir, addedBy: null });
  });
  after(async () => setup?.dispose());

  test('POST /validate: a 422 that says why, in French and English, while the server goes on answering', async () => {
    const started = Date.now();
    const validating = setup.app.inject({ method: 'POST', url: '/api/schemas/v1/validate?schema=noms-essai&filename=noms.csv', payload: CATASTROPHIC, headers: { 'content-type': 'text/csv' } });
    // Asked once the validation has started: answered long before it is stopped.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const listed = await setup.app.inject('/api/schemas/v1/schemas');
    const answeredAfter = Date.now() - started;
    assert.equal(listed.statusCode, 200);
    const response = await validating;
    const stoppedAfter = Date.now() - started;
    assert.ok(answeredAfter < TIMEOUT_MS, `the server answered after ${answeredAfter} ms, before the limit`);
    assert.ok(stoppedAfter >= TIMEOUT_MS && stoppedAfter < TIMEOUT_MS + 5000, `stopped after ${stoppedAfter} ms`);
    assert.equal(response.statusCode, 422, response.body);
    const body = response.json() as { error_code: string; message: string; message_fr: string; code: string };
    assert.equal(body.code, 'SCHEMA_VALIDATION_TIMEOUT');
    assert.match(body.message, /stopped after 1\.5 s.*nested repetitions/);
    assert.match(body.message_fr, /arrêtée au bout de 1\.5 s.*répétitions imbriquées/);
  });

  test('the same validation on a file without the trap: the report validateFile gives', async () => {
    const plain = file('plain.csv', PLAIN);
    const found = await findSchema(setup.t.platform.db, 'noms-essai');
    assert.ok(found);
    const contained = await validateContained(plain, found.schema, { fileName: 'plain.csv' }, TIMEOUT_MS);
    assert.deepEqual(contained, await validateFile(plain, found.schema, { fileName: 'plain.csv' }));
    assert.equal(contained.valid, false);
    // Rows count from the header (row 1): the hyphen of Marie-Claire is not in the pattern.
    assert.deepEqual(contained.errors.map((e) => [e.code, e.row, e.field]), [['constraint-error', 3, 'nom'], ['type-error', 4, 'age']]);
  });

  test('at most VALIDATION_THREADS threads at once: one more waits for a thread to end, then has its own time', async () => {
    const found = await findSchema(setup.t.platform.db, 'noms-essai');
    assert.ok(found);
    const trap = file('trap.csv', CATASTROPHIC);
    const started = Date.now();
    const ends = await Promise.all(
      Array.from({ length: VALIDATION_THREADS + 1 }, () =>
        validateContained(trap, found.schema, {}, 1000).then(
          () => assert.fail('the trap cannot be validated in 1 s'),
          (error: { code?: string }) => (assert.equal(error.code, 'SCHEMA_VALIDATION_TIMEOUT'), Date.now() - started),
        ),
      ),
    );
    ends.sort((a, b) => a - b);
    assert.ok(ends[VALIDATION_THREADS - 1]! < 2000, `the first ${VALIDATION_THREADS} ran together: ${ends.join(', ')} ms`);
    assert.ok(ends[VALIDATION_THREADS]! >= 2000, `the last waited for a thread, then ran its own second: ${ends.join(', ')} ms`);
  });

  test('publishing against that schema: refused with the same error, nothing published', async () => {
    const { platform } = setup.t;
    await assert.rejects(
      publishFile(platform, { file: file('noms.csv', CATASTROPHIC), datasetId: 'noms', title: 'Noms', metas: { schema: 'noms-essai' } }, platform.publishOptions),
      (error: { code?: string }) => error.code === 'SCHEMA_VALIDATION_TIMEOUT',
    );
    const dataset = await getDataset(platform.db, datasetScope(PLATFORM, null), 'noms').catch(() => undefined);
    assert.equal(dataset?.live ?? undefined, undefined, 'no version is live');
  });
});
