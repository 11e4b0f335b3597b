// The query string of an Explore call as an ExploreQuery: repeated keys are lists (where, refine,
// exclude, facet), the others take their last value (ODS Explore v2.1 §3).
import { emptyQuery, type ExploreQuery, type FacetRequest } from './plan.js';
import { lastValue as last, listOf as list } from './query-string.js';

type QueryString = Record<string, unknown>;

export function exploreQueryOf(raw: QueryString): ExploreQuery {
  return {
    ...emptyQuery(),
    select: last(raw.select),
    where: list(raw.where),
    groupBy: last(raw.group_by),
    orderBy: last(raw.order_by),
    refine: list(raw.refine),
    exclude: list(raw.exclude),
    facets: list(raw.facet).map(facetRequest),
  };
}

/** `departement`, or `facet(name="departement", disjunctive=true)`. */
function facetRequest(facet: string): FacetRequest {
  const inner = /^\s*facet\s*\((.*)\)\s*$/is.exec(facet)?.[1];
  if (inner === undefined) return { name: facet.trim(), disjunctive: false };
  const name = /name\s*=\s*["'`]([^"'`]+)["'`]/i.exec(inner)?.[1] ?? facet.trim();
  return { name, disjunctive: /disjunctive\s*=\s*true/i.test(inner) };
}
