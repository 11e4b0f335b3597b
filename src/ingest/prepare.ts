// From a file to its typed records, on one engine connection: format, layout (encoding, delimiter,
// header line or sheet), text columns, types, derived geography, processing steps. The preview
// reads the file the exact way; the publish writes the same records, by a faster road for CSV
// (writeTypedRecords) that falls back to the exact one, so that what a publisher sees is what goes live.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Field, FieldType, JobProgress, RecordOrder, Visibility } from '../catalog/index.js';
import { orderClause, PARQUET_COPY_OPTIONS, sqlIdentifier, sqlLiteral, type EngineConnection } from '../data/index.js';
import { AppError, isAppError } from '../errors.js';
import { withShapeBoxes } from '../query/index.js';
import { detectLayout, type Delimiter } from './csv.js';
import { detectEncoding, textSample, type TextEncoding } from './decode.js';
import { detectFormat, type FileFormat } from './format.js';
import { pointFromCoordinates } from './geo.js';
import { DEFAULT_MAX_COLUMNS, type NamedColumn } from './names.js';
import { checkColumnCount, csvColumns, csvRelation, loadCsvStaging, STAGING_TABLE, utf8File, type CsvSource } from './staging.js';
import { applySteps, typesSetBySteps, type JoinSource, type Step } from './steps.js';
import { inferColumns, inferColumnsFromSample, SAMPLE_ROWS, sampledExpression, toField, typedExpression, type TypedColumn } from './typing.js';
import { loadJsonStaging } from './json.js';
import { shapefileToJsonLines } from './shapefile.js';
import { loadXlsxStaging } from './xlsx.js';

// What the files of a zipped Shapefile may weigh once extracted: far above any real layer, far
// below what a zip bomb expands to.
const MAX_EXTRACTED_BYTES = 4 * 1024 ** 3;

/** What a publisher may set instead of what is detected. */
export interface ReadOptions {
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  /** The line (row of a sheet) of the header, 1 being the first. */
  headerLine?: number;
  /** The sheet of a workbook: its name or its position from 1. */
  sheet?: string;
  /** Where the records are in a JSON object: `results`, `data.items`. */
  jsonPath?: string;
  /** The coordinate system of a Shapefile without .prj: `EPSG:2154`, `EPSG:4326`… */
  projection?: string;
  /** Field types, by field name. */
  types?: Record<string, FieldType>;
}

/** How the file was read: kept with the version, so that a refresh reads the next file the same way. */
export interface ReadFacts {
  format: FileFormat;
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  header_line: number;
  sheet: string | null;
  /** For JSON: where the records were (null for an array at the root or JSON Lines). */
  json_path: string | null;
}

/** What an administrator sets for every file (TERRITOIRES_MAX_COLUMNS). */
export interface IngestLimits {
  maxColumns: number;
  /** What the files of a zipped Shapefile may weigh once extracted. */
  maxExtractedBytes?: number;
}

/** The dataset's processing steps, and what they need to run. */
export interface Processing {
  steps: Step[];
  visibility: Visibility;
  joinSource: JoinSource;
}

export interface PreparedFile {
  facts: ReadFacts;
  fields: Field[];
  /** The typed records, as a query over the staging table of the same connection. */
  select: string;
  /** The order `select` gives the records in, when a sort step asks for one. */
  order?: RecordOrder;
}

/** A file to read, and how. */
export interface FileToRead {
  file: string;
  /** The name to show in messages (an upload's original name). */
  fileName: string;
  /** Where a UTF-8 copy of a text file may be written (removed afterwards). */
  scratchFile: string;
  /** A UTF-8 copy of the file made as it was received, used when the file is read as Windows-1252. */
  utf8Copy?: string;
  options?: ReadOptions;
  limits?: IngestLimits;
  processing?: Processing;
  report?: (progress: JobProgress) => Promise<void>;
}

/**
 * The exact reading, which the preview shows: the whole file is loaded as text, every value of
 * every column is tested against each type, then the typed records are a query over that table.
 */
export async function prepareFile(connection: EngineConnection, read: FileToRead, known?: KnownLayout): Promise<PreparedFile> {
  const { processing, report = noReport } = read;
  await connection.run("set TimeZone = 'Europe/Paris'");
  const bytes = fs.statSync(read.file).size;
  await report({ phase: 'reading', progress: 0.05, bytes: 0 });
  const { facts, columns } = await loadStaging(connection, read, known);
  // One check for every reader: a header without records is an empty file.
  const [counted] = await connection.query(`select count(*) as n from ${STAGING_TABLE}`);
  const rows = Number(counted?.n ?? 0);
  if (rows === 0) throw new AppError('INGEST_EMPTY_FILE', { file: read.fileName });
  await report({ phase: 'typing', progress: 0.4, bytes, rows });
  const typed = await inferColumns(connection, STAGING_TABLE, columns, forcedTypes(read));
  const prepared = await withPoint(connection, typed, facts, STAGING_TABLE, typedExpression);
  return applyProcessing(connection, prepared, processing, report);
}

