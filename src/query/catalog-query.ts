// ODSQL over the catalog (ODS Explore v2.1 §2.2, §2.4, §2.9): the dataset list (E1), its facets
// (E3) and its exports (E5), planned by the records' planner over the catalog's rows
// (catalog-source.ts). The caller passes only the dataset objects it may see: whatever the query,
// a dataset it may not see is in no row, count, group or facet.
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Dataset } from '../catalog/index.js';
import { multivaluedSeparator, sqlIdentifier, toApiRecord, type DataPlaneContext, type SqlParams } from '../data/index.js';
import { CATALOG_CSV_SELECT, CATALOG_FACETS, CATALOG_FIELDS, catalogAliases, catalogField, catalogSource, type DatasetObject } from './catalog-source.js';
import { CATALOG_FEED_FORMATS, checkFeedQuery, isCatalogFeedFormat, writeCatalogFeed, type CatalogFeed, type CatalogFeedFormat } from './catalog-export-feeds.js';
import { EXPORT_FORMATS, exportSource, type ExportFile, type ExportFormat, type ExportOptions } from './exports.js';
import { facetsOver, type Facet } from './facets.js';
import { parseGroupBy } from './odsql/parser.js';
import { pageClause, type Paging } from './paging.js';
import { emptyQuery, planQuery, type ExploreQuery, type PlanSource } from './plan.js';
import { answerFields, planPage, type RecordsPage } from './records.js';

/** The catalog's tabular export formats (§2.9): those whose rows are flat objects. */
export const CATALOG_TABLE_FORMATS = ['csv', 'json', 'jsonl', 'xlsx'] as const satisfies readonly ExportFormat[];
/** Every catalog export format: the tables, and the descriptions of datasets (DCAT, RSS: catalog-export-feeds.ts). */
export const CATALOG_EXPORT_FORMATS = [...CATALOG_TABLE_FORMATS, ...CATALOG_FEED_FORMATS] as const;

/** Whether the query asks for anything but the plain list, newest first (E1 without ODSQL). */
export function isCatalogQuery(query: ExploreQuery): boolean {
  return [query.select, query.groupBy, query.orderBy].some((text) => text?.trim()) || query.where.some((w) => w.trim() !== '') || query.refine.length > 0 || query.exclude.length > 0;
}

/** A page of the catalog: dataset objects (no select), or the selected keys and groups. */
export async function queryCatalog(ctx: DataPlaneContext, objects: readonly DatasetObject[], query: ExploreQuery, paging: Paging): Promise<RecordsPage> {
  const whole = wholeDatasets(query);
  const { source, query: planned } = await prepared(ctx, objects, whole ? { ...query, select: 'dataset_uid' } : query);
  const plan = planQuery(source, planned);
  const { totalCount, rows } = await planPage(ctx, plan, paging);
  const fields = answerFields(plan.columns);
  return { totalCount, results: whole ? byUid(objects, rows) : rows.map((row) => toApiRecord(fields, row)) };
}

/** Catalog facets (E3): the catalog's facets that have values, their values alphabetical (§2.4). */
export async function catalogFacets(ctx: DataPlaneContext, objects: readonly DatasetObject[], query: ExploreQuery): Promise<Facet[]> {
  return facetsOver(ctx, await catalogSource(ctx, objects), query, { names: CATALOG_FACETS, sort: (field) => (field.type === 'int' ? 'num' : 'alphanum'), skipEmpty: true });
}

/**
 * A catalog export (E5): dataset objects in JSON and JSON Lines without select, the flat metadata
 * in CSV and XLSX; DCAT, RDF, Turtle and RSS describe the chosen datasets (`feed`: the caller's
 * own view of them, and where the feed is read).
 */
export async function exportCatalog(
  ctx: DataPlaneContext,
  objects: readonly DatasetObject[],
  format: (typeof CATALOG_EXPORT_FORMATS)[number],
  query: ExploreQuery,
  options: ExportOptions,
  feed?: CatalogFeed & { datasets: readonly Dataset[] },
): Promise<ExportFile> {
  if (isCatalogFeedFormat(format)) return exportFeed(ctx, objects, format, query, options, feed);
  if (wholeDatasets(query) && (format === 'json' || format === 'jsonl')) {
    const datasets = await chooseDatasets(ctx, objects, query, options);
    // The catalog is in memory already: the file is written at once.
    const text = format === 'json' ? JSON.stringify(datasets) : datasets.map((d) => `${JSON.stringify(d)}\n`).join('');
    const { mimetype, extension } = EXPORT_FORMATS[format];
    if (!options.compressed) return { mimetype, extension, body: Readable.from([text]) };
    return { mimetype: 'application/gzip', extension: `${extension}.gz`, body: Readable.from([text]).pipe(createGzip()) };
  }
  const { source, query: planned } = await prepared(ctx, objects, wholeDatasets(query) ? { ...query, select: CATALOG_CSV_SELECT } : query);
  return exportSource(ctx, source, format, planned, options);
}

