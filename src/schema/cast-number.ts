// Numbers as frictionless-py v5 reads them (spec §6.2, §6.3): surrounding whitespace is trimmed
// (Python's Decimal() and int() do it), then an XSD-like decimal, or NaN / INF / -INF. The
// `decimalChar`, `groupChar`, `bareNumber` rewrite runs only when the field declares one of them.
// Without them, `47800,20`, `12 800` and `22 kW` are type errors: the commonest French mistake.
import { INVALID } from './model.js';
import type { SchemaField } from './model.js';

type Invalid = typeof INVALID;

const isSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x202f || code === 0x2007 || code === 0x3000 || code === 0xfeff;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Whether text[start, end) is a decimal as Python's Decimal() reads it (whitespace around
 * allowed): `[+-]` digits with an optional `.` part (`.5` and `5.` included), an optional exponent.
 * Special values are not accepted here.
 */
export function isDecimal(text: string, start = 0, end = text.length): boolean {
  while (start < end && isSpace(text.charCodeAt(start))) start += 1;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end -= 1;
  let i = start;
  let code = text.charCodeAt(i);
  if (code === 43 || code === 45) i += 1;
  let digits = 0;
  while (i < end && isDigit(text.charCodeAt(i))) { i += 1; digits += 1; }
  if (i < end && text.charCodeAt(i) === 46) {
    i += 1;
    while (i < end && isDigit(text.charCodeAt(i))) { i += 1; digits += 1; }
  }
  if (digits === 0) return false;
  if (i < end) {
    code = text.charCodeAt(i);
    if (code !== 101 && code !== 69) return false;
    i += 1;
    code = text.charCodeAt(i);
    if (code === 43 || code === 45) i += 1;
    const exponentStart = i;
    while (i < end && isDigit(text.charCodeAt(i))) i += 1;
    if (i === exponentStart) return false;
  }
  return i === end;
}

// Decimal() also reads `nan`, `inf`, `infinity`, any case, signed (spec §6.2: NaN, INF, -INF).
const SPECIAL = /^\s*([+-]?)(nan|inf|infinity)\s*$/i;

function special(text: string): number | Invalid {
  const m = SPECIAL.exec(text);
  if (m === null) return INVALID;
  if (m[2]!.toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

// frictionless: `re.compile(r"((^[^-\d]*)|(\D*$))")`, removed, when bareNumber is false.
const NOT_BARE = /^[^-\d]*|\D*$/g;

/**
 * The text Decimal() would be given once frictionless has applied the field's number options, or
 * null when those options already refuse it (a `.` when the decimal mark is another character).
 */
export function compileNumberText(field: SchemaField): (text: string) => string | null {
  const declared = field.decimalChar !== undefined || field.groupChar !== undefined || field.bareNumber !== undefined;
  if (!declared) return (text) => text;
  const decimalChar = field.decimalChar ?? '.';
  const groupChar = field.groupChar ?? '';
  const stripAround = field.bareNumber === false;
  return (text) => {
    let cell = stripAround ? text.replace(NOT_BARE, '') : text;
    if (groupChar !== '') cell = cell.split(groupChar).join('');
    if (decimalChar !== '.') {
      if (cell.includes('.')) return null;
      cell = cell.split(decimalChar).join('.');
    }
    return cell;
  };
}

export function compileNumberCast(field: SchemaField): (text: string) => number | Invalid {
  const prepare = compileNumberText(field);
  const plain = field.decimalChar === undefined && field.groupChar === undefined && field.bareNumber === undefined;
  if (plain) {
    // Number() trims the same whitespace and reads the same digits once isDecimal has said yes.
    return (text) => (isDecimal(text) ? Number(text) : special(text));
  }
  return (text) => {
    const cell = prepare(text);
    if (cell === null) return INVALID;
    return isDecimal(cell) ? Number(cell) : special(cell);
  };
}

/** Integer (Python int() after frictionless's bareNumber rewrite; groupChar as Table Schema v2 allows) → number, or bigint past 2^53. */
export function compileIntegerCast(field: SchemaField): (text: string) => number | bigint | Invalid {
  const stripAround = field.bareNumber === false;
  const groupChar = field.groupChar ?? '';
  return (text) => {
    let cell = text;
    if (stripAround) cell = cell.replace(NOT_BARE, '');
    if (groupChar !== '') cell = cell.split(groupChar).join('');
    let start = 0;
    let end = cell.length;
    while (start < end && isSpace(cell.charCodeAt(start))) start += 1;
    while (end > start && isSpace(cell.charCodeAt(end - 1))) end -= 1;
    let i = start;
    const sign = cell.charCodeAt(i);
    if (sign === 43 || sign === 45) i += 1;
    if (i === end) return INVALID;
    for (let k = i; k < end; k++) if (!isDigit(cell.charCodeAt(k))) return INVALID;
    const body = start === 0 && end === cell.length ? cell : cell.slice(start, end);
    // `-0` is 0 for an integer (Python's int).
    if (end - i < 16) return Number(body) || 0;
    const big = BigInt(body);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  };
}

/**
 * Compares two decimal texts exactly (Table Schema bounds such as `minimum: 0.01` must hold in
 * decimal, spec §10); used when their binary floats are equal. Both must satisfy isDecimal.
 */
export function compareDecimalText(a: string, b: string): number {
  const x = decompose(a);
  const y = decompose(b);
  if (x.digits === '' && y.digits === '') return 0;
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const magnitude = compareMagnitude(x, y);
  return x.negative ? -magnitude : magnitude;
}

interface Decomposed { negative: boolean; digits: string; exponent: number }

/** Sign, significant digits (no leading or trailing zeros) and the power of ten of the first digit. */
function decompose(text: string): Decomposed {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text)!;
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  const all = whole + fraction;
  const leading = all.length - all.replace(/^0+/, '').length;
  const digits = all.replace(/^0+/, '').replace(/0+$/, '');
  const exponent = whole.length - leading + Number(m[4] ?? 0);
  return { negative: m[1] === '-' && digits !== '', digits, exponent };
}

function compareMagnitude(x: Decomposed, y: Decomposed): number {
  if (x.digits === '' || y.digits === '') return x.digits === '' ? (y.digits === '' ? 0 : -1) : 1;
  if (x.exponent !== y.exponent) return x.exponent > y.exponent ? 1 : -1;
  const length = Math.max(x.digits.length, y.digits.length);
  const a = x.digits.padEnd(length, '0');
  const b = y.digits.padEnd(length, '0');
  return a === b ? 0 : a > b ? 1 : -1;
}
