// The ODSQL parser (ODS Explore v2.1 §5.2): each clause's text becomes an AST. One expression
// grammar serves every clause, by precedence: OR < AND < NOT < comparison, LIKE, IN, IS <
// + - < * / < unary minus < literals, names, calls, parentheses. What a clause may hold
// (aggregates in select, not in where…) is checked by the compiler, which knows the fields.
import { odsqlError, type Clause } from './errors.js';
import { tokenize, type Token } from './lexer.js';

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; start: number }
  | { kind: 'date'; value: string; start: number }
  | { kind: 'geom'; value: string; start: number }
  | { kind: 'distance'; metres: number; start: number }
  /** `1 day`, `6 h`, `1 M`: the width of a date range (range(d, 1 month), §5.6); `m` alone is a distance, read as minutes there. */
  | { kind: 'duration'; amount: number; unit: DurationUnit; start: number }
  | { kind: 'field'; name: string; start: number }
  | { kind: 'star'; start: number }
  | { kind: 'negate'; operand: Expr; start: number }
  | { kind: 'not'; operand: Expr; start: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; start: number }
  | { kind: 'call'; name: string; args: Expr[]; named: Record<string, Expr>; distinct: boolean; start: number }
  | { kind: 'like'; operand: Expr; pattern: Expr; start: number }
  | { kind: 'is'; operand: Expr; test: 'null' | 'true' | 'false'; negated: boolean; start: number }
  | { kind: 'in_list'; operand: Expr; items: Expr[]; start: number }
  | { kind: 'in_range'; operand: Expr; low: Expr; high: Expr; lowIncluded: boolean; highIncluded: boolean; start: number };

export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';

export interface SelectItem {
  kind: 'all' | 'include' | 'exclude' | 'expr';
  expr?: Expr;
  /** include()/exclude(): the name, with an optional trailing `*`. */
  pattern?: string;
  alias?: string;
  /** The item's text as written, trimmed: the key of an expression without alias (`count(*)`). */
  text: string;
  start: number;
}

export interface OrderItem {
  expr: Expr;
  descending: boolean;
}

// Metres per unit of a distance literal (`10km`, `500 m`, §5.1).
const UNITS: Record<string, number> = { mm: 0.001, cm: 0.01, m: 1, km: 1000, mi: 1609.344, yd: 0.9144, ft: 0.3048 };

export type DurationUnit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
/** The units of a date range's width (§5.6), case-sensitive: `M` month, `m` minute (a distance unit otherwise). */
const DURATION_UNITS: Record<string, DurationUnit> = {
  ms: 'millisecond', millisecond: 'millisecond', milliseconds: 'millisecond',
  s: 'second', second: 'second', seconds: 'second',
  minute: 'minute', minutes: 'minute',
  h: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', week: 'week', weeks: 'week',
  M: 'month', month: 'month', months: 'month',
  q: 'quarter', quarter: 'quarter', quarters: 'quarter',
  y: 'year', year: 'year', years: 'year',
};

// The French of what the parser expects, for message_fr.
const EXPECTED_FR: Record<string, string> = {
  'a value, a field or a function': 'une valeur, un champ ou une fonction',
  'an operator or the end of the clause': 'un opérateur ou la fin de la clause',
  'null, true or false': 'null, true ou false',
  '".." or TO': '".." ou TO',
  '"]" or "["': '"]" ou "["',
  'an alias': 'un alias',
  'a field name': 'un nom de champ',
};

// How deep an expression may nest (parentheses, NOT, unary minus, calls, chains of arithmetic;
// a chain of AND or OR counts once): far past what a person writes, and well within what the
// compiler's recursion and DuckDB's parser take. Deeper is a 400 that says so, not an exhausted stack.
const MAX_DEPTH = 100;

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'is', 'as', 'asc', 'desc', 'null', 'true', 'false', 'to', 'distinct']);

// Functions whose arguments may be named (`now(years=-1)`, `facet(name="x", disjunctive=true)`,
// `geo_cluster(geo, 10, radius=40)`).
const NAMED_ARGUMENTS = new Set(['now', 'facet', 'geo_cluster']);

