// A dataset page's query as the Explore v2.1 request that gives the same records: the page's
// filters (src/http/web/dataset-filters.ts made them an ExploreQuery) written back as the API's own
// parameters, `where=…&refine=commune:"Nantes"&order_by=population desc`. The table, map, analyze,
// export and API tabs link to the API with it, so that what a visitor downloads or copies is what
// the page showed.
import type { ExploreQuery, ExportFormat, Paging } from '../../query/index.js';
import { href, type Site } from '../../web/index.js';

export const EXPLORE_BASE = '/api/explore/v2.1';

/** The query's parameters in v2.1's form (ODS Explore v2.1 §3): repeated `where`, `refine`, `exclude`, `facet`. */
export function exploreParams(query: ExploreQuery, paging?: Paging): URLSearchParams {
  const params = new URLSearchParams();
  if (query.select?.trim()) params.append('select', query.select);
  for (const where of query.where) if (where.trim() !== '') params.append('where', where);
  if (query.groupBy?.trim()) params.append('group_by', query.groupBy);
  if (query.orderBy?.trim()) params.append('order_by', query.orderBy);
  for (const refine of query.refine) params.append('refine', quotedRefinement(refine));
  for (const exclude of query.exclude) params.append('exclude', quotedRefinement(exclude));
  // A facet asked as disjunctive changes what several refines on it mean (they OR): it must follow.
  for (const facet of query.facets) if (facet.disjunctive) params.append('facet', `facet(name="${facet.name}", disjunctive=true)`);
  if (query.timezone) params.append('timezone', query.timezone);
  if (query.lang) params.append('lang', query.lang);
  if (paging) {
    params.append('limit', String(paging.limit));
    if (paging.offset > 0) params.append('offset', String(paging.offset));
  }
  return params;
}

/**
 * `field:value` → `field:"value"`, as portals write it. The API strips one pair of quotes around a
 * value (query/plan.ts refinementOf), so a value already between quotes is left as it is: both
 * forms then mean the same records.
 */
function quotedRefinement(raw: string): string {
  const at = raw.indexOf(':');
  if (at <= 0) return raw;
  const value = raw.slice(at + 1);
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? raw : `${raw.slice(0, at)}:"${value}"`;
}

const datasetApiPath = (datasetId: string) => `${EXPLORE_BASE}/catalog/datasets/${encodeURIComponent(datasetId)}`;

// API links carry no `lang`: the API's `lang` names date_format()'s language, not the page's.

/** The records request of the query and page: `/api/explore/v2.1/catalog/datasets/{id}/records?…`, on this portal. */
export function recordsHref(site: Site, datasetId: string, query: ExploreQuery, paging: Paging): string {
  return href(site, `${datasetApiPath(datasetId)}/records`, exploreParams(query, paging), 'fr');
}

/** The export of every record the query chooses (no paging: an export has no 10,000-row window). */
export function exportHref(site: Site, datasetId: string, format: ExportFormat, query: ExploreQuery, options: Record<string, string> = {}): string {
  const params = exploreParams(query);
  for (const [key, value] of Object.entries(options)) params.append(key, value);
  return href(site, `${datasetApiPath(datasetId)}/exports/${format}`, params, 'fr');
}

/** One attachment's file (ODS §2.10). */
export function attachmentHref(site: Site, datasetId: string, attachmentId: string): string {
  return href(site, `${datasetApiPath(datasetId)}/attachments/${encodeURIComponent(attachmentId)}`, undefined, 'fr');
}
