// The real server, started by the real command on a free port and called over HTTP.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli, startServer, stopServer } from '../helpers/cli.js';
import { temporaryDir } from '../helpers/platform.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function dataDir(): string {
  const dir = temporaryDir();
  dirs.push(dir);
  return dir;
}

/** fetch() cannot set Host; this can. */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { host } }, (response) => {
      let body = '';
      response.on('data', (c: Buffer) => (body += c.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('territoires serve', () => {
  test('--demo builds the demo region on an empty data directory and serves its three portals', async () => {
    const dir = dataDir();
    const server = await startServer(['--demo'], { TERRITOIRES_DATA_DIR: dir });
    try {
      assert.ok(fs.existsSync(path.join(dir, 'catalog.sqlite')), 'the SQLite catalog lives in the data directory');
      assert.ok(fs.readdirSync(path.join(dir, 'datasets')).length === 5, 'one folder of Parquet files per dataset');
      const health = await (await fetch(`${server.url}/api/health`)).json();
      assert.equal(health.status, 'up');
      const counts: Record<string, number> = {};
      for (const host of ['localhost', 'paysdelaloire.localhost', 'loire-atlantique.localhost', 'larochesuryon.localhost']) {
        const response = await getWithHost(`${server.url}/api/explore/v2.1/catalog/datasets`, host);
        counts[host] = JSON.parse(response.body).total_count;
      }
      assert.deepEqual(counts, { localhost: 3, 'paysdelaloire.localhost': 3, 'loire-atlantique.localhost': 1, 'larochesuryon.localhost': 1 });
      const home = await getWithHost(`${server.url}/`, 'loire-atlantique.localhost');
      assert.match(home.body, /Open data Loire-Atlantique/);
    } finally {
      await stopServer(server.child);
    }
    // A second start finds the demo there and creates nothing more.
    const again = await startServer(['--demo'], { TERRITOIRES_DATA_DIR: dir });
    try {
      assert.doesNotMatch(again.output(), /demo region created/);
      assert.equal((await (await fetch(`${again.url}/api/explore/v2.1/catalog/datasets`)).json()).total_count, 3);
    } finally {
      await stopServer(again.child);
    }
  });

  test('without --demo, an empty platform creates no demo content and says so on its home page', async () => {
    const server = await startServer([], { TERRITOIRES_DATA_DIR: dataDir() });
    try {
      const list = await (await fetch(`${server.url}/api/explore/v2.1/catalog/datasets`)).json();
      assert.deepEqual(list, { total_count: 0, results: [] });
      const home = await (await fetch(`${server.url}/`)).text();
      assert.match(home, /Aucun portail/);
    } finally {
      await stopServer(server.child);
    }
  });

  test('two platforms with different PORT and TERRITOIRES_DATA_DIR run side by side', async () => {
    const a = await startServer([], { TERRITOIRES_DATA_DIR: dataDir() });
    const b = await startServer([], { TERRITOIRES_DATA_DIR: dataDir() });
    try {
      assert.notEqual(a.url, b.url);
      assert.equal((await fetch(`${a.url}/api/health`)).status, 200);
      assert.equal((await fetch(`${b.url}/api/health`)).status, 200);
    } finally {
      await Promise.all([stopServer(a.child), stopServer(b.child)]);
    }
  });

  test('an unreachable DATABASE_URL stops the start with one line and exit code 2', async () => {
    const result = await runCli(['serve'], { TERRITOIRES_DATA_DIR: dataDir(), DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none', PORT: '0' });
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /catalogue postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none est injoignable/);
    assert.doesNotMatch(result.stderr, /secret/, 'the password is never printed');
  });

  test('a data directory that cannot be written stops the start with one line and exit code 2', async () => {
    const file = path.join(dataDir(), 'a-file');
    fs.writeFileSync(file, 'not a directory');
    const result = await runCli(['serve'], { TERRITOIRES_DATA_DIR: path.join(file, 'data'), PORT: '0' });
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /n'est pas accessible en écriture .* cannot be written/);
  });

  test('a malformed setting is refused before anything starts', async () => {
    const result = await runCli(['serve', '--port', 'eighty'], { TERRITOIRES_DATA_DIR: dataDir() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Invalid setting --port: eighty was found but a whole number is expected/);
  });
});
