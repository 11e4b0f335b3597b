import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvRecordSplitter, type TableRecord } from '../../src/schema/csv-records.js';

/** Splits `text` pushed in pieces of `size` characters, as a file read chunk by chunk would be. */
function split(text: string, delimiter = ',', size = text.length): TableRecord[] {
  const splitter = new CsvRecordSplitter(delimiter);
  const out: TableRecord[] = [];
  for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size), out);
  splitter.end(out);
  return out;
}

test('records are numbered as frictionless numbers them, with the line each starts on', () => {
  const records = split('a,b\n1,"deux\nlignes"\n\n3,4\n');
  assert.deepEqual(records, [
    { cells: ['a', 'b'], row: 1, line: 1 },
    { cells: ['1', 'deux\nlignes'], row: 2, line: 2 },
    // A blank line is a record (blank-row), and the lines after a multi-line cell are counted.
    { cells: [], row: 3, line: 4 },
    { cells: ['3', '4'], row: 4, line: 5 },
  ]);
});

test('every chunk size gives the same records: quotes, CRLF and doubled quotes cut anywhere', () => {
  const text = 'nom;valeur\r\n"Dupont ""fils""";"1;5"\r\n"x\r\ny";z\r\nfin;""""\r\n';
  const whole = split(text, ';');
  assert.deepEqual(whole.map((r) => r.cells), [['nom', 'valeur'], ['Dupont "fils"', '1;5'], ['x\r\ny', 'z'], ['fin', '"']]);
  assert.deepEqual(whole.map((r) => r.line), [1, 2, 3, 5]);
  for (let size = 1; size < text.length; size += 1) assert.deepEqual(split(text, ';', size), whole, `chunks of ${size}`);
});

test('a last line without a line break, a lone CR, a quote inside a cell and text after a closing quote', () => {
  assert.deepEqual(split('a\rb\n'), [{ cells: ['a'], row: 1, line: 1 }, { cells: ['b'], row: 2, line: 2 }]);
  assert.deepEqual(split('a,b\n1,2').map((r) => r.cells), [['a', 'b'], ['1', '2']]);
  assert.deepEqual(split('5 " pouces,"ab"cd\n').map((r) => r.cells), [['5 " pouces', 'abcd']]);
  // A quote never closed runs to the end of the file, as Python's csv reads it.
  assert.deepEqual(split('a,"b\nc').map((r) => r.cells), [['a', 'b\nc']]);
});

test('tab and pipe delimiters; empty cells are kept', () => {
  assert.deepEqual(split('a\tb\t\n', '\t').map((r) => r.cells), [['a', 'b', '']]);
  assert.deepEqual(split('|x|\n', '|').map((r) => r.cells), [['', 'x', '']]);
});
