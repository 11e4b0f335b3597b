// CSV reading, streamed: the delimiter among `,` `;` tab `|` and the header line are detected on
// the first lines; records come with the line they end on, and a malformed file is reported with
// its line.
import { parse, CsvError } from 'csv-parse';
import { AppError } from '../errors.js';
import { decodedText, type TextEncoding } from './decode.js';

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [';', ',', '\t', '|'];

export interface CsvLayout {
  delimiter: Delimiter;
  /** The line of the header (1 is the first): title lines above it are skipped. */
  headerLine: number;
}

/**
 * Counts each candidate delimiter outside quotes on the first lines. The delimiter is the one whose
 * most frequent count is high and steady; the header is the first line with that count (lines
 * above it are titles, as spreadsheets exported with a heading have).
 */
export function detectLayout(sample: string, forced: Partial<CsvLayout> = {}): CsvLayout {
  const lines = sample.split(/\r?\n/).slice(0, 40);
  if (lines.length > 1 && !/\n$/.test(sample)) lines.pop(); // the sample may cut the last line
  const candidates = forced.delimiter ? [forced.delimiter] : DELIMITERS;
  let best: { delimiter: Delimiter; modal: number; score: number } = { delimiter: forced.delimiter ?? ',', modal: 0, score: -1 };
  for (const delimiter of candidates) {
    const counts = lines.filter((line) => line.trim() !== '').map((line) => countOutsideQuotes(line, delimiter));
    const modal = mostFrequent(counts.filter((c) => c > 0));
    if (modal === undefined) continue;
    const steady = counts.filter((c) => c === modal).length / counts.length;
    const score = modal * steady * steady;
    if (score > best.score) best = { delimiter, modal, score };
  }
  const detectedHeader = lines.findIndex((line) => best.modal > 0 && countOutsideQuotes(line, best.delimiter) === best.modal) + 1;
  return { delimiter: best.delimiter, headerLine: forced.headerLine ?? Math.max(1, detectedHeader) };
}

/** The most frequent value; on a tie, the one seen first (a header before ragged rows). */
function mostFrequent(values: number[]): number | undefined {
  const tally = new Map<number, number>();
  for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [value, count] of tally) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const char of line) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === delimiter && !inQuotes) count += 1;
  }
  return count;
}

export interface CsvRecord {
  values: string[];
  /** The physical line of the file the record ends on (1 is the first line; a quoted cell may span lines). */
  line: number;
}

/** The records of a CSV file; `chunkBytes` is smaller for a caller that reads only the first ones. */
export async function* readCsvRecords(file: string, fileLabel: string, encoding: TextEncoding, layout: CsvLayout, chunkBytes?: number): AsyncGenerator<CsvRecord> {
  const parser = decodedText(file, encoding, chunkBytes).pipe(
    parse({ delimiter: layout.delimiter, from_line: layout.headerLine, relax_quotes: false, skip_empty_lines: true, info: true, bom: false }),
  );
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { values: item.record, line: item.info.lines };
    }
  } catch (error) {
    throw csvError(error, fileLabel);
  }
}

function csvError(error: unknown, file: string): AppError {
  if (!(error instanceof CsvError)) return new AppError('INGEST_ENCODING', { file, detail: error instanceof Error ? error.message : String(error) });
  const line = Number((error as CsvError & { lines?: number }).lines ?? 0);
  const details: Record<string, [string, string]> = {
    CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: ['this line has a different number of columns than the header', "cette ligne n'a pas le même nombre de colonnes que l'en-tête"],
    CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH: ['this line has a different number of columns than the header', "cette ligne n'a pas le même nombre de colonnes que l'en-tête"],
    CSV_QUOTE_NOT_CLOSED: ['a quoted cell is never closed', "une cellule entre guillemets n'est jamais refermée"],
    CSV_INVALID_CLOSING_QUOTE: ['a quote closes a cell but other characters follow it', "un guillemet ferme une cellule mais d'autres caractères le suivent"],
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: ['a quote closes a cell but other characters follow it', "un guillemet ferme une cellule mais d'autres caractères le suivent"],
  };
  const [en, fr] = details[error.code] ?? [error.message, error.message];
  const found = /got (\d+)/.exec(error.message)?.[1];
  const expected = /expect (\d+)/.exec(error.message)?.[1];
  const counts = found && expected ? ` (${found} columns, ${expected} expected)` : '';
  const countsFr = found && expected ? ` (${found} colonnes, ${expected} attendues)` : '';
  return new AppError('INGEST_CSV_MALFORMED', { file, line, detail: en + counts, detail_fr: fr + countsFr }, { line });
}
