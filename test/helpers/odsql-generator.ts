// Random ODSQL queries over the communes-test fields, for the fuzz test: built from the grammar of
// the spec (ODS Explore v2.1 §5.2), mostly well typed so that a good share compiles, then some of
// them damaged (characters deleted, doubled, swapped, tokens inserted, quotes unbalanced, huge
// numbers, unicode, deep nesting). Everything comes from a seeded generator: the same seed gives
// the same queries, so a failure is replayed by its seed.

export interface FuzzQuery {
  select?: string;
  where?: string;
  group_by?: string;
  order_by?: string;
  timezone?: string;
  lang?: string;
}

/** mulberry32: small, fast, and good enough to pick grammar branches. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXT_FIELDS = ['code_insee', 'nom', 'departement', 'tags'];
const NUMBER_FIELDS = ['population', 'superficie'];
const DATE_FIELDS = ['date_maj', 'created_at'];
const ALL_FIELDS = [...TEXT_FIELDS, ...NUMBER_FIELDS, ...DATE_FIELDS, 'littoral', 'geo_point_2d', 'geo_shape'];
const WORDS = ['Nantes', 'nant*', 'Loire', 'saint', 'Océan', 'la roche', 'é', 'Saint-Nazaire', '44', 'x y z', ''];
const DATE_PATTERNS = ['yyyy', 'yyyy-MM', 'yyyy-MM-dd', 'EEEE', 'E', 'MMMM', 'MMM yyyy', 'dd/MM/yyyy HH:mm:ss', "EEEE d MMMM yyyy 'à' HH'h'mm", 'D DDD w ww e xx xxxx yy YYYY', 'H:m:s', "''MM''"];
const TOKENS = ['(', ')', ',', '"', "'", '`', '[', ']', '..', '*', 'and', 'or', 'not', 'in', 'like', 'is', 'null', 'as', 'desc', '=', '<', '>=', '!=', '<>', ':', '-', '+', '/', 'date', 'geom', "date'", 'count(', 'range(', '1e309', '-0', '9'.repeat(40), '\u00e9', '\u{1F600}', '\u0000', '\\', 'nom', 'population', 'created_at'];

export class OdsqlGenerator {
  constructor(private readonly random: () => number) {}

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  /** A field name, sometimes backquoted (clients backquote every name). */
  private name(name: string): string {
    return this.chance(0.3) ? `\`${name}\`` : name;
  }

  private string(text: string): string {
    if (this.chance(0.5)) return JSON.stringify(text);
    return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }

  private numberLiteral(): string {
    return this.pick(['0', '1', '5', '1000', '10000', '100000', '2.5', '-3', '0.001', '1e3', '44', '320732', '-1.5536', '47.2184']);
  }

  private dateLiteral(): string {
    const text = this.pick(['2024', '2024-01-01', '2023/12/27', '2024-05-10T11:30', '2024-05-10T11:30:00Z', '2024-05-10T11:30:00+01:00', '2024-03', '1972', '2024-05-01T00:00:00.000Z']);
    return this.chance(0.8) ? `date'${text}'` : this.string(text);
  }

  private point(): string {
    return this.pick(["geom'POINT(-1.5536 47.2184)'", 'geom\'{"type":"Point","coordinates":[-1.5536,47.2184]}\'', "geom'POINT(-2 47)'"]);
  }

  numeric(depth = 0): string {
    const leaf = depth > 2 || this.chance(0.5);
    if (leaf) return this.chance(0.6) ? this.name(this.pick(NUMBER_FIELDS)) : this.numberLiteral();
    switch (this.int(6)) {
      case 0:
        return `${this.numeric(depth + 1)} ${this.pick(['+', '-', '*', '/'])} ${this.numeric(depth + 1)}`;
      case 1:
        return `(${this.numeric(depth + 1)})`;
      case 2:
        return `-${this.numeric(depth + 1)}`;
      case 3:
        return `length(${this.text(depth + 1)})`;
      case 4:
        return `${this.pick(['year', 'month', 'day', 'hour', 'minute', 'second'])}(${this.temporal(depth + 1)})`;
      default:
        return `ifnull(${this.name(this.pick(NUMBER_FIELDS))}, ${this.numberLiteral()})`;
    }
  }

  text(depth = 0): string {
    if (depth > 2 || this.chance(0.6)) return this.chance(0.7) ? this.name(this.pick(TEXT_FIELDS)) : this.string(this.pick(WORDS));
    switch (this.int(3)) {
      case 0:
        return `lower(${this.text(depth + 1)})`;
      case 1:
        return `ifnull(${this.name(this.pick(TEXT_FIELDS))}, ${this.string(this.pick(WORDS))})`;
      default:
        return `date_format(${this.temporal(depth + 1)}, ${this.string(this.pick(DATE_PATTERNS))})`;
    }
  }

  temporal(depth = 0): string {
    if (depth > 2 || this.chance(0.7)) return this.name(this.pick(DATE_FIELDS));
    return this.chance(0.5) ? this.dateLiteral() : this.pick(['now()', 'now(years=-1)', 'now(months=1, day=1)']);
  }

  condition(depth = 0): string {
    if (depth < 3 && this.chance(0.3)) {
      switch (this.int(4)) {
        case 0:
          return `${this.condition(depth + 1)} ${this.pick(['and', 'AND', 'or', 'Or'])} ${this.condition(depth + 1)}`;
        case 1:
          return `not ${this.condition(depth + 1)}`;
        case 2:
          return `(${this.condition(depth + 1)})`;
        default:
          return `${this.condition(depth + 1)} and ${this.condition(depth + 1)} or ${this.condition(depth + 1)}`;
      }
    }
    const op = () => this.pick(['=', '!=', '<>', '<', '<=', '>', '>=']);
    // Any field where the grammar takes one, whatever its type: what the compiler must sort out.
    if (this.chance(0.15)) return this.mistyped();
    switch (this.int(17)) {
      case 0:
        return `${this.numeric(depth)} ${op()} ${this.numeric(depth)}`;
      case 1:
        return `${this.text(depth)} ${this.pick(['=', '!=', ':'])} ${this.string(this.pick(WORDS))}`;
      case 2:
        return `${this.temporal(depth)} ${op()} ${this.dateLiteral()}`;
      case 3:
        return `${this.name(this.pick(TEXT_FIELDS))} like ${this.string(this.pick(WORDS))}`;
      case 4:
        return `${this.name('departement')} ${this.chance(0.3) ? 'not in' : 'in'} (${Array.from({ length: 1 + this.int(3) }, () => this.string(this.pick(['44', '85', '49', '53', '72']))).join(', ')})`;
      case 5:
        return `${this.name(this.pick(NUMBER_FIELDS))} in ${this.pick(['[', ']'])}${this.numberLiteral()} ${this.pick(['..', 'TO', 'to'])} ${this.numberLiteral()}${this.pick(['[', ']'])}`;
      case 6:
        return `${this.name(this.pick(DATE_FIELDS))} in [${this.dateLiteral()}..${this.dateLiteral()}]`;
      case 7:
        return `${this.name(this.pick(ALL_FIELDS.filter((f) => f !== 'geo_point_2d' && f !== 'geo_shape')))} is ${this.chance(0.5) ? 'not ' : ''}null`;
      case 8:
        return this.pick(['littoral', 'not littoral', 'littoral is true', 'littoral is false', '`littoral` is not true']);
      case 9:
        return this.string(this.pick(WORDS));
      case 10:
        return `search(${this.pick(['', '*, ', 'nom, ', 'nom, departement, '])}${this.string(this.pick(WORDS))})`;
      case 11:
        return `suggest(${this.pick(['', 'nom, '])}${this.string(this.pick(WORDS))})`;
      case 12:
        return `startswith(${this.pick(['nom', 'code_insee', '`nom`'])}, ${this.string(this.pick(WORDS))})`;
      case 13:
        return `${this.pick(['within_distance', 'distance'])}(geo_point_2d, ${this.point()}, ${this.pick(['10km', '500 m', '1mi', '100yd', '3000', '0.5km', '2 km'])})`;
      case 14:
        return `in_bbox(geo_point_2d, ${this.pick(['47.0, -2.0, 47.5, -1.0', '46, -3, 48, 0', '47.5, -1, 47, -2'])})`;
      case 15:
        return `${this.string(this.pick(['Loire', 'Océan', 'Loire-Atlantique']))} in ${this.name('tags')}`;
      default:
        return `${this.text(depth)} = ${this.text(depth)}`;
    }
  }

  private literal(): string {
    return this.pick([this.numberLiteral(), this.string(this.pick(WORDS)), this.dateLiteral(), this.point(), 'true', 'null', '10km']);
  }

  /** A predicate or a function over a field of any type. */
  mistyped(): string {
    const field = this.name(this.pick(ALL_FIELDS));
    switch (this.int(9)) {
      case 0:
        return `${this.pick(['search', 'suggest', 'startswith'])}(${field}, ${this.string(this.pick(WORDS))})`;
      case 1:
        return `${field} like ${this.pick([this.string(this.pick(WORDS)), this.numberLiteral(), field])}`;
      case 2:
        return `${this.literal()} in ${field}`;
      case 3:
        return `${field} in (${this.literal()}, ${this.literal()})`;
      case 4:
        return `${field} ${this.pick(['=', '<', '>=', '!='])} ${this.literal()}`;
      case 5:
        return `${field} is ${this.pick(['true', 'false', 'null', 'not null'])}`;
      case 6:
        return `${this.pick(['length', 'lower', 'year', 'hour', 'date_format', 'ifnull', 'distance', 'count', 'now'])}(${field}${this.chance(0.5) ? `, ${this.literal()}` : ''}) ${this.pick(['=', '>'])} ${this.literal()}`;
      case 7:
        return `${field} in [${this.literal()}..${this.literal()}]`;
      default:
        return `${this.pick(['within_distance', 'in_bbox', 'intersects'])}(${field}, ${this.literal()}, ${this.literal()})`;
    }
  }

  private aggregate(): string {
    switch (this.int(7)) {
      case 0:
        return 'count(*)';
      case 1:
        return `count(${this.chance(0.5) ? 'distinct ' : ''}${this.name(this.pick(ALL_FIELDS.filter((f) => !f.startsWith('geo'))))})`;
      case 2:
        return `${this.pick(['sum', 'avg', 'median'])}(${this.numeric(1)})`;
      case 3:
        return `${this.pick(['min', 'max'])}(${this.chance(0.5) ? this.numeric(1) : this.name(this.pick(DATE_FIELDS))})`;
      case 4:
        return `percentile(${this.name(this.pick(NUMBER_FIELDS))}, ${this.pick(['0', '50', '90', '99.5', '100'])})`;
      case 5:
        return `count(distinct ifnull(departement, "x"))`;
      default:
        return `sum(population) / count(*)`;
    }
  }

  private alias(): string {
    return this.pick(['a', 'n', 'total', '`Nom de la commune`', '`é`', 'pop']);
  }

  private scalar(): string {
    switch (this.int(5)) {
      case 0:
        return this.name(this.pick(ALL_FIELDS));
      case 1:
        return this.numeric();
      case 2:
        return this.text();
      case 3:
        return this.chance(0.5) ? `distance(geo_point_2d, ${this.point()})` : `${this.pick(['lower', 'length', 'year', 'month', 'second', 'sum', 'min', 'avg'])}(${this.name(this.pick(ALL_FIELDS))})`;
      default:
        return this.temporal();
    }
  }

  private groupItem(): string {
    switch (this.int(7)) {
      case 0:
      case 1:
        return this.name(this.pick(['departement', 'littoral', 'nom', 'date_maj', 'created_at', 'population']));
      case 2:
        return `${this.pick(['year', 'month', 'hour', 'day'])}(${this.name(this.pick(DATE_FIELDS))})${this.chance(0.5) ? ' as y' : ''}`;
      case 3:
        return `range(${this.name(this.pick(NUMBER_FIELDS))}, ${this.pick(['*, 1000, 10000, *', '5', '1000', '0, 100, 1000', '*, 50', '0.5'])})`;
      case 4:
        return `lower(${this.name('nom')})`;
      case 5:
        return `date_format(${this.name(this.pick(DATE_FIELDS))}, ${this.string(this.pick(DATE_PATTERNS))})`;
      default:
        return `ifnull(${this.name('departement')}, "?")`;
    }
  }

  /** A query whose clauses fit together: plain records, aggregates alone, or grouped. */
  query(): FuzzQuery {
    const query: FuzzQuery = {};
    if (this.chance(0.7)) query.where = this.condition();
    const shape = this.int(3);
    if (shape === 0) {
      if (this.chance(0.7)) {
        query.select = Array.from({ length: 1 + this.int(3) }, () => {
          const kind = this.int(6);
          if (kind === 0) return '*';
          if (kind === 1) return `${this.pick(['include', 'exclude'])}(${this.pick(['nom', 'geo*', 'c*', 'population'])})`;
          return `${this.scalar()}${this.chance(0.4) ? ` as ${this.alias()}` : ''}`;
        }).join(', ');
      }
      if (this.chance(0.6)) query.order_by = Array.from({ length: 1 + this.int(2) }, () => `${this.chance(0.8) ? this.name(this.pick([...TEXT_FIELDS, ...NUMBER_FIELDS, ...DATE_FIELDS, 'littoral'])) : this.numeric()}${this.pick(['', ' asc', ' desc', ' DESC'])}`).join(', ');
    } else if (shape === 1) {
      query.select = Array.from({ length: 1 + this.int(3) }, () => `${this.aggregate()}${this.chance(0.5) ? ` as ${this.alias()}` : ''}`).join(', ');
    } else {
      const groups = Array.from({ length: 1 + this.int(2) }, () => this.groupItem());
      query.group_by = groups.join(', ');
      const aggregates = Array.from({ length: this.int(3) }, (_, i) => `${this.aggregate()} as g${i}`);
      if (aggregates.length > 0 || this.chance(0.5)) query.select = [...(this.chance(0.5) ? [groups[0] ?? ''] : []), ...aggregates].join(', ') || undefined;
      if (this.chance(0.5)) query.order_by = aggregates.length > 0 && this.chance(0.5) ? `g0 ${this.pick(['asc', 'desc'])}` : `${this.pick(['count(*)', 'sum(population)', 'max(date_maj)'])} desc`;
    }
    return query;
  }

  /** One of the damages the fuzz applies to a clause. */
  mutate(text: string): string {
    const at = this.int(text.length + 1);
    switch (this.int(10)) {
      case 0:
        return text.slice(0, at) + text.slice(at + 1 + this.int(3));
      case 1:
        return text.slice(0, at) + text.slice(at, at + 1).repeat(2 + this.int(3)) + text.slice(at + 1);
      case 2:
        return text.slice(0, at) + text.slice(at + 1, at + 2) + text.slice(at, at + 1) + text.slice(at + 2);
      case 3:
        return `${text.slice(0, at)} ${this.pick(TOKENS)} ${text.slice(at)}`;
      case 4: {
        // Unbalanced quotes: one quote taken away, or one more.
        const quote = text.search(/["'`]/);
        return quote >= 0 && this.chance(0.6) ? text.slice(0, quote) + text.slice(quote + 1) : `${text.slice(0, at)}${this.pick(['"', "'", '`'])}${text.slice(at)}`;
      }
      case 5:
        return text.replace(/\d+(\.\d+)?/, this.pick(['1e309', '-1e309', '9'.repeat(400), '0.0000000000000000000000001', '1e-400', '18446744073709551617', '1.2.3', '00000']));
      case 6:
        return `${text.slice(0, at)}${this.pick(['é', '\u200b', '\u{1F600}', '\uFEFF', 'ß', '\u0301', '\u00a0', '\ud800', 'Ω', '\t', '\n'])}${text.slice(at)}`;
      case 7: {
        const depth = this.pick([3, 50, 101, 150, 1000]);
        return this.chance(0.5) ? `${'('.repeat(depth)}${text}${')'.repeat(depth)}` : `${'not '.repeat(depth)}${text}`;
      }
      case 8:
        return `${text}${this.pick([',', ' and', ' or not', ' as', ' desc desc', '(', ')', ' in', ' is', ' like', ' ..'])}`;
      default:
        return text.toUpperCase();
    }
  }

  /** A query, damaged about half of the time in one of its clauses; sometimes in a zone and a language. */
  fuzzQuery(): FuzzQuery {
    const query = this.query();
    if (this.chance(0.5)) {
      const keys = (['select', 'where', 'group_by', 'order_by'] as const).filter((k) => query[k] !== undefined);
      const key = keys.length > 0 ? this.pick(keys) : 'where';
      let text = query[key] ?? this.condition();
      for (let n = 1 + (this.chance(0.3) ? this.int(3) : 0); n > 0; n -= 1) text = this.mutate(text);
      query[key] = text;
    }
    if (this.chance(0.2)) query.timezone = this.pick(['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham']);
    if (this.chance(0.2)) query.lang = this.pick(['fr', 'en', 'de', 'ar', 'eu']);
    return query;
  }
}
