// The information tab's content: the description (Markdown, raw HTML off), the metadata as a
// definition list, the fields as a table, and the attachments as links to their files.
import type { JSX } from 'preact';
import type { Dataset, Field, FieldType } from '../../../catalog/index.js';
import { defineTexts, formatDate, formatNumber, type Lang } from '../../i18n.js';
import { renderMarkdown } from '../../markdown.js';
import { href, type Site } from '../../site.js';

const tt = defineTexts({
  description: { fr: 'Description', en: 'Description' },
  noDescription: { fr: 'Pas de description.', en: 'No description.' },
  metadata: { fr: 'Métadonnées', en: 'Metadata' },
  publisher: { fr: 'Producteur', en: 'Publisher' },
  license: { fr: 'Licence', en: 'Licence' },
  themes: { fr: 'Thèmes', en: 'Themes' },
  keywords: { fr: 'Mots-clés', en: 'Keywords' },
  frequency: { fr: 'Fréquence de mise à jour', en: 'Update frequency' },
  temporal: { fr: 'Couverture temporelle', en: 'Temporal coverage' },
  spatial: { fr: 'Couverture géographique', en: 'Spatial coverage' },
  contact: { fr: 'Contact', en: 'Contact' },
  schema: { fr: 'Schéma', en: 'Schema' },
  language: { fr: 'Langue', en: 'Language' },
  created: { fr: 'Créé le', en: 'Created on' },
  modified: { fr: 'Métadonnées modifiées le', en: 'Metadata modified on' },
  dataUpdated: { fr: 'Données mises à jour le', en: 'Data updated on' },
  records: { fr: 'Nombre d’enregistrements', en: 'Number of records' },
  identifier: { fr: 'Identifiant', en: 'Identifier' },
  fields: { fr: 'Champs', en: 'Fields' },
  fieldsCaption: { fr: 'Les champs du jeu de données', en: 'The fields of the dataset' },
  fieldsRegion: { fr: 'Tableau des champs (défilement horizontal)', en: 'Fields table (scrolls sideways)' },
  name: { fr: 'Nom', en: 'Name' },
  label: { fr: 'Libellé', en: 'Label' },
  type: { fr: 'Type', en: 'Type' },
  noField: { fr: 'Aucune donnée publiée pour le moment.', en: 'No data published yet.' },
  attachments: { fr: 'Pièces jointes', en: 'Attachments' },
  download: { fr: 'Télécharger', en: 'Download' },
  none: { fr: 'Non renseigné', en: 'Not given' },
  type_text: { fr: 'Texte', en: 'Text' },
  type_int: { fr: 'Nombre entier', en: 'Whole number' },
  type_double: { fr: 'Nombre décimal', en: 'Decimal number' },
  type_boolean: { fr: 'Oui/non', en: 'Yes/no' },
  type_date: { fr: 'Date', en: 'Date' },
  type_datetime: { fr: 'Date et heure', en: 'Date and time' },
  type_geo_point_2d: { fr: 'Point géographique (latitude, longitude)', en: 'Geographic point (latitude, longitude)' },
  type_geo_shape: { fr: 'Forme géographique', en: 'Geographic shape' },
  type_file: { fr: 'Fichier', en: 'File' },
});

const LANGUAGES: Record<string, { fr: string; en: string }> = {
  fr: { fr: 'français', en: 'French' },
  en: { fr: 'anglais', en: 'English' },
  br: { fr: 'breton', en: 'Breton' },
  de: { fr: 'allemand', en: 'German' },
  es: { fr: 'espagnol', en: 'Spanish' },
  it: { fr: 'italien', en: 'Italian' },
};

export interface InformationAttachment {
  title: string;
  fileName: string;
  mimetype: string;
  byteSize: number;
  /** The file's URL on this portal (Explore v2.1 §2.10). */
  href: string;
}

export interface InformationPageProps {
  site: Site;
  dataset: Pick<Dataset, 'datasetId' | 'title' | 'description' | 'metas' | 'owner' | 'createdAt' | 'modifiedAt' | 'dataUpdatedAt'>;
  fields: readonly Field[];
  rowCount: number;
  attachments: InformationAttachment[];
}

export function fieldTypeInWords(lang: Lang, type: FieldType): string {
  return tt(lang, `type_${type}`);
}

