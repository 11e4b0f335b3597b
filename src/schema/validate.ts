// Validating a table against a Table Schema, streamed (spec §1, §5): header, then each record —
// blank row, extra and missing cells, missing values, cast, constraints — then what needs several
// rows (unique, primaryKey, uniqueKeys, foreignKeys) and the schema's custom checks, into a
// report. A record is forgotten once checked: memory holds only the keys that must stay unique.
import { AppError } from '../errors.js';
import type { Delimiter, TextEncoding } from '../ingest/index.js';
import { DEPRECATED_CHECK_NAMES, makeCustomCheck } from './checks/index.js';
import { compileConstraints } from './constraints.js';
import { compileCast, typeErrorMessage } from './cast.js';
import type { TableRecord } from './csv-records.js';
import { FindingCollector, DEFAULT_CAP } from './findings.js';
import { isRequired, matchHeader } from './header.js';
import { INVALID, type CellValue, type ConstraintFailure, type CustomCheck, type FindingDraft, type RowView, type SchemaField, type TableSchema } from './model.js';
import { nativeValue } from './native-cells.js';
import { NotUtf8Error, openTable } from './read-table.js';
import { schemaSummary, type ValidationReport } from './report.js';
import * as say from './structure-messages.js';
import { TableKeys } from './table-keys.js';

export interface ValidateOptions {
  /** The name to show in messages (an upload's original name). */
  fileName?: string;
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  sheet?: string;
  /** At most this many findings of each code are listed (all are counted). */
  cap?: number;
}

export async function validateFile(file: string, schema: TableSchema, options: ValidateOptions = {}): Promise<ValidationReport> {
  try {
    return await validateOnce(file, schema, options);
  } catch (error) {
    // Taken for UTF-8, it is not: read as Windows-1252 (which reads ISO-8859-1 text right too).
    if (!(error instanceof NotUtf8Error)) throw error;
    return validateOnce(file, schema, { ...options, encoding: 'windows-1252' });
  }
}

