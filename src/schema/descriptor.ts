// Reading a Table Schema descriptor (v1 and v2, spec §3): defaults applied, v0/v1 spellings
// accepted (`fmt:` formats, a key given as one string), unknown properties ignored, and anything
// that would make validation meaningless refused with one SchemaDescriptorError naming the
// property (`fields[3].constraints.pattern`) in French and English (spec §3.1: an invalid schema
// gives one `schema-error`/`field-error` and no data validation).
import { INVALID, SCHEMA_FIELD_TYPES, SchemaDescriptorError } from './model.js';
import type { CustomCheckDeclaration, FieldConstraints, FieldsMatch, ForeignKey, SchemaField, SchemaFieldType, TableSchema } from './model.js';
import { compileValueCast, FIXED_FORMATS } from './cast.js';
import { jsonSyntaxError } from './json-syntax.js';
import { en, fr } from './message-text.js';
import { compilePattern } from './patterns.js';
import { compileStrptime, StrptimeFormatError } from './strptime.js';

const FIELDS_MATCH: readonly FieldsMatch[] = ['exact', 'equal', 'subset', 'superset', 'partial'];
const LIST_ITEM_TYPES: readonly SchemaFieldType[] = ['string', 'integer', 'number', 'boolean', 'date', 'time', 'datetime'];
const TEMPORAL: ReadonlySet<SchemaFieldType> = new Set(['date', 'time', 'datetime']);
// Names schema authors write for a type that has another name in Table Schema.
const TYPE_ALIASES: Record<string, SchemaFieldType> = {
  text: 'string', str: 'string', float: 'number', decimal: 'number', double: 'number', int: 'integer', bool: 'boolean', timestamp: 'datetime', json: 'object',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function schemaError(property: string, frText: string, enText: string): SchemaDescriptorError {
  return new SchemaDescriptorError('schema-error', property, { fr: frText, en: enText });
}

function fieldError(property: string, frText: string, enText: string): SchemaDescriptorError {
  return new SchemaDescriptorError('field-error', property, { fr: frText, en: enText });
}

/** JSON text → TableSchema; a syntax error names its line and column. */
export function parseSchemaText(text: string): TableSchema {
  let descriptor: unknown;
  try {
    descriptor = JSON.parse(text);
  } catch (error) {
    const place = jsonSyntaxError(text);
    const where = place ? `ligne ${place.line}, colonne ${place.column}` : 'position inconnue';
    const whereEn = place ? `line ${place.line}, column ${place.column}` : 'unknown position';
    const excerpt = place && place.lineText.trim() !== '' ? ` : ${fr(place.lineText.trim().slice(0, 80))}` : '';
    const excerptEn = place && place.lineText.trim() !== '' ? `: ${en(place.lineText.trim().slice(0, 80))}` : '';
    throw new SchemaDescriptorError('schema-error', '(JSON)', {
      fr: `Le schéma n'est pas un JSON valide (erreur ${where}${excerpt}). Vérifiez les virgules, guillemets et accolades à cet endroit.`,
      en: `The schema is not valid JSON (error at ${whereEn}${excerptEn}; ${(error as Error).message}). Check the commas, quotes and braces there.`,
    });
  }
  return readSchemaDescriptor(descriptor);
}

export function readSchemaDescriptor(descriptor: unknown): TableSchema {
  if (!isObject(descriptor)) {
    throw schemaError('(schema)', 'Le schéma doit être un objet JSON ({…}) avec une liste « fields » décrivant les colonnes.', 'The schema must be a JSON object ({…}) with a "fields" list describing the columns.');
  }
  if (!Array.isArray(descriptor.fields)) {
    throw schemaError('fields', 'Le schéma n\'a pas de liste « fields » : c\'est elle qui décrit les colonnes.', 'The schema has no "fields" list: it is what describes the columns.');
  }
  const missingValues = descriptor.missingValues === undefined ? [''] : readMissingValues(descriptor.missingValues, 'missingValues', schemaError);
  const fields = descriptor.fields.map((raw, index) => readField(raw, `fields[${index}]`, missingValues, null));
  const names = new Set(fields.map((f) => f.name));
  const primaryKey = descriptor.primaryKey === undefined ? [] : readKey(descriptor.primaryKey, 'primaryKey', names);
  // Table Schema: key fields are required. Marking them so keeps one rule for the header check
  // (a missing key column is an error) and the cells (a null key cell is a `required` failure).
  for (const field of fields) if (primaryKey.includes(field.name)) field.constraints = { ...field.constraints, required: true };
  return {
    name: text(descriptor.name),
    title: text(descriptor.title),
    description: text(descriptor.description),
    version: typeof descriptor.version === 'number' ? String(descriptor.version) : text(descriptor.version),
    homepage: text(descriptor.homepage),
    fields,
    missingValues,
    primaryKey,
    uniqueKeys: readUniqueKeys(descriptor.uniqueKeys, names),
    foreignKeys: readForeignKeys(descriptor.foreignKeys, names),
    fieldsMatch: readFieldsMatch(descriptor.fieldsMatch),
    customChecks: readCustomChecks(descriptor.custom_checks),
    descriptor,
  };
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Strings, or v2's `{ value, label }` objects. */
function readMissingValues(raw: unknown, property: string, error: typeof schemaError): string[] {
  if (!Array.isArray(raw)) throw error(property, '« missingValues » doit être une liste de textes, par exemple [""] ou ["", "NA"].', '"missingValues" must be a list of strings, for example [""] or ["", "NA"].');
  return raw.map((item, i) => {
    if (typeof item === 'string') return item;
    if (isObject(item) && typeof item.value === 'string') return item.value;
    throw error(`${property}[${i}]`, `Chaque valeur de « missingValues » doit être un texte (${fr(item)} n'en est pas un).`, `Each "missingValues" entry must be a string (${en(item)} is not).`);
  });
}

function readField(raw: unknown, at: string, schemaMissing: string[], parent: string | null): SchemaField {
  const label = parent === null ? `Le champ n° ${Number(/\d+/.exec(at)?.[0] ?? 0) + 1}` : `L'élément de liste du champ ${fr(parent)}`;
  const labelEn = parent === null ? `Field ${Number(/\d+/.exec(at)?.[0] ?? 0) + 1}` : `The array item of field ${en(parent)}`;
  if (!isObject(raw)) throw fieldError(at, `${label} doit être un objet JSON ({…}).`, `${labelEn} must be a JSON object ({…}).`);
  const name = parent ?? raw.name;
  if (typeof name !== 'string' || name === '') throw fieldError(`${at}.name`, `${label} n'a pas de nom (propriété « name »).`, `${labelEn} has no name ("name" property).`);
  const who = parent === null ? `Le champ ${fr(name)}` : label;
  const whoEn = parent === null ? `Field ${en(name)}` : labelEn;

  // Table Schema v1 and frictionless v5 default to `string`; frictionless reads an arrayItem without type as `any`.
  const type = raw.type === undefined ? (parent === null ? 'string' : 'any') : raw.type;
  if (typeof type !== 'string' || !(SCHEMA_FIELD_TYPES as readonly string[]).includes(type)) {
    const alias = typeof type === 'string' ? TYPE_ALIASES[type.toLowerCase()] : undefined;
    const hint = alias ? [` Vouliez-vous dire ${fr(alias)} ?`, ` Did you mean "${alias}"?`] : ['', ''];
    throw fieldError(`${at}.type`, `${who} a un type inconnu, ${fr(type)}. Types possibles : ${SCHEMA_FIELD_TYPES.join(', ')}.${hint[0]}`, `${whoEn} has an unknown type, ${en(type)}. Possible types: ${SCHEMA_FIELD_TYPES.join(', ')}.${hint[1]}`);
  }
  const fieldType = type as SchemaFieldType;
  const format = readFormat(raw.format, fieldType, `${at}.format`, who, whoEn);
  const example = raw.example !== undefined ? raw.example : Array.isArray(raw.examples) ? raw.examples[0] : raw.examples;
  const field: SchemaField = {
    name,
    type: fieldType,
    format,
    title: text(raw.title),
    description: text(raw.description),
    example: example === undefined || example === null ? null : typeof example === 'string' ? example : JSON.stringify(example),
    missingValues: raw.missingValues === undefined ? (parent === null ? schemaMissing : ['']) : readMissingValues(raw.missingValues, `${at}.missingValues`, fieldError),
    constraints: {},
  };
  readTypeProperties(raw, field, at, who, whoEn);
  field.constraints = readConstraints(raw.constraints, field, `${at}.constraints`, who, whoEn);
  return field;
}

function readFormat(raw: unknown, type: SchemaFieldType, at: string, who: string, whoEn: string): string {
  if (raw === undefined || raw === null || raw === '') return 'default';
  if (typeof raw !== 'string') throw fieldError(at, `${who} : le format doit être un texte.`, `${whoEn}: the format must be a string.`);
  const format = raw.startsWith('fmt:') ? raw.slice(4) : raw;
  if (TEMPORAL.has(type)) {
    if (format === 'default' || format === 'any') return format;
    if (!format.includes('%')) {
      throw fieldError(at, `${who} : le format ${fr(format)} ne contient aucune directive strptime ; écrivez par exemple %Y-%m-%d pour aaaa-mm-jj, %d/%m/%Y pour jj/mm/aaaa.`, `${whoEn}: the format ${en(format)} has no strptime directive; write for example %Y-%m-%d for yyyy-mm-dd, %d/%m/%Y for dd/mm/yyyy.`);
    }
    try {
      compileStrptime(format);
    } catch (error) {
      if (!(error instanceof StrptimeFormatError)) throw error;
      throw fieldError(at, `${who} : le format ${fr(format)} n'est pas un motif strptime valide (${error.message}).`, `${whoEn}: the format ${en(format)} is not a valid strptime pattern (${error.message}).`);
    }
    return format;
  }
  const allowed = FIXED_FORMATS[type] ?? ['default'];
  if (!allowed.includes(format)) {
    throw fieldError(at, `${who} : le format ${fr(format)} n'existe pas pour le type ${type}. Formats possibles : ${allowed.join(', ')}.`, `${whoEn}: the format ${en(format)} does not exist for type ${type}. Possible formats: ${allowed.join(', ')}.`);
  }
  return format;
}

function readTypeProperties(raw: Json, field: SchemaField, at: string, who: string, whoEn: string): void {
  const strings = (key: 'trueValues' | 'falseValues'): void => {
    const value = raw[key];
    if (value === undefined) return;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw fieldError(`${at}.${key}`, `${who} : « ${key} » doit être une liste de textes, par exemple ["oui"].`, `${whoEn}: "${key}" must be a list of strings, for example ["yes"].`);
    field[key] = value as string[];
  };
  strings('trueValues');
  strings('falseValues');
  for (const key of ['decimalChar', 'groupChar', 'delimiter'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || (key !== 'groupChar' && value === '')) throw fieldError(`${at}.${key}`, `${who} : « ${key} » doit être un caractère, par exemple ",".`, `${whoEn}: "${key}" must be a character, for example ",".`);
    field[key] = value;
  }
  if (raw.bareNumber !== undefined) {
    if (typeof raw.bareNumber !== 'boolean') throw fieldError(`${at}.bareNumber`, `${who} : « bareNumber » doit valoir true ou false.`, `${whoEn}: "bareNumber" must be true or false.`);
    field.bareNumber = raw.bareNumber;
  }
  if (raw.itemType !== undefined) {
    if (!LIST_ITEM_TYPES.includes(raw.itemType as SchemaFieldType)) throw fieldError(`${at}.itemType`, `${who} : « itemType » doit être l'un de ${LIST_ITEM_TYPES.join(', ')}.`, `${whoEn}: "itemType" must be one of ${LIST_ITEM_TYPES.join(', ')}.`);
    field.itemType = raw.itemType as SchemaFieldType;
  }
  if (raw.arrayItem !== undefined && field.type === 'array') {
    // frictionless drops an arrayItem's own arrayItem.
    const item = isObject(raw.arrayItem) ? { ...raw.arrayItem, arrayItem: undefined } : raw.arrayItem;
    field.arrayItem = readField(item, `${at}.arrayItem`, [''], field.name);
  }
}

function readConstraints(raw: unknown, field: SchemaField, at: string, who: string, whoEn: string): FieldConstraints {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw fieldError(at, `${who} : « constraints » doit être un objet JSON.`, `${whoEn}: "constraints" must be a JSON object.`);
  const out: FieldConstraints = {};
  const wrong = (key: string, frKind: string, enKind: string): never => {
    throw fieldError(`${at}.${key}`, `${who} : la contrainte « ${key} » doit être ${frKind} (elle vaut ${fr(raw[key])}).`, `${whoEn}: the "${key}" constraint must be ${enKind} (it is ${en(raw[key])}).`);
  };
  for (const key of ['required', 'unique'] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== 'boolean') wrong(key, 'true ou false', 'true or false');
    out[key] = raw[key] as boolean;
  }
  for (const key of ['minLength', 'maxLength'] as const) {
    if (raw[key] === undefined) continue;
    const value = raw[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) wrong(key, 'un nombre entier positif ou nul', 'a non-negative integer');
    out[key] = value as number;
  }
  const cast = compileValueCast(field);
  const castable = (value: unknown): boolean => value !== null && cast(value) !== INVALID;
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (raw[key] === undefined) continue;
    // Bounds only mean something for ordered types; on others frictionless ignores them.
    if (['integer', 'number', 'date', 'time', 'datetime', 'year', 'yearmonth', 'duration'].includes(field.type) && !castable(raw[key])) {
      wrong(key, `une valeur de type ${field.type}${field.format === 'default' ? '' : ` au format ${field.format}`}`, `a value of type ${field.type}${field.format === 'default' ? '' : ` in format ${field.format}`}`);
    }
    out[key] = raw[key];
  }
  if (raw.pattern !== undefined) {
    if (typeof raw.pattern !== 'string') wrong('pattern', 'un texte (une expression régulière)', 'a string (a regular expression)');
    compilePattern(raw.pattern as string, `${at}.pattern`);
    out.pattern = raw.pattern as string;
  }
  if (raw.enum !== undefined) {
    if (!Array.isArray(raw.enum) || raw.enum.length === 0) wrong('enum', 'une liste non vide de valeurs', 'a non-empty list of values');
    (raw.enum as unknown[]).forEach((item, i) => {
      if (!castable(item)) {
        throw fieldError(`${at}.enum[${i}]`, `${who} : la valeur ${fr(item)} de la liste « enum » n'est pas une valeur de type ${field.type}${field.format === 'default' ? '' : ` au format ${field.format}`}.`, `${whoEn}: the value ${en(item)} of the "enum" list is not a value of type ${field.type}${field.format === 'default' ? '' : ` in format ${field.format}`}.`);
      }
    });
    out.enum = raw.enum as unknown[];
  }
  if (raw.jsonSchema !== undefined) {
    if (!isObject(raw.jsonSchema)) wrong('jsonSchema', 'un objet JSON Schema', 'a JSON Schema object');
    out.jsonSchema = raw.jsonSchema as Record<string, unknown>;
  }
  return out;
}

