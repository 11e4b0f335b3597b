// Limits on calls: the reading APIs' daily quotas (X-RateLimit headers on every answer, the spec's
// 429 body past the quota, §4), the per-minute limit of every API, per key, account or address,
// sign-in attempts per address, files validated on the /valider page as API calls, exempt addresses
// never counted, addresses behind a trusted proxy.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/auth/index.js';
import { createPortal, insertUser } from '../../src/catalog/index.js';
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
    // Another address has its own count.
    const elsewhere = await setup.app.inject({ url: CATALOG, remoteAddress: '203.0.113.7' });
    assert.equal(elsewhere.statusCode, 200);
    assert.equal(elsewhere.headers['x-ratelimit-remaining'], '2');

    const keyed = await setup.app.inject({ url: CATALOG, headers: setup.headers });
    assert.equal(keyed.statusCode, 200);
    assert.equal(keyed.headers['x-ratelimit-limit'], '5');
    assert.equal(keyed.headers['x-ratelimit-remaining'], '4');
  });

  test('a user’s key has the keys’ quota and its own count, whatever the address', async () => {
    const user = await insertUser(setup.t.platform.db, { email: 'agent@mairie.example', name: 'Agent' });
    const { key } = await createApiKey(setup.t.platform.db, { name: 'tableau de bord', scopes: ['read'], userId: user.id });
    const remaining: string[] = [];
    for (const remoteAddress of ['127.0.0.1', '198.51.100.1', '198.51.100.2']) {
      const response = await setup.app.inject({ url: CATALOG, remoteAddress, headers: { authorization: `Apikey ${key}` } });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['x-ratelimit-limit'], '5');
      remaining.push(String(response.headers['x-ratelimit-remaining']));
    }
    assert.deepEqual(remaining, ['4', '3', '2']);
    const refused = await setup.app.inject({ url: `${CATALOG}?apikey=${key}`, remoteAddress: '198.51.100.3' });
    assert.equal(refused.statusCode, 200, 'the same key given as a parameter is the same count');
    assert.equal(refused.headers['x-ratelimit-remaining'], '1');
  });

  test('the preflight, health and the management API have no daily quota', async () => {
    const preflight = await setup.app.inject({ method: 'OPTIONS', url: CATALOG });
    assert.equal(preflight.statusCode, 204);
    assert.equal((await setup.app.inject('/api/health')).statusCode, 200);
    const management = await setup.app.inject({ url: '/api/management/v1/datasets', headers: setup.headers });
    assert.equal(management.statusCode, 200);
    assert.equal(management.headers['x-ratelimit-limit'], undefined);
  });
});

