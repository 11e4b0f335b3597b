// Hierarchical text facets (ODS Explore v2.1 §2.4, §6.2): a text field whose values are paths
// (`Culture/Musées/Beaux-arts`), by its `hierarchical` annotation (the separator) or by
// facet(name="x", hierarchical=true, separator="/") in the request. Its facet is answered as dates
// are (facets.ts): the first segments at the top, and under a refined value the next segments as
// nested `facets`, each `value` the path to pass to refine. refine=x:"a/b" keeps the records at
// a/b and below it; exclude takes them away. A multivalued field's values are paths each.
import type { Field } from '../catalog/index.js';
import { BOUNDED, multivaluedSeparator, sqlIdentifier, type DataPlaneContext } from '../data/index.js';
import type { Compiler } from './odsql/compile.js';
import type { FacetValue } from './facets.js';
import type { ExploreQuery, QueryPlan } from './plan.js';

/** facet(…, hierarchical=true, separator="/") as explore-params.ts reads it. */
export interface HierarchyRequest {
  hierarchical?: boolean;
  separator?: string;
}

/** When neither the request nor the annotation names one. */
export const DEFAULT_HIERARCHY_SEPARATOR = '/';

/**
 * The separator of a hierarchical text field, if it is one: the request's facet(hierarchical=…)
 * first (false turns an annotated hierarchy off), else the field's annotation, in its live form
 * (`"/"`) or its OpenAPI form (`["/"]`, §6.2), or `true`.
 */
export function hierarchicalSeparator(field: Field, query?: Pick<ExploreQuery, 'facets'>): string | undefined {
  if (field.type !== 'text') return undefined;
  const request = query?.facets.find((f) => f.name === field.name);
  const annotated = annotationSeparator(field.annotations.hierarchical);
  const asked = request && 'hierarchical' in request ? request.hierarchical : undefined;
  if (asked === false) return undefined;
  const separator = request && 'separator' in request && typeof request.separator === 'string' ? request.separator : undefined;
  if (asked === true) return separator ?? annotated ?? DEFAULT_HIERARCHY_SEPARATOR;
  return annotated;
}

function annotationSeparator(value: unknown): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text === 'string' && text !== '') return text;
  return value === true ? DEFAULT_HIERARCHY_SEPARATOR : undefined;
}

/** The record is at the path or below it: `a/b` keeps `a/b` and `a/b/c`, not `a/bc`. Never null. */
export function pathTest(compiler: Compiler, field: Field, path: string, separator: string): string {
  const column = sqlIdentifier(field.name);
  const exact = compiler.param(path);
  const below = compiler.param(`${path}${separator}`);
  const values = multivaluedSeparator(field);
  if (values === undefined) return `coalesce(${column} = ${exact} or starts_with(${column}, ${below}), false)`;
  return `coalesce(len(list_filter(string_split(${column}, ${compiler.param(values)}), lambda __v: __v = ${exact} or starts_with(__v, ${below}))) > 0, false)`;
}

export interface ShownValues {
  order: string;
  limit: number;
}

/**
 * The facet's values over the records of `plan`: the paths' first segments, and the next level
 * under each refined value. A record counts once under each of its paths' prefixes.
 */
export async function hierarchicalFacetValues(ctx: DataPlaneContext, plan: QueryPlan, field: Field, separator: string, refined: string[], shown: ShownValues): Promise<FacetValue[]> {
  const column = sqlIdentifier(field.name);
  const at = (n: number) => `$${plan.params.length + n}`;
  const multivalued = multivaluedSeparator(field);
  // Bound after the plan's: the separator, the parent path (with its separator), the values' separator.
  const values = multivalued === undefined ? `[${column}]` : `string_split(${column}, ${at(3)})`;
  const level = async (depth: number, parent: string): Promise<FacetValue[]> => {
    // `depth` is our own whole number; each record's prefixes of that depth, once each, under the parent.
    const prefix = `case when len(string_split(__v, ${at(1)})) >= ${depth} then array_to_string(list_slice(string_split(__v, ${at(1)}), 1, ${depth}), ${at(1)}) end`;
    const prefixes = `list_distinct(list_filter(list_transform(${values}, lambda __v: ${prefix}), lambda __p: __p is not null and starts_with(__p, ${at(2)})))`;
    const sql = `select value, count(*) as n from (select unnest(${prefixes}) as value from (${plan.sql}) as chosen) group by 1 order by ${shown.order} limit ${shown.limit}`;
    const rows = await ctx.engine.query(sql, [...plan.params, separator, parent, ...(multivalued === undefined ? [] : [multivalued])], BOUNDED);
    return Promise.all(
      rows.map(async (row) => {
        const value = String(row.value);
        const entry: FacetValue = { name: value.split(separator).at(-1) ?? value, value, count: Number(row.n), state: refined.some((r) => r === value || r.startsWith(`${value}${separator}`)) ? 'refined' : 'displayed' };
        if (entry.state === 'refined') {
          const children = await level(depth + 1, `${value}${separator}`);
          if (children.length > 0) entry.facets = children;
        }
        return entry;
      }),
    );
  };
  return level(1, '');
}
