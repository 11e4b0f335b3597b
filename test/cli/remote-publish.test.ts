// `territoires publish --remote`: a publisher's script publishes to a platform running elsewhere,
// with an API key of their organisation, and gets the same answer as a local publish; without
// rights it is refused with the platform's own message.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import { createApiKey } from '../../src/auth/index.js';
import { createOrganisation } from '../../src/catalog/index.js';
import { runCli } from '../helpers/cli.js';
import { testApp, type TestApp } from '../helpers/app.js';

describe('territoires publish --remote', () => {
  let setup: TestApp;
  let url: string;
  let orgKey: string;
  let readKey: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'territoires-remote-'));
  const csv = path.join(dir, 'equipements.csv');
  before(async () => {
    setup = await testApp();
    const orvault = await createOrganisation(setup.t.platform.db, { name: 'Orvault', kind: 'commune', slug: 'orvault' });
    orgKey = (await createApiKey(setup.t.platform.db, { name: 'scripts', scopes: ['read', 'publish'], organisationId: orvault.id })).key;
    readKey = (await createApiKey(setup.t.platform.db, { name: 'lecture', scopes: ['read'], organisationId: orvault.id })).key;
    await setup.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(setup.app.server.address() as AddressInfo).port}`;
    fs.writeFileSync(csv, 'code_insee;equipement;places\n44114;Piscine;120\n44114;Gymnase;300\n');
  });
  after(async () => {
    await setup?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('publishes the file as a private dataset of the key’s organisation', async () => {
    const result = await runCli(['publish', csv, '--dataset', 'orvault-equipements', '--visibility', 'private', '--remote', url], { TERRITOIRES_API_KEY: orgKey });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /orvault-equipements v1, 2 enregistrements/);
    assert.match(result.stdout, /code_insee\s+text/);
    const meta = await setup.app.inject({ url: '/api/management/v1/datasets/orvault-equipements', headers: setup.headers });
    assert.equal(meta.json().owner, 'orvault');
    assert.equal(meta.json().visibility_level, 'private');
    assert.equal((await setup.app.inject('/api/explore/v2.1/catalog/datasets/orvault-equipements')).statusCode, 404);
  });

  test('a key without the publish scope is refused, with the platform’s message', async () => {
    const result = await runCli(['publish', csv, '--dataset', 'orvault-autre', '--remote', url, '--api-key', readKey]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /403/);
    assert.match(result.stderr, /droit/);
  });

  test('no key, or a platform that does not answer: a clear error', async () => {
    const noKey = await runCli(['publish', csv, '--dataset', 'x', '--remote', url], { TERRITOIRES_API_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /TERRITOIRES_API_KEY/);
    const down = await runCli(['publish', csv, '--dataset', 'x', '--remote', 'http://127.0.0.1:9', '--api-key', orgKey]);
    assert.equal(down.code, 2);
    assert.match(down.stderr, /ne répond pas/);
  });
});
