// The flags that set how a file is read, shared by `preview` and `publish`.
import { parseReadOptions, type ReadOptions } from '../ingest/index.js';

export const READ_FLAGS = {
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  'header-line': { type: 'string' },
  type: { type: 'string', multiple: true },
} as const;

export const READ_FLAGS_USAGE = '[--encoding ENC] [--delimiter ,|;|tab|pipe] [--header-line N] [--type FIELD=TYPE]…';

export function readOptionsFromFlags(values: Record<string, string | boolean | string[] | undefined>): ReadOptions {
  return parseReadOptions({
    encoding: values.encoding as string | undefined,
    delimiter: values.delimiter as string | undefined,
    headerLine: values['header-line'] as string | undefined,
    types: values.type as string[] | undefined,
  });
}
