// date_format(d, 'pattern') (ODS Explore v2.1 §5.5): Joda-style pattern letters, free text in
// single quotes (`''` is a quote), day and month names in the request's `lang`. The pattern becomes
// SQL made of our own words and bound values only: each letter run is a date part we format, each
// run of text and each list of names is a parameter.
import { odsqlError, type Clause } from './errors.js';

/** The languages of `lang` (§3); the default is French. */
export const LANGUAGES = ['en', 'fr', 'nl', 'pt', 'it', 'ar', 'de', 'es', 'ca', 'eu', 'sv'] as const;

// Padding past this many digits means nothing for a date part.
const MAX_DIGITS = 9;

// Names by language, part and width: Intl builds them slowly, and they never change.
const namesMade = new Map<string, string[]>();

/** Day names from Monday (ISO day 1) and month names from January, in `lang`, long or short. */
function names(lang: string, part: 'weekday' | 'month', width: 'long' | 'short'): string[] {
  const key = `${lang} ${part} ${width}`;
  const made = namesMade.get(key);
  if (made) return made;
  const format = new Intl.DateTimeFormat(lang, { [part]: width, timeZone: 'UTC' });
  // 2024-01-01 is a Monday.
  const list = Array.from({ length: part === 'weekday' ? 7 : 12 }, (_, i) => format.format(part === 'weekday' ? Date.UTC(2024, 0, 1 + i) : Date.UTC(2024, i, 15)));
  namesMade.set(key, list);
  return list;
}

/**
 * The SQL of `pattern` applied to `local` (a DATE, or a TIMESTAMP already in the request's zone).
 * `start` is the pattern's column in the clause, for errors.
 */
export function dateFormatSql(pattern: string, local: string, lang: string, param: (value: string) => string, clause: Clause, start: number): string {
  const pieces: string[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') pieces.push(param(text));
    text = '';
  };
  const digits = (sql: string, width: number) => `printf('%0${width}d', ${sql})`;
  // Names hold no `|`: the list is one bound text, split here.
  const named = (list: string[], index: string) => `list_extract(string_split(${param(list.join('|'))}, '|'), ${index})`;
  let at = 0;
  while (at < pattern.length) {
    const char = pattern[at] ?? '';
    if (char === "'") {
      // Quoted text; `''` is a quote, inside quotes or out.
      if (pattern[at + 1] === "'") {
        text += "'";
        at += 2;
        continue;
      }
      let end = at + 1;
      for (; end < pattern.length; end += 1) {
        if (pattern[end] !== "'") text += pattern[end];
        else if (pattern[end + 1] === "'") {
          text += "'";
          end += 1;
        } else break;
      }
      if (end >= pattern.length) throw odsqlError(clause, start, 'a quoted text of the date_format() pattern is not closed', 'un texte entre apostrophes du motif de date_format() n’est pas fermé');
      at = end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(char)) {
      text += char;
      at += 1;
      continue;
    }
    let count = 1;
    while (pattern[at + count] === char) count += 1;
    const width = Math.min(count, MAX_DIGITS);
    let sql: string;
    switch (char) {
      case 'y':
      case 'Y':
        sql = count === 2 ? digits(`(year(${local}) % 100)`, 2) : digits(`year(${local})`, width);
        break;
      case 'x':
        sql = count === 2 ? digits(`(isoyear(${local}) % 100)`, 2) : digits(`isoyear(${local})`, width);
        break;
      case 'w':
        sql = digits(`weekofyear(${local})`, width);
        break;
      case 'e':
        sql = digits(`isodow(${local})`, width);
        break;
      case 'E':
        sql = named(names(lang, 'weekday', count >= 4 ? 'long' : 'short'), `isodow(${local})`);
        break;
      case 'D':
        sql = digits(`dayofyear(${local})`, width);
        break;
      case 'M':
        sql = count >= 3 ? named(names(lang, 'month', count >= 4 ? 'long' : 'short'), `month(${local})`) : digits(`month(${local})`, width);
        break;
      case 'd':
        sql = digits(`day(${local})`, width);
        break;
      case 'H':
        sql = digits(`hour(${local})`, width);
        break;
      case 'm':
        sql = digits(`minute(${local})`, width);
        break;
      case 's':
        sql = digits(`second(${local})`, width);
        break;
      default:
        throw odsqlError(clause, start, `${char} is not a date_format() pattern letter (yyyy, MM, MMMM, dd, EEEE, HH, mm, ss…)`, `${char} n’est pas une lettre de motif de date_format() (yyyy, MM, MMMM, dd, EEEE, HH, mm, ss…)`);
    }
    flush();
    pieces.push(sql);
    at += count;
  }
  flush();
  if (pieces.length === 0) return param('');
  return `(${pieces.join(' || ')})`;
}
