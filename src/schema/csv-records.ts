// CSV records for validation, numbered as frictionless numbers them (spec §2): every record counts,
// blank lines included (they become `blank-row`), the header is row 1; and, for a text editor, the
// physical line each record starts on (a quoted cell may span lines). Written by hand rather than
// through the publishing reader: that one skips blank lines and stops at the first ragged row,
// where validation must see both, and this loop is what sets the speed of `bench:schema`.

import type { NativeCell } from './native-cells.js';

export interface TableRecord {
  cells: string[];
  /** Record number: the header is 1. */
  row: number;
  /** Physical line the record starts on, from 1. */
  line: number;
  /** A workbook's typed cells (numbers, booleans, dates), by column: taken before the text when the field's type holds them. */
  native?: (NativeCell | undefined)[];
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/**
 * Splits decoded text into records, chunk by chunk. RFC 4180 quoting; like Python's csv module,
 * which frictionless uses, it is lenient: a quote inside an unquoted cell is a character, text
 * after a closing quote is kept, and a quote left open runs to the end of the file.
 */
export class CsvRecordSplitter {
  private readonly delimiter: number;
  private readonly delimiterText: string;
  /** Text of a record cut by the end of the previous chunk. */
  private pending = '';
  private row = 0;
  private line = 1;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
    this.delimiterText = delimiter;
  }

  /** The records complete in what has been pushed so far. */
  push(chunk: string, out: TableRecord[]): void {
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    const consumed = this.split(text, out, false);
    this.pending = consumed < text.length ? text.slice(consumed) : '';
  }

  /** The last record, when the text does not end with a line break. */
  end(out: TableRecord[]): void {
    if (this.pending.length > 0) this.split(this.pending, out, true);
    this.pending = '';
  }

  /** Splits complete records from `text`; returns how many characters they took. */
  private split(text: string, out: TableRecord[], final: boolean): number {
    let start = 0;
    for (;;) {
      start = this.plainLines(text, start, out, final);
      if (start >= text.length) return start;
      const next = this.quotedRecord(text, start, out, final);
      if (next < 0) return start;
      start = next;
    }
  }

  /**
   * The common lines, without quotes, split by the engine's own String.split: several times faster
   * than reading them character by character. Stops at the first line that has a quote or a lone
   * CR, or that the text does not hold whole; returns where it stopped.
   */
  private plainLines(text: string, position: number, out: TableRecord[], final: boolean): number {
    const length = text.length;
    const quote = text.indexOf('"', position);
    while (position < length) {
      let end = text.indexOf('\n', position);
      if (end === -1) {
        if (!final) return position;
        end = length;
      }
      if (quote !== -1 && quote < end) return position;
      const line = text.slice(position, end > position && text.charCodeAt(end - 1) === CR ? end - 1 : end);
      if (line.indexOf('\r') !== -1) return position;
      this.row += 1;
      // A blank line is a record without cells: `blank-row`.
      out.push({ cells: line === '' ? [] : line.split(this.delimiterText), row: this.row, line: this.line });
      this.line += 1;
      position = end + 1;
    }
    return Math.min(position, length);
  }

  /** One record read character by character (quoted cells); the position after it, or -1 when the text does not hold it whole. */
  private quotedRecord(text: string, start: number, out: TableRecord[], final: boolean): number {
    const length = text.length;
    const delimiter = this.delimiter;
    const cells: string[] = [];
    let position = start;
    let lines = 0;
    // One cell per turn.
    for (;;) {
      if (position < length && text.charCodeAt(position) === QUOTE) {
        // Quoted cell: up to the closing quote, `""` being a quote.
        let value = '';
        let from = position + 1;
        let closed = false;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1) break;
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          if (quote + 1 >= length && !final) break; // the next chunk may start with a quote
          value += text.slice(from, quote);
          position = quote + 1;
          closed = true;
          break;
        }
        if (!closed) {
          if (!final) return -1;
          value += text.slice(from);
          position = length;
        }
        lines += countLineBreaks(value);
        // Text after the closing quote, up to the delimiter or the line end, is kept.
        const rest = position;
        while (position < length) {
          const c = text.charCodeAt(position);
          if (c === delimiter || c === LF || c === CR) break;
          position += 1;
        }
        cells.push(rest === position ? value : value + text.slice(rest, position));
      } else {
        const from = position;
        while (position < length) {
          const c = text.charCodeAt(position);
          if (c === delimiter || c === LF || c === CR) break;
          position += 1;
        }
        cells.push(text.slice(from, position));
      }
      if (position >= length) {
        if (!final) return -1;
        break;
      }
      const c = text.charCodeAt(position);
      if (c === delimiter) {
        position += 1;
        continue;
      }
      // A line break: \n, \r\n or a lone \r.
      if (c === CR) {
        if (position + 1 >= length && !final) return -1; // \r\n may be cut between chunks
        position += text.charCodeAt(position + 1) === LF ? 2 : 1;
      } else {
        position += 1;
      }
      lines += 1;
      break;
    }
    this.row += 1;
    out.push({ cells: cells.length === 1 && cells[0] === '' ? [] : cells, row: this.row, line: this.line });
    this.line += lines;
    return position;
  }
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  if (count === 0 && text.includes('\r')) for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) count += 1;
  return count;
}
