// CSV reading, streamed: the delimiter among `,` `;` tab `|` is the one that splits the first lines
// into the same number of columns; records come with the line they end on, and a malformed file
// is reported with its line (and column where it can be said).
import { parse, CsvError } from 'csv-parse';
import { AppError } from '../errors.js';
import { decodedText, type TextEncoding } from './decode.js';

export type Delimiter = ',' | ';' | '\t' | '|';
const DELIMITERS: readonly Delimiter[] = [';', ',', '\t', '|'];

/** Counts each candidate outside quotes on the first lines and keeps the one that is steady and frequent. */
export function detectDelimiter(sample: string): Delimiter {
  const lines = sample.split(/\r?\n/).filter((line) => line.trim() !== '').slice(0, 20);
  if (lines.length > 1 && !sample.endsWith('\n')) lines.pop(); // the sample may cut the last line
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const steady = counts.filter((c) => c === header).length / counts.length;
    const score = header * steady * steady;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
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

export async function* readCsvRecords(file: string, fileLabel: string, encoding: TextEncoding, delimiter: Delimiter): AsyncGenerator<CsvRecord> {
  const parser = decodedText(file, encoding).pipe(
    parse({ delimiter, relax_quotes: false, skip_empty_lines: true, info: true, bom: false }),
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
