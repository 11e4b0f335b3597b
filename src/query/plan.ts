// An Explore query (select, where, group_by, order_by, refine, exclude, limit, offset) as DuckDB SQL
// over a dataset's records (source.ts): the page, the count behind total_count, and the columns of
// the answer with their types. Records, exports and facets are planned here.
import type { Field, FieldType, RecordOrder } from '../catalog/index.js';
import { searchTextColumn, sqlIdentifier, type SqlParams } from '../data/index.js';
import { dateRangeKey } from './date-range.js';
import { geoClusterKey, type GroupKey } from './geo-cluster.js';
import { hierarchicalSeparator, pathTest } from './hierarchical-facets.js';
import { jsNumberSql } from './export-sql.js';
import { Compiler, type Compiled } from './odsql/compile.js';
import { odsqlError, type Clause } from './odsql/errors.js';
import { parseGroupBy, parseOrderBy, parseSelect, parseWhere, type Expr, type SelectItem } from './odsql/parser.js';
import { RECORD_ID_COLUMN } from './record-id.js';
import type { RecordsSource } from './source.js';

/** The query-string parameters that choose the records (ODS Explore v2.1 §3). */
export interface ExploreQuery {
  select?: string;
  /** Repeated `where` parameters: ANDed. */
  where: string[];
  groupBy?: string;
  orderBy?: string;
  refine: string[];
  exclude: string[];
  /** The `facet` parameters: a name, or `facet(name="x", disjunctive=true)`. */
  facets: FacetRequest[];
  /** `timezone` (§3): an IANA zone, checked; datetimes are read and shown there. UTC when absent. */
  timezone?: string;
  /** `lang` (§3): the language of date_format()'s names. French when absent. */
  lang?: string;
}

export interface FacetRequest {
  name: string;
  disjunctive: boolean;
  /** facet(…, sort="-count"): the order of the values (§2.4); the facet's default when absent. */
  sort?: FacetSort;
  /** facet(…, limit=N): how many values at most (§2.4). */
  limit?: number;
}

export const FACET_SORTS = ['count', '-count', 'alphanum', '-alphanum', 'num', '-num'] as const;
export type FacetSort = (typeof FACET_SORTS)[number];

/** What a plan reads: a SELECT of the rows, its parameters, its fields, and other names of some fields (the catalog's `default.title`). */
export type PlanSource = Pick<RecordsSource, 'sql' | 'params' | 'fields' | 'order' | 'searchText' | 'shapeBoxes'> & {
  aliases?: ReadonlyMap<string, Field>;
  /** SQL of each record's id (record-id.ts): the rows of an ungrouped answer then end with it as RECORD_ID_COLUMN, outside `columns`. */
  recordId?: string;
};

/** Whether refines on the field OR: its annotation, or facet(name=…, disjunctive=true) in the request. */
export function isDisjunctive(field: Field, query: ExploreQuery): boolean {
  return field.annotations.disjunctive === true || query.facets.some((f) => f.name === field.name && f.disjunctive);
}

/** `field:value` of refine and exclude: split at the first `:`; the value may be in double quotes (§3). */
export function refinementOf(raw: string): { field: string; value: string } | undefined {
  const at = raw.indexOf(':');
  if (at <= 0) return undefined;
  const value = raw.slice(at + 1);
  return { field: raw.slice(0, at).trim(), value: value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value };
}

export interface OutputColumn {
  /** The key in the answer: the alias, the field name, or the expression as written. */
  key: string;
  type: FieldType;
  /** A field's annotations, when the column is a field (a multivalued field's values are a list). */
  annotations?: Record<string, unknown>;
}

export interface QueryPlan {
  /** The rows, before LIMIT and OFFSET: add pageClause() (paging.ts) with the paging. */
  sql: string;
  /** One row with `n`: records matching (ungrouped, aggregates included, §5.4) or groups. */
  countSql: string;
  params: SqlParams;
  /** The first of `params`, those countSql uses (ORDER BY's come last and are not in it). */
  countParams: SqlParams;
  columns: OutputColumn[];
  /** True when the records are the source's, untouched (the version's row count is the count). */
  plain: boolean;
}

export function emptyQuery(): ExploreQuery {
  return { where: [], refine: [], exclude: [], facets: [] };
}

