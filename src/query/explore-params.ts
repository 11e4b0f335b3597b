// The query string of an Explore call as an ExploreQuery: repeated keys are lists (where, refine,
// exclude, facet), the others take their last value (ODS Explore v2.1 §3).
import { AppError } from '../errors.js';
import { LANGUAGES } from './odsql/date-format.js';
import { odsqlError } from './odsql/errors.js';
import type { HierarchyRequest } from './hierarchical-facets.js';
import { emptyQuery, FACET_SORTS, type ExploreQuery, type FacetRequest, type FacetSort } from './plan.js';
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
    timezone: timezoneOf(last(raw.timezone)),
    lang: langOf(last(raw.lang)),
  };
}

// The zones already read: building an Intl formatter costs a tenth of a millisecond.
const knownZones = new Map<string, string>();

/** `timezone` (§3): an IANA zone name, in the form the engine knows it (`europe/paris` → `Europe/Paris`). */
function timezoneOf(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const known = knownZones.get(value);
  if (known) return known;
  // Names only: offsets and anything else the engine would not read are refused here.
  let zone: string | undefined;
  if (/^[A-Za-z][\w+-]*(\/[\w+-]+)*$/.test(value.trim())) {
    try {
      zone = new Intl.DateTimeFormat('en', { timeZone: value.trim() }).resolvedOptions().timeZone;
    } catch {
      // Unknown: said below.
    }
  }
  if (zone === undefined) {
    throw new AppError('INVALID_PARAMETER', { parameter: 'timezone', value, expected: 'a time zone of the IANA database, such as Europe/Paris or UTC,', expected_fr: 'un fuseau horaire de la base IANA, comme Europe/Paris ou UTC,' }, { parameter: 'timezone' });
  }
  // Bounded by the zones that exist.
  knownZones.set(value, zone);
  return zone;
}

/** `lang` (§3): one of the spec's languages; `fr-FR` is `fr`. */
function langOf(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const lang = value.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (!(LANGUAGES as readonly string[]).includes(lang)) {
    throw new AppError('INVALID_PARAMETER', { parameter: 'lang', value, expected: `one of ${LANGUAGES.join(', ')}`, expected_fr: `l’une des langues ${LANGUAGES.join(', ')}` }, { parameter: 'lang' });
  }
  return lang;
}

/** The most values facet(…, limit=N) may ask for: as many as the groups of a grouped query (§3). */
const FACET_LIMIT_MAX = 20_000;

/** `departement`, or `facet(name="departement", disjunctive=true, sort="-count", limit=10, hierarchical=true, separator="/")` (§2.4). */
function facetRequest(facet: string): FacetRequest & HierarchyRequest {
  const inner = /^\s*facet\s*\((.*)\)\s*$/is.exec(facet)?.[1];
  if (inner === undefined) return { name: facet.trim(), disjunctive: false };
  const name = /name\s*=\s*["'`]([^"'`]+)["'`]/i.exec(inner)?.[1] ?? facet.trim();
  const request: FacetRequest & HierarchyRequest = { name, disjunctive: /disjunctive\s*=\s*true/i.test(inner) };
  // Error columns count from the start of the parameter.
  const base = facet.indexOf('(') + 1;
  const sort = /\bsort\s*=\s*["'`]?([-\w]*)/i.exec(inner);
  if (sort) {
    const value = sort[1]?.toLowerCase() ?? '';
    if (!(FACET_SORTS as readonly string[]).includes(value)) {
      throw odsqlError('facet', base + sort.index, `sort=${value} is not one of ${FACET_SORTS.join(', ')}`, `sort=${value} n’est pas l’un de ${FACET_SORTS.join(', ')}`);
    }
    request.sort = value as FacetSort;
  }
  const limit = /\blimit\s*=\s*["'`]?([-\w]*)/i.exec(inner);
  if (limit) {
    const value = Number(limit[1]);
    if (!/^\d{1,9}$/.test(limit[1] ?? '') || value < 1 || value > FACET_LIMIT_MAX) {
      throw odsqlError('facet', base + limit.index, `limit=${limit[1] ?? ''} is not a number from 1 to ${FACET_LIMIT_MAX}`, `limit=${limit[1] ?? ''} n’est pas un nombre de 1 à ${FACET_LIMIT_MAX}`);
    }
    request.limit = value;
  }
  // hierarchical-facets.ts: a text field's values as paths, cut at the separator.
  const hierarchical = /\bhierarchical\s*=\s*["'`]?([-\w]*)/i.exec(inner);
  if (hierarchical) {
    const value = hierarchical[1]?.toLowerCase() ?? '';
    if (value !== 'true' && value !== 'false') throw odsqlError('facet', base + hierarchical.index, `hierarchical=${value} is neither true nor false`, `hierarchical=${value} ne vaut ni true ni false`);
    request.hierarchical = value === 'true';
  }
  const separator = /\bseparator\s*=\s*(?:(["'`])(.*?)\1|([^,)\s]*))/is.exec(inner);
  if (separator) {
    const value = separator[2] ?? separator[3] ?? '';
    // As the `multivalued` annotation's: one to three characters, and quoted.
    if (separator[1] === undefined || value.length < 1 || value.length > 3) throw odsqlError('facet', base + separator.index, `separator=${value} is not one to three characters in quotes, such as separator="/"`, `separator=${value} n’est pas un à trois caractères entre guillemets, comme separator="/"`);
    request.separator = value;
  }
  return request;
}
