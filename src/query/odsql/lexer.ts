// ODSQL's tokens (ODS Explore v2.1 §5.1): names, backquoted names, strings in single or double
// quotes with backslash and JSON escapes, numbers, `date'…'` and `geom'…'` literals, operators.
// Each token keeps its position, so that an error can say at which column it is.
import { odsqlError, type Clause } from './errors.js';

export type TokenKind = 'name' | 'quoted_name' | 'string' | 'number' | 'date' | 'geom' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The name, the string's value, the number's text, or the operator. */
  text: string;
  /** Offset in the clause's text, from 0. */
  start: number;
  end: number;
}

const OPERATORS = ['<=', '>=', '!=', '<>', '..', '=', '<', '>', '+', '-', '*', '/', '(', ')', ',', '[', ']', ':'];

export function tokenize(source: string, clause: Clause): Token[] {
  // A NUL would end an alias or an expression's text where DuckDB reads it as a column name.
  const nul = source.indexOf('\u0000');
  if (nul >= 0) throw odsqlError(clause, nul, 'the character U+0000 is not allowed', 'le caractère U+0000 n’est pas permis');
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const char = source[at] ?? '';
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    const start = at;
    if (/[A-Za-z_]/.test(char)) {
      while (at < source.length && /[A-Za-z0-9_.]/.test(source[at] ?? '')) at += 1;
      // A dot belongs to a name (`default.title`) only between name characters.
      while (source[at - 1] === '.') at -= 1;
      const word = source.slice(start, at);
      const quote = source[at];
      if ((quote === "'" || quote === '"') && /^(date|geom)$/i.test(word)) {
        const literal = readString(source, at, clause);
        tokens.push({ kind: word.toLowerCase() === 'date' ? 'date' : 'geom', text: literal.value, start, end: literal.end });
        at = literal.end;
        continue;
      }
      tokens.push({ kind: 'name', text: word, start, end: at });
      continue;
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(source[at + 1] ?? '') && source[at - 1] !== '.')) {
      while (at < source.length && /[0-9]/.test(source[at] ?? '')) at += 1;
      // `1..10` is a range, not the number 1. followed by .10.
      if (source[at] === '.' && source[at + 1] !== '.') {
        at += 1;
        while (at < source.length && /[0-9]/.test(source[at] ?? '')) at += 1;
      }
      if (/[eE]/.test(source[at] ?? '') && /[-+0-9]/.test(source[at + 1] ?? '')) {
        at += 2;
        while (at < source.length && /[0-9]/.test(source[at] ?? '')) at += 1;
      }
      tokens.push({ kind: 'number', text: source.slice(start, at), start, end: at });
      continue;
    }
    if (char === '"' || char === "'") {
      const literal = readString(source, at, clause);
      tokens.push({ kind: 'string', text: literal.value, start, end: literal.end });
      at = literal.end;
      continue;
    }
    if (char === '`') {
      let name = '';
      at += 1;
      while (at < source.length && source[at] !== '`') {
        if (source[at] === '\\' && at + 1 < source.length) at += 1;
        name += source[at];
        at += 1;
      }
      if (at >= source.length) throw odsqlError(clause, start, 'a backquoted name is not closed', 'un nom entre accents graves n’est pas fermé');
      at += 1;
      tokens.push({ kind: 'quoted_name', text: name, start, end: at });
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, at));
    if (!operator) throw odsqlError(clause, start, `unexpected character ${JSON.stringify(char)}`, `caractère inattendu ${JSON.stringify(char)}`);
    tokens.push({ kind: 'op', text: operator, start, end: at + operator.length });
    at += operator.length;
  }
  tokens.push({ kind: 'eof', text: '', start: source.length, end: source.length });
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/' };

/** A quoted string from `at` (its opening quote): backslash escapes, `\uXXXX` too. */
function readString(source: string, at: number, clause: Clause): { value: string; end: number } {
  const quote = source[at];
  let value = '';
  let i = at + 1;
  while (i < source.length && source[i] !== quote) {
    const char = source[i] ?? '';
    if (char === '\\' && i + 1 < source.length) {
      const next = source[i + 1] ?? '';
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      value += ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    value += char;
    i += 1;
  }
  if (i >= source.length) throw odsqlError(clause, at, 'a string is not closed', 'une chaîne n’est pas fermée');
  return { value, end: i + 1 };
}