export function planQuery(source: PlanSource, query: ExploreQuery): QueryPlan {
  const fields = new Map([...source.fields.map((f) => [f.name, f] as const), ...(source.aliases ?? [])]);
  // The compiler numbers its parameters after the source's: $1… are the source's.
  const ours: SqlParams = [];
  const compiler = new Compiler(fields, ours, source.params.length, { timezone: query.timezone, lang: query.lang });
  // Full-text conditions test the search text when the source has it (the read copy's, data/read-copy.ts).
  compiler.searchColumn = source.searchText ? searchTextColumn : undefined;
  // Shapes are tested on their boxes first: the version's box columns, when it has them.
  compiler.shapeBoxes = source.shapeBoxes;
  const conditions = [
    ...query.where.filter((w) => w.trim() !== '').map((w) => compiler.condition(parseWhere(w), 'where')),
    ...refinements(compiler, query),
  ];
  compiler.searchColumn = undefined;
  const where = conditions.length > 0 ? ` where ${conditions.join(' and ')}` : '';
  const from = `(${source.sql}) as records`;
  const params = () => [...source.params, ...ours];
  const whereParams = params();
  const groups = query.groupBy?.trim() ? parseGroupBy(query.groupBy) : [];
  const parsed = query.select?.trim() ? parseSelect(query.select) : [];
  // `*` by default; exclude(p*) alone takes its fields away from all of them.
  const selectItems = parsed.some((i) => i.kind !== 'exclude') ? parsed : [{ kind: 'all' as const, text: '*', start: 0 }, ...parsed];

  if (groups.length === 0) {
    const columns: SelectedColumn[] = [];
    const plainItems: { text: string; start: number }[] = [];
    let aggregated = false;
    const excluded = new Set(selectItems.filter((i) => i.kind === 'exclude').flatMap((i) => fieldsOf(i, source.fields).map((f) => f.name)));
    // A key selected twice keeps its last expression: the earlier ones are not compiled, so that
    // none leaves a bound value that no column uses (DuckDB refuses unused parameters).
    const lastOfKey = new Map<string, SelectItem>();
    for (const item of selectItems) {
      if (item.kind === 'expr') lastOfKey.set(item.alias ?? item.text, item);
      else if (item.kind !== 'exclude') for (const field of fieldsOf(item, source.fields)) if (!excluded.has(field.name)) lastOfKey.set(field.name, item);
    }
    for (const item of selectItems) {
      if (item.kind === 'exclude') continue;
      if (item.kind === 'expr' && lastOfKey.get(item.alias ?? item.text) !== item) continue;
      if (item.kind === 'all' || item.kind === 'include') {
        for (const field of fieldsOf(item, source.fields)) if (!excluded.has(field.name)) addColumn(columns, { key: field.name, type: field.type, annotations: field.annotations }, sqlIdentifier(field.name));
        plainItems.push(item);
        continue;
      }
      const compiled = compiler.value(item.expr as Expr, 'select', true);
      if (compiled.aggregate) aggregated = true;
      else if (!isConstant(item.expr as Expr)) plainItems.push(item);
      const annotations = item.expr?.kind === 'field' ? fields.get(item.expr.name)?.annotations : undefined;
      addColumn(columns, { key: item.alias ?? item.text, type: outputType(compiled), annotations }, compiled.sql);
    }
    if (columns.length === 0) throw odsqlError('select', 0, 'no field is left to select', 'aucun champ ne reste à sélectionner');
    const select = selectList(columns);
    const output = zoned(columns, compiler.timezone);
    const countSql = `select count(*) as n from ${from}${where}`;
    const countParams = whereParams;
    if (aggregated) {
      // Aggregates without group_by make one group of all the records (§5.4): fields cannot be beside them.
      const mixed = plainItems[0];
      if (mixed) throw notGrouped(mixed);
      return { sql: `select ${select} from ${from}${where}`, countSql, params: params(), countParams, columns: output, plain: false };
    }
    const order = orderBy(compiler, query.orderBy, output, 'records', source.order);
    // The plain page writes the dataset's fields in UTC: in another zone, its datetimes need the plan's columns.
    const shifted = compiler.timezone !== 'UTC' && output.some((c) => c.type === 'datetime');
    const untouched = where === '' && order === '' && !shifted && selectItems.every((i) => i.kind === 'all') && !source.recordId;
    const recordId = source.recordId ? `, ${source.recordId} as ${sqlIdentifier(RECORD_ID_COLUMN)}` : '';
    // Select expressions may hold parameters too: they come before the order's, after the where's.
    return { sql: `select ${select}${recordId} from ${from}${where}${order}`, countSql, params: params(), countParams, columns: output, plain: untouched };
  }

  // Grouped: keys first (even when not selected, §5.4), then the selected aggregates.
  const columns: SelectedColumn[] = [];
  // What the rows are grouped by: a key's position, or what an aggregate key sums up (geo_cluster's cell).
  const groupedBy: string[] = [];
  for (const group of groups) {
    const compiled = groupKey(compiler, group.expr);
    if (columns.some((c) => c.column.key === (group.alias ?? group.text))) throw odsqlError('group_by', group.start, `${group.alias ?? group.text} names two group keys`, `${group.alias ?? group.text} nomme deux clés de groupe`);
    addColumn(columns, { key: group.alias ?? group.text, type: outputType(compiled) }, compiled.sql);
    groupedBy.push(compiled.groupBy ?? String(columns.length));
  }
  // The keys are the first columns, one per group_by item (a name given twice is refused above).
  const keys = columns.length;
  const lastAggregate = new Map(selectItems.map((item) => [item.alias ?? item.text, item]));
  for (const item of selectItems) {
    if (item.kind !== 'expr') continue;
    // As without group_by: of a key selected twice, only the last is compiled.
    if (lastAggregate.get(item.alias ?? item.text) !== item) continue;
    const group = groups.find((g) => g.text === item.text || g.alias === item.text || (item.expr?.kind === 'field' && g.expr.kind === 'field' && g.expr.name === item.expr.name));
    if (group) continue;
    const compiled = compiler.value(item.expr as Expr, 'select', true);
    if (!compiled.aggregate && !isConstant(item.expr as Expr)) throw notGrouped(item);
    const key = item.alias ?? item.text;
    // The keys stay the first columns, which the query groups by position.
    if (columns.slice(0, keys).some((c) => c.column.key === key)) throw odsqlError('select', item.start, `${key} is the name of a group key; choose another alias`, `${key} est le nom d’une clé de groupe ; choisissez un autre alias`);
    addColumn(columns, { key, type: outputType(compiled) }, compiled.sql);
  }
  const output = zoned(columns, compiler.timezone);
  // The keys are the first columns: grouped by position.
  const grouped = `select ${selectList(columns)} from ${from}${where} group by ${groupedBy.join(', ')}`;
  const groupedParams = params();
  // Without order_by, groups come by key, the null group first (§5.6).
  const order = query.orderBy?.trim() ? orderBy(compiler, query.orderBy, output, 'grouped') : ` order by ${output.slice(0, keys).map((c) => `${sqlIdentifier(c.key)} asc nulls first`).join(', ')}`;
  return {
    sql: `${grouped}${order}`,
    countSql: `select count(*) as n from (${grouped}) as groups`,
    params: params(),
    countParams: groupedParams,
    columns: output,
    plain: false,
  };
}

