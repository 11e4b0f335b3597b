// A validation report against a Table Schema, as a page shows it: what was checked (schema,
// version, file read), how many findings of each kind, then the errors and the warnings as tables
// (record, line of the file, column, value, message in the page's language). Shared by the dataset
// page's "Conformité" tab, the back-office and the public "Valider un fichier" page.
// Spec: table-schema.md §9 ("Report shape we should expose"): counts per code, then the findings
// sorted by row, each with its frictionless code, so that a report reads like Validata's.
import type { JSX } from 'preact';
import type { Finding, ValidationReport } from '../../../schema/index.js';
import { defineTexts, formatDate, formatNumber, type Bilingual, type Lang } from '../../i18n.js';

const tt = defineTexts({
  conforms: { fr: 'Le fichier est conforme au schéma {schema}.', en: 'The file conforms to the schema {schema}.' },
  conformsWithWarnings: { fr: 'Le fichier est conforme au schéma {schema}, avec {warnings}.', en: 'The file conforms to the schema {schema}, with {warnings}.' },
  notConforms: { fr: 'Le fichier n’est pas conforme au schéma {schema} : {errors}{warnings}.', en: 'The file does not conform to the schema {schema}: {errors}{warnings}.' },
  errorsOne: { fr: '1 erreur', en: '1 error' },
  errorsMany: { fr: '{n} erreurs', en: '{n} errors' },
  warningsOne: { fr: '1 avertissement', en: '1 warning' },
  warningsMany: { fr: '{n} avertissements', en: '{n} warnings' },
  and: { fr: ' et ', en: ' and ' },
  checked: { fr: 'Ce qui a été vérifié', en: 'What was checked' },
  schema: { fr: 'Schéma', en: 'Schema' },
  schemaVersion: { fr: 'Version du schéma', en: 'Schema version' },
  dataVersion: { fr: 'Version des données', en: 'Data version' },
  dataVersionText: { fr: 'n° {n}, publiée le {date}', en: 'no. {n}, published on {date}' },
  file: { fr: 'Fichier', en: 'File' },
  fileText: { fr: '{rows} enregistrements, {columns} colonnes ({format}{encoding}{delimiter})', en: '{rows} records, {columns} columns ({format}{encoding}{delimiter})' },
  encoding: { fr: ', encodage {value}', en: ', encoding {value}' },
  delimiter: { fr: ', séparateur « {value} »', en: ', delimiter "{value}"' },
  unknown: { fr: 'non précisée', en: 'not given' },
  countsTitle: { fr: 'Constats par type', en: 'Findings by kind' },
  countsCaption: { fr: 'Nombre de constats de chaque type (erreurs et avertissements)', en: 'Number of findings of each kind (errors and warnings)' },
  kind: { fr: 'Type de constat', en: 'Kind of finding' },
  severity: { fr: 'Gravité', en: 'Severity' },
  count: { fr: 'Nombre', en: 'Count' },
  sev_error: { fr: 'Erreur', en: 'Error' },
  sev_warning: { fr: 'Avertissement', en: 'Warning' },
  errorsTitle: { fr: 'Erreurs', en: 'Errors' },
  warningsTitle: { fr: 'Avertissements', en: 'Warnings' },
  errorsCaption: { fr: 'Erreurs trouvées dans le fichier, par ligne', en: 'Errors found in the file, by row' },
  warningsCaption: { fr: 'Avertissements, par ligne', en: 'Warnings, by row' },
  tableRegion: { fr: '{caption} (défilement horizontal)', en: '{caption} (scrolls sideways)' },
  row: { fr: 'Ligne', en: 'Row' },
  rowHint: { fr: 'numéro d’enregistrement, l’en-tête étant la ligne 1', en: 'record number, the header being row 1' },
  line: { fr: 'Ligne du fichier', en: 'Line of the file' },
  column: { fr: 'Colonne', en: 'Column' },
  columnNumber: { fr: 'n° {n}', en: 'no. {n}' },
  value: { fr: 'Valeur', en: 'Value' },
  code: { fr: 'Code', en: 'Code' },
  message: { fr: 'Message', en: 'Message' },
  wholeFile: { fr: 'tout le fichier', en: 'whole file' },
  wholeRow: { fr: 'toute la ligne', en: 'whole row' },
  none: { fr: 'sans objet', en: 'not applicable' },
  empty: { fr: '(vide)', en: '(empty)' },
  truncated: {
    fr: 'Seuls les {cap} premiers constats de chaque type sont listés ; les nombres ci-dessus les comptent tous.',
    en: 'Only the first {cap} findings of each kind are listed; the counts above include them all.',
  },
  noError: { fr: 'Aucune erreur.', en: 'No error.' },
  typeErrors: {
    fr: 'Ces colonnes ont des valeurs qui ne sont pas du type attendu ; elles sont publiées comme du texte : {fields}.',
    en: 'These columns hold values not of the expected type; they are published as text: {fields}.',
  },
});

