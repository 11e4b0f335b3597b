// Killing the process at any moment of a write leaves the live version readable and the catalog
// consistent: a child process publishes version 2 of a dataset, pauses at a named checkpoint, and
// is killed there with SIGKILL. Versions kept: 1, so that the cleanup has something to remove.
// On SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { datasetScope, PLATFORM } from '../../src/auth/index.js';
import { createOrganisation, getDataset, getVersion, listVersions } from '../../src/catalog/index.js';
import { sweepOrphanFiles, WRITE_CHECKPOINTS, type WriteCheckpoint } from '../../src/data/index.js';
import { publishFile } from '../../src/ingest/index.js';
import type { Platform } from '../../src/platform.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'publish-child.ts');
const VERSION_1 = writeTemporaryFile('v1.csv', 'code_insee,nom\n44109,Nantes\n85191,La Roche-sur-Yon\n');
const VERSION_2 = writeTemporaryFile('v2.csv', 'code_insee,nom\n44109,Nantes\n85191,La Roche-sur-Yon\n49007,Angers\n');
const pgReason = await postgresUnavailableReason();

function killAt(t: TestPlatform, checkpoint: WriteCheckpoint): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, t.dataDir, t.databaseUrl, VERSION_2, checkpoint], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`PAUSED ${checkpoint}`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended with ${code}: ${output}`))));
  });
}

/** What a reader sees now, and whether every version row has its file; then sweeps orphans. */
async function stateOf(platform: Platform) {
  const dataset = await getDataset(platform.db, datasetScope(PLATFORM, null), 'communes');
  const live = dataset.liveVersionId ? await getVersion(platform.db, dataset.liveVersionId) : undefined;
  assert.ok(live, 'the dataset has a live version row');
  const rows = await platform.engine.query('select nom from read_parquet($1) order by nom', [platform.blobs.absolute(live.file)]);
  const versions = await listVersions(platform.db, dataset.uid);
  const missing = versions.filter((v) => !fs.existsSync(platform.blobs.absolute(v.file)));
  const swept = await sweepOrphanFiles(platform, 0);
  return { names: rows.map((r) => r.nom), missing, swept };
}

// What a reader sees after a kill at each point: before the switch, still version 1; after, version 2.
const EXPECTED: Record<WriteCheckpoint, string[]> = {
  'parquet-written': ['La Roche-sur-Yon', 'Nantes'],
  'before-switch': ['La Roche-sur-Yon', 'Nantes'],
  'after-switch': ['Angers', 'La Roche-sur-Yon', 'Nantes'],
  'during-cleanup': ['Angers', 'La Roche-sur-Yon', 'Nantes'],
};

const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

for (const { backend, skip } of BACKENDS) {
  describe(`a publish killed at any checkpoint (${backend})`, { skip }, () => {
    for (const checkpoint of WRITE_CHECKPOINTS) {
      test(`killed at "${checkpoint}": the live version is readable and every version row has its file`, async () => {
        const t = await testPlatform(backend, { TERRITOIRES_VERSIONS_KEPT: '1' });
        try {
          await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
          await publishFile(t.platform, { file: VERSION_1, datasetId: 'communes' }, t.platform.publishOptions);
          await killAt(t, checkpoint);
          const state = await stateOf(t.platform);
          assert.deepEqual(state.names, EXPECTED[checkpoint]);
          assert.deepEqual(state.missing, [], 'no version row points at a missing file');
          if (checkpoint === 'parquet-written' || checkpoint === 'during-cleanup') {
            assert.equal(state.swept.length, 1, 'the file left without a row is swept as an orphan');
          } else {
            assert.deepEqual(state.swept, []);
          }
          // And the next publish works from that state.
          const result = await publishFile(t.platform, { file: VERSION_2, datasetId: 'communes' }, t.platform.publishOptions);
          assert.equal(result.version.rowCount, 3);
          assert.equal((await listVersions(t.platform.db, result.dataset.uid)).length, 1, 'one version kept');
        } finally {
          await t.dispose();
        }
      });
    }

    test('without a kill, versions beyond the number kept are removed, rows and files', async () => {
      const t = await testPlatform(backend, { TERRITOIRES_VERSIONS_KEPT: '2' });
      try {
        await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
        for (let i = 0; i < 4; i += 1) await publishFile(t.platform, { file: i % 2 ? VERSION_2 : VERSION_1, datasetId: 'communes' }, t.platform.publishOptions);
        const dataset = await getDataset(t.platform.db, datasetScope(PLATFORM, null), 'communes');
        const versions = await listVersions(t.platform.db, dataset.uid);
        assert.deepEqual(versions.map((v) => v.number), [4, 3]);
        assert.equal(dataset.liveVersionId, versions[0]?.id);
        const files = fs.readdirSync(path.join(t.dataDir, 'datasets', dataset.uid));
        assert.deepEqual(files.sort(), versions.map((v) => path.basename(v.file)).sort());
      } finally {
        await t.dispose();
      }
    });
  });
}
