// Read options as they come from a query string or a command line (`encoding=windows-1252`,
// `delimiter=tab`, `header_line=3`, `type=code:text`), checked and named where they are wrong.
import { FIELD_TYPES, type FieldType } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { DELIMITERS, type Delimiter } from './csv.js';
import { TEXT_ENCODINGS, type TextEncoding } from './decode.js';
import type { ReadOptions } from './prepare.js';

const DELIMITER_NAMES: Record<string, Delimiter> = { comma: ',', semicolon: ';', tab: '\t', '\\t': '\t', pipe: '|' };

export interface RawReadOptions {
  encoding?: string;
  delimiter?: string;
  headerLine?: string;
  sheet?: string;
  jsonPath?: string;
  projection?: string;
  /** `field:type` or `field=type`, one per field. */
  types?: readonly string[];
}

export function parseReadOptions(raw: RawReadOptions): ReadOptions {
  const options: ReadOptions = {};
  if (raw.encoding !== undefined) {
    const encoding = raw.encoding.toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^(cp1252|win-?1252)$/, 'windows-1252').replace(/^latin-?1$/, 'iso-8859-1');
    if (!(TEXT_ENCODINGS as readonly string[]).includes(encoding)) invalid('encoding', raw.encoding, TEXT_ENCODINGS.join(', '));
    options.encoding = encoding as TextEncoding;
  }
  if (raw.delimiter !== undefined) {
    const delimiter = DELIMITER_NAMES[raw.delimiter.toLowerCase()] ?? raw.delimiter;
    if (!(DELIMITERS as readonly string[]).includes(delimiter)) invalid('delimiter', raw.delimiter, ', ; tab |');
    options.delimiter = delimiter as Delimiter;
  }
  if (raw.headerLine !== undefined) {
    if (!/^[1-9]\d{0,5}$/.test(raw.headerLine)) invalid('header_line', raw.headerLine, 'a line number from 1');
    options.headerLine = Number(raw.headerLine);
  }
  if (raw.sheet !== undefined && raw.sheet.trim() !== '') options.sheet = raw.sheet.trim();
  if (raw.jsonPath !== undefined && raw.jsonPath.trim() !== '') {
    if (!/^[^.\s]+(\.[^.\s]+)*$/.test(raw.jsonPath.trim())) invalid('json_path', raw.jsonPath, 'keys separated by dots, such as data.items');
    options.jsonPath = raw.jsonPath.trim();
  }
  if (raw.projection !== undefined && raw.projection.trim() !== '') options.projection = raw.projection.trim();
  if (raw.types && raw.types.length > 0) {
    options.types = {};
    for (const entry of raw.types) {
      const match = /^([a-z0-9_]+)\s*[:=]\s*([a-z_0-9]+)$/.exec(entry.trim());
      if (!match?.[1] || !(FIELD_TYPES as readonly string[]).includes(match[2] ?? '')) invalid('type', entry, `field:type, the type among ${FIELD_TYPES.join(', ')}`);
      options.types[match[1]] = match[2] as FieldType;
    }
  }
  return options;
}

function invalid(parameter: string, value: string, expected: string): never {
  throw new AppError('INVALID_PARAMETER', { parameter, value, expected }, { parameter });
}
