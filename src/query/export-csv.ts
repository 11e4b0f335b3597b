// The CSV export (ODS Explore v2.1 §2.8): a BOM (by default), a header of names or labels, `;`
// between cells (by default), cells quoted only when they need it (or all of them), `"` doubled,
// CRLF line ends, a point as `lat, lon`, a shape as its GeoJSON geometry, the values of a
// multivalued field joined by list_separator, an empty cell for null. DuckDB writes the rows itself
// (COPY … TO a file sent as it grows) whenever it can give the same bytes as the JavaScript writer
// below: every column a field of the dataset other than a shape or a file, no group_by.
import type { Readable } from 'node:stream';
import type { Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext, type SqlParams } from '../data/index.js';
import { copiedFile } from './export-file.js';
import { csvCellSql } from './export-sql.js';
import type { ChosenRecords, ExportOptions } from './exports.js';

/** COPY's spelling of each delimiter export-options.ts accepts (never user text in SQL). */
const DELIMITERS: Record<string, string> = { ';': "';'", ',': "','", '\t': "e'\\t'", '|': "'|'" };

export async function csvExport(ctx: DataPlaneContext, chosen: ChosenRecords, options: ExportOptions): Promise<AsyncIterable<string> | Readable> {
  const byDuckDb = chosen.plainFields && chosen.fields.length > 0 && DELIMITERS[options.delimiter] !== undefined ? duckDbCells(chosen, options) : undefined;
  if (!byDuckDb) return csvLines(ctx.engine.stream(chosen.sql, chosen.params), chosen.fields, options);
  const copy = [`format csv`, `header false`, `delimiter ${DELIMITERS[options.delimiter]}`, `quote '"'`, `escape '"'`, `new_line e'\\r\\n'`, ...(options.quoteAll ? ['force_quote *'] : [])].join(', ');
  return copiedFile(ctx, byDuckDb.sql, byDuckDb.params, copy, '.csv', csvHeader(chosen.fields, options));
}

/** The SELECT that gives every cell as its text, or undefined when a column needs the JavaScript writer. */
function duckDbCells(chosen: ChosenRecords, options: ExportOptions): { sql: string; params: SqlParams } | undefined {
  const params: SqlParams = [...chosen.params];
  const param = (value: string) => {
    params.push(value);
    return `$${params.length}`;
  };
  const inner: string[] = [];
  const cells: string[] = [];
  for (const [i, field] of chosen.fields.entries()) {
    const cell = csvCellSql(field, `c${i}`, param, options.listSeparator);
    if (cell === undefined) return undefined;
    inner.push(...cell.inner);
    // Under quote_all an empty cell is `""` too, as the JavaScript writer quotes it.
    cells.push(options.quoteAll ? `coalesce(${cell.cell}, '')` : cell.cell);
  }
  return { sql: `select ${cells.join(', ')} from (select ${inner.join(', ')} from (${chosen.sql}) as chosen) as prepared`, params };
}

function csvLine(values: string[], options: ExportOptions): string {
  const cell = (value: string): string => (options.quoteAll || /["\r\n]/.test(value) || value.includes(options.delimiter) ? `"${value.replace(/"/g, '""')}"` : value);
  return `${values.map(cell).join(options.delimiter)}\r\n`;
}

function csvHeader(fields: Field[], options: ExportOptions): string {
  return `${options.withBom ? '\ufeff' : ''}${csvLine(fields.map((f) => (options.useLabels ? f.label : f.name)), options)}`;
}

/** The JavaScript writer: the reference for the bytes, and the way for what DuckDB cannot write the same. */
export async function* csvLines(batches: AsyncIterable<Record<string, unknown>[]>, fields: Field[], options: ExportOptions): AsyncIterable<string> {
  yield csvHeader(fields, options);
  for await (const rows of batches) {
    yield rows
      .map((row) => {
        const record = toApiRecord(fields, row);
        return csvLine(fields.map((f) => cellText(f, record[f.name], options.listSeparator)), options);
      })
      .join('');
  }
}

/** A value as ODS writes it in a CSV cell (and in a spreadsheet's text cells): a point as `lat, lon`, a shape as its GeoJSON geometry, a list joined. */
export function cellText(field: Field, value: unknown, listSeparator: string): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'geo_point_2d' && typeof value === 'object') {
    const point = value as { lon: number; lat: number };
    return `${point.lat}, ${point.lon}`;
  }
  if (field.type === 'geo_shape' && typeof value === 'object') return JSON.stringify((value as { geometry: unknown }).geometry);
  if (Array.isArray(value)) return value.join(listSeparator);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