/** An answer column and the SQL that gives it. */
interface SelectedColumn {
  column: OutputColumn;
  sql: string;
}

/** A key selected twice keeps its last expression, in the last place. */
function addColumn(columns: SelectedColumn[], column: OutputColumn, sql: string): void {
  const existing = columns.findIndex((c) => c.column.key === column.key);
  if (existing >= 0) columns.splice(existing, 1);
  columns.push({ column, sql });
}

function selectList(columns: readonly SelectedColumn[]): string {
  return columns.map((c) => `${c.sql} as ${sqlIdentifier(c.column.key)}`).join(', ');
}

/** The answer's columns; a datetime one says in its `timezone` annotation the zone it is shown in (values.ts). */
function zoned(columns: readonly SelectedColumn[], timezone: string): OutputColumn[] {
  return columns.map(({ column }) => (column.type === 'datetime' && timezone !== 'UTC' ? { ...column, annotations: { ...column.annotations, timezone } } : column));
}

/** A field beside aggregates, or outside group_by (§5.4). */
function notGrouped(item: { text: string; start: number }): Error {
  return odsqlError('select', item.start, `${item.text} must be an aggregate or appear in group_by`, `${item.text} doit être un agrégat ou figurer dans group_by`);
}

function outputType(compiled: Compiled): FieldType {
  if (compiled.type === 'number') return 'double';
  if (compiled.type === 'null') return 'text';
  return compiled.type;
}

/** The fields `*`, include(p*) or exclude(p*) name. */
function fieldsOf(item: { kind: string; pattern?: string }, fields: readonly Field[]): Field[] {
  if (item.kind === 'all' || !item.pattern) return [...fields];
  const pattern = item.pattern;
  return fields.filter((f) => (pattern.endsWith('*') ? f.name.startsWith(pattern.slice(0, -1)) : f.name === pattern));
}

function isConstant(expr: Expr): boolean {
  return expr.kind === 'literal' || expr.kind === 'date';
}

