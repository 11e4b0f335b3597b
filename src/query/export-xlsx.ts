// The XLSX export (ODS Explore v2.1 §2.8): one sheet, a header row of names or labels, then the
// records, written by exceljs's streaming writer a batch at a time. Numbers are numbers, dates
// and datetimes Excel dates (datetimes at the wall time the API gives), booleans booleans; points,
// shapes and multivalued fields the text a CSV cell has.
import { PassThrough, type Readable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import { cellText } from './export-csv.js';
import type { ChosenRecords, ExportOptions } from './exports.js';

/** Excel refuses a cell of more characters (a long shape): the text is cut there. */
const MAX_CELL_CHARS = 32_767;

const FORMATS: Partial<Record<Field['type'], string>> = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss' };

export function xlsxExport(ctx: DataPlaneContext, chosen: ChosenRecords, options: ExportOptions): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('records');
  sheet.columns = chosen.fields.map((field, i) => {
    const numFmt = FORMATS[field.type];
    return { header: options.useLabels ? field.label : field.name, key: `c${i}`, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  (async () => {
    for await (const rows of ctx.engine.stream(chosen.sql, chosen.params)) {
      for (const row of rows) {
        const record = toApiRecord(chosen.fields, row);
        sheet.addRow(chosen.fields.map((field) => cellValue(field, record[field.name], options.listSeparator))).commit();
      }
      // The client reads slower than DuckDB gives rows: wait rather than hold the workbook in memory.
      if (output.writableNeedDrain) await once(output, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

function cellValue(field: Field, value: unknown, listSeparator: string): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'int':
    case 'double':
      return typeof value === 'bigint' ? Number(value) : (value as number);
    case 'boolean':
      return value as boolean;
    case 'date':
      return new Date(`${String(value)}T00:00:00Z`);
    case 'datetime':
      // Excel has no time zones: the wall time the API shows (UTC, or the request's `timezone`).
      return new Date(String(value).replace(/[+-]\d\d:\d\d$/, 'Z'));
    default: {
      const text = cellText(field, value, listSeparator);
      return text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text;
    }
  }
}
