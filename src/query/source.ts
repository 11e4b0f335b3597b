// The records of a dataset as one SQL relation: its live version's Parquet file, and, for a
// realtime dataset, the push batches not yet compacted, merged by key (the latest change of a key
// wins; a delete removes it). Every reader (records, exports, the compaction) reads this relation.
// Records keep the order of the version; new keys follow, in the order they were pushed.
import { getVersion, listDeltas, type Dataset, type Field, type Version } from '../catalog/index.js';
import { sqlIdentifier, sqlLiteral, type DataPlaneContext, type SqlParams } from '../data/index.js';

export interface RecordsSource {
  /** A SELECT of the records, field columns only, in order. */
  sql: string;
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
    return { sql: `select ${columns} from read_parquet($1)`, params: [file], fields: version.fields, version, deltaSeq: 0 };
  }
  const key = sqlIdentifier(dataset.recordKey);
  // Our own file names, not user text.
  const deltaFiles = `[${deltas.map((d) => sqlLiteral(ctx.blobs.absolute(d.file))).join(', ')}]`;
  // Each file's sequence number comes from the catalog, joined by file name.
  const sequence = deltas.map((d) => `(${sqlLiteral(ctx.blobs.absolute(d.file))}, ${d.seq})`).join(', ');
  const qualified = (alias: string) => version.fields.map((f) => `${alias}.${sqlIdentifier(f.name)}`).join(', ');
  const sql = `
    with base as (select *, file_row_number as __order from read_parquet($1, file_row_number = true)),
    delta as (select d.*, s.__seq from read_parquet(${deltaFiles}, union_by_name = true, filename = true) d join (values ${sequence}) s(filename, __seq) using (filename)),
    latest as (select * from delta qualify row_number() over (partition by ${key} order by __seq desc, __row desc) = 1),
    merged as (
      select ${qualified('b')}, b.__order from base b anti join latest l on b.${key} = l.${key}
      union all
      select ${qualified('l')}, coalesce(b.__order, 1e15 + l.__seq * 1e9 + l.__row) as __order
      from latest l left join base b on b.${key} = l.${key} where not l.__deleted
    )
    select ${columns} from merged order by __order`;
  return { sql, params: [file], fields: version.fields, version, deltaSeq: deltas[deltas.length - 1]?.seq ?? 0 };
}