/** A key: one field name (v1) or a list of names, each naming a field of the schema. */
function readKey(raw: unknown, at: string, names: ReadonlySet<string>, error = schemaError): string[] {
  const key = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(key) || key.length === 0 || !key.every((k) => typeof k === 'string')) {
    throw error(at, `« ${at} » doit être un nom de champ ou une liste de noms de champs.`, `"${at}" must be a field name or a list of field names.`);
  }
  for (const name of key as string[]) {
    if (!names.has(name)) throw error(at, `« ${at} » cite le champ ${fr(name)}, qui n'existe pas dans « fields ».`, `"${at}" names the field ${en(name)}, which is not in "fields".`);
  }
  return key as string[];
}

function readUniqueKeys(raw: unknown, names: ReadonlySet<string>): string[][] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw schemaError('uniqueKeys', '« uniqueKeys » doit être une liste de listes de noms de champs.', '"uniqueKeys" must be a list of lists of field names.');
  return raw.map((key, i) => readKey(key, `uniqueKeys[${i}]`, names));
}

function readForeignKeys(raw: unknown, names: ReadonlySet<string>): ForeignKey[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw schemaError('foreignKeys', '« foreignKeys » doit être une liste de clés étrangères.', '"foreignKeys" must be a list of foreign keys.');
  return raw.map((item, i) => {
    const at = `foreignKeys[${i}]`;
    if (!isObject(item) || !isObject(item.reference)) throw schemaError(at, `« ${at} » doit être un objet avec « fields » et « reference ».`, `"${at}" must be an object with "fields" and "reference".`);
    const fields = readKey(item.fields, `${at}.fields`, names);
    const resource = item.reference.resource === undefined || item.reference.resource === null ? '' : item.reference.resource;
    if (typeof resource !== 'string') throw schemaError(`${at}.reference.resource`, '« resource » doit être un nom de ressource.', '"resource" must be a resource name.');
    // A self-reference (no resource) must name fields of this schema; another resource's fields cannot be checked here.
    const referenced = resource === '' ? readKey(item.reference.fields, `${at}.reference.fields`, names) : readKey(item.reference.fields, `${at}.reference.fields`, new Set(toList(item.reference.fields)));
    if (referenced.length !== fields.length) {
      throw schemaError(`${at}.reference.fields`, `« ${at} » relie ${fields.length} champ(s) à ${referenced.length} champ(s) : il en faut autant de chaque côté.`, `"${at}" links ${fields.length} field(s) to ${referenced.length}: both sides need as many.`);
    }
    return { fields, reference: { resource, fields: referenced } };
  });
}

