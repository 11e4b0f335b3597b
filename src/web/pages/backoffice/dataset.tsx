// `/espace/jeux/{id}`: one dataset in the back-office. Its description and visibility (one form),
// the scheduled refresh of a dataset read from a URL, its jobs and versions, and, at the end,
// unpublishing (private again) and deleting, which asks for a confirmation on a page of its own.
import type { JSX } from 'preact';
import type { Visibility } from '../../../catalog/index.js';
import { defineTexts } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, ConfirmPage, CsrfInput, ErrorSummary, Field, MetadataFields, pageTitle, VisibilityFields, type FormErrors, type MetadataValues } from './fields.js';
import { JobsSection, VersionsSection, type VersionSummary } from './history.js';
import type { JobSummary } from './status.js';
import { VisibilityLabel } from './status.js';

export const DONE_NOTICES = ['publie', 'enregistre', 'retabli', 'actualise', 'inchange', 'programme', 'depublie', 'purge'] as const;
export type DoneNotice = (typeof DONE_NOTICES)[number];

const tt = defineTexts({
  back: { fr: 'Mon espace', en: 'My space' },
  facts: { fr: 'Identifiant {id}, publié par {owner}.', en: 'Identifier {id}, published by {owner}.' },
  visibilityIs: { fr: 'Visibilité :', en: 'Visibility:' },
  publicPage: { fr: 'Voir la page publique du jeu', en: 'See the dataset’s public page' },
  done_publie: { fr: 'Le jeu de données est publié.', en: 'The dataset is published.' },
  done_enregistre: { fr: 'Les modifications sont enregistrées.', en: 'The changes are saved.' },
  done_retabli: { fr: 'La version choisie est de nouveau en ligne.', en: 'The chosen version is live again.' },
  done_actualise: { fr: 'Le fichier a été relu et une nouvelle version publiée.', en: 'The file was read again and a new version published.' },
  done_inchange: { fr: 'Le fichier n’a pas changé depuis la dernière lecture : rien n’a été publié.', en: 'The file has not changed since it was last read: nothing was published.' },
  done_programme: { fr: 'La programmation est enregistrée.', en: 'The schedule is saved.' },
  done_depublie: { fr: 'Le jeu de données est dépublié : il est privé.', en: 'The dataset is unpublished: it is private.' },
  done_purge: { fr: 'La version est purgée : ses enregistrements ont disparu.', en: 'The version is purged: its records are gone.' },
  sharing: { fr: 'Partage et traitements', en: 'Sharing and processing' },
  access: { fr: 'Gérer les accès au jeu restreint', en: 'Manage who may read the restricted dataset' },
  steps: { fr: 'Étapes de traitement appliquées à chaque publication', en: 'Processing steps applied on every publish' },
  schema: { fr: 'Schéma de données et validation des fichiers', en: 'Data schema and validation of the files' },
  newFile: { fr: 'Publier un nouveau fichier', en: 'Publish a new file' },
  metadata: { fr: 'Description et visibilité', en: 'Description and visibility' },
  save: { fr: 'Enregistrer', en: 'Save' },
  refresh: { fr: 'Actualisation depuis l’URL', en: 'Refresh from the URL' },
  source: { fr: 'Ce jeu est lu à l’adresse {url}.', en: 'This dataset is read from {url}.' },
  schedule: { fr: 'Programmation (expression cron, heure de Paris)', en: 'Schedule (cron expression, Paris time)' },
  scheduleHint: { fr: 'Par exemple 0 3 * * * : chaque nuit à 3 h. Laissez vide pour n’actualiser que sur demande.', en: 'For example 0 3 * * *: every night at 3 am. Leave empty to refresh only when asked.' },
  saveSchedule: { fr: 'Enregistrer la programmation', en: 'Save the schedule' },
  refreshNow: { fr: 'Actualiser maintenant', en: 'Refresh now' },
  dangerZone: { fr: 'Dépublier ou supprimer', en: 'Unpublish or delete' },
  unpublishText: { fr: 'Dépublier rend le jeu privé : seuls les membres de l’organisation le voient ; ses données sont gardées.', en: 'Unpublishing makes the dataset private: only the organisation’s members see it; its data are kept.' },
  unpublish: { fr: 'Dépublier', en: 'Unpublish' },
  deleteText: { fr: 'Supprimer efface le jeu, toutes ses versions et ses pièces jointes. Une confirmation est demandée.', en: 'Deleting erases the dataset, all its versions and attachments. You will be asked to confirm.' },
  delete: { fr: 'Supprimer le jeu de données…', en: 'Delete the dataset…' },
  confirmTitle: { fr: 'Supprimer {title} ?', en: 'Delete {title}?' },
  confirmText: {
    fr: 'Le jeu de données {id}, ses {n} versions et ses pièces jointes seront effacés définitivement. Les adresses de son API ne répondront plus.',
    en: 'The dataset {id}, its {n} versions and its attachments will be erased for good. The addresses of its API will no longer answer.',
  },
  confirm: { fr: 'Supprimer définitivement', en: 'Delete for good' },
  cancel: { fr: 'Annuler et revenir au jeu', en: 'Cancel and go back to the dataset' },
});

