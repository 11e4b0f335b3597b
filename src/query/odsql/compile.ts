// From the ODSQL AST to DuckDB SQL over a dataset's records. Every value the client wrote becomes
// a bound parameter; the SQL text holds only our own words, the dataset's field names (checked
// against the version's fields, then quoted) and numbers we parsed. Types are checked here, so that
// a query DuckDB would refuse is a 400 that names the clause, never a 500.
import type { Field, FieldType } from '../../catalog/index.js';
import { multivaluedSeparator, sqlIdentifier, type SqlParams } from '../../data/index.js';
import { odsqlError, type Clause } from './errors.js';
import type { BinaryOp, Expr } from './parser.js';

/** What a compiled expression gives: SQL and its type ('number' for computed numbers, 'null' for NULL). */
export interface Compiled {
  sql: string;
  type: FieldType | 'number' | 'null';
  aggregate: boolean;
}

const NUMERIC = new Set<Compiled['type']>(['int', 'double', 'number']);
const TEMPORAL = new Set<Compiled['type']>(['date', 'datetime']);

// How an accent- and case-insensitive text is made, the same on both sides of a match.
const normalised = (sql: string): string => `strip_accents(lower(${sql}))`;

const EARTH_RADIUS_METRES = 6_371_008.8;

export class Compiler {
  constructor(
    readonly fields: ReadonlyMap<string, Field>,
    readonly params: SqlParams,
    /** How many parameters come before ours ($1… are the records source's). */
    private readonly base: number,
  ) {}

