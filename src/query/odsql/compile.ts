// From the ODSQL AST to DuckDB SQL over a dataset's records. Every value the client wrote becomes
// a bound parameter; the SQL text holds only our own words, the dataset's field names (checked
// against the version's fields, then quoted) and numbers we parsed. Types are checked here, so that
// a query DuckDB would refuse is a 400 that names the clause, never a 500.
import type { Field, FieldType } from '../../catalog/index.js';
import { multivaluedSeparator, sqlIdentifier, type SqlParams } from '../../data/index.js';
import { odsqlError, type Clause } from './errors.js';
import type { BinaryOp, Expr } from './parser.js';
import { dateFormatSql } from './date-format.js';
import { fieldsTest, queryWords, searchTextTest, type FullTextMode } from './full-text.js';
import { geoCondition, geoDistance } from './geo-calls.js';
import type { ShapeBox } from './geo-shape.js';
import { twoValued } from './two-valued.js';

/** What a compiled expression gives: SQL and its type ('number' for computed numbers, 'null' for NULL). */
export interface Compiled {
  sql: string;
  type: FieldType | 'number' | 'null';
  aggregate: boolean;
}

export interface CompileLocale {
  /** An IANA time zone, checked beforehand (explore-params.ts); UTC when absent. */
  timezone?: string;
  /** One of date-format.ts's LANGUAGES; French when absent. */
  lang?: string;
}

const NUMERIC = new Set<Compiled['type']>(['int', 'double', 'number']);
const TEMPORAL = new Set<Compiled['type']>(['date', 'datetime']);


export class Compiler {
  constructor(
    readonly fields: ReadonlyMap<string, Field>,
    readonly params: SqlParams,
    /** How many parameters come before ours ($1… are the records source's). */
    private readonly base: number,
    /** The request's `timezone` and `lang` (§3): where datetimes are read and shown, how names are written. */
    readonly locale: CompileLocale = {},
  ) {}

  get timezone(): string {
    return this.locale.timezone ?? 'UTC';
  }

  /** A date, or a datetime as the wall time of the request's zone (a TIMESTAMP): what date parts are taken from. */
  local(value: Compiled): string {
    return value.type === 'datetime' ? `timezone(${this.param(this.timezone)}, ${value.sql})` : value.sql;
  }

  /** Beside a datetime, a date is the instant its day starts in the request's zone. */
  private atSameTime(value: Compiled, other: Compiled): Compiled {
    if (value.type !== 'date' || other.type !== 'datetime') return value;
    return { ...value, sql: `timezone(${this.param(this.timezone)}, cast(${value.sql} as timestamp))`, type: 'datetime' };
  }

  /**
   * The column of the records' search text a query word is in, when the source has the search text
   * (src/data/search-text.ts): full-text conditions over every text field test it instead of the fields.
   */
  searchColumn?: (word: string) => string;

  /** The box columns of the version's geo_shape fields, by field (geo-shape.ts); computed in the query when absent. */
  shapeBoxes?: ReadonlyMap<string, ShapeBox>;

  param(value: string | number): string {
    this.params.push(value);
    return `$${this.base + this.params.length}`;
  }

  /** A number as a bound double: an integer past 2^53 is bound as its text, which DuckDB would refuse as a BIGINT. */
  numberParam(value: number): string {
    return `cast(${this.param(Number.isInteger(value) && !Number.isSafeInteger(value) ? String(value) : value)} as double)`;
  }

  field(name: string, clause: Clause, start: number): Compiled {
    const field = this.fields.get(name);
    if (!field) throw odsqlError(clause, start, `Unknown field: ${name}`, `champ inconnu : ${name}`);
    return { sql: sqlIdentifier(field.name), type: field.type, aggregate: false };
  }

