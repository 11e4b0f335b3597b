// The catalog page, `/explore/` as on OpenDataSoft portals: a search box, the facets in a sidebar
// (each value a link that adds `refine.<facet>=value`, a refined one a link that removes it), the
// sort and the pages as links, so that everything works without JavaScript. Also the dataset card
// the home page lists.
import type { Dataset } from '../../catalog/index.js';
import { defineTexts, formatDate, formatNumber, t, type Lang } from '../i18n.js';
import { Layout } from '../layout.js';
import { plainSummary } from '../markdown.js';
import { href, type Site } from '../site.js';
import { CatalogSchemaBadge } from './dataset/schema-badge.js';
import { datasetPath } from './dataset/shell.js';

const tt = defineTexts({
  title: { fr: 'Catalogue des données', en: 'Data catalogue' },
  searchTitle: { fr: 'Recherche « {q} »', en: 'Search "{q}"' },
  description: { fr: 'Les jeux de données publiés sur {portal} : recherche, thèmes, producteurs, licences.', en: 'The datasets published on {portal}: search, themes, publishers, licences.' },
  searchLabel: { fr: 'Rechercher un jeu de données', en: 'Search for a dataset' },
  searchButton: { fr: 'Rechercher', en: 'Search' },
  filters: { fr: 'Filtrer', en: 'Filter' },
  results: { fr: 'Résultats', en: 'Results' },
  activeFilters: { fr: 'Filtres actifs', en: 'Active filters' },
  removeFilter: { fr: 'retirer ce filtre', en: 'remove this filter' },
  refinedValue: { fr: 'filtre actif, le retirer', en: 'active filter, remove it' },
  searchFilter: { fr: 'Recherche : {q}', en: 'Search: {q}' },
  clearAll: { fr: 'Retirer tous les filtres', en: 'Clear all filters' },
  moreValues: { fr: 'Voir {n} autres valeurs', en: 'Show {n} more values' },
  datasetsCount: { fr: 'jeux de données', en: 'datasets' },
  sortBy: { fr: 'Trier par :', en: 'Sort by:' },
  sort_modified: { fr: 'date de mise à jour', en: 'last update' },
  sort_title: { fr: 'titre', en: 'title' },
  sort_records_count: { fr: 'nombre d’enregistrements', en: 'number of records' },
  noDatasetFound: {
    fr: 'Aucun jeu de données ne correspond à cette recherche. Essayez d’autres mots ou un mot plus court, vérifiez l’orthographe, ou retirez un filtre.',
    en: 'No dataset matches this search. Try other words or a shorter word, check the spelling, or remove a filter.',
  },
  wholeCatalogue: { fr: 'Voir tout le catalogue', en: 'See the whole catalogue' },
  pagination: { fr: 'Pages de résultats', en: 'Result pages' },
  previous: { fr: 'Page précédente', en: 'Previous page' },
  next: { fr: 'Page suivante', en: 'Next page' },
  pageWord: { fr: 'Page', en: 'Page' },
  problem_page: { fr: 'Le numéro de page « {value} » n’est pas un nombre entier positif : voici la première page.', en: 'The page number "{value}" is not a positive whole number: here is the first page.' },
  problem_facet: { fr: 'Le filtre « {value} » n’existe pas sur ce catalogue : il est ignoré.', en: 'The filter "{value}" does not exist on this catalogue: it is ignored.' },
  problem_sort: { fr: 'Le tri « {value} » n’existe pas : les jeux sont triés par date de mise à jour.', en: 'The sort "{value}" does not exist: datasets are sorted by last update.' },
  problem_beyond: { fr: 'La page {value} n’existe pas : les résultats tiennent sur {last} pages.', en: 'Page {value} does not exist: the results fit on {last} pages.' },
  lastPage: { fr: 'Aller à la dernière page', en: 'Go to the last page' },
  facet_theme: { fr: 'Thème', en: 'Theme' },
  facet_keyword: { fr: 'Mot-clé', en: 'Keyword' },
  facet_publisher: { fr: 'Producteur', en: 'Publisher' },
  facet_license: { fr: 'Licence', en: 'Licence' },
  facet_territory: { fr: 'Territoire', en: 'Territory' },
  facet_features: { fr: 'Contenu', en: 'Content' },
  facet_format: { fr: 'Format', en: 'Format' },
  facet_schema: { fr: 'Schéma', en: 'Schema' },
  feature_analyze: { fr: 'Données chiffrées', en: 'Numeric data' },
  feature_geo: { fr: 'Données géographiques (carte)', en: 'Geographic data (map)' },
  feature_timeserie: { fr: 'Séries temporelles (dates)', en: 'Time series (dates)' },
  themes: { fr: 'Thèmes', en: 'Themes' },
  keywords: { fr: 'Mots-clés', en: 'Keywords' },
  validateFile: { fr: 'Vérifier qu’un fichier suit un schéma de données (SCDL…)', en: 'Check that a file follows a data schema' },
});

