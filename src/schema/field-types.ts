// A declared schema sets the field types of the version it publishes: each Table Schema field
// becomes the type our ingest would read it as. A type is only given where the ingest reader
// (src/ingest/typing.ts) reads every value the schema allows; otherwise the field stays text, so
// that a valid file is never refused, nor its values emptied, because our reader is narrower than
// the schema.
import type { SchemaField, TableSchema } from './model.js';

export type IngestFieldType = 'text' | 'int' | 'double' | 'boolean' | 'date' | 'datetime';

// The boolean words the ingest reader knows, lowercased (typing.ts: true when in true/oui/vrai/1).
const READER_TRUE = new Set(['true', 'oui', 'vrai', '1']);
const READER_FALSE = new Set(['false', 'non', 'faux', '0']);

// The thousands separators the reader skips in numbers (typing.ts THOUSANDS).
const READER_GROUP_CHARS = new Set([' ', '\u00a0', '\u202f']);

export function fieldTypesOf(schema: TableSchema): Record<string, IngestFieldType> {
  const types: Record<string, IngestFieldType> = {};
  for (const field of schema.fields) types[field.name] = fieldTypeOf(field);
  return types;
}

function fieldTypeOf(field: SchemaField): IngestFieldType {
  switch (field.type) {
    case 'integer':
      return readsNumber(field) ? 'int' : 'text';
    case 'number':
      return readsNumber(field) ? 'double' : 'text';
    // A year is a four-digit integer (Table Schema §6 year).
    case 'year':
      return 'int';
    case 'boolean':
      return readsBoolean(field) ? 'boolean' : 'text';
    case 'date':
      return readsDate(field.format) ? 'date' : 'text';
    case 'datetime':
      // The reader reads ISO 8601 only (with or without offset); a strptime pattern may be anything.
      return field.format === 'default' ? 'datetime' : 'text';
    // string (uri, email…), time, yearmonth, duration, geopoint, geojson, object, array, list, any:
    // no ingest type holds them as the schema means them.
    default:
      return 'text';
  }
}

/**
 * Table Schema §6 date: `default` is ISO `YYYY-MM-DD`; any other format is a strptime pattern
 * (`any` lets the validator guess). The reader reads `YYYY-MM-DD` and `DD/MM/YYYY` (typing.ts
 * date_iso, date_fr), so only those two patterns keep the type; `any` and other patterns do not.
 * One gap remains: strptime's `%m` and `%d` also take one digit (`2024-3-7`, schemas/README.md
 * note 3), which date_iso does not read; such a value is valid for the schema.
 */
function readsDate(format: string): boolean {
  return format === 'default' || format === '%Y-%m-%d' || format === '%d/%m/%Y';
}

/**
 * Table Schema §6 boolean: `trueValues`/`falseValues` replace the defaults (true/True/TRUE/1,
 * false/False/FALSE/0). A word the reader does not know (`yes`, `X`…), or knows with the other
 * meaning, would be read wrong or not at all.
 */
function readsBoolean(field: SchemaField): boolean {
  const known = (values: string[] | undefined, words: ReadonlySet<string>) => (values ?? []).every((v) => words.has(v.trim().toLowerCase()));
  return known(field.trueValues, READER_TRUE) && known(field.falseValues, READER_FALSE);
}

/** `bareNumber: false` allows text around the number (`12 €`), and an unusual `groupChar` digits the reader would not join. */
function readsNumber(field: SchemaField): boolean {
  if (field.bareNumber === false) return false;
  if (field.groupChar !== undefined && !READER_GROUP_CHARS.has(field.groupChar)) return false;
  // The reader reads `.` and `,` decimals (typing.ts double_dot, double_comma), nothing else.
  if (field.decimalChar !== undefined && field.decimalChar !== '.' && field.decimalChar !== ',') return false;
  return true;
}