async function validateOnce(file: string, schema: TableSchema, options: ValidateOptions): Promise<ValidationReport> {
  const collector = new FindingCollector(options.cap ?? DEFAULT_CAP);
  let table;
  try {
    table = await openTable(file, { fileName: options.fileName ?? file, encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  } catch (error) {
    // Bytes that are text in no encoding: the report says so, as frictionless's `encoding-error`.
    if (!(error instanceof AppError) || error.code !== 'INGEST_BINARY') throw error;
    collector.add(say.encodingError(), { row: null, line: null, fieldNumber: null });
    return report(schema, collector, { format: 'csv', encoding: null, delimiter: null, rows: 0, columns: [] });
  }
  if (table.encoding && table.encoding !== 'utf-8') collector.add(say.encodingWarning(table.encoding), { row: null, line: null, fieldNumber: null });
  const validator = new TableValidator(schema, collector);
  try {
    for await (const batch of table.batches) for (const record of batch) validator.check(record);
    validator.finish();
  } catch (error) {
    // A workbook that cannot be read (damaged, or without the sheet asked for) stops the run with
    // one `format-error` (spec §1, §9), after what could be read.
    if (!(error instanceof AppError) || (error.code !== 'INGEST_UNREADABLE' && error.code !== 'INGEST_SHEET_NOT_FOUND')) throw error;
    collector.add(say.formatError(error), { row: null, line: null, fieldNumber: null });
  }
  if (table.undecodable()) collector.add(say.encodingError(), { row: null, line: null, fieldNumber: null });
  return report(schema, collector, { format: table.format, encoding: table.encoding, delimiter: table.delimiter, rows: validator.records, columns: validator.labels }, validator);
}

function report(schema: TableSchema, collector: FindingCollector, table: ValidationReport['table'], validator?: TableValidator): ValidationReport {
  const { errors, warnings } = collector.lists();
  return {
    valid: collector.errorCount === 0,
    schema: schemaSummary(schema),
    table,
    errorCount: collector.errorCount,
    warningCount: Object.values(collector.counts).reduce((a, b) => a + b, 0) - collector.errorCount,
    errors,
    warnings,
    counts: collector.counts,
    truncated: collector.truncated,
    cap: collector.cap,
    fieldsWithTypeErrors: [...(validator?.fieldsWithTypeErrors ?? [])],
  };
}

/** A field as the row loop uses it: everything compiled once. */
interface Column {
  field: SchemaField;
  /** Position in the file's header, from 0. */
  index: number;
  /** Where its value is in the row's values (RowView reads them by field name). */
  slot: number;
  /** The field's missing values; null for the usual `[""]`, tested without hashing the text. */
  missing: ReadonlySet<string> | null;
  cast: (text: string) => CellValue | typeof INVALID;
  constraints: (value: CellValue, text: string) => ConstraintFailure[] | null;
  /** Checks `required` on a value absent from a short row. */
  required: boolean;
}

export class TableValidator {
  labels: string[] = [];
  /** Records after the header. */
  records = 0;
  readonly fieldsWithTypeErrors = new Set<string>();
  /** The schema's missing values, by which a row is blank; null for the usual `[""]`. */
  private readonly rowMissing: ReadonlySet<string> | null;
  private columns: Column[] = [];
  private width = 0;
  private headerSeen = false;
  private readonly checks: CustomCheck[] = [];
  /** Per record: the cast values by field name's slot, and the raw texts (RowView reads them). */
  private readonly slots = new Map<string, number>();
  private values: CellValue[] = [];
  private texts: (string | undefined)[] = [];
  private keys: TableKeys;
  private readonly view: RowView & { row: number; blank: boolean };

  constructor(
    private readonly schema: TableSchema,
    private readonly collector: FindingCollector,
  ) {
    this.keys = new TableKeys(schema);
    this.rowMissing = schema.missingValues.length === 1 && schema.missingValues[0] === '' ? null : new Set(schema.missingValues);
    const slots = this.slots;
    const self = this;
    this.view = {
      row: 0,
      blank: false,
      value(field) {
        const slot = slots.get(field);
        return slot === undefined ? undefined : (self.values[slot] ?? null);
      },
      text(field) {
        const slot = slots.get(field);
        return slot === undefined ? undefined : self.texts[slot];
      },
    };
    for (const declaration of schema.customChecks) {
      const made = makeCustomCheck(declaration, schema);
      if ('row' in made) this.checks.push(made);
      else collector.add(made, { row: null, line: null, fieldNumber: null });
      const replacement = DEPRECATED_CHECK_NAMES[declaration.name];
      if (replacement && 'row' in made) collector.add(say.deprecatedCheck(declaration.name, replacement), { row: null, line: null, fieldNumber: null });
    }
  }

  check(record: TableRecord): void {
    if (!this.headerSeen) return this.header(record);
    // No header, no table: the run stopped at its blank-header error (spec §1: one fatal error, not thousands).
    if (this.width === 0) return;
    this.records += 1;
    const { cells, row, line } = record;
    const collector = this.collector;
    const values = this.values;
    const texts = this.texts;
    // Blank: every cell a missing value of the schema (frictionless reads them as null first).
    let blank = true;
    const missing = this.rowMissing;
    for (let i = 0; i < cells.length; i += 1) {
      if (missing === null ? cells[i] !== '' : !missing.has(cells[i] ?? '')) {
        blank = false;
        break;
      }
    }
    if (blank) {
      values.fill(null);
      texts.fill('');
      collector.add(say.blankRow(), { row, line, fieldNumber: null });
    } else {
      for (let i = this.width; i < cells.length; i += 1) collector.add(say.extraCell(i + 1, cells[i] ?? ''), { row, line, fieldNumber: i + 1 });
      for (const column of this.columns) {
        const slot = column.slot;
        values[slot] = null;
        if (column.index >= cells.length) {
          texts[slot] = '';
          collector.add(say.missingCell(this.labels[column.index] ?? '', column.index + 1), { row, line, fieldNumber: column.index + 1 });
          if (column.required) this.constraintFailures(column.constraints(null, ''), column, '', row, line);
          continue;
        }
        const text = cells[column.index] ?? '';
        texts[slot] = text;
        const native = record.native?.[column.index];
        if (native !== undefined) {
          const value = nativeValue(column.field, native);
          if (value !== INVALID) {
            values[slot] = value;
            this.constraintFailures(column.constraints(value, text), column, text, row, line);
            continue;
          }
        }
        if (column.missing === null ? text === '' : column.missing.has(text)) {
          if (column.required) this.constraintFailures(column.constraints(null, text), column, text, row, line);
          continue;
        }
        const value = column.cast(text);
        if (value === INVALID) {
          this.fieldsWithTypeErrors.add(column.field.name);
          const { note, message } = typeErrorMessage(column.field, text);
          collector.add({ code: 'type-error', field: column.field.name, value: text, note, message }, { row, line, fieldNumber: column.index + 1 });
          continue;
        }
        values[slot] = value;
        const failures = column.constraints(value, text);
        if (failures !== null) this.constraintFailures(failures, column, text, row, line);
      }
      // Short rows: the labels past the last cell that hold no field still miss a cell.
      for (let i = cells.length; i < this.width; i += 1) {
        if (!this.columns.some((c) => c.index === i)) collector.add(say.missingCell(this.labels[i] ?? '', i + 1), { row, line, fieldNumber: i + 1 });
      }
      this.keys.row(values, texts, row, line, collector);
    }
    if (this.checks.length > 0) {
      this.view.row = row;
      this.view.blank = blank;
      for (const check of this.checks) {
        const found = check.row(this.view);
        if (found) for (const draft of found) collector.add(draft, { row, line, fieldNumber: this.fieldNumber(draft) });
      }
    }
  }

  finish(): void {
    if (!this.headerSeen) {
      this.collector.add(say.blankHeader(), { row: 1, line: 1, fieldNumber: null });
      return;
    }
    this.keys.finish(this.collector);
  }

  private header(record: TableRecord): void {
    this.headerSeen = true;
    this.labels = record.cells;
    this.width = record.cells.length;
    if (record.cells.length === 0) {
      this.collector.add(say.blankHeader(), { row: record.row, line: record.line, fieldNumber: null });
      return;
    }
    const match = matchHeader(this.schema, record.cells);
    for (const { draft, fieldNumber } of match.findings) this.collector.add(draft, { row: record.row, line: record.line, fieldNumber });
    match.columns.forEach((field, index) => {
      if (!field || this.slots.has(field.name)) return;
      this.slots.set(field.name, this.slots.size);
      this.columns.push({
        field,
        index,
        slot: this.slots.get(field.name)!,
        missing: field.missingValues.length === 1 && field.missingValues[0] === '' ? null : new Set(field.missingValues),
        cast: compileCast(field),
        constraints: compileConstraints(field),
        required: isRequired(this.schema, field),
      });
    });
    this.values = new Array<CellValue>(this.slots.size).fill(null);
    this.texts = new Array<string | undefined>(this.slots.size).fill('');
    this.keys.start(this.slots, new Map(this.columns.map((c) => [c.field.name, c.index + 1])));
    const present = new Set(this.slots.keys());
    for (const check of this.checks) {
      for (const draft of check.start?.(present) ?? []) this.collector.add(draft, { row: record.row, line: record.line, fieldNumber: this.fieldNumber(draft) });
    }
  }

  private constraintFailures(failures: ConstraintFailure[] | null, column: Column, text: string, row: number, line: number): void {
    if (failures === null) return;
    for (const failure of failures) {
      this.collector.add({ code: 'constraint-error', field: column.field.name, value: text, note: failure.note, message: failure.message }, { row, line, fieldNumber: column.index + 1 });
    }
  }

  private fieldNumber(draft: FindingDraft): number | null {
    if (draft.field === null) return null;
    const column = this.columns.find((c) => c.field.name === draft.field);
    return column ? column.index + 1 : null;
  }
}
