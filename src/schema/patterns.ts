// Table Schema `pattern` constraints are written in Python `re` syntax by French schema authors and
// applied by frictionless to the whole value (spec §7 "pattern details"). This file translates one
// into a JavaScript RegExp, anchored as `^(?:…)$`, or refuses it with a `field-error`.
//
// We compile with the `u` flag: `.` and classes then work on code points (an emoji is one
// character, as in Python; `[\U0001F600-\U0001F64F]` is a real range), and Python's Unicode `\w`
// can be written with `\p{…}`. The `u` flag is strict about syntax Python allows (identity escapes
// such as `\'` or `\-` outside a class, lone `{` or `}`, `]` first in a class), which is why every
// escape and brace is rewritten below rather than passed through.
import { SchemaDescriptorError } from './model.js';

const cache = new Map<string, RegExp>();

/** The pattern as a whole-value JavaScript RegExp; throws SchemaDescriptorError('field-error', property) when it cannot be used. */
export function compilePattern(pattern: string, property: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const { source, flags } = translate(pattern, property);
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${source})$`, flags);
  } catch (error) {
    throw refuse(property, pattern, { fr: 'il ne se compile pas', en: 'it does not compile' }, error);
  }
  cache.set(pattern, regex);
  return regex;
}

function refuse(property: string, pattern: string, why: { fr: string; en: string }, cause?: unknown): SchemaDescriptorError {
  const detail = cause instanceof Error ? ` (${cause.message})` : '';
  return new SchemaDescriptorError('field-error', property, {
    fr: `Le motif (pattern) « ${pattern} » n'est pas utilisable : ${why.fr}${detail}. Corrigez le schéma.`,
    en: `The pattern "${pattern}" cannot be used: ${why.en}${detail}. Fix the schema.`,
  });
}

// Python's `\w` is str.isalnum() or `_`: letters and numbers of every script (not marks).
const WORD = '\\p{L}\\p{N}_';
// Characters that must stay escaped in a `u` RegExp; any other escaped punctuation is written bare.
const SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

function translate(pattern: string, property: string): { source: string; flags: string } {
  let flags = 'u';
  let i = 0;
  // A leading inline flag group `(?i)`, `(?s)`, `(?is)`… becomes RegExp flags.
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (inline) {
    for (const letter of inline[1]!) {
      if (letter === 'i') flags += 'i';
      else if (letter === 's') flags += 's';
      else if (letter === 'u' || letter === 'a') continue; // Unicode is Python 3's default; ASCII: see `\w` below.
      else throw refuse(property, pattern, { fr: `l'option « (?${letter}) » n'existe pas en JavaScript`, en: `the flag "(?${letter})" has no JavaScript equivalent` });
    }
    i = inline[0].length;
  }
  const dotAll = flags.includes('s');
  let out = '';
  let inClass = false;
  let classStart = false;
  let afterQuantifier = false;

  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const [text, length] = escape(pattern, i, inClass, property);
      out += text;
      i += length;
      classStart = false;
      afterQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === ']' && !classStart) inClass = false;
      // Python reads `]` first in a class (`[]a]`, `[^]a]`) as a literal; JavaScript as an empty class.
      out += c === ']' && classStart ? '\\]' : c === '[' ? '\\[' : c;
      classStart = false;
      i += 1;
      continue;
    }
    if (c === '[') {
      inClass = true;
      classStart = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i += 1;
      }
      i += 1;
      afterQuantifier = false;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const [text, length] = group(pattern, i, property);
      out += text;
      i += length;
      afterQuantifier = false;
      continue;
    }
    if (c === '{') {
      const quantifier = /^\{(\d*)(,?)(\d*)\}/.exec(pattern.slice(i));
      if (quantifier && (quantifier[1] !== '' || (quantifier[2] === ',' && quantifier[3] !== ''))) {
        // Python `{,n}` means `{0,n}`.
        out += `{${quantifier[1] || '0'}${quantifier[2]}${quantifier[3]}}`;
        i += quantifier[0].length;
        afterQuantifier = true;
        continue;
      }
      out += '\\{'; // Python reads a brace that is not a quantifier literally.
      i += 1;
      afterQuantifier = false;
      continue;
    }
    if (c === '}') {
      out += '\\}';
      i += 1;
      afterQuantifier = false;
      continue;
    }
    if ((c === '+' || c === '*' || c === '?') && afterQuantifier) {
      if (c === '+') throw refuse(property, pattern, { fr: 'les quantificateurs possessifs (*+, ++, ?+) ne sont pas pris en charge', en: 'possessive quantifiers (*+, ++, ?+) are not supported' });
      out += c; // `*?`, `+?`: lazy, same in both.
      i += 1;
      afterQuantifier = false;
      continue;
    }
    // Python's `.` excludes only `\n`; JavaScript's also `\r`, U+2028 and U+2029.
    if (c === '.') out += dotAll ? '[\\s\\S]' : '[^\\n]';
    else out += c;
    afterQuantifier = c === '+' || c === '*' || c === '?';
    i += 1;
  }
  return { source: out, flags };
}

