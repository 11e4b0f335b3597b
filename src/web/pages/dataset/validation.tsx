// The dataset page's « Conformité » tab, shown when the dataset declares a Table Schema: which
// schema, what happens to a file with errors (the dataset's policy), then the live version's
// validation report. Also what the badge by the title says (conformityBadge).
import type { JSX } from 'preact';
import type { SchemaPolicy } from '../../../catalog/index.js';
import type { ValidationReport } from '../../../schema/index.js';
import { defineTexts, type Lang } from '../../i18n.js';
import { href, type Site } from '../../site.js';
import type { SchemaBadgeState } from './schema-badge.js';
import { ValidationReportView } from './validation-report.js';

const tt = defineTexts({
  title: { fr: 'Conformité au schéma', en: 'Conformance to the schema' },
  declares: { fr: 'Ce jeu de données déclare suivre le schéma {schema}.', en: 'This dataset declares it follows the schema {schema}.' },
  declaresMissing: { fr: 'Ce jeu de données déclare suivre le schéma « {name} », qui n’est plus dans le registre de la plateforme.', en: 'This dataset declares it follows the schema "{name}", which is no longer in the platform’s registry.' },
  homepage: { fr: 'Consulter le schéma {schema}', en: 'Read the schema {schema}' },
  policy_warn: { fr: 'Chaque fichier publié est validé : un fichier qui contient des erreurs est publié quand même, avec son rapport ci-dessous.', en: 'Every file published is validated: a file with errors is published anyway, with its report below.' },
  policy_block: { fr: 'Chaque fichier publié est validé : un fichier qui contient des erreurs n’est pas publié.', en: 'Every file published is validated: a file with errors is not published.' },
  noData: { fr: 'Aucune donnée publiée pour le moment.', en: 'No data published yet.' },
  notValidated: {
    fr: 'La version en ligne a été publiée avant que ce schéma soit déclaré : elle sera validée à la prochaine publication.',
    en: 'The live version was published before this schema was declared: it will be validated on the next publish.',
  },
  otherSchema: { fr: 'Ce rapport a été établi avec le schéma {schema}, déclaré lors de la publication de cette version.', en: 'This report was made with the schema {schema}, declared when this version was published.' },
  checkFile: { fr: 'Vérifier un fichier avant de le publier', en: 'Check a file before publishing it' },
});

/** What the dataset page knows of a dataset's schema and its live version's validation. */
export interface DatasetConformity {
  /** The registry name the dataset declares (`subventions`). */
  declared: string;
  /** The declared schema as a page names it; null when the registry no longer has it. */
  schemaLabel: string | null;
  /** Where the schema is documented (schema.data.gouv.fr for the shipped ones). */
  homepage: string | null;
  policy: SchemaPolicy;
  /** The live version's report; null with no live version or one published before the declaration. */
  report: ValidationReport | null;
  /** The schema the report was made with, as a page names it. */
  reportSchemaLabel: string | null;
  version: { number: number; createdAt: string } | null;
  /** `name@version` when the live version conforms. */
  conformsTo: string | null;
}

/** The badge by the title: conforming, or not with its error count; none until a report exists. */
export function conformityBadge(conformity: DatasetConformity): SchemaBadgeState | null {
  const { report } = conformity;
  if (!report) return null;
  const schema = conformity.reportSchemaLabel ?? conformity.schemaLabel ?? conformity.declared;
  if (conformity.conformsTo && report.valid) return { conforms: true, schema };
  return report.valid ? null : { conforms: false, schema, errors: report.errorCount };
}

export function ValidationTab({ site, conformity }: { site: Site; conformity: DatasetConformity }): JSX.Element {
  const { lang } = site;
  const schema = conformity.schemaLabel;
  return (
    <section aria-labelledby="validation-title">
      <h2 id="validation-title">{tt(lang, 'title')}</h2>
      <p>
        {schema ? tt(lang, 'declares', { schema }) : tt(lang, 'declaresMissing', { name: conformity.declared })}
        {schema && conformity.homepage && (
          <>
            {' '}
            <a href={conformity.homepage}>{tt(lang, 'homepage', { schema })}</a>
          </>
        )}
      </p>
      <p>{tt(lang, `policy_${conformity.policy}`)}</p>
      <ReportOrWhy lang={lang} conformity={conformity} />
      <p>
        <a href={href(site, '/valider', { schema: conformity.declared })}>{tt(lang, 'checkFile')}</a>
      </p>
    </section>
  );
}

function ReportOrWhy({ lang, conformity }: { lang: Lang; conformity: DatasetConformity }): JSX.Element {
  if (!conformity.version) return <p>{tt(lang, 'noData')}</p>;
  if (!conformity.report) return <p>{tt(lang, 'notValidated')}</p>;
  const reportSchema = conformity.reportSchemaLabel ?? conformity.schemaLabel ?? conformity.declared;
  return (
    <>
      {conformity.reportSchemaLabel && conformity.schemaLabel && conformity.reportSchemaLabel !== conformity.schemaLabel && <p>{tt(lang, 'otherSchema', { schema: reportSchema })}</p>}
      <ValidationReportView lang={lang} report={conformity.report} schemaLabel={reportSchema} version={conformity.version} idPrefix="validation" headingLevel={3} />
    </>
  );
}
