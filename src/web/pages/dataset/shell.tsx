// The frame of a dataset's page: its title, publisher and summary, the filters in force (each with
// a link that removes it), the tabs (links that keep the filters: each tab is a page of its own,
// so they work without JavaScript), then the tab's content.
import type { ComponentChildren, JSX } from 'preact';
import type { Dataset } from '../../../catalog/index.js';
import { defineTexts, formatNumber } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { plainSummary } from '../../markdown.js';
import { DatasetHead } from '../../seo.js';
import { href, type Site } from '../../site.js';

const tt = defineTexts({
  tabs: { fr: 'Onglets du jeu de données', en: 'Dataset tabs' },
  information: { fr: 'Informations', en: 'Information' },
  table: { fr: 'Tableau', en: 'Table' },
  map: { fr: 'Carte', en: 'Map' },
  analyze: { fr: 'Analyse', en: 'Analyze' },
  export: { fr: 'Export', en: 'Export' },
  api: { fr: 'API', en: 'API' },
  validation: { fr: 'Conformité', en: 'Conformance' },
  publishedBy: { fr: 'Publié par {name}', en: 'Published by {name}' },
  records: { fr: '{n} enregistrements', en: '{n} records' },
  activeFilters: { fr: 'Filtres actifs', en: 'Active filters' },
  removeFilter: { fr: 'Retirer le filtre {filter}', en: 'Remove the filter {filter}' },
  search: { fr: 'Recherche : {q}', en: 'Search: {q}' },
  excluded: { fr: 'sauf {value}', en: 'not {value}' },
  clearAll: { fr: 'Retirer tous les filtres', en: 'Clear all filters' },
  seeFullPage: { fr: 'Voir ce jeu de données sur {portal}', en: 'See this dataset on {portal}' },
});

export type TabName = 'information' | 'table' | 'map' | 'analyze' | 'export' | 'api' | 'validation';

export interface DatasetShellProps {
  site: Site;
  dataset: Dataset;
  tab: TabName;
  tabs: readonly TabName[];
  /** The filters of the URL (q, refine.*, exclude.*, sort), kept in every tab link. */
  filters: URLSearchParams;
  embed: boolean;
  /**
   * The tab's own settings in the URL (a chart's type, fields…), kept by the links that change the
   * filters on this tab, so that removing a filter does not reset the chart.
   */
  settings?: URLSearchParams;
  head?: ComponentChildren;
  styles?: string;
  /** Under the title: the conformity to the dataset's schema (schema-badge.tsx), when it declares one. */
  badge?: ComponentChildren;
  children: ComponentChildren;
}

const SHELL_STYLES = `
.dataset-meta{color:#3a3a3a;margin:0 0 1rem}
nav.tabs ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;margin:1rem 0;padding:0;border-bottom:2px solid #ddd}
nav.tabs a{display:block;padding:.5rem 1rem;text-decoration:none;color:#161616;border-bottom:4px solid transparent;margin-bottom:-2px}
nav.tabs a[aria-current=page]{border-bottom-color:var(--primary);font-weight:700}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;list-style:none;padding:0;margin:.5rem 0}
.filters a{display:inline-block;border:1px solid var(--primary);border-radius:1rem;padding:0 .75rem;text-decoration:none}
`;

export function datasetPath(dataset: Pick<Dataset, 'datasetId'>, tab: TabName | '', embed = false): string {
  return `/explore/${embed ? 'embed/' : ''}dataset/${encodeURIComponent(dataset.datasetId)}/${tab ? `${tab}/` : ''}`;
}

export function DatasetShell(props: DatasetShellProps): JSX.Element {
  const { site, dataset, filters } = props;
  const { lang } = site;
  const active = activeFilters(filters);
  const withSettings = (params: URLSearchParams): URLSearchParams => new URLSearchParams([...params, ...(props.settings ?? [])]);
  return (
    <Layout site={site} title={`${dataset.title} — ${tt(lang, props.tab)}`} description={plainSummary(dataset.description) || undefined} head={<>{!props.embed && <DatasetHead site={site} dataset={dataset} tab={props.tab} />}{props.head}</>} styles={`${SHELL_STYLES}${props.styles ?? ''}`} embed={props.embed}>
      {props.embed ? (
        <p>
          <a href={href(site, datasetPath(dataset, props.tab), withSettings(filters))} target="_blank" rel="noopener">
            {tt(lang, 'seeFullPage', { portal: site.portal?.title ?? 'Territoires' })}
          </a>
        </p>
      ) : (
        <>
          <h1>{dataset.title}</h1>
          {props.badge}
          <p class="dataset-meta">
            {tt(lang, 'publishedBy', { name: dataset.owner.name })} · {tt(lang, 'records', { n: formatNumber(lang, dataset.live?.rowCount ?? 0) })}
          </p>
          <nav class="tabs" aria-label={tt(lang, 'tabs')}>
            <ul>
              {props.tabs.map((tab) => (
                <li key={tab}>
                  <a href={href(site, datasetPath(dataset, tab), filters)} aria-current={tab === props.tab ? 'page' : undefined}>
                    {tt(lang, tab)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </>
      )}
      {active.length > 0 && (
        <section aria-label={tt(lang, 'activeFilters')}>
          <ul class="filters">
            {active.map(({ key, value, label }) => {
              const without = new URLSearchParams([...filters].filter(([k, v]) => !(k === key && v === value)));
              const text = key === 'q' ? tt(lang, 'search', { q: value }) : key.startsWith('exclude.') ? `${label} : ${tt(lang, 'excluded', { value })}` : `${label} : ${value}`;
              return (
                <li key={`${key}=${value}`}>
                  <a href={href(site, datasetPath(dataset, props.tab, props.embed), withSettings(without))} aria-label={tt(lang, 'removeFilter', { filter: text })}>
                    {text} ✕
                  </a>
                </li>
              );
            })}
            <li>
              <a href={href(site, datasetPath(dataset, props.tab, props.embed), withSettings(new URLSearchParams(filters.has('sort') ? [['sort', filters.get('sort') ?? '']] : [])))}>{tt(lang, 'clearAll')}</a>
            </li>
          </ul>
        </section>
      )}
      {props.children}
    </Layout>
  );

  function activeFilters(params: URLSearchParams): { key: string; value: string; label: string }[] {
    return [...params]
      .filter(([key]) => key === 'q' || key.startsWith('refine.') || key.startsWith('exclude.'))
      .map(([key, value]) => {
        const name = key.replace(/^(refine|exclude)\./, '');
        const field = dataset.live?.fields.find((f) => f.name === name);
        return { key, value, label: field?.label ?? name };
      });
  }
}
