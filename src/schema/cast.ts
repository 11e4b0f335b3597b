// Casting a cell's text to its field's type and format (spec §6), as frictionless-py v5 does so
// that our verdicts match Validata's. Every cast is compiled once per field and then called for
// every cell: the common paths allocate nothing, build no RegExp and never throw; a text that is
// not a value of the type gives INVALID. Missing values are the engine's business (it tests
// `field.missingValues` first); casts never trim, except numbers, as frictionless does.
// Value representations: see `CellValue` in model.ts.
import { INVALID } from './model.js';
import type { Cast, CellValue, SchemaField, SchemaFieldType } from './model.js';
import { castDefaultDate, castDefaultDatetime, castDefaultTime, castDuration, castYearmonth, epochMs, isoDate, isoTime, parseAnyDatetime } from './cast-dates.js';
import { castGeopointArray, castGeopointDefault, castGeopointObject, geopointFromValue, isGeoJson, isPlainObject, isTopoJson, isWkt, parseJson } from './cast-geo.js';
import { compileIntegerCast, compileNumberCast } from './cast-number.js';
import { compileStrptime } from './strptime.js';

export { typeErrorMessage } from './type-messages.js';

export type TextCast = (text: string) => Cast;

// Table Schema §6.4 defaults.
export const DEFAULT_TRUE_VALUES = ['true', 'True', 'TRUE', '1'];
export const DEFAULT_FALSE_VALUES = ['false', 'False', 'FALSE', '0'];

/** The formats a type accepts; date, time and datetime also take strptime patterns (spec §6). */
export const FIXED_FORMATS: Partial<Record<SchemaFieldType, readonly string[]>> = {
  string: ['default', 'email', 'uri', 'binary', 'uuid', 'wkt'],
  geopoint: ['default', 'array', 'object'],
  geojson: ['default', 'topojson'],
};

export function compileCast(field: SchemaField): TextCast {
  switch (field.type) {
    case 'string': return stringCast(field.format);
    case 'number': return compileNumberCast(field);
    case 'integer': return compileIntegerCast(field);
    case 'boolean': return booleanCast(field);
    case 'date': return dateCast(field.format);
    case 'time': return timeCast(field.format);
    case 'datetime': return datetimeCast(field.format);
    case 'year': return castYear;
    case 'yearmonth': return castYearmonth;
    case 'duration': return castDuration;
    case 'geopoint': return field.format === 'array' ? castGeopointArray : field.format === 'object' ? castGeopointObject : castGeopointDefault;
    case 'geojson': {
      const check = field.format === 'topojson' ? isTopoJson : isGeoJson;
      return (text) => {
        const value = parseJson(text);
        return check(value) ? (value as Record<string, unknown>) : INVALID;
      };
    }
    case 'object':
      return (text) => {
        const value = parseJson(text);
        return isPlainObject(value) ? value : INVALID;
      };
    case 'array': return arrayCast(field);
    case 'list': return listCast(field);
    case 'any': return (text) => text;
  }
}

/**
 * Casts a value already parsed from JSON: an `arrayItem` item, or a constraint value of the
 * descriptor (`minimum: 0.01`, `enum: [1, 2]`). Text goes through the field's text cast; other
 * JSON values are accepted when they already are of the field's type (frictionless does the same).
 */
export function compileValueCast(field: SchemaField): (value: unknown) => Cast {
  const text = compileCast(field);
  const items = field.type === 'array' && field.arrayItem ? compileItemCast(field.arrayItem) : null;
  const listItems = field.type === 'list' ? compileValueCast(listItemField(field)) : null;
  return (value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return text(value);
    switch (field.type) {
      case 'number': return typeof value === 'number' ? value : INVALID;
      case 'integer': return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint' ? value : INVALID;
      case 'year': return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 9999 ? value : INVALID;
      case 'boolean': return typeof value === 'boolean' ? value : INVALID;
      case 'object': return isPlainObject(value) ? value : INVALID;
      case 'geojson': return (field.format === 'topojson' ? isTopoJson : isGeoJson)(value) ? (value as Record<string, unknown>) : INVALID;
      case 'geopoint': return field.format === 'default' ? INVALID : geopointFromValue(value, field.format === 'object' ? 'object' : 'array');
      case 'array': return Array.isArray(value) ? (items ? castItems([...value], items) : value) : INVALID;
      case 'list': return Array.isArray(value) && listItems ? castItems([...value], listItems) : INVALID;
      case 'any': return value as CellValue;
      default: return INVALID;
    }
  };
}

/** An `arrayItem` item: null, or a string among the item field's missing values, is a missing item. */
export function compileItemCast(item: SchemaField): (value: unknown) => Cast {
  const cast = compileValueCast(item);
  const missing = new Set(item.missingValues);
  return (value) => (value === null || (typeof value === 'string' && missing.has(value)) ? null : cast(value));
}

/** Casts `items` in place; one item that does not cast makes the whole cell INVALID (frictionless). */
function castItems(items: unknown[], cast: (value: unknown) => Cast): unknown[] | typeof INVALID {
  for (let i = 0; i < items.length; i++) {
    const value = cast(items[i]);
    if (value === INVALID) return INVALID;
    items[i] = value;
  }
  return items;
}