/** A group_by item: a field, a scalar function, range() (static bounds or equal widths), or geo_cluster(). */
function groupKey(compiler: Compiler, expr: Expr): GroupKey {
  if (expr.kind === 'call' && expr.name === 'range') return rangeKey(compiler, expr);
  if (expr.kind === 'call' && expr.name === 'geo_cluster') return geoClusterKey(compiler, expr);
  const compiled = compiler.value(expr, 'group_by');
  if (compiled.type === 'geo_point_2d' || compiled.type === 'geo_shape') {
    throw odsqlError('group_by', expr.start, 'grouping by a geo field is not supported; use a text or date field', 'grouper par un champ géographique n’est pas pris en charge ; utilisez un champ texte ou date');
  }
  return compiled;
}

/**
 * range(f, *, 10, 50, *) → `[*, 10[`, `[10, 50[`, `[50, *[` (values past an end without `*` are
 * left out, as null); range(f, 5) → `[10, 15[`… The key's form is not documented by ODS (§12): this
 * is the form its documentation's comments show, lower bound included, upper excluded.
 */
function rangeKey(compiler: Compiler, call: Extract<Expr, { kind: 'call' }>): Compiled {
  const [fieldExpr, ...bounds] = call.args;
  if (!fieldExpr) throw odsqlError('group_by', call.start, 'range() takes a field', 'range() prend un champ');
  const value = compiler.value(fieldExpr, 'group_by');
  if (value.type === 'date' || value.type === 'datetime') return dateRangeKey(compiler, call, value, bounds);
  if (value.type !== 'int' && value.type !== 'double') throw odsqlError('group_by', call.start, 'range() is supported on numeric and date fields', 'range() est pris en charge sur les champs numériques et les dates');
  const numberOf = (e: Expr): number => {
    // Written into the SQL as text: Infinity or NaN would be names there.
    if (e.kind === 'literal' && typeof e.value === 'number' && Number.isFinite(e.value)) return e.value;
    throw odsqlError('group_by', e.start, 'a number or * is expected', 'un nombre ou * est attendu');
  };
  if (bounds.length === 1 && bounds[0]?.kind !== 'star') {
    const width = numberOf(bounds[0]!);
    if (!(width > 0)) throw odsqlError('group_by', call.start, 'the width of range() must be positive', 'la largeur de range() doit être positive');
    const low = `(floor(${value.sql} / ${width}) * ${width})`;
    // Bounds written as numbers are in JSON (`[10, 15[`), not as DuckDB writes a double (`[10.0, 15.0[`).
    return { sql: `case when ${value.sql} is null then null else '[' || ${jsNumberSql(low)} || ', ' || ${jsNumberSql(`(${low} + ${width})`)} || '[' end`, type: 'text', aggregate: false };
  }
  const openLow = bounds[0]?.kind === 'star';
  const openHigh = bounds[bounds.length - 1]?.kind === 'star';
  const steps = bounds.filter((b) => b.kind !== 'star').map(numberOf);
  if (steps.length === 0 || steps.some((s, i) => i > 0 && s <= (steps[i - 1] ?? s))) throw odsqlError('group_by', call.start, 'range() bounds must increase', 'les bornes de range() doivent croître');
  const cases: string[] = [];
  const label = (n: number) => String(n);
  if (openLow) cases.push(`when ${value.sql} < ${steps[0]} then '[*, ${label(steps[0]!)}['`);
  for (let i = 0; i + 1 < steps.length; i += 1) cases.push(`when ${value.sql} >= ${steps[i]} and ${value.sql} < ${steps[i + 1]} then '[${label(steps[i]!)}, ${label(steps[i + 1]!)}['`);
  if (openHigh) cases.push(`when ${value.sql} >= ${steps[steps.length - 1]} then '[${label(steps[steps.length - 1]!)}, *['`);
  return { sql: `case ${cases.join(' ')} else null end`, type: 'text', aggregate: false };
}