class Parser {
  private at = 0;
  private depth = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly source: string,
    private readonly clause: Clause,
  ) {
    this.tokens = tokenize(source, clause);
  }

  get peek(): Token {
    return this.tokens[this.at] ?? this.tokens[this.tokens.length - 1]!;
  }

  next(): Token {
    const token = this.peek;
    if (token.kind !== 'eof') this.at += 1;
    return token;
  }

  isWord(word: string, offset = 0): boolean {
    const token = this.tokens[this.at + offset];
    return token?.kind === 'name' && token.text.toLowerCase() === word;
  }

  isOp(op: string): boolean {
    return this.isOpAt(0, op);
  }

  isOpAt(offset: number, op: string): boolean {
    const token = this.tokens[this.at + offset];
    return token?.kind === 'op' && token.text === op;
  }

  /** `(name*)` of include() and exclude(): a name, or the start of names. */
  pattern(): string {
    this.expectOp('(');
    const token = this.next();
    if (token.kind !== 'name' && token.kind !== 'quoted_name') throw this.unexpected('a field name');
    let pattern = token.text;
    if (this.isOp('*')) {
      this.next();
      pattern += '*';
    }
    this.expectOp(')');
    return pattern;
  }

  private expectOp(op: string): void {
    if (!this.isOp(op)) throw this.unexpected(`"${op}"`);
    this.next();
  }

  unexpected(expected: string): Error {
    const token = this.peek;
    const found = token.kind === 'eof' ? 'the end of the clause' : `"${this.source.slice(token.start, token.end)}"`;
    const foundFr = token.kind === 'eof' ? 'la fin de la clause' : found;
    return odsqlError(this.clause, token.start, `${expected} expected, ${found} found`, `${EXPECTED_FR[expected] ?? expected} attendu, ${foundFr} trouvé`);
  }

  expectEnd(): void {
    if (this.peek.kind !== 'eof') throw this.unexpected('an operator or the end of the clause');
  }

  /** A recursive step of the grammar, refused past MAX_DEPTH levels. */
  private nested<T>(parse: () => T): T {
    if (this.depth >= MAX_DEPTH) throw tooDeep(this.clause, this.peek.start);
    this.depth += 1;
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  /** A whole item of a clause: an expression, its depth checked (chains of operators nest too). */
  itemExpression(): Expr {
    const expr = this.expression();
    const deepest = deepestNode(expr);
    if (deepest) throw tooDeep(this.clause, deepest.start);
    return expr;
  }

  expression(): Expr {
    let left = this.conjunction();
    while (this.isWord('or')) {
      const { start } = this.next();
      left = { kind: 'binary', op: 'or', left, right: this.conjunction(), start };
    }
    return left;
  }

  private conjunction(): Expr {
    let left = this.negation();
    while (this.isWord('and')) {
      const { start } = this.next();
      left = { kind: 'binary', op: 'and', left, right: this.negation(), start };
    }
    return left;
  }

  private negation(): Expr {
    if (this.isWord('not')) {
      const { start } = this.next();
      return { kind: 'not', operand: this.nested(() => this.negation()), start };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const left = this.additive();
    const start = left.start;
    const token = this.peek;
    if (token.kind === 'op' && ['=', '!=', '<>', '<', '<=', '>', '>=', ':'].includes(token.text)) {
      this.next();
      const op = token.text === '<>' ? '!=' : token.text === ':' ? '=' : (token.text as BinaryOp);
      return { kind: 'binary', op, left, right: this.additive(), start };
    }
    if (this.isWord('like')) {
      this.next();
      return { kind: 'like', operand: left, pattern: this.additive(), start };
    }
    if (this.isWord('is')) {
      this.next();
      const negated = this.isWord('not');
      if (negated) this.next();
      const test = ['null', 'true', 'false'].find((word) => this.isWord(word));
      if (!test) throw this.unexpected('null, true or false');
      this.next();
      return { kind: 'is', operand: left, test: test as 'null' | 'true' | 'false', negated, start };
    }
    const negatedIn = this.isWord('not') && this.isWord('in', 1);
    if (negatedIn) this.next();
    if (this.isWord('in')) {
      this.next();
      const test = this.membership(left, start);
      return negatedIn ? { kind: 'not', operand: test, start } : test;
    }
    if (negatedIn) throw this.unexpected('in');
    return left;
  }

  /** After IN: a list `(a, b)`, a range `[a..b[`, or a (multivalued) field. */
  private membership(operand: Expr, start: number): Expr {
    if (this.isOp('(')) {
      this.next();
      const items = [this.additive()];
      while (this.isOp(',')) {
        this.next();
        items.push(this.additive());
      }
      this.expectOp(')');
      return { kind: 'in_list', operand, items, start };
    }
    if (this.isOp('[') || this.isOp(']')) {
      const lowIncluded = this.next().text === '[';
      const low = this.additive();
      if (this.isOp('..') || this.isWord('to')) this.next();
      else throw this.unexpected('".." or TO');
      const high = this.additive();
      if (!this.isOp('[') && !this.isOp(']')) throw this.unexpected('"]" or "["');
      const highIncluded = this.next().text === ']';
      return { kind: 'in_range', operand, low, high, lowIncluded, highIncluded, start };
    }
    // `"Loire" in tags`: the value is one of the field's values.
    return { kind: 'in_list', operand, items: [this.additive()], start };
  }

  additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const { text, start } = this.next();
      left = { kind: 'binary', op: text as BinaryOp, left, right: this.multiplicative(), start };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const { text, start } = this.next();
      left = { kind: 'binary', op: text as BinaryOp, left, right: this.unary(), start };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      const { start } = this.next();
      const operand = this.nested(() => this.unary());
      if (operand.kind === 'literal' && typeof operand.value === 'number') return { ...operand, value: -operand.value, start };
      if (operand.kind === 'distance') return { ...operand, metres: -operand.metres, start };
      return { kind: 'negate', operand, start };
    }
    return this.primary();
  }

  private primary(): Expr {
    const token = this.peek;
    switch (token.kind) {
      case 'number': {
        this.next();
        const value = Number(token.text);
        const unit = this.peek.kind === 'name' && Object.hasOwn(UNITS, this.peek.text) ? UNITS[this.peek.text] : undefined;
        if (unit !== undefined) {
          this.next();
          return { kind: 'distance', metres: value * unit, start: token.start };
        }
        const duration = this.peek.kind === 'name' && Object.hasOwn(DURATION_UNITS, this.peek.text) ? DURATION_UNITS[this.peek.text] : undefined;
        if (duration !== undefined) {
          this.next();
          return { kind: 'duration', amount: value, unit: duration, start: token.start };
        }
        return { kind: 'literal', value, start: token.start };
      }
      case 'string':
        this.next();
        return { kind: 'literal', value: token.text, start: token.start };
      case 'date':
        this.next();
        return { kind: 'date', value: token.text, start: token.start };
      case 'geom':
        this.next();
        return { kind: 'geom', value: token.text, start: token.start };
      case 'quoted_name':
        this.next();
        return { kind: 'field', name: token.text, start: token.start };
      case 'op':
        if (token.text === '(') {
          this.next();
          const inner = this.nested(() => this.expression());
          this.expectOp(')');
          return inner;
        }
        if (token.text === '*') {
          this.next();
          return { kind: 'star', start: token.start };
        }
        throw this.unexpected('a value, a field or a function');
      case 'name': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') {
          this.next();
          return { kind: 'literal', value: word === 'true', start: token.start };
        }
        if (word === 'null') {
          this.next();
          return { kind: 'literal', value: null, start: token.start };
        }
        if (this.tokens[this.at + 1]?.kind === 'op' && this.tokens[this.at + 1]?.text === '(') return this.call();
        if (KEYWORDS.has(word)) throw this.unexpected('a value, a field or a function');
        this.next();
        return { kind: 'field', name: token.text, start: token.start };
      }
      default:
        throw this.unexpected('a value, a field or a function');
    }
  }

  private call(): Expr {
    const nameToken = this.next();
    const name = nameToken.text.toLowerCase();
    // §5.2: geo_cluster_call is a group_item (select may name it again); elsewhere it would be an unknown function.
    if (name === 'geo_cluster' && this.clause !== 'group_by' && this.clause !== 'select') throw odsqlError(this.clause, nameToken.start, 'geo_cluster() is only allowed in group_by', 'geo_cluster() n’est permis que dans group_by');
    this.expectOp('(');
    const args: Expr[] = [];
    const named: Record<string, Expr> = {};
    let distinct = false;
    if (this.isWord('distinct')) {
      this.next();
      distinct = true;
    }
    while (!this.isOp(')')) {
      if (args.length > 0 || Object.keys(named).length > 0) this.expectOp(',');
      const nextToken = this.tokens[this.at + 1];
      if (NAMED_ARGUMENTS.has(name) && this.peek.kind === 'name' && nextToken?.kind === 'op' && nextToken.text === '=') {
        const key = this.next().text.toLowerCase();
        this.next();
        named[key] = this.additive();
      } else {
        args.push(this.nested(() => this.expression()));
      }
    }
    this.expectOp(')');
    return { kind: 'call', name, args, named, distinct, start: nameToken.start };
  }

  /** An alias after AS: a name or a backquoted text. */
  alias(): string | undefined {
    if (!this.isWord('as')) return undefined;
    this.next();
    const token = this.next();
    if (token.kind !== 'name' && token.kind !== 'quoted_name') throw this.unexpected('an alias');
    // An empty alias would be an empty column name, which the engine refuses.
    if (token.text === '') throw odsqlError(this.clause, token.start, 'an alias cannot be empty', 'un alias ne peut pas être vide');
    return token.text;
  }

  textOf(start: number): string {
    return this.source.slice(start, this.tokens[this.at - 1]?.end ?? start).trim();
  }
}

