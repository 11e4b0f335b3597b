// The records of a dataset's live version. Every reader (API, pages, exports) comes through here;
// issue [3/6] puts the ODSQL plan in front of the same call.
import { getVersion, type Dataset } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import type { Paging } from './paging.js';

export interface RecordsPage {
  totalCount: number;
  results: Record<string, unknown>[];
}

export async function queryRecords(ctx: DataPlaneContext, dataset: Dataset, paging: Paging): Promise<RecordsPage> {
  if (!dataset.liveVersionId) return { totalCount: 0, results: [] };
  const version = await getVersion(ctx.db, dataset.liveVersionId);
  if (!version) return { totalCount: 0, results: [] };
  const file = ctx.blobs.absolute(version.file);
  // Rows come in storage order, which is stable: the same page twice gives the same records.
  const rows = await ctx.engine.query('select * from read_parquet($1) limit $2 offset $3', [file, paging.limit, paging.offset]);
  return { totalCount: version.rowCount, results: rows.map((row) => toApiRecord(version.fields, row)) };
}