export function InformationPage(props: InformationPageProps): JSX.Element {
  const { site, dataset } = props;
  const { lang } = site;
  const { metas } = dataset;
  const isUrl = (text: string) => /^https?:\/\//i.test(text);
  const entries: [string, JSX.Element | string | null][] = [
    [tt(lang, 'publisher'), <a href={href(site, `/organisations/${encodeURIComponent(dataset.owner.slug)}/`)}>{dataset.owner.name}</a>],
    [tt(lang, 'license'), metas.licenseUrl ? <a href={metas.licenseUrl}>{metas.license}</a> : metas.license || null],
    [tt(lang, 'themes'), metas.themes.length > 0 ? metas.themes.join(', ') : null],
    [tt(lang, 'keywords'), metas.keywords.length > 0 ? metas.keywords.join(', ') : null],
    [tt(lang, 'frequency'), metas.frequency],
    [tt(lang, 'temporal'), metas.temporalCoverage],
    [tt(lang, 'spatial'), metas.spatialCoverage],
    [tt(lang, 'contact'), metas.contact ? /^[^\s@]+@[^\s@]+$/.test(metas.contact) ? <a href={`mailto:${metas.contact}`}>{metas.contact}</a> : isUrl(metas.contact) ? <a href={metas.contact}>{metas.contact}</a> : metas.contact : null],
    [tt(lang, 'schema'), metas.schema ? isUrl(metas.schema) ? <a href={metas.schema}>{metas.schema}</a> : metas.schema : null],
    [tt(lang, 'language'), LANGUAGES[metas.language]?.[lang] ?? metas.language],
    [tt(lang, 'created'), formatDate(lang, dataset.createdAt)],
    [tt(lang, 'modified'), formatDate(lang, dataset.modifiedAt)],
    [tt(lang, 'dataUpdated'), dataset.dataUpdatedAt ? formatDate(lang, dataset.dataUpdatedAt) : null],
    [tt(lang, 'records'), formatNumber(lang, props.rowCount)],
    [tt(lang, 'identifier'), dataset.datasetId],
  ];
  return (
    <>
      <section aria-labelledby="information-description">
        <h2 id="information-description">{tt(lang, 'description')}</h2>
        {dataset.description.trim() ? <div class="description" dangerouslySetInnerHTML={{ __html: renderMarkdown(dataset.description) }} /> : <p>{tt(lang, 'noDescription')}</p>}
      </section>
      <section aria-labelledby="information-metadata">
        <h2 id="information-metadata">{tt(lang, 'metadata')}</h2>
        <dl class="metadata">
          {entries.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value ?? tt(lang, 'none')}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="information-fields">
        <h2 id="information-fields">{tt(lang, 'fields')}</h2>
        {props.fields.length === 0 ? (
          <p>{tt(lang, 'noField')}</p>
        ) : (
          <div class="table-wrap" tabindex={0} role="region" aria-label={tt(lang, 'fieldsRegion')}>
            <table class="fields">
              <caption>{tt(lang, 'fieldsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tt(lang, 'name')}</th>
                  <th scope="col">{tt(lang, 'label')}</th>
                  <th scope="col">{tt(lang, 'type')}</th>
                  <th scope="col">{tt(lang, 'description')}</th>
                </tr>
              </thead>
              <tbody>
                {props.fields.map((field) => (
                  <tr key={field.name}>
                    <th scope="row">
                      <code>{field.name}</code>
                    </th>
                    <td>{field.label}</td>
                    <td>{fieldTypeInWords(lang, field.type)}</td>
                    <td>{field.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {props.attachments.length > 0 && (
        <section aria-labelledby="information-attachments">
          <h2 id="information-attachments">{tt(lang, 'attachments')}</h2>
          <ul>
            {props.attachments.map((a) => (
              <li key={a.href}>
                <a href={a.href} download={a.fileName}>
                  {a.title || a.fileName}
                  <span class="visually-hidden"> — {tt(lang, 'download')}</span>
                </a>{' '}
                ({a.fileName}, {a.mimetype}, {byteSize(lang, a.byteSize)})
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export const INFORMATION_STYLES = `
.metadata{display:grid;grid-template-columns:minmax(10rem,max-content) 1fr;gap:.25rem 1rem;margin:0}
.metadata div{display:contents}
.metadata dt{font-weight:600;color:#3a3a3a}.metadata dd{margin:0;overflow-wrap:anywhere}

table.fields{border-collapse:collapse;width:100%}
table.fields caption{text-align:left;font-weight:700;padding:.5rem 0}
table.fields th,table.fields td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}
@media (max-width:40rem){.metadata{grid-template-columns:1fr}.metadata dd{margin-bottom:.5rem}}
`;

function byteSize(lang: Lang, bytes: number): string {
  const units = lang === 'fr' ? ['o', 'ko', 'Mo', 'Go'] : ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(lang, Math.round(value * 10) / 10)} ${units[unit]}`;
}
