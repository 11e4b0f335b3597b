// An Explore query (select, where, group_by, order_by, refine, exclude, limit, offset) as DuckDB SQL
// over a dataset's records (source.ts): the page, the count behind total_count, and the columns of
// the answer with their types. Records, exports and facets are planned here.
import type { Field, FieldType } from '../catalog/index.js';
import { sqlIdentifier, type SqlParams } from '../data/index.js';
import { Compiler, type Compiled } from './odsql/compile.js';
import { odsqlError, type Clause } from './odsql/errors.js';
import { parseGroupBy, parseOrderBy, parseSelect, parseWhere, type Expr } from './odsql/parser.js';
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
}

export interface FacetRequest {
  name: string;
  disjunctive: boolean;
}

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
  /** The rows, before LIMIT and OFFSET: add `limit $n offset $m` with the paging. */
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

export function planQuery(source: RecordsSource, query: ExploreQuery): QueryPlan {
  const fields = new Map(source.fields.map((f) => [f.name, f]));
  // The compiler numbers its parameters after the source's: $1… are the source's.
  const ours: SqlParams = [];
  const compiler = new Compiler(fields, ours, source.params.length);
  const conditions = [
    ...query.where.filter((w) => w.trim() !== '').map((w) => compiler.condition(parseWhere(w), 'where')),
    ...refinements(compiler, source.fields, query),
  ];
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
    for (const item of selectItems) {
      if (item.kind === 'exclude') continue;
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
    const select = selectList(columns);
    const output = columns.map((c) => c.column);
    const countSql = `select count(*) as n from ${from}${where}`;
    if (aggregated) {
      // Aggregates without group_by make one group of all the records (§5.4): fields cannot be beside them.
      const mixed = plainItems[0];
      if (mixed) throw notGrouped(mixed);
      return { sql: `select ${select} from ${from}${where}`, countSql, params: params(), countParams: whereParams, columns: output, plain: false };
    }
    const order = orderBy(compiler, query.orderBy, output);
    const untouched = where === '' && order === '' && selectItems.every((i) => i.kind === 'all');
    // Select expressions may hold parameters too: they come before the order's, after the where's.
    return { sql: `select ${select} from ${from}${where}${order}`, countSql, params: params(), countParams: whereParams, columns: output, plain: untouched };
  }

  // Grouped: keys first (even when not selected, §5.4), then the selected aggregates.
  const columns: SelectedColumn[] = [];
  for (const group of groups) {
    const compiled = groupKey(compiler, group.expr);
    addColumn(columns, { key: group.alias ?? group.text, type: outputType(compiled) }, compiled.sql);
  }
  for (const item of selectItems) {
    if (item.kind !== 'expr') continue;
    const group = groups.find((g) => g.text === item.text || g.alias === item.text || (item.expr?.kind === 'field' && g.expr.kind === 'field' && g.expr.name === item.expr.name));
    if (group) continue;
    const compiled = compiler.value(item.expr as Expr, 'select', true);
    if (!compiled.aggregate && !isConstant(item.expr as Expr)) throw notGrouped(item);
    addColumn(columns, { key: item.alias ?? item.text, type: outputType(compiled) }, compiled.sql);
  }
  const output = columns.map((c) => c.column);
  // The keys are the first columns: grouped by position.
  const grouped = `select ${selectList(columns)} from ${from}${where} group by ${groups.map((_, i) => i + 1).join(', ')}`;
  const groupedParams = params();
  // Without order_by, groups come by key, the null group first (§5.6).
  const order = query.orderBy?.trim() ? orderBy(compiler, query.orderBy, output, 'grouped') : ` order by ${output.slice(0, groups.length).map((c) => `${sqlIdentifier(c.key)} asc nulls first`).join(', ')}`;
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

/** A group_by item: a field, a scalar function, or range() (static bounds or equal widths). */
function groupKey(compiler: Compiler, expr: Expr): Compiled {
  if (expr.kind === 'call' && expr.name === 'range') return rangeKey(compiler, expr);
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
  if (value.type !== 'int' && value.type !== 'double') throw odsqlError('group_by', call.start, 'range() is supported on numeric fields', 'range() est pris en charge sur les champs numériques');
  const numberOf = (e: Expr): number => {
    if (e.kind === 'literal' && typeof e.value === 'number') return e.value;
    throw odsqlError('group_by', e.start, 'a number or * is expected', 'un nombre ou * est attendu');
  };
  if (bounds.length === 1 && bounds[0]?.kind !== 'star') {
    const width = numberOf(bounds[0]!);
    if (!(width > 0)) throw odsqlError('group_by', call.start, 'the width of range() must be positive', 'la largeur de range() doit être positive');
    const low = `(floor(${value.sql} / ${width}) * ${width})`;
    return { sql: `case when ${value.sql} is null then null else '[' || ${low} || ', ' || (${low} + ${width}) || '[' end`, type: 'text', aggregate: false };
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
function orderBy(compiler: Compiler, text: string | undefined, columns: OutputColumn[], over: 'records' | 'grouped' = 'records'): string {
  if (!text?.trim()) return '';
  const items = parseOrderBy(text).map((item) => {
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
function refinements(compiler: Compiler, fields: readonly Field[], query: ExploreQuery): string[] {
  const conditions: string[] = [];
  const byField = new Map<string, string[]>();
  for (const [clause, list] of [['refine', query.refine], ['exclude', query.exclude]] as const) {
    for (const raw of list) {
      const refinement = refinementOf(raw);
      if (!refinement) throw odsqlError(clause, 0, `${raw} is not of the form field:value`, `${raw} n’a pas la forme champ:valeur`);
      const { field: name, value } = refinement;
      const field = fields.find((f) => f.name === name);
      if (!field) throw odsqlError(clause, 0, `Unknown field: ${name}`, `champ inconnu : ${name}`);
      const test = facetTest(compiler, field, value, clause);
      if (clause === 'exclude') conditions.push(`(not ${test})`);
      else byField.set(name, [...(byField.get(name) ?? []), test]);
    }
  }
  for (const [name, tests] of byField) {
    const field = fields.find((f) => f.name === name);
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
    return `coalesce(date_trunc('${unit}', ${column}) = date_trunc('${unit}', ${start.sql}), false)`;
  }
  if (field.type === 'int' || field.type === 'double') {
    if (!/^-?\d+(\.\d+)?$/.test(value.trim())) return 'false';
    return `coalesce(${column} = cast(${compiler.param(Number(value))} as double), false)`;
  }
  if (field.type === 'boolean') {
    const truth = value.trim().toLowerCase();
    return truth === 'true' || truth === 'false' ? `coalesce(${column} = ${truth}, false)` : 'false';
  }
  return compiler.hasValue(field, value);
}