/**
 * The catalog fields offered as facets (src/query/catalog-source.ts), in the sidebar's order; `features` says what a dataset offers (geo, dates, numbers), `format` what it can be downloaded as,
 * `schema` the Table Schema its live version conforms to (shown only when some dataset conforms).
 */
export const CATALOG_PAGE_FACETS = ['theme', 'keyword', 'publisher', 'territory', 'features', 'format', 'schema', 'license'] as const;
export type CatalogFacetName = (typeof CATALOG_PAGE_FACETS)[number];

export const CATALOG_SORTS = ['modified', 'title', 'records_count'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

export const CATALOG_PAGE_SIZE = 20;
/** Values a facet shows before "show more" (a folded list: no script needed). */
const SHOWN_VALUES = 8;

export interface CatalogRefine {
  name: CatalogFacetName;
  value: string;
}

export interface CatalogFacetView {
  name: CatalogFacetName;
  values: { value: string; count: number; refined: boolean }[];
}

/** What the URL asked that could not be applied; the page says it in words. */
export type CatalogProblem = { kind: 'page' | 'facet' | 'sort'; value: string } | { kind: 'beyond'; value: string; last: number };

/** What the URL asks: the search, the refines, the sort and the page. */
export interface CatalogState {
  q: string;
  refines: CatalogRefine[];
  sort: CatalogSort;
  page: number;
}

export interface CatalogPageProps {
  site: Site;
  state: CatalogState;
  total: number;
  /** This page's datasets, in order. */
  datasets: Dataset[];
  facets: CatalogFacetView[];
  problems: CatalogProblem[];
}

const CATALOG_STYLES = `
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:0 0 1rem}
form.search label{display:block;width:100%}
form.search input[type=search]{flex:1 1 16rem}
.catalog{display:grid;gap:1.5rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:48rem){.catalog{grid-template-columns:16rem minmax(0,1fr)}}
.facets h2{margin-top:0}
.facets h3{font-size:1.05rem;margin:1rem 0 .25rem}
.facets ul{list-style:none;margin:0;padding:0}
.facets li{margin:.2rem 0;overflow-wrap:anywhere}
.facets a.refined{font-weight:700}
.facets summary{cursor:pointer;color:var(--primary);margin:.25rem 0}
.count{color:#3a3a3a}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;list-style:none;padding:0;margin:.5rem 0}
.filters a{display:inline-block;border:1px solid var(--primary);border-radius:1rem;padding:0 .75rem;text-decoration:none;overflow-wrap:anywhere}
.sort a[aria-current]{font-weight:700;color:#161616}
.results-head{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;align-items:baseline}
.results-head h2{margin:0}
.summary{margin:.25rem 0;color:#3a3a3a}
nav.pages ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;padding:0;margin:1.5rem 0}
nav.pages a,nav.pages span{display:inline-block;min-width:2.5rem;padding:.25rem .5rem;text-align:center;border:1px solid #ddd;border-radius:4px}
nav.pages a[aria-current]{background:var(--primary);color:#fff;font-weight:700}
`;

/** The URL of the catalog in this state: the default sort and the first page are left out. */
export function catalogParams(state: CatalogState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.append('q', state.q);
  for (const refine of state.refines) params.append(`refine.${refine.name}`, refine.value);
  if (state.sort !== 'modified') params.append('sort', state.sort);
  if (state.page > 1) params.append('page', String(state.page));
  return params;
}

function withRefine(state: CatalogState, refine: CatalogRefine): CatalogState {
  return { ...state, page: 1, refines: [...state.refines, refine] };
}

function withoutRefine(state: CatalogState, refine: CatalogRefine): CatalogState {
  return { ...state, page: 1, refines: state.refines.filter((r) => r.name !== refine.name || r.value !== refine.value) };
}

export function facetValueLabel(lang: Lang, name: CatalogFacetName, value: string): string {
  if (name === 'features' && (value === 'analyze' || value === 'geo' || value === 'timeserie')) return tt(lang, `feature_${value}`);
  return value;
}

export function datasetCountText(lang: Lang, n: number): string {
  return n === 1 ? t(lang, 'datasetCountOne') : t(lang, 'datasetCount', { n: formatNumber(lang, n) });
}

export function CatalogPage(props: CatalogPageProps) {
  const { site, state, total } = props;
  const { lang } = site;
  const lastPage = Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE));
  const title = state.q ? `${tt(lang, 'searchTitle', { q: state.q })} — ${tt(lang, 'title')}` : tt(lang, 'title');
  return (
    <Layout site={site} title={title} description={tt(lang, 'description', { portal: site.portal?.title ?? 'Territoires' })} styles={CATALOG_STYLES}>
      <h1>{tt(lang, 'title')}</h1>
      <SearchForm site={site} state={state} />
      {props.problems.map((problem) => (
        <p class="error-box" role="alert">
          {problem.kind === 'beyond' ? tt(lang, 'problem_beyond', { value: problem.value, last: problem.last }) : tt(lang, `problem_${problem.kind}`, { value: problem.value })}
          {problem.kind === 'beyond' && (
            <>
              {' '}
              <a href={href(site, '/explore/', catalogParams({ ...state, page: problem.last }))}>{tt(lang, 'lastPage')}</a>
            </>
          )}
        </p>
      ))}
      <div class="catalog">
        <Facets site={site} state={state} facets={props.facets} />
        <section aria-labelledby="results-title">
          <div class="results-head">
            <h2 id="results-title">{tt(lang, 'results')}</h2>
            <p>
              <strong>{datasetCountText(lang, total)}</strong>
            </p>
          </div>
          <ActiveFilters site={site} state={state} />
          <SortLinks site={site} state={state} />
          {props.datasets.length === 0 ? (
            total === 0 && (
              <p>
                {tt(lang, 'noDatasetFound')} <a href={href(site, '/explore/')}>{tt(lang, 'wholeCatalogue')}</a>
              </p>
            )
          ) : (
            <ul class="datasets">
              {props.datasets.map((dataset) => (
                <DatasetCard site={site} dataset={dataset} />
              ))}
            </ul>
          )}
          <Pagination site={site} state={state} lastPage={lastPage} />
          <p>
            <a href={href(site, '/valider')}>{tt(lang, 'validateFile')}</a>
          </p>
        </section>
      </div>
    </Layout>
  );
}

