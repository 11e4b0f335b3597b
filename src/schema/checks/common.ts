// What every custom check shares: reading its params (a wrong one is a CheckParamsError, turned
// into one `check-error` by makeCustomCheck) and the single-column shape that skips absent
// columns and empty cells. Spec: ../specs/table-schema.md §8 (common behaviour).
import { CheckParamsError, type CellValue, type CustomCheckFactory, type FindingDraft, type Message, type TableSchema } from '../model.js';

/** What a check found wrong with one cell; `code` replaces the check's name when set. */
export interface Problem {
  code?: string;
  note: string;
  message: Message;
}

/** A cell with nothing to check: column absent, empty, a missing value, or a failed cast (§8). */
export function isEmpty(value: CellValue | undefined): value is null | undefined {
  return value === null || value === undefined;
}

/** A param naming a column: a non-empty string that is a field of the schema. */
export function columnParam(params: Record<string, unknown>, key: string, schema: TableSchema): string {
  const column = params[key];
  if (typeof column !== 'string' || column === '') {
    throw new CheckParamsError({
      fr: `le paramètre « ${key} » doit donner le nom d'une colonne.`,
      en: `param "${key}" must be a column name.`,
    });
  }
  return knownColumn(column, key, schema);
}

/** A param listing columns: a non-empty array of field names. */
export function columnListParam(params: Record<string, unknown>, key: string, schema: TableSchema): string[] {
  const columns = params[key];
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((column) => typeof column === 'string' && column !== '')) {
    throw new CheckParamsError({
      fr: `le paramètre « ${key} » doit être une liste de noms de colonnes.`,
      en: `param "${key}" must be a list of column names.`,
    });
  }
  return columns.map((column: string) => knownColumn(column, key, schema));
}

// A check naming a column the schema does not declare could never run: say so rather than pass.
function knownColumn(column: string, key: string, schema: TableSchema): string {
  if (!schema.fields.some((field) => field.name === column)) {
    throw new CheckParamsError({
      fr: `la colonne « ${column} » (paramètre « ${key} ») n'est pas un champ du schéma.`,
      en: `column "${column}" (param "${key}") is not a field of the schema.`,
    });
  }
  return column;
}

/**
 * A check of one column's cells, each judged on its text as written (a SIRET typed `integer`
 * would have lost its leading zeros in the cast value). Absent columns and empty cells pass: the
 * `required` constraint reports those.
 */
export function formatCheck(code: string, judge: (text: string, value: Exclude<CellValue, null>) => Problem | null): CustomCheckFactory {
  return (params, schema) => {
    const column = columnParam(params, 'column', schema);
    return {
      row(row) {
        const value = row.value(column);
        if (isEmpty(value)) return null;
        const text = row.text(column) ?? '';
        const problem = judge(text, value);
        return problem ? [finding(problem.code ?? code, column, text, problem)] : null;
      },
    };
  };
}

export function finding(code: string, field: string | null, value: string | null, problem: Problem): FindingDraft {
  return { code, field, value, note: problem.note, message: problem.message };
}
