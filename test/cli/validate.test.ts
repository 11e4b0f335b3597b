// `territoires validate` and `territoires schemas` as a user runs them: no server, no data
// directory created; exit 0 for a conforming file, 1 for a file with errors, 2 for a command or a
// schema that cannot be used; the JSON report and the text lines that say where each error is.
// `publish --schema` validates on the way, and refuses under `block`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { temporaryDir, writeTemporaryFile } from '../helpers/platform.js';

const SCHEMAS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas');
const VALID = path.join(SCHEMAS_DIR, 'subventions/example-valid.csv');
const INVALID = path.join(SCHEMAS_DIR, 'subventions/example-invalid.csv');
const SCHEMA_FILE = path.join(SCHEMAS_DIR, 'subventions/schema.json');

interface Finding {
  code: string;
  row: number | null;
  field: string | null;
  value: string | null;
}

describe('territoires validate and schemas', () => {
  // A data directory that does not exist: validating must not need one, nor create it.
  const dataDir = path.join(temporaryDir(), 'jamais-cree');
  const env = { TERRITOIRES_DATA_DIR: dataDir };

  test('a conforming file: exit 0, by registry name or by the schema’s file, and no data directory created', async () => {
    const byName = await runCli(['validate', VALID, '--schema', 'subventions'], env);
    assert.equal(byName.code, 0, byName.stderr);
    const lines = fs.readFileSync(VALID, 'utf8').trim().split('\n').length - 1;
    assert.match(byName.stdout, new RegExp(`^example-valid\\.csv : conforme au schéma subventions \\(2\\.1\\.1\\) — ${lines} lignes lues, 0 erreur, `));
    const byFile = await runCli(['validate', VALID, '--schema', SCHEMA_FILE, '--format', 'json'], env);
    assert.equal(byFile.code, 0, byFile.stderr);
    assert.equal(JSON.parse(byFile.stdout).valid, true);
    assert.equal(fs.existsSync(dataDir), false);
  });

  test('a file with errors: exit 1; JSON is the report, text says row and column of each finding', async () => {
    const json = await runCli(['validate', INVALID, '--schema', 'subventions', '--format', 'json'], env);
    assert.equal(json.code, 1, json.stderr);
    const report = JSON.parse(json.stdout) as { valid: boolean; errorCount: number; errors: Finding[]; warnings: Finding[]; counts: Record<string, number> };
    assert.equal(report.valid, false);
    assert.deepEqual(Object.keys(report).sort(), ['cap', 'counts', 'errorCount', 'errors', 'fieldsWithTypeErrors', 'schema', 'table', 'truncated', 'valid', 'warningCount', 'warnings']);
    const siret = report.errors.find((f) => f.row === 2 && f.field === 'idAttribuant');
    assert.deepEqual([siret?.code, siret?.value], ['french-siret-value', '21860194600000']);

    const text = await runCli(['validate', INVALID, '--schema', 'subventions'], env);
    assert.equal(text.code, 1);
    const [summary, ...rest] = text.stdout.trim().split('\n');
    assert.match(summary ?? '', new RegExp(`^example-invalid\\.csv : non conforme au schéma subventions \\(2\\.1\\.1\\) — \\d+ lignes lues, ${report.errorCount} erreurs, `));
    assert.ok(rest.includes('Erreurs :'));
    const line = rest.find((l) => l.startsWith('  ligne 2, colonne « idAttribuant » : ') && l.endsWith(' [french-siret-value]'));
    assert.ok(line, text.stdout.slice(0, 600));
    assert.ok(rest.some((l) => l.startsWith('  ligne 5, colonne « dateConvention » : ') && l.endsWith('[type-error]')));
    // Every finding listed is one line.
    assert.equal(rest.filter((l) => /^ {2}(ligne|fichier)/.test(l)).length, report.errors.length + report.warnings.length);

    const english = await runCli(['validate', INVALID, '--schema', 'subventions', '--lang', 'en'], env);
    assert.match(english.stdout, /^example-invalid\.csv: does not conform to the schema subventions \(2\.1\.1\)/);
    assert.match(english.stdout, /\n {2}row 2, column "idAttribuant": .+ \[french-siret-value\]\n/);
    assert.equal(fs.existsSync(dataDir), false);
  });

  test('what cannot be used: exit 2 with a message in both languages', async () => {
    const noSchema = await runCli(['validate', VALID], env);
    assert.equal(noSchema.code, 2);
    assert.match(noSchema.stderr, /validate demande un FICHIER et --schema .* \/ validate needs one FILE and --schema/);
    const unknown = await runCli(['validate', VALID, '--schema', 'lieux-de-collecte'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Il n'y a pas de schéma lieux-de-collecte/);
    const broken = writeTemporaryFile('schema.json', '{"fields": [{"name": "id", "type": "entier"}]}');
    const invalidSchema = await runCli(['validate', VALID, '--schema', broken], env);
    assert.equal(invalidSchema.code, 2);
    assert.match(invalidSchema.stderr, /n'est pas un Table Schema valide : fields\[0\]\.type/);
    const noFile = await runCli(['validate', path.join(SCHEMAS_DIR, 'nope.csv'), '--schema', 'subventions'], env);
    assert.equal(noFile.code, 2);
    assert.equal((await runCli(['validate', VALID, '--schema', 'subventions', '--format', 'xml'], env)).code, 2);
    assert.equal(fs.existsSync(dataDir), false);
  });

  test('schemas list and show read the shipped registry without a data directory', async () => {
    const list = await runCli(['schemas', 'list', '--json'], env);
    assert.equal(list.code, 0, list.stderr);
    const shipped = fs.readdirSync(SCHEMAS_DIR).filter((d) => fs.existsSync(path.join(SCHEMAS_DIR, d, 'schema.json'))).sort();
    assert.deepEqual((JSON.parse(list.stdout) as { name: string }[]).map((e) => e.name), shipped);
    const show = await runCli(['schemas', 'show', 'subventions'], env);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /^subventions 2\.1\.1 — /);
    assert.match(show.stdout, /\nidAttribuant\s+string\s+oui \/ yes/);
    assert.equal((await runCli(['schemas', 'show', 'lieux-de-collecte'], env)).code, 2);
    assert.equal(fs.existsSync(dataDir), false);
  });

  test('schemas add and remove on a data directory; validate then finds the added schema', async () => {
    const dir = temporaryDir();
    const own = { TERRITOIRES_DATA_DIR: dir };
    const descriptor = writeTemporaryFile('arbres.json', JSON.stringify({ name: 'arbres', version: '1.0', fields: [{ name: 'hauteur', type: 'number' }] }));
    const added = await runCli(['schemas', 'add', '--file', descriptor], own);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /arbres 1\.0/);
    const file = writeTemporaryFile('arbres.csv', 'hauteur\n12.5\ngrand\n');
    const checked = await runCli(['validate', file, '--schema', 'arbres', '--format', 'json'], own);
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual((JSON.parse(checked.stdout) as { errors: Finding[] }).errors.map((f) => [f.row, f.field, f.code, f.value]), [[3, 'hauteur', 'type-error', 'grand']]);
    assert.equal((await runCli(['schemas', 'remove', 'subventions'], own)).code, 2, 'a shipped schema stays');
    assert.equal((await runCli(['schemas', 'remove', 'arbres'], own)).code, 0);
    assert.equal((await runCli(['validate', file, '--schema', 'arbres'], own)).code, 2);
  });

  test('publish --schema validates the file: refused under block, published with its verdict otherwise', async () => {
    const dir = temporaryDir();
    const own = { TERRITOIRES_DATA_DIR: dir };
    assert.equal((await runCli(['orgs', 'create', '--name', 'Poitiers', '--kind', 'commune'], own)).code, 0);
    const refused = await runCli(['publish', INVALID, '--dataset', 'subventions', '--schema', 'subventions', '--schema-policy', 'block'], own);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /n'est pas conforme au schéma subventions/);
    const published = await runCli(['publish', VALID, '--dataset', 'subventions', '--schema', 'subventions', '--schema-policy', 'block'], own);
    assert.equal(published.code, 0, published.stderr);
    assert.match(published.stdout, /Conforme au schéma \/ conforms to the schema subventions@2\.1\.1/);
    assert.equal((await runCli(['publish', VALID, '--dataset', 'x', '--schema-policy', 'sometimes'], own)).code, 2);
  });
});
