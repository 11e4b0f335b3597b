// The analyze tab: the chart the URL asks for (web/pages/dataset/analyze.tsx), its values read with
// one grouped Explore query through src/query, as the records endpoint answers `group_by`, over the
// records the page's filters choose. Field names come from the dataset's fields only: a value of
// the URL that names none is a sentence on the page, not an error page.
import type { Field } from '../../../catalog/index.js';
import { isAppError } from '../../../errors.js';
import { emptyQuery, GROUPED_CAPS, queryRecords, type ExploreQuery } from '../../../query/index.js';
import { CHART_TYPES, renderChartSvg, type ChartSeries, type ChartType } from '../../../web/chart-svg.js';
import type { Lang } from '../../../web/index.js';
import {
  AGGREGATIONS,
  ANALYZE_STYLES,
  AnalyzeView,
  categoryName,
  chartImageLabel,
  chartTitle,
  DEFAULT_CATEGORIES,
  MAX_CATEGORIES,
  ORDERS,
  PERIODS,
  valueName,
  type Aggregation,
  type ChartForm,
  type ChartProblem,
  type ChartResult,
  type FieldOption,
} from '../../../web/pages/dataset/analyze.js';
import type { DatasetPageContext, DatasetTab } from '../dataset-tab.js';

const X_TYPES = new Set(['text', 'date', 'datetime', 'int', 'double']);
const Y_TYPES = new Set(['int', 'double']);
/** With a series field, the largest series are drawn: more colours than this are not told apart. */
const MAX_SERIES = 10;
/** The text fields a first visit looks at for its categories. */
const DEFAULT_CANDIDATES = 8;
/** The first-visit categories of the versions seen last (a Map keeps its keys in insertion order: the oldest goes first). */
const DEFAULT_X = new Map<string, string | undefined>();
const DEFAULT_X_KEPT = 1000;
// Aliases of the answer's columns; ODSQL aliases are free names, these only have to differ from each other.
const X = 'chart_x';
const SERIES = 'chart_series';
const VALUE = 'chart_value';

export const analyzeTab: DatasetTab = async (ctx) => {
  const { site, dataset } = ctx;
  const { lang } = site;
  const fields = dataset.live?.fields ?? [];
  const xFields = fields.filter((f) => X_TYPES.has(f.type)).map(option);
  const yFields = fields.filter((f) => Y_TYPES.has(f.type)).map(option);
  const raw = ctx.request.query as Record<string, unknown>;
  const asked = typeof raw.x === 'string' && raw.x.trim() !== '';
  const { form, problems } = readForm(raw, xFields, yFields, asked ? undefined : await defaultX(ctx, fields));
  const seriesIgnored = form.series !== undefined && (form.type === 'pie' || form.type === 'scatter');
  const drawn: ChartForm = seriesIgnored ? { ...form, series: undefined } : form;
  const view = { site, dataset, embed: ctx.embed, filters: ctx.filters, xFields, yFields, form, problems, seriesIgnored };

  if (ctx.queryError) return { body: <AnalyzeView {...view} error={messageIn(lang, ctx.queryError)} />, styles: ANALYZE_STYLES };
  if (problems.length > 0) return { body: <AnalyzeView {...view} />, styles: ANALYZE_STYLES };
  try {
    const chart = await loadChart(ctx, drawn, [...xFields, ...yFields]);
    return { body: <AnalyzeView {...view} chart={chart} />, styles: ANALYZE_STYLES };
  } catch (error) {
    if (isAppError(error)) return { body: <AnalyzeView {...view} error={messageIn(lang, error)} />, styles: ANALYZE_STYLES };
    throw error;
  }
};

function option(field: Field): FieldOption {
  return { name: field.name, label: field.label || field.name, type: field.type };
}

function isDate(field: FieldOption | undefined): boolean {
  return field?.type === 'date' || field?.type === 'datetime';
}

/**
 * The categories of a first visit: the first text field offered as a facet; without one, the text
 * field with the most values up to 50 that repeat (one aggregate query counts each one's values), so that the
 * first chart is neither one bar nor one bar per record.
 */
