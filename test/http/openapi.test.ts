// The OpenAPI document (GET /api/openapi.json) and the reference at /api/docs: the document is
// valid OpenAPI 3 (by the official JSON schemas, and every $ref and path parameter checked here),
// every route the app registers is in it with its method (and nothing it describes is missing
// from the app), real answers match the schemas it documents, and the reference page loads
// nothing from another site.
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, test } from 'node:test';
import { validate } from '@scalar/openapi-parser';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { REFERENCE_SCRIPT } from '../../src/http/api/docs.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { publishCommunesTest } from '../helpers/communes-test.js';

// ajv and ajv-formats come with Fastify (CommonJS): their class and function are the default export's own default.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

type Json = Record<string, unknown>;
interface Doc extends Json {
  openapi: string;
  info: Json;
  servers: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, Json> & { servers?: { url: string }[]; parameters?: Json[] }>;
  components: Json;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const EXPLORE = '/api/explore/v2.1/catalog/datasets';
const MANAGEMENT = '/api/management/v1';

/** `/a/:b/` (Fastify) and `/a/{b}` (OpenAPI) as one form: `/a/{b}`, no trailing slash. */
function normalisePath(path: string): string {
  const templated = path.replace(/:(\w+)/g, '{$1}').replace(/\/+/g, '/');
  return templated.length > 1 ? templated.replace(/\/$/, '') : templated;
}

/** The value a `#/a/b` pointer designates in the document, or undefined. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Every `$ref` in the document, with where it is. */
function refsOf(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsOf(item, `${at}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : refsOf(value, `${at}/${key}`)));
}

function operationsOf(doc: Doc): { path: string; method: string; operation: Json; servers: { url: string }[] }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ path, method, operation: operation as Json, servers: item.servers ?? doc.servers })),
  );
}

describe('OpenAPI document and API reference', () => {
  let setup: TestApp;
  let app: FastifyInstance;
  let doc: Doc;
  const registered: { method: string; url: string }[] = [];
  // The app is built inside testApp(): Fastify announces each new instance on this channel, early
  // enough to add an onRoute hook that sees every route the app registers.
  const collectRoutes = (message: unknown) => {
    (message as { fastify: FastifyInstance }).fastify.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) registered.push({ method: String(method), url: route.url });
    });
  };

  before(async () => {
    diagnostics.subscribe('fastify.initialization', collectRoutes);
    try {
      setup = await testApp();
    } finally {
      diagnostics.unsubscribe('fastify.initialization', collectRoutes);
    }
    app = setup.app;
    await publishCommunesTest(setup.t.platform);
    const response = await app.inject('/api/openapi.json');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    doc = response.json();
  });
  after(async () => setup?.dispose());

  test('the document is valid OpenAPI 3 by the official JSON schemas', async () => {
    assert.match(doc.openapi, /^3\.[01]\.\d+$/);
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');
    const result = await validate(structuredClone(doc));
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  test('every $ref resolves, every operation is complete, every path parameter is declared', () => {
    const refs = refsOf(doc);
    assert.ok(refs.length > 50, 'the document shares its components');
    for (const { at, ref } of refs) assert.notEqual(resolvePointer(doc, ref), undefined, `${ref} at ${at}`);

    const deref = (value: unknown): Json => {
      const ref = (value as { $ref?: string }).$ref;
      return (ref ? resolvePointer(doc, ref) : value) as Json;
    };
    const tags = new Set(doc.tags.map((t) => t.name));
    const ids = new Set<string>();
    for (const { path, method, operation } of operationsOf(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(typeof operation.summary === 'string' && operation.summary.length > 0, `${where}: summary`);
      assert.ok(typeof operation.operationId === 'string' && !ids.has(operation.operationId), `${where}: a unique operationId`);
      ids.add(operation.operationId as string);
      for (const tag of operation.tags as string[]) assert.ok(tags.has(tag), `${where}: tag ${tag} is declared`);
      assert.ok(Object.keys(operation.responses as Json).length > 0, `${where}: responses`);
      const parameters = [...(doc.paths[path]?.parameters ?? []), ...((operation.parameters as Json[] | undefined) ?? [])].map(deref);
      const declared = parameters.filter((p) => p.in === 'path');
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      assert.deepEqual(declared.map((p) => p.name).sort(), [...templated].sort(), `${where}: path parameters`);
      for (const p of declared) assert.equal(p.required, true, `${where}: ${String(p.name)} is required`);
      const names = parameters.map((p) => `${String(p.in)}:${String(p.name)}`);
      assert.equal(new Set(names).size, names.length, `${where}: no parameter twice`);
    }
  });

  test('every route the app registers is documented with its method, and every documented one exists', () => {
    const ownAssets = new Set([REFERENCE_SCRIPT]);
    // The portal's web pages (src/http/web/) are not an API; everything under /api is.
    const isApi = (path: string) => path.replace(/^\/portals\/\{portalSlug\}/, '').startsWith('/api/');
    const routes = registered
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !ownAssets.has(normalisePath(r.url)) && isApi(normalisePath(r.url)))
      .map((r) => `${r.method} ${normalisePath(r.url)}`);
    assert.ok(routes.length > 30, `the routes were collected (${routes.length})`);
    // A documented operation answers at each of its servers' URLs: `/portals/{portalSlug}` + path.
    const documented = new Set(operationsOf(doc).flatMap(({ path, method, servers }) => servers.map((s) => `${method.toUpperCase()} ${normalisePath(`${s.url}/${path}`)}`)));
    const missing = [...new Set(routes)].filter((r) => !documented.has(r));
    assert.deepEqual(missing, [], 'routes missing from src/http/api/openapi/');
    const registeredSet = new Set(routes);
    assert.deepEqual([...documented].filter((d) => !registeredSet.has(d)), [], 'documented but not registered');
    // The management API, health and the reference answer at the root only.
    assert.ok(documented.has(`GET /portals/{portalSlug}${EXPLORE}/{dataset_id}/records`));
    assert.ok(!documented.has(`GET /portals/{portalSlug}${MANAGEMENT}/jobs`));
  });

  test('servers are relative, so that the document works on any portal host', () => {
    for (const server of [...doc.servers, ...Object.values(doc.paths).flatMap((p) => p.servers ?? [])]) {
      assert.match(server.url, /^\//, server.url);
    }
  });

  test('the documented limits are those the API applies (ODS §3: limit ≤ 100, offset + limit ≤ 10,000)', async () => {
    const parameter = (path: string, name: string) => {
      const all = ((doc.paths[path]?.get?.parameters as Json[] | undefined) ?? []).map((p) => ((p.$ref ? resolvePointer(doc, p.$ref as string) : p) as Json));
      return all.find((p) => p.name === name && p.in === 'query') as Json & { schema: Json };
    };
    const records = `${EXPLORE}/communes-test/records`;
    const limit = parameter(`${EXPLORE}/{dataset_id}/records`, 'limit');
    assert.deepEqual([limit.schema.minimum, limit.schema.maximum, limit.schema.default], [-1, 20_000, 10], 'up to 20,000 with group_by');
    assert.match(String(limit.description), /-1 \(the most allowed\) to 100, and offset \+ limit ≤ 10,000; with `group_by`, up to 20,000 and offset \+ limit ≤ 20,000/);
    assert.equal(((await app.inject(records)).json() as { results: unknown[] }).results.length, 10, 'the fixture has 50 rows; the default page holds 10');
    assert.equal((await app.inject(`${records}?limit=100&offset=9900`)).statusCode, 200);
    assert.equal((await app.inject(`${records}?limit=100&offset=9901`)).statusCode, 400);
    assert.equal((await app.inject(`${records}?limit=101`)).statusCode, 400);
    assert.equal((await app.inject(`${records}?limit=101&group_by=departement`)).statusCode, 200);
    assert.equal((await app.inject(`${records}?limit=20001&group_by=departement`)).statusCode, 400);
    assert.deepEqual(parameter(EXPLORE, 'limit'), limit, 'the catalog has the same caps');
  });

  describe('real answers match the documented schemas', () => {
    let ajv: InstanceType<typeof Ajv2020>;
    const DOC_ID = 'https://territoires.invalid/openapi.json';

    before(() => {
      // OpenAPI 3.1 schemas are JSON Schema 2020-12; the document's own keys (paths, info…) are not schema keywords.
      ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
      addFormats(ajv);
      ajv.addSchema({ ...doc, $id: DOC_ID });
    });

    /** The documented schema of that answer. */
    function schemaOf(path: string, method: string, status: number, mediaType = 'application/json'): Json {
      let response = doc.paths[path]?.[method]?.responses as Json | undefined;
      let answer = response?.[String(status)] as Json | undefined;
      if (answer?.$ref) answer = resolvePointer(doc, answer.$ref as string) as Json;
      response = answer?.content as Json | undefined;
      const schema = (response?.[mediaType] as Json | undefined)?.schema as Json | undefined;
      assert.ok(schema, `${method.toUpperCase()} ${path} documents a ${status} ${mediaType} answer`);
      return schema;
    }

    let compiled = 0;
    /** A validator of that schema, compiled beside the document so that its refs resolve. */
    function validator(schema: Json) {
      compiled += 1;
      return ajv.compile({ ...(rebase(schema) as Json), $id: `${DOC_ID}/check/${compiled}` });
    }

    function assertMatches(body: unknown, schema: Json, what: string): void {
      const check = validator(schema);
      assert.ok(check(body), `${what}: ${ajv.errorsText(check.errors)}`);
    }

    /** Internal refs written `#/components/…` point into the document, wherever the schema is compiled. */
    function rebase(node: unknown): unknown {
      if (Array.isArray(node)) return node.map(rebase);
      if (typeof node !== 'object' || node === null) return node;
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${DOC_ID}${v}` : rebase(v)]));
    }

    async function check(url: string, path: string, status: number, options: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; headers?: Record<string, string>; payload?: unknown; mediaType?: string } = {}) {
      const method = options.method ?? 'GET';
      const response = await app.inject({ method, url, headers: options.headers, ...(options.payload === undefined ? {} : { payload: options.payload as Json }) });
      assert.equal(response.statusCode, status, `${method} ${url}: ${response.body.slice(0, 300)}`);
      assertMatches(response.json(), schemaOf(path, method.toLowerCase(), status, options.mediaType), `${method} ${url}`);
      return response.json() as Json;
    }

    test('the check tells a wrong answer from a right one', () => {
      const recordList = schemaOf(`${EXPLORE}/{dataset_id}/records`, 'get', 200);
      assert.ok(!validator(recordList)({ results: [] }), 'total_count is required');
      assert.ok(validator(recordList)({ total_count: 0, results: [] }));
      const error = schemaOf(EXPLORE, 'get', 400);
      assert.ok(!validator(error)({ error_code: 'InvalidRESTParameterError', message: 'm' }), 'message_fr and code are required');
      assert.ok(!validator(error)({ error_code: 'InvalidRESTParameterError', message: 'm', message_fr: 'm', code: 'NO_SUCH_CODE' }), 'code is one of src/errors.ts');
    });

    test('Explore: catalog, dataset, records, facets, exports, attachments', async () => {
      const catalog = await check(EXPLORE, EXPLORE, 200);
      assert.equal(catalog.total_count, 1);
      await check(`${EXPLORE}?select=features, count(*) as n&group_by=features`, EXPLORE, 200);
      await check('/api/explore/v2.1/catalog/facets', '/api/explore/v2.1/catalog/facets', 200);
      await check('/api/explore/v2.1/catalog/exports', '/api/explore/v2.1/catalog/exports', 200);
      await check('/api/explore/v2.1/catalog/exports/json', '/api/explore/v2.1/catalog/exports/{format}', 200);
      await check(`${EXPLORE}/communes-test`, `${EXPLORE}/{dataset_id}`, 200);
      const records = await check(`${EXPLORE}/communes-test/records?limit=3`, `${EXPLORE}/{dataset_id}/records`, 200);
      assert.equal(records.total_count, 50);
      await check(`${EXPLORE}/communes-test/records?select=departement,count(*) as n&group_by=departement`, `${EXPLORE}/{dataset_id}/records`, 200);
      const linked = await check(`${EXPLORE}/communes-test/records?limit=1&include_links=true`, `${EXPLORE}/{dataset_id}/records`, 200);
      const self = ((linked.results as { _links: { rel: string; href: string }[] }[])[0]?._links ?? []).find((l) => l.rel === 'self')?.href ?? '';
      assert.match(self, /\/records\/[0-9a-f]{40}$/, 'a record links to itself (E7)');
      await check(new URL(self).pathname, `${EXPLORE}/{dataset_id}/records/{record_id}`, 200);
      await check(`${EXPLORE}/communes-test/facets?refine=date_maj:2024`, `${EXPLORE}/{dataset_id}/facets`, 200);
      await check(`${EXPLORE}/communes-test/exports`, `${EXPLORE}/{dataset_id}/exports`, 200);
      const rows = await check(`${EXPLORE}/communes-test/exports/json?limit=5`, `${EXPLORE}/{dataset_id}/exports/{format}`, 200);
      assert.equal((rows as unknown as unknown[]).length, 5);
      await check(`${EXPLORE}/communes-test/exports/geojson?limit=5`, `${EXPLORE}/{dataset_id}/exports/{format}`, 200, { mediaType: 'application/geo+json' });
      await check(`${EXPLORE}/communes-test/attachments`, `${EXPLORE}/{dataset_id}/attachments`, 200);
    });

    test('every documented export format answers with one of the documented media types', async () => {
      for (const [path, url] of [
        [`${EXPLORE}/{dataset_id}/exports/{format}`, `${EXPLORE}/communes-test/exports`],
        ['/api/explore/v2.1/catalog/exports/{format}', '/api/explore/v2.1/catalog/exports'],
      ] as const) {
        const operation = doc.paths[path]?.get as { parameters: Json[]; responses: Record<string, { content: Json }> };
        const formats = (operation.parameters.find((p) => p.name === 'format')?.schema as { enum: string[] }).enum;
        const mediaTypes = Object.keys(operation.responses['200']?.content ?? {});
        assert.ok(formats.length >= 3, path);
        for (const format of formats) {
          for (const query of ['limit=2', 'limit=2&compressed=true']) {
            const response = await app.inject(`${url}/${format}?${query}`);
            assert.equal(response.statusCode, 200, `${format}?${query}: ${response.body.slice(0, 200)}`);
            const mediaType = String(response.headers['content-type']).split(';')[0];
            assert.ok(mediaTypes.includes(mediaType ?? ''), `${format}?${query} answers ${mediaType}, documented: ${mediaTypes.join(', ')}`);
          }
        }
      }
    });

    test('the v1 search: records and facets, and its own error body', async () => {
      const v1 = await check('/api/records/1.0/search?dataset=communes-test&rows=2&facet=departement', '/api/records/1.0/search', 200);
      assert.equal(v1.nhits, 50);
      await check('/api/records/1.0/search', '/api/records/1.0/search', 200, { method: 'POST', payload: { dataset: 'communes-test', q: 'nantes' } });
      await check('/api/records/1.0/search?dataset=nope', '/api/records/1.0/search', 404);
      await check('/api/records/1.0/search?dataset=communes-test&rows=10001', '/api/records/1.0/search', 400);
    });

    test('errors: the documented body, for a bad parameter, an unknown dataset, a bad key', async () => {
      const over = await check(`${EXPLORE}/communes-test/records?limit=101`, `${EXPLORE}/{dataset_id}/records`, 400);
      assert.equal(over.error_code, 'InvalidRESTParameterError');
      const odsql = await check(`${EXPLORE}/communes-test/records?where=foo > 1`, `${EXPLORE}/{dataset_id}/records`, 400);
      assert.deepEqual(odsql.location, { parameter: 'where', column: 1 });
      await check(`${EXPLORE}/nope`, `${EXPLORE}/{dataset_id}`, 404);
      await check(EXPLORE, EXPLORE, 401, { headers: { authorization: 'Apikey not-a-key' } });
      await check(`${MANAGEMENT}/jobs`, `${MANAGEMENT}/jobs`, 401);
    });

    test('management API, health and this document', async () => {
      const headers = setup.headers;
      await check(`${MANAGEMENT}/organisations`, `${MANAGEMENT}/organisations`, 200, { headers });
      await check(`${MANAGEMENT}/datasets`, `${MANAGEMENT}/datasets`, 200, { headers });
      await check(`${MANAGEMENT}/datasets/communes-test`, `${MANAGEMENT}/datasets/{dataset_id}`, 200, { headers });
      await check(`${MANAGEMENT}/datasets/communes-test/versions`, `${MANAGEMENT}/datasets/{dataset_id}/versions`, 200, { headers });
      await check(`${MANAGEMENT}/jobs`, `${MANAGEMENT}/jobs`, 200, { headers });
      await check(`${MANAGEMENT}/datasets/communes-test`, `${MANAGEMENT}/datasets/{dataset_id}`, 200, { method: 'PATCH', headers, payload: { title: 'Communes' } });
      await check(`${MANAGEMENT}/datasets/communes-test/records?key=code_insee`, `${MANAGEMENT}/datasets/{dataset_id}/records`, 200, { method: 'POST', headers, payload: [{ code_insee: '44109', nom: 'Nantes' }] });
      await check('/api/health', '/api/health', 200);
      await check('/api/openapi.json', '/api/openapi.json', 200);
    });

    test('past the daily quota: the documented 429, body and headers', async () => {
      const limited = await testApp({ env: { TERRITOIRES_RATE_LIMIT_ANONYMOUS: '1' } });
      try {
        assert.equal((await limited.app.inject(EXPLORE)).statusCode, 200);
        const over = await limited.app.inject(EXPLORE);
        assert.equal(over.statusCode, 429);
        assertMatches(over.json(), schemaOf(EXPLORE, 'get', 429), 'the 429 body');
        const documented = Object.keys((resolvePointer(doc, '#/components/responses/TooManyRequests') as { headers: Json }).headers);
        for (const header of documented) assert.ok(over.headers[header.toLowerCase()] !== undefined, `${header} is sent`);
      } finally {
        await limited.dispose();
      }
    });

    test('the documented error examples are bodies the API could send', () => {
      const responses = doc.components.responses as Record<string, { content: Record<string, { example: unknown; schema: Json }> }>;
      for (const [name, response] of Object.entries(responses)) {
        const { example, schema } = response.content['application/json'] ?? {};
        assert.ok(example !== undefined && schema, name);
        assertMatches(example, schema, `example of ${name}`);
      }
      assert.deepEqual((responses.NotFound?.content['application/json']?.example as Json).message, 'The requested dataset nope does not exist.', 'ODS §4, verbatim');
    });
  });

  test('/api/docs is the interactive reference, pointed at /api/openapi.json, with local assets only', async () => {
    for (const url of ['/api/docs', '/api/docs/']) {
      const page = await app.inject(url);
      assert.equal(page.statusCode, 200, url);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      const assets = [...page.body.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1] ?? '');
      assert.deepEqual(assets, [REFERENCE_SCRIPT], 'one script, served here');
      assert.doesNotMatch(page.body, /https?:\/\/|\/\/cdn/i, 'no other site named in the page');
      assert.match(page.body, /"url": "\/api\/openapi\.json"/);
      assert.match(page.body, /"withDefaultFonts": false/, 'no fonts from fonts.scalar.com');
    }
    const script = await app.inject(REFERENCE_SCRIPT);
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.ok(script.body.length > 100_000 && script.body.includes('createApiReference'), 'Scalar’s bundle');
  });
});