  /** A condition: true or false, never NULL (a comparison with NULL is false, §5.3), so that NOT is plain. */
  condition(expr: Expr, clause: Clause): string {
    switch (expr.kind) {
      case 'binary':
        if (expr.op === 'and' || expr.op === 'or') {
          // A chain (`a or b or c…`, as long as a client writes it) is written flat, walked without recursion.
          const terms: Expr[] = [expr.right];
          let left = expr.left;
          for (; left.kind === 'binary' && left.op === expr.op; left = left.left) terms.unshift(left.right);
          terms.unshift(left);
          return `(${terms.map((term) => this.condition(term, clause)).join(` ${expr.op} `)})`;
        }
        return twoValued(this.comparison(expr.op, expr.left, expr.right, clause, expr.start));
      case 'not':
        return `(not ${this.condition(expr.operand, clause)})`;
      case 'literal':
        if (typeof expr.value === 'string') return this.fullText(expr.value, [...this.textFields()], 'words');
        if (typeof expr.value === 'boolean') return expr.value ? 'true' : 'false';
        break;
      case 'field': {
        const field = this.field(expr.name, clause, expr.start);
        if (field.type === 'boolean') return `coalesce(${field.sql}, false)`;
        break;
      }
      case 'is': {
        const operand = this.value(expr.operand, clause);
        if (expr.test !== 'null' && operand.type !== 'boolean' && operand.type !== 'null') {
          throw odsqlError(clause, expr.start, `IS ${expr.test.toUpperCase()} takes a boolean, not a ${operand.type}`, `IS ${expr.test.toUpperCase()} prend un booléen, pas un ${operand.type}`);
        }
        const test = expr.test === 'null' ? `(${operand.sql} is null)` : `coalesce(${operand.sql} = ${expr.test}, false)`;
        return expr.negated ? `(not ${test})` : test;
      }
      case 'like':
        return this.like(expr.operand, expr.pattern, clause);
      case 'in_list':
        return this.inList(expr.operand, expr.items, clause);
      case 'in_range': {
        const operand = this.value(expr.operand, clause);
        const low = this.valueLike(expr.low, operand, clause);
        const high = this.valueLike(expr.high, operand, clause);
        this.comparable(operand, low, clause, expr.start);
        this.comparable(operand, high, clause, expr.start);
        const above = `${this.atSameTime(operand, low).sql} ${expr.lowIncluded ? '>=' : '>'} ${this.atSameTime(low, operand).sql}`;
        const below = `${this.atSameTime(operand, high).sql} ${expr.highIncluded ? '<=' : '<'} ${this.atSameTime(high, operand).sql}`;
        return twoValued(`${above} and ${below}`);
      }
      case 'call':
        return this.predicateCall(expr, clause);
      default:
        break;
    }
    throw odsqlError(clause, expr.start, 'a condition is expected here', 'une condition est attendue ici');
  }

  private comparison(op: BinaryOp, leftExpr: Expr, rightExpr: Expr, clause: Clause, start: number): string {
    // One side may be a string written for a date (`date_maj >= "2024-01-01"`): typed by the other side.
    const stringOnLeft = leftExpr.kind === 'literal' && typeof leftExpr.value === 'string';
    const right = stringOnLeft ? this.value(rightExpr, clause) : undefined;
    const left = right ? this.valueLike(leftExpr, right, clause) : this.value(leftExpr, clause);
    const other = right ?? this.valueLike(rightExpr, left, clause);
    this.comparable(left, other, clause, start);
    if (!['=', '!=', '<', '<=', '>', '>='].includes(op)) throw odsqlError(clause, start, `unexpected operator ${op}`, `opérateur inattendu ${op}`);
    return `(${this.atSameTime(left, other).sql} ${op} ${this.atSameTime(other, left).sql})`;
  }

  /** The value of `expr` beside `other`: a string literal beside a date is a date (clients write `date_maj >= "2024-01-01"`). */
  private valueLike(expr: Expr, other: Compiled, clause: Clause): Compiled {
    if (expr.kind === 'literal' && typeof expr.value === 'string' && TEMPORAL.has(other.type)) return this.dateLiteral(expr.value, clause, expr.start);
    return this.value(expr, clause);
  }

