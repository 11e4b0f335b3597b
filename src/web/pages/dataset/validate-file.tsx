// `/valider`: anyone checks a file against a schema of the registry before publishing it, here or
// elsewhere, as validata.fr offers. The file is read, validated and forgotten: the page shows the
// report with the same component as the dataset page's « Conformité » tab.
import type { JSX } from 'preact';
import type { ValidationReport } from '../../../schema/index.js';
import { defineTexts } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, CsrfInput, ErrorSummary, Field, pageTitle, type FormErrors } from '../backoffice/fields.js';
import { ValidationReportView, VALIDATION_REPORT_STYLES } from './validation-report.js';

const tt = defineTexts({
  title: { fr: 'Valider un fichier', en: 'Validate a file' },
  description: { fr: 'Vérifier qu’un fichier CSV ou tableur suit un schéma de données (SCDL et autres).', en: 'Check that a CSV or spreadsheet file follows a data schema (French local data standard and others).' },
  intro: {
    fr: 'Choisissez un schéma et un fichier (CSV, TSV ou tableur) : le rapport liste, ligne par ligne, ce qui ne suit pas le schéma et comment le corriger. Le fichier n’est pas conservé ni publié.',
    en: 'Choose a schema and a file (CSV, TSV or spreadsheet): the report lists, row by row, what does not follow the schema and how to fix it. The file is neither kept nor published.',
  },
  schema: { fr: 'Schéma', en: 'Schema' },
  file: { fr: 'Fichier à valider', en: 'File to validate' },
  fileHint: { fr: 'CSV, TSV, XLSX ou ODS, {size} au plus.', en: 'CSV, TSV, XLSX or ODS, {size} at most.' },
  submit: { fr: 'Valider le fichier', en: 'Validate the file' },
  reportTitle: { fr: 'Rapport de validation de {file}', en: 'Validation report of {file}' },
});

export interface ValidateFilePageProps {
  site: Site;
  schemas: { name: string; label: string }[];
  /** The schema chosen (`?schema=` or the form's). */
  schema: string;
  maxSize: string;
  errors: FormErrors;
  result?: { fileName: string; schemaLabel: string; report: ValidationReport };
}

export function ValidateFilePage(props: ValidateFilePageProps): JSX.Element {
  const { site, errors, result } = props;
  const { lang } = site;
  const title = result ? `${tt(lang, 'reportTitle', { file: result.fileName })} — ${tt(lang, 'title')}` : tt(lang, 'title');
  return (
    <Layout site={site} title={pageTitle(lang, title, errors)} description={tt(lang, 'description')} styles={`${BACKOFFICE_STYLES}${VALIDATION_REPORT_STYLES}`}>
      <h1>{tt(lang, 'title')}</h1>
      <p>{tt(lang, 'intro')}</p>
      <ErrorSummary lang={lang} errors={errors} />
      <form method="post" enctype="multipart/form-data" action={href(site, '/valider')}>
        {site.account && <CsrfInput csrf={site.account.csrf} />}
        <Field lang={lang} name="schema" label={tt(lang, 'schema')} errors={errors} required>
          {(a) => (
            <select {...a}>
              {props.schemas.map((s) => (
                <option key={s.name} value={s.name} selected={s.name === props.schema}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field lang={lang} name="file" label={tt(lang, 'file')} errors={errors} hint={tt(lang, 'fileHint', { size: props.maxSize })} required>
          {(a) => <input type="file" {...a} accept=".csv,.tsv,.txt,.xlsx,.xls,.ods,text/csv" />}
        </Field>
        <p>
          <button type="submit">{tt(lang, 'submit')}</button>
        </p>
      </form>
      {result && (
        <section aria-labelledby="validate-result">
          <h2 id="validate-result">{tt(lang, 'reportTitle', { file: result.fileName })}</h2>
          <ValidationReportView lang={lang} report={result.report} schemaLabel={result.schemaLabel} idPrefix="validate" headingLevel={3} />
        </section>
      )}
    </Layout>
  );
}
