// The export tab's content: a link per format of the API's export (Explore v2.1 §2.8) for exactly
// the records the page's filters choose, how many they are, and what the CSV options mean.
import type { JSX } from 'preact';
import type { ExportFormat } from '../../../query/index.js';
import { defineTexts, formatNumber, type Lang } from '../../i18n.js';

const tt = defineTexts({
  heading: { fr: 'Télécharger les données', en: 'Download the data' },
  countAll: { fr: 'Les fichiers contiennent les {n} enregistrements du jeu de données.', en: 'The files hold the {n} records of the dataset.' },
  countFiltered: { fr: 'Les fichiers contiennent les {n} enregistrements qui correspondent aux filtres actifs.', en: 'The files hold the {n} records that match the active filters.' },
  countOne: { fr: 'Les fichiers contiennent 1 enregistrement.', en: 'The files hold 1 record.' },
  countNone: { fr: 'Aucun enregistrement ne correspond : les fichiers seront vides.', en: 'No record matches: the files will be empty.' },
  tabular: { fr: 'Formats tabulaires', en: 'Tabular formats' },
  geographic: { fr: 'Formats géographiques', en: 'Geographic formats' },
  linked: { fr: 'Données liées (RDF)', en: 'Linked data (RDF)' },
  formatsCaption: { fr: 'Formats d’export', en: 'Export formats' },
  csvOptions: { fr: 'Options du CSV', en: 'CSV options' },
  csvExplained: {
    fr: 'Le CSV est en UTF-8 avec une marque d’ordre des octets (BOM), pour qu’Excel lise les accents ; les colonnes sont séparées par un point-virgule « ; » et nommées par le nom technique des champs. Les options s’ajoutent à l’adresse : delimiter (« ; », « , », « | » ou une tabulation), use_labels=true (les libellés en en-tête), with_bom=false, quote_all=true, compressed=true (fichier gzip).',
    en: 'The CSV is UTF-8 with a byte order mark (BOM), so that Excel reads accented letters; columns are separated by a semicolon ";" and named by the fields’ technical names. Options are added to the address: delimiter (";", ",", "|" or a tab), use_labels=true (labels as headers), with_bom=false, quote_all=true, compressed=true (a gzip file).',
  },
  csvComma: { fr: 'CSV séparé par des virgules', en: 'CSV separated by commas' },
  csvLabels: { fr: 'CSV avec les libellés des champs en en-tête', en: 'CSV with the fields’ labels as headers' },
  noGeo: { fr: 'Ce jeu de données n’a pas de champ géographique : pas d’export GeoJSON, KML, GPX ni Shapefile.', en: 'This dataset has no geographic field: no GeoJSON, KML, GPX or Shapefile export.' },
  csv: { fr: 'CSV — tableur, séparateur point-virgule', en: 'CSV — spreadsheet, semicolon-separated' },
  json: { fr: 'JSON — tableau d’objets', en: 'JSON — array of objects' },
  jsonl: { fr: 'JSON Lines — un objet par ligne', en: 'JSON Lines — one object per line' },
  xlsx: { fr: 'Excel (XLSX)', en: 'Excel (XLSX)' },
  parquet: { fr: 'Parquet — colonnes typées, pour l’analyse', en: 'Parquet — typed columns, for analysis' },
  geojson: { fr: 'GeoJSON — entités géographiques', en: 'GeoJSON — geographic features' },
  kml: { fr: 'KML — Google Earth', en: 'KML — Google Earth' },
  gpx: { fr: 'GPX — GPS', en: 'GPX — GPS' },
  shp: { fr: 'Shapefile (zip) — SIG', en: 'Shapefile (zip) — GIS' },
  fgb: { fr: 'FlatGeobuf — SIG', en: 'FlatGeobuf — GIS' },
  ov2: { fr: 'OV2 — points d’intérêt TomTom', en: 'OV2 — TomTom points of interest' },
  jsonld: { fr: 'JSON-LD', en: 'JSON-LD' },
  turtle: { fr: 'Turtle', en: 'Turtle' },
  n3: { fr: 'N3', en: 'N3' },
  rdfxml: { fr: 'RDF/XML', en: 'RDF/XML' },
});

export const TABULAR_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'json', 'jsonl', 'parquet'];
export const GEO_FORMATS: readonly ExportFormat[] = ['geojson', 'kml', 'gpx', 'shp', 'fgb', 'ov2'];
export const RDF_FORMATS: readonly ExportFormat[] = ['jsonld', 'turtle', 'n3', 'rdfxml'];

export interface ExportPageProps {
  lang: Lang;
  /** Each format's URL (dataset-api-url.ts exportHref), for the formats offered. */
  links: Partial<Record<ExportFormat, string>>;
  csvComma: string;
  csvLabels: string;
  count: number;
  filtered: boolean;
  hasGeo: boolean;
  /** Why the filters cannot be read, in words: shown instead of the links. */
  error?: string;
}

export function formatName(lang: Lang, format: ExportFormat): string {
  return tt(lang, format);
}

export function ExportPage(props: ExportPageProps): JSX.Element {
  const { lang } = props;
  if (props.error !== undefined) {
    return (
      <p class="error-box" role="alert">
        {props.error}
      </p>
    );
  }
  const group = (title: string, formats: readonly ExportFormat[]) => {
    const offered = formats.filter((f) => props.links[f]);
    if (offered.length === 0) return null;
    return (
      <section aria-label={title}>
        <h3>{title}</h3>
        <ul class="exports">
          {offered.map((format) => (
            <li key={format}>
              <a href={props.links[format]}>{tt(lang, format)}</a>
            </li>
          ))}
        </ul>
      </section>
    );
  };
  const count = props.count === 0 ? tt(lang, 'countNone') : props.count === 1 ? tt(lang, 'countOne') : tt(lang, props.filtered ? 'countFiltered' : 'countAll', { n: formatNumber(lang, props.count) });
  return (
    <>
      <h2>{tt(lang, 'heading')}</h2>
      <p>
        <strong>{count}</strong>
      </p>
      {group(tt(lang, 'tabular'), TABULAR_FORMATS)}
      {props.hasGeo ? group(tt(lang, 'geographic'), GEO_FORMATS) : <p>{tt(lang, 'noGeo')}</p>}
      {group(tt(lang, 'linked'), RDF_FORMATS)}
      <h2>{tt(lang, 'csvOptions')}</h2>
      <p>{tt(lang, 'csvExplained')}</p>
      <ul class="exports">
        <li>
          <a href={props.csvComma}>{tt(lang, 'csvComma')}</a>
        </li>
        <li>
          <a href={props.csvLabels}>{tt(lang, 'csvLabels')}</a>
        </li>
      </ul>
    </>
  );
}

export const EXPORT_STYLES = `
.exports{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.exports a{display:inline-block;padding:.4rem .8rem;border:1px solid var(--primary);border-radius:4px;text-decoration:none}
`;
