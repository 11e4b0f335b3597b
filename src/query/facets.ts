// Dataset facets (ODS Explore v2.1 §2.4, §6.3, E8): for each facet field, its values with their
// record counts over the records the query chooses. A refined value says `refined`, an excluded one
// `excluded` (without a count). A disjunctive facet is counted as if its own refines were not
// there, so that its other values stay offered. Dates are hierarchical: years, then the months of
// a refined year, then the days of a refined month (`2024`, `2024/03`, `2024/03/05`).
import type { Dataset, Field } from '../catalog/index.js';
import { multivaluedSeparator, sqlIdentifier, type DataPlaneContext } from '../data/index.js';
import { odsqlError } from './odsql/errors.js';
import { isDisjunctive, planQuery, refinementOf, type ExploreQuery, type QueryPlan } from './plan.js';
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
  const names = query.facets.length > 0 ? query.facets.map((f) => f.name) : source.fields.filter((f) => f.annotations.facet === true).map((f) => f.name);
  const plan = (chosen: ExploreQuery) => planQuery(source, { ...chosen, select: undefined, groupBy: undefined, orderBy: undefined });
  const chosen = plan(query);
  const facets: Facet[] = [];
  for (const name of names) {
    const field = source.fields.find((f) => f.name === name);
    if (!field) throw odsqlError('facet', 0, `Unknown field: ${name}`, `champ inconnu : ${name}`);
    // A disjunctive facet counts its values without its own refines: the others stay offered.
    const own = isDisjunctive(field, query) && query.refine.some((r) => onField(r, name));
    const counted = own ? plan({ ...query, refine: query.refine.filter((r) => !onField(r, name)) }) : chosen;
    facets.push({ name, facets: await facetValues(ctx, counted, field, query) });
  }
  return facets;
}

const onField = (raw: string, field: string) => refinementOf(raw)?.field === field;
const valuesOf = (list: string[], field: string) => list.flatMap((raw) => (onField(raw, field) ? [refinementOf(raw)?.value ?? ''] : []));

/** The facet's values over the records of `plan` (the chosen records, as a query without select or order). */
async function facetValues(ctx: DataPlaneContext, plan: QueryPlan, field: Field, query: ExploreQuery): Promise<FacetValue[]> {
  const refined = valuesOf(query.refine, field.name);
  const excluded = valuesOf(query.exclude, field.name);
  const column = sqlIdentifier(field.name);
  const state = (value: string): FacetValue['state'] => (refined.includes(value) ? 'refined' : 'displayed');
  // `$next` is the one value a facet adds to the plan's parameters (a date prefix, a separator).
  const next = `$${plan.params.length + 1}`;
  const count = async (key: string, where = 'true', extra: string[] = []): Promise<{ value: string; n: number }[]> => {
    const rows = await ctx.engine.query(`select ${key} as value, count(*) as n from (${plan.sql}) as chosen where ${key} is not null and ${where} group by 1 order by n desc, value limit ${DEFAULT_VALUES}`, [...plan.params, ...extra]);
    return rows.map((r) => ({ value: String(r.value), n: Number(r.n) }));
  };
  const excludedValues: FacetValue[] = excluded.map((value) => ({ name: value.split('/').at(-1) ?? value, value, state: 'excluded' }));
  if (field.type === 'date' || field.type === 'datetime') {
    const level = async (format: string, within?: string): Promise<FacetValue[]> => {
      const key = `strftime(${column}, '${format}')`;
      const rows = within === undefined ? await count(key) : await count(key, `starts_with(${key}, ${next})`, [within]);
      rows.sort((a, b) => (a.value < b.value ? -1 : 1));
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
  const separator = multivaluedSeparator(field);
  const rows = separator !== undefined
    ? (await ctx.engine.query(`select value, count(*) as n from (select unnest(string_split(${column}, ${next})) as value from (${plan.sql}) as chosen) where value is not null group by 1 order by n desc, value limit ${DEFAULT_VALUES}`, [...plan.params, separator])).map((r) => ({ value: String(r.value), n: Number(r.n) }))
    : await count(`cast(${column} as varchar)`);
  return [...rows.map(({ value, n }) => ({ name: value, value, count: n, state: state(value) })), ...excludedValues];
}