/** ORDER BY: expressions, aliases and aggregates; nulls last both ways (§5.3). */
function orderBy(compiler: Compiler, text: string | undefined, columns: OutputColumn[], over: 'records' | 'grouped' = 'records', fileOrder?: RecordOrder): string {
  if (!text?.trim()) return '';
  const parsed = parseOrderBy(text);
  // The records already come in that order (a sorted version, data/values.ts orderClause): no sort,
  // and a page is read as far as it goes. A name is the field's before an alias's, as below.
  const inFileOrder = (item: (typeof parsed)[number], i: number): boolean =>
    item.expr.kind === 'field' && item.expr.name === fileOrder?.[i]?.field && item.descending === fileOrder[i]?.descending && compiler.fields.has(item.expr.name);
  if (over === 'records' && fileOrder && parsed.length <= fileOrder.length && parsed.every(inFileOrder)) {
    // Still compiled, for its errors (a field that does not exist) to be said.
    parsed.forEach((item) => compiler.value(item.expr, 'order_by'));
    return '';
  }
  const items = parsed.map((item) => {
    const alias = item.expr.kind === 'field' ? columns.find((c) => c.key === (item.expr as { name: string }).name) : undefined;
    let sql: string;
    if (over === 'grouped') {
      // In a grouped query, a key or an alias names its column; an aggregate is computed per group.
      const compiled = alias ? undefined : compiler.value(item.expr, 'order_by', true);
      if (compiled && !compiled.aggregate) throw odsqlError('order_by', item.expr.start, 'order_by on a grouped query names a group key, an alias or an aggregate', 'order_by sur une requête groupée nomme une clé, un alias ou un agrégat');
      sql = alias ? sqlIdentifier(alias.key) : (compiled?.sql ?? '');
    } else if (alias && !compiler.fields.has(alias.key)) {
      sql = sqlIdentifier(alias.key);
    } else {
      const compiled = compiler.value(item.expr, 'order_by');
      if (compiled.type === 'geo_point_2d' || compiled.type === 'geo_shape') throw odsqlError('order_by', item.expr.start, 'a geo field cannot be sorted; use distance()', 'un champ géographique ne se trie pas ; utilisez distance()');
      sql = compiled.sql;
    }
    return `${sql} ${item.descending ? 'desc' : 'asc'} nulls last`;
  });
  return ` order by ${items.join(', ')}`;
}

/**
 * refine=field:value and exclude=field:value (§3): a value may be quoted; a date accepts a partial
 * path (2024, 2024/03, 2024/03/05). Refines on the same field AND, or OR when the field is
 * disjunctive (its annotation, or facet(name=…, disjunctive=true) in the request).
 */
function refinements(compiler: Compiler, query: ExploreQuery): string[] {
  const conditions: string[] = [];
  const byField = new Map<string, string[]>();
  for (const [clause, list] of [['refine', query.refine], ['exclude', query.exclude]] as const) {
    for (const raw of list) {
      const refinement = refinementOf(raw);
      if (!refinement) throw odsqlError(clause, 0, `${raw} is not of the form field:value`, `${raw} n’a pas la forme champ:valeur`);
      const { field: name, value } = refinement;
      const field = compiler.fields.get(name);
      if (!field) throw odsqlError(clause, 0, `Unknown field: ${name}`, `champ inconnu : ${name}`);
      // A hierarchical text field's value is a path: the records at it and below it (hierarchical-facets.ts).
      const hierarchy = hierarchicalSeparator(field, query);
      const test = hierarchy !== undefined ? pathTest(compiler, field, value, hierarchy) : facetTest(compiler, field, value, clause);
      if (clause === 'exclude') conditions.push(`(not ${test})`);
      else byField.set(name, [...(byField.get(name) ?? []), test]);
    }
  }
  for (const [name, tests] of byField) {
    const field = compiler.fields.get(name);
    conditions.push(`(${tests.join(field && isDisjunctive(field, query) ? ' or ' : ' and ')})`);
  }
  return conditions;
}

/** The record's field has the facet value: equality, or the period of a partial date path. */
function facetTest(compiler: Compiler, field: Field, value: string, clause: Clause): string {
  const column = sqlIdentifier(field.name);
  if (field.type === 'date' || field.type === 'datetime') {
    const match = /^(\d{4})(?:\/(\d{1,2}))?(?:\/(\d{1,2}))?$/.exec(value.trim());
    if (!match) throw odsqlError(clause, 0, `${value} is not a date path (2024, 2024/03, 2024/03/05)`, `${value} n’est pas un chemin de date (2024, 2024/03, 2024/03/05)`);
    const unit = match[3] !== undefined ? 'day' : match[2] !== undefined ? 'month' : 'year';
    const start = compiler.dateLiteral(value.trim(), clause, 0);
    // A datetime's day is its day in the request's zone.
    const local = compiler.local({ sql: column, type: field.type, aggregate: false });
    return `coalesce(date_trunc('${unit}', ${local}) = date_trunc('${unit}', ${start.sql}), false)`;
  }
  if (field.type === 'int' || field.type === 'double') {
    if (!/^-?\d+(\.\d+)?$/.test(value.trim())) return 'false';
    return `coalesce(${column} = ${compiler.numberParam(Number(value))}, false)`;
  }
  if (field.type === 'boolean') {
    const truth = value.trim().toLowerCase();
    return truth === 'true' || truth === 'false' ? `coalesce(${column} = ${truth}, false)` : 'false';
  }
  return compiler.hasValue(field, value);
}