  param(value: string | number): string {
    this.params.push(value);
    return `$${this.base + this.params.length}`;
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
        if (expr.op === 'and' || expr.op === 'or') return `(${this.condition(expr.left, clause)} ${expr.op} ${this.condition(expr.right, clause)})`;
        return `coalesce(${this.comparison(expr.op, expr.left, expr.right, clause, expr.start)}, false)`;
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
        return `coalesce(${operand.sql} ${expr.lowIncluded ? '>=' : '>'} ${low.sql} and ${operand.sql} ${expr.highIncluded ? '<=' : '<'} ${high.sql}, false)`;
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
    return `(${left.sql} ${op} ${other.sql})`;
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
      if (field) return this.hasValue(field, String(operandExpr.value));
    }
    const operand = this.value(operandExpr, clause);
    const values = items.map((item) => {
      const value = this.valueLike(item, operand, clause);
      this.comparable(operand, value, clause, item.start);
      return value.sql;
    });
    return `coalesce(${operand.sql} in (${values.join(', ')}), false)`;
  }

  /** The field holds the value: equal to it, or one of its values for a multivalued field. */
  hasValue(field: Field, value: string): string {
    const column = sqlIdentifier(field.name);
    const separator = multivaluedSeparator(field);
    if (separator !== undefined) return `coalesce(list_contains(string_split(${column}, ${this.param(separator)}), ${this.param(value)}), false)`;
    return `coalesce(${column} = ${this.param(value)}, false)`;
  }

  private *textFields(): Iterable<string> {
    for (const field of this.fields.values()) if (field.type === 'text') yield sqlIdentifier(field.name);
  }

  /**
   * Full-text matching on text made lowercase and accent-free: `words` (bare strings, search()):
   * every word of the query starts a word of the text, the last one may be a word's start;
   * `like`: every word is a whole word, unless it ends with `*`; `prefix` (suggest): word starts.
   */
  fullText(query: string, columns: string[], mode: 'words' | 'like' | 'prefix'): string {
    const words = query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}*]+/u).filter((w) => w.replace(/\*/g, '') !== '');
    if (words.length === 0) return 'true';
    if (columns.length === 0) return 'false';
    const text = normalised(`concat_ws(' ', ${columns.join(', ')})`);
    return `(${words
      .map((word) => {
        const bare = word.replace(/\*+$/, '').replace(/\*/g, '');
        const escaped = bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const whole = mode === 'like' && !word.endsWith('*');
        // Words are runs of letters and digits; a regular expression built from the query is a bound value, not SQL.
        return `coalesce(regexp_matches(${text}, ${this.param(`(^|[^\\p{L}\\p{N}])${escaped}${whole ? '($|[^\\p{L}\\p{N}])' : ''}`)}), false)`;
      })
      .join(' and ')})`;
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
        return `(${columnsOf(call.args.slice(0, -1))
          .map((c) => `coalesce(starts_with(${c}, ${prefix}), false)`)
          .join(' or ')})`;
      }
      case 'within_distance':
      case 'distance': {
        if (call.args.length !== 3) throw odsqlError(clause, call.start, `${call.name}() takes a geo field, a point and a distance`, `${call.name}() prend un champ géographique, un point et une distance`);
        const point = this.pointField(call.args[0], clause);
        const [lon, lat] = this.pointLiteral(call.args[1], clause);
        const radius = call.args[2];
        const metres = radius?.kind === 'distance' ? radius.metres : radius?.kind === 'literal' && typeof radius.value === 'number' ? radius.value : NaN;
        if (!Number.isFinite(metres) || metres < 0) throw odsqlError(clause, radius?.start ?? call.start, 'a distance such as 10km is expected', 'une distance comme 10km est attendue');
        // A box around the circle first (cheap, on the row groups' statistics), then the exact distance.
        const dLat = metres / 111_195 + 1e-9;
        const dLon = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
        return `coalesce(${point}.lat between ${lat - dLat} and ${lat + dLat} and ${point}.lon between ${lon - dLon} and ${lon + dLon} and ${haversine(point, lon, lat)} <= ${metres}, false)`;
      }
      case 'in_bbox': {
        if (call.args.length !== 5) throw odsqlError(clause, call.start, 'in_bbox() takes a geo field and two corners: lat1, lon1, lat2, lon2', 'in_bbox() prend un champ géographique et deux coins : lat1, lon1, lat2, lon2');
        const point = this.pointField(call.args[0], clause);
        const [lat1, lon1, lat2, lon2] = call.args.slice(1).map((a) => this.numberLiteral(a, clause));
        return `coalesce(${point}.lat between ${Math.min(lat1!, lat2!)} and ${Math.max(lat1!, lat2!)} and ${point}.lon between ${Math.min(lon1!, lon2!)} and ${Math.max(lon1!, lon2!)}, false)`;
      }
      default:
        throw odsqlError(clause, call.start, `${call.name}() is not a condition this platform knows`, `${call.name}() n’est pas une condition connue de cette plateforme`);
    }
  }

  private pointField(arg: Expr | undefined, clause: Clause): string {
    if (arg?.kind !== 'field') throw odsqlError(clause, arg?.start ?? 0, 'a geo field is expected', 'un champ géographique est attendu');
    const field = this.field(arg.name, clause, arg.start);
    if (field.type !== 'geo_point_2d') {
      throw odsqlError(clause, arg.start, `geo functions on ${field.type} fields are not supported yet, only on geo_point_2d`, `les fonctions géographiques sur les champs ${field.type} ne sont pas encore prises en charge, seulement sur geo_point_2d`);
    }
    return field.sql;
  }

  /** geom'POINT(lon lat)' or a GeoJSON Point: [lon, lat]. */
  private pointLiteral(arg: Expr | undefined, clause: Clause): [number, number] {
    const text = arg?.kind === 'geom' || (arg?.kind === 'literal' && typeof arg.value === 'string') ? String(arg.kind === 'geom' ? arg.value : arg.value) : '';
    const wkt = /^\s*POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)\s*$/i.exec(text);
    if (wkt) return [Number(wkt[1]), Number(wkt[2])];
    try {
      const geometry = JSON.parse(text) as { type?: string; coordinates?: unknown };
      if (geometry.type === 'Point' && Array.isArray(geometry.coordinates) && geometry.coordinates.length >= 2) return [Number(geometry.coordinates[0]), Number(geometry.coordinates[1])];
    } catch {
      // Said below.
    }
    throw odsqlError(clause, arg?.start ?? 0, "a point such as geom'POINT(-1.5536 47.2184)' is expected", "un point comme geom'POINT(-1.5536 47.2184)' est attendu");
  }

  private numberLiteral(arg: Expr | undefined, clause: Clause): number {
    if (arg?.kind === 'literal' && typeof arg.value === 'number') return arg.value;
    throw odsqlError(clause, arg?.start ?? 0, 'a number is expected', 'un nombre est attendu');
  }

  dateLiteral(text: string, clause: Clause, start: number): Compiled {
    const match = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.exec(text.trim());
    if (!match) throw odsqlError(clause, start, `${JSON.stringify(text)} is not a date`, `${JSON.stringify(text)} n’est pas une date`);
    const [, year, month = '1', day = '1', hour, minute = '0', second = '0', fraction = '0', zone] = match;
    const pad = (n: string) => n.padStart(2, '0');
    const date = `${year}-${pad(month)}-${pad(day)}`;
    if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || Number(month) > 12 || Number(day) > 31) throw odsqlError(clause, start, `${JSON.stringify(text)} is not a date`, `${JSON.stringify(text)} n’est pas une date`);
    if (hour === undefined) return { sql: `cast(${this.param(date)} as date)`, type: 'date', aggregate: false };
    const instant = `${date}T${pad(hour)}:${minute}:${pad(second)}.${fraction}${zone ?? 'Z'}`;
    return { sql: `cast(${this.param(instant)} as timestamptz)`, type: 'datetime', aggregate: false };
  }

  /** A value: a field, a literal, arithmetic, a scalar function; an aggregate where `aggregates` allows. */
  value(expr: Expr, clause: Clause, aggregates = false): Compiled {
    switch (expr.kind) {
      case 'field':
        return this.field(expr.name, clause, expr.start);
      case 'literal':
        if (expr.value === null) return { sql: 'null', type: 'null', aggregate: false };
        if (typeof expr.value === 'boolean') return { sql: expr.value ? 'true' : 'false', type: 'boolean', aggregate: false };
        if (typeof expr.value === 'number') return { sql: `cast(${this.param(expr.value)} as double)`, type: Number.isInteger(expr.value) ? 'int' : 'double', aggregate: false };
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
        const value = arg(0);
        return { sql: `lower(${value.sql})`, type: 'text', aggregate: value.aggregate };
      }
      case 'length': {
        const value = arg(0);
        return { sql: `length(${value.sql})`, type: 'int', aggregate: value.aggregate };
      }
      case 'ifnull': {
        const value = arg(0);
        const fallbackExpr = call.args[1];
        if (!fallbackExpr) throw odsqlError(clause, call.start, 'ifnull() needs more arguments', 'ifnull() demande plus d’arguments');
        const fallback = this.valueLike(fallbackExpr, value, clause);
        this.comparable(value, fallback, clause, call.start);
        return { sql: `coalesce(${value.sql}, ${fallback.sql})`, type: value.type === 'null' ? fallback.type : value.type, aggregate: value.aggregate || fallback.aggregate };
      }
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second': {
        const value = arg(0);
        if (!TEMPORAL.has(value.type)) throw odsqlError(clause, call.start, `${call.name}() takes a date or a datetime`, `${call.name}() prend une date ou une date et heure`);
        return { sql: `${call.name}(${value.sql})`, type: 'int', aggregate: value.aggregate };
      }
      case 'now':
        return { sql: 'current_timestamp', type: 'datetime', aggregate: false };
      case 'distance': {
        if (call.args.length !== 2) break;
        const point = this.pointField(call.args[0], clause);
        const [lon, lat] = this.pointLiteral(call.args[1], clause);
        return { sql: haversine(point, lon, lat), type: 'double', aggregate: false };
      }
      default:
        break;
    }
    throw odsqlError(clause, call.start, `${call.name}() is not a function this platform knows`, `${call.name}() n’est pas une fonction connue de cette plateforme`);
  }
}

/** Great-circle distance in metres from each point of a geo_point_2d column to (lon, lat). */
function haversine(point: string, lon: number, lat: number): string {
  const rad = Math.PI / 180;
  return `(${2 * EARTH_RADIUS_METRES} * asin(sqrt(pow(sin((radians(${point}.lat) - ${lat * rad}) / 2), 2) + ${Math.cos(lat * rad)} * cos(radians(${point}.lat)) * pow(sin((radians(${point}.lon) - ${lon * rad}) / 2), 2))))`;
}
