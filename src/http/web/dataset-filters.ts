// The filters of a dataset page's URL (`?q=…&refine.commune=Nantes&sort=-population`), as kept in
// links and as an Explore query.
import type { Field } from '../../catalog/index.js';
import { AppError, isAppError } from '../../errors.js';
import { emptyQuery, v1Query, type ExploreQuery } from '../../query/index.js';

const FILTER_KEY = /^(q|sort|(refine|exclude|disjunctive)\..+)$/;

export function isFilterKey(key: string): boolean {
  return FILTER_KEY.test(key);
}

export function filterParams(query: unknown): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!FILTER_KEY.test(key)) continue;
    for (const one of Array.isArray(value) ? value : [value]) if (typeof one === 'string' && one !== '') params.append(key, one);
  }
  return params;
}

/** The filters as an Explore query, or the reason they cannot be read (shown on the page, not a blank table). */
export function filterQuery(filters: URLSearchParams, fields: readonly Field[]): { query: ExploreQuery; error?: AppError } {
  const raw: Record<string, string[]> = {};
  for (const [key, value] of filters) (raw[key] ??= []).push(value);
  try {
    const query = v1Query(raw, fields);
    // A refine or exclude on a field the dataset does not have says so now, not as an empty table.
    for (const [key] of filters) {
      const name = key.replace(/^(refine|exclude|disjunctive)\./, '');
      if (name !== key && !fields.some((f) => f.name === name)) {
        throw new AppError('INVALID_PARAMETER', { parameter: key, value: name, expected: 'a field of the dataset', expected_fr: 'un champ du jeu de données' }, { parameter: key });
      }
    }
    return { query };
  } catch (error) {
    if (isAppError(error)) return { query: emptyQuery(), error };
    throw error;
  }
}
