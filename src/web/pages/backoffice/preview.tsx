// The publishing wizard's second step (`/espace/publier/{draft}`): what the ingest detected in the
// file (encoding, delimiter, header line, each column's type with sample values), with a select
// per column to correct a type, then the dataset's description and visibility, then publish.
import type { JSX } from 'preact';
import { FIELD_TYPES, type FieldType } from '../../../catalog/index.js';
import { defineTexts, formatNumber } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, CsrfInput, ErrorSummary, FieldError, ListTable, MetadataFields, pageTitle, VisibilityFields, type FormErrors, type MetadataValues } from './fields.js';

/** The preview as the ingest gives it (src/ingest/preview.ts). */
export interface PreviewFacts {
  format: string;
  encoding: string | null;
  delimiter: string | null;
  header_line: number;
  records_count: number;
  fields: { name: string; label: string; type: FieldType; samples: unknown[] }[];
  points_outside_france: Record<string, number>;
}

const tt = defineTexts({
  title: { fr: 'Publier un jeu de données', en: 'Publish a dataset' },
  step: { fr: 'Étape 2 sur 2 : vérifier les colonnes, décrire le jeu et publier.', en: 'Step 2 of 2: check the columns, describe the dataset and publish.' },
  summary: { fr: 'Fichier {file}, pour le jeu {id} de {organisation}.', en: 'File {file}, for the dataset {id} of {organisation}.' },
  newFileTitle: { fr: 'Publier un nouveau fichier', en: 'Publish a new file' },
  detected: { fr: 'Lecture du fichier', en: 'How the file was read' },
  format: { fr: 'Format', en: 'Format' },
  encoding: { fr: 'Encodage', en: 'Encoding' },
  delimiter: { fr: 'Séparateur', en: 'Delimiter' },
  headerLine: { fr: 'Ligne d’en-tête', en: 'Header line' },
  records: { fr: 'Enregistrements', en: 'Records' },
  tab: { fr: 'tabulation', en: 'tab' },
  outside: { fr: '{n} points de la colonne {field} sont hors de France : coordonnées inversées ou erronées ?', en: '{n} points of the column {field} are outside France: swapped or wrong coordinates?' },
  columns: { fr: 'Colonnes', en: 'Columns' },
  columnsCaption: { fr: 'Colonnes détectées, leur type (modifiable) et des exemples de valeurs', en: 'Columns detected, their type (which you may change) and sample values' },
  column: { fr: 'Colonne', en: 'Column' },
  type: { fr: 'Type', en: 'Type' },
  typeOf: { fr: 'Type de la colonne {name}', en: 'Type of the column {name}' },
  samples: { fr: 'Exemples', en: 'Samples' },
  describe: { fr: 'Description', en: 'Description' },
  visibility: { fr: 'Visibilité et publication', en: 'Visibility and publishing' },
  publish: { fr: 'Publier', en: 'Publish' },
  restart: { fr: 'Recommencer avec un autre fichier', en: 'Start again with another file' },
  unreadable: { fr: 'Le fichier n’a pas pu être lu', en: 'The file could not be read' },
  type_text: { fr: 'Texte', en: 'Text' },
  type_int: { fr: 'Nombre entier', en: 'Integer' },
  type_double: { fr: 'Nombre décimal', en: 'Decimal number' },
  type_boolean: { fr: 'Oui / non', en: 'Yes / no' },
  type_date: { fr: 'Date', en: 'Date' },
  type_datetime: { fr: 'Date et heure', en: 'Date and time' },
  type_geo_point_2d: { fr: 'Point géographique', en: 'Geographic point' },
  type_geo_shape: { fr: 'Forme géographique', en: 'Geographic shape' },
  type_file: { fr: 'Fichier', en: 'File' },
});

export interface PublishPreviewProps {
  site: Site;
  csrf: string;
  draft: { id: string; datasetId: string; organisationName: string; fileName: string; existing: boolean };
  /** null when the file could not be read: then `readError` says why. */
  preview: PreviewFacts | null;
  readError?: string;
  /** The types chosen, by column (the detected ones until the publisher changes one). */
  types: Record<string, FieldType>;
  values: MetadataValues;
  errors: FormErrors;
}

