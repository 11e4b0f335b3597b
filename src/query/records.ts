// The records of a dataset's live version. Every reader (API, pages, exports) comes through here;
// issue [3/6] puts the ODSQL plan in front of the same call.
import type { Dataset } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import type { Paging } from './paging.js';
import { recordsSource } from './source.js';

export interface RecordsPage {
  totalCount: number;
  results: Record<string, unknown>[];
}

export async function queryRecords(ctx: DataPlaneContext, dataset: Dataset, paging: Paging): Promise<RecordsPage> {
  const source = await recordsSource(ctx, dataset);
  if (!source) return { totalCount: 0, results: [] };
  // Rows come in the source's order, which is stable: the same page twice gives the same records.
  const rows = await ctx.engine.query(source.pageSql, [...source.params, paging.limit, paging.offset]);
  const totalCount = source.countSql === null ? source.version.rowCount : Number((await ctx.engine.query(source.countSql, source.params))[0]?.n ?? 0);
  return { totalCount, results: rows.map((row) => toApiRecord(source.fields, row)) };
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
