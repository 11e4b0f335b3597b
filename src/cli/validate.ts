// `territoires validate FILE --schema NAME|PATH|URL`: the report a publish would keep, without a
// server, and without a data directory unless the schema is one an administrator added. Exit 0
// when the file conforms, 1 when it has errors, 2 when the command or the schema cannot be used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { AppError, isAppError } from '../errors.js';
import { parseReadOptions } from '../ingest/index.js';
import { resolveSchema, validateContained, type Finding, type TableSchema, type ValidationReport } from '../schema/index.js';
import type { Command } from './main.js';
import { usageError } from './output.js';
import { fetchPolicyOf, withCatalogIfAny } from './schemas.js';

type Lang = 'fr' | 'en';

export const validateCommand: Command = {
  summary: 'Valide un fichier par rapport à un schéma (Table Schema, SCDL) / validates a file against a schema (Table Schema, SCDL)',
  usage: 'territoires validate FILE --schema NAME|PATH|URL [--format text|json] [--lang fr|en] [--encoding ENC] [--delimiter ,|;|tab|pipe] [--sheet NAME|N]',
  options: { schema: { type: 'string' }, format: { type: 'string' }, lang: { type: 'string' }, encoding: { type: 'string' }, delimiter: { type: 'string' }, sheet: { type: 'string' } },
  async run({ values, positionals, config }) {
    const [file, ...others] = positionals;
    const ref = values.schema as string | undefined;
    if (!file || others.length > 0 || !ref) throw usageError('validate', 'validate needs one FILE and --schema NAME|PATH|URL', 'validate demande un FICHIER et --schema NOM|CHEMIN|URL');
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw usageError('validate', '--format is text or json', '--format vaut text ou json');
    const lang = (values.lang as string | undefined) ?? 'fr';
    if (lang !== 'fr' && lang !== 'en') throw usageError('validate', '--lang is fr or en', '--lang vaut fr ou en');
    const read = parseReadOptions({ encoding: values.encoding as string | undefined, delimiter: values.delimiter as string | undefined, sheet: values.sheet as string | undefined });
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new AppError('INGEST_FILE_NOT_FOUND', { file });
    const { schema, label } = await schemaNamed(ref, config);
    const report = await validateContained(file, schema, { fileName: file, encoding: read.encoding, delimiter: read.delimiter, sheet: read.sheet }, config.validationTimeoutMs);
    process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : textReport(report, path.basename(file), label, lang));
    return report.valid ? 0 : 1;
  },
};

/** A URL or a file as given; a name among the shipped schemas, then in the catalog when there is one. */
async function schemaNamed(ref: string, config: Config): Promise<{ schema: TableSchema; label: string }> {
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'territoires-schema-'));
  const context = { fetch: fetchPolicyOf(config), scratchDir };
  try {
    try {
      return await resolveSchema(ref, { ...context, db: null });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'SCHEMA_NOT_FOUND') throw error;
      return await withCatalogIfAny(config, (db) => {
        if (!db) throw error;
        return resolveSchema(ref, { ...context, db });
      });
    }
  } finally {
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

const WORDS = {
  fr: {
    conforms: 'conforme au schéma',
    notConforms: 'non conforme au schéma',
    rows: (n: number) => `${n} ${n > 1 ? 'lignes lues' : 'ligne lue'}`,
    errors: (n: number) => `${n} ${n > 1 ? 'erreurs' : 'erreur'}`,
    warnings: (n: number) => `${n} ${n > 1 ? 'avertissements' : 'avertissement'}`,
    errorsTitle: 'Erreurs :',
    warningsTitle: 'Avertissements :',
    row: (row: number, line: number | null) => `ligne ${row}${line !== null && line !== row ? ` (ligne ${line} du fichier)` : ''}`,
    column: (name: string) => `colonne « ${name} »`,
    file: 'fichier',
    colon: ' : ',
    left: (n: number, cap: number) => `  … et ${n} de plus, non listé${n > 1 ? 's' : ''} (au plus ${cap} par code ; --format json donne le compte de chaque code)`,
  },
  en: {
    conforms: 'conforms to the schema',
    notConforms: 'does not conform to the schema',
    rows: (n: number) => `${n} ${n === 1 ? 'row' : 'rows'} read`,
    errors: (n: number) => `${n} ${n === 1 ? 'error' : 'errors'}`,
    warnings: (n: number) => `${n} ${n === 1 ? 'warning' : 'warnings'}`,
    errorsTitle: 'Errors:',
    warningsTitle: 'Warnings:',
    row: (row: number, line: number | null) => `row ${row}${line !== null && line !== row ? ` (line ${line} of the file)` : ''}`,
    column: (name: string) => `column "${name}"`,
    file: 'file',
    colon: ': ',
    left: (n: number, cap: number) => `  … and ${n} more, not listed (at most ${cap} per code; --format json gives the count of each code)`,
  },
} as const;

/**
 * A summary line, then one line per finding: `ligne 4 (ligne 5 du fichier), colonne « SIRET » :
 * message [code]`. Rows are numbered as frictionless and Validata number them (the header is row
 * 1); the file's line is added where it differs (a quoted cell over several lines).
 */
export function textReport(report: ValidationReport, fileName: string, schemaLabel: string, lang: Lang): string {
  const w = WORDS[lang];
  const version = report.schema.version ? ` (${report.schema.version})` : '';
  const lines = [`${fileName}${w.colon}${report.valid ? w.conforms : w.notConforms} ${schemaLabel}${version} — ${w.rows(report.table.rows)}, ${w.errors(report.errorCount)}, ${w.warnings(report.warningCount)}`];
  const section = (title: string, findings: Finding[], total: number) => {
    if (total === 0) return;
    lines.push(title, ...findings.map((f) => `  ${where(f, lang)}${w.colon}${f.message[lang]} [${f.code}]`));
    if (total > findings.length) lines.push(w.left(total - findings.length, report.cap));
  };
  section(w.errorsTitle, report.errors, report.errorCount);
  section(w.warningsTitle, report.warnings, report.warningCount);
  return `${lines.join('\n')}\n`;
}

function where(finding: Finding, lang: Lang): string {
  const w = WORDS[lang];
  const place = [finding.row === null ? null : w.row(finding.row, finding.line), finding.field === null ? null : w.column(finding.field)].filter((p) => p !== null);
  return place.length ? place.join(', ') : w.file;
}
