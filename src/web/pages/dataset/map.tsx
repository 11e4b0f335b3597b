// The map tab's server-rendered part: the map's container (drawn by src/web/islands/map.ts), its
// settings for the script as JSON, the legend, and what the map shows in words for those who do not
// see it (RGAA 1.1 / WCAG 1.1.1: how many records are located, and a link to them in the table).
// Without JavaScript the page says so and keeps the text alternative.
import type { JSX } from 'preact';
import type { Dataset, Field } from '../../../catalog/index.js';
import type { AppError } from '../../../errors.js';
import { defineTexts, formatNumber, type Lang } from '../../i18n.js';
import type { MapConfig } from '../../islands/map.js';
import { href, type Site } from '../../site.js';
import { datasetPath } from './shell.js';

const tt = defineTexts({
  mapOf: { fr: 'Carte du jeu de données {title}', en: 'Map of the dataset {title}' },
  map: { fr: 'Carte', en: 'Map' },
  noGeo: {
    fr: 'Ce jeu de données n’a pas de champ géographique : il n’a pas de carte. Ses enregistrements sont dans le tableau.',
    en: 'This dataset has no geographic field, so it has no map. Its records are in the table.',
  },
  seeTable: { fr: 'Voir les enregistrements dans le tableau', en: 'See the records in the table' },
  noRecord: { fr: 'Aucun enregistrement ne correspond à ces filtres : la carte est vide.', en: 'No record matches these filters: the map is empty.' },
  locatedNone: { fr: 'Aucun des {total} enregistrements n’est localisé (champ « {field} »).', en: 'None of the {total} records is located (field “{field}”).' },
  locatedOne: { fr: '1 enregistrement sur {total} est localisé (champ « {field} »).', en: '1 record of {total} is located (field “{field}”).' },
  locatedMany: { fr: '{n} enregistrements sur {total} sont localisés (champ « {field} »).', en: '{n} records of {total} are located (field “{field}”).' },
  seeTableFiltered: { fr: 'Voir ces enregistrements dans le tableau', en: 'See these records in the table' },
  noscript: {
    fr: 'La carte a besoin de JavaScript, qui est désactivé dans votre navigateur. Les mêmes enregistrements sont consultables dans le tableau.',
    en: 'The map needs JavaScript, which your browser has turned off. The same records are in the table.',
  },
  legend: { fr: 'Légende', en: 'Legend' },
  legendCluster: { fr: 'Cercle avec un nombre : un groupe d’enregistrements proches et leur nombre (l’activer zoome dessus).', en: 'Circle with a number: a group of nearby records and how many they are (activating it zooms in).' },
  legendPoint: { fr: 'Point : un enregistrement (l’activer affiche ses champs).', en: 'Dot: one record (activating it shows its fields).' },
  legendShape: { fr: 'Zone colorée et bordée : la forme d’un enregistrement (un clic affiche ses champs).', en: 'Coloured, outlined area: the shape of one record (a click shows its fields).' },
  keyboard: { fr: 'Au clavier : les flèches déplacent la carte, + et − zooment.', en: 'With the keyboard: the arrow keys move the map, + and − zoom.' },
  cluster: { fr: '{n} enregistrements ici, zoomer', en: '{n} records here, zoom in' },
  record: { fr: 'Enregistrement', en: 'Record' },
  zoomIn: { fr: 'Zoomer', en: 'Zoom in' },
  zoomOut: { fr: 'Dézoomer', en: 'Zoom out' },
  closePopup: { fr: 'Fermer', en: 'Close' },
  failed: { fr: 'La carte n’a pas pu être chargée. Les enregistrements restent consultables dans le tableau.', en: 'The map could not be loaded. The records are still in the table.' },
  truncated: { fr: '{n} enregistrements affichés sur {total} dans cette vue : zoomez pour voir les autres.', en: '{n} of {total} records in this view are shown: zoom in to see the others.' },
});

export const MAP_STYLES = `
.map-box{margin:1rem 0}
#map.map-live{height:70vh;min-height:320px;border:1px solid #ddd}
.embed #map.map-live{height:80vh}
.map-cluster{display:flex;align-items:center;justify-content:center;box-sizing:border-box;border-radius:50%;background:#fff;border:3px solid;color:#161616;font-weight:700;font-size:.85rem;cursor:pointer}
.map-point{width:14px;height:14px;box-sizing:border-box;border-radius:50%;border:2px solid #fff;box-shadow:0 0 0 1px #161616;cursor:pointer}
.map-cluster:focus-visible,.map-point:focus-visible,#map canvas:focus-visible{outline:3px solid #161616;outline-offset:2px}
.map-popup{margin:0;color:#161616}.map-popup dt{font-weight:700}.map-popup dd{margin:0 0 .25rem}
.map-legend ul{list-style:none;padding:0;margin:.5rem 0}.map-legend li{display:flex;gap:.5rem;align-items:center;margin:.25rem 0}
.swatch{flex:none;display:inline-block;border-radius:50%;box-sizing:border-box}
.swatch-cluster{width:24px;height:24px;background:#fff;border:3px solid var(--primary)}
.swatch-point{width:14px;height:14px;background:var(--primary);border:2px solid #fff;box-shadow:0 0 0 1px #161616}
.swatch-shape{width:24px;height:16px;border-radius:2px;border:2px solid var(--primary);background:color-mix(in srgb,var(--primary) 30%,#fff)}
`;

