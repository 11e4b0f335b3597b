// From a file to the SELECT that gives its typed records, in the staging table of one engine
// connection: layout (encoding, delimiter, header line), text columns, types, derived geography.
// The preview and the publish run the same steps, so that what a publisher sees is what goes live.
import fs from 'node:fs';
import type { Field, FieldType } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { sqlIdentifier, type EngineConnection } from '../data/index.js';
import { detectLayout, type CsvLayout, type Delimiter } from './csv.js';
import { detectEncoding, textSample, type TextEncoding } from './decode.js';
import { pointFromCoordinates } from './geo.js';
import { loadCsvStaging, STAGING_TABLE } from './staging.js';
import { inferColumns, toField, typedExpression } from './typing.js';

/** What a publisher may set instead of what is detected. */
export interface ReadOptions {
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  /** The line of the header, 1 being the first line of the file. */
  headerLine?: number;
  /** Field types, by field name. */
  types?: Record<string, FieldType>;
}

export interface PreparedFile {
  encoding: TextEncoding;
  layout: CsvLayout;
  fields: Field[];
  /** The typed records, as a query over the staging table of the same connection. */
  select: string;
}

export async function prepareCsv(connection: EngineConnection, file: string, fileName: string, scratchFile: string, options: ReadOptions = {}): Promise<PreparedFile> {
  await connection.run("set TimeZone = 'Europe/Paris'");
  const encoding = options.encoding ?? (await detectEncoding(file));
  const layout = detectLayout(await textSample(file, encoding), { delimiter: options.delimiter, headerLine: options.headerLine });
  const columns = await loadCsvStaging(connection, { file, fileName, encoding, layout, scratchFile });
  const typed = await inferColumns(connection, STAGING_TABLE, columns, options.types);
  const fields = typed.map(toField);
  const typedSelect = `select ${typed.map((c) => `${typedExpression(c)} as ${sqlIdentifier(c.name)}`).join(', ')} from ${STAGING_TABLE}`;
  const point = pointFromCoordinates(typed);
  if (!point) return { encoding, layout, fields, select: typedSelect };
  return { encoding, layout, fields: [...fields, point.field], select: `select *, ${point.expression} as ${sqlIdentifier(point.field.name)} from (${typedSelect}) as typed` };
}

/** The file exists, can be read and is not empty. */
export function checkReadable(file: string, fileName: string): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new AppError('INGEST_FILE_NOT_FOUND', { file: fileName });
  }
  if (size === 0) throw new AppError('INGEST_EMPTY_FILE', { file: fileName });
}