  private comparable(left: Compiled, right: Compiled, clause: Clause, start: number): void {
    if (left.type === 'null' || right.type === 'null') return;
    const family = (type: Compiled['type']) => (NUMERIC.has(type) ? 'number' : TEMPORAL.has(type) ? 'temporal' : type);
    if (family(left.type) !== family(right.type)) {
      throw odsqlError(clause, start, `a ${left.type} cannot be compared with a ${right.type}`, `un ${left.type} ne peut pas être comparé à un ${right.type}`);
    }
    if (left.type === 'geo_point_2d' || left.type === 'geo_shape') throw odsqlError(clause, start, 'geographic values are compared with geo functions', 'les valeurs géographiques se comparent avec les fonctions géographiques');
  }

  /** `f like "star wars"`: every word is a word of the field, accents and case aside; `school*` is a word start. */
  private like(operandExpr: Expr, patternExpr: Expr, clause: Clause): string {
    if (patternExpr.kind !== 'literal' || typeof patternExpr.value !== 'string') throw odsqlError(clause, patternExpr.start, 'LIKE takes a string', 'LIKE prend une chaîne');
    const operand = this.value(operandExpr, clause);
    return this.fullText(patternExpr.value, [operand.sql], 'like');
  }

  private inList(operandExpr: Expr, items: Expr[], clause: Clause): string {
    // `"Loire" in tags`: the literal is one of the values of a multivalued field.
    const only = items[0];
    if (items.length === 1 && only?.kind === 'field' && operandExpr.kind === 'literal') {
      this.field(only.name, clause, only.start);
      const field = this.fields.get(only.name);
      // Only a text holds values (`"Loire" in tags`); `5 in population` is the list of one field below.
      if (field?.type === 'text') return this.hasValue(field, String(operandExpr.value));
    }
    const value = this.value(operandExpr, clause);
    const values = items.map((item) => {
      const compiled = this.valueLike(item, value, clause);
      this.comparable(value, compiled, clause, item.start);
      return compiled;
    });
    const operand = this.atSameTime(value, values.find((v) => v.type === 'datetime') ?? value);
    return twoValued(`${operand.sql} in (${values.map((v) => this.atSameTime(v, operand).sql).join(', ')})`);
  }

  /** The field holds the value: equal to it, or one of its values for a multivalued field. */
  hasValue(field: Field, value: string): string {
    const column = sqlIdentifier(field.name);
    const separator = multivaluedSeparator(field);
    if (separator !== undefined) return `coalesce(list_contains(string_split(${column}, ${this.param(separator)}), ${this.param(value)}), false)`;
    return twoValued(`${column} = ${this.param(value)}`);
  }

  private *textFields(): Iterable<string> {
    // A field annotated `fulltext: false` (the catalog's ids, licences…) is not read by full-text queries.
    for (const field of new Set(this.fields.values())) if (field.type === 'text' && field.annotations.fulltext !== false) yield sqlIdentifier(field.name);
  }

  /** Full text over `columns` (full-text.ts); over every text field, the search text when the source has one. */
  fullText(query: string, columns: string[], mode: FullTextMode): string {
    const words = queryWords(query);
    if (words.length === 0) return 'true';
    if (columns.length === 0) return 'false';
    const bind = (value: string) => this.param(value);
    if (this.searchColumn && columns.join() === [...this.textFields()].join()) return searchTextTest(words, this.searchColumn, mode, bind);
    return fieldsTest(words, columns, mode, bind);
  }

