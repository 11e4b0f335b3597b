// A file as a stream of records to validate: CSV or TSV (encoding and delimiter detected as
// publishing detects them, spec §2), or the first sheet of an XLSX workbook. Records come in
// batches: one await per batch, not per record, is what keeps validation near a million rows in
// a few seconds.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import fsp from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../errors.js';
// The ingest's detections, from their own files rather than the ingest's front door: that one
// loads DuckDB and every reader (about 100 MB of memory), which validating a CSV never needs.
import { cellText } from '../ingest/cell-text.js';
import { detectLayout, type Delimiter } from '../ingest/csv.js';
import { textSample, type TextEncoding } from '../ingest/decode.js';
import { detectFormat } from '../ingest/format.js';
import { CsvRecordSplitter, type TableRecord } from './csv-records.js';
import { nativeCell, type NativeCell } from './native-cells.js';

/**
 * Thrown while reading a file taken for UTF-8 (no encoding given) at its first byte that is not:
 * the caller starts again in Windows-1252. Telling the encoding while validating spares a whole
 * pass over the file in the common case, a file that is UTF-8 from start to end.
 */
export class NotUtf8Error extends Error {
  constructor() {
    super('not UTF-8');
  }
}

export interface OpenedTable {
  format: 'csv' | 'xlsx';
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  batches: AsyncIterable<TableRecord[]>;
  /** Once read: some bytes were not text in the encoding given (they read as U+FFFD). */
  undecodable(): boolean;
}

export interface ReadTableOptions {
  /** The name to show in messages (an upload's original name). */
  fileName: string;
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  /** The sheet of a workbook: its name or its position from 1. */
  sheet?: string;
}

export async function openTable(file: string, options: ReadTableOptions): Promise<OpenedTable> {
  const format = await detectFormat(file, options.fileName);
  if (format === 'xlsx') return { format, encoding: null, delimiter: null, batches: xlsxBatches(file, options), undecodable: () => false };
  if (format !== 'csv') {
    throw new AppError('SCHEMA_FILE_UNREADABLE', {
      file: options.fileName,
      detail: `a Table Schema describes a table: give a CSV, TSV or XLSX file, not ${format === 'json' ? 'JSON' : 'a Shapefile'}`,
      detail_fr: `un Table Schema décrit un tableau : donnez un fichier CSV, TSV ou XLSX, pas ${format === 'json' ? 'du JSON' : 'un Shapefile'}`,
    });
  }
  const marked = await byteOrderMark(file);
  const encoding = options.encoding ?? marked ?? 'utf-8';
  const delimiter = options.delimiter ?? (/\.tsv$/i.test(options.fileName) ? '\t' : detectLayout(await textSample(file, encoding)).delimiter);
  const decoding = { guessed: options.encoding === undefined && marked === undefined, undecodable: false };
  return { format, encoding, delimiter, batches: csvBatches(file, encoding, delimiter, decoding), undecodable: () => decoding.undecodable };
}

/** UTF-16, and UTF-8 from Windows tools, announce themselves with a byte order mark. */
async function byteOrderMark(file: string): Promise<TextEncoding | undefined> {
  const handle = await fsp.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(3), 0, 3, 0);
    if (bytesRead < 2) return undefined;
    if (bytesRead === 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return 'utf-8';
    if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le';
    if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be';
    return undefined;
  } finally {
    await handle.close();
  }
}

/** `guessed`: UTF-8 taken for granted, read again as Windows-1252 if it is not; `undecodable`: set when bytes are not text in a declared encoding. */
interface Decoding {
  guessed: boolean;
  undecodable: boolean;
}

async function* csvBatches(file: string, encoding: TextEncoding, delimiter: Delimiter, decoding: Decoding): AsyncGenerator<TableRecord[]> {
  const splitter = new CsvRecordSplitter(delimiter);
  // UTF-8 through Buffer's own decoder (the common case, and the fastest), checked as it goes when
  // it was guessed; the others through iconv-lite. A byte order mark is never part of the first label.
  const decode = encoding === 'utf-8' ? utf8Decoder(decoding) : iconvDecoder(encoding);
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) {
    let text = decode(chunk as Buffer, false);
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const batch: TableRecord[] = [];
    splitter.push(text, batch);
    if (batch.length > 0) yield batch;
  }
  const last: TableRecord[] = [];
  splitter.push(decode(Buffer.alloc(0), true), last);
  splitter.end(last);
  if (last.length > 0) yield last;
}

function utf8Decoder(decoding: Decoding): (bytes: Buffer, end: boolean) => string {
  let carry: Buffer | null = null;
  return (bytes, end) => {
    let whole = carry ? Buffer.concat([carry, bytes]) : bytes;
    carry = null;
    // A character cut by the end of the chunk waits for the next one.
    const complete = end ? whole.length : completeUtf8Length(whole);
    if (complete < whole.length) {
      carry = Buffer.from(whole.subarray(complete));
      whole = whole.subarray(0, complete);
    }
    if (!decoding.undecodable && !isUtf8(whole)) {
      if (decoding.guessed) throw new NotUtf8Error();
      decoding.undecodable = true;
    }
    return whole.toString('utf8');
  };
}

/** How many bytes of `bytes` end on a whole UTF-8 character. */
function completeUtf8Length(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

function iconvDecoder(encoding: TextEncoding): (bytes: Buffer, end: boolean) => string {
  const decoder = iconv.getDecoder(encoding);
  return (bytes, end) => (end ? (decoder.end() ?? '') : decoder.write(bytes));
}

/** The chosen sheet's rows as records: row numbers are the sheet's, empty rows are blank records. */
async function* xlsxBatches(file: string, options: ReadTableOptions): AsyncGenerator<TableRecord[]> {
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  let position = 0;
  const names: string[] = [];
  try {
    for await (const worksheet of reader) {
      position += 1;
      const name = (worksheet as unknown as { name?: string }).name ?? String(position);
      names.push(name);
      const wanted = options.sheet === undefined ? position === 1 : options.sheet === name || options.sheet === String(position);
      if (!wanted) {
        for await (const _row of worksheet) void _row; // exceljs waits until a sheet is read through
        continue;
      }
      let expected = 1;
      let batch: TableRecord[] = [];
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        // exceljs skips empty rows: they are blank records all the same.
        for (; expected < row.number; expected += 1) batch.push({ cells: [], row: expected, line: expected });
        const cells: string[] = [];
        const native: (NativeCell | undefined)[] = [];
        row.eachCell({ includeEmpty: true }, (cell, column) => {
          cells[column - 1] = cellText(cell.value) ?? '';
          native[column - 1] = nativeCell(cell.value);
        });
        for (let i = 0; i < cells.length; i += 1) cells[i] ??= '';
        batch.push({ cells: cells.every((c) => c === '') ? [] : cells, row: row.number, line: row.number, native });
        expected = row.number + 1;
        if (batch.length >= 1000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
      return;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('INGEST_UNREADABLE', { file: options.fileName, format: 'XLSX', detail: error instanceof Error ? error.message : String(error) });
  }
  throw new AppError('INGEST_SHEET_NOT_FOUND', { file: options.fileName, sheet: options.sheet ?? '1', sheets: names.join(', ') || '—' });
}
