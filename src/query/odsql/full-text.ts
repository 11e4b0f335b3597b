// Full-text conditions (bare strings, search(), suggest(), like) as SQL, on text made lowercase and
// accent-free: over the fields themselves (a regular expression per word, bound as a value), or
// over the search text of a version's read copy (src/data/search-text.ts), in columns by the words'
// first character, each word with a space before it and one space at the end. The compiler
// chooses which (compile.ts); what the query's words are is said once here.
import { sqlIdentifier } from '../../data/index.js';

/**
 * `words` (bare strings, search()): every word of the query starts a word of the text; `like`:
 * every word is a whole word, unless it ends with `*`; `prefix` (suggest): word starts.
 */
export type FullTextMode = 'words' | 'like' | 'prefix';

/** Binds a value and gives its reference (`$n`). */
type Bind = (value: string) => string;

/** The query's words, lowercase and accent-free, a trailing `*` kept (it matters to `like`). */
export function queryWords(query: string): string[] {
  return query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}*]+/u).filter((w) => w.replace(/\*/g, '') !== '');
}

/** The words tested on the fields' text, one regular expression each. */
export function fieldsTest(words: readonly string[], columns: readonly string[], mode: FullTextMode, bind: Bind): string {
  const text = `strip_accents(lower(concat_ws(' ', ${columns.join(', ')})))`;
  return `(${words
    .map((word) => {
      const bare = word.replace(/\*+$/, '').replace(/\*/g, '');
      const escaped = bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const whole = mode === 'like' && !word.endsWith('*');
      // Words are runs of letters and digits; a regular expression built from the query is a bound value, not SQL.
      return `coalesce(regexp_matches(${text}, ${bind(`(^|[^\\p{L}\\p{N}])${escaped}${whole ? '($|[^\\p{L}\\p{N}])' : ''}`)}), false)`;
    })
    .join(' and ')})`;
}

/**
 * The same test on the search text: a word starts a word of it when ` word` is in its column
 * (`columnOf`, by its first character), is one when ` word ` is.
 */
export function searchTextTest(words: readonly string[], columnOf: (word: string) => string, mode: FullTextMode, bind: Bind): string {
  return `(${words
    .map((word) => {
      // searchTextColumnsSql() of data/search-text.ts splits the text the way queryWords() splits the query.
      const bare = word.replace(/\*/g, '');
      const whole = mode === 'like' && !word.endsWith('*');
      return `contains(${sqlIdentifier(columnOf(bare))}, ${bind(` ${bare}${whole ? ' ' : ''}`)})`;
    })
    .join(' and ')})`;
}
