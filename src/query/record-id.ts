// Record ids, one definition for every place that shows one: E7 (`/records/{record_id}`), the
// records' `_links` (include_links) and v1's `recordid`. ODS Explore v2.1 §2.6: ids are opaque
// strings, and ODS's own are 40-hex SHA-1s; ours are too, computed by DuckDB over the records, so
// that finding a record by its id is a scan of the version, never the records loaded in JS.
//
// What is hashed (a JSON array, as JSON.stringify would write it; DuckDB's sha1() gives the same
// bytes as node:crypto's):
// - a dataset with a record key (realtime, src/ingest/realtime.ts): its id and the key's value. The
//   key names the record, so its id stays when a push changes its values;
// - any other dataset: its id and every value of the record (datetimes as microseconds since the
//   epoch, not as text in the engine's time zone). The same record keeps its id from page to page,
//   query to query and version to version, which an id from its position would not. Two records
//   with exactly the same values get the same id: nothing tells them apart, so E7 answers the one
//   both ids name, and the answer is the same whichever it reads.
import type { Dataset, Field } from '../catalog/index.js';
import { sqlIdentifier, sqlLiteral } from '../data/index.js';
import type { ExploreQuery, PlanSource } from './plan.js';

/** The column that carries each row's id when a plan is asked for it (plan.ts). */
export const RECORD_ID_COLUMN = '__recordid';

const RECORD_ID_PATTERN = /^[0-9a-f]{40}$/;

/** Whether `text` has the form of a record id: any other string names no record. */
export function isRecordId(text: string): boolean {
  return RECORD_ID_PATTERN.test(text);
}

/** DuckDB SQL of a record's id over the columns of `table` (the records' relation in a plan). */
export function recordIdSql(dataset: Pick<Dataset, 'datasetId' | 'recordKey'>, fields: readonly Field[], table = 'records'): string {
  const key = dataset.recordKey ? fields.find((f) => f.name === dataset.recordKey) : undefined;
  const values = (key ? [key] : fields).map((field) => {
    const column = `${table}.${sqlIdentifier(field.name)}`;
    return field.type === 'datetime' ? `cast(epoch_us(${column}) as varchar)` : `cast(${column} as varchar)`;
  });
  // The dataset id is a checked slug (catalog/datasets.ts), written as a literal like our file names.
  return `sha1(to_json([${[sqlLiteral(dataset.datasetId), ...values].join(', ')}])::varchar)`;
}

/** ODS §6.1: `_id`, a technical key that select, where and order_by may name (not in `*`). */
export const RECORD_ID_FIELD = '_id';

/**
 * The source with `_id` when the query names it (a dataset's own field of that name wins): its
 * records and their id as one more column. Other queries keep the source as it is.
 */
export function withRecordIdField<S extends PlanSource>(source: S, dataset: Pick<Dataset, 'datasetId' | 'recordKey'>, query: Partial<ExploreQuery>): S {
  const texts = [query.select, ...(query.where ?? []), query.groupBy, query.orderBy];
  if (!texts.some((t) => t?.includes(RECORD_ID_FIELD)) || source.fields.some((f) => f.name === RECORD_ID_FIELD)) return source;
  const field: Field = { name: RECORD_ID_COLUMN, label: RECORD_ID_FIELD, type: 'text', description: null, annotations: {} };
  // Read row for row with the records: the version's order and search text still hold.
  return {
    ...source,
    sql: `select *, ${recordIdSql(dataset, source.fields)} as ${sqlIdentifier(RECORD_ID_COLUMN)} from (${source.sql}) as records`,
    aliases: new Map([...(source.aliases ?? []), [RECORD_ID_FIELD, field]]),
  };
}
