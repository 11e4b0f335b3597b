// A store that fails while the server runs: 503 with a clear body, and /api/health names the part.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { createOrganisation } from '../../src/catalog/index.js';
import { buildApp } from '../../src/http/app.js';
import { publishFile } from '../../src/ingest/index.js';
import { POSTGRES_ADMIN_URL, postgresUnavailableReason } from '../helpers/backends.js';
import { temporaryDir, testPlatform, writeTemporaryFile } from '../helpers/platform.js';

const pgReason = await postgresUnavailableReason();

describe('when a store fails while running', () => {
  test('PostgreSQL gone: the API answers 503 and /api/health says the catalog is down', { skip: pgReason ?? false }, async () => {
    const t = await testPlatform('postgres');
    const app = await buildApp(t.platform);
    try {
      await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
      assert.equal((await app.inject('/api/explore/v2.1/catalog/datasets')).statusCode, 200);
      const name = new URL(t.databaseUrl).pathname.slice(1);
      const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await admin.connect();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
      const api = await app.inject('/api/explore/v2.1/catalog/datasets');
      assert.equal(api.statusCode, 503);
      assert.equal(api.json().code, 'STORE_UNAVAILABLE');
      assert.doesNotMatch(api.body, /at .*\.ts:\d+/, 'no stack trace');
      const health = await app.inject('/api/health');
      assert.equal(health.statusCode, 503);
      assert.equal(health.json().catalog.status, 'down');
      assert.equal(health.json().data_plane.status, 'up');
    } finally {
      await app.close();
      await t.dispose();
    }
  });

  test('data directory gone: /api/health says the data plane is down, the catalog still answers', async () => {
    // The catalog lives outside the data directory here, so that only the data plane goes away.
    const catalogDir = temporaryDir();
    const t = await testPlatform('sqlite', { DATABASE_URL: `sqlite:${path.join(catalogDir, 'catalog.sqlite')}` });
    const app = await buildApp(t.platform);
    try {
      await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
      await publishFile(t.platform, { file: writeTemporaryFile('a.csv', 'a\n1\n'), datasetId: 'a' }, t.platform.publishOptions);
      fs.rmSync(t.dataDir, { recursive: true, force: true });
      fs.writeFileSync(t.dataDir, 'the data directory was replaced by a file');
      const health = await app.inject('/api/health');
      assert.equal(health.statusCode, 503);
      assert.equal(health.json().data_plane.status, 'down');
      assert.equal(health.json().catalog.status, 'up');
      const records = await app.inject('/api/explore/v2.1/catalog/datasets/a/records');
      assert.equal(records.statusCode, 503);
      assert.equal(records.json().code, 'STORE_UNAVAILABLE');
    } finally {
      await app.close();
      fs.rmSync(t.dataDir, { force: true });
      await t.dispose();
      fs.rmSync(catalogDir, { recursive: true, force: true });
    }
  });
});