/**
 * Writes the typed records of a file to a Parquet file at `target`, the same records the exact
 * reading gives. A CSV file is typed from its first rows and written in one pass over DuckDB's
 * reader, each column guarded (typing.ts, inferColumnsFromSample): three times faster on a large
 * file. If a later row disagrees with the first ones, or DuckDB refuses the file, the write stops
 * and the file is read again the exact way, which types it right or says where it is wrong.
 */
export async function writeTypedRecords(connection: EngineConnection, read: FileToRead, target: string): Promise<PreparedFile> {
  // Detected once: the exact road, when it must follow, reads the file as the fast one did.
  const format = await detectFormat(read.file, read.fileName);
  const csv = format === 'csv' ? await csvSource(read) : undefined;
  try {
    if (csv) {
      try {
        const prepared = await prepareCsvFromSample(connection, read, csv);
        await copyToParquet(connection, prepared, target, read);
        return prepared;
      } catch (error) {
        // What the exact reading would say too (an empty file, too many columns): said now.
        if (isAppError(error)) throw error;
        await fsp.rm(target, { force: true });
      }
    }
    const prepared = await prepareFile(connection, read, { format, csv });
    await copyToParquet(connection, prepared, target, read);
    return prepared;
  } finally {
    await fsp.rm(read.scratchFile, { force: true });
  }
}

/** What writeTypedRecords already detected, for prepareFile not to detect it again. */
interface KnownLayout {
  format: FileFormat;
  csv?: CsvLayoutFacts;
}

interface CsvLayoutFacts {
  source: CsvSource;
  facts: ReadFacts;
}

async function copyToParquet(connection: EngineConnection, prepared: PreparedFile, target: string, read: FileToRead): Promise<void> {
  // Each shape's bounding box beside the records, in the same pass (query/odsql/geo-shape.ts).
  const select = withShapeBoxes(prepared.select, prepared.fields, orderClause(prepared.order));
  await connection.run(`copy (${select}) to ${sqlLiteral(target)} (${PARQUET_COPY_OPTIONS})`);
  // The count is in the file's footer: nothing is read again.
  const [written] = await connection.query(`select count(*) as n from read_parquet(${sqlLiteral(target)})`);
  await (read.report ?? noReport)({ phase: 'writing', progress: 0.8, rows: Number(written?.n ?? 0), bytes: fs.statSync(read.file).size });
}

async function prepareCsvFromSample(connection: EngineConnection, read: FileToRead, { source, facts }: CsvLayoutFacts): Promise<PreparedFile> {
  const { processing, report = noReport } = read;
  await connection.run("set TimeZone = 'Europe/Paris'");
  await report({ phase: 'reading', progress: 0.05, bytes: 0 });
  const columns = await csvColumns(source);
  const relation = csvRelation(await utf8File(source), source.layout, columns);
  // The first rows, read once, as a table.
  await connection.run(`create or replace temp table ${SAMPLE_TABLE} as select * from ${relation} limit ${SAMPLE_ROWS}`);
  await checkColumnCount(connection, SAMPLE_TABLE, columns);
  const [first] = await connection.query(`select count(*) as n from ${SAMPLE_TABLE}`);
  if (Number(first?.n ?? 0) === 0) throw new AppError('INGEST_EMPTY_FILE', { file: read.fileName });
  await report({ phase: 'typing', progress: 0.1, bytes: fs.statSync(read.file).size });
  const typed = await inferColumnsFromSample(connection, SAMPLE_TABLE, columns, forcedTypes(read));
  const prepared = await withPoint(connection, typed, facts, relation, sampledExpression, SAMPLE_TABLE);
  await report({ phase: 'writing', progress: 0.2 });
  return applyProcessing(connection, prepared, processing, report);
}

const noReport = async () => undefined;

const SAMPLE_TABLE = 'sample';

function forcedTypes(read: FileToRead): Record<string, FieldType> {
  return { ...(read.processing ? typesSetBySteps(read.processing.steps) : {}), ...read.options?.types };
}

