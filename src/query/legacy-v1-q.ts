// The v1 `q` language (ODS spec §2.12; v1 doc "Query language") translated into an ODSQL where
// clause, so that v1 searches take the one query path (plan.ts, compile.ts). What we write here is
// ODSQL, never SQL: field names are checked against the dataset's fields and backquoted, texts are
// JSON-quoted strings, numbers and dates pass a pattern first; the compiler then binds every value.
//
// Supported: words (word starts, accents and case aside), "phrases" (whole words), AND / OR / NOT
// (NOT > AND > OR; words side by side are ANDed), parentheses, field:value, field==value,
// field-value (on a field of the dataset), field>=v, <=, >, <, field:[a TO b] ({ } exclusive),
// dates as 2013, 2013/02, 2013/02/11 or ISO 8601, and #null(f), #exact(f,"v"), #search(f…,"v"),
// #startswith(f,"v"), #distance(f,"lat,lon",m), #polygon(f,"(lat,lon),…"), #geometry(f,"geom"),
// #now(days=-1…) as a value (plural units only).
import type { Field } from '../catalog/index.js';
import { multivaluedSeparator } from '../data/index.js';
import { AppError } from '../errors.js';

const KEYWORDS = ['AND', 'OR', 'NOT'] as const;
const DATE = /^\d{4}(?:[-/]\d{1,2}(?:[-/]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
type Comparison = '=' | '>' | '>=' | '<' | '<=';

/** ODSQL where text for a v1 `q`; '' when the query is empty. Errors name `parameter` (q or q.<suffix>). */
export function v1QueryToOdsql(q: string, fields: readonly Field[], parameter = 'q', now: Date = new Date()): string {
  if (q.trim() === '') return '';
  const parser = new QueryParser(q, fields, parameter, now);
  const where = parser.disjunction();
  parser.skipSpace();
  if (!parser.atEnd()) throw parser.error('AND, OR, NOT or the end of the query expected', 'AND, OR, NOT ou la fin de la requête attendus');
  return where;
}

/** `(lat1,lon1),(lat2,lon2),…` of geofilter.polygon and #polygon() as a WKT POLYGON (lon lat order); undefined when malformed. */
export function v1PolygonWkt(text: string): string | undefined {
  const pairs = [...text.matchAll(/\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)/g)];
  const rest = text.replace(/\(\s*-?\d+(?:\.\d+)?\s*,\s*-?\d+(?:\.\d+)?\s*\)/g, '').replace(/[\s,()]/g, '');
  if (pairs.length < 3 || rest !== '') return undefined;
  const vertices = pairs.map(([, lat, lon]) => `${Number(lon)} ${Number(lat)}`);
  if (vertices[0] !== vertices[vertices.length - 1]) vertices.push(vertices[0] ?? '');
  return `POLYGON((${vertices.join(', ')}))`;
}

/** A field name as ODSQL reads it whatever it holds: backquoted, `\` escaping. */
export function odsqlName(name: string): string {
  return `\`${name.replace(/[\\`]/g, (c) => `\\${c}`)}\``;
}

const text = (value: string): string => JSON.stringify(value);

/** Parentheses and NOTs nested deeper than this are refused rather than run into the stack's end. */
const MAX_DEPTH = 100;

