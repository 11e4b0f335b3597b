// Publishing a dataset that declares a Table Schema: every new version is validated; under the
// `block` policy a file with errors publishes nothing, under `warn` it goes live with its report;
// the report is kept with the version, a conforming version records the schema it conforms to, and
// the schema types the fields. On SQLite and PostgreSQL (the report lives in the catalog store).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { datasetScope, PLATFORM } from '../../src/auth/index.js';
import { createOrganisation, findDataset, getVersion, versionValidation } from '../../src/catalog/index.js';
import { publishFile } from '../../src/ingest/index.js';
import type { ValidationReport } from '../../src/schema/index.js';
import { postgresUnavailableReason, type TestBackend } from '../helpers/backends.js';
import { testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

const shipped = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'subventions');
const valid = fs.readFileSync(path.join(shipped, 'example-valid.csv'), 'utf8');
const invalid = fs.readFileSync(path.join(shipped, 'example-invalid.csv'), 'utf8');

const pgReason = await postgresUnavailableReason();
const BACKENDS: { backend: TestBackend; skip: string | false }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: pgReason ?? false },
];

for (const { backend, skip } of BACKENDS) {
  describe(`a dataset that declares the subventions schema (${backend})`, { skip }, () => {
    let t: TestPlatform;
    before(async () => {
      t = await testPlatform(backend);
      await createOrganisation(t.platform.db, { name: 'Nantes', kind: 'commune', cog: '44109' });
    });
    after(async () => t?.dispose());

    const publish = (name: string, content: string, datasetId: string, schemaPolicy: 'warn' | 'block') =>
      publishFile(t.platform, { file: writeTemporaryFile(name, content), datasetId, metas: { schema: 'subventions', schemaPolicy } }, t.platform.publishOptions);
    const dataset = (id: string) => findDataset(t.platform.db, datasetScope(PLATFORM, null), id);

    test('a conforming file goes live, conforms to subventions@2.1.1, and the schema types its fields', async () => {
      const result = await publish('subventions.csv', valid, 'subventions-ok', 'block');
      assert.equal(result.version.conformsTo, 'subventions@2.1.1');
      const report = (await versionValidation(t.platform.db, result.version.id)) as ValidationReport;
      assert.equal(report.valid, true);
      assert.equal(report.schema.name, 'subventions');
      const types = Object.fromEntries(result.version.fields.map((f) => [f.label, f.type]));
      // montant is a Table Schema number, dateConvention a date: the version's types follow.
      assert.equal(types.montant, 'double');
      assert.equal(types.dateConvention, 'date');
      // A SIRET stays text.
      assert.equal(types.idBeneficiaire, 'text');
      assert.equal((await dataset('subventions-ok'))?.live?.conformsTo, 'subventions@2.1.1');
    });

    test('under block, a file with errors is refused with the first error, and nothing is published', async () => {
      await assert.rejects(publish('bad.csv', invalid, 'subventions-block', 'block'), (error: Error & { code?: string; status?: number; location?: { record?: number } }) => {
        assert.equal(error.code, 'SCHEMA_NOT_CONFORMING');
        assert.equal(error.status, 422);
        assert.match(error.message, /does not conform to the schema subventions/);
        assert.ok((error.location?.record ?? 0) >= 1);
        return true;
      });
      // A first publish that fails leaves no dataset behind.
      assert.equal(await dataset('subventions-block'), undefined);
    });

    test('under block, a refused new file leaves the live version as it was', async () => {
      const first = await publish('ok.csv', valid, 'subventions-kept', 'block');
      await assert.rejects(publish('bad.csv', invalid, 'subventions-kept', 'block'));
      assert.equal((await dataset('subventions-kept'))?.liveVersionId, first.version.id);
    });

    test('under warn, the file goes live with its report kept on the version, and conforms to nothing', async () => {
      const result = await publish('bad.csv', invalid, 'subventions-warn', 'warn');
      assert.equal(result.version.conformsTo, null);
      const version = await getVersion(t.platform.db, result.version.id);
      assert.equal(version?.conformsTo, null);
      const report = (await versionValidation(t.platform.db, result.version.id)) as ValidationReport;
      assert.equal(report.valid, false);
      assert.ok(report.errorCount > 0);
      // The upstream invalid example has a SIRET with a wrong checksum (schemas/README.md, note 8).
      const siret = report.errors.find((e) => e.value === '21860194600000');
      assert.ok(siret, 'the bad SIRET is reported');
      assert.equal(siret.code, 'french-siret-value');
      assert.equal(siret.row, siret.line, 'no multi-line cell above it: row and line agree');
      // Columns with a value not of their type are published as text rather than refused.
      for (const field of report.fieldsWithTypeErrors) {
        assert.equal(result.version.fields.find((f) => f.label === field)?.type, 'text', field);
      }
    });

    test('a dataset that declares no schema keeps no report', async () => {
      const result = await publishFile(t.platform, { file: writeTemporaryFile('plain.csv', invalid), datasetId: 'sans-schema' }, t.platform.publishOptions);
      assert.equal(await versionValidation(t.platform.db, result.version.id), null);
      assert.equal(result.version.conformsTo, null);
    });

    test('an unknown schema name is refused before anything is read', async () => {
      await assert.rejects(
        publishFile(t.platform, { file: writeTemporaryFile('x.csv', valid), datasetId: 'schema-inconnu', metas: { schema: 'pas-un-schema' } }, t.platform.publishOptions),
        (error: Error & { code?: string }) => error.code === 'SCHEMA_NOT_FOUND',
      );
      assert.equal(await dataset('schema-inconnu'), undefined);
    });
  });
}
