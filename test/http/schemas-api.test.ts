// The Table Schema API (docs/schemas.md): the registry and the validation of a file, open to anyone
// and storing nothing; a dataset's declared schema and policy (who may block), what publishing does
// with them (422 under `block`, a report kept under `warn`, `conforms_to` and the catalog's
// "schema" facet for a conforming version); the registry's administration; a private dataset's
// report hidden like the dataset. Findings asserted here were read in the shipped example files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/auth/index.js';
import { createOrganisation, insertUser, listAudit, setMembership } from '../../src/catalog/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';

const SCHEMAS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas');
const VALID = fs.readFileSync(path.join(SCHEMAS_DIR, 'subventions/example-valid.csv'));
const INVALID = fs.readFileSync(path.join(SCHEMAS_DIR, 'subventions/example-invalid.csv'));
const SUBVENTIONS = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'subventions/schema.json'), 'utf8')) as { name: string; version: string; fields: unknown[] };
/** The example files have no cell over several lines: one record a line after the header. */
const recordsOf = (file: Buffer) => file.toString('utf8').trim().split('\n').length - 1;

interface Finding {
  code: string;
  severity: string;
  row: number | null;
  line: number | null;
  field: string | null;
  value: string | null;
  message: { fr: string; en: string };
}
interface Report {
  valid: boolean;
  errorCount: number;
  warningCount: number;
  errors: Finding[];
  warnings: Finding[];
  counts: Record<string, number>;
  table: { rows: number; columns: string[] };
  schema: { name: string | null; version: string | null };
}

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

