// `/espace/jeux/{id}/schema`: the Table Schema a dataset's files must follow (one of the
// registry's, or none) and, for an organisation's administrators, what a file with errors does:
// refused, or published with its report. Below, the last version's report in short, with a link
// to the whole of it (`/espace/jeux/{id}/schema/versions/{n}`, VersionReportPage).
import type { JSX } from 'preact';
import type { SchemaPolicy } from '../../../catalog/index.js';
import type { ValidationReport } from '../../../schema/index.js';
import { defineTexts, formatNumber, type Lang } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { codeInWords, reportVerdict, ValidationReportView, VALIDATION_REPORT_STYLES } from '../dataset/validation-report.js';
import { BACKOFFICE_STYLES, CsrfInput, ErrorSummary, Field, FieldError, pageTitle, type FormErrors } from './fields.js';
import { formatDateTime } from './status.js';

const tt = defineTexts({
  back: { fr: 'Retour au jeu de données', en: 'Back to the dataset' },
  title: { fr: 'Schéma de données de {title}', en: 'Data schema of {title}' },
  intro: {
    fr: 'Un schéma décrit les colonnes attendues, leur type et leurs règles (par exemple un schéma du Socle commun des données locales). Chaque fichier publié ensuite est validé : son rapport est gardé avec la version et affiché sur la page publique du jeu.',
    en: 'A schema describes the columns expected, their type and their rules (a schema of the French local data standard, for example). Every file published afterwards is validated: its report is kept with the version and shown on the dataset’s public page.',
  },
  saved: { fr: 'Le schéma et la règle de publication sont enregistrés : ils s’appliquent à la prochaine publication.', en: 'The schema and the publishing rule are saved: they apply from the next publish.' },
  form: { fr: 'Schéma de données', en: 'Data schema' },
  schema: { fr: 'Schéma que les fichiers doivent suivre', en: 'Schema the files must follow' },
  schemaHint: { fr: 'La version en ligne garde son rapport : le nouveau schéma vaut pour les prochains fichiers.', en: 'The live version keeps its report: the new schema applies to the next files.' },
  none: { fr: 'Aucun schéma', en: 'No schema' },
  policy: { fr: 'Si un fichier contient des erreurs', en: 'When a file has errors' },
  policy_block: { fr: 'Bloquer la publication si le fichier contient des erreurs', en: 'Block the publish when the file has errors' },
  policy_warn: { fr: 'Publier quand même et afficher les erreurs', en: 'Publish anyway and show the errors' },
  policyIs: { fr: 'Règle de publication : {policy}.', en: 'Publishing rule: {policy}.' },
  policyAdminOnly: { fr: 'Seul un administrateur de l’organisation peut la changer.', en: 'Only an administrator of the organisation can change it.' },
  lockedSchema: {
    fr: 'Tant que la publication est bloquée en cas d’erreur, seul un administrateur de l’organisation peut changer ou retirer le schéma.',
    en: 'While publishing is blocked on errors, only an administrator of the organisation can change or remove the schema.',
  },
  schemaIs: { fr: 'Schéma : {schema}.', en: 'Schema: {schema}.' },
  save: { fr: 'Enregistrer', en: 'Save' },
  lastReport: { fr: 'Dernière validation', en: 'Last validation' },
  noVersion: { fr: 'Aucune version publiée pour le moment.', en: 'No version published yet.' },
  notValidated: { fr: 'La version {n} (du {date}) a été publiée sans schéma : elle n’a pas de rapport.', en: 'Version {n} (of {date}) was published without a schema: it has no report.' },
  versionIs: { fr: 'Version {n}, publiée le {date}{live}.', en: 'Version {n}, published on {date}{live}.' },
  live: { fr: ', en ligne', en: ', live' },
  summaryCaption: { fr: 'Constats de la version {n}, par type', en: 'Findings of version {n}, by kind' },
  kind: { fr: 'Type de constat', en: 'Kind of finding' },
  count: { fr: 'Nombre', en: 'Count' },
  fullReport: { fr: 'Voir le rapport complet de la version {n}', en: 'See the full report of version {n}' },
  reportTitle: { fr: 'Rapport de validation de la version {n} de {title}', en: 'Validation report of version {n} of {title}' },
  backToSchema: { fr: 'Retour au schéma du jeu', en: 'Back to the dataset’s schema' },
});

export const SCHEMA_NOTICES = ['enregistre'] as const;
export type SchemaNotice = (typeof SCHEMA_NOTICES)[number];

export interface LastValidation {
  number: number;
  createdAt: string;
  live: boolean;
  /** null: the version was published before a schema was declared. */
  report: ValidationReport | null;
  schemaLabel: string;
}

export interface DatasetSchemaPageProps {
  site: Site;
  csrf: string;
  dataset: { datasetId: string; title: string };
  /** The registry's schemas, by name, as the select offers them. */
  schemas: { name: string; label: string }[];
  /** What the form shows: the dataset's, or what was sent with an error. */
  values: { schema: string; policy: SchemaPolicy };
  /** An administrator of the dataset's organisation: may set the policy. */
  canSetPolicy: boolean;
  errors: FormErrors;
  last: LastValidation | null;
  done?: SchemaNotice;
}

