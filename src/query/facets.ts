// Dataset facets (ODS Explore v2.1 §2.4, §6.3, E8): for each facet field, its values with their
// record counts over the records the query chooses. A refined value says `refined`, an excluded one
// `excluded` (without a count). A disjunctive facet is counted as if its own refines were not
// there, so that its other values stay offered. Dates are hierarchical: years, then the months of
// a refined year, then the days of a refined month (`2024`, `2024/03`, `2024/03/05`); so is a text
// field of paths (`hierarchical`, hierarchical-facets.ts). The catalog's
// facets (E3) are counted by the same code over the catalog's rows (catalog-source.ts).
import type { Dataset, Field } from '../catalog/index.js';
import { BOUNDED, multivaluedSeparator, sqlIdentifier, type DataPlaneContext } from '../data/index.js';
import { hierarchicalFacetValues, hierarchicalSeparator } from './hierarchical-facets.js';
import { odsqlError } from './odsql/errors.js';
import { FACET_SORTS, isDisjunctive, planQuery, refinementOf, type ExploreQuery, type FacetSort, type PlanSource, type QueryPlan } from './plan.js';
import { recordsSource } from './source.js';

export interface FacetValue {
  name: string;
  value: string;
  count?: number;
  state: 'displayed' | 'refined' | 'excluded';
  facets?: FacetValue[];
}

export interface Facet {
  name: string;
  facets: FacetValue[];
}

/** The values a facet lists by default (§2.4: a field with 170 values returned 100). */
const DEFAULT_VALUES = 100;

export async function datasetFacets(ctx: DataPlaneContext, dataset: Dataset, query: ExploreQuery): Promise<Facet[]> {
  const source = await recordsSource(ctx, dataset);
  if (!source) return [];
  const names = source.fields.filter((f) => f.annotations.facet === true).map((f) => f.name);
  // §2.4: the field's `facetsort` annotation, else by count; dates in their order.
  return facetsOver(ctx, source, query, { names, sort: (field) => facetSortOf(field.annotations.facetsort) ?? (isDate(field) ? 'alphanum' : '-count') });
}

export interface FacetDefaults {
  /** The facets when the request names none. */
  names: string[];
  /** A facet's order when the request does not give one. */
  sort: (field: Field) => FacetSort;
  /** Leave out a default facet that has no value (the catalog lists the facets its datasets have). */
  skipEmpty?: boolean;
}

/** The facets of any source of records: a dataset's, or the catalog's. */
export async function facetsOver(ctx: DataPlaneContext, source: PlanSource, query: ExploreQuery, defaults: FacetDefaults): Promise<Facet[]> {
  const requested = query.facets.length > 0;
  const names = requested ? query.facets.map((f) => f.name) : defaults.names;
  const plan = (chosen: ExploreQuery) => planQuery(source, { ...chosen, select: undefined, groupBy: undefined, orderBy: undefined });
  const chosen = plan(query);
  // The facets are independent queries: asked at once, they overlap on the engine's threads.
  const facets = await Promise.all(
    names.map(async (name): Promise<Facet | undefined> => {
      const field = source.fields.find((f) => f.name === name) ?? source.aliases?.get(name);
      if (!field) throw odsqlError('facet', 0, `Unknown field: ${name}`, `champ inconnu : ${name}`);
      // A disjunctive facet counts its values without its own refines: the others stay offered.
      const own = isDisjunctive(field, query) && query.refine.some((r) => onField(r, name));
      const counted = own ? plan({ ...query, refine: query.refine.filter((r) => !onField(r, name)) }) : chosen;
      const request = query.facets.find((f) => f.name === name);
      const shown = { sort: request?.sort ?? defaults.sort(field), limit: request?.limit ?? DEFAULT_VALUES };
      const values = await facetValues(ctx, counted, field, name, query, shown);
      if (!requested && defaults.skipEmpty && values.length === 0) return undefined;
      return { name, facets: values };
    }),
  );
  return facets.filter((f): f is Facet => f !== undefined);
}

function facetSortOf(value: unknown): FacetSort | undefined {
  return typeof value === 'string' && (FACET_SORTS as readonly string[]).includes(value) ? (value as FacetSort) : undefined;
}

const isDate = (field: Field) => field.type === 'date' || field.type === 'datetime';