/** The body of a multipart form with one `file` part, as a browser sends it. */
function multipart(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----territoires-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function hasFinding(findings: Finding[], expected: Partial<Finding>): boolean {
  return findings.some((f) => Object.entries(expected).every(([k, v]) => f[k as keyof Finding] === v));
}

for (const { backend, skip } of BACKENDS) {
  describe(`Table Schema API (${backend})`, { skip }, () => {
    let setup: TestApp;
    let server: http.Server;
    let base: string;
    const keys: Record<string, Record<string, string>> = {};

    before(async () => {
      setup = await testApp({ backend });
      const db = setup.t.platform.db;
      const poitiers = await createOrganisation(db, { name: 'Poitiers', kind: 'commune', slug: 'poitiers' });
      for (const [name, role] of [['editrice', 'editor'], ['administratrice', 'admin']] as const) {
        const user = await insertUser(db, { email: `${name}@poitiers.fr`, name });
        await setMembership(db, user.id, poitiers.id, role);
        keys[name] = { authorization: `Apikey ${(await createApiKey(db, { name, scopes: ['read', 'publish', 'admin'], userId: user.id })).key}` };
      }
      // Schemas served on this machine: refused unless an administrator allows the host.
      server = http.createServer((request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(request.url === '/broken.json' ? '{"fields": "not a list"}' : JSON.stringify(SUBVENTIONS));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server?.close();
      await setup?.dispose();
    });

    const validate = (query: string, body: Buffer, headers: Record<string, string> = { 'content-type': 'text/csv' }) =>
      setup.app.inject({ method: 'POST', url: `/api/schemas/v1/validate?${query}`, headers, payload: body });
    const publish = (id: string, file: Buffer, query = '', headers = setup.headers) =>
      setup.app.inject({ method: 'PUT', url: `/api/management/v1/datasets/${id}/data?filename=${id}.csv${query}`, headers: { ...headers, 'content-type': 'text/csv' }, payload: file });
    const setSchema = (id: string, body: object, headers = setup.headers) => setup.app.inject({ method: 'PUT', url: `/api/management/v1/datasets/${id}/schema`, headers, payload: body });
    const versions = async (id: string) => (await setup.app.inject({ url: `/api/management/v1/datasets/${id}/versions`, headers: setup.headers })).json().results as {
      number: number;
      live: boolean;
      records_count: number;
      conforms_to: string | null;
      validation: { valid: boolean; errors: number; warnings: number } | null;
    }[];

    test('the registry lists every shipped schema, anonymously; one schema shows its descriptor', async () => {
      const response = await setup.app.inject('/api/schemas/v1/schemas');
      assert.equal(response.statusCode, 200);
      const body = response.json() as { total_count: number; results: { name: string; version: string; origin: string; field_count: number }[] };
      const shipped = fs.readdirSync(SCHEMAS_DIR).filter((d) => fs.existsSync(path.join(SCHEMAS_DIR, d, 'schema.json'))).sort();
      assert.deepEqual(body.results.map((r) => r.name), shipped);
      assert.equal(body.total_count, shipped.length);
      const subventions = body.results.find((r) => r.name === 'subventions');
      assert.deepEqual([subventions?.version, subventions?.origin, subventions?.field_count], ['2.1.1', 'shipped', SUBVENTIONS.fields.length]);

      const one = await setup.app.inject('/api/schemas/v1/schemas/subventions');
      assert.equal(one.statusCode, 200);
      assert.deepEqual(one.json().descriptor, SUBVENTIONS);
      assert.equal(one.json().homepage, 'https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json');
      const unknown = await setup.app.inject('/api/schemas/v1/schemas/lieux-de-collecte');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().code, 'SCHEMA_NOT_FOUND');
      assert.match(unknown.json().message_fr, /pas de schéma lieux-de-collecte/);
    });

    test('a conforming file: valid, every record read, nothing published and no file left behind', async () => {
      const response = await validate('schema=subventions', VALID);
      assert.equal(response.statusCode, 200, response.body);
      const report = response.json() as Report;
      assert.equal(report.valid, true);
      assert.equal(report.errorCount, 0);
      assert.deepEqual(report.errors, []);
      assert.equal(report.table.rows, recordsOf(VALID));
      assert.deepEqual([report.schema.name, report.schema.version], ['subventions', '2.1.1']);
      const catalog = await setup.app.inject({ url: '/api/explore/v2.1/catalog/datasets', headers: setup.headers });
      assert.equal(catalog.json().total_count, 0, 'nothing was published');
      const tmp = path.join(setup.t.dataDir, 'tmp');
      assert.deepEqual(fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((f) => f.endsWith('.upload')) : [], [], 'the uploaded file was removed');
    });

    test('a file with errors, sent as a form: 200, not valid, each finding where it is in the file', async () => {
      const form = multipart('subventions-poitiers.csv', INVALID);
      const response = await validate('schema=subventions', form.payload, form.headers);
      assert.equal(response.statusCode, 200, response.body);
      const report = response.json() as Report;
      assert.equal(report.valid, false);
      assert.equal(report.table.rows, recordsOf(INVALID));
      assert.ok(report.errorCount >= report.errors.length && report.errors.length > 0);
      // Line 2, the first record: 21860194600000 fails the SIRET checksum (the Luhn sum of its 14 digits).
      assert.ok(hasFinding(report.errors, { row: 2, line: 2, field: 'idAttribuant', code: 'french-siret-value', value: '21860194600000', severity: 'error' }), JSON.stringify(report.errors.slice(0, 3)));
      // Line 7: a SIREN (9 digits) where a SIRET is expected fails the field's pattern.
      assert.ok(hasFinding(report.errors, { row: 7, field: 'idAttribuant', code: 'constraint-error', value: '218601946' }));
      // Line 5: a French date, not ISO 8601.
      assert.ok(hasFinding(report.errors, { row: 5, field: 'dateConvention', code: 'type-error', value: '05/12/2016' }));
      // The optional column dispositifAide is absent: a warning, not an error.
      assert.ok(hasFinding(report.warnings, { field: 'dispositifAide', code: 'missing-header-warn', severity: 'warning' }));
      const siret = report.errors.find((f) => f.code === 'french-siret-value');
      assert.ok(siret && siret.message.fr.length > 0 && siret.message.en.length > 0 && siret.message.fr !== siret.message.en);
      assert.equal(report.counts['french-siret-value'], report.errors.filter((f) => f.code === 'french-siret-value').length);
    });

    test('the report answered has the shape the OpenAPI document gives it', async () => {
      const doc = (await setup.app.inject('/api/openapi.json')).json() as { components: { schemas: Record<string, { required: string[] }> }; paths: Record<string, Record<string, unknown>> };
      const report = (await validate('schema=subventions', INVALID)).json() as Report;
      assert.deepEqual(Object.keys(report).sort(), [...(doc.components.schemas.ValidationReport?.required ?? [])].sort());
      assert.deepEqual(Object.keys(report.errors[0] ?? {}).sort(), [...(doc.components.schemas.Finding?.required ?? [])].sort());
      for (const path of ['/api/schemas/v1/validate', '/api/schemas/v1/datasets/{dataset_id}/validation', '/api/management/v1/datasets/{dataset_id}/schema', '/api/management/v1/schemas/{name}']) {
        assert.ok(doc.paths[path], path);
      }
    });

    test('the schema parameter: required, a registry name or a URL, read with the fetch policy', async () => {
      const missing = await validate('', VALID);
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().code, 'PARAMETER_REQUIRED');
      assert.deepEqual(missing.json().location, { parameter: 'schema' });
      const unknown = await validate('schema=lieux-de-collecte', VALID);
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().code, 'SCHEMA_NOT_FOUND');
      // A path is never read on the server.
      const file = await validate(`schema=${encodeURIComponent(path.join(SCHEMAS_DIR, 'subventions/schema.json'))}`, VALID);
      assert.equal(file.statusCode, 404);
      // A schema from a URL is for signed-in callers only (its patterns could be made to backtrack for ever).
      const anonymousUrl = await validate(`schema=${encodeURIComponent(`${base}/schema.json`)}`, VALID);
      assert.equal(anonymousUrl.statusCode, 401);
      assert.equal(anonymousUrl.json().code, 'API_KEY_REQUIRED');
      const loopback = await validate(`schema=${encodeURIComponent(`${base}/schema.json`)}`, VALID, { 'content-type': 'text/csv', ...setup.headers });
      assert.equal(loopback.statusCode, 400);
      assert.equal(loopback.json().code, 'URL_FORBIDDEN');
      const badDelimiter = await validate('schema=subventions&delimiter=x', VALID);
      assert.equal(badDelimiter.statusCode, 400);
      assert.deepEqual(badDelimiter.json().location, { parameter: 'delimiter' });
    });

    test('with the host allowed: a schema read from its URL validates, a broken one is SCHEMA_INVALID', async () => {
      const allowed = await testApp({ backend, env: { TERRITOIRES_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
      try {
        const send = (url: string, file: Buffer) => allowed.app.inject({ method: 'POST', url: `/api/schemas/v1/validate?schema=${encodeURIComponent(url)}&delimiter=,`, headers: { 'content-type': 'text/csv', ...allowed.headers }, payload: file });
        const good = await send(`${base}/schema.json`, INVALID);
        assert.equal(good.statusCode, 200, good.body);
        assert.ok(hasFinding((good.json() as Report).errors, { row: 2, field: 'idAttribuant', code: 'french-siret-value' }));
        const broken = await send(`${base}/broken.json`, VALID);
        assert.equal(broken.statusCode, 400);
        assert.equal(broken.json().code, 'SCHEMA_INVALID');
        assert.equal(broken.json().location.field, 'fields');
      } finally {
        await allowed.dispose();
      }
    });

    test('declaring a schema: an editor may, but only an administrator of the organisation chooses to block', async () => {
      assert.equal((await publish('subventions-editeur', VALID, '&organisation=poitiers')).statusCode, 201);
      const unknown = await setSchema('subventions-editeur', { schema: 'lieux-de-collecte' }, keys.editrice);
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().code, 'SCHEMA_NOT_FOUND');
      const declared = await setSchema('subventions-editeur', { schema: 'scdl/subventions' }, keys.editrice);
      assert.equal(declared.statusCode, 200, declared.body);
      assert.deepEqual(declared.json(), { dataset_id: 'subventions-editeur', schema: 'subventions', policy: 'warn' });
      const block = await setSchema('subventions-editeur', { policy: 'block' }, keys.editrice);
      assert.equal(block.statusCode, 403);
      assert.equal(block.json().code, 'FORBIDDEN');
      // Still `warn`: the editor's file with errors is published.
      assert.equal((await publish('subventions-editeur', INVALID, '', keys.editrice)).statusCode, 200);
      const byAdmin = await setSchema('subventions-editeur', { policy: 'block' }, keys.administratrice);
      assert.equal(byAdmin.statusCode, 200, byAdmin.body);
      assert.deepEqual(byAdmin.json(), { dataset_id: 'subventions-editeur', schema: 'subventions', policy: 'block' });
      // Removing the schema would lift the block: the administrator's call too.
      assert.equal((await setSchema('subventions-editeur', { schema: null }, keys.editrice)).statusCode, 403);
      const invalid = await setSchema('subventions-editeur', { policy: 'never' }, keys.administratrice);
      assert.equal(invalid.statusCode, 400);
      assert.deepEqual(invalid.json().location, { field: 'policy' });
      const audit = await listAudit(setup.t.platform.db, { limit: 100 });
      assert.ok(audit.some((e) => e.action === 'dataset.schema' && e.target === 'dataset:subventions-editeur' && e.outcome === 'done'));
    });

    test('under block, a file with errors is refused (422) and the live version stays; a conforming one is published', async () => {
      assert.equal((await publish('subventions-bloque', VALID)).statusCode, 201);
      assert.equal((await setSchema('subventions-bloque', { schema: 'subventions', policy: 'block' })).statusCode, 200);
      const refused = await publish('subventions-bloque', INVALID);
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(refused.json().code, 'SCHEMA_NOT_CONFORMING');
      assert.match(refused.json().message_fr, /n'est pas conforme au schéma subventions/);
      const kept = await versions('subventions-bloque');
      assert.deepEqual(kept.map((v) => [v.number, v.live]), [[1, true]], 'no new version');
      const records = await setup.app.inject('/api/explore/v2.1/catalog/datasets/subventions-bloque/records?limit=1');
      assert.equal(records.json().total_count, recordsOf(VALID));

      const published = await publish('subventions-bloque', VALID);
      assert.equal(published.statusCode, 200, published.body);
      const [live] = await versions('subventions-bloque');
      assert.deepEqual([live?.number, live?.live, live?.conforms_to, live?.validation?.valid, live?.validation?.errors], [2, true, `subventions@${SUBVENTIONS.version}`, true, 0]);
      const dataset = await setup.app.inject('/api/explore/v2.1/catalog/datasets/subventions-bloque');
      assert.equal(dataset.json().metas.dcat.conforms_to, 'subventions@2.1.1');
      const facets = await setup.app.inject('/api/explore/v2.1/catalog/facets?facet=schema');
      assert.equal(facets.statusCode, 200, facets.body);
      const schemaFacet = (facets.json().facets as { name: string; facets: { value: string; count: number }[] }[]).find((f) => f.name === 'schema');
      assert.deepEqual(schemaFacet?.facets.map((v) => [v.value, v.count]), [['subventions', 1]]);
    });

    test('under warn, a file with errors is published with its report, readable by API', async () => {
      assert.equal((await publish('subventions-averti', VALID)).statusCode, 201);
      assert.equal((await setSchema('subventions-averti', { schema: 'subventions' })).statusCode, 200);
      const published = await publish('subventions-averti', INVALID);
      assert.equal(published.statusCode, 200, published.body);
      const [live, first] = await versions('subventions-averti');
      assert.equal(live?.conforms_to, null);
      assert.equal(live?.validation?.valid, false);
      assert.equal(first?.validation, null, 'published before the schema was declared: no report');

      const stored = await setup.app.inject({ url: `/api/management/v1/datasets/subventions-averti/versions/${live?.number}/validation`, headers: setup.headers });
      assert.equal(stored.statusCode, 200, stored.body);
      const body = stored.json() as { dataset_id: string; version: number; live: boolean; conforms_to: string | null; report: Report };
      assert.deepEqual([body.dataset_id, body.version, body.live, body.conforms_to], ['subventions-averti', 2, true, null]);
      assert.equal(body.report.errorCount, live?.validation?.errors);
      assert.ok(hasFinding(body.report.errors, { row: 2, field: 'idAttribuant', code: 'french-siret-value', value: '21860194600000' }));
      const none = await setup.app.inject({ url: '/api/management/v1/datasets/subventions-averti/versions/1/validation', headers: setup.headers });
      assert.equal(none.statusCode, 404);
      const missing = await setup.app.inject({ url: '/api/management/v1/datasets/subventions-averti/versions/9/validation', headers: setup.headers });
      assert.equal(missing.json().code, 'VERSION_NOT_FOUND');

      const open = await setup.app.inject('/api/schemas/v1/datasets/subventions-averti/validation');
      assert.equal(open.statusCode, 200, open.body);
      assert.deepEqual(open.json(), body, 'anyone who sees the dataset reads its live report');
      assert.equal((await setup.app.inject('/api/schemas/v1/datasets/subventions-bloque/validation')).json().report.valid, true);
    });

    test('a dataset that declares no schema has no report; a private dataset’s report is hidden like the dataset', async () => {
      assert.equal((await publish('sans-schema', VALID)).statusCode, 201);
      assert.equal((await setup.app.inject('/api/schemas/v1/datasets/sans-schema/validation')).statusCode, 404);
      assert.equal((await publish('subventions-privees', VALID, '&visibility=private')).statusCode, 201);
      assert.equal((await setSchema('subventions-privees', { schema: 'subventions' })).statusCode, 200);
      assert.equal((await publish('subventions-privees', INVALID)).statusCode, 200);
      const anonymous = await setup.app.inject('/api/schemas/v1/datasets/subventions-privees/validation');
      assert.equal(anonymous.statusCode, 404);
      assert.equal(anonymous.json().code, 'DATASET_NOT_FOUND');
      const operator = await setup.app.inject({ url: '/api/schemas/v1/datasets/subventions-privees/validation', headers: setup.headers });
      assert.equal(operator.statusCode, 200);
      assert.equal(operator.json().report.valid, false);
    });

    test('the registry’s administration: platform administrators add and remove schemas; shipped ones stay', async () => {
      const descriptor = { name: 'Arbres remarquables', version: '0.1.0', fields: [{ name: 'id', type: 'integer', constraints: { required: true } }, { name: 'espece', type: 'string' }] };
      const post = (body: object, headers: Record<string, string> | undefined) => setup.app.inject({ method: 'POST', url: '/api/management/v1/schemas', headers, payload: body });
      assert.equal((await post({ descriptor }, undefined)).statusCode, 401);
      assert.equal((await post({ descriptor }, keys.administratrice)).statusCode, 403, 'an organisation’s administrator is not the platform’s');
      const added = await post({ descriptor }, setup.headers);
      assert.equal(added.statusCode, 201, added.body);
      assert.deepEqual([added.json().name, added.json().origin, added.json().version, added.json().field_count], ['arbres-remarquables', 'added', '0.1.0', 2]);
      assert.equal((await post({ descriptor }, setup.headers)).json().code, 'SCHEMA_NAME_TAKEN');
      const list = (await setup.app.inject('/api/schemas/v1/schemas')).json() as { results: { name: string; origin: string }[] };
      assert.deepEqual(list.results.at(-1), { ...added.json() });
      const checked = await validate('schema=arbres-remarquables', Buffer.from('id,espece\n1,Chêne\nabc,Tilleul\n'));
      assert.ok(hasFinding((checked.json() as Report).errors, { row: 3, field: 'id', code: 'type-error', value: 'abc' }));
      const broken = await post({ name: 'casse', descriptor: { fields: 'none' } }, setup.headers);
      assert.equal(broken.statusCode, 400);
      assert.equal(broken.json().code, 'SCHEMA_INVALID');

      assert.equal((await setup.app.inject({ method: 'DELETE', url: '/api/management/v1/schemas/subventions', headers: setup.headers })).json().code, 'SCHEMA_SHIPPED');
      assert.equal((await setup.app.inject({ method: 'DELETE', url: '/api/management/v1/schemas/arbres-remarquables', headers: keys.editrice })).statusCode, 403);
      const removed = await setup.app.inject({ method: 'DELETE', url: '/api/management/v1/schemas/arbres-remarquables', headers: setup.headers });
      assert.equal(removed.statusCode, 204);
      assert.equal((await setup.app.inject('/api/schemas/v1/schemas/arbres-remarquables')).statusCode, 404);
      const audit = await listAudit(setup.t.platform.db, { limit: 100 });
      assert.deepEqual(
        audit.filter((e) => e.target === 'schema:arbres-remarquables' && e.outcome === 'done').map((e) => e.action).sort(),
        ['schema.add', 'schema.remove'],
      );
    });
  });
}