function tooDeep(clause: Clause, start: number): Error {
  return odsqlError(clause, start, `the expression nests more than ${MAX_DEPTH} levels deep`, `l’expression s’imbrique sur plus de ${MAX_DEPTH} niveaux`);
}

/** The first node past MAX_DEPTH, if any; walked with a stack of our own, not the call stack. */
function deepestNode(root: Expr): Expr | undefined {
  const pending: [Expr, number][] = [[root, 1]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [expr, depth] = item;
    if (depth > MAX_DEPTH) return expr;
    const children: Expr[] = [];
    switch (expr.kind) {
      case 'binary':
        // `a or b or c…` is one level: the compiler writes a chain of AND or OR flat.
        if ((expr.op === 'and' || expr.op === 'or') && expr.left.kind === 'binary' && expr.left.op === expr.op) pending.push([expr.left, depth]);
        else children.push(expr.left);
        children.push(expr.right);
        break;
      case 'not':
      case 'negate':
      case 'is':
        children.push(expr.operand);
        break;
      case 'like':
        children.push(expr.operand, expr.pattern);
        break;
      case 'in_list':
        children.push(expr.operand, ...expr.items);
        break;
      case 'in_range':
        children.push(expr.operand, expr.low, expr.high);
        break;
      case 'call':
        children.push(...expr.args, ...Object.values(expr.named));
        break;
      default:
        break;
    }
    for (const child of children) pending.push([child, depth + 1]);
  }
  return undefined;
}

