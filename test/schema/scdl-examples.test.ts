// Every shipped SCDL / national schema against a file that conforms to it (the example its authors
// ship, or our fixture written from the fields' examples), then files with exactly one fault made
// from those by changing one cell or the header: the one error a publisher would be shown, on the
// row (frictionless numbering: header row 1, first record row 2) and the column where it is.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { findSchema } from '../../src/schema/registry.js';
import type { Finding, TableSchema } from '../../src/schema/model.js';
import { validateFile } from '../../src/schema/validate.js';

const SCHEMAS = fileURLToPath(new URL('../../schemas/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/schemas/', import.meta.url));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'territoires-scdl-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const SHIPPED = fs.readdirSync(SCHEMAS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/** The shipped example when upstream has one, else our fixture. */
function validExample(name: string): string {
  const shipped = path.join(SCHEMAS, name, 'example-valid.csv');
  return fs.existsSync(shipped) ? shipped : path.join(FIXTURES, name, 'valid.csv');
}

async function schemaNamed(name: string): Promise<TableSchema> {
  const found = await findSchema(null, name);
  assert.ok(found, `shipped schema ${name}`);
  return found.schema;
}

/** One line per error, so that a failure shows what the engine found. */
const describeErrors = (errors: Finding[]) => errors.map((e) => `${e.code} row ${e.row} field ${e.field} #${e.fieldNumber}: ${JSON.stringify(e.value)} ${e.note}`);

describe('every shipped schema accepts its valid example', () => {
  test('there is a valid example for each shipped schema', () => {
    assert.equal(SHIPPED.length, 13);
    for (const name of SHIPPED) assert.ok(fs.existsSync(validExample(name)), `${name}: no example-valid.csv and no test/fixtures/schemas/${name}/valid.csv`);
  });

  for (const name of SHIPPED) {
    test(name, async () => {
      const file = validExample(name);
      const report = await validateFile(file, await schemaNamed(name));
      assert.deepEqual(describeErrors(report.errors), []);
      assert.equal(report.valid, true);
      const records = (parse(fs.readFileSync(file), { delimiter: report.table.delimiter ?? ',', bom: true, relax_column_count: true }) as string[][]).length - 1;
      assert.equal(report.table.rows, records, 'every record was read');
    });
  }
});

// --- One fault at a time -------------------------------------------------------------------------

interface Table {
  delimiter: string;
  header: string[];
  records: string[][];
}

function readTable(name: string): Table {
  const text = fs.readFileSync(validExample(name), 'utf8');
  // decp-dpa's example is `;`-separated: keep the separator the file has.
  const delimiter = text.split('\n')[0]!.includes(';') && !text.split('\n')[0]!.includes(',') ? ';' : ',';
  const [header, ...records] = parse(text, { delimiter, bom: true }) as string[][];
  return { delimiter, header: header!, records };
}

