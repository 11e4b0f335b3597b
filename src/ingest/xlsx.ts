// Excel workbooks (XLSX), streamed with exceljs: the chosen sheet (the first by default) becomes
// the staging table of text columns, like a CSV. The header is the first row that has as many
// cells as most rows below it (title rows above it are skipped). Dates stored as Excel serials with
// a date format come out as ISO dates; numbers are written with a dot, whatever the locale.
import ExcelJS from 'exceljs';
import { sqlIdentifier, type EngineConnection } from '../data/index.js';
import { AppError } from '../errors.js';
import { cellText } from './cell-text.js';
import { fieldNames, type NamedColumn } from './names.js';
import { STAGING_TABLE } from './staging.js';

export interface XlsxSource {
  file: string;
  fileName: string;
  /** Sheet name, or its position from 1; the first sheet by default. */
  sheet?: string;
  headerLine?: number;
  maxColumns: number;
}

const LOOKAHEAD_ROWS = 40;

export async function loadXlsxStaging(connection: EngineConnection, source: XlsxSource): Promise<{ columns: NamedColumn[]; headerLine: number; sheet: string }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source.file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const sheets: string[] = [];
  try {
    let position = 0;
    for await (const worksheet of reader) {
      position += 1;
      const name = (worksheet as unknown as { name?: string }).name ?? String(position);
      sheets.push(name);
      const wanted = source.sheet === undefined ? position === 1 : source.sheet === name || source.sheet === String(position);
      if (!wanted) {
        // A sheet left unread keeps exceljs waiting on its temporary file: read it through.
        for await (const _row of worksheet) void _row;
        continue;
      }
      return { ...(await loadSheet(connection, worksheet, source)), sheet: name };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('INGEST_UNREADABLE', { file: source.fileName, format: 'XLSX', detail: error instanceof Error ? error.message : String(error) });
  }
  throw new AppError('INGEST_SHEET_NOT_FOUND', { file: source.fileName, sheet: source.sheet ?? '1', sheets: sheets.join(', ') || '—' });
}

type Cells = (string | null)[];

async function loadSheet(connection: EngineConnection, worksheet: AsyncIterable<ExcelJS.Row>, source: XlsxSource) {
  const buffered: { line: number; cells: Cells }[] = [];
  let appender: Awaited<ReturnType<EngineConnection['textAppender']>> | undefined;
  let header: { line: number; cells: Cells } | undefined;
  let width = 0;
  const append = (line: number, cells: Cells) => {
    if (cells.every((c) => c === null)) return;
    if (cells.slice(width).some((c) => c !== null)) {
      throw new AppError('INGEST_RAGGED_ROW', { file: source.fileName, line, found: lastFilled(cells), expected: width }, { line });
    }
    appender?.appendRow(Array.from({ length: width }, (_, i) => cells[i] ?? null));
  };
  const start = async (): Promise<NamedColumn[]> => {
    header = pickHeader(buffered, source.headerLine);
    if (!header) throw new AppError('INGEST_EMPTY_FILE', { file: source.fileName });
    width = lastFilled(header.cells);
    const columns = fieldNames(header.cells.slice(0, width).map((c) => c ?? ''), source.maxColumns, source.fileName);
    await connection.run(`drop table if exists ${STAGING_TABLE}`);
    await connection.run(`create temp table ${STAGING_TABLE} (${columns.map((c) => `${sqlIdentifier(c.name)} varchar`).join(', ')})`);
    appender = await connection.textAppender(STAGING_TABLE);
    for (const row of buffered) if (row.line > header.line) append(row.line, row.cells);
    return columns;
  };
  let columns: NamedColumn[] | undefined;
  try {
    for await (const row of worksheet) {
      const cells = rowCells(row);
      if (columns) append(row.number, cells);
      else {
        buffered.push({ line: row.number, cells });
        if (buffered.length >= LOOKAHEAD_ROWS) columns = await start();
      }
    }
    columns ??= await start();
  } finally {
    appender?.close();
  }
  return { columns, headerLine: header?.line ?? 1 };
}

/** The given row, else the first row with as many filled cells as most of the first rows. */
function pickHeader(rows: { line: number; cells: Cells }[], headerLine?: number): { line: number; cells: Cells } | undefined {
  if (headerLine !== undefined) return rows.find((r) => r.line === headerLine);
  const counts = rows.map((r) => r.cells.filter((c) => c !== null).length).filter((n) => n > 0);
  const tally = new Map<number, number>();
  for (const n of counts) tally.set(n, (tally.get(n) ?? 0) + 1);
  const modal = [...tally.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
  return rows.find((r) => r.cells.filter((c) => c !== null).length >= modal && modal > 0);
}

function lastFilled(cells: Cells): number {
  for (let i = cells.length - 1; i >= 0; i -= 1) if (cells[i] !== null) return i + 1;
  return 0;
}

function rowCells(row: ExcelJS.Row): Cells {
  const cells: Cells = [];
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    cells[column - 1] = cellText(cell.value);
  });
  for (let i = 0; i < cells.length; i += 1) cells[i] ??= null;
  return cells;
}
