// A record's search text: the words of its text fields made lowercase and accent-free. A version's
// read copy (read-copy.ts) holds it in columns, one per group of first characters (`__search_0` has
// the words that start with `a`…), each word with a space before it and one space at the end
// (` rue ` in the `r` column, ` de du ` in the `d` column). Full-text queries over every text field
// (bare strings, search(), suggest(), src/query/odsql/full-text.ts) test with contains() the column
// of each query word's first character, since a word of the query can only start words that begin
// with the same character: a search reads a fraction of the text instead of a regular expression
// over the records (on 1,000,000 addresses, counting "rue de la paix": about 1.8 s over the fields,
// 90 ms over one column of all the words, a few ms over the columns of r, d, l and p;
// docs/benchmarks.md).
import type { Field } from '../catalog/index.js';
import { sqlIdentifier } from './engine.js';

/**
 * The first characters of each column's words, as regular expression classes, grouped so that the
 * columns hold about as much French text each (`d` and `l` alone: de, des, du, la, le, les…); the
 * last takes the words that start with anything else (`œuvre`).
 */
const FIRST_CHARACTERS = ['a', 'b', 'c', 'd', 'e', 'f-h', 'i-k', 'l', 'm', 'n-o', 'p-q', 'r', 's', 't-z', '0-9'] as const;
const OTHER = `^a-z0-9 `;

/** The search text's columns in a read copy. */
export const SEARCH_TEXT_COLUMNS: readonly string[] = [...FIRST_CHARACTERS, OTHER].map((_, i) => `__search_${i}`);

const CLASSES = [...FIRST_CHARACTERS.map((c) => new RegExp(`^[${c}]`)), /^/];

/** The column whose words may start with `word` (a query word, lowercase and accent-free, not empty). */
export function searchTextColumn(word: string): string {
  const index = CLASSES.findIndex((pattern) => pattern.test(word));
  return SEARCH_TEXT_COLUMNS[index] ?? SEARCH_TEXT_COLUMNS[SEARCH_TEXT_COLUMNS.length - 1] ?? '';
}

/** `expr as __search_0, …` over a SELECT of the records: the search text's columns of each record. */
export function searchTextColumnsSql(fields: readonly Field[], records: string): string {
  const text = searchTextExpression(fields);
  const columns = [...FIRST_CHARACTERS, OTHER].map((c, i) => `array_to_string(regexp_extract_all(__text, ' [${c}][^ ]*'), '') || ' ' as ${SEARCH_TEXT_COLUMNS[i]}`);
  return `select * exclude (__text), ${columns.join(', ')} from (select *, ${text} as __text from ${records})`;
}

/** The SQL of a record's words, one space before each: its text fields' words, split as queryWords() of full-text.ts splits a query's. */
function searchTextExpression(fields: readonly Field[]): string {
  const texts = fields.filter((f) => f.type === 'text').map((f) => sqlIdentifier(f.name));
  if (texts.length === 0) return "' '";
  return `' ' || trim(regexp_replace(strip_accents(lower(concat_ws(' ', ${texts.join(', ')}))), '[^\\p{L}\\p{N}]+', ' ', 'g')) || ' '`;
}
