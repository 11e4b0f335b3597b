// Security headers: what a browser is told on pages, embeds, the API and the API reference.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string[]> {
  assert.equal(typeof header, 'string', 'a Content-Security-Policy header');
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

describe('security headers', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp({ env: { TERRITOIRES_MAP_STYLE_URL: 'https://tiles.example.org/styles/positron.json' } });
    // A page that declares itself embeddable, registered only here: the flag is enough.
    setup.app.get('/test-widget', { config: { embeddable: true } }, async (_request, reply) => reply.type('text/html').send('<p>widget</p>'));
  });
  after(async () => setup?.dispose());

  test('a page runs only this site’s scripts, may not be framed, and says so with nosniff and a referrer policy', async () => {
    const response = await setup.app.inject('/explore/');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    const csp = directives(response.headers['content-security-policy']);
    assert.deepEqual(csp.get('script-src'), ["'self'"]);
    assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(csp.get('object-src'), ["'none'"]);
    assert.ok(csp.get('worker-src')?.includes('blob:'), 'MapLibre’s workers');
    assert.ok(csp.get('style-src')?.includes("'unsafe-inline'"), 'the layout’s <style>');
    // The base map's origin, for its style, tiles, sprites and glyphs; nothing else outside.
    assert.deepEqual(csp.get('connect-src'), ["'self'", 'https://tiles.example.org']);
    assert.ok(csp.get('img-src')?.includes('https://tiles.example.org'));
  });

  test('the embed routes, and any route flagged embeddable, may be framed by any site', async () => {
    const embed = await setup.app.inject('/explore/embed/dataset/nope/table/');
    assert.equal(embed.statusCode, 404);
    assert.deepEqual(directives(embed.headers['content-security-policy']).get('frame-ancestors'), ['*']);
    assert.deepEqual(directives(embed.headers['content-security-policy']).get('script-src'), ["'self'"]);
    const widget = await setup.app.inject('/test-widget');
    assert.deepEqual(directives(widget.headers['content-security-policy']).get('frame-ancestors'), ['*']);
    // A path that only starts like an embed is not one.
    const lookalike = await setup.app.inject('/explore/dataset/embedded/');
    assert.deepEqual(directives(lookalike.headers['content-security-policy']).get('frame-ancestors'), ["'none'"]);
  });

  test('the API keeps its CORS headers and gets the same protections', async () => {
    const response = await setup.app.inject('/api/explore/v2.1/catalog/datasets');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(directives(response.headers['content-security-policy']).get('frame-ancestors'), ["'none'"]);
    const preflight = await setup.app.inject({ method: 'OPTIONS', url: '/api/explore/v2.1/catalog/datasets', headers: { origin: 'https://dashboard.example', 'access-control-request-method': 'GET' } });
    assert.equal(preflight.statusCode, 204);
    assert.match(String(preflight.headers['access-control-allow-headers']), /ODS-Widgets-Version/);
  });

  test('the API reference runs its own inline start-up script, by hash, and no other', async () => {
    const response = await setup.app.inject('/api/docs');
    assert.equal(response.statusCode, 200);
    const inline = [...response.body.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    assert.ok(inline.length > 0, 'Scalar starts from an inline script');
    const scripts = directives(response.headers['content-security-policy']).get('script-src') ?? [];
    assert.ok(!scripts.includes("'unsafe-inline'"));
    for (const script of inline) assert.ok(scripts.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`));
    // Elsewhere no hash is allowed.
    const page = await setup.app.inject('/explore/');
    assert.deepEqual(directives(page.headers['content-security-policy']).get('script-src'), ["'self'"]);
  });
});