describe('calls a minute, on every API', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp({ env: { TERRITOIRES_RATE_LIMIT_MINUTE_ANONYMOUS: '2', TERRITOIRES_RATE_LIMIT_MINUTE_KEY: '3' } });
    // Pages answer only where a portal does.
    await createPortal(setup.t.platform.db, { slug: 'region', title: 'Open data', hostnames: [], scope: null, isDefault: true });
  });
  after(async () => setup?.dispose());

  test('the management API refuses a key past its limit with 429, Retry-After and the error body', async () => {
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await setup.app.inject({ url: '/api/management/v1/datasets', headers: setup.headers })).statusCode, 200);
    }
    const refused = await setup.app.inject({ url: '/api/management/v1/organisations', headers: setup.headers });
    assert.equal(refused.statusCode, 429);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
    const body = refused.json();
    assert.equal(body.code, 'RATE_LIMITED');
    assert.match(body.message, /at most 3 a minute for this key or account/);
    assert.match(body.message_fr, /au plus 3 par minute pour cette clé ou ce compte/);
  });

  test('the push API and the Explore API count anonymous callers per address', async () => {
    const push = '/api/push/1.0/nope/realtime/push/?pushkey=wrong';
    const address = '192.0.2.10';
    for (let i = 0; i < 2; i += 1) {
      const response = await setup.app.inject({ method: 'POST', url: push, remoteAddress: address, payload: { a: 1 } });
      assert.notEqual(response.statusCode, 429);
    }
    const refused = await setup.app.inject({ method: 'POST', url: push, remoteAddress: address, payload: { a: 1 } });
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.match(refused.json().message, /for your address/);
    // The same address is refused on the Explore API too, with the spec's body; another is not.
    const explore = await setup.app.inject({ url: CATALOG, remoteAddress: address });
    assert.equal(explore.statusCode, 429);
    assert.equal(explore.json().limit_time_unit, 'minute');
    assert.equal(explore.json().call_limit, 2);
    assert.equal(explore.headers['x-ratelimit-remaining'], '50000', 'the daily quota’s headers; a refused call does not spend it');
    assert.equal((await setup.app.inject({ url: CATALOG, remoteAddress: '192.0.2.11' })).statusCode, 200);
  });

  test('pages are not counted', async () => {
    for (let i = 0; i < 4; i += 1) assert.equal((await setup.app.inject({ url: '/explore/', remoteAddress: '192.0.2.20' })).statusCode, 200);
  });

  test('validating a file on /valider counts as an API call: past the limit, a 429 page in French with Retry-After', async () => {
    const address = '192.0.2.30';
    const validate = () => setup.app.inject({ method: 'POST', url: '/valider', remoteAddress: address, headers: { 'content-type': 'multipart/form-data; boundary=b' }, payload: '--b--\r\n' });
    for (let i = 0; i < 2; i += 1) assert.notEqual((await validate()).statusCode, 429);
    const refused = await validate();
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.match(String(refused.headers['content-type']), /^text\/html/);
    assert.match(refused.body, /Trop de requêtes : au plus 2 par minute pour votre adresse/);
    // The form itself stays open, and so does another address.
    assert.equal((await setup.app.inject({ url: '/valider', remoteAddress: address })).statusCode, 200);
    assert.notEqual((await setup.app.inject({ method: 'POST', url: '/valider', remoteAddress: '192.0.2.31', headers: { 'content-type': 'multipart/form-data; boundary=b' }, payload: '--b--\r\n' })).statusCode, 429);
  });
});

describe('sign-in attempts', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp({ env: { TERRITOIRES_RATE_LIMIT_SIGN_IN: '2' } });
    // A stand-in for the sign-in form's POST: any route flagged so is counted per address.
    setup.app.post('/test-sign-in', { config: { rateLimit: 'sign-in' } }, async () => ({ ok: true }));
  });
  after(async () => setup?.dispose());

  test('are limited per address, with Retry-After and a message in both languages', async () => {
    for (let i = 0; i < 2; i += 1) assert.equal((await setup.app.inject({ method: 'POST', url: '/test-sign-in', remoteAddress: '192.0.2.30' })).statusCode, 200);
    const refused = await setup.app.inject({ method: 'POST', url: '/test-sign-in', remoteAddress: '192.0.2.30' });
    assert.equal(refused.statusCode, 429);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 900, String(retryAfter));
    assert.equal(refused.json().code, 'SIGN_IN_RATE_LIMITED');
    assert.match(refused.json().message_fr, /Trop de tentatives de connexion/);
    assert.equal((await setup.app.inject({ method: 'POST', url: '/test-sign-in', remoteAddress: '192.0.2.31' })).statusCode, 200);
  });
});

describe('behind a trusted reverse proxy', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp({ env: { TERRITOIRES_RATE_LIMIT_ANONYMOUS: '1', TERRITOIRES_TRUST_PROXY: '127.0.0.1' } });
  });
  after(async () => setup?.dispose());

  test('each forwarded address has its own count', async () => {
    const call = (forwarded: string) => setup.app.inject({ url: CATALOG, headers: { 'x-forwarded-for': forwarded } });
    assert.equal((await call('203.0.113.1')).statusCode, 200);
    assert.equal((await call('203.0.113.1')).statusCode, 429);
    assert.equal((await call('203.0.113.2')).statusCode, 200);
  });
});

describe('an exempt address', () => {
  let setup: TestApp;
  before(async () => {
    setup = await testApp({ env: { TERRITOIRES_RATE_LIMIT_ANONYMOUS: '1', TERRITOIRES_RATE_LIMIT_MINUTE_ANONYMOUS: '1', TERRITOIRES_RATE_LIMIT_EXEMPT: '127.0.0.1' } });
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