  private predicateCall(call: Extract<Expr, { kind: 'call' }>, clause: Clause): string {
    const textArgument = (index: number): string => {
      const arg = call.args[index];
      if (arg?.kind !== 'literal' || typeof arg.value !== 'string') throw odsqlError(clause, arg?.start ?? call.start, `${call.name}() takes a string as its last argument`, `${call.name}() prend une chaîne en dernier argument`);
      return arg.value;
    };
    const columnsOf = (args: Expr[]): string[] => {
      if (args.length === 0 || args.some((a) => a.kind === 'star')) return [...this.textFields()];
      return args.map((a) => {
        if (a.kind !== 'field') throw odsqlError(clause, a.start, `${call.name}() takes field names`, `${call.name}() prend des noms de champs`);
        return this.field(a.name, clause, a.start).sql;
      });
    };
    switch (call.name) {
      case 'search':
        return this.fullText(textArgument(call.args.length - 1), columnsOf(call.args.slice(0, -1)), 'words');
      case 'suggest':
        return this.fullText(textArgument(call.args.length - 1), columnsOf(call.args.slice(0, -1)), 'prefix');
      case 'startswith': {
        const prefix = this.param(textArgument(call.args.length - 1));
        for (const arg of call.args.slice(0, -1)) {
          const type = arg.kind === 'field' ? this.fields.get(arg.name)?.type : 'text';
          if (type !== undefined && type !== 'text') throw odsqlError(clause, arg.start, `startswith() takes text fields, not a ${type}`, `startswith() prend des champs texte, pas un ${type}`);
        }
        return `(${columnsOf(call.args.slice(0, -1))
          .map((c) => `coalesce(starts_with(${c}, ${prefix}), false)`)
          .join(' or ')})`;
      }
      case 'within_distance':
      case 'distance':
      case 'in_bbox':
      case 'intersects':
      case 'within':
      case 'disjoint':
      case 'geometry':
      case 'polygon':
        return geoCondition(this, call, clause);
      default:
        throw odsqlError(clause, call.start, `${call.name}() is not a condition this platform knows`, `${call.name}() n’est pas une condition connue de cette plateforme`);
    }
  }

  dateLiteral(text: string, clause: Clause, start: number): Compiled {
    const match = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.exec(text.trim());
    if (!match) throw odsqlError(clause, start, `${JSON.stringify(text)} is not a date`, `${JSON.stringify(text)} n’est pas une date`);
    const [, year, month = '1', day = '1', hour, minute = '0', second = '0', fraction = '0', zone] = match;
    const pad = (n: string) => n.padStart(2, '0');
    const date = `${year}-${pad(month)}-${pad(day)}`;
    // The day must exist (2024-02-31 does not), as must the time; 2000 years on, leap years are the same.
    const day1 = new Date(Date.UTC(Number(year) + 2000, Number(month) - 1, Number(day)));
    const exists = day1.getUTCMonth() === Number(month) - 1 && day1.getUTCDate() === Number(day);
    const offset = /^[+-](\d{2}):?(\d{2})$/.exec(zone ?? '+00:00');
    if (!exists || Number(hour ?? 0) > 23 || Number(minute) > 59 || Number(second) > 59 || Number(offset?.[1]) > 23 || Number(offset?.[2]) > 59) {
      throw odsqlError(clause, start, `${JSON.stringify(text)} is not a date`, `${JSON.stringify(text)} n’est pas une date`);
    }
    if (hour === undefined) return { sql: `cast(${this.param(date)} as date)`, type: 'date', aggregate: false };
    const time = `${date} ${pad(hour)}:${minute}:${pad(second)}.${fraction}`;
    if (zone) return { sql: `cast(${this.param(`${time}${zone}`)} as timestamptz)`, type: 'datetime', aggregate: false };
    // Without an offset, the time is the request's zone's (§3 timezone).
    return { sql: `timezone(${this.param(this.timezone)}, cast(${this.param(time)} as timestamp))`, type: 'datetime', aggregate: false };
  }

