// One record by its id (ODS Explore v2.1 §2.6, E7): the bare record, serialised as a row of
// /records, with the request's select, lang and timezone. The id is computed by DuckDB over the
// version (record-id.ts); the records never come into JS.
import type { Dataset } from '../catalog/index.js';
import { BOUNDED, toApiRecord, type DataPlaneContext } from '../data/index.js';
import { emptyQuery, planQuery, type ExploreQuery } from './plan.js';
import { isRecordId, RECORD_ID_COLUMN, recordIdSql, withRecordIdField } from './record-id.js';
import { answerFields } from './records.js';
import { recordsSource } from './source.js';

export type RecordQuery = Pick<ExploreQuery, 'select' | 'lang' | 'timezone'>;

/** The record, or undefined when the dataset has none with this id. */
export async function findRecord(ctx: DataPlaneContext, dataset: Dataset, recordId: string, query: RecordQuery = {}): Promise<Record<string, unknown> | undefined> {
  const source = await recordsSource(ctx, dataset);
  if (!source) return undefined;
  const n = source.params.length;
  // Only the records, narrowed to the id: the version's order and search text do not apply to one
  // record. Planned before the id is looked at, so that a bad select is a 400 whatever the id.
  const one = { ...emptyQuery(), select: query.select, lang: query.lang, timezone: query.timezone };
  const narrowed = { sql: `select * from (${source.sql}) as records where ${recordIdSql(dataset, source.fields)} = $${n + 1}`, params: [...source.params, recordId], fields: source.fields };
  const plan = planQuery({ ...withRecordIdField(narrowed, dataset, one), recordId: recordIdSql(dataset, source.fields) }, one);
  if (!isRecordId(recordId)) return undefined;
  const [row] = await ctx.engine.query(`${plan.sql} limit 1`, plan.params, BOUNDED);
  if (!row) return undefined;
  // An aggregate (select=count(*)) has a row even without the record: it answers only when the record is there.
  if (!(RECORD_ID_COLUMN in row) && (await ctx.engine.query(`${narrowed.sql} limit 1`, narrowed.params, BOUNDED)).length === 0) return undefined;
  return toApiRecord(answerFields(plan.columns), row);
}
