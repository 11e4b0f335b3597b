// A spreadsheet cell as text, for the ingest (xlsx.ts) and for Table Schema validation (src/schema),
// which reads a workbook's cells as the text a CSV export of it would hold.
import type ExcelJS from 'exceljs';

/** A cell as the text a CSV export would hold. */
export function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    // exceljs gives the wall-clock time of the sheet as UTC: keep it as written, without a zone.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text; // hyperlink
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue); // formula
    if ('error' in value) return null;
  }
  return String(value);
}
