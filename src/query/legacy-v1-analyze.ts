// The legacy v1 analyze (ODS spec §2.12: `records/1.0/analyze`): the records search would choose,
// grouped by `x`, with one aggregate per serie (`y.<serie>.func`, `y.<serie>.expr`), as a bare
// array `[{"x": …, "<serie>": …}]`. It is compiled to a grouped Explore query (select, group_by,
// order_by in ODSQL) over the same filters as search (legacy-v1.ts), planned like any other: field
// names are checked and backquoted, the serie names never reach ODSQL (the columns are y_0, y_1…),
// and no user text becomes SQL.
//
// A date x is cut at `precision` (`{"year": 2024, "month": 3}`) or taken at one period with
// `periodic` (`{"weekday": 0}`, Monday 0 as Python counts, v1's language), in `timezone`. Records
// without x are in no point, as in the terms aggregations behind ODS v1 [INF]; v2.1's null group
// would be a point with a null x, which v1 clients do not expect. STDDEV is the population's: the
// square root of the variance that the query computes.
import type { DatasetScope, Field } from '../catalog/index.js';
import type { DataPlaneContext } from '../data/index.js';
import { AppError } from '../errors.js';
import { v1Dataset, v1Invalid, v1Query, v1Timezone, type V1Parameters } from './legacy-v1.js';
import { odsqlName } from './legacy-v1-q.js';
import { GROUPED_CAPS } from './paging.js';
import { lastValue, wholeNumber } from './query-string.js';
import { queryRecords } from './records.js';

const FUNCTIONS = ['COUNT', 'AVG', 'SUM', 'MIN', 'MAX', 'STDDEV', 'SUMSQUARES'] as const;
type V1Function = (typeof FUNCTIONS)[number];

/** Date parts, from the coarsest; `precision` keeps those down to it. */
const PRECISIONS = ['year', 'month', 'day', 'hour', 'minute'] as const;
const PERIODS = ['year', 'month', 'weekday', 'day', 'hour', 'minute'] as const;
type Period = (typeof PERIODS)[number];

interface Serie {
  name: string;
  func: V1Function;
  field?: Field;
  cumulative: boolean;
}

export interface V1Analysis {
  points: Record<string, unknown>[];
  /** More groups than `maxpoints`: ods-widgets reads it in the `ods-analyze-truncated` header. */
  truncated: boolean;
}

/** GET or POST /api/records/1.0/analyze. */
export async function analyzeV1(ctx: DataPlaneContext, scope: DatasetScope, raw: V1Parameters, now: Date = new Date()): Promise<V1Analysis> {
  const dataset = await v1Dataset(ctx, scope, raw);
  const fields = dataset.live?.fields ?? [];
  const format = (lastValue(raw.format) ?? 'json').trim().toLowerCase();
  if (format !== 'json') throw v1Invalid('format', format, 'json', 'json');
  const x = xField(raw, fields);
  const series = seriesOf(raw, fields);
  const parts = x.type === 'date' || x.type === 'datetime' ? dateParts(raw, x) : [];
  const maxpoints = maxpointsOf(raw);
  // search's filters; `sort` means something else here (a serie or x).
  const query = { ...v1Query({ ...raw, sort: undefined }, fields, now), timezone: v1Timezone(raw) };
  const name = odsqlName(x.name);
  query.where.push(`${name} is not null`);
  query.groupBy = parts.length === 0 ? `${name} as x` : parts.map((part) => `${partSql(part, name)} as x_${part}`).join(', ');
  query.select = series.map((serie, i) => `${aggregateSql(serie)} as y_${i}`).join(', ');
  const keys = parts.length === 0 ? ['x'] : parts.map((part) => `x_${part}`);
  query.orderBy = orderOf(raw, series, keys);

  const page = await queryRecords(ctx, dataset, { limit: maxpoints, offset: 0 }, query);
  const points = page.results.map((row) => {
    const point: Record<string, unknown> = { x: parts.length === 0 ? row.x : Object.fromEntries(parts.map((part) => [part, partValue(part, row[`x_${part}`])])) };
    series.forEach((serie, i) => {
      const value = row[`y_${i}`];
      point[serie.name] = serie.func === 'STDDEV' && typeof value === 'number' ? Math.sqrt(Math.max(0, value)) : value;
    });
    return point;
  });
  // y.<serie>.cumulative: each point adds the ones before it, in the answer's order.
  for (const serie of series.filter((s) => s.cumulative)) {
    let total = 0;
    for (const point of points) {
      total += typeof point[serie.name] === 'number' ? (point[serie.name] as number) : 0;
      point[serie.name] = total;
    }
  }
  return { points, truncated: page.totalCount > points.length };
}

function xField(raw: V1Parameters, fields: readonly Field[]): Field {
  const name = lastValue(raw.x)?.trim();
  if (!name) throw new AppError('PARAMETER_REQUIRED', { parameter: 'x' }, { parameter: 'x' });
  const field = fields.find((f) => f.name === name);
  if (!field || field.type === 'geo_point_2d' || field.type === 'geo_shape' || field.type === 'file') {
    throw v1Invalid('x', name, 'a text, number, boolean or date field of the dataset', 'un champ texte, nombre, booléen ou date du jeu de données');
  }
  return field;
}

