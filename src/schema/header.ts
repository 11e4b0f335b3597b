// Matching the file's header to the schema's fields (spec §4). By name whatever the order, as
// Validata does, unless the schema declares `fieldsMatch`: `exact` compares position by position,
// `equal`/`subset`/`superset`/`partial` by name with their own tolerance of missing and extra
// columns. A missing column is one header finding, never one per row.
import type { FindingDraft, SchemaField, TableSchema } from './model.js';
import * as say from './structure-messages.js';

export interface HeaderMatch {
  /** For each column of the file, the field it holds (null: none, its cells are not checked). */
  columns: (SchemaField | null)[];
  findings: { draft: FindingDraft; fieldNumber: number | null }[];
}

export function matchHeader(schema: TableSchema, labels: readonly string[]): HeaderMatch {
  const findings: HeaderMatch['findings'] = [];
  const seen = new Map<string, number>();
  labels.forEach((label, index) => {
    if (label === '') findings.push({ draft: say.blankLabel(index + 1), fieldNumber: index + 1 });
    else if (seen.has(label)) findings.push({ draft: say.duplicateLabel(label, seen.get(label)! + 1), fieldNumber: index + 1 });
    else seen.set(label, index);
  });
  if (schema.fieldsMatch === 'exact') return { columns: byPosition(schema, labels, findings), findings };

  const byName = new Map(schema.fields.map((f) => [f.name, f]));
  const columns = labels.map((label, index) => (seen.get(label) === index ? (byName.get(label) ?? null) : null));
  const mode = schema.fieldsMatch;
  // Which faults are errors: by default (Validata) only a missing required column.
  const extraIsError = mode === 'equal' || mode === 'superset';
  const missingIsError = (field: SchemaField) => mode === 'equal' || mode === 'subset' || (mode !== 'superset' && mode !== 'partial' && isRequired(schema, field));
  let extra = 0;
  let missing = 0;
  columns.forEach((field, index) => {
    const label = labels[index] ?? '';
    if (field || label === '' || seen.get(label) !== index) return;
    extra += 1;
    if (mode !== 'subset' && mode !== 'partial') findings.push({ draft: say.extraLabel(label, extraIsError), fieldNumber: index + 1 });
  });
  for (const field of schema.fields) {
    if (seen.has(field.name)) continue;
    missing += 1;
    const draft = missingIsError(field) ? say.missingLabel(field) : say.missingOptionalLabel(field);
    if (mode === null || draft.code === 'missing-label') findings.push({ draft, fieldNumber: null });
  }
  if (mode === 'partial' && columns.every((c) => c === null)) findings.push({ draft: say.unmatchedHeader(), fieldNumber: null });
  // Out of order: the matched columns, read left to right, do not follow the schema's order (blank
  // labels between them are their own error, not a disorder).
  const order = new Map(schema.fields.map((field, index) => [field.name, index]));
  const positions = columns.filter((field): field is SchemaField => field !== null).map((field) => order.get(field.name) ?? 0);
  if (mode === null && extra === 0 && missing === 0 && positions.some((position, i) => i > 0 && position < (positions[i - 1] ?? 0))) {
    findings.push({ draft: say.disorderedHeader(), fieldNumber: null });
  }
  return { columns, findings };
}

function byPosition(schema: TableSchema, labels: readonly string[], findings: HeaderMatch['findings']): (SchemaField | null)[] {
  const columns = labels.map((label, index) => {
    const field = schema.fields[index];
    if (!field) {
      findings.push({ draft: say.extraLabel(label, true), fieldNumber: index + 1 });
      return null;
    }
    // frictionless compares trimmed labels, line breaks read as spaces.
    if (label !== '' && label.replace(/\s+/g, ' ').trim() !== field.name) findings.push({ draft: say.incorrectLabel(label, field, index + 1), fieldNumber: index + 1 });
    return field;
  });
  for (const field of schema.fields.slice(labels.length)) findings.push({ draft: say.missingFieldLabel(field), fieldNumber: null });
  return columns;
}

/** Table Schema: the fields of the primary key behave as required. */
export function isRequired(schema: TableSchema, field: SchemaField): boolean {
  return field.constraints.required === true || schema.primaryKey.includes(field.name);
}