export function parseWhere(source: string, clause: Clause = 'where'): Expr {
  const parser = new Parser(source, clause);
  const expr = parser.itemExpression();
  parser.expectEnd();
  return expr;
}

export function parseSelect(source: string): SelectItem[] {
  const parser = new Parser(source, 'select');
  const items: SelectItem[] = [];
  do {
    if (items.length > 0) parser.next();
    const start = parser.peek.start;
    if (parser.isOp('*')) {
      parser.next();
      items.push({ kind: 'all', text: '*', start });
    } else if ((parser.isWord('include') || parser.isWord('exclude')) && parser.isOpAt(1, '(')) {
      const kind = parser.next().text.toLowerCase() as 'include' | 'exclude';
      items.push({ kind, pattern: parser.pattern(), text: parser.textOf(start), start });
    } else {
      const expr = parser.itemExpression();
      // A field keys the answer by its name, backquoted or not (the official client backquotes every name).
      const text = expr.kind === 'field' ? expr.name : parser.textOf(start);
      items.push({ kind: 'expr', expr, alias: parser.alias(), text, start });
    }
  } while (parser.isOp(','));
  parser.expectEnd();
  return items;
}

export interface GroupItem {
  expr: Expr;
  alias?: string;
  text: string;
  start: number;
}

export function parseGroupBy(source: string): GroupItem[] {
  const parser = new Parser(source, 'group_by');
  const items: GroupItem[] = [];
  do {
    if (items.length > 0) parser.next();
    const start = parser.peek.start;
    const expr = parser.itemExpression();
    const text = expr.kind === 'field' ? expr.name : parser.textOf(start);
    items.push({ expr, alias: parser.alias(), text, start });
  } while (parser.isOp(','));
  parser.expectEnd();
  return items;
}

export function parseOrderBy(source: string): OrderItem[] {
  const parser = new Parser(source, 'order_by');
  const items: OrderItem[] = [];
  do {
    if (items.length > 0) parser.next();
    const expr = parser.itemExpression();
    let descending = false;
    if (parser.isWord('asc') || parser.isWord('desc')) descending = parser.next().text.toLowerCase() === 'desc';
    items.push({ expr, descending });
  } while (parser.isOp(','));
  parser.expectEnd();
  return items;
}