export interface DatasetAdminProps {
  site: Site;
  csrf: string;
  dataset: { datasetId: string; title: string; ownerName: string; visibility: Visibility; url: string | null; versionsCount: number };
  values: MetadataValues;
  schedule: string;
  errors: FormErrors;
  jobs: JobSummary[];
  versions: VersionSummary[];
  done?: DoneNotice;
}

export function DatasetAdmin(props: DatasetAdminProps): JSX.Element {
  const { site, dataset, errors } = props;
  const { lang } = site;
  const base = `/espace/jeux/${encodeURIComponent(dataset.datasetId)}`;
  return (
    <Layout site={site} title={pageTitle(lang, dataset.title, errors)} styles={BACKOFFICE_STYLES}>
      <p>
        <a href={href(site, '/espace')}>{tt(lang, 'back')}</a>
      </p>
      <h1>{dataset.title}</h1>
      <p>
        {tt(lang, 'facts', { id: dataset.datasetId, owner: dataset.ownerName })} {tt(lang, 'visibilityIs')} <VisibilityLabel lang={lang} visibility={dataset.visibility} />.{' '}
        <a href={href(site, `/explore/dataset/${encodeURIComponent(dataset.datasetId)}/`)}>{tt(lang, 'publicPage')}</a>
      </p>
      {props.done && (
        <p class="notice" role="status">
          {tt(lang, `done_${props.done}`)}
        </p>
      )}
      <ErrorSummary lang={lang} errors={errors} />
      <p>
        <a class="button" href={href(site, '/espace/publier', { jeu: dataset.datasetId })}>
          {tt(lang, 'newFile')}
        </a>
      </p>
      <section aria-labelledby="metadata">
        <h2 id="metadata">{tt(lang, 'metadata')}</h2>
        <form method="post" action={href(site, base)}>
          <CsrfInput csrf={props.csrf} />
          <MetadataFields lang={lang} values={props.values} errors={errors} />
          <VisibilityFields lang={lang} value={props.values.visibility} errors={errors} />
          <p>
            <button type="submit">{tt(lang, 'save')}</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="sharing">
        <h2 id="sharing">{tt(lang, 'sharing')}</h2>
        <ul>
          <li>
            <a href={href(site, `${base}/acces`)}>{tt(lang, 'access')}</a>
          </li>
          <li>
            <a href={href(site, `${base}/etapes`)}>{tt(lang, 'steps')}</a>
          </li>
          <li>
            <a href={href(site, `${base}/schema`)}>{tt(lang, 'schema')}</a>
          </li>
        </ul>
      </section>
      {dataset.url !== null && (
        <section aria-labelledby="refresh">
          <h2 id="refresh">{tt(lang, 'refresh')}</h2>
          <p>{tt(lang, 'source', { url: dataset.url })}</p>
          <form method="post" action={href(site, `${base}/programmation`)}>
            <CsrfInput csrf={props.csrf} />
            <Field lang={lang} name="schedule" label={tt(lang, 'schedule')} errors={errors} hint={tt(lang, 'scheduleHint')}>
              {(a) => <input type="text" {...a} value={props.schedule} autoComplete="off" spellcheck={false} />}
            </Field>
            <p>
              <button type="submit">{tt(lang, 'saveSchedule')}</button>
            </p>
          </form>
          <form method="post" action={href(site, `${base}/actualiser`)}>
            <CsrfInput csrf={props.csrf} />
            <button type="submit" class="secondary">
              {tt(lang, 'refreshNow')}
            </button>
          </form>
        </section>
      )}
      <JobsSection site={site} jobs={props.jobs} />
      <VersionsSection site={site} csrf={props.csrf} datasetId={dataset.datasetId} versions={props.versions} canEdit />
      <section aria-labelledby="danger">
        <h2 id="danger">{tt(lang, 'dangerZone')}</h2>
        {dataset.visibility !== 'private' && (
          <form method="post" action={href(site, `${base}/depublier`)}>
            <CsrfInput csrf={props.csrf} />
            <p>{tt(lang, 'unpublishText')}</p>
            <button type="submit" class="secondary">
              {tt(lang, 'unpublish')}
            </button>
          </form>
        )}
        <p>{tt(lang, 'deleteText')}</p>
        <p>
          <a class="button danger" href={href(site, `${base}/supprimer`)}>
            {tt(lang, 'delete')}
          </a>
        </p>
      </section>
    </Layout>
  );
}

export function DeleteConfirmation({ site, csrf, dataset }: { site: Site; csrf: string; dataset: DatasetAdminProps['dataset'] }): JSX.Element {
  const { lang } = site;
  const base = `/espace/jeux/${encodeURIComponent(dataset.datasetId)}`;
  const title = tt(lang, 'confirmTitle', { title: dataset.title });
  return (
    <ConfirmPage site={site} csrf={csrf} title={title} action={`${base}/supprimer`} confirm={tt(lang, 'confirm')} cancel={{ path: base, label: tt(lang, 'cancel') }}>
      <p>{tt(lang, 'confirmText', { id: dataset.datasetId, n: dataset.versionsCount })}</p>
    </ConfirmPage>
  );
}