/** A GET form: a new search keeps the refines and the sort, and starts again at page 1. */
function SearchForm(props: { site: Site; state: CatalogState }) {
  const { site, state } = props;
  const { lang } = site;
  return (
    <form class="search" role="search" method="get" action={href(site, '/explore/', undefined, 'fr')}>
      <label for="catalog-q">{tt(lang, 'searchLabel')}</label>
      <input type="search" id="catalog-q" name="q" value={state.q} />
      {state.refines.map((refine) => (
        <input type="hidden" name={`refine.${refine.name}`} value={refine.value} />
      ))}
      {state.sort !== 'modified' && <input type="hidden" name="sort" value={state.sort} />}
      {lang === 'en' && <input type="hidden" name="lang" value="en" />}
      <button type="submit">{tt(lang, 'searchButton')}</button>
    </form>
  );
}

function Facets(props: { site: Site; state: CatalogState; facets: CatalogFacetView[] }) {
  const { site, state } = props;
  const { lang } = site;
  const facets = props.facets.filter((f) => f.values.length > 0);
  if (facets.length === 0) return <div />;
  const item = (facet: CatalogFacetView, v: CatalogFacetView['values'][number]) => {
    const refine = { name: facet.name, value: v.value };
    const label = facetValueLabel(lang, facet.name, v.value);
    return (
      <li>
        <a href={href(site, '/explore/', catalogParams(v.refined ? withoutRefine(state, refine) : withRefine(state, refine)))} class={v.refined ? 'refined' : undefined}>
          {v.refined && <span aria-hidden="true">✓ </span>}
          <span class="visually-hidden">{tt(lang, `facet_${facet.name}`)} : </span>
          {label} <span class="count">({formatNumber(lang, v.count)}<span class="visually-hidden"> {tt(lang, 'datasetsCount')}</span>)</span>
          {v.refined && <span class="visually-hidden">, {tt(lang, 'refinedValue')}</span>}
        </a>
      </li>
    );
  };
  return (
    <aside class="facets" aria-labelledby="facets-title">
      <h2 id="facets-title">{tt(lang, 'filters')}</h2>
      {facets.map((facet) => {
        // Refined values first, so that the active ones are never folded away.
        const values = [...facet.values.filter((v) => v.refined), ...facet.values.filter((v) => !v.refined)];
        const shown = values.slice(0, SHOWN_VALUES);
        const more = values.slice(SHOWN_VALUES);
        return (
          <section aria-labelledby={`facet-${facet.name}`}>
            <h3 id={`facet-${facet.name}`}>{tt(lang, `facet_${facet.name}`)}</h3>
            <ul>{shown.map((v) => item(facet, v))}</ul>
            {more.length > 0 && (
              <details>
                <summary>{tt(lang, 'moreValues', { n: more.length })}</summary>
                <ul>{more.map((v) => item(facet, v))}</ul>
              </details>
            )}
          </section>
        );
      })}
    </aside>
  );
}

