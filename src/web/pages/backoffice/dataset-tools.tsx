// Two pages of a dataset's back-office beside its main page: its processing steps, written as the
// JSON the management API takes (docs/publishing.md, "Étapes de traitement"), and the confirmation
// asked before a version is purged, which says what disappears, since nothing brings it back.
import type { JSX } from 'preact';
import { defineTexts, formatNumber } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, ConfirmPage, CsrfInput, ErrorSummary, Field, pageTitle, type FormErrors } from './fields.js';
import { formatDateTime } from './status.js';

const tt = defineTexts({
  back: { fr: 'Retour au jeu de données', en: 'Back to the dataset' },
  stepsTitle: { fr: 'Étapes de traitement de {title}', en: 'Processing steps of {title}' },
  stepsIntro: {
    fr: 'Ces étapes sont rejouées à chaque publication d’un fichier et à chaque actualisation : renommer, supprimer, typer, documenter ou annoter un champ, le découper, filtrer, construire un point, joindre un autre jeu, trier. Elles forment un tableau JSON appliqué dans l’ordre ; chacune nomme les champs tels qu’ils sont à ce moment-là.',
    en: 'These steps are replayed on every file published and every refresh: rename, drop, type, document or annotate a field, split it, filter, build a point, join another dataset, sort. They form a JSON array applied in order; each names the fields as they are at that point.',
  },
  stepsLater: {
    fr: 'Les données en ligne ne changent pas maintenant : les champs nommés sont vérifiés à la prochaine publication, qu’une étape fausse arrête en la nommant.',
    en: 'The live data do not change now: the fields named are checked at the next publish, which a wrong step stops, naming it.',
  },
  steps: { fr: 'Étapes (JSON)', en: 'Steps (JSON)' },
  stepsHint: {
    fr: 'Par exemple [{"op": "rename", "field": "nom", "to": "equipement"}]. Laissez vide pour n’en appliquer aucune.',
    en: 'For example [{"op": "rename", "field": "nom", "to": "equipement"}]. Leave empty to apply none.',
  },
  saveSteps: { fr: 'Enregistrer les étapes', en: 'Save the steps' },
  stepsSaved: { fr: 'Les étapes sont enregistrées : elles s’appliqueront à la prochaine publication.', en: 'The steps are saved: they apply from the next publish.' },
  purgeTitle: { fr: 'Purger la version {n} de {title} ?', en: 'Purge version {n} of {title}?' },
  irreversible: { fr: 'Cette opération est irréversible.', en: 'This cannot be undone.' },
  purgeWhy: {
    fr: 'Purger sert à retirer des données publiées par erreur, des données personnelles par exemple. Pour simplement revenir à une version antérieure, remettez-la en ligne depuis la page du jeu.',
    en: 'Purging is for data published by mistake, personal data for example. To simply go back to an earlier version, make it live again from the dataset’s page.',
  },
  purgeWhat: {
    fr: 'Les {records} enregistrements de la version {n}, publiée le {date}, disparaissent des données en ligne, des versions conservées et des exports ; son fichier est effacé et elle ne pourra plus être remise en ligne.',
    en: 'The {records} records of version {n}, published on {date}, disappear from the live data, the versions kept and the exports; its file is erased and it can never be made live again.',
  },
  purgeLive: {
    fr: 'C’est la version en ligne : la version {previous} la remplace, et les enregistrements envoyés en temps réel depuis sont retirés avec elle.',
    en: 'It is the live version: version {previous} takes its place, and the records pushed since are removed with it.',
  },
  purgeLast: {
    fr: 'C’est la seule version : le jeu de données n’aura plus aucune donnée en ligne.',
    en: 'It is the only version: the dataset will have no live data at all.',
  },
  purgeNotLive: { fr: 'Elle n’est pas en ligne : les données en ligne ne changent pas.', en: 'It is not live: the live data do not change.' },
  purge: { fr: 'Purger définitivement la version {n}', en: 'Purge version {n} for good' },
  cancel: { fr: 'Annuler et revenir au jeu', en: 'Cancel and go back to the dataset' },
});

export interface StepsPageProps {
  site: Site;
  csrf: string;
  dataset: { datasetId: string; title: string };
  /** The steps as JSON text: those stored, or those sent with an error. */
  steps: string;
  errors: FormErrors;
  saved?: boolean;
}

export function StepsPage(props: StepsPageProps): JSX.Element {
  const { site, dataset, errors } = props;
  const { lang } = site;
  const base = `/espace/jeux/${encodeURIComponent(dataset.datasetId)}`;
  const title = tt(lang, 'stepsTitle', { title: dataset.title });
  return (
    <Layout site={site} title={pageTitle(lang, title, errors)} styles={`${BACKOFFICE_STYLES}#field-steps{font-family:monospace;min-height:16rem}`}>
      <p>
        <a href={href(site, base)}>{tt(lang, 'back')}</a>
      </p>
      <h1>{title}</h1>
      <p>{tt(lang, 'stepsIntro')}</p>
      {props.saved && (
        <p class="notice" role="status">
          {tt(lang, 'stepsSaved')}
        </p>
      )}
      <ErrorSummary lang={lang} errors={errors} />
      <form method="post" action={href(site, `${base}/etapes`)}>
        <CsrfInput csrf={props.csrf} />
        <Field lang={lang} name="steps" label={tt(lang, 'steps')} errors={errors} hint={tt(lang, 'stepsHint')}>
          {(a) => (
            <textarea {...a} rows={16} spellcheck={false}>
              {props.steps}
            </textarea>
          )}
        </Field>
        <p class="hint">{tt(lang, 'stepsLater')}</p>
        <p>
          <button type="submit">{tt(lang, 'saveSteps')}</button>
        </p>
      </form>
    </Layout>
  );
}

export interface PurgeConfirmationProps {
  site: Site;
  csrf: string;
  dataset: { datasetId: string; title: string };
  version: { number: number; records: number; createdAt: string; live: boolean };
  /** The version that goes live in its place, when it is the live one; null: none is left. */
  previous: number | null;
}

export function PurgeConfirmation({ site, csrf, dataset, version, previous }: PurgeConfirmationProps): JSX.Element {
  const { lang } = site;
  const base = `/espace/jeux/${encodeURIComponent(dataset.datasetId)}`;
  const title = tt(lang, 'purgeTitle', { n: version.number, title: dataset.title });
  return (
    <ConfirmPage site={site} csrf={csrf} title={title} action={`${base}/versions/${version.number}/purger`} confirm={tt(lang, 'purge', { n: version.number })} cancel={{ path: base, label: tt(lang, 'cancel') }}>
      <p>
        <strong>{tt(lang, 'irreversible')}</strong>
      </p>
      <p>{tt(lang, 'purgeWhat', { records: formatNumber(lang, version.records), n: version.number, date: formatDateTime(lang, version.createdAt) })}</p>
      <p>{!version.live ? tt(lang, 'purgeNotLive') : previous === null ? tt(lang, 'purgeLast') : tt(lang, 'purgeLive', { previous })}</p>
      <p>{tt(lang, 'purgeWhy')}</p>
    </ConfirmPage>
  );
}
