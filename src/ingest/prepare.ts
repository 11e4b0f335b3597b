// From a file to the SELECT that gives its typed records, in the staging table of one engine
// connection: format, layout (encoding, delimiter, header line or sheet), text columns, types,
// derived geography. The preview and the publish run the same steps, so that what a publisher sees
// is what goes live.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Field, FieldType, JobProgress, Visibility } from '../catalog/index.js';
import { sqlIdentifier, type EngineConnection } from '../data/index.js';
import { AppError } from '../errors.js';
import { detectLayout, type Delimiter } from './csv.js';
import { detectEncoding, textSample, type TextEncoding } from './decode.js';
import { detectFormat, type FileFormat } from './format.js';
import { pointFromCoordinates } from './geo.js';
import { DEFAULT_MAX_COLUMNS, type NamedColumn } from './names.js';
import { loadCsvStaging, STAGING_TABLE } from './staging.js';
import { applySteps, typesSetBySteps, type JoinSource, type Step } from './steps.js';
import { inferColumns, toField, typedExpression, type TypedColumn } from './typing.js';
import { loadJsonStaging } from './json.js';
import { shapefileToJsonLines } from './shapefile.js';

// What the files of a zipped Shapefile may weigh once extracted: far above any real layer, far
// below what a zip bomb expands to.
const MAX_EXTRACTED_BYTES = 4 * 1024 ** 3;
import { loadXlsxStaging } from './xlsx.js';

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
}

export async function prepareFile(
  connection: EngineConnection,
  file: string,
  fileName: string,
  scratchFile: string,
  options: ReadOptions = {},
  limits: IngestLimits = { maxColumns: DEFAULT_MAX_COLUMNS },
  processing?: Processing,
  report: (progress: JobProgress) => Promise<void> = async () => undefined,
): Promise<PreparedFile> {
  await connection.run("set TimeZone = 'Europe/Paris'");
  const bytes = fs.statSync(file).size;
  await report({ phase: 'reading', progress: 0.05, bytes: 0 });
  const { facts, columns } = await loadStaging(connection, file, fileName, scratchFile, options, limits);
  // One check for every reader: a header without records is an empty file.
  const [counted] = await connection.query(`select count(*) as n from ${STAGING_TABLE}`);
  const rows = Number(counted?.n ?? 0);
  if (rows === 0) throw new AppError('INGEST_EMPTY_FILE', { file: fileName });
  await report({ phase: 'typing', progress: 0.4, bytes, rows });
  const types = { ...(processing ? typesSetBySteps(processing.steps) : {}), ...options.types };
  const typed = await inferColumns(connection, STAGING_TABLE, columns, types);
  const prepared = await withPoint(connection, typed, facts);
  if (!processing || processing.steps.length === 0) return prepared;
  await report({ phase: 'processing', progress: 0.6, bytes, rows });
  await connection.run(`create or replace temp table typed as ${prepared.select}`);
  const applied = await applySteps(connection, 'typed', prepared.fields, processing.steps, processing.visibility, processing.joinSource);
  return { facts, fields: applied.fields, select: `select * from ${applied.table}` };
}

/** The typed SELECT, with the point made of coordinate columns when the file has them. */
async function withPoint(connection: EngineConnection, typed: TypedColumn[], facts: ReadFacts): Promise<PreparedFile> {
  const fields = typed.map(toField);
  const typedSelect = `select ${typed.map((c) => `${typedExpression(c)} as ${sqlIdentifier(c.name)}`).join(', ')} from ${STAGING_TABLE}`;
  const point = await pointFromCoordinates(typed, async (column, min, max) => {
    const expression = typed.find((c) => c.name === column.name);
    if (!expression) return false;
    const [row] = await connection.query(`select count(*) filter (where not (v between ${min} and ${max})) as outside from (select ${typedExpression(expression)} as v from ${STAGING_TABLE})`);
    return Number(row?.outside) === 0;
  });
  if (!point) return { facts, fields, select: typedSelect };
  return { facts, fields: [...fields, point.field], select: `select *, ${point.expression} as ${sqlIdentifier(point.field.name)} from (${typedSelect}) as typed` };
}

async function loadStaging(connection: EngineConnection, file: string, fileName: string, scratchFile: string, options: ReadOptions, limits: IngestLimits): Promise<{ facts: ReadFacts; columns: NamedColumn[] }> {
  const { maxColumns } = limits;
  const format = await detectFormat(file, fileName);
  if (format === 'xlsx') {
    const { columns, headerLine, sheet } = await loadXlsxStaging(connection, { file, fileName, sheet: options.sheet, headerLine: options.headerLine, maxColumns });
    return { facts: { format, encoding: null, delimiter: null, header_line: headerLine, sheet, json_path: null }, columns };
  }
  if (format === 'shapefile') {
    const workDir = await fsp.mkdtemp(path.join(path.dirname(scratchFile), 'shapefile-'));
    try {
      const lines = await shapefileToJsonLines({ file, fileName, workDir, projection: options.projection, maxBytes: limits.maxExtractedBytes ?? MAX_EXTRACTED_BYTES });
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
  const encoding = options.encoding ?? (await detectEncoding(file));
  const layout = detectLayout(await textSample(file, encoding), { delimiter: options.delimiter, headerLine: options.headerLine });
  const columns = await loadCsvStaging(connection, { file, fileName, encoding, layout, scratchFile, maxColumns });
  return { facts: { format, encoding, delimiter: layout.delimiter, header_line: layout.headerLine, sheet: null, json_path: null }, columns };
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
