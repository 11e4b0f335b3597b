// The flags that set how a file is read, shared by `preview` and `publish`.
import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.js';
import { parseReadOptions, type ReadFacts, type ReadOptions } from '../ingest/index.js';

export const READ_FLAGS = {
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  'header-line': { type: 'string' },
  sheet: { type: 'string' },
  'json-path': { type: 'string' },
  projection: { type: 'string' },
  type: { type: 'string', multiple: true },
} as const;

export const READ_FLAGS_USAGE = '[--encoding ENC] [--delimiter ,|;|tab|pipe] [--header-line N] [--sheet NAME|N] [--json-path KEY.KEY] [--projection EPSG:2154] [--type FIELD=TYPE]…';

/** `windows-1252, « ; », header line 3` or `XLSX, sheet Feuil1, header line 1`. */
export function describeRead(read: ReadFacts): string {
  const where = `en-tête ligne / header line ${read.header_line}`;
  if (read.format === 'xlsx') return `XLSX, feuille / sheet ${read.sheet}, ${where}`;
  if (read.format === 'shapefile') return 'Shapefile';
  if (read.format === 'json') return `JSON${read.json_path ? `, ${read.json_path}` : ''}`;
  return `${read.encoding}, « ${read.delimiter === '\t' ? 'tab' : read.delimiter} », ${where}`;
}

/** A JSON file of processing steps (see docs/publishing.md). */
export async function readStepsFile(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new AppError('INGEST_FILE_NOT_FOUND', { file });
  }
  try {
    return JSON.parse(text) as unknown[];
  } catch (error) {
    throw new AppError('MALFORMED_BODY', { detail: `${file}: ${error instanceof Error ? error.message : String(error)}` });
  }
}

export function readOptionsFromFlags(values: Record<string, string | boolean | string[] | undefined>): ReadOptions {
  return parseReadOptions({
    encoding: values.encoding as string | undefined,
    delimiter: values.delimiter as string | undefined,
    headerLine: values['header-line'] as string | undefined,
    sheet: values.sheet as string | undefined,
    jsonPath: values['json-path'] as string | undefined,
    projection: values.projection as string | undefined,
    types: values.type as string[] | undefined,
  });
}
