// Excel workbooks: the chosen sheet, a title row above the header, dates from Excel serials,
// codes as text; binary files named .csv and XLS files refused with a clear message.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { createOrganisation } from '../../src/catalog/index.js';
import { previewFile, publishFile } from '../../src/ingest/index.js';
import { temporaryDir, testPlatform, writeTemporaryFile, type TestPlatform } from '../helpers/platform.js';

async function workbook(): Promise<string> {
  const book = new ExcelJS.Workbook();
  const notes = book.addWorksheet('Notes');
  notes.addRow(['Note']);
  notes.addRow(['Ce classeur liste les équipements']);
  const sheet = book.addWorksheet('Équipements');
  sheet.addRow(['Équipements sportifs de La Roche-sur-Yon']);
  sheet.addRow([]);
  sheet.addRow(['Code INSEE', 'Nom', 'Capacité', 'Mise en service', 'Accessible', 'Tarif']);
  sheet.addRow(['85191', 'Piscine Arago', 850, new Date(Date.UTC(1998, 5, 15)), true, 4.5]);
  sheet.addRow(['85191', 'Stade Henri Desgrange', 12000, new Date(Date.UTC(1970, 0, 1)), false, { formula: '2+1.5', result: 3.5 }]);
  sheet.getColumn(4).numFmt = 'dd/mm/yyyy';
  const file = path.join(temporaryDir(), 'equipements.xlsx');
  await book.xlsx.writeFile(file);
  return file;
}

describe('reading Excel workbooks', () => {
  let t: TestPlatform;
  let file: string;
  before(async () => {
    t = await testPlatform();
    await createOrganisation(t.platform.db, { name: 'Région', kind: 'region' });
    file = await workbook();
  });
  after(async () => t?.dispose());

  test('the first sheet by default; another by name or position', async () => {
    const first = await previewFile(t.platform, file);
    assert.equal(first.format, 'xlsx');
    assert.equal(first.sheet, 'Notes');
    const byName = await previewFile(t.platform, file, { sheet: 'Équipements' });
    const byPosition = await previewFile(t.platform, file, { sheet: '2' });
    assert.deepEqual(byName, byPosition);
    await assert.rejects(previewFile(t.platform, file, { sheet: 'Budget' }), (error: Error & { code?: string; messageFr?: string }) => {
      assert.equal(error.code, 'INGEST_SHEET_NOT_FOUND');
      assert.match(error.messageFr ?? '', /ses feuilles sont : Notes, Équipements/);
      return true;
    });
  });

  test('the header below a title row, typed columns, Excel dates, formulas by their result', async () => {
    const result = await publishFile(t.platform, { file, datasetId: 'equipements', read: { sheet: 'Équipements' } }, t.platform.publishOptions);
    assert.equal(result.read.header_line, 3);
    assert.deepEqual(result.version.fields.map((f) => `${f.name}:${f.type}`), [
      'code_insee:text', 'nom:text', 'capacite:int', 'mise_en_service:date', 'accessible:boolean', 'tarif:double',
    ]);
    const rows = await t.platform.engine.query('select * from read_parquet($1)', [t.platform.blobs.absolute(result.version.file)]);
    assert.equal(rows[0]?.code_insee, '85191');
    assert.equal((rows[0]?.mise_en_service as Date).toISOString().slice(0, 10), '1998-06-15');
    assert.equal(rows[1]?.capacite, 12000n);
    assert.equal(rows[1]?.tarif, 3.5);
    assert.equal(rows[1]?.accessible, false);
  });

  test('a workbook with a header and no record is refused, like an empty CSV', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Vide').addRow(['code', 'nom']);
    const empty = path.join(temporaryDir(), 'vide.xlsx');
    await book.xlsx.writeFile(empty);
    await assert.rejects(previewFile(t.platform, empty), { code: 'INGEST_EMPTY_FILE' });
  });

  test('a binary file named .csv, and an old XLS, are refused with what to do', async () => {
    const binary = writeTemporaryFile('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    await assert.rejects(publishFile(t.platform, { file: binary, datasetId: 'image' }, t.platform.publishOptions), { code: 'INGEST_BINARY' });
    const xls = writeTemporaryFile('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await assert.rejects(previewFile(t.platform, xls), (error: Error & { code?: string; messageFr?: string }) => {
      assert.equal(error.code, 'INGEST_FORMAT_UNSUPPORTED');
      assert.match(error.messageFr ?? '', /enregistrez-le en XLSX ou CSV/);
      return true;
    });
    const broken = writeTemporaryFile('broken.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]));
    await assert.rejects(previewFile(t.platform, broken), { code: 'INGEST_UNREADABLE' });
  });
});