/** The position and text of the first item of an array cell that does not cast (for the message). */
export function firstInvalidItem(field: SchemaField, text: string): { index: number; item: unknown } | null {
  const items = field.type === 'list' ? text.split(field.delimiter ?? ',') : parseJson(text);
  if (!Array.isArray(items)) return null;
  const cast = field.type === 'list' ? compileValueCast(listItemField(field)) : field.arrayItem ? compileItemCast(field.arrayItem) : null;
  if (cast === null) return null;
  const index = items.findIndex((item) => cast(item) === INVALID);
  return index < 0 ? null : { index, item: items[index] };
}

function arrayCast(field: SchemaField): TextCast {
  const items = field.arrayItem ? compileItemCast(field.arrayItem) : null;
  return (text) => {
    const value = parseJson(text);
    if (!Array.isArray(value)) return INVALID;
    return items ? castItems(value, items) : value;
  };
}

/** Table Schema v2 `list`: the items of `itemType`, default format, between `delimiter`s; not trimmed. */
export function listItemField(field: SchemaField): SchemaField {
  return { name: field.name, type: field.itemType ?? 'string', format: 'default', title: null, description: null, example: null, missingValues: [], constraints: {} };
}

function listCast(field: SchemaField): TextCast {
  const delimiter = field.delimiter ?? ',';
  const item = compileCast(listItemField(field));
  return (text) => castItems(text.split(delimiter), (part) => item(part as string));
}

function booleanCast(field: SchemaField): TextCast {
  // frictionless tests trueValues first: a word in both lists is true.
  const values = new Map<string, boolean>();
  for (const word of field.falseValues ?? DEFAULT_FALSE_VALUES) values.set(word, false);
  for (const word of field.trueValues ?? DEFAULT_TRUE_VALUES) values.set(word, true);
  return (text) => values.get(text) ?? INVALID;
}

/** Exactly four digits (frictionless refuses anything that is not 4 characters: `17`, `02017`). */
function castYear(text: string): number | typeof INVALID {
  if (text.length !== 4) return INVALID;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return INVALID;
    year = year * 10 + digit;
  }
  return year;
}

function dateCast(format: string): TextCast {
  if (format === 'default' || format === '%Y-%m-%d') return castDefaultDate;
  if (format === 'any') {
    return (text) => {
      const parts = parseAnyDatetime(text);
      return parts === null ? INVALID : isoDate(parts);
    };
  }
  // frictionless: `datetime.strptime(cell, format).date()`.
  const parse = compileStrptime(format);
  return (text) => {
    const parts = parse(text);
    return parts === null ? INVALID : isoDate(parts);
  };
}

const ANY_TIME = /^\s*(\d{1,2})[:h](\d{2})(?:[:m](\d{2})(?:[.,](\d{1,6})\d*)?s?)?\s*(am|pm)?\s*$/i;

function timeCast(format: string): TextCast {
  if (format === 'default') return castDefaultTime;
  if (format === 'any') {
    return (text) => {
      const m = ANY_TIME.exec(text);
      if (m === null) return INVALID;
      let hour = Number(m[1]);
      if (m[5]) {
        if (hour < 1 || hour > 12) return INVALID;
        hour = (hour % 12) + (m[5].toLowerCase() === 'pm' ? 12 : 0);
      }
      const parts = { hour, minute: Number(m[2]), second: Number(m[3] ?? 0), microsecond: m[4] ? Number(m[4].padEnd(6, '0')) : 0 };
      return parts.hour > 23 || parts.minute > 59 || parts.second > 59 ? INVALID : isoTime(parts);
    };
  }
  const parse = compileStrptime(format);
  return (text) => {
    const parts = parse(text);
    return parts === null ? INVALID : isoTime(parts);
  };
}

function datetimeCast(format: string): TextCast {
  if (format === 'default') return castDefaultDatetime;
  const parse = format === 'any' ? parseAnyDatetime : compileStrptime(format);
  return (text) => {
    const parts = parse(text);
    return parts === null ? INVALID : epochMs(parts);
  };
}

// validators.email (frictionless `email` format): one `@`; a dot-atom or quoted local part of at
// most 64 characters; a domain of dotted labels (Unicode letters allowed, as IDNA encodes them)
// ending in a label that ends with a letter.
const EMAIL_LOCAL = /^(?:[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*")$/i;
const EMAIL_DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}][\p{L}\p{N}_-]{0,61}\p{L}$/u;

export function isEmail(text: string): boolean {
  const at = text.indexOf('@');
  if (at <= 0 || text.indexOf('@', at + 1) >= 0 || at > 64 || text.length - at - 1 > 253) return false;
  return EMAIL_LOCAL.test(text.slice(0, at)) && EMAIL_DOMAIN.test(text.slice(at + 1));
}

// frictionless `uri`: rfc3986 with a scheme required; the library percent-encodes everything else
// before checking, so a scheme is in practice all it asks. We also require the scheme to be
// well-formed (RFC 3986 §3.1), where frictionless takes any text before a colon.
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Strict base64 (spec §6.1 allows it): alphabet, then the right padding.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const isUri = (text: string): boolean => URI_SCHEME.test(text);

function stringCast(format: string): TextCast {
  switch (format) {
    case 'email': return (text) => (isEmail(text) ? text : INVALID);
    case 'uri': return (text) => (URI_SCHEME.test(text) ? text : INVALID);
    case 'uuid': return (text) => (UUID.test(text) ? text : INVALID);
    case 'binary': return (text) => (BASE64.test(text) ? text : INVALID);
    case 'wkt': return (text) => (isWkt(text) ? text : INVALID);
    default: return (text) => text;
  }
}