async function defaultX(ctx: DatasetPageContext, fields: readonly Field[]): Promise<string | undefined> {
  const facet = fields.find((f) => f.type === 'text' && f.annotations.facet === true);
  if (facet) return facet.name;
  const texts = fields.filter((f) => f.type === 'text' && f.name !== ctx.dataset.recordKey).slice(0, DEFAULT_CANDIDATES);
  if (texts.length <= 1) return texts[0]?.name;
  // Counted over all the records, not the filtered ones: the choice belongs to the version, and is kept with it.
  const key = `${ctx.dataset.uid}:${ctx.dataset.liveVersionId ?? ''}`;
  if (DEFAULT_X.has(key)) return DEFAULT_X.get(key);
  const select = [...texts.map((f, i) => `count(distinct \`${f.name}\`) as n${i}`), 'count(*) as total'].join(', ');
  const [row] = (await queryRecords(ctx.platform, ctx.dataset, { limit: 1, offset: 0 }, { ...emptyQuery(), select })).results;
  const counts = texts.map((f, i) => ({ name: f.name, n: Number(row?.[`n${i}`] ?? 0) }));
  // Values that repeat (on average twice or more): not a reference of each record.
  const total = Number(row?.total ?? 0);
  const readable = counts.filter((c) => c.n >= 2 && c.n <= 50 && c.n * 2 <= total).sort((a, b) => b.n - a.n)[0];
  const chosen = (readable ?? counts.filter((c) => c.n >= 2).sort((a, b) => a.n - b.n)[0] ?? counts[0])?.name;
  if (DEFAULT_X.size >= DEFAULT_X_KEPT) DEFAULT_X.delete(DEFAULT_X.keys().next().value ?? '');
  DEFAULT_X.set(key, chosen);
  return chosen;
}

/** The chart of the URL's parameters, each checked; a missing one takes its default. */
function readForm(raw: Record<string, unknown>, xFields: FieldOption[], yFields: FieldOption[], defaultX: string | undefined): { form: ChartForm; problems: ChartProblem[] } {
  const problems: ChartProblem[] = [];
  const one = (key: string): string | undefined => {
    const value = raw[key];
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    return typeof last === 'string' && last.trim() !== '' ? last.trim() : undefined;
  };
  const choice = <T extends string>(parameter: 'type' | 'agg' | 'period' | 'order', allowed: readonly T[], fallback: T): T => {
    const value = one(parameter);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push({ kind: 'choice', parameter, value });
    return fallback;
  };
  const field = (parameter: 'x' | 'series', list: readonly FieldOption[]): string | undefined => {
    const value = one(parameter);
    if (value === undefined || list.some((f) => f.name === value)) return value;
    problems.push({ kind: 'field', parameter, value });
    return undefined;
  };

  const type = choice<ChartType>('type', CHART_TYPES, 'bar');
  const x = field('x', xFields) ?? defaultX ?? xFields[0]?.name ?? '';
  if (xFields.length === 0) problems.push({ kind: 'noField' });
  const period = choice('period', PERIODS, 'year');
  const agg = choice<Aggregation>('agg', AGGREGATIONS, 'count');
  let y = one('y');
  if (y !== undefined && !yFields.some((f) => f.name === y)) {
    problems.push({ kind: 'numeric', value: y });
    y = undefined;
  }
  if (agg !== 'count') {
    y ??= yFields[0]?.name;
    if (y === undefined && yFields.length === 0) problems.push({ kind: 'noNumeric' });
  }
  const series = field('series', xFields);
  if (series !== undefined && series === x) problems.push({ kind: 'sameField' });
  let limit = DEFAULT_CATEGORIES;
  const limitText = one('limit');
  if (limitText !== undefined) {
    const n = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (n >= 1 && n <= MAX_CATEGORIES) limit = n;
    else problems.push({ kind: 'limit', value: limitText });
  }
  // Dates read best in time order; other categories, largest first.
  const order = choice('order', ORDERS, isDate(xFields.find((f) => f.name === x)) ? 'x' : 'value');
  return { form: { type, x, period, agg, y, series, limit, order }, problems };
}