async function exportFeed(ctx: DataPlaneContext, objects: readonly DatasetObject[], format: CatalogFeedFormat, query: ExploreQuery, options: ExportOptions, feed: (CatalogFeed & { datasets: readonly Dataset[] }) | undefined): Promise<ExportFile> {
  if (!feed) throw new Error(`The ${format} catalog export needs the datasets and the site`);
  checkFeedQuery(format, query);
  const byDatasetUid = new Map(feed.datasets.map((d) => [d.uid, d]));
  const chosen = (await chooseDatasets(ctx, objects, query, options)).flatMap((o) => byDatasetUid.get(String(o.dataset_uid)) ?? []);
  return writeCatalogFeed(format, chosen, feed, options.compressed);
}

/** The dataset objects the query chooses (where, refine, exclude, order_by, limit, offset), in its order. */
async function chooseDatasets(ctx: DataPlaneContext, objects: readonly DatasetObject[], query: ExploreQuery, options: Pick<ExportOptions, 'limit' | 'offset'>): Promise<DatasetObject[]> {
  const { source, query: planned } = await prepared(ctx, objects, { ...query, select: 'dataset_uid' });
  const plan = planQuery(source, planned);
  const n = plan.params.length;
  const page = pageClause(options, n);
  const paged = { sql: `${plan.sql}${page.sql}`, params: [...plan.params, ...page.params] };
  return byUid(objects, await ctx.engine.query(paged.sql, paged.params));
}

/** No select and no group_by: the answer is the dataset objects themselves (§2.2). */
function wholeDatasets(query: ExploreQuery): boolean {
  return !query.select?.trim() && !query.groupBy?.trim();
}

function byUid(objects: readonly DatasetObject[], rows: Record<string, unknown>[]): DatasetObject[] {
  const objectsByUid = new Map(objects.map((o) => [o.dataset_uid, o]));
  return rows.flatMap((row): DatasetObject[] => {
    const object = objectsByUid.get(row.dataset_uid);
    return object ? [object] : [];
  });
}

/**
 * The source and the query to plan. Grouping by a multivalued field (features, keyword, theme…)
 * puts a dataset in the group of each of its values (§2.2): the datasets the query chooses are
 * chosen first, then each of their values becomes a row, so that a filter still sees all values.
 */
async function prepared(ctx: DataPlaneContext, objects: readonly DatasetObject[], query: ExploreQuery): Promise<{ source: PlanSource; query: ExploreQuery }> {
  const source = await catalogSource(ctx, objects);
  if (!query.groupBy?.trim()) return { source, query };
  const names = new Set<string>();
  for (const item of parseGroupBy(query.groupBy)) collectFieldNames(item.expr, names);
  const lists = [...names].flatMap((name) => catalogField(name) ?? []).filter((f) => multivaluedSeparator(f) !== undefined);
  if (lists.length === 0) return { source, query };
  const chosen = planQuery(source, { ...query, select: undefined, groupBy: undefined, orderBy: undefined });
  const params: SqlParams = [...chosen.params];
  let sql = chosen.sql;
  for (const list of new Set(lists)) {
    params.push(multivaluedSeparator(list) ?? '');
    const column = sqlIdentifier(list.name);
    // One row per value; a dataset without any value stays, in the null group (§5.6).
    sql = `select * replace (unnest(coalesce(string_split(${column}, $${params.length}), [null::varchar])) as ${column}) from (${sql}) as chosen`;
  }
  const exploded = new Set(lists.map((f) => f.name));
  const fields = CATALOG_FIELDS.map((f) => (exploded.has(f.name) ? { ...f, annotations: withoutKey(f.annotations, 'multivalued') } : f));
  return { source: { sql, params, fields, aliases: catalogAliases(fields) }, query: { ...emptyQuery(), select: query.select, groupBy: query.groupBy, orderBy: query.orderBy, facets: query.facets } };
}

/** The field names an expression of the AST reads. */
function collectFieldNames(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectFieldNames(item, names);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (record.kind === 'field' && typeof record.name === 'string') names.add(record.name);
  for (const value of Object.values(record)) if (typeof value === 'object') collectFieldNames(value, names);
}

function withoutKey(record: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}
