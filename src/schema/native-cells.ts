// Spreadsheet cells already typed (spec §6: "an Excel date cell is a valid date if it has no time
// part; a whole-number float is a valid integer"): a number, a boolean or a date stored as such in
// a workbook is taken as the field's value when its type can hold it, whatever the field's text
// rules (decimalChar, trueValues, a date pattern) say — those describe text, and the cell is none.
import { INVALID, type Cast, type SchemaField } from './model.js';

/** A workbook cell's own value: a number, a boolean, or a date (wall-clock time, read as UTC). */
export type NativeCell = number | boolean | Date;

export function nativeValue(field: SchemaField, cell: NativeCell): Cast {
  if (typeof cell === 'number') {
    if (field.type === 'number') return cell;
    if (field.type === 'integer') return Number.isInteger(cell) ? cell : INVALID;
    if (field.type === 'year') return Number.isInteger(cell) && cell >= 0 && cell <= 9999 ? cell : INVALID;
    return INVALID;
  }
  if (typeof cell === 'boolean') return field.type === 'boolean' ? cell : INVALID;
  if (Number.isNaN(cell.getTime())) return INVALID;
  if (field.type === 'datetime') return cell.getTime();
  if (field.type === 'date') {
    const iso = cell.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : INVALID;
  }
  return INVALID;
}

/** The typed value exceljs gives for a cell (a formula's result included), if it has one. */
export function nativeCell(value: unknown): NativeCell | undefined {
  const own = typeof value === 'object' && value !== null && !(value instanceof Date) && 'result' in value ? (value as { result: unknown }).result : value;
  return typeof own === 'number' || typeof own === 'boolean' || own instanceof Date ? own : undefined;
}
