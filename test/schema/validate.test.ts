// The validation engine as a publisher meets it: a file and a schema in, a report out, with the
// frictionless codes at the row (header = 1) and physical line they concern (spec §4, §5, §9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readSchemaDescriptor } from '../../src/schema/descriptor.js';
import { validateFile, type ValidationReport } from '../../src/schema/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'territoires-validate-'));

function file(name: string, content: string | Buffer): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, content);
  return target;
}

const people = readSchemaDescriptor({
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true, unique: true } },
    { name: 'nom', type: 'string', constraints: { required: true } },
    { name: 'ville', type: 'string' },
  ],
});

/** Findings as `code@row:field`, the shortest way to compare a report with what a reader expects. */
const where = (findings: ValidationReport['errors']) => findings.map((f) => `${f.code}@${f.row}:${f.field ?? '-'}`);

test('a conforming file: valid, its rows counted, no finding', async () => {
  const report = await validateFile(file('ok.csv', 'id,nom,ville\n1,Anne,Nantes\n2,Bruno,\n'), people);
  assert.equal(report.valid, true);
  assert.equal(report.table.rows, 2);
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.warnings, []);
  assert.equal(report.table.encoding, 'utf-8');
  assert.equal(report.table.delimiter, ',');
});

test('columns are matched by name: a missing required column is one missing-label error, not one per row', async () => {
  const report = await validateFile(file('missing.csv', 'ville,id\nNantes,1\nAngers,2\n'), people);
  assert.deepEqual(where(report.errors), ['missing-label@1:nom']);
  assert.equal(report.errors[0]?.line, 1);
  assert.match(report.errors[0]?.message.fr ?? '', /obligatoire « nom » est manquante/);
  assert.match(report.errors[0]?.message.en ?? '', /required column "nom" is missing/);
});

test('an unknown column, a missing optional one and columns out of order are warnings', async () => {
  const extra = await validateFile(file('extra.csv', 'id,nom,ville,remarque\n1,Anne,Nantes,x\n'), people);
  assert.equal(extra.valid, true);
  assert.deepEqual(extra.warnings.map((w) => `${w.code}:${w.field}:${w.fieldNumber}`), ['extra-header-warn:remarque:4']);
  const optional = await validateFile(file('optional.csv', 'id,nom\n1,Anne\n'), people);
  assert.equal(optional.valid, true);
  assert.deepEqual(optional.warnings.map((w) => `${w.code}:${w.field}`), ['missing-header-warn:ville']);
  const disordered = await validateFile(file('disordered.csv', 'nom,ville,id\nAnne,Nantes,1\n'), people);
  assert.equal(disordered.valid, true);
  assert.deepEqual(disordered.warnings.map((w) => w.code), ['disordered-header-warn']);
});

test('blank labels and duplicate labels are header errors at their position', async () => {
  const report = await validateFile(file('labels.csv', 'id,nom,,nom\n1,Anne,,Anne\n'), people);
  assert.deepEqual(report.errors.map((e) => `${e.code}:${e.fieldNumber}`), ['blank-label:3', 'duplicate-label:4']);
});

test('rows: blank row, extra cell, missing cell, each once, at the record and the line it starts on', async () => {
  const csv = 'id,nom,ville\n1,"Anne\nMarie",Nantes\n\n3,Chloé,Angers,en trop\n4,Denis\n';
  const report = await validateFile(file('rows.csv', csv), people);
  assert.deepEqual(
    report.errors.map((e) => `${e.code}@${e.row}/${e.line}:${e.fieldNumber}`),
    // Record 3 (the blank line) is on line 4: the quoted cell of record 2 spans lines 2 and 3.
    ['blank-row@3/4:null', 'extra-cell@4/5:4', 'missing-cell@5/6:3'],
  );
  assert.equal(report.errors[1]?.value, 'en trop');
});

test('a missing value of a required field is a constraint-error; a type error stops that cell\'s other checks', async () => {
  const schema = readSchemaDescriptor({ fields: [{ name: 'n', type: 'integer', constraints: { required: true, minimum: 10 } }] });
  const report = await validateFile(file('cells.csv', 'n\n\n12\ndouze\n5\n'), schema);
  // Row 2 is a blank line (blank-row, nothing else), row 4 a type error only, row 5 below the minimum.
  assert.deepEqual(where(report.errors), ['blank-row@2:-', 'type-error@4:n', 'constraint-error@5:n']);
  const empty = await validateFile(file('empty-required.csv', 'n,x\n,a\n'), readSchemaDescriptor({ fields: [{ name: 'n', type: 'integer', constraints: { required: true } }, { name: 'x' }] }));
  assert.deepEqual(where(empty.errors), ['constraint-error@2:n']);
  assert.match(empty.errors[0]?.note ?? '', /required/);
});