async function applyProcessing(connection: EngineConnection, prepared: PreparedFile, processing: Processing | undefined, report: (progress: JobProgress) => Promise<void>): Promise<PreparedFile> {
  if (!processing || processing.steps.length === 0) return prepared;
  await report({ phase: 'processing', progress: 0.6 });
  // From the typed records as a subquery: a step that only changes fields' metadata copies nothing.
  const applied = await applySteps(connection, `(${prepared.select})`, prepared.fields, processing.steps, processing.visibility, processing.joinSource);
  return { facts: prepared.facts, fields: applied.fields, select: `select * from ${applied.table}${orderClause(applied.order)}`, ...(applied.order ? { order: applied.order } : {}) };
}

/**
 * The typed SELECT, with the point made of coordinate columns when the file has them. Typed from a
 * sample, projected coordinates are checked on the sample and must then stay in range.
 */
async function withPoint(
  connection: EngineConnection,
  typed: TypedColumn[],
  facts: ReadFacts,
  from: string,
  expression: (column: TypedColumn) => string,
  /** The table of the first rows, when the columns were typed from them. */
  sample?: string,
): Promise<PreparedFile> {
  const sampled = sample !== undefined;
  const ranges = new Map<string, readonly [number, number]>();
  const point = await pointFromCoordinates(typed, async (column, min, max) => {
    const rows = sample ?? from;
    const [row] = await connection.query(`select count(*) filter (where not (v between ${min} and ${max})) as outside from (select ${typedExpression(column)} as v from ${rows})`);
    if (Number(row?.outside) !== 0) return false;
    ranges.set(column.name, [min, max]);
    return true;
  });
  // Only the coordinates of the point made must stay in the range they were read in.
  if (!point) ranges.clear();
  const columns = sampled ? typed.map((c) => ({ ...c, range: ranges.get(c.name) })) : typed;
  const fields = columns.map(toField);
  const typedSelect = `select ${columns.map((c) => `${expression(c)} as ${sqlIdentifier(c.name)}`).join(', ')} from ${from}`;
  if (!point) return { facts, fields, select: typedSelect };
  return { facts, fields: [...fields, point.field], select: `select *, ${point.expression} as ${sqlIdentifier(point.field.name)} from (${typedSelect}) as typed` };
}

async function csvSource(read: FileToRead): Promise<{ source: CsvSource; facts: ReadFacts }> {
  const options = read.options ?? {};
  const encoding = options.encoding ?? (await detectEncoding(read.file));
  const layout = detectLayout(await textSample(read.file, encoding), { delimiter: options.delimiter, headerLine: options.headerLine });
  const source: CsvSource = {
    file: read.file,
    fileName: read.fileName,
    encoding,
    layout,
    scratchFile: read.scratchFile,
    utf8Copy: encoding === 'windows-1252' ? read.utf8Copy : undefined,
    maxColumns: read.limits?.maxColumns ?? DEFAULT_MAX_COLUMNS,
  };
  return { source, facts: { format: 'csv', encoding, delimiter: layout.delimiter, header_line: layout.headerLine, sheet: null, json_path: null } };
}

async function loadStaging(connection: EngineConnection, read: FileToRead, known?: KnownLayout): Promise<{ facts: ReadFacts; columns: NamedColumn[] }> {
  const { file, fileName, options = {} } = read;
  const maxColumns = read.limits?.maxColumns ?? DEFAULT_MAX_COLUMNS;
  const format = known?.format ?? (await detectFormat(file, fileName));
  if (format === 'xlsx') {
    const { columns, headerLine, sheet } = await loadXlsxStaging(connection, { file, fileName, sheet: options.sheet, headerLine: options.headerLine, maxColumns });
    return { facts: { format, encoding: null, delimiter: null, header_line: headerLine, sheet, json_path: null }, columns };
  }
  if (format === 'shapefile') {
    const workDir = await fsp.mkdtemp(path.join(path.dirname(read.scratchFile), 'shapefile-'));
    try {
      const lines = await shapefileToJsonLines({ file, fileName, workDir, projection: options.projection, maxBytes: read.limits?.maxExtractedBytes ?? MAX_EXTRACTED_BYTES });
      const { columns } = await loadJsonStaging(connection, { file: lines, fileName, fileBytes: fs.statSync(lines).size, maxColumns, shape: 'lines' });
      return { facts: { format, encoding: null, delimiter: null, header_line: 0, sheet: null, json_path: null }, columns };
    } finally {
      await fsp.rm(workDir, { recursive: true, force: true });
    }
  }
  if (format === 'json') {
    const { columns, path } = await loadJsonStaging(connection, { file, fileName, path: options.jsonPath, fileBytes: fs.statSync(file).size, maxColumns });
    return { facts: { format, encoding: 'utf-8', delimiter: null, header_line: 0, sheet: null, json_path: path }, columns };
  }
  const { source, facts } = known?.csv ?? (await csvSource(read));
  const columns = await loadCsvStaging(connection, source);
  return { facts, columns };
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
