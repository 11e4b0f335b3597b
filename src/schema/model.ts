// The words of Table Schema validation, shared by the descriptor reader, the casts, the checks and
// the report: a schema as we hold it once read and checked, a cell's value once cast, and one
// finding (error or warning) with where it is and what to do about it.
// Spec: ../specs/table-schema.md (Table Schema v1/v2, frictionless-py v5, Validata).

export const SCHEMA_FIELD_TYPES = [
  'string', 'number', 'integer', 'boolean', 'object', 'array', 'list', 'date', 'time', 'datetime', 'year', 'yearmonth', 'duration', 'geopoint', 'geojson', 'any',
] as const;
export type SchemaFieldType = (typeof SCHEMA_FIELD_TYPES)[number];

/** Table Schema §7: every constraint a field may declare, values as written in the descriptor. */
export interface FieldConstraints {
  required?: boolean;
  unique?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: unknown;
  maximum?: unknown;
  exclusiveMinimum?: unknown;
  exclusiveMaximum?: unknown;
  pattern?: string;
  enum?: unknown[];
  jsonSchema?: Record<string, unknown>;
}

/** A field descriptor, read and checked (descriptor.ts): defaults applied, `fmt:` prefixes dropped. */
export interface SchemaField {
  name: string;
  type: SchemaFieldType;
  /** `default` when the descriptor has none. */
  format: string;
  title: string | null;
  description: string | null;
  /** The field's `example` (or first of `examples`), as text: used in hints only. */
  example: string | null;
  /** The field's own list when it declares one (it replaces the schema's), else the schema's. */
  missingValues: string[];
  constraints: FieldConstraints;
  // Type-specific properties (Table Schema §6), as written; absent when not declared.
  trueValues?: string[];
  falseValues?: string[];
  decimalChar?: string;
  groupChar?: string;
  bareNumber?: boolean;
  /** frictionless `arrayItem`: the descriptor each item of an `array` cell is checked against. */
  arrayItem?: SchemaField;
  /** `list` (v2): the item separator, `,` by default, and the items' type. */
  delimiter?: string;
  itemType?: SchemaFieldType;
}

export interface ForeignKey {
  fields: string[];
  /** `resource` empty: the table itself (a self-reference). */
  reference: { resource: string; fields: string[] };
}

/** How columns are matched to fields: by position (`exact`) or by name (the others; Validata's way). */
export type FieldsMatch = 'exact' | 'equal' | 'subset' | 'superset' | 'partial';

export interface CustomCheckDeclaration {
  name: string;
  params: Record<string, unknown>;
}

/** A Table Schema, read and checked: what validation needs, plus the metadata to show. */
export interface TableSchema {
  name: string | null;
  title: string | null;
  description: string | null;
  /** As written (`v1.1.6` included). */
  version: string | null;
  homepage: string | null;
  fields: SchemaField[];
  missingValues: string[];
  primaryKey: string[];
  uniqueKeys: string[][];
  foreignKeys: ForeignKey[];
  /** What the schema declares; null when it declares nothing: columns are then matched by name. */
  fieldsMatch: FieldsMatch | null;
  customChecks: CustomCheckDeclaration[];
  /** The descriptor as given, to show or store it again. */
  descriptor: Record<string, unknown>;
}

/**
 * A cell's value once cast (cast.ts), by type:
 * string → string · number → number (NaN, ±Infinity for NaN/INF) · integer → number (bigint past
 * 2^53) · boolean → boolean · date → `YYYY-MM-DD` · time → `hh:mm:ss[.ffffff]` · datetime → epoch
 * milliseconds (naive times read as UTC, as frictionless does) · year → number · yearmonth →
 * `YYYY-MM` · duration → Duration · geopoint → [lon, lat] · geojson, object → a plain object ·
 * array, list → an array · any → the text. A missing value is null.
 */
export type CellValue = string | number | bigint | boolean | Duration | readonly unknown[] | Record<string, unknown> | null;

export interface Duration {
  years: number;
  months: number;
  days: number;
  seconds: number;
}

/** What a cast returns when the text is not a value of the field's type and format. */
export const INVALID: unique symbol = Symbol('invalid');
export type Cast = CellValue | typeof INVALID;

export interface Message {
  fr: string;
  en: string;
}

export type Severity = 'error' | 'warning';

/**
 * One finding of a validation. `row` numbers records as frictionless does (the header is row 1,
 * the first record row 2, a blank line counts); `line` is the physical line of the file where
 * the record starts (they differ after a quoted cell spanning lines).
 */
export interface Finding {
  /** The frictionless error name (`type-error`, `missing-label`…) or the custom check's name. */
  code: string;
  severity: Severity;
  /** null for a finding about the whole file or the schema. */
  row: number | null;
  line: number | null;
  /** The column's name, null for a whole-row error. */
  field: string | null;
  /** The column's position in the file's header, from 1. */
  fieldNumber: number | null;
  /** The cell as written. */
  value: string | null;
  /** frictionless's detail, in its words: `constraint "pattern" is "^\d{14}$"`. */
  note: string;
  /** What is wrong and how to fix it, one or two sentences in each language. */
  message: Message;
}

/** A finding before it is placed: the engine adds severity, row, line and field number. */
export type FindingDraft = Pick<Finding, 'code' | 'note' | 'message'> & { field: string | null; value: string | null; severity?: Severity };

/** A failed constraint (constraints.ts): reported as `constraint-error` with this note and message. */
export interface ConstraintFailure {
  constraint: keyof FieldConstraints;
  note: string;
  message: Message;
}

/** What a custom check sees of one record. */
export interface RowView {
  row: number;
  /** Every cell of the record is empty (or the record is an empty line). */
  blank: boolean;
  /** The cast value of a field; undefined when its column is absent; null when empty or not castable. */
  value(field: string): CellValue | undefined;
  /** The cell as written; undefined when its column is absent. */
  text(field: string): string | undefined;
}

/** A Validata custom check (`custom_checks`), made once per validation from its params. */
export interface CustomCheck {
  /** Once, after the header: the columns present. May report one finding on the header row. */
  start?(present: ReadonlySet<string>): FindingDraft[];
  /** On every record, blank ones included; null or [] when the record passes. */
  row(row: RowView): FindingDraft[] | null;
}

/** Makes a check from its params; throws CheckParamsError when they are wrong. */
export type CustomCheckFactory = (params: Record<string, unknown>, schema: TableSchema) => CustomCheck;

/** Params a check cannot work with: reported as one `check-error`, the rest of the validation runs. */
export class CheckParamsError extends Error {
  constructor(readonly detail: Message) {
    super(detail.en);
  }
}

/** A schema that is not a valid Table Schema: `schema-error` or `field-error`, naming the property. */
export class SchemaDescriptorError extends Error {
  constructor(
    readonly code: 'schema-error' | 'field-error',
    /** Where in the descriptor: `fields[3].constraints.pattern`. */
    readonly property: string,
    readonly detail: Message,
  ) {
    super(`${property}: ${detail.en}`);
  }
}