  /** A value: a field, a literal, arithmetic, a scalar function; an aggregate where `aggregates` allows. */
  value(expr: Expr, clause: Clause, aggregates = false): Compiled {
    switch (expr.kind) {
      case 'field':
        return this.field(expr.name, clause, expr.start);
      case 'literal':
        if (expr.value === null) return { sql: 'null', type: 'null', aggregate: false };
        if (typeof expr.value === 'boolean') return { sql: expr.value ? 'true' : 'false', type: 'boolean', aggregate: false };
        if (typeof expr.value === 'number') return { sql: this.numberParam(expr.value), type: Number.isInteger(expr.value) ? 'int' : 'double', aggregate: false };
        return { sql: this.param(expr.value), type: 'text', aggregate: false };
      case 'date':
        return this.dateLiteral(expr.value, clause, expr.start);
      case 'negate': {
        const operand = this.value(expr.operand, clause, aggregates);
        this.numeric(operand, clause, expr.start);
        return { ...operand, sql: `(-${operand.sql})` };
      }
      case 'binary': {
        if (!['+', '-', '*', '/'].includes(expr.op)) break;
        const left = this.value(expr.left, clause, aggregates);
        const right = this.value(expr.right, clause, aggregates);
        this.numeric(left, clause, expr.left.start);
        this.numeric(right, clause, expr.right.start);
        if (left.aggregate !== right.aggregate) this.notBesideAggregate(left.aggregate ? expr.right : expr.left, clause);
        // Division by zero gives null (§5.4), and a division a double.
        const sql = expr.op === '/' ? `(${left.sql} / nullif(${right.sql}, 0))` : `(${left.sql} ${expr.op} ${right.sql})`;
        const type = expr.op !== '/' && left.type === 'int' && right.type === 'int' ? 'int' : 'double';
        return { sql, type, aggregate: left.aggregate || right.aggregate };
      }
      case 'call':
        return this.functionCall(expr, clause, aggregates);
      default:
        break;
    }
    throw odsqlError(clause, expr.start, 'a value is expected here', 'une valeur est attendue ici');
  }

  /** A value of each record cannot be computed with an aggregate, which has one value for all of them (§5.4). */
  private notBesideAggregate(expr: Expr, clause: Clause): void {
    if (readsRecords(expr)) throw odsqlError(clause, expr.start, 'a field outside an aggregate cannot be computed with an aggregate', 'un champ hors d’un agrégat ne peut pas être calculé avec un agrégat');
  }

  private text(value: Compiled, call: { name: string; start: number }, clause: Clause): Compiled {
    if (value.type !== 'text' && value.type !== 'null') throw odsqlError(clause, call.start, `${call.name}() takes a text, not a ${value.type}`, `${call.name}() prend un texte, pas un ${value.type}`);
    return value;
  }

  private numeric(value: Compiled, clause: Clause, start: number): void {
    if (!NUMERIC.has(value.type) && value.type !== 'null') throw odsqlError(clause, start, `arithmetic needs numbers, not ${value.type}`, `le calcul demande des nombres, pas ${value.type}`);
  }

