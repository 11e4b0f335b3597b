// The records of a dataset's live version, as an Explore query chooses them. Every reader (API,
// pages, exports) comes through here.
import type { Dataset, Field } from '../catalog/index.js';
import { BOUNDED, toApiRecord, type DataPlaneContext, type Row } from '../data/index.js';
import { pageClause, type Paging } from './paging.js';
import { emptyQuery, planQuery, type ExploreQuery, type OutputColumn, type QueryPlan } from './plan.js';
import { RECORD_ID_COLUMN, recordIdSql, withRecordIdField } from './record-id.js';
import { recordsSource } from './source.js';

export interface RecordsPage {
  totalCount: number;
  results: Record<string, unknown>[];
  /** With `recordIds`: each result's record id (record-id.ts), in order; absent for groups and aggregates. */
  recordIds?: string[];
}

export async function queryRecords(ctx: DataPlaneContext, dataset: Dataset, paging: Paging, query: ExploreQuery = emptyQuery(), options: { recordIds?: boolean } = {}): Promise<RecordsPage> {
  const source = await recordsSource(ctx, dataset);
  if (!source) return { totalCount: 0, results: [] };
  const planned = withRecordIdField(source, dataset, query);
  const plan = planQuery(options.recordIds ? { ...planned, recordId: recordIdSql(dataset, source.fields) } : planned, query);
  if (plan.plain) {
    // Rows come in the source's order, which is stable: the same page twice gives the same records.
    const page = source.page(paging);
    const rows = await ctx.engine.query(page.sql, page.params, BOUNDED);
    const totalCount = source.countSql === null ? source.version.rowCount : Number((await ctx.engine.query(source.countSql, source.params, BOUNDED))[0]?.n ?? 0);
    return { totalCount, results: rows.map((row) => toApiRecord(source.fields, row)) };
  }
  const { totalCount, rows } = await planPage(ctx, plan, paging);
  const fields = answerFields(plan.columns);
  const results = rows.map((row) => toApiRecord(fields, row));
  const ids = rows.map((row) => row[RECORD_ID_COLUMN]);
  const recordIds = options.recordIds && ids.every((id) => typeof id === 'string') ? { recordIds: ids as string[] } : {};
  return { totalCount, results, ...recordIds };
}

/** A page of a plan's rows and the count behind total_count (records, the catalog). */
export async function planPage(ctx: DataPlaneContext, plan: QueryPlan, paging: Paging): Promise<{ totalCount: number; rows: Row[] }> {
  const page = pageClause(paging, plan.params.length);
  // Side by side, each on its own connection: the page stops at its last row, the count reads on.
  const [rows, [counted]] = await Promise.all([
    ctx.engine.query(`${plan.sql}${page.sql}`, [...plan.params, ...page.params], BOUNDED),
    ctx.engine.query(plan.countSql, plan.countParams, BOUNDED),
  ]);
  return { totalCount: Number(counted?.n ?? 0), rows };
}

/** The answer's columns as fields, for serialising their values. */
export function answerFields(columns: readonly OutputColumn[]): Field[] {
  return columns.map((c) => ({ name: c.key, label: c.key, type: c.type, description: null, annotations: c.annotations ?? {} }));
}

/**
 * The datasets with their live record count including the pushes not yet compacted, so that a
 * dataset object agrees with its records' total_count. Only realtime datasets with pending pushes
 * cost a query.
 */
export async function withPendingPushes(ctx: DataPlaneContext, datasets: Dataset[]): Promise<Dataset[]> {
  return Promise.all(
    datasets.map(async (dataset) => {
      if (!dataset.recordKey || !dataset.live) return dataset;
      const source = await recordsSource(ctx, dataset);
      if (!source?.countSql) return dataset;
      const [row] = await ctx.engine.query(source.countSql, source.params);
      return { ...dataset, live: { ...dataset.live, rowCount: Number(row?.n ?? 0) } };
    }),
  );
}