function ActiveFilters(props: { site: Site; state: CatalogState }) {
  const { site, state } = props;
  const { lang } = site;
  if (!state.q && state.refines.length === 0) return null;
  return (
    <section aria-label={tt(lang, 'activeFilters')}>
      <ul class="filters">
        {state.q && (
          <li>
            <a href={href(site, '/explore/', catalogParams({ ...state, q: '', page: 1 }))}>
              {tt(lang, 'searchFilter', { q: state.q })} <span aria-hidden="true">×</span>
              <span class="visually-hidden"> ({tt(lang, 'removeFilter')})</span>
            </a>
          </li>
        )}
        {state.refines.map((refine) => (
          <li>
            <a href={href(site, '/explore/', catalogParams(withoutRefine(state, refine)))}>
              {tt(lang, `facet_${refine.name}`)} : {facetValueLabel(lang, refine.name, refine.value)} <span aria-hidden="true">×</span>
              <span class="visually-hidden"> ({tt(lang, 'removeFilter')})</span>
            </a>
          </li>
        ))}
        <li>
          <a href={href(site, '/explore/', catalogParams({ q: '', refines: [], sort: state.sort, page: 1 }))}>{tt(lang, 'clearAll')}</a>
        </li>
      </ul>
    </section>
  );
}

function SortLinks(props: { site: Site; state: CatalogState }) {
  const { site, state } = props;
  const { lang } = site;
  return (
    <p class="sort">
      {tt(lang, 'sortBy')}{' '}
      {CATALOG_SORTS.map((sort, i) => (
        <>
          {i > 0 && ' · '}
          <a href={href(site, '/explore/', catalogParams({ ...state, sort, page: 1 }))} aria-current={sort === state.sort ? 'true' : undefined}>
            {tt(lang, `sort_${sort}`)}
          </a>
        </>
      ))}
    </p>
  );
}

/** Previous, next, the first and last pages and those around the current one. */
function Pagination(props: { site: Site; state: CatalogState; lastPage: number }) {
  const { site, state, lastPage } = props;
  const { lang } = site;
  if (lastPage <= 1) return null;
  const current = Math.min(state.page, lastPage);
  const numbers = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, lastPage])].filter((n) => n >= 1 && n <= lastPage).sort((a, b) => a - b);
  const link = (page: number) => href(site, '/explore/', catalogParams({ ...state, page }));
  return (
    <nav class="pages" aria-label={tt(lang, 'pagination')}>
      <ul>
        {current > 1 && (
          <li>
            <a href={link(current - 1)} rel="prev">
              {tt(lang, 'previous')}
            </a>
          </li>
        )}
        {numbers.map((n, i) => (
          <>
            {i > 0 && n - (numbers[i - 1] ?? n) > 1 && (
              <li>
                <span aria-hidden="true">…</span>
              </li>
            )}
            <li>
              <a href={link(n)} aria-current={n === state.page ? 'page' : undefined}>
                <span class="visually-hidden">{tt(lang, 'pageWord')} </span>
                {n}
              </a>
            </li>
          </>
        ))}
        {current < lastPage && (
          <li>
            <a href={link(current + 1)} rel="next">
              {tt(lang, 'next')}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** A dataset in a list: title (its page), publisher, summary, themes, keywords, records, last update. */
export function DatasetCard(props: { site: Site; dataset: Dataset }) {
  const { site, dataset } = props;
  const { lang } = site;
  const summary = plainSummary(dataset.description);
  return (
    <li class="dataset">
      <h3>
        <a href={href(site, datasetPath(dataset, ''))}>{dataset.title}</a>
        {dataset.visibility !== 'public' && <span class="badge">{t(lang, dataset.visibility === 'private' ? 'private' : 'restricted')}</span>}
        <CatalogSchemaBadge lang={lang} dataset={dataset} />
      </h3>
      {summary && <p class="summary">{summary}</p>}
      <dl>
        <dt>{t(lang, 'publisher')}</dt>
        <dd>{dataset.owner.name}</dd>
        {dataset.metas.themes.length > 0 && (
          <>
            <dt>{tt(lang, 'themes')}</dt>
            <dd>{dataset.metas.themes.join(', ')}</dd>
          </>
        )}
        {dataset.metas.keywords.length > 0 && (
          <>
            <dt>{tt(lang, 'keywords')}</dt>
            <dd>{dataset.metas.keywords.join(', ')}</dd>
          </>
        )}
        <dt>{t(lang, 'records')}</dt>
        <dd>{formatNumber(lang, dataset.live?.rowCount ?? 0)}</dd>
        <dt>{t(lang, 'updated')}</dt>
        <dd>{formatDate(lang, dataset.modifiedAt)}</dd>
      </dl>
    </li>
  );
}
