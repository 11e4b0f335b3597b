// The schema registry: the shipped schemas as a user lists and names them, `--schema NAME|PATH|URL`
// (with the fetch policy that keeps a URL from reaching this machine), and the schemas an
// administrator adds and removes, on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findTableSchemaByName, insertTableSchema, isUniqueViolation, openCatalogStore, type CatalogStore } from '../../src/catalog/index.js';
import { AppError } from '../../src/errors.js';
import type { FetchPolicy } from '../../src/ingest/index.js';
import { addSchema, findSchema, listSchemas, removeSchema, resolveSchema, shippedSchemas } from '../../src/schema/registry.js';
import { freshPostgresDatabase, postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';

// Awaited before any test or hook is declared: node:test runs the file's `after` hooks once the
// tests declared so far are done.
const pgReason = await postgresUnavailableReason();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'territoires-registry-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const CLOSED: FetchPolicy = { allowedHosts: [], timeoutMs: 5000, maxBytes: 1_000_000 };
const LOOPBACK_ALLOWED: FetchPolicy = { ...CLOSED, allowedHosts: ['127.0.0.1'] };

// A schema written for these tests, shaped like the Base Adresse Locale (whose own file cannot be
// shipped: schemas/README.md note 6).
const ADRESSES = {
  name: 'adresses-locales-essai',
  title: 'Adresses locales (essai)',
  version: '0.1.0',
  fields: [
    { name: 'cle_interop', type: 'string', constraints: { required: true, pattern: '^[a-z0-9]{5}_[a-z0-9]{4,5}_\\d{5}(_[a-z0-9]+)?$' } },
    { name: 'commune_insee', type: 'string', constraints: { required: true, pattern: '^\\d[\\dAB]\\d{3}$' } },
    { name: 'voie_nom', type: 'string', constraints: { required: true, minLength: 3 } },
    { name: 'numero', type: 'integer', constraints: { required: true, minimum: 0, maximum: 99999 } },
    { name: 'position', type: 'string', constraints: { enum: ['entrée', 'bâtiment', 'délivrance postale', 'parcelle'] } },
    { name: 'certification_commune', type: 'boolean', trueValues: ['1'], falseValues: ['0'] },
    { name: 'date_der_maj', type: 'date' },
  ],
};
const BAD_TYPE = { name: 'bad-type', fields: [{ name: 'a', type: 'string' }, { name: 'b', type: 'text' }] };

function expectAppError(code: string, check?: (error: AppError) => void) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `an AppError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    check?.(error);
    return true;
  };
}

// A web server on 127.0.0.1, as a schema URL on the machine itself or the private network would be.
let server: http.Server;
let base: string;
before(async () => {
  server = http.createServer((request, response) => {
    const answers: Record<string, [number, string]> = {
      '/adresses.json': [200, JSON.stringify(ADRESSES)],
      '/broken.json': [500, 'internal error'],
      '/page.html': [200, '<!doctype html><title>Not a schema</title>'],
      '/bad-type.json': [200, JSON.stringify(BAD_TYPE)],
    };
    const [status, body] = answers[request.url ?? ''] ?? [404, 'not found'];
    response.writeHead(status, { 'content-type': status === 200 && request.url?.endsWith('.json') ? 'application/json' : 'text/plain' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the shipped schemas', () => {
  test('are read from the repository whatever the working directory', () => {
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      assert.equal(shippedSchemas().length, 13);
    } finally {
      process.chdir(cwd);
    }
  });

  test('are listed by name with their versions as written', () => {
    const versions = Object.fromEntries(shippedSchemas().map((e) => [e.name, e.version]));
    assert.deepEqual(versions, {
      budget: '0.8.3',
      catalogue: '0.1.3',
      dae: '1.0.7',
      decp: '2.0.0',
      'decp-dpa': '1.0.0',
      deliberations: '2.1.5',
      equipements: '0.1.5',
      'irve-dynamique': 'v2.3.0',
      'irve-statique': 'v2.3.0',
      'menus-collectifs': '1.2.3',
      'plats-menus-collectifs': '0.7.2',
      prenoms: 'v1.1.6',
      subventions: '2.1.1',
    });
    assert.deepEqual(shippedSchemas().map((e) => e.name), Object.keys(versions));
    assert.ok(!shippedSchemas().some((e) => e.name === 'bal'), 'BAL is not shipped (schemas/README.md note 6)');
  });

  test('say what they check, where they come from', () => {
    const subventions = shippedSchemas().find((e) => e.name === 'subventions')!;
    assert.deepEqual(subventions, {
      name: 'subventions',
      title: 'Subventions',
      version: '2.1.1',
      origin: 'shipped',
      sourceUrl: null,
      homepage: 'https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json',
      fieldCount: 16,
      customChecks: ['french-siret-value', 'french-siret-value', 'one-of-required'],
    });
    const counts = Object.fromEntries(shippedSchemas().map((e) => [e.name, e.fieldCount]));
    assert.deepEqual(counts, {
      budget: 22, catalogue: 20, dae: 46, decp: 33, 'decp-dpa': 4, deliberations: 17, equipements: 21,
      'irve-dynamique': 8, 'irve-statique': 40, 'menus-collectifs': 26, 'plats-menus-collectifs': 21, prenoms: 6, subventions: 16,
    });
    assert.equal(shippedSchemas().find((e) => e.name === 'irve-statique')?.homepage, 'https://schema.data.gouv.fr/schemas/etalab/schema-irve-statique/2.3.1/schema-statique.json');
  });

  test('are found by folder name, as scdl/<name>, and by their own name', async () => {
    for (const [spelling, expected] of [
      ['subventions', 'subventions'],
      ['scdl/subventions', 'subventions'],
      ['schema-irve-statique', 'irve-statique'],
      ['irve-statique', 'irve-statique'],
      ['etalab/schema-irve-statique', 'irve-statique'],
    ] as const) {
      const found = await findSchema(null, spelling);
      assert.equal(found?.entry.name, expected, spelling);
      assert.equal(found?.schema.fields.length, found?.entry.fieldCount);
    }
    assert.equal((await findSchema(null, 'scdl/subventions'))?.schema.fields[1]?.name, 'idAttribuant');
    assert.equal(await findSchema(null, 'bal'), undefined);
    assert.equal(await findSchema(null, 'scdl/nothing'), undefined);
  });
});

describe('--schema NAME|PATH|URL', () => {
  const ctx = (fetch: FetchPolicy = CLOSED) => ({ db: null, fetch, scratchDir: path.join(scratch, 'fetch') });

  test('a registry name', async () => {
    const { schema, label } = await resolveSchema('scdl/deliberations', ctx());
    assert.equal(label, 'deliberations');
    assert.equal(schema.name, 'deliberations');
    assert.equal(schema.version, '2.1.5');
  });

  test('an unknown name', async () => {
    await assert.rejects(resolveSchema('scdl/lieux-de-collecte', ctx()), expectAppError('SCHEMA_NOT_FOUND', (e) => assert.equal(e.params.schema, 'scdl/lieux-de-collecte')));
  });

  test('a file path', async () => {
    const file = path.join(scratch, 'adresses.json');
    fs.writeFileSync(file, JSON.stringify(ADRESSES, null, 2));
    const { schema, label } = await resolveSchema(file, ctx());
    assert.equal(label, file);
    assert.deepEqual(schema.fields.map((f) => f.name), ADRESSES.fields.map((f) => f.name));
  });

  test('a URL on this machine is refused unless the host is allowed', async () => {
    await assert.rejects(resolveSchema(`${base}/adresses.json`, ctx()), expectAppError('URL_FORBIDDEN', (e) => assert.equal(e.params.address, '127.0.0.1')));
    const { schema, label } = await resolveSchema(`${base}/adresses.json`, ctx(LOOPBACK_ALLOWED));
    assert.equal(label, `${base}/adresses.json`);
    assert.equal(schema.title, 'Adresses locales (essai)');
    assert.deepEqual(fs.readdirSync(path.join(scratch, 'fetch')), [], 'the downloaded copy is not left behind');
  });

  test('a URL that answers 500', async () => {
    await assert.rejects(resolveSchema(`${base}/broken.json`, ctx(LOOPBACK_ALLOWED)), expectAppError('URL_FETCH_FAILED', (e) => assert.equal(e.params.status, 500)));
  });

  test('a URL that is not http(s)', async () => {
    await assert.rejects(resolveSchema('ftp://example.org/schema.json', ctx()), expectAppError('URL_INVALID'));
  });

  test('a descriptor that is not JSON', async () => {
    await assert.rejects(resolveSchema(`${base}/page.html`, ctx(LOOPBACK_ALLOWED)), expectAppError('SCHEMA_INVALID', (e) => {
      assert.equal(e.params.schema, `${base}/page.html`);
      assert.equal(typeof e.params.detail, 'string');
      assert.equal(typeof e.params.detail_fr, 'string');
      assert.notEqual(e.messageFr, e.message);
    }));
  });

  test('a descriptor with an unknown field type names the property', async () => {
    const file = path.join(scratch, 'bad-type.json');
    fs.writeFileSync(file, JSON.stringify(BAD_TYPE));
    for (const ref of [file, `${base}/bad-type.json`]) {
      await assert.rejects(resolveSchema(ref, ctx(LOOPBACK_ALLOWED)), expectAppError('SCHEMA_INVALID', (e) => {
        assert.equal(e.params.property, 'fields[1].type');
        assert.deepEqual(e.location, { field: 'fields[1].type' });
        assert.match(e.message, /fields\[1\]\.type/);
      }));
    }
  });
});

const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

for (const { backend, skip } of BACKENDS) {
  describe(`added schemas on ${backend}`, { skip }, () => {
    let store: CatalogStore;
    let drop: (() => Promise<void>) | undefined;
    const ctx = () => ({ fetch: LOOPBACK_ALLOWED, scratchDir: path.join(scratch, `add-${backend}`), addedBy: 'u-admin' });

    before(async () => {
      if (backend === 'postgres') {
        const database = await freshPostgresDatabase();
        drop = database.drop;
        store = await openCatalogStore(database.url);
      } else {
        store = await openCatalogStore(`sqlite:${path.join(scratch, 'catalog.sqlite')}`);
      }
    });
    after(async () => {
      await store?.close();
      await drop?.();
    });

    test('an administrator adds a schema from its text; its name comes from the descriptor', async () => {
      const entry = await addSchema(store.db, { descriptorText: JSON.stringify(ADRESSES) }, ctx());
      assert.deepEqual(entry, {
        name: 'adresses-locales-essai', title: 'Adresses locales (essai)', version: '0.1.0', origin: 'added', sourceUrl: null, homepage: null, fieldCount: 7, customChecks: [],
      });
      const row = await findTableSchemaByName(store.db, 'adresses-locales-essai');
      assert.equal(row?.added_by, 'u-admin');
      const listed = await listSchemas(store.db);
      assert.equal(listed.length, 14);
      assert.deepEqual(listed.slice(0, 13).map((e) => e.origin), Array(13).fill('shipped'));
      assert.equal(listed[13]?.name, 'adresses-locales-essai');
      const found = await findSchema(store.db, 'adresses-locales-essai');
      assert.equal(found?.schema.fields[3]?.type, 'integer');
      const resolved = await resolveSchema('adresses-locales-essai', { db: store.db, fetch: CLOSED, scratchDir: ctx().scratchDir });
      assert.equal(resolved.label, 'adresses-locales-essai');
    });

    test('a name derived from the descriptor is slugified', async () => {
      const entry = await addSchema(store.db, { descriptorText: JSON.stringify({ ...ADRESSES, name: 'Équipements Sportifs' }) }, ctx());
      assert.equal(entry.name, 'equipements-sportifs');
      await removeSchema(store.db, 'equipements-sportifs');
    });

    test('an administrator adds a schema by URL, under a name of their choice', async () => {
      const entry = await addSchema(store.db, { name: 'adresses-distantes', url: `${base}/adresses.json` }, ctx());
      assert.equal(entry.sourceUrl, `${base}/adresses.json`);
      assert.equal(entry.name, 'adresses-distantes');
      await assert.rejects(
        addSchema(store.db, { name: 'adresses-refusees', url: `${base}/adresses.json` }, { ...ctx(), fetch: CLOSED }),
        expectAppError('URL_FORBIDDEN'),
      );
      assert.equal(await findTableSchemaByName(store.db, 'adresses-refusees'), undefined);
    });

    test('a taken name, or a shipped one under any of its spellings, is refused', async () => {
      await assert.rejects(addSchema(store.db, { descriptorText: JSON.stringify(ADRESSES) }, ctx()), expectAppError('SCHEMA_NAME_TAKEN', (e) => assert.equal(e.params.schema, 'adresses-locales-essai')));
      await assert.rejects(addSchema(store.db, { name: 'subventions', descriptorText: JSON.stringify(ADRESSES) }, ctx()), expectAppError('SCHEMA_SHIPPED'));
      await assert.rejects(addSchema(store.db, { name: 'schema-irve-statique', descriptorText: JSON.stringify(ADRESSES) }, ctx()), expectAppError('SCHEMA_SHIPPED'));
      // A descriptor whose own name is a shipped schema's must be renamed.
      await assert.rejects(addSchema(store.db, { descriptorText: JSON.stringify({ ...ADRESSES, name: 'prenoms' }) }, ctx()), expectAppError('SCHEMA_SHIPPED'));
      await assert.rejects(addSchema(store.db, { name: 'Pas Un Slug', descriptorText: JSON.stringify(ADRESSES) }, ctx()), expectAppError('INVALID_FIELD'));
    });

    test('a descriptor that is not a Table Schema is not stored', async () => {
      await assert.rejects(addSchema(store.db, { descriptorText: JSON.stringify(BAD_TYPE) }, ctx()), expectAppError('SCHEMA_INVALID', (e) => assert.equal(e.params.property, 'fields[1].type')));
      await assert.rejects(addSchema(store.db, { name: 'pas-du-json', descriptorText: 'name,type\na,string\n' }, ctx()), expectAppError('SCHEMA_INVALID'));
      assert.equal(await findTableSchemaByName(store.db, 'bad-type'), undefined);
      assert.equal(await findTableSchemaByName(store.db, 'pas-du-json'), undefined);
    });

    test('two rows cannot share a name (the store enforces it)', async () => {
      const row = { name: 'adresses-distantes', title: null, version: null, descriptor: '{}', sourceUrl: null, addedBy: null };
      await assert.rejects(insertTableSchema(store.db, row), (error: unknown) => isUniqueViolation(error));
    });

    test('removing: an added schema goes, a shipped one stays, an unknown one is not found', async () => {
      await removeSchema(store.db, 'adresses-distantes');
      assert.equal(await findSchema(store.db, 'adresses-distantes'), undefined);
      await assert.rejects(removeSchema(store.db, 'adresses-distantes'), expectAppError('SCHEMA_NOT_FOUND'));
      await assert.rejects(removeSchema(store.db, 'subventions'), expectAppError('SCHEMA_SHIPPED'));
      assert.ok(await findSchema(store.db, 'subventions'));
      assert.deepEqual((await listSchemas(store.db)).filter((e) => e.origin === 'added').map((e) => e.name), ['adresses-locales-essai']);
    });
  });
}
