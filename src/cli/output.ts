// How the CLI speaks: results on stdout, errors as one line on stderr (French, then English),
// exit code 2 for anything the user can fix, 1 for the unexpected.
import { AppError, describeError, isAppError } from '../errors.js';

export const EXIT_USAGE = 2;

export function printError(error: unknown): number {
  if (isAppError(error)) {
    process.stderr.write(`territoires: ${error.messageFr} / ${error.message}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`territoires: erreur inattendue / unexpected error: ${describeError(error)}\n`);
  return 1;
}

/** A command line that cannot be run as written, in both languages. */
export function usageError(command: string, en: string, fr: string): AppError {
  return new AppError('USAGE', { command, detail: en, detail_fr: fr });
}

/** A plain text table, for `orgs list` and `datasets list`. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write(`${line(headers)}\n${rows.map(line).join('\n')}${rows.length ? '\n' : ''}`);
}