test('unique compares cast values and names the row of the first occurrence', async () => {
  const report = await validateFile(file('unique.csv', 'id,nom\n1,Anne\n2,Bruno\n01,Chloé\n2,Denis\n'), people);
  assert.deepEqual(where(report.errors), ['unique-error@4:id', 'unique-error@5:id']);
  assert.match(report.errors[0]?.note ?? '', /row at position 2/);
  assert.match(report.errors[1]?.message.fr ?? '', /ligne 3/);
});

test('primaryKey: a duplicate key tuple; uniqueKeys skip rows with a null; a self-referencing foreign key', async () => {
  const schema = readSchemaDescriptor({
    fields: [{ name: 'code' }, { name: 'annee', type: 'integer' }, { name: 'parent' }],
    primaryKey: ['code', 'annee'],
    foreignKeys: [{ fields: 'parent', reference: { resource: '', fields: 'code' } }],
  });
  const report = await validateFile(file('keys.csv', 'code,annee,parent\nA,2024,\nA,2025,A\nA,2024,B\nC,2024,Z\n'), schema);
  assert.deepEqual(where(report.errors), ['primary-key@4:-', 'foreign-key@4:parent', 'foreign-key@5:parent']);
  assert.equal(report.errors[1]?.value, 'B');
});

test('errors are all counted, listed up to the cap per code', async () => {
  const lines = ['id,nom', ...Array.from({ length: 250 }, (_, i) => `x${i},Nom`)];
  const report = await validateFile(file('many.csv', `${lines.join('\n')}\n`), people, { cap: 100 });
  assert.equal(report.counts['type-error'], 250);
  assert.equal(report.errorCount, 250);
  assert.equal(report.errors.length, 100);
  assert.equal(report.truncated, true);
});

test('a Windows-1252 file is validated after decoding, with a warning that suggests UTF-8', async () => {
  const report = await validateFile(file('latin.csv', iconv.encode('id;nom;ville\n1;Œdipe;Bœurs-en-Othe\n2;Zoé;Orléans\n', 'windows-1252')), people);
  assert.equal(report.valid, true);
  assert.equal(report.table.encoding, 'windows-1252');
  assert.equal(report.table.delimiter, ';');
  assert.deepEqual(report.warnings.map((w) => w.code), ['encoding-warn']);
  assert.match(report.warnings[0]?.message.fr ?? '', /UTF-8/);
});

test('bytes that are text in no encoding: one encoding-error, nothing else', async () => {
  const report = await validateFile(file('binary.csv', Buffer.from([0x69, 0x64, 0x0a, 0x00, 0x01, 0xff, 0x00, 0x0a])), people);
  assert.equal(report.valid, false);
  assert.deepEqual(report.errors.map((e) => e.code), ['encoding-error']);
});

test('an empty file is a blank-header error; a byte order mark is not part of the first label', async () => {
  const empty = await validateFile(file('empty.csv', ''), people);
  assert.deepEqual(empty.errors.map((e) => e.code), ['blank-header']);
  const bom = await validateFile(file('bom.csv', '\uFEFFid,nom,ville\n1,Anne,Nantes\n'), people);
  assert.equal(bom.valid, true);
});

test('the first sheet of a workbook, typed cells read as their text, empty rows as blank rows', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Données');
  sheet.addRow(['id', 'nom', 'ville']);
  sheet.addRow([1, 'Anne', 'Nantes']);
  sheet.getRow(4).values = ['trois', 'Chloé', 'Angers'];
  const target = path.join(dir, 'classeur.xlsx');
  await workbook.xlsx.writeFile(target);
  const report = await validateFile(target, people, { fileName: 'classeur.xlsx' });
  assert.equal(report.table.format, 'xlsx');
  assert.deepEqual(where(report.errors), ['blank-row@3:-', 'type-error@4:id']);
});

test('typed workbook cells are taken as values: a number under decimalChar ",", TRUE under trueValues ["oui"], a date under %d/%m/%Y', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Feuille');
  sheet.addRow(['x', 'b', 'd', 'n']);
  sheet.addRow([1234567.25, true, new Date(Date.UTC(2020, 0, 31)), 2.5]);
  const target = path.join(dir, 'types.xlsx');
  await workbook.xlsx.writeFile(target);
  const schema = readSchemaDescriptor({
    fields: [
      { name: 'x', type: 'number', decimalChar: ',', groupChar: ' ' },
      { name: 'b', type: 'boolean', trueValues: ['oui'], falseValues: ['non'] },
      { name: 'd', type: 'date', format: '%d/%m/%Y' },
      // A typed cell still has to fit the type: 2.5 is not an integer.
      { name: 'n', type: 'integer' },
    ],
  });
  const report = await validateFile(target, schema, { fileName: 'types.xlsx' });
  assert.deepEqual(where(report.errors), ['type-error@2:n']);
});