function sample(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

export function PublishPreview(props: PublishPreviewProps): JSX.Element {
  const { site, preview, errors, draft } = props;
  const { lang } = site;
  const title = tt(lang, draft.existing ? 'newFileTitle' : 'title');
  return (
    <Layout site={site} title={pageTitle(lang, title, errors)} styles={BACKOFFICE_STYLES}>
      <h1>{title}</h1>
      <p>{tt(lang, 'step')}</p>
      <p>{tt(lang, 'summary', { file: draft.fileName, id: draft.datasetId, organisation: draft.organisationName })}</p>
      <ErrorSummary lang={lang} errors={errors} />
      {!preview ? (
        <div class="error-box" role="alert">
          <h2>{tt(lang, 'unreadable')}</h2>
          <p>{props.readError}</p>
        </div>
      ) : (
        <>
          <h2>{tt(lang, 'detected')}</h2>
          <dl class="facts">
            <dt>{tt(lang, 'format')}</dt>
            <dd>{preview.format}</dd>
            {preview.encoding && (
              <>
                <dt>{tt(lang, 'encoding')}</dt>
                <dd>{preview.encoding}</dd>
              </>
            )}
            {preview.delimiter && (
              <>
                <dt>{tt(lang, 'delimiter')}</dt>
                <dd>
                  <code>{preview.delimiter === '\t' ? tt(lang, 'tab') : preview.delimiter}</code>
                </dd>
              </>
            )}
            <dt>{tt(lang, 'headerLine')}</dt>
            <dd>{preview.header_line}</dd>
            <dt>{tt(lang, 'records')}</dt>
            <dd>{formatNumber(lang, preview.records_count)}</dd>
          </dl>
          {Object.entries(preview.points_outside_france)
            .filter(([, n]) => n > 0)
            .map(([name, n]) => (
              <p class="error-box" key={name}>
                {tt(lang, 'outside', { n: formatNumber(lang, n), field: name })}
              </p>
            ))}
          <form method="post" action={href(site, `/espace/publier/${draft.id}`)}>
            <CsrfInput csrf={props.csrf} />
            <h2>{tt(lang, 'columns')}</h2>
            <ListTable caption={tt(lang, 'columnsCaption')} captionShown headings={[tt(lang, 'column'), tt(lang, 'type'), tt(lang, 'samples')]}>
              {preview.fields.map((f) => {
                const id = `type-${f.name}`;
                const error = errors[`type:${f.name}`];
                return (
                  <tr key={f.name}>
                    <th scope="row">
                      {f.label} {f.label !== f.name && <code>{f.name}</code>}
                    </th>
                    <td>
                      <label class="visually-hidden" for={id}>
                        {tt(lang, 'typeOf', { name: f.label })}
                      </label>
                      {error && <FieldError lang={lang} id={`${id}-error`} message={error} />}
                      <input type="hidden" name={`detected:${f.name}`} value={f.type} />
                      <select id={id} name={`type:${f.name}`} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
                        {FIELD_TYPES.map((type) => (
                          <option key={type} value={type} selected={type === (props.types[f.name] ?? f.type)}>
                            {tt(lang, `type_${type}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{f.samples.map(sample).filter(Boolean).join(' · ')}</td>
                  </tr>
                );
              })}
            </ListTable>
            <h2>{tt(lang, 'describe')}</h2>
            <MetadataFields lang={lang} values={props.values} errors={errors} />
            <h2>{tt(lang, 'visibility')}</h2>
            <VisibilityFields lang={lang} value={props.values.visibility} errors={errors} />
            <p>
              <button type="submit">{tt(lang, 'publish')}</button>
            </p>
          </form>
        </>
      )}
      <p>
        <a href={href(site, '/espace/publier', draft.existing ? { jeu: draft.datasetId } : undefined)}>{tt(lang, 'restart')}</a>
      </p>
    </Layout>
  );
}