export interface MapTabProps {
  site: Site;
  dataset: Dataset;
  embed: boolean;
  /** The page's filters, kept in the link to the table. */
  filters: URLSearchParams;
  queryError?: AppError;
  /** The field drawn; absent when the dataset has none. */
  geoField?: Field;
  /** Records matching the filters, and those of them with a value in the geo field. */
  total: number;
  located: number;
  /** The script's settings; absent when there is no map. */
  config?: MapConfig;
}

export function MapTab(props: MapTabProps): JSX.Element {
  const { site, dataset, filters } = props;
  const { lang } = site;
  const tableLink = href(site, datasetPath(dataset, 'table', props.embed), filters);
  if (props.queryError) {
    return (
      <p class="error-box" role="alert">
        {lang === 'fr' ? props.queryError.messageFr : props.queryError.message}
      </p>
    );
  }
  if (!props.geoField || !props.config) {
    return (
      <p>
        {tt(lang, 'noGeo')} <a href={tableLink}>{tt(lang, 'seeTable')}</a>
      </p>
    );
  }
  const isShape = props.geoField.type === 'geo_shape';
  return (
    <section class="map-box" aria-labelledby="map-heading">
      <h2 id="map-heading" class="visually-hidden">
        {tt(lang, 'map')}
      </h2>
      <p id="map-summary">
        {locatedSentence(lang, props.located, props.total, props.geoField.label)} <a href={tableLink}>{tt(lang, 'seeTableFiltered')}</a>
      </p>
      <div id="map" role="region" aria-label={tt(lang, 'mapOf', { title: dataset.title })} aria-describedby="map-summary" />
      <p id="map-message" role="status" />
      <noscript>
        <p class="error-box">{tt(lang, 'noscript')}</p>
      </noscript>
      <script type="application/json" id="map-config" dangerouslySetInnerHTML={{ __html: scriptJson(props.config) }} />
      <div class="map-legend">
        <h2>{tt(lang, 'legend')}</h2>
        <ul>
          {isShape ? (
            <li>
              <span class="swatch swatch-shape" aria-hidden="true" /> {tt(lang, 'legendShape')}
            </li>
          ) : (
            <>
              <li>
                <span class="swatch swatch-cluster" aria-hidden="true" /> {tt(lang, 'legendCluster')}
              </li>
              <li>
                <span class="swatch swatch-point" aria-hidden="true" /> {tt(lang, 'legendPoint')}
              </li>
            </>
          )}
        </ul>
        <p>{tt(lang, 'keyboard')}</p>
      </div>
    </section>
  );
}

/** The head elements of the map tab: MapLibre's stylesheet and the script, nowhere else. */
export function MapHead(props: { script: string; styles: string }): JSX.Element {
  return (
    <>
      <link rel="stylesheet" href={props.styles} />
      <script type="module" src={props.script} />
    </>
  );
}

/** The texts the script shows (markers' names, messages), in the page's language. */
export function mapTexts(lang: Lang, datasetTitle: string): MapConfig['texts'] {
  const pick = (key: Parameters<typeof tt>[1]) => tt(lang, key);
  return {
    map: tt(lang, 'mapOf', { title: datasetTitle }),
    cluster: pick('cluster'),
    record: pick('record'),
    zoomIn: pick('zoomIn'),
    zoomOut: pick('zoomOut'),
    closePopup: pick('closePopup'),
    failed: pick('failed'),
    truncated: pick('truncated'),
  };
}

function locatedSentence(lang: Lang, located: number, total: number, field: string): string {
  if (total === 0) return tt(lang, 'noRecord');
  const params = { n: formatNumber(lang, located), total: formatNumber(lang, total), field };
  return tt(lang, located === 0 ? 'locatedNone' : located === 1 ? 'locatedOne' : 'locatedMany', params);
}

/**
 * JSON inside a `<script>` element: `<` written as `\u003c` so that no value (a refine on
 * `</script>`) can end the element (HTML §4.12.1.3), and the two line separators JavaScript once
 * refused in strings escaped too. JSON.parse reads the same values.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