test('a UTF-8 file (its byte order mark says so) with a byte that is not UTF-8: encoding-error, the first label intact', async () => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id;nom;ville\n1;x;Nantes\n2;'), Buffer.from([0xe9]), Buffer.from(';Angers\n')]);
  const report = await validateFile(file('bom-bad.csv', bytes), people);
  assert.equal(report.table.encoding, 'utf-8');
  assert.deepEqual(report.table.columns, ['id', 'nom', 'ville']);
  assert.deepEqual(report.errors.map((e) => e.code), ['encoding-error']);
  // The same bytes read as the publisher said, UTF-8: the same error.
  const declared = await validateFile(file('declared.csv', iconv.encode('id,nom,ville\n1,Zoé,Orléans\n', 'latin1')), people, { encoding: 'utf-8' });
  assert.deepEqual(declared.errors.map((e) => e.code), ['encoding-error']);
});

test('a blank label between columns in the schema\'s order is a blank-label, not a disorder; a unique-error is at its column', async () => {
  const schema = readSchemaDescriptor({ fields: [{ name: 'a' }, { name: 'b', constraints: { unique: true } }, { name: 'c' }] });
  const report = await validateFile(file('blank-between.csv', 'a,,b,c\nx,,1,y\nz,,1,w\n'), schema);
  assert.deepEqual(report.warnings, []);
  assert.deepEqual(report.errors.map((e) => `${e.code}@${e.row}:${e.fieldNumber}`), ['blank-label@1:2', 'unique-error@3:3']);
});

test('durations are ordered when the length of a month cannot change the answer', async () => {
  const schema = readSchemaDescriptor({ fields: [{ name: 'duree', type: 'duration', constraints: { maximum: 'P1Y' } }] });
  const report = await validateFile(file('durations.csv', 'duree\nPT1.5S\nPT36H\nP1.5D\nP13M\nP400D\n'), schema);
  assert.deepEqual(where(report.errors), ['constraint-error@5:duree', 'constraint-error@6:duree']);
});

test('a damaged workbook, or one without the sheet asked for, is one format-error in the report', async () => {
  const damaged = await validateFile(file('damaged.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)])), people, { fileName: 'damaged.xlsx' });
  assert.deepEqual(damaged.errors.map((e) => e.code), ['format-error']);
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Données').addRow(['id', 'nom']);
  workbook.addWorksheet('Notes').addRow(['x']);
  const target = path.join(dir, 'sheets.xlsx');
  await workbook.xlsx.writeFile(target);
  const missing = await validateFile(target, people, { fileName: 'sheets.xlsx', sheet: 'Budget' });
  assert.deepEqual(missing.errors.map((e) => e.code), ['format-error']);
  assert.match(missing.errors[0]?.message.fr ?? '', /Données, Notes/);
});

test('a first line that is empty: one blank-header error, and the run stops there', async () => {
  const report = await validateFile(file('no-header.csv', '\nid,nom,ville\n1,Anne,Nantes\n'), people);
  assert.deepEqual(report.errors.map((e) => `${e.code}@${e.row}`), ['blank-header@1']);
  assert.deepEqual(report.warnings, []);
});

test('a row whose cells are all missing values of the schema is a blank row', async () => {
  const schema = readSchemaDescriptor({ missingValues: ['', 'NA'], fields: [{ name: 'a', type: 'integer' }, { name: 'b' }] });
  const report = await validateFile(file('na.csv', 'a,b\nNA,NA\n1,x\n'), schema);
  assert.deepEqual(where(report.errors), ['blank-row@2:-']);
});

test('a foreign key to another resource is a warning that it was not checked, not an error', async () => {
  const schema = readSchemaDescriptor({ fields: [{ name: 'code' }], foreignKeys: [{ fields: 'code', reference: { resource: 'communes', fields: 'insee' } }] });
  const report = await validateFile(file('fk.csv', 'code\n44109\n'), schema);
  assert.equal(report.valid, true);
  assert.deepEqual(report.warnings.map((w) => w.code), ['foreign-key-not-checked']);
});
