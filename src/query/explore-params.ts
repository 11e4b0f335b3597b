// The query string of an Explore call as an ExploreQuery: repeated keys are lists (where, refine,
// exclude, facet), the others take their last value (ODS Explore v2.1 §3).
import { emptyQuery, type ExploreQuery } from './plan.js';

type QueryString = Record<string, unknown>;

const list = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));
const last = (value: unknown): string | undefined => list(value).at(-1);

export function exploreQueryOf(raw: QueryString): ExploreQuery {
  return {
    ...emptyQuery(),
    select: last(raw.select),
    where: list(raw.where),
    groupBy: last(raw.group_by),
    orderBy: last(raw.order_by),
    refine: list(raw.refine),
    exclude: list(raw.exclude),
    disjunctive: list(raw.facet).flatMap(disjunctiveFacet),
  };
}

/** `facet(name="departement", disjunctive=true)`: the facet's name, when it is made disjunctive. */
function disjunctiveFacet(facet: string): string[] {
  const match = /^\s*facet\s*\((.*)\)\s*$/is.exec(facet);
  if (!match || !/disjunctive\s*=\s*true/i.test(match[1] ?? '')) return [];
  const name = /name\s*=\s*["'`]([^"'`]+)["'`]/i.exec(match[1] ?? '');
  return name?.[1] ? [name[1]] : [];
}
