// The API tab's content: the Explore v2.1 request that gives the rows of the table as the visitor
// sees them (same filters, order and page), the export of all of them, a curl line, the API docs.
import type { JSX } from 'preact';
import { defineTexts } from '../../i18n.js';
import { href, type Site } from '../../site.js';

const tt = defineTexts({
  records: { fr: 'Les enregistrements du tableau', en: 'The records of the table' },
  recordsExplained: {
    fr: 'Cette requête à l’API Explore v2.1 (compatible OpenDataSoft) renvoie en JSON les lignes que montre l’onglet Tableau, avec les mêmes filtres, le même tri et la même page.',
    en: 'This Explore v2.1 API request (OpenDataSoft compatible) answers in JSON the rows the Table tab shows, with the same filters, order and page.',
  },
  keyExplained: {
    fr: 'Au-delà de 10 000 lignes, l’API ne pagine plus par offset : la page suivante se demande avec une condition where sur la dernière valeur du tri et l’identifiant _id de la dernière ligne, comme ici.',
    en: 'Past 10,000 rows the API no longer pages by offset: the next page is asked with a where condition on the last value of the sort and the _id of the last row, as here.',
  },
  openRecords: { fr: 'Ouvrir la requête des enregistrements', en: 'Open the records request' },
  export: { fr: 'Tous les enregistrements filtrés', en: 'All the filtered records' },
  exportExplained: { fr: 'L’export n’a ni limite de 100 lignes ni fenêtre de 10 000 : il renvoie tous les enregistrements filtrés, ici en CSV.', en: 'The export has neither the 100-row limit nor the 10,000 window: it answers every filtered record, here as CSV.' },
  openExport: { fr: 'Télécharger l’export CSV', en: 'Download the CSV export' },
  curl: { fr: 'En ligne de commande', en: 'From the command line' },
  docs: { fr: 'Documentation de l’API', en: 'API reference' },
  docsLink: { fr: 'Toutes les requêtes et leurs paramètres : documentation de l’API', en: 'Every request and its parameters: API reference' },
});

export interface ApiPageProps {
  site: Site;
  /** Absolute URLs, as a visitor copies them. */
  recordsUrl: string;
  exportUrl: string;
  /** The records request pages by key (past the 10,000-row window). */
  keyed: boolean;
  error?: string;
}

export function ApiPage(props: ApiPageProps): JSX.Element {
  const { site } = props;
  const { lang } = site;
  if (props.error !== undefined) {
    return (
      <p class="error-box" role="alert">
        {props.error}
      </p>
    );
  }
  return (
    <>
      <h2>{tt(lang, 'records')}</h2>
      <p>{tt(lang, 'recordsExplained')}</p>
      {props.keyed && <p>{tt(lang, 'keyExplained')}</p>}
      <pre class="api-url">
        <code>GET {props.recordsUrl}</code>
      </pre>
      <p>
        <a href={props.recordsUrl}>{tt(lang, 'openRecords')}</a>
      </p>
      <h2>{tt(lang, 'export')}</h2>
      <p>{tt(lang, 'exportExplained')}</p>
      <pre class="api-url">
        <code>GET {props.exportUrl}</code>
      </pre>
      <p>
        <a href={props.exportUrl}>{tt(lang, 'openExport')}</a>
      </p>
      <h2>{tt(lang, 'curl')}</h2>
      <pre class="api-url">
        <code>{`curl '${props.recordsUrl.replace(/'/g, "'\\''")}'`}</code>
      </pre>
      <h2>{tt(lang, 'docs')}</h2>
      <p>
        <a href={href(site, '/api/docs')}>{tt(lang, 'docsLink')}</a>
      </p>
    </>
  );
}

export const API_STYLES = `
.api-url{background:#f6f6f6;border:1px solid #ddd;padding:.75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;color:#161616}
`;
