// Daily quotas on the reading APIs: the X-RateLimit headers of every answer, the spec's 429 body
// past the quota (§4), a key counted apart from anonymous callers, exempt addresses never counted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';

const CATALOG = '/api/explore/v2.1/catalog/datasets';

describe('daily quotas', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp({ env: { TERRITOIRES_RATE_LIMIT_ANONYMOUS: '3', TERRITOIRES_RATE_LIMIT_KEY: '5' } });
  });
  after(async () => setup?.dispose());

  test('anonymous calls count down, then get the spec’s 429 with Retry-After; a key has its own count', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await setup.app.inject(i === 1 ? `${CATALOG}/nope/records` : CATALOG);
      assert.notEqual(response.statusCode, 429);
      assert.equal(response.headers['x-ratelimit-limit'], '3');
      assert.match(String(response.headers['x-ratelimit-reset']), /^\d{4}-\d{2}-\d{2} 00:00:00\+00:00$/);
      remaining.push(String(response.headers['x-ratelimit-remaining']));
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const refused = await setup.app.inject(`${CATALOG}?limit=1`);
    assert.equal(refused.statusCode, 429);
    const body = refused.json();
    assert.equal(body.errorcode, 10005);
    assert.equal(body.call_limit, 3);
    assert.equal(body.limit_time_unit, 'day');
    assert.equal(body.error, 'You have exceeded the requests limit for anonymous users.');
    assert.ok(typeof body.error_fr === 'string' && body.error_fr.length > 0);
    const tomorrow = new Date();
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    assert.equal(body.reset_time, `${tomorrow.toISOString().slice(0, 10)}T00:00:00Z`);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 86_400);
    assert.equal(refused.headers['access-control-allow-origin'], '*', 'a browser dashboard can read the 429');
    // The v1 API counts too.
    assert.equal((await setup.app.inject('/api/records/1.0/search/?dataset=nope')).statusCode, 429);

    const keyed = await setup.app.inject({ url: CATALOG, headers: setup.headers });
    assert.equal(keyed.statusCode, 200);
    assert.equal(keyed.headers['x-ratelimit-limit'], '5');
    assert.equal(keyed.headers['x-ratelimit-remaining'], '4');
  });

  test('the preflight, the management API and health are not counted', async () => {
    const preflight = await setup.app.inject({ method: 'OPTIONS', url: CATALOG });
    assert.equal(preflight.statusCode, 204);
    assert.equal((await setup.app.inject('/api/health')).statusCode, 200);
    const management = await setup.app.inject({ url: '/api/management/v1/datasets', headers: setup.headers });
    assert.equal(management.headers['x-ratelimit-limit'], undefined);
  });
});

describe('an exempt address', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp({ env: { TERRITOIRES_RATE_LIMIT_ANONYMOUS: '1', TERRITOIRES_RATE_LIMIT_EXEMPT: '127.0.0.1' } });
  });
  after(async () => setup?.dispose());

  test('is never counted nor refused', async () => {
    for (let i = 0; i < 3; i += 1) {
      const response = await setup.app.inject(CATALOG);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['x-ratelimit-limit'], undefined);
    }
  });
});
