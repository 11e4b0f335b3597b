// The records of a dataset's live version, as an Explore query chooses them. Every reader (API,
// pages, exports) comes through here.
import type { Dataset, Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import type { Paging } from './paging.js';
import { emptyQuery, planQuery, type ExploreQuery, type OutputColumn } from './plan.js';
import { recordsSource } from './source.js';

export interface RecordsPage {
  totalCount: number;
  results: Record<string, unknown>[];
}

export async function queryRecords(ctx: DataPlaneContext, dataset: Dataset, paging: Paging, query: ExploreQuery = emptyQuery()): Promise<RecordsPage> {
  const source = await recordsSource(ctx, dataset);
  if (!source) return { totalCount: 0, results: [] };
  const plan = planQuery(source, query);
  if (plan.plain) {
    // Rows come in the source's order, which is stable: the same page twice gives the same records.
    const rows = await ctx.engine.query(source.pageSql, [...source.params, paging.limit, paging.offset]);
    const totalCount = source.countSql === null ? source.version.rowCount : Number((await ctx.engine.query(source.countSql, source.params))[0]?.n ?? 0);
    return { totalCount, results: rows.map((row) => toApiRecord(source.fields, row)) };
  }
  const n = plan.params.length;
  const rows = await ctx.engine.query(`${plan.sql} limit $${n + 1} offset $${n + 2}`, [...plan.params, paging.limit, paging.offset]);
  const [counted] = await ctx.engine.query(plan.countSql, plan.countParams);
  const fields = answerFields(plan.columns);
  return { totalCount: Number(counted?.n ?? 0), results: rows.map((row) => toApiRecord(fields, row)) };
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
