// The catalog page, `/explore/?q=vélo&refine.theme=Transports&sort=title&page=2` as OpenDataSoft
// portals write it. The datasets are those the caller may see on this portal (the catalog's scope,
// through visibleDatasets), searched, refined and counted by the catalog queries the Explore API
// uses (queryCatalog, catalogFacets): a dataset the visitor may not see is in no list and no count.
// What the URL asks that cannot be applied (`page=abc`, an unknown facet or sort) is said on the
// page, with a 400 status, and the rest of the page still answers.
import type { FastifyInstance } from 'fastify';
import type { Dataset } from '../../catalog/index.js';
import type { Platform } from '../../platform.js';
import { catalogFacets, emptyQuery, lastValue, queryCatalog, wholeNumber, type DatasetObject, type ExploreQuery } from '../../query/index.js';
import { renderPage } from '../../web/index.js';
import {
  CATALOG_PAGE_FACETS,
  CATALOG_PAGE_SIZE,
  CATALOG_SORTS,
  CatalogPage,
  type CatalogFacetName,
  type CatalogFacetView,
  type CatalogProblem,
  type CatalogSort,
  type CatalogState,
} from '../../web/pages/catalog.js';
import { ALL, visibleDatasets } from '../api/visible-datasets.js';
import { siteOf } from './site.js';

const ORDER_BY: Record<CatalogSort, string> = {
  modified: 'modified desc, dataset_id asc',
  // Ordered again below: DuckDB compares code points, which would put "École" after "Voirie".
  title: 'title asc, dataset_id asc',
  records_count: 'records_count desc, dataset_id asc',
};

/** Page numbers beyond this are not read as numbers (an offset must stay a small integer). */
const MAX_PAGE = 100_000;

export async function catalogPageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  app.get('/explore/', async (request, reply) => {
    const { state, problems } = catalogState(request.query as Record<string, unknown>);
    const { objects: visible, datasets } = await visibleDatasets(platform, request, ALL);
    // The search first, once: the page, its count and each facet then read only the datasets it
    // found (the search's regular expression costs a few milliseconds to compile in each query).
    const objects = state.q.trim() ? await searched(platform, visible, state.q) : visible;
    const query: ExploreQuery = {
      ...emptyQuery(),
      // Quoted, so that a value holding `:` or quotes is read whole (§3).
      refine: state.refines.map((r) => `${r.name}:"${r.value}"`),
      orderBy: ORDER_BY[state.sort],
    };
    const offset = (state.page - 1) * CATALOG_PAGE_SIZE;
    const [{ total, page }, facets] = await Promise.all([chosenPage(platform, objects, query, state.sort, offset), catalogFacetViews(platform, objects, query)]);
    const lastPage = Math.max(1, Math.ceil(total / CATALOG_PAGE_SIZE));
    let status = problems.length > 0 ? 400 : 200;
    if (state.page > lastPage) {
      problems.push({ kind: 'beyond', value: String(state.page), last: lastPage });
      status = 404;
    }
    const byUid = new Map(datasets.map((d) => [d.uid, d]));
    const shown = page.map((o) => byUid.get(String(o.dataset_uid))).filter((d): d is Dataset => d !== undefined);
    void reply.status(status).type('text/html; charset=utf-8').header('vary', 'Authorization, Cookie');
    return renderPage(<CatalogPage site={siteOf(request)} state={state} total={total} datasets={shown} facets={facets} problems={problems} />);
  });
}

/** The URL's search, refines, sort and page; what cannot be read is a problem, and its default is used. */
function catalogState(raw: Record<string, unknown>): { state: CatalogState; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const state: CatalogState = { q: (lastValue(raw.q) ?? '').trim(), refines: [], sort: 'modified', page: 1 };
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('refine.')) continue;
    const name = key.slice('refine.'.length);
    if (!isFacet(name)) {
      problems.push({ kind: 'facet', value: name });
      continue;
    }
    for (const one of Array.isArray(value) ? value : [value]) if (typeof one === 'string' && one !== '') state.refines.push({ name, value: one });
  }
  const sort = lastValue(raw.sort);
  if (sort !== undefined && sort !== '') {
    if ((CATALOG_SORTS as readonly string[]).includes(sort)) state.sort = sort as CatalogSort;
    else problems.push({ kind: 'sort', value: sort });
  }
  const page = lastValue(raw.page);
  if (page !== undefined && page !== '') {
    const n = wholeNumber(page, 9);
    if (n === undefined || n < 1 || n > MAX_PAGE) problems.push({ kind: 'page', value: page });
    else state.page = n;
  }
  return { state, problems };
}

function isFacet(name: string): name is CatalogFacetName {
  return (CATALOG_PAGE_FACETS as readonly string[]).includes(name);
}

/** The datasets whose metadata hold the words of `q`, accents and case aside (the catalog's search()). */
async function searched(platform: Platform, objects: DatasetObject[], q: string): Promise<DatasetObject[]> {
  // A JSON string is an ODSQL string (§5.1: double quotes, backslash escapes): the words stay a value.
  const query = { ...emptyQuery(), where: [`search(${JSON.stringify(q)})`], select: 'dataset_uid' };
  const { results } = await queryCatalog(platform, objects, query, { limit: Math.max(objects.length, 1), offset: 0 });
  const found = new Set(results.map((r) => r.dataset_uid));
  return objects.filter((o) => found.has(o.dataset_uid));
}

/** The count of the chosen datasets and the dataset objects of one page, in the sort's order. */
async function chosenPage(platform: Platform, objects: DatasetObject[], query: ExploreQuery, sort: CatalogSort, offset: number): Promise<{ total: number; page: DatasetObject[] }> {
  if (sort !== 'title') {
    const { totalCount, results } = await queryCatalog(platform, objects, query, { limit: CATALOG_PAGE_SIZE, offset });
    return { total: totalCount, page: results };
  }
  // Titles in French alphabetical order (accents and case aside): all chosen, then one page of them.
  const { totalCount, results } = await queryCatalog(platform, objects, query, { limit: Math.max(objects.length, 1), offset: 0 });
  const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
  const sorted = [...results].sort((a, b) => collator.compare(titleOf(a), titleOf(b)));
  return { total: totalCount, page: sorted.slice(offset, offset + CATALOG_PAGE_SIZE) };
}

function titleOf(object: DatasetObject): string {
  return String((object.metas as { default?: { title?: unknown } } | undefined)?.default?.title ?? '');
}

/** The sidebar's facets over the chosen datasets, most frequent values first. */
async function catalogFacetViews(platform: Platform, objects: DatasetObject[], query: ExploreQuery): Promise<CatalogFacetView[]> {
  const facets = await catalogFacets(platform, objects, { ...query, facets: CATALOG_PAGE_FACETS.map((name) => ({ name, disjunctive: false, sort: '-count' })) });
  return CATALOG_PAGE_FACETS.map((name) => ({
    name,
    values: (facets.find((f) => f.name === name)?.facets ?? []).flatMap((v) => (v.state === 'excluded' ? [] : [{ value: v.value, count: v.count ?? 0, refined: v.state === 'refined' }])),
  }));
}