/** The frictionless codes (spec §9) in words; others (Validata's custom checks, §8) keep their name. */
const CODE_WORDS: Readonly<Record<string, Bilingual>> = {
  'type-error': { fr: 'Valeur d’un autre type que celui attendu', en: 'Value not of the expected type' },
  'constraint-error': { fr: 'Valeur qui ne respecte pas une contrainte', en: 'Value breaking a constraint' },
  'unique-error': { fr: 'Valeur en double dans une colonne à valeurs uniques', en: 'Repeated value in a column of unique values' },
  'primary-key': { fr: 'Clé primaire vide ou en double', en: 'Empty or repeated primary key' },
  'foreign-key': { fr: 'Référence introuvable', en: 'Reference not found' },
  'foreign-key-not-checked': { fr: 'Référence vers une autre ressource non vérifiée', en: 'Reference to another resource not checked' },
  'missing-label': { fr: 'Colonne manquante', en: 'Missing column' },
  'extra-label': { fr: 'Colonne en trop', en: 'Extra column' },
  'incorrect-label': { fr: 'Nom de colonne inattendu', en: 'Unexpected column name' },
  'blank-label': { fr: 'Colonne sans nom', en: 'Column without a name' },
  'duplicate-label': { fr: 'Nom de colonne en double', en: 'Repeated column name' },
  'blank-header': { fr: 'En-tête vide', en: 'Empty header' },
  'blank-row': { fr: 'Ligne vide', en: 'Blank row' },
  'extra-cell': { fr: 'Cellule en trop', en: 'Extra cell' },
  'missing-cell': { fr: 'Cellule manquante', en: 'Missing cell' },
  'encoding-error': { fr: 'Encodage illisible', en: 'Unreadable encoding' },
  'encoding-warn': { fr: 'Fichier qui n’est pas en UTF-8', en: 'File not in UTF-8' },
  'unmatched-header': { fr: 'Aucune colonne reconnue par le schéma', en: 'No column the schema knows' },
  'check-deprecated': { fr: 'Contrôle du schéma obsolète', en: 'Deprecated check of the schema' },
  'format-error': { fr: 'Format illisible', en: 'Unreadable format' },
  'check-error': { fr: 'Contrôle du schéma mal paramétré', en: 'Check of the schema set up wrongly' },
  'missing-header-warn': { fr: 'Colonne facultative absente', en: 'Optional column absent' },
  'extra-header-warn': { fr: 'Colonne inconnue du schéma', en: 'Column unknown to the schema' },
  'disordered-header-warn': { fr: 'Colonnes dans un autre ordre que celui du schéma', en: 'Columns in another order than the schema’s' },
};

/** A finding's code in words; a custom check's name (Validata, spec §8) is shown as it is named. */
export function codeInWords(lang: Lang, code: string): string {
  return CODE_WORDS[code]?.[lang] ?? code;
}

export function errorCountText(lang: Lang, n: number): string {
  return n === 1 ? tt(lang, 'errorsOne') : tt(lang, 'errorsMany', { n: formatNumber(lang, n) });
}

export function warningCountText(lang: Lang, n: number): string {
  return n === 1 ? tt(lang, 'warningsOne') : tt(lang, 'warningsMany', { n: formatNumber(lang, n) });
}

/** The report's first sentence: conforms or not, and how many errors and warnings. */
export function reportVerdict(lang: Lang, report: Pick<ValidationReport, 'valid' | 'errorCount' | 'warningCount'>, schema: string): string {
  if (report.valid) return report.warningCount > 0 ? tt(lang, 'conformsWithWarnings', { schema, warnings: warningCountText(lang, report.warningCount) }) : tt(lang, 'conforms', { schema });
  const warnings = report.warningCount > 0 ? `${tt(lang, 'and')}${warningCountText(lang, report.warningCount)}` : '';
  return tt(lang, 'notConforms', { schema, errors: errorCountText(lang, report.errorCount), warnings });
}