  private functionCall(call: Extract<Expr, { kind: 'call' }>, clause: Clause, aggregates: boolean): Compiled {
    const arg = (index: number): Compiled => {
      const expr = call.args[index];
      if (!expr) throw odsqlError(clause, call.start, `${call.name}() needs more arguments`, `${call.name}() demande plus d’arguments`);
      return this.value(expr, clause);
    };
    const aggregate = (sql: string, type: Compiled['type']): Compiled => {
      if (!aggregates) throw odsqlError(clause, call.start, `the aggregate ${call.name}() is not allowed in ${clause}`, `l’agrégat ${call.name}() n’est pas permis dans ${clause}`);
      return { sql, type, aggregate: true };
    };
    switch (call.name) {
      case 'count': {
        if (call.args[0]?.kind === 'star' || call.args.length === 0) return aggregate('count(*)', 'int');
        const value = arg(0);
        return aggregate(`count(${call.distinct ? 'distinct ' : ''}${value.sql})`, 'int');
      }
      case 'sum':
      case 'avg':
      case 'median': {
        const value = arg(0);
        if (!NUMERIC.has(value.type)) throw odsqlError(clause, call.start, 'StatAggregation only supports numeric or date expression', 'les agrégats statistiques demandent une expression numérique ou une date');
        const sql = call.name === 'median' ? `quantile_cont(${value.sql}, 0.5)` : call.name === 'sum' ? `sum(${value.sql})` : `avg(${value.sql})`;
        return aggregate(sql, call.name === 'sum' && value.type === 'int' ? 'int' : 'double');
      }
      case 'min':
      case 'max': {
        const value = arg(0);
        if (!NUMERIC.has(value.type) && !TEMPORAL.has(value.type)) throw odsqlError(clause, call.start, 'StatAggregation only supports numeric or date expression', 'les agrégats statistiques demandent une expression numérique ou une date');
        return aggregate(`${call.name}(${value.sql})`, value.type);
      }
      case 'percentile': {
        const value = arg(0);
        const rank = call.args[1];
        const p = rank?.kind === 'literal' && typeof rank.value === 'number' ? rank.value : NaN;
        if (!NUMERIC.has(value.type) || !(p >= 0 && p <= 100)) throw odsqlError(clause, call.start, 'percentile() takes a numeric field and a number from 0 to 100', 'percentile() prend un champ numérique et un nombre de 0 à 100');
        return aggregate(`quantile_cont(${value.sql}, ${p / 100})`, 'double');
      }
      case 'lower': {
        const value = this.text(arg(0), call, clause);
        return { sql: `lower(${value.sql})`, type: 'text', aggregate: value.aggregate };
      }
      case 'length': {
        const value = this.text(arg(0), call, clause);
        return { sql: `length(${value.sql})`, type: 'int', aggregate: value.aggregate };
      }
      case 'ifnull': {
        const value = arg(0);
        const fallbackExpr = call.args[1];
        if (!fallbackExpr) throw odsqlError(clause, call.start, 'ifnull() needs more arguments', 'ifnull() demande plus d’arguments');
        const fallback = this.valueLike(fallbackExpr, value, clause);
        this.comparable(value, fallback, clause, call.start);
        if (value.aggregate !== fallback.aggregate) this.notBesideAggregate(value.aggregate ? fallbackExpr : (call.args[0] as Expr), clause);
        const [first, second] = [this.atSameTime(value, fallback), this.atSameTime(fallback, value)];
        return { sql: `coalesce(${first.sql}, ${second.sql})`, type: first.type === 'null' ? second.type : first.type, aggregate: value.aggregate || fallback.aggregate };
      }
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second': {
        const value = arg(0);
        if (!TEMPORAL.has(value.type)) throw odsqlError(clause, call.start, `${call.name}() takes a date or a datetime`, `${call.name}() prend une date ou une date et heure`);
        // In the request's zone (§3 timezone): hour(created_at) is the hour a clock there showed.
        return { sql: `${call.name}(${this.local(value)})`, type: 'int', aggregate: value.aggregate };
      }
      case 'date_format': {
        const value = arg(0);
        const pattern = call.args[1];
        if (!TEMPORAL.has(value.type) || pattern?.kind !== 'literal' || typeof pattern.value !== 'string' || call.args.length !== 2) {
          throw odsqlError(clause, call.start, "date_format() takes a date or a datetime and a pattern in quotes, such as date_format(date_maj, 'yyyy-MM')", "date_format() prend une date ou une date et heure et un motif entre guillemets, comme date_format(date_maj, 'yyyy-MM')");
        }
        const sql = dateFormatSql(pattern.value, this.local(value), this.locale.lang ?? 'fr', (text) => this.param(text), clause, pattern.start);
        return { sql, type: 'text', aggregate: value.aggregate };
      }
      case 'now':
        return { sql: 'current_timestamp', type: 'datetime', aggregate: false };
      case 'distance':
        if (call.args.length !== 2) break;
        return geoDistance(this, call, clause);
      default:
        break;
    }
    throw odsqlError(clause, call.start, `${call.name}() is not a function this platform knows`, `${call.name}() n’est pas une fonction connue de cette plateforme`);
  }
}

const AGGREGATES = new Set(['count', 'sum', 'avg', 'median', 'min', 'max', 'percentile']);

/** Whether the expression reads a field outside an aggregate. */
function readsRecords(expr: Expr): boolean {
  switch (expr.kind) {
    case 'field':
      return true;
    case 'call':
      return !AGGREGATES.has(expr.name) && expr.args.some(readsRecords);
    case 'binary':
      return readsRecords(expr.left) || readsRecords(expr.right);
    case 'negate':
    case 'not':
      return readsRecords(expr.operand);
    default:
      return false;
  }
}
