// Every error code is documented, and every message exists in French and English with the same placeholders.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { AppError, ERRORS, errorsTable } from '../src/errors.js';

test('docs/errors.md holds the table of every error code, as src/errors.ts declares it (npm run docs:errors)', () => {
  const doc = fs.readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const table = /<!-- errors:start -->\n([\s\S]*?)\n<!-- errors:end -->/.exec(doc)?.[1];
  assert.equal(table, errorsTable());
  for (const code of Object.keys(ERRORS)) assert.match(doc, new RegExp(`\\| \`${code}\` \\|`), code);
});

test('French and English messages name the same places', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]?.replace(/_fr$/, '')).sort();
  for (const [code, definition] of Object.entries(ERRORS)) {
    assert.deepEqual(placeholders(definition.fr), placeholders(definition.en), code);
    assert.notEqual(definition.fr, definition.en, `${code} is translated`);
  }
});

test('an AppError renders its messages with its values', () => {
  const error = new AppError('INGEST_CSV_MALFORMED', { file: 'a.csv', line: 4, detail: 'ragged', detail_fr: 'irrégulière' }, { line: 4 });
  assert.equal(error.message, 'The CSV file a.csv is malformed at line 4: ragged.');
  assert.equal(error.messageFr, 'Le fichier CSV a.csv est mal formé à la ligne 4 : irrégulière.');
  assert.equal(error.status, 400);
});