export interface ValidationReportViewProps {
  lang: Lang;
  report: ValidationReport;
  /** The schema as the page names it: "Subventions (SCDL) 2.1.1". */
  schemaLabel: string;
  /** The version of the data the report is about; absent for a file that was only checked. */
  version?: { number: number; createdAt: string };
  /** Makes the ids of the headings unique when a page shows several reports. */
  idPrefix?: string;
  /** The level of the report's own headings (its sections). */
  headingLevel?: 2 | 3;
}

export function ValidationReportView(props: ValidationReportViewProps): JSX.Element {
  const { lang, report } = props;
  const id = (name: string) => `${props.idPrefix ?? 'report'}-${name}`;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  const errorCodes = new Set(report.errors.map((f) => f.code));
  const counts = Object.entries(report.counts).sort(([a, n], [b, m]) => Number(errorCodes.has(b)) - Number(errorCodes.has(a)) || m - n || a.localeCompare(b));
  const table = report.table;
  const fileText = tt(lang, 'fileText', {
    rows: formatNumber(lang, table.rows),
    columns: formatNumber(lang, table.columns.length),
    format: table.format.toUpperCase(),
    encoding: table.encoding ? tt(lang, 'encoding', { value: table.encoding }) : '',
    delimiter: table.delimiter ? tt(lang, 'delimiter', { value: table.delimiter === '\t' ? 'tab' : table.delimiter }) : '',
  });
  return (
    <div class="validation-report">
      <p class={report.valid ? 'verdict verdict-ok' : 'verdict verdict-errors'}>
        <span aria-hidden="true">{report.valid ? '✓ ' : '✗ '}</span>
        {reportVerdict(lang, report, props.schemaLabel)}
      </p>
      <section aria-labelledby={id('checked')}>
        <Heading id={id('checked')}>{tt(lang, 'checked')}</Heading>
        <dl class="report-facts">
          <div>
            <dt>{tt(lang, 'schema')}</dt>
            <dd>{props.schemaLabel}</dd>
          </div>
          <div>
            <dt>{tt(lang, 'schemaVersion')}</dt>
            <dd>{report.schema.version ?? tt(lang, 'unknown')}</dd>
          </div>
          {props.version && (
            <div>
              <dt>{tt(lang, 'dataVersion')}</dt>
              <dd>{tt(lang, 'dataVersionText', { n: props.version.number, date: formatDate(lang, props.version.createdAt) })}</dd>
            </div>
          )}
          <div>
            <dt>{tt(lang, 'file')}</dt>
            <dd>{fileText}</dd>
          </div>
        </dl>
      </section>
      {counts.length > 0 && (
        <section aria-labelledby={id('counts')}>
          <Heading id={id('counts')}>{tt(lang, 'countsTitle')}</Heading>
          <div class="table-wrap" tabindex={0} role="region" aria-label={tt(lang, 'tableRegion', { caption: tt(lang, 'countsCaption') })}>
            <table class="report report-counts">
              <caption>{tt(lang, 'countsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tt(lang, 'kind')}</th>
                  <th scope="col">{tt(lang, 'code')}</th>
                  <th scope="col">{tt(lang, 'severity')}</th>
                  <th scope="col">{tt(lang, 'count')}</th>
                </tr>
              </thead>
              <tbody>
                {counts.map(([code, n]) => (
                  <tr key={code}>
                    <th scope="row">{codeInWords(lang, code)}</th>
                    <td>
                      <code>{code}</code>
                    </td>
                    <td>{tt(lang, errorCodes.has(code) ? 'sev_error' : 'sev_warning')}</td>
                    <td class="number">{formatNumber(lang, n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.truncated && <p class="report-note">{tt(lang, 'truncated', { cap: formatNumber(lang, report.cap) })}</p>}
        </section>
      )}
      {report.fieldsWithTypeErrors.length > 0 && <p class="report-note">{tt(lang, 'typeErrors', { fields: report.fieldsWithTypeErrors.join(', ') })}</p>}
      <section aria-labelledby={id('errors')}>
        <Heading id={id('errors')}>
          {tt(lang, 'errorsTitle')} ({formatNumber(lang, report.errorCount)})
        </Heading>
        {report.errors.length === 0 ? <p>{tt(lang, 'noError')}</p> : <FindingsTable lang={lang} findings={report.errors} caption={tt(lang, 'errorsCaption')} />}
      </section>
      {report.warnings.length > 0 && (
        <section aria-labelledby={id('warnings')}>
          <Heading id={id('warnings')}>
            {tt(lang, 'warningsTitle')} ({formatNumber(lang, report.warningCount)})
          </Heading>
          <FindingsTable lang={lang} findings={report.warnings} caption={tt(lang, 'warningsCaption')} />
        </section>
      )}
    </div>
  );
}

/** Past this, a cell's value is cut in the table (the message says what is wrong with it). */
const SHOWN_VALUE_LENGTH = 120;

function FindingsTable({ lang, findings, caption }: { lang: Lang; findings: readonly Finding[]; caption: string }): JSX.Element {
  const notApplicable = (words: string) => (
    <>
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">{words}</span>
    </>
  );
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={tt(lang, 'tableRegion', { caption })}>
      <table class="report report-findings">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              {tt(lang, 'row')}
              <span class="visually-hidden"> ({tt(lang, 'rowHint')})</span>
            </th>
            <th scope="col">{tt(lang, 'line')}</th>
            <th scope="col">{tt(lang, 'column')}</th>
            <th scope="col">{tt(lang, 'value')}</th>
            <th scope="col">{tt(lang, 'code')}</th>
            <th scope="col">{tt(lang, 'message')}</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f, i) => (
            <tr key={i}>
              <th scope="row" class="number">
                {f.row === null ? notApplicable(tt(lang, 'wholeFile')) : formatNumber(lang, f.row)}
              </th>
              <td class="number">{f.line === null ? notApplicable(tt(lang, 'none')) : formatNumber(lang, f.line)}</td>
              <td>
                {f.field === null ? (
                  notApplicable(tt(lang, f.row === null ? 'none' : 'wholeRow'))
                ) : (
                  <>
                    <code>{f.field}</code>
                    {f.fieldNumber !== null && <span class="column-number"> ({tt(lang, 'columnNumber', { n: f.fieldNumber })})</span>}
                  </>
                )}
              </td>
              <td>{f.value === null ? notApplicable(tt(lang, 'none')) : f.value === '' ? <em>{tt(lang, 'empty')}</em> : <code class="cell-value">{shown(f.value)}</code>}</td>
              <td>
                <code>{f.code}</code>
              </td>
              <td>{f.message[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function shown(value: string): string {
  const chars = [...value];
  return chars.length > SHOWN_VALUE_LENGTH ? `${chars.slice(0, SHOWN_VALUE_LENGTH).join('')}…` : value;
}

// #18753c and #ce0500 on white, #3a3a3a on #f6f6f6: WCAG AA contrast.
export const VALIDATION_REPORT_STYLES = `
.verdict{border-left:4px solid;padding:.75rem 1rem;margin:1rem 0;font-weight:600}
.verdict-ok{border-color:#18753c;background:#f0faf4}.verdict-errors{border-color:#ce0500;background:#fef4f4}
.report-facts{display:grid;grid-template-columns:minmax(10rem,max-content) 1fr;gap:.25rem 1rem;margin:0}
.report-facts div{display:contents}.report-facts dt{font-weight:600;color:#3a3a3a}.report-facts dd{margin:0;overflow-wrap:anywhere}
table.report{border-collapse:collapse;width:100%}
table.report caption{text-align:left;font-weight:700;padding:.5rem 0}
table.report th,table.report td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}
table.report thead th{background:#f6f6f6}
table.report .number{text-align:right;font-variant-numeric:tabular-nums}
table.report-findings td:last-child{min-width:16rem}
.cell-value{white-space:pre-wrap;overflow-wrap:anywhere}
.column-number{color:#3a3a3a;font-size:.875rem}
.report-note{color:#3a3a3a}
@media (max-width:40rem){.report-facts{grid-template-columns:1fr}.report-facts dd{margin-bottom:.5rem}}
`;
