// The map tab's script and stylesheet: served at the hashed URLs the page writes, as JavaScript and
// CSS, cached for a year (immutable), gzipped for the browsers that accept it; an unknown name is a
// 404. They answer on a platform without any portal too (the no-portal page does not take them).
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { testApp, type TestApp } from '../helpers/app.js';
import { createNantesPortal, publishCsv } from '../helpers/catalog.js';

describe('the map assets', () => {
  let setup: TestApp;
  let app: FastifyInstance;
  let script = '';
  let styles = '';

  before(async () => {
    setup = await testApp();
    app = setup.app;
    await createNantesPortal(setup.t.platform);
    await publishCsv(setup.t.platform, 'arrets', 'nom;latitude;longitude\nCommerce;47.2133;-1.5586\n', { title: 'Arrêts', organisation: 'nantes-metropole', visibility: 'public' });
    const page = (await app.inject({ url: '/portals/nantes/explore/dataset/arrets/map/' })).body;
    script = /<script type="module" src="([^"]+)"/.exec(page)?.[1] ?? '';
    styles = /<link rel="stylesheet" href="(\/assets\/[^"]+)"/.exec(page)?.[1] ?? '';
  });
  after(async () => setup?.dispose());

  test('the map script answers gzipped JavaScript, cached for a year', async () => {
    assert.match(script, /^\/assets\/map-[0-9a-f]{16}\.js$/);
    const response = await app.inject({ url: script, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(response.headers['content-encoding'], 'gzip');
    assert.equal(response.headers.vary, 'Accept-Encoding');
    const code = gunzipSync(response.rawPayload).toString('utf8');
    // The bundle is the map script (it reads the page's settings) with MapLibre inside.
    assert.ok(code.includes('map-config'), 'the map script is in the bundle');
    assert.ok(code.includes('maplibregl-map'), 'MapLibre is in the bundle');
    assert.ok(response.rawPayload.length < code.length / 2, 'the gzipped body is smaller');
  });

  test('without Accept-Encoding, or with gzip refused, the same script is sent as it is', async () => {
    const gzipped = await app.inject({ url: script, headers: { 'accept-encoding': 'gzip' } });
    for (const headers of [{}, { 'accept-encoding': 'gzip;q=0, identity' }]) {
      const plain = await app.inject({ url: script, headers });
      assert.equal(plain.statusCode, 200);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body, gunzipSync(gzipped.rawPayload).toString('utf8'));
    }
  });

  test("MapLibre's stylesheet answers CSS, cached the same way", async () => {
    assert.match(styles, /^\/assets\/maplibre-gl-[0-9a-f]{16}\.css$/);
    const response = await app.inject({ url: styles });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(response.body, /\.maplibregl-map\{/);
  });

  test('an unknown or outdated hash is a 404, not another version of the file', async () => {
    for (const url of ['/assets/map-0000000000000000.js', '/assets/maplibre-gl-0000000000000000.css', '/assets/map.js']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 404, url);
      assert.notEqual(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    }
  });

  test('the assets answer under a portal path and on a host no portal claims', async () => {
    assert.equal((await app.inject({ url: `/portals/nantes${script}` })).statusCode, 200);
    assert.equal((await app.inject({ url: script, headers: { host: 'nobody.example' } })).statusCode, 200);
  });

  test('only the map tab loads a script', async () => {
    for (const tab of ['', 'table/', 'information/']) {
      const page = await app.inject({ url: `/portals/nantes/explore/dataset/arrets/${tab}` });
      assert.equal(page.body.includes('/assets/map-'), false, tab);
    }
  });
});