export function DatasetSchemaPage(props: DatasetSchemaPageProps): JSX.Element {
  const { site, dataset, values, errors } = props;
  const { lang } = site;
  const base = `/espace/jeux/${encodeURIComponent(dataset.datasetId)}`;
  const title = tt(lang, 'title', { title: dataset.title });
  // An editor cannot lift a block by removing the schema: under `block`, the schema is the administrators' too.
  const locked = !props.canSetPolicy && values.policy === 'block';
  const current = props.schemas.find((s) => s.name === values.schema);
  return (
    <Layout site={site} title={pageTitle(lang, title, errors)} styles={`${BACKOFFICE_STYLES}${VALIDATION_REPORT_STYLES}`}>
      <p>
        <a href={href(site, base)}>{tt(lang, 'back')}</a>
      </p>
      <h1>{title}</h1>
      <p>{tt(lang, 'intro')}</p>
      {props.done && (
        <p class="notice" role="status">
          {tt(lang, 'saved')}
        </p>
      )}
      <ErrorSummary lang={lang} errors={errors} />
      <section aria-labelledby="schema-form">
        <h2 id="schema-form">{tt(lang, 'form')}</h2>
        {locked ? (
          <>
            <p>{tt(lang, 'schemaIs', { schema: current?.label ?? (values.schema || tt(lang, 'none')) })}</p>
            <p>
              {tt(lang, 'policyIs', { policy: tt(lang, 'policy_block') })} {tt(lang, 'lockedSchema')}
            </p>
          </>
        ) : (
          <form method="post" action={href(site, `${base}/schema`)}>
            <CsrfInput csrf={props.csrf} />
            <Field lang={lang} name="schema" label={tt(lang, 'schema')} errors={errors} hint={tt(lang, 'schemaHint')}>
              {(a) => (
                <select {...a}>
                  <option value="" selected={values.schema === ''}>
                    {tt(lang, 'none')}
                  </option>
                  {props.schemas.map((s) => (
                    <option key={s.name} value={s.name} selected={s.name === values.schema}>
                      {s.label}
                    </option>
                  ))}
                  {values.schema !== '' && !current && (
                    <option value={values.schema} selected>
                      {values.schema}
                    </option>
                  )}
                </select>
              )}
            </Field>
            {props.canSetPolicy ? (
              <fieldset aria-describedby={errors.schemaPolicy ? 'field-schemaPolicy-error' : undefined}>
                <legend>{tt(lang, 'policy')}</legend>
                {errors.schemaPolicy && <FieldError lang={lang} id="field-schemaPolicy-error" message={errors.schemaPolicy} />}
                {(['warn', 'block'] as const).map((policy) => (
                  <div class="radio" key={policy}>
                    <input type="radio" id={`schemaPolicy-${policy}`} name="schemaPolicy" value={policy} checked={policy === values.policy} />
                    <label for={`schemaPolicy-${policy}`}>{tt(lang, `policy_${policy}`)}</label>
                  </div>
                ))}
              </fieldset>
            ) : (
              <p>
                {tt(lang, 'policyIs', { policy: tt(lang, `policy_${values.policy}`) })} {tt(lang, 'policyAdminOnly')}
              </p>
            )}
            <p>
              <button type="submit">{tt(lang, 'save')}</button>
            </p>
          </form>
        )}
      </section>
      <LastValidationSection site={site} base={base} last={props.last} />
    </Layout>
  );
}

function LastValidationSection({ site, base, last }: { site: Site; base: string; last: LastValidation | null }): JSX.Element {
  const { lang } = site;
  const date = last ? formatDateTime(lang, last.createdAt) : '';
  return (
    <section aria-labelledby="schema-last">
      <h2 id="schema-last">{tt(lang, 'lastReport')}</h2>
      {!last ? (
        <p>{tt(lang, 'noVersion')}</p>
      ) : !last.report ? (
        <p>{tt(lang, 'notValidated', { n: last.number, date })}</p>
      ) : (
        <>
          <p>{tt(lang, 'versionIs', { n: last.number, date, live: last.live ? tt(lang, 'live') : '' })}</p>
          <p class={last.report.valid ? 'verdict verdict-ok' : 'verdict verdict-errors'}>
            <span aria-hidden="true">{last.report.valid ? '✓ ' : '✗ '}</span>
            {reportVerdict(lang, last.report, last.schemaLabel)}
          </p>
          <CountsSummary lang={lang} number={last.number} counts={last.report.counts} />
          <p>
            <a href={href(site, `${base}/schema/versions/${last.number}`)}>{tt(lang, 'fullReport', { n: last.number })}</a>
          </p>
        </>
      )}
    </section>
  );
}

function CountsSummary({ lang, number, counts }: { lang: Lang; number: number; counts: Record<string, number> }): JSX.Element | null {
  const entries = Object.entries(counts).sort(([a, n], [b, m]) => m - n || a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <table class="list">
      <caption class="visually-hidden">{tt(lang, 'summaryCaption', { n: number })}</caption>
      <thead>
        <tr>
          <th scope="col">{tt(lang, 'kind')}</th>
          <th scope="col">{tt(lang, 'count')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([code, n]) => (
          <tr key={code}>
            <th scope="row">
              {codeInWords(lang, code)} (<code>{code}</code>)
            </th>
            <td>{formatNumber(lang, n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface VersionReportPageProps {
  site: Site;
  dataset: { datasetId: string; title: string };
  version: { number: number; createdAt: string };
  report: ValidationReport;
  schemaLabel: string;
}

/** One version's whole report, in the back-office (the public page shows the live version's only). */
export function VersionReportPage(props: VersionReportPageProps): JSX.Element {
  const { site, dataset } = props;
  const { lang } = site;
  const title = tt(lang, 'reportTitle', { n: props.version.number, title: dataset.title });
  return (
    <Layout site={site} title={title} styles={`${BACKOFFICE_STYLES}${VALIDATION_REPORT_STYLES}`}>
      <p>
        <a href={href(site, `/espace/jeux/${encodeURIComponent(dataset.datasetId)}/schema`)}>{tt(lang, 'backToSchema')}</a>
      </p>
      <h1>{title}</h1>
      <ValidationReportView lang={lang} report={props.report} schemaLabel={props.schemaLabel} version={props.version} />
    </Layout>
  );
}