/** One grouped query (group_by the category, and the series), then the chart drawn from its rows. */
async function loadChart(ctx: DatasetPageContext, form: ChartForm, fields: readonly FieldOption[]): Promise<ChartResult> {
  const { lang } = ctx.site;
  const byName = (name: string | undefined) => fields.find((f) => f.name === name);
  // Field names are those of the dataset (checked above), written between backquotes as ODSQL allows any name.
  const key = (name: string): string => {
    const column = `\`${name}\``;
    // ODS §5.5 date_format(): a date grouped by its year or its month, as text keys in time order.
    return isDate(byName(name)) ? `date_format(${column}, '${form.period === 'month' ? 'yyyy-MM' : 'yyyy'}')` : column;
  };
  const value = form.agg === 'count' ? 'count(*)' : `${form.agg}(\`${form.y ?? ''}\`)`;
  const query: ExploreQuery = {
    ...ctx.query,
    select: `${value} as ${VALUE}`,
    groupBy: form.series ? `${key(form.x)} as ${X}, ${key(form.series)} as ${SERIES}` : `${key(form.x)} as ${X}`,
    // One series: the database sorts and cuts. Several: every group comes, in category order, and the
    // categories are ranked here on their total over the series.
    orderBy: form.series ? `${X} asc, ${SERIES} asc` : form.order === 'value' ? `${VALUE} desc, ${X} asc` : `${X} asc`,
  };
  const paging = { limit: form.series ? GROUPED_CAPS.maxLimit : form.limit, offset: 0 };
  const page = await queryRecords(ctx.platform, ctx.dataset, paging, query);
  const shaped = form.series ? bySeries(lang, form, page.results) : oneSeries(lang, form, fields, page.results, page.totalCount);
  const title = chartTitle(lang, form, fields);
  const svg = shaped.categories.length === 0
    ? ''
    : await renderChartSvg({
        type: form.type,
        categories: shaped.categories,
        series: shaped.series,
        lang,
        primaryColor: ctx.site.portal?.primaryColor ?? '#000091',
        label: chartImageLabel(lang, form.type, title, shaped.categories.length),
        xName: byName(form.x)?.label,
        yName: form.series ? undefined : valueName(lang, form, fields),
      });
  return { svg, ...shaped };
}

type Shaped = Omit<ChartResult, 'svg'>;

function numberOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function oneSeries(lang: Lang, form: ChartForm, fields: readonly FieldOption[], rows: Record<string, unknown>[], total: number): Shaped {
  return {
    categories: rows.map((row) => categoryName(lang, row[X])),
    series: [{ name: valueName(lang, form, fields), values: rows.map((row) => numberOf(row[VALUE])) }],
    totalCategories: total,
    seriesLeftOut: 0,
  };
}

/** Rows of (category, series, value) as one series per value of the series field: the largest ones, over the first categories. */
function bySeries(lang: Lang, form: ChartForm, rows: Record<string, unknown>[]): Shaped {
  const cells = new Map<string, number | null>();
  const categoryTotals = new Map<string, number>();
  const seriesTotals = new Map<string, number>();
  const cell = (x: string, s: string) => `${x}\u0000${s}`;
  for (const row of rows) {
    const x = categoryName(lang, row[X]);
    const s = categoryName(lang, row[SERIES]);
    const value = numberOf(row[VALUE]);
    cells.set(cell(x, s), value);
    categoryTotals.set(x, (categoryTotals.get(x) ?? 0) + Math.abs(value ?? 0));
    seriesTotals.set(s, (seriesTotals.get(s) ?? 0) + Math.abs(value ?? 0));
  }
  // Rows come in category order: a Map keeps it, and a stable sort keeps it between equal totals.
  let categories = [...categoryTotals.keys()];
  if (form.order === 'value') categories.sort((a, b) => (categoryTotals.get(b) ?? 0) - (categoryTotals.get(a) ?? 0));
  categories = categories.slice(0, form.limit);
  const seriesNames = [...seriesTotals.keys()].sort((a, b) => (seriesTotals.get(b) ?? 0) - (seriesTotals.get(a) ?? 0));
  const kept = seriesNames.slice(0, MAX_SERIES);
  // A category with no record of a series counts none of them; its sum, average… has no value.
  const missing = form.agg === 'count' ? 0 : null;
  const series: ChartSeries[] = kept.map((name) => ({ name, values: categories.map((x) => (cells.has(cell(x, name)) ? (cells.get(cell(x, name)) ?? null) : missing)) }));
  return { categories, series, totalCategories: categoryTotals.size, seriesLeftOut: seriesNames.length - kept.length };
}

function messageIn(lang: Lang, error: { message: string; messageFr: string }): string {
  return lang === 'fr' ? error.messageFr : error.message;
}
