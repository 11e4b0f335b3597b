// Loading a CSV file into the staging table: one text column per header cell, named as the field
// will be. The fast path is DuckDB's own parallel CSV reader over UTF-8 (a file in another
// encoding is first transcoded, streamed); when DuckDB refuses the file, the streamed JavaScript
// parser reads it instead and, if the file really is malformed, says at which line and why.
import { createReadStream, createWriteStream } from 'node:fs';
import fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { sqlIdentifier, sqlLiteral, type EngineConnection } from '../data/index.js';
import { AppError } from '../errors.js';
import { readCsvRecords, type CsvLayout } from './csv.js';
import { FIRST_READ_BYTES, toUtf8, type TextEncoding } from './decode.js';
import { fieldNames, type NamedColumn } from './names.js';

export const STAGING_TABLE = 'staging';

export interface CsvSource {
  file: string;
  fileName: string;
  encoding: TextEncoding;
  layout: CsvLayout;
  /** Where a UTF-8 copy may be written (removed afterwards). */
  scratchFile: string;
  /** A UTF-8 copy already made (as the file was received, or by a first reading): used instead of transcoding again. */
  utf8Copy?: string;
  maxColumns: number;
}

export async function loadCsvStaging(connection: EngineConnection, source: CsvSource): Promise<NamedColumn[]> {
  const columns = await csvColumns(source);
  await connection.run(`drop table if exists ${STAGING_TABLE}`);
  try {
    const utf8 = await utf8File(source);
    await connection.run(`create temp table ${STAGING_TABLE} as select * from ${csvRelation(utf8, source.layout, columns)}`);
    await checkColumnCount(connection, STAGING_TABLE, columns);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // DuckDB said no: the JavaScript reader either loads the file or names the line that is wrong.
    await connection.run(`drop table if exists ${STAGING_TABLE}`);
    await loadWithParser(connection, source, columns);
  } finally {
    await fsp.rm(source.scratchFile, { force: true });
  }
  return columns;
}

/** The columns of the header line, named as the fields will be. */
export async function csvColumns(source: CsvSource): Promise<NamedColumn[]> {
  // The header only: a small first read, not a megabyte decoded for one line.
  const records = readCsvRecords(source.file, source.fileName, source.encoding, source.layout, FIRST_READ_BYTES);
  const first = await records.next();
  await records.return(undefined);
  if (first.done) throw new AppError('INGEST_EMPTY_FILE', { file: source.fileName });
  return fieldNames(first.value.values, source.maxColumns, source.fileName);
}

/**
 * The file itself when it is UTF-8, else its UTF-8 copy: the one made as it was received, or one
 * written at the scratch path and kept on the source for a second reading (the caller removes it).
 */
export async function utf8File(source: CsvSource): Promise<string> {
  if (source.encoding === 'utf-8') return source.file;
  if (source.utf8Copy) return source.utf8Copy;
  await pipeline(createReadStream(source.file, { highWaterMark: 1 << 20 }), toUtf8(source.encoding), createWriteStream(source.scratchFile));
  source.utf8Copy = source.scratchFile;
  return source.scratchFile;
}

/** DuckDB's parallel reader over a UTF-8 file, every column as text (typing is ours), strict about quotes and ragged rows. */
export function csvRelation(file: string, layout: CsvLayout, columns: readonly NamedColumn[]): string {
  // Names and delimiter are ours (slugs, one of four characters); the path is the blob store's.
  const names = `[${columns.map((c) => sqlLiteral(c.name)).join(', ')}]`;
  return (
    `read_csv(${sqlLiteral(file)}, delim = ${sqlLiteral(layout.delimiter)}, skip = ${layout.headerLine - 1}, quote = '"', escape = '"', ` +
    `header = true, all_varchar = true, names = ${names}, strict_mode = true, null_padding = false, encoding = 'utf-8')`
  );
}

/** DuckDB takes extra header cells for data: the relation must have the header's columns, no more. */
export async function checkColumnCount(connection: EngineConnection, relation: string, columns: readonly NamedColumn[]): Promise<void> {
  const described = await connection.query(`select count(*) as n from (describe select * from ${relation})`);
  if (Number(described[0]?.n) !== columns.length) throw new Error('DuckDB saw another number of columns');
}

async function loadWithParser(connection: EngineConnection, source: CsvSource, columns: NamedColumn[]): Promise<void> {
  await connection.run(`create temp table ${STAGING_TABLE} (${columns.map((c) => `${sqlIdentifier(c.name)} varchar`).join(', ')})`);
  const appender = await connection.textAppender(STAGING_TABLE);
  let header = true;
  try {
    for await (const record of readCsvRecords(source.file, source.fileName, source.encoding, source.layout)) {
      if (header) {
        header = false;
        continue;
      }
      appender.appendRow(record.values.map((value) => (value === '' ? null : value)));
    }
  } finally {
    appender.close();
  }
}