function cellText(cell: string, delimiter: string): string {
  return cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function writeTable(table: Table): string {
  const file = path.join(scratch, `variant-${fs.readdirSync(scratch).length}.csv`);
  const lines = [table.header, ...table.records].map((cells) => cells.map((c) => cellText(c, table.delimiter)).join(table.delimiter));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Sets one cell: `record` counts from 0 (the file's row record + 2). */
function setCell(table: Table, record: number, field: string, value: string): void {
  const index = table.header.indexOf(field);
  assert.ok(index >= 0, `column ${field}`);
  const cells = table.records[record]!;
  // The fixture's value must really change, or the test proves nothing.
  assert.notEqual(cells[index], value, `${field} already holds ${value}`);
  cells[index] = value;
}

function dropColumn(table: Table, field: string): void {
  const index = table.header.indexOf(field);
  assert.ok(index >= 0, `column ${field}`);
  table.header.splice(index, 1);
  for (const cells of table.records) cells.splice(index, 1);
}

interface Expected {
  code: string;
  row: number;
  field: string | null;
  fieldNumber?: number;
}

interface Variant {
  title: string;
  schema: string;
  change: (table: Table) => void;
  expected: Expected;
}

const VARIANTS: Variant[] = [
  // Header.
  { title: 'a required column is missing', schema: 'subventions', change: (t) => dropColumn(t, 'objet'), expected: { code: 'missing-label', row: 1, field: 'objet' } },
  { title: 'a required column is missing', schema: 'menus-collectifs', change: (t) => dropColumn(t, 'menuPlatNom'), expected: { code: 'missing-label', row: 1, field: 'menuPlatNom' } },
  {
    title: 'a required column is spelt in another case (labels are case-sensitive)',
    schema: 'catalogue',
    change: (t) => { t.header[t.header.indexOf('TITRE')] = 'Titre'; },
    expected: { code: 'missing-label', row: 1, field: 'TITRE' },
  },
  // Patterns.
  { title: 'a matter code with a dash', schema: 'deliberations', change: (t) => setCell(t, 2, 'DELIB_MATIERE_CODE', '1-1'), expected: { code: 'constraint-error', row: 4, field: 'DELIB_MATIERE_CODE' } },
  { title: 'an equipment id with a 4-digit INSEE code', schema: 'equipements', change: (t) => setCell(t, 0, 'EQUIP_UID', '9405-01010401-001'), expected: { code: 'constraint-error', row: 2, field: 'EQUIP_UID' } },
  { title: 'an INSEE code of 4 digits', schema: 'prenoms', change: (t) => setCell(t, 3, 'COLL_INSEE', '3523'), expected: { code: 'constraint-error', row: 5, field: 'COLL_INSEE' } },
  // Types.
  { title: 'a decimal comma in a number', schema: 'budget', change: (t) => setCell(t, 0, 'BGT_MTREAL', '45678,80'), expected: { code: 'type-error', row: 2, field: 'BGT_MTREAL' } },
  { title: 'a word in an integer', schema: 'catalogue', change: (t) => setCell(t, 0, 'NOMBRE_RESSOURCES', 'trois'), expected: { code: 'type-error', row: 2, field: 'NOMBRE_RESSOURCES' } },
  { title: 'a French date where %Y-%m-%d is declared', schema: 'menus-collectifs', change: (t) => setCell(t, 1, 'menuDate', '16/10/2017'), expected: { code: 'type-error', row: 3, field: 'menuDate' } },
  { title: '`Oui` where trueValues is ["oui"]', schema: 'dae', change: (t) => setCell(t, 0, 'acc_lib', 'Oui'), expected: { code: 'type-error', row: 2, field: 'acc_lib' } },
  { title: '`non` where the default boolean values apply', schema: 'irve-statique', change: (t) => setCell(t, 0, 'gratuit', 'non'), expected: { code: 'type-error', row: 2, field: 'gratuit' } },
  // Enums.
  { title: 'an update frequency without its capital', schema: 'catalogue', change: (t) => setCell(t, 1, 'FREQ_MAJ', 'annuelle'), expected: { code: 'constraint-error', row: 3, field: 'FREQ_MAJ' } },
  { title: 'a budget section with a capital', schema: 'budget', change: (t) => setCell(t, 1, 'BGT_SECTION', 'Fonctionnement'), expected: { code: 'constraint-error', row: 3, field: 'BGT_SECTION' } },
  { title: 'a sex outside M/F/I', schema: 'prenoms', change: (t) => setCell(t, 0, 'ENFANT_SEXE', 'H'), expected: { code: 'constraint-error', row: 2, field: 'ENFANT_SEXE' } },
  // Custom checks: 14 digits that pass the pattern, with a wrong checksum.
  { title: 'a SIRET with a wrong checksum', schema: 'catalogue', change: (t) => setCell(t, 1, 'PRODUCTEUR_SIRET', '24350013900188'), expected: { code: 'french-siret-value', row: 3, field: 'PRODUCTEUR_SIRET' } },
  { title: 'a SIRET with a wrong checksum', schema: 'subventions', change: (t) => setCell(t, 0, 'idBeneficiaire', '52499120500014'), expected: { code: 'french-siret-value', row: 2, field: 'idBeneficiaire' } },
  { title: 'a SIRET with a wrong checksum, `;`-separated file', schema: 'decp-dpa', change: (t) => setCell(t, 0, 'siretAcheteur', '79248336400025'), expected: { code: 'french-siret-value', row: 2, field: 'siretAcheteur' } },
  { title: 'a SIREN with a wrong checksum', schema: 'dae', change: (t) => setCell(t, 1, 'expt_siren', '214401094'), expected: { code: 'french-siren-value', row: 3, field: 'expt_siren' } },
  { title: 'votes that do not add up', schema: 'deliberations', change: (t) => setCell(t, 0, 'VOTE_POUR', '24'), expected: { code: 'sum-columns-value', row: 2, field: 'VOTE_REEL' } },
  { title: 'a prefecture date before the deliberation', schema: 'deliberations', change: (t) => setCell(t, 0, 'PREF_DATE', '2017-10-01'), expected: { code: 'compare-columns-value', row: 2, field: 'PREF_DATE' } },
  { title: 'a budget year without the budget name', schema: 'deliberations', change: (t) => setCell(t, 2, 'BUDGET_ANNEE', '2018'), expected: { code: 'cohesive-columns-value', row: 4, field: 'BUDGET_ANNEE' } },
  { title: 'a budget interval that goes backwards', schema: 'deliberations', change: (t) => setCell(t, 0, 'BUDGET_ANNEE', '2018/2017'), expected: { code: 'year-interval-value', row: 2, field: 'BUDGET_ANNEE' } },
  { title: 'a matter outside the ACTES nomenclature', schema: 'deliberations', change: (t) => setCell(t, 1, 'DELIB_MATIERE_NOM', 'Finance locale/Décisions budgétaires'), expected: { code: 'nomenclature-actes-value', row: 3, field: 'DELIB_MATIERE_NOM' } },
  // Rows.
  { title: 'a blank row', schema: 'budget', change: (t) => t.records.splice(1, 0, t.header.map(() => '')), expected: { code: 'blank-row', row: 3, field: null } },
  { title: 'an extra cell', schema: 'equipements', change: (t) => t.records[0]!.push('en trop'), expected: { code: 'extra-cell', row: 2, field: null, fieldNumber: 22 } },
];

describe('a file with one fault gives exactly that error', () => {
  for (const variant of VARIANTS) {
    test(`${variant.schema}: ${variant.title} → ${variant.expected.code}`, async () => {
      const table = readTable(variant.schema);
      variant.change(table);
      const report = await validateFile(writeTable(table), await schemaNamed(variant.schema));
      assert.equal(report.valid, false);
      assert.equal(report.errors.length, 1, describeErrors(report.errors).join('\n'));
      const [error] = report.errors;
      const { code, row, field } = variant.expected;
      assert.deepEqual({ code: error!.code, row: error!.row, field: error!.field }, { code, row, field });
      if (variant.expected.fieldNumber !== undefined) assert.equal(error!.fieldNumber, variant.expected.fieldNumber);
      assert.equal(error!.severity, 'error');
      assert.ok(error!.message.fr.length > 0 && error!.message.en.length > 0, 'a message in both languages');
    });
  }
});

describe("the upstream invalid examples are refused for the upstream's reasons", () => {
  const has = (errors: Finding[], code: string, row: number, field: string, value: string) =>
    assert.ok(
      errors.some((e) => e.code === code && e.row === row && e.field === field && e.value === value),
      `expected ${code} row ${row} ${field} ${JSON.stringify(value)} among:\n${describeErrors(errors).join('\n')}`,
    );

  test('subventions: example-invalid.csv', async () => {
    const report = await validateFile(path.join(SCHEMAS, 'subventions/example-invalid.csv'), await schemaNamed('subventions'));
    assert.equal(report.valid, false);
    // The town's SIRET with its last five digits zeroed: 14 digits, wrong checksum.
    has(report.errors, 'french-siret-value', 2, 'idAttribuant', '21860194600000');
    // The SIREN alone: neither 14 digits nor a SIRET.
    has(report.errors, 'constraint-error', 7, 'idAttribuant', '218601946');
    // 100 where a fraction of 1 is expected.
    has(report.errors, 'constraint-error', 2, 'pourcentageSubvention', '100');
    has(report.errors, 'type-error', 6, 'montant', '100000,1');
    has(report.errors, 'type-error', 6, 'notificationUE', 'no');
    has(report.errors, 'type-error', 8, 'notificationUE', 'yes');
    has(report.errors, 'type-error', 9, 'pourcentageSubvention', '0,5');
    has(report.errors, 'type-error', 5, 'dateConvention', '05/12/2016');
    has(report.errors, 'constraint-error', 8, 'datesPeriodeVersement', '2017-06-27_2018-06-27');
    has(report.errors, 'constraint-error', 16, 'nature', 'aide en numéraire,aide en nature');
    // The optional column dispositifAide is absent: a warning, never an error.
    assert.ok(!report.errors.some((e) => e.field === 'dispositifAide'));
    assert.ok(report.warnings.some((w) => w.field === 'dispositifAide'), 'the absent optional column is mentioned');
  });

  test('subventions: example-invalid-columns.csv misses the renamed required column', async () => {
    const report = await validateFile(path.join(SCHEMAS, 'subventions/example-invalid-columns.csv'), await schemaNamed('subventions'));
    const missing = report.errors.filter((e) => e.code === 'missing-label');
    assert.deepEqual(missing.map((e) => e.field), ['nomBeneficiaire']);
    // Swapped columns are read by name: the SIRET column still gets the SIRET check.
    has(report.errors, 'french-siret-value', 2, 'idAttribuant', '21860194600000');
  });

  test('prenoms: example-invalid.csv', async () => {
    const report = await validateFile(path.join(SCHEMAS, 'prenoms/example-invalid.csv'), await schemaNamed('prenoms'));
    assert.equal(report.valid, false);
    has(report.errors, 'constraint-error', 2, 'COLL_INSEE', '3238');
    has(report.errors, 'constraint-error', 2, 'ENFANT_PRENOM', 'Ad am');
    has(report.errors, 'constraint-error', 3, 'COMMUNE_NOM', 'RENNES');
    has(report.errors, 'constraint-error', 3, 'ENFANT_PRENOM', 'AlexAndre');
    has(report.errors, 'constraint-error', 4, 'ENFANT_SEXE', 'H');
    // Rows 5 on are the valid example's: Noémie, Élise… pass.
    assert.ok(!report.errors.some((e) => e.row === 5 || e.row === 6), describeErrors(report.errors).join('\n'));
  });
});