/** ORDER BY of a facet's values (`value`, `n`): `-` first means descending; ties by value. */
function orderOf(sort: FacetSort): string {
  const descending = sort.startsWith('-') ? 'desc' : 'asc';
  if (sort.endsWith('count')) return `n ${descending}, value asc`;
  if (sort.endsWith('num')) return `try_cast(value as double) ${descending} nulls last, value ${descending}`;
  return `value ${descending}`;
}

const onField = (raw: string, field: string) => refinementOf(raw)?.field === field;
const valuesOf = (list: string[], field: string) => list.flatMap((raw) => (onField(raw, field) ? [refinementOf(raw)?.value ?? ''] : []));

/** The facet's values over the records of `plan` (the chosen records, as a query without select or order). */
async function facetValues(ctx: DataPlaneContext, plan: QueryPlan, field: Field, name: string, query: ExploreQuery, shown: { sort: FacetSort; limit: number }): Promise<FacetValue[]> {
  const refined = valuesOf(query.refine, name);
  const excluded = valuesOf(query.exclude, name);
  const column = sqlIdentifier(field.name);
  const state = (value: string): FacetValue['state'] => (refined.includes(value) ? 'refined' : 'displayed');
  // Our own words and a whole number checked by the parameter's parser: no user text.
  const order = orderOf(shown.sort);
  // `$next` is the one value a facet adds to the plan's parameters (a date prefix, a separator).
  const next = `$${plan.params.length + 1}`;
  const count = async (key: string, where = 'true', extra: string[] = []): Promise<{ value: string; n: number }[]> => {
    const rows = await ctx.engine.query(`select ${key} as value, count(*) as n from (${plan.sql}) as chosen where ${key} is not null and ${where} group by 1 order by ${order} limit ${shown.limit}`, [...plan.params, ...extra], BOUNDED);
    return rows.map((r) => ({ value: String(r.value), n: Number(r.n) }));
  };
  const excludedValues: FacetValue[] = excluded.map((value) => ({ name: value.split('/').at(-1) ?? value, value, state: 'excluded' }));
  if (field.type === 'date' || field.type === 'datetime') {
    const level = async (format: string, within?: string): Promise<FacetValue[]> => {
      // A datetime counts in the request's zone (§3 timezone): `$next + 1` is the zone.
      const zoned = field.type === 'datetime' ? `timezone($${plan.params.length + 2}, ${column})` : column;
      const key = `strftime(${zoned}, '${format}')`;
      const rows = await count(key, `starts_with(${key}, ${next})`, [within ?? '', ...(field.type === 'datetime' ? [query.timezone ?? 'UTC'] : [])]);
      return Promise.all(
        rows.map(async ({ value, n }) => {
          const entry: FacetValue = { name: value.split('/').at(-1) ?? value, value, count: n, state: refined.some((r) => r === value || r.startsWith(`${value}/`)) ? 'refined' : 'displayed' };
          const deeper = format === '%Y' ? '%Y/%m' : format === '%Y/%m' ? '%Y/%m/%d' : undefined;
          if (deeper && entry.state === 'refined') entry.facets = await level(deeper, `${value}/`);
          return entry;
        }),
      );
    };
    return [...(await level('%Y')), ...excludedValues];
  }
  // A text field of paths: its first segments, the next ones under a refined value (hierarchical-facets.ts).
  const hierarchy = hierarchicalSeparator(field, query);
  if (hierarchy !== undefined) return [...(await hierarchicalFacetValues(ctx, plan, field, hierarchy, refined, { order, limit: shown.limit })), ...excludedValues.map((v) => ({ ...v, name: v.value.split(hierarchy).at(-1) ?? v.value }))];
  const separator = multivaluedSeparator(field);
  const rows = separator !== undefined
    ? (await ctx.engine.query(`select value, count(*) as n from (select unnest(string_split(${column}, ${next})) as value from (${plan.sql}) as chosen) where value is not null group by 1 order by ${order} limit ${shown.limit}`, [...plan.params, separator], BOUNDED)).map((r) => ({ value: String(r.value), n: Number(r.n) }))
    : await count(`cast(${column} as varchar)`);
  return [...rows.map(({ value, n }) => ({ name: value, value, count: n, state: state(value) })), ...excludedValues];
}
