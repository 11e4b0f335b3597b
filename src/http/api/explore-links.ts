// ODS Explore v2.1 §1 "Links": with include_links=true, the dataset list (E1), a dataset (E2), its
// records (E6) and a record (E7) carry `_links`, arrays of {rel, href} with rel among self, first,
// last, next, dataset, catalog; without it, none. Each href is on the host and portal the caller
// used (explore-answer.ts).
import type { FastifyRequest } from 'fastify';
import type { Paging } from '../../query/index.js';
import { exploreUrl } from './explore-answer.js';
import { flag } from './export-options.js';

export interface Link {
  rel: string;
  href: string;
}

/** `include_links` (§3): false by default. */
export function wantsLinks(request: FastifyRequest): boolean {
  return flag(request.query as Record<string, unknown>, 'include_links', false);
}

export function datasetUrl(request: FastifyRequest, datasetId: string): string {
  return exploreUrl(request, `/catalog/datasets/${encodeURIComponent(datasetId)}`);
}

/** A dataset's own links: itself and the list it belongs to. */
export function datasetLinks(request: FastifyRequest, datasetId: string): Link[] {
  return [
    { rel: 'self', href: datasetUrl(request, datasetId) },
    { rel: 'catalog', href: exploreUrl(request, '/catalog/datasets') },
  ];
}

/** A record's links: its E7 URL, and its dataset. */
export function recordLinks(request: FastifyRequest, datasetId: string, recordId: string): Link[] {
  const dataset = datasetUrl(request, datasetId);
  return [
    { rel: 'self', href: `${dataset}/records/${encodeURIComponent(recordId)}` },
    { rel: 'dataset', href: dataset },
  ];
}

/**
 * The links of a page of `total` items at `path` (under the API): self (the request as made),
 * first, last and next (when there is one) with the same parameters, within the offset + limit
 * window of §3. An API key given as a parameter is left out of them: links get shared.
 */
export function pageLinks(request: FastifyRequest, path: string, paging: Paging, total: number, maxWindow: number): Link[] {
  const parameters = new URLSearchParams(request.url.split('?')[1] ?? '');
  for (const secret of ['apikey', 'access_token']) parameters.delete(secret);
  const base = exploreUrl(request, path);
  const at = (offset: number): string => {
    const page = new URLSearchParams(parameters);
    page.delete('rows');
    page.set('limit', String(paging.limit));
    page.set('offset', String(offset));
    return `${base}?${page.toString()}`;
  };
  const self = parameters.toString();
  const links: Link[] = [{ rel: 'self', href: self ? `${base}?${self}` : base }, { rel: 'first', href: at(0) }];
  if (paging.limit === 0) return links;
  // The last page that the window lets a client reach.
  const reachable = Math.min(total, maxWindow);
  const lastOffset = Math.max(0, Math.min(Math.floor((reachable - 1) / paging.limit) * paging.limit, maxWindow - paging.limit));
  links.push({ rel: 'last', href: at(lastOffset) });
  const next = paging.offset + paging.limit;
  if (next < reachable && next + paging.limit <= maxWindow) links.push({ rel: 'next', href: at(next) });
  return links;
}
