// Field constraints (spec §7), compiled once per field and evaluated on each cell's cast value.
// A null value only ever fails `required`; each failed constraint is its own finding. `unique` is
// table-level (the engine tracks it). Which constraint applies to which type follows
// frictionless's `supported_constraints`: a constraint a type does not support is ignored (a
// `pattern` on an integer field is never run, spec §10).
import { INVALID } from './model.js';
import type { CellValue, ConstraintFailure, Duration, SchemaField, SchemaFieldType } from './model.js';
import { compileValueCast } from './cast.js';
import { compareDecimalText, compileNumberText, isDecimal } from './cast-number.js';
import { checkJsonSchema } from './json-schema-lite.js';
import { compilePattern } from './patterns.js';
import * as say from './constraint-messages.js';

type Check = (value: CellValue, text: string) => ConstraintFailure | ConstraintFailure[] | null;
export type ConstraintsCheck = (value: CellValue, text: string) => ConstraintFailure[] | null;

const LENGTH_TYPES = new Set<SchemaFieldType>(['string', 'array', 'object', 'list']);
const BOUND_TYPES = new Set<SchemaFieldType>(['integer', 'number', 'date', 'time', 'datetime', 'year', 'yearmonth', 'duration']);
const BOUNDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;
type Bound = (typeof BOUNDS)[number];

export function compileConstraints(field: SchemaField): ConstraintsCheck {
  const c = field.constraints;
  const checks: Check[] = [];
  if (LENGTH_TYPES.has(field.type)) {
    if (c.minLength !== undefined) checks.push(minLength(field, c.minLength));
    if (c.maxLength !== undefined) checks.push(maxLength(field, c.maxLength));
  }
  if (BOUND_TYPES.has(field.type)) {
    for (const bound of BOUNDS) if (c[bound] !== undefined && c[bound] !== null) pushBound(checks, field, bound);
  }
  if (field.type === 'string' && typeof c.pattern === 'string') {
    const regex = compilePattern(c.pattern, `${field.name}.constraints.pattern`);
    checks.push((value, text) => (typeof value !== 'string' || regex.test(value) ? null : say.pattern(field, regex, text)));
  }
  if (Array.isArray(c.enum)) checks.push(enumCheck(field, c.enum));
  if ((field.type === 'object' || field.type === 'array') && c.jsonSchema) {
    const schema = c.jsonSchema;
    checks.push((value) => {
      const failure = checkJsonSchema(value, schema);
      return failure === null ? null : say.jsonSchema(field, failure);
    });
  }
  if (field.type === 'array' && field.arrayItem) checks.push(itemsCheck(field.arrayItem));

  const requiredFailure = c.required === true ? [say.required(field)] : null;
  if (checks.length === 0) return (value) => (value === null ? requiredFailure : null);
  return (value, text) => {
    if (value === null) return requiredFailure;
    let failures: ConstraintFailure[] | null = null;
    for (let i = 0; i < checks.length; i++) {
      const failure = checks[i]!(value, text);
      if (failure === null) continue;
      failures ??= [];
      if (Array.isArray(failure)) failures.push(...failure);
      else failures.push(failure);
    }
    return failures;
  };
}

/** Code points, not UTF-16 units: an emoji or a composed `é` counts one (spec §7). */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff || i + 1 === text.length) count += 1;
    else {
      const next = text.charCodeAt(i + 1);
      count += 1;
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
  }
  return count;
}

function lengthOf(value: CellValue): number {
  if (typeof value === 'string') return codePoints(value);
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return 0;
}

function minLength(field: SchemaField, limit: number): Check {
  return (value) => {
    // A string of n UTF-16 units has at least n/2 code points: count only when it could be short.
    if (typeof value === 'string' && value.length >= 2 * limit) return null;
    const length = lengthOf(value);
    return length >= limit ? null : say.length(field, 'minLength', limit, length);
  };
}

function maxLength(field: SchemaField, limit: number): Check {
  return (value) => {
    if (typeof value === 'string' && value.length <= limit) return null;
    const length = lengthOf(value);
    return length <= limit ? null : say.length(field, 'maxLength', limit, length);
  };
}

