// The publishing wizard's first step (`/espace/publier`): the organisation, the dataset's id and
// the file; for a new file of a dataset that exists (`?jeu={id}`), the file only. A plain
// multipart form; src/web/pages/backoffice/upload.island.ts adds a progress bar.
import type { JSX } from 'preact';
import { defineTexts } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, CsrfInput, ErrorSummary, Field, pageTitle, type FormErrors } from './fields.js';

const tt = defineTexts({
  title: { fr: 'Publier un jeu de données', en: 'Publish a dataset' },
  newFileTitle: { fr: 'Publier un nouveau fichier', en: 'Publish a new file' },
  newFileFor: { fr: 'Le fichier remplacera les données du jeu {title} ({id}) une fois publié ; les versions précédentes restent disponibles.', en: 'The file will replace the data of the dataset {title} ({id}) once published; earlier versions stay available.' },
  step: { fr: 'Étape 1 sur 2 : le fichier. Rien n’est publié avant la seconde étape.', en: 'Step 1 of 2: the file. Nothing is published before the second step.' },
  organisation: { fr: 'Organisation productrice', en: 'Publishing organisation' },
  datasetId: { fr: 'Identifiant du jeu de données', en: 'Dataset identifier' },
  datasetIdHint: {
    fr: 'Il figure dans les adresses du jeu et de son API et ne change plus : minuscules, chiffres, « - » ou « _ », par exemple budget-primitif-2026.',
    en: 'It appears in the addresses of the dataset and of its API and never changes: lowercase letters, digits, "-" or "_", for example budget-2026.',
  },
  file: { fr: 'Fichier', en: 'File' },
  fileHint: {
    fr: 'CSV (tous séparateurs et encodages, y compris ceux d’Excel), Excel (.xlsx), JSON, GeoJSON, Shapefile zippé.',
    en: 'CSV (any delimiter and encoding, Excel’s included), Excel (.xlsx), JSON, GeoJSON, zipped Shapefile.',
  },
  send: { fr: 'Envoyer et voir l’aperçu', en: 'Send and preview' },
  progress: { fr: 'Envoi du fichier', en: 'Sending the file' },
  sending: { fr: 'Envoi : {n} %', en: 'Sending: {n}%' },
  reading: { fr: 'Fichier envoyé, préparation de l’aperçu…', en: 'File sent, preparing the preview…' },
  failed: { fr: 'L’envoi a échoué : vérifiez votre connexion et réessayez.', en: 'Sending failed: check your connection and try again.' },
  back: { fr: 'Retour à mon espace', en: 'Back to my space' },
  backToDataset: { fr: 'Retour au jeu de données', en: 'Back to the dataset' },
});

export interface PublishStartProps {
  site: Site;
  csrf: string;
  /** The organisations the user publishes in. */
  organisations: { slug: string; name: string }[];
  values: { organisation: string; datasetId: string };
  /** The dataset a new file is for; absent for a new dataset. */
  existing?: { datasetId: string; title: string };
  errors: FormErrors;
  /** The upload script's URL. */
  script: string;
}

export function PublishStart(props: PublishStartProps): JSX.Element {
  const { site, errors, existing } = props;
  const { lang } = site;
  const title = tt(lang, existing ? 'newFileTitle' : 'title');
  return (
    <Layout site={site} title={pageTitle(lang, title, errors)} styles={BACKOFFICE_STYLES} head={<script type="module" src={props.script} />}>
      <h1>{title}</h1>
      <p>{tt(lang, 'step')}</p>
      {existing && <p>{tt(lang, 'newFileFor', { title: existing.title, id: existing.datasetId })}</p>}
      <ErrorSummary lang={lang} errors={errors} />
      <form
        method="post"
        action={href(site, '/espace/publier')}
        enctype="multipart/form-data"
        data-upload=""
        data-sending={tt(lang, 'sending')}
        data-reading={tt(lang, 'reading')}
        data-failed={tt(lang, 'failed')}
      >
        <CsrfInput csrf={props.csrf} />
        {existing ? <input type="hidden" name="jeu" value={existing.datasetId} /> : <NewDatasetFields {...props} />}
        {/* The file comes last: the server checks the fields above before it receives the file. */}
        <Field lang={lang} name="file" label={tt(lang, 'file')} errors={errors} hint={tt(lang, 'fileHint')} required>
          {(a) => <input type="file" {...a} accept=".csv,.tsv,.txt,.xlsx,.json,.jsonl,.geojson,.zip" />}
        </Field>
        <div id="upload-progress" hidden>
          <label for="upload-progress-bar">{tt(lang, 'progress')}</label>
          <progress id="upload-progress-bar" max={100} value={0} />
          <p id="upload-progress-status" role="status" aria-live="polite" />
        </div>
        <p>
          <button type="submit">{tt(lang, 'send')}</button>
        </p>
      </form>
      <p>
        <a href={href(site, existing ? `/espace/jeux/${encodeURIComponent(existing.datasetId)}` : '/espace')}>{tt(lang, existing ? 'backToDataset' : 'back')}</a>
      </p>
    </Layout>
  );
}

/** The organisation and the id of a new dataset. */
function NewDatasetFields({ site, organisations, values, errors }: PublishStartProps): JSX.Element {
  const { lang } = site;
  return (
    <>
      <Field lang={lang} name="organisation" label={tt(lang, 'organisation')} errors={errors} required>
        {(a) => (
          <select {...a}>
            {organisations.map((o) => (
              <option key={o.slug} value={o.slug} selected={o.slug === values.organisation}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field lang={lang} name="dataset_id" label={tt(lang, 'datasetId')} errors={errors} hint={tt(lang, 'datasetIdHint')} required>
        {(a) => <input type="text" {...a} value={values.datasetId} pattern="[a-z0-9][a-z0-9_\-]{0,99}" autoComplete="off" spellcheck={false} />}
      </Field>
    </>
  );
}