/** `\x` at `at`: returns the JavaScript text and how many pattern characters it used. */
function escape(pattern: string, at: number, inClass: boolean, property: string): [string, number] {
  const c = pattern[at + 1];
  if (c === undefined) throw refuse(property, pattern, { fr: 'il finit par une barre oblique inverse', en: 'it ends with a backslash' });
  if (/[0-9A-Za-z]/.test(c)) {
    switch (c) {
      case 'd': case 'D': case 's': case 'S': case 'b': case 'B': case 'n': case 'r': case 't': case 'f': case 'v':
        // `\d` stays ASCII (spec §7: what authors mean); `\s` is Unicode in both; `\b` in a class is a backspace in both.
        return [`\\${c}`, 2];
      case 'w':
        return [inClass ? WORD : `[${WORD}]`, 2];
      case 'W':
        // Inside a class a negated Unicode set cannot be written without the `v` flag: fall back to ASCII `\W`.
        return [inClass ? '\\W' : `[^${WORD}]`, 2];
      case 'a':
        return ['\\x07', 2];
      case 'A':
        return ['^', 2];
      case 'Z': case 'z':
        return ['$', 2];
      case 'x': {
        const hex = /^[0-9a-fA-F]{2}/.exec(pattern.slice(at + 2));
        if (!hex) break;
        return [`\\x${hex[0]}`, 4];
      }
      case 'u': {
        const hex = /^[0-9a-fA-F]{4}/.exec(pattern.slice(at + 2));
        if (!hex) break;
        return [`\\u${hex[0]}`, 6];
      }
      case 'U': {
        const hex = /^[0-9a-fA-F]{8}/.exec(pattern.slice(at + 2));
        if (!hex) break;
        return [`\\u{${hex[0].replace(/^0+(?=.)/, '')}}`, 10];
      }
      case '0': {
        const octal = /^0[0-7]{0,2}/.exec(pattern.slice(at + 1))![0];
        return [`\\u{${parseInt(octal, 8).toString(16)}}`, 1 + octal.length];
      }
      default:
        if (/[1-9]/.test(c) && !inClass) {
          const reference = /^[1-9][0-9]?/.exec(pattern.slice(at + 1))![0];
          return [`\\${reference}`, 1 + reference.length];
        }
    }
    throw refuse(property, pattern, { fr: `la séquence « \\${c} » n'existe pas en Python`, en: `the escape "\\${c}" is not valid Python` });
  }
  // Escaped punctuation is that character (Python). Keep the escape only where JavaScript needs one.
  const code = pattern.codePointAt(at + 1)!;
  const char = String.fromCodePoint(code);
  const keep = SYNTAX.has(char) || (inClass && char === '-');
  return [keep ? `\\${char}` : char, 1 + char.length];
}

/** `(?…` at `at`: named groups, comments and lookarounds; atomic groups and scoped flags are refused. */
function group(pattern: string, at: number, property: string): [string, number] {
  const rest = pattern.slice(at);
  if (rest.startsWith('(?P<')) return ['(?<', 4];
  const backref = /^\(\?P=(\w+)\)/.exec(rest);
  if (backref) return [`\\k<${backref[1]}>`, backref[0].length];
  if (rest.startsWith('(?#')) {
    const end = rest.indexOf(')');
    if (end < 0) throw refuse(property, pattern, { fr: 'un commentaire (?#…) n\'est pas fermé', en: 'a (?#…) comment is not closed' });
    return ['', end + 1];
  }
  if (/^\(\?(?::|=|!|<=|<!|<\w)/.test(rest)) return ['(?', 2];
  if (rest.startsWith('(?>')) throw refuse(property, pattern, { fr: 'les groupes atomiques (?>…) ne sont pas pris en charge', en: 'atomic groups (?>…) are not supported' });
  if (rest.startsWith('(?(')) throw refuse(property, pattern, { fr: 'les groupes conditionnels (?(…)…) ne sont pas pris en charge', en: 'conditional groups (?(…)…) are not supported' });
  throw refuse(property, pattern, { fr: 'les options en ligne (?i) ne sont acceptées qu\'au tout début du motif', en: 'inline flags such as (?i) are only accepted at the very start of the pattern' });
}