/** -1, 0, 1, or NaN when the two cannot be ordered (NaN, durations mixing months and seconds). */
export function compareValues(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    if (typeof a === 'number' && !Number.isInteger(a)) return compareValues(a, Number(b));
    if (typeof b === 'number' && !Number.isInteger(b)) return compareValues(Number(a), b);
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (isDuration(a) && isDuration(b)) {
    // Years and months have no fixed length (spec §6.7): order months and seconds separately.
    const months = a.years * 12 + a.months - (b.years * 12 + b.months);
    const seconds = a.days * 86_400 + a.seconds - (b.days * 86_400 + b.seconds);
    if (months === 0 && seconds === 0) return 0;
    if (months >= 0 && seconds >= 0) return 1;
    if (months <= 0 && seconds <= 0) return -1;
    // Mixed: ordered when every length a month may have (28 to 31 days) gives the same answer,
    // as PT1.5S against P1Y; NaN only when the lengths of the months decide (P30D against P1M).
    const shortest = months * (months > 0 ? 28 : 31) * 86_400 + seconds;
    const longest = months * (months > 0 ? 31 : 28) * 86_400 + seconds;
    if (shortest > 0 && longest > 0) return 1;
    if (shortest < 0 && longest < 0) return -1;
  }
  return NaN;
}

const isDuration = (v: unknown): v is Duration => typeof v === 'object' && v !== null && 'months' in v && 'seconds' in v;

function pushBound(checks: Check[], field: SchemaField, name: Bound): void {
  const written = field.constraints[name];
  const bound = compileValueCast(field)(written);
  // The descriptor reader refuses a bound that does not cast; one built by hand is skipped.
  if (bound === INVALID || bound === null) return;
  const passes = name === 'minimum' ? (k: number) => k >= 0 : name === 'maximum' ? (k: number) => k <= 0 : name === 'exclusiveMinimum' ? (k: number) => k > 0 : (k: number) => k < 0;
  // Equal floats can hide different decimals (`0.0099999999999999999` and `0.01`): settle ties exactly.
  const exact = field.type === 'number' ? exactTie(field, written) : null;
  checks.push((value, text) => {
    let order = compareValues(value, bound);
    if (order === 0 && exact !== null) order = exact(text);
    return passes(order) ? null : say.bound(field, name, written, value, text);
  });
}

function exactTie(field: SchemaField, written: unknown): ((text: string) => number) | null {
  const prepare = compileNumberText(field);
  const boundText = typeof written === 'number' ? String(written) : typeof written === 'string' ? prepare(written) : null;
  if (boundText === null || !isDecimal(boundText) || /e/i.test(boundText)) return null;
  return (text) => {
    const valueText = prepare(text);
    return valueText !== null && isDecimal(valueText) ? compareDecimalText(valueText, boundText) : 0;
  };
}

function enumCheck(field: SchemaField, written: unknown[]): Check {
  const cast = compileValueCast(field);
  const primitives = new Set<unknown>();
  const structured: string[] = [];
  for (const item of written) {
    const value = cast(item);
    if (value === INVALID || value === null) continue;
    if (typeof value === 'object') structured.push(JSON.stringify(value));
    else primitives.add(value);
  }
  return (value, text) => {
    const found = typeof value === 'object' && value !== null
      ? structured.includes(JSON.stringify(value))
      : primitives.has(value) && !(typeof value === 'number' && Number.isNaN(value));
    return found ? null : say.enumeration(field, written, text);
  };
}

/** frictionless `arrayItem`: the item's constraints on each item; the first failing item is reported, its notes prefixed `array item`. */
function itemsCheck(item: SchemaField): Check {
  const check = compileConstraints(item);
  return (value) => {
    if (!Array.isArray(value)) return null;
    for (const entry of value as CellValue[]) {
      const text = typeof entry === 'string' ? entry : JSON.stringify(entry) ?? '';
      const failures = check(entry, text);
      if (failures !== null) return failures.map((failure) => say.arrayItem(failure, text));
    }
    return null;
  };
}