/** The series of `y.<serie>.func` / `.expr` / `.cumulative`, in the order the request names them. */
function seriesOf(raw: V1Parameters, fields: readonly Field[]): Serie[] {
  const names: string[] = [];
  for (const key of Object.keys(raw)) {
    const match = /^y\.(.+)\.(func|expr|cumulative)$/.exec(key);
    if (match?.[1] && !names.includes(match[1])) names.push(match[1]);
  }
  if (names.length === 0) throw new AppError('PARAMETER_REQUIRED', { parameter: 'y.<serie>.func' }, { parameter: 'y.<serie>.func' });
  return names.map((name) => {
    const funcText = (lastValue(raw[`y.${name}.func`]) ?? 'COUNT').trim().toUpperCase();
    if (!(FUNCTIONS as readonly string[]).includes(funcText)) throw v1Invalid(`y.${name}.func`, funcText, FUNCTIONS.join(', '), FUNCTIONS.join(', '));
    const func = funcText as V1Function;
    const cumulative = lastValue(raw[`y.${name}.cumulative`])?.trim().toLowerCase() === 'true';
    if (func === 'COUNT') return { name, func, cumulative };
    const expr = lastValue(raw[`y.${name}.expr`])?.trim();
    if (!expr) throw new AppError('PARAMETER_REQUIRED', { parameter: `y.${name}.expr` }, { parameter: `y.${name}.expr` });
    const field = fields.find((f) => f.name === expr);
    if (!field || (field.type !== 'int' && field.type !== 'double')) throw v1Invalid(`y.${name}.expr`, expr, 'a number field of the dataset', 'un champ nombre du jeu de données');
    return { name, func, field, cumulative };
  });
}

function aggregateSql(serie: Serie): string {
  if (!serie.field) return 'count(*)';
  const f = odsqlName(serie.field.name);
  switch (serie.func) {
    case 'AVG':
      return `avg(${f})`;
    case 'SUM':
      return `sum(${f})`;
    case 'MIN':
      return `min(${f})`;
    case 'MAX':
      return `max(${f})`;
    case 'SUMSQUARES':
      return `sum(${f} * ${f})`;
    case 'STDDEV':
      // The variance, ordered as the deviation is; its square root is taken on the answer.
      return `avg(${f} * ${f}) - avg(${f}) * avg(${f})`;
    default:
      return 'count(*)';
  }
}

/** `periodic` (one period), else the parts down to `precision` (day by default; a date has no hours). */
function dateParts(raw: V1Parameters, x: Field): Period[] {
  const periodic = lastValue(raw.periodic)?.trim().toLowerCase();
  if (periodic) {
    if (!(PERIODS as readonly string[]).includes(periodic)) throw v1Invalid('periodic', periodic, PERIODS.join(', '), PERIODS.join(', '));
    return [periodic as Period];
  }
  const precision = lastValue(raw.precision)?.trim().toLowerCase() ?? 'day';
  const index = (PRECISIONS as readonly string[]).indexOf(precision);
  if (index < 0) throw v1Invalid('precision', precision, PRECISIONS.join(', '), PRECISIONS.join(', '));
  return PRECISIONS.slice(0, x.type === 'date' ? Math.min(index, 2) + 1 : index + 1);
}

function partSql(part: Period, name: string): string {
  // ISO day of the week (1 = Monday): v1's weekday is one less.
  return part === 'weekday' ? `date_format(${name}, 'e')` : `${part}(${name})`;
}

function partValue(part: Period, value: unknown): unknown {
  return part === 'weekday' && value !== null ? Number(value) - 1 : value;
}

/** `sort`: `x` or a serie, descending as on search; `-x`, `-serie` ascending. By x ascending when absent. */
function orderOf(raw: V1Parameters, series: readonly Serie[], keys: readonly string[]): string {
  const sort = lastValue(raw.sort)?.trim();
  if (!sort) return keys.map((k) => `${k} asc`).join(', ');
  const name = sort.replace(/^-/, '');
  const direction = sort.startsWith('-') ? 'asc' : 'desc';
  if (name === 'x') return keys.map((k) => `${k} ${direction}`).join(', ');
  const index = series.findIndex((s) => s.name === name);
  if (index < 0) throw v1Invalid('sort', sort, 'x or a serie, with - for an ascending order', 'x ou une série, avec - pour un ordre croissant');
  return `y_${index} ${direction}, ${keys.map((k) => `${k} asc`).join(', ')}`;
}

function maxpointsOf(raw: V1Parameters): number {
  const text = lastValue(raw.maxpoints);
  if (text === undefined || text.trim() === '') return GROUPED_CAPS.maxLimit;
  const value = wholeNumber(text.trim(), 9);
  if (value === undefined || value < 1 || value > GROUPED_CAPS.maxLimit) throw v1Invalid('maxpoints', text, `1 to ${GROUPED_CAPS.maxLimit}`, `de 1 à ${GROUPED_CAPS.maxLimit}`);
  return value;
}
