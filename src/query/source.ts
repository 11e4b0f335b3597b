// The records of a dataset as SQL: its live version's Parquet file, and, for a realtime dataset,
// the push batches not yet compacted, merged by key (the latest change of a key wins; a delete
// removes it). Every reader (records, the compaction, joins) reads through here. Records keep the
// order of the version; new keys follow, in the order they were pushed.
import { getVersion, listDeltas, type Dataset, type Field, type Version } from '../catalog/index.js';
import { sqlIdentifier, sqlLiteral, type DataPlaneContext, type SqlParams } from '../data/index.js';

export interface RecordsSource {
  /** A SELECT of all the records, field columns only, in order. */
  sql: string;
  /** A page of `sql`: its parameters, then the limit and the offset (`$n+1`, `$n+2`). */
  pageSql: string;
  /** How many records; null when the version's row count is the answer. */
  countSql: string | null;
  params: SqlParams;
  fields: Field[];
  version: Version;
  /** The last push folded in (0: none); with the version, it identifies the records' state. */
  deltaSeq: number;
}

export async function recordsSource(ctx: DataPlaneContext, dataset: Dataset): Promise<RecordsSource | undefined> {
  if (!dataset.liveVersionId) return undefined;
  const version = await getVersion(ctx.db, dataset.liveVersionId);
  if (!version) return undefined;
  const file = ctx.blobs.absolute(version.file);
  const columns = version.fields.map((f) => sqlIdentifier(f.name)).join(', ');
  const deltas = dataset.recordKey ? await listDeltas(ctx.db, dataset.uid) : [];
  if (deltas.length === 0 || !dataset.recordKey) {
    const sql = `select ${columns} from read_parquet($1)`;
    return { sql, pageSql: `${sql} limit $2 offset $3`, countSql: null, params: [file], fields: version.fields, version, deltaSeq: 0 };
  }
  const key = sqlIdentifier(dataset.recordKey);
  // Our own file names, not user text; each file's sequence number comes from the catalog.
  const deltaFiles = `[${deltas.map((d) => sqlLiteral(ctx.blobs.absolute(d.file))).join(', ')}]`;
  const sequence = deltas.map((d) => `(${sqlLiteral(ctx.blobs.absolute(d.file))}, ${d.seq})`).join(', ');
  const qualified = (alias: string) => version.fields.map((f) => `${alias}.${sqlIdentifier(f.name)}`).join(', ');
  // The version's rows are read once for the records that stay, and only their key and position
  // for the keys pushed: joins then hold small tables, whatever the size of the version.
  const merged = `
    with delta as (select d.*, s.__seq from read_parquet(${deltaFiles}, union_by_name = true, filename = true) d join (values ${sequence}) s(filename, __seq) using (filename)),
    latest as (select * from delta qualify row_number() over (partition by ${key} order by __seq desc, __row desc) = 1),
    positions as (select ${key}, file_row_number as __order from read_parquet($1, file_row_number = true) where ${key} in (select ${key} from latest))
    select ${qualified('b')}, b.file_row_number as __order from read_parquet($1, file_row_number = true) b where b.${key} is null or b.${key} not in (select ${key} from latest where ${key} is not null)
    union all
    select ${qualified('l')}, coalesce(p.__order, 1e15 + l.__seq * 1e9 + l.__row) as __order from latest l left join positions p on p.${key} = l.${key} where not l.__deleted`;
  return {
    sql: `select ${columns} from (${merged}) order by __order`,
    // ORDER BY with LIMIT in the same query: DuckDB keeps the top rows, it does not sort them all.
    pageSql: `select ${columns} from (${merged}) order by __order limit $2 offset $3`,
    countSql: `select count(*) as n from (${merged})`,
    params: [file],
    fields: version.fields,
    version,
    deltaSeq: deltas[deltas.length - 1]?.seq ?? 0,
  };
}