class QueryParser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly fields: readonly Field[],
    private readonly parameter: string,
    private readonly now: Date,
  ) {}

  atEnd(): boolean {
    return this.at >= this.source.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.source[this.at] ?? '')) this.at += 1;
  }

  error(detail: string, detailFr: string, at = this.at): AppError {
    return new AppError('V1_QUERY_MALFORMED', { parameter: this.parameter, column: at + 1, detail, detail_fr: detailFr }, { parameter: this.parameter, column: at + 1 });
  }

  /** An upper-case keyword at the current place, followed by a space, a parenthesis, a quote or the end. */
  private keyword(): (typeof KEYWORDS)[number] | undefined {
    this.skipSpace();
    return KEYWORDS.find((k) => this.source.startsWith(k, this.at) && /^[\s("#]?$/.test(this.source[this.at + k.length] ?? ''));
  }

  disjunction(): string {
    const terms = [this.conjunction()];
    while (this.keyword() === 'OR') {
      this.at += 2;
      terms.push(this.conjunction());
    }
    return terms.length === 1 ? (terms[0] ?? '') : `(${terms.join(' or ')})`;
  }

  private conjunction(): string {
    const terms = [this.negation()];
    for (;;) {
      const keyword = this.keyword();
      if (keyword === 'AND') this.at += 3;
      else if (keyword === 'OR' || this.atEnd() || this.source[this.at] === ')') break;
      terms.push(this.negation());
    }
    return terms.length === 1 ? (terms[0] ?? '') : `(${terms.join(' and ')})`;
  }

  private negation(): string {
    if (this.depth >= MAX_DEPTH) throw this.error(`more than ${MAX_DEPTH} nested parentheses or NOTs`, `plus de ${MAX_DEPTH} parenthèses ou NOT imbriqués`);
    this.depth += 1;
    try {
      if (this.keyword() === 'NOT') {
        this.at += 3;
        return `(not ${this.negation()})`;
      }
      return this.primary();
    } finally {
      this.depth -= 1;
    }
  }

  private primary(): string {
    this.skipSpace();
    const char = this.source[this.at];
    if (char === undefined) throw this.error('a word, a phrase or a condition expected', 'un mot, une phrase ou une condition attendus');
    if (char === '(') {
      this.at += 1;
      const inner = this.disjunction();
      this.skipSpace();
      if (this.source[this.at] !== ')') throw this.error('")" expected', '")" attendu');
      this.at += 1;
      return inner;
    }
    if (char === ')') throw this.error('a word, a phrase or a condition expected', 'un mot, une phrase ou une condition attendus');
    if (char === '#') return this.functionCall();
    if (char === '"') return this.phrase(this.quoted());
    const fieldQuery = this.fieldQuery();
    if (fieldQuery !== undefined) return fieldQuery;
    const start = this.at;
    while (!this.atEnd() && !/[\s()"]/.test(this.source[this.at] ?? '')) this.at += 1;
    // A word: the start of a word of the record's text (ODSQL's bare string).
    return text(this.source.slice(start, this.at));
  }

  /** A "quoted" text from the current quote; `\"` and `\\` escape. */
  private quoted(): string {
    const start = this.at;
    let value = '';
    this.at += 1;
    while (!this.atEnd() && this.source[this.at] !== '"') {
      if (this.source[this.at] === '\\' && this.at + 1 < this.source.length) this.at += 1;
      value += this.source[this.at];
      this.at += 1;
    }
    if (this.atEnd()) throw this.error('a quoted text is not closed', 'un texte entre guillemets n’est pas fermé', start);
    this.at += 1;
    return value;
  }

  /** A phrase: its words, whole, in one of the text fields (accents and case aside). */
  private phrase(value: string): string {
    const columns = this.fields.filter((f) => f.type === 'text' && f.annotations.fulltext !== false);
    if (columns.length === 0) return 'false';
    return `(${columns.map((f) => `${odsqlName(f.name)} like ${text(value)}`).join(' or ')})`;
  }

  private field(name: string, at: number): Field {
    const field = this.fields.find((f) => f.name === name);
    if (!field) throw this.error(`Unknown field: ${name}`, `champ inconnu : ${name}`, at);
    return field;
  }

  /** `field:value`, `field==value`, `field-value`, `field>=value`… when a field name and an operator start here. */
  private fieldQuery(): string | undefined {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(\s*(==|>=|<=|:|=|>|<)|-)/.exec(this.source.slice(this.at));
    if (!match) return undefined;
    const [whole, name = '', , operator = '-'] = match;
    const known = this.fields.some((f) => f.name === name);
    // `Saint-Nazaire` is a word: `-` is an operator only after a field of the dataset.
    if (!known && operator === '-') return undefined;
    const start = this.at;
    const field = this.field(name, start);
    this.at += whole.length;
    this.skipSpace();
    const opening = this.source[this.at];
    if (operator === ':' && (opening === '[' || opening === '{')) return this.range(field);
    const comparison: Comparison = operator === ':' || operator === '==' || operator === '=' || operator === '-' ? '=' : (operator as Comparison);
    return this.compare(field, comparison, this.value(), start);
  }

  /** A value after an operator: a "quoted text", #now(…), or the characters up to a space or a parenthesis. */
  private value(): string {
    this.skipSpace();
    if (this.source[this.at] === '"') return this.quoted();
    if (this.source.startsWith('#now(', this.at)) {
      const at = this.at;
      this.at += 4;
      return this.nowValue(this.arguments(), at);
    }
    const start = this.at;
    while (!this.atEnd() && !/[\s()]/.test(this.source[this.at] ?? '')) this.at += 1;
    if (start === this.at) throw this.error('a value expected', 'une valeur attendue');
    return this.source.slice(start, this.at);
  }

  private compare(field: Field, op: Comparison, value: string, at: number): string {
    const name = odsqlName(field.name);
    switch (field.type) {
      case 'text':
        if (op === '=' && multivaluedSeparator(field) !== undefined) return `${text(value)} in ${name}`;
        return `${name} ${op} ${text(value)}`;
      case 'int':
      case 'double':
        if (!NUMBER.test(value)) throw this.error(`${field.name} is a number: ${value} is not one`, `${field.name} est un nombre : ${value} n’en est pas un`, at);
        return `${name} ${op} ${value}`;
      case 'date':
      case 'datetime': {
        if (!DATE.test(value)) throw this.error(`${value} is not a date (2013, 2013/02, 2013/02/11, 2013-02-11T10:00:00)`, `${value} n’est pas une date (2013, 2013/02, 2013/02/11, 2013-02-11T10:00:00)`, at);
        const next = nextPeriod(value);
        // field:2013 is the whole of 2013; comparisons read a partial date as its first instant.
        if (op === '=' && next) return `(${name} >= date'${value}' and ${name} < date'${next}')`;
        return `${name} ${op} date'${value}'`;
      }
      case 'boolean': {
        const truth = value.toLowerCase();
        if (op !== '=' || (truth !== 'true' && truth !== 'false')) throw this.error(`${field.name} is true or false`, `${field.name} vaut true ou false`, at);
        return `${name} is ${truth}`;
      }
      default:
        throw this.error(`${field.name} (${field.type}) cannot be compared with a value; use #distance or #polygon`, `${field.name} (${field.type}) ne se compare pas à une valeur ; utilisez #distance ou #polygon`, at);
    }
  }

  /** `[a TO b]` (bounds in), `{a TO b}` (bounds out), `*` for an open end. */
  private range(field: Field): string {
    const start = this.at;
    const lowIn = this.source[this.at] === '[';
    this.at += 1;
    const low = this.value();
    this.skipSpace();
    if (!this.source.startsWith('TO', this.at)) throw this.error('TO expected', 'TO attendu');
    this.at += 2;
    this.skipSpace();
    const bound = /^(.+?)\s*([\]}])/.exec(this.source.slice(this.at));
    if (!bound) throw this.error('"]" or "}" expected', '"]" ou "}" attendu');
    const high = bound[1] ?? '';
    const highIn = bound[2] === ']';
    this.at += bound[0].length;
    const temporal = field.type === 'date' || field.type === 'datetime';
    const tests: string[] = [];
    if (low !== '*') {
      // For dates, a bound left out starts after its whole period: `{2013 TO …` begins in 2014.
      const next = temporal && !lowIn ? nextPeriod(low) : undefined;
      tests.push(next ? this.compare(field, '>=', next, start) : this.compare(field, lowIn ? '>=' : '>', low, start));
    }
    if (high !== '*') {
      // For dates, a bound kept in ends with its whole period: `… TO 2000]` includes 2000-12-31.
      const next = temporal && highIn ? nextPeriod(high) : undefined;
      tests.push(next ? this.compare(field, '<', next, start) : this.compare(field, highIn ? '<=' : '<', high, start));
    }
    return tests.length === 0 ? `${odsqlName(field.name)} is not null` : `(${tests.join(' and ')})`;
  }

  /** `(a, "b", c)` after a function name: raw arguments, quoted ones unquoted. */
  private arguments(): { value: string; quoted: boolean; at: number }[] {
    if (this.source[this.at] !== '(') throw this.error('"(" expected', '"(" attendu');
    this.at += 1;
    const args: { value: string; quoted: boolean; at: number }[] = [];
    for (;;) {
      this.skipSpace();
      if (this.source[this.at] === ')' && args.length === 0) break;
      const at = this.at;
      if (this.source[this.at] === '"') args.push({ value: this.quoted(), quoted: true, at });
      else {
        while (!this.atEnd() && !/[,)]/.test(this.source[this.at] ?? '')) this.at += 1;
        args.push({ value: this.source.slice(at, this.at).trim(), quoted: false, at });
      }
      this.skipSpace();
      if (this.source[this.at] === ',') {
        this.at += 1;
        continue;
      }
      if (this.source[this.at] === ')') break;
      throw this.error('"," or ")" expected', '"," ou ")" attendu');
    }
    this.at += 1;
    return args;
  }

  private functionCall(): string {
    const start = this.at;
    const name = /^#([A-Za-z_]+)/.exec(this.source.slice(this.at))?.[1]?.toLowerCase() ?? '';
    this.at += name.length + 1;
    const args = this.arguments();
    const fieldArg = (index: number): Field => {
      const arg = args[index];
      if (!arg || arg.quoted) throw this.error(`#${name}() takes a field name first`, `#${name}() prend d’abord un nom de champ`, arg?.at ?? start);
      return this.field(arg.value, arg.at);
    };
    const last = args[args.length - 1];
    const lastText = (): string => {
      if (!last || args.length < 2) throw this.error(`#${name}() needs more arguments`, `#${name}() demande plus d’arguments`, start);
      return last.value;
    };
    switch (name) {
      case 'null':
        return `${odsqlName(fieldArg(0).name)} is null`;
      case 'exact':
        return this.compare(fieldArg(0), '=', lastText(), start);
      case 'search':
      case 'startswith': {
        const value = lastText();
        const names = args.slice(0, -1).map((_, i) => odsqlName(fieldArg(i).name));
        return `${name}(${[...names, text(value)].join(', ')})`;
      }
      case 'distance': {
        const field = fieldArg(0);
        const centre = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(args[1]?.value ?? '');
        const metres = args[2]?.value ?? '';
        if (!centre || !NUMBER.test(metres)) throw this.error('#distance(field, "lat,lon", metres) expected', '#distance(champ, "lat,lon", mètres) attendu', start);
        return `within_distance(${odsqlName(field.name)}, geom'POINT(${Number(centre[2])} ${Number(centre[1])})', ${Number(metres)}m)`;
      }
      case 'polygon': {
        const field = fieldArg(0);
        const wkt = v1PolygonWkt(lastText());
        if (!wkt) throw this.error('#polygon(field, "(lat,lon),(lat,lon),(lat,lon)") expected', '#polygon(champ, "(lat,lon),(lat,lon),(lat,lon)") attendu', start);
        return `intersects(${odsqlName(field.name)}, geom'${wkt}')`;
      }
      case 'geometry': {
        const field = fieldArg(0);
        // The geometry stays a geom'…' literal: the ODSQL lexer reads back these escapes exactly.
        return `intersects(${odsqlName(field.name)}, geom'${lastText().replace(/[\\']/g, (c) => `\\${c}`)}')`;
      }
      default:
        throw this.error(`#${name}() is not a function of the q language this platform knows`, `#${name}() n’est pas une fonction du langage q connue de cette plateforme`, start);
    }
  }

  /** #now(days=-1, hours=2…): the current instant moved by plural units, as an ISO 8601 instant. */
  private nowValue(args: { value: string; at: number }[], at: number): string {
    const moved = new Date(this.now.getTime());
    for (const arg of args) {
      const [, unit = '', amount = ''] = /^([a-z]+)\s*=\s*(-?\d{1,6})$/.exec(arg.value) ?? [];
      const n = Number(amount);
      if (unit === 'years') moved.setUTCFullYear(moved.getUTCFullYear() + n);
      else if (unit === 'months') moved.setUTCMonth(moved.getUTCMonth() + n);
      else if (unit === 'weeks') moved.setUTCDate(moved.getUTCDate() + 7 * n);
      else if (unit === 'days') moved.setUTCDate(moved.getUTCDate() + n);
      else if (unit === 'hours') moved.setUTCHours(moved.getUTCHours() + n);
      else if (unit === 'minutes') moved.setUTCMinutes(moved.getUTCMinutes() + n);
      else if (unit === 'seconds') moved.setUTCSeconds(moved.getUTCSeconds() + n);
      else throw this.error(`#now() takes years, months, weeks, days, hours, minutes or seconds = a whole number, not ${arg.value}`, `#now() prend years, months, weeks, days, hours, minutes ou seconds = un nombre entier, pas ${arg.value}`, arg.at);
    }
    if (Number.isNaN(moved.getTime())) throw this.error('#now() moves out of the calendar', '#now() sort du calendrier', at);
    return moved.toISOString();
  }
}

/** The day after a date's whole period: 2013 → 2014-01-01, 2013/02 → 2013-03-01; undefined for an instant. */
function nextPeriod(value: string): string | undefined {
  const match = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$/.exec(value);
  if (!match) return undefined;
  const [, year = '', month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)));
  if (day !== undefined) date.setUTCDate(date.getUTCDate() + 1);
  else if (month !== undefined) date.setUTCMonth(date.getUTCMonth() + 1);
  else date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString().slice(0, 10);
}