const toList = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function readFieldsMatch(raw: unknown): FieldsMatch | null {
  if (raw === undefined || raw === null) return null;
  if (!FIELDS_MATCH.includes(raw as FieldsMatch)) {
    throw schemaError('fieldsMatch', `« fieldsMatch » vaut ${fr(raw)} ; valeurs possibles : ${FIELDS_MATCH.join(', ')}.`, `"fieldsMatch" is ${en(raw)}; possible values: ${FIELDS_MATCH.join(', ')}.`);
  }
  return raw as FieldsMatch;
}

/** Validata `custom_checks` (spec §8): names and params are read here; whether the check exists is another module's business. */
function readCustomChecks(raw: unknown): CustomCheckDeclaration[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw schemaError('custom_checks', '« custom_checks » doit être une liste de contrôles { "name", "params" }.', '"custom_checks" must be a list of { "name", "params" } checks.');
  return raw.map((item, i) => {
    const at = `custom_checks[${i}]`;
    if (!isObject(item) || typeof item.name !== 'string' || item.name === '') {
      throw schemaError(`${at}.name`, `Le contrôle n° ${i + 1} de « custom_checks » n'a pas de nom (propriété « name »).`, `Check ${i + 1} of "custom_checks" has no name ("name" property).`);
    }
    if (item.params !== undefined && item.params !== null && !isObject(item.params)) {
      throw schemaError(`${at}.params`, `Les paramètres du contrôle ${fr(item.name)} doivent être un objet JSON.`, `The params of check ${en(item.name)} must be a JSON object.`);
    }
    return { name: item.name, params: isObject(item.params) ? item.params : {} };
  });
}
