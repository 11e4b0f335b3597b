// The records of a dataset as SQL: its live version's read copy (data/read-copy.ts) or Parquet file, and, for a realtime dataset,
// the push batches not yet compacted, merged by key (the latest change of a key wins; a delete
// removes it). Every reader (records, the compaction, joins) reads through here. Records keep the
// order of the version; new keys follow, in the order they were pushed.
import { getVersion, listDeltas, versionOrder, type Dataset, type Field, type RecordOrder, type Version } from '../catalog/index.js';
import { readCopyTable, SEARCH_TEXT_COLUMNS, sqlIdentifier, sqlLiteral, type DataPlaneContext, type SqlParams } from '../data/index.js';
import { shapeBoxColumnNames, shapeFields, type ShapeBox } from './odsql/geo-shape.js';
import { pageClause, type Paging } from './paging.js';

// The box columns of geo_shape fields, for the ingest and the compaction to write them.
export { withShapeBoxes } from './odsql/geo-shape.js';

export interface RecordsSource {
  /**
   * A SELECT of all the records, in order: the field columns, then the box columns of its
   * geo_shape fields when the version has them (`shapeBoxes`) and the search text when the read
   * copy has it (`searchText`): read by the compiler, never answered.
   */
  sql: string;
  /** A page of the records, field columns only, in order: its SQL and all its parameters. */
  page(paging: Paging): { sql: string; params: SqlParams };
  /** How many records; null when the version's row count is the answer. */
  countSql: string | null;
  params: SqlParams;
  fields: Field[];
  version: Version;
  /** The last push folded in (0: none); with the version, it identifies the records' state. */
  deltaSeq: number;
  /** The order the records come in, when the version was written sorted and no push is merged in. */
  order?: RecordOrder;
  /** True when `sql` has the records' search text, SEARCH_TEXT_COLUMNS (data/search-text.ts): the read copy is there and no push is merged in. */
  searchText?: boolean;
  /** The box columns of the geo_shape fields (odsql/geo-shape.ts), by field, when `sql` has them. */
  shapeBoxes?: ReadonlyMap<string, ShapeBox>;
}

export async function recordsSource(ctx: DataPlaneContext, dataset: Dataset): Promise<RecordsSource | undefined> {
  if (!dataset.liveVersionId) return undefined;
  const version = await getVersion(ctx.db, dataset.liveVersionId);
  if (!version) return undefined;
  const file = ctx.blobs.absolute(version.file);
  const columns = version.fields.map((f) => sqlIdentifier(f.name)).join(', ');
  const deltas = dataset.recordKey ? await listDeltas(ctx.db, dataset.uid) : [];
  if (deltas.length === 0 || !dataset.recordKey) {
    const copy = await readCopyTable(ctx, version);
    const from = copy ?? 'read_parquet($1)';
    const params = copy ? [] : [file];
    const order = versionOrder(version);
    const shapeBoxes = (await hasShapeBoxes(ctx, version, file)) ? boxesOf(version.fields) : undefined;
    const boxColumns = [...(shapeBoxes?.values() ?? [])].flatMap((box) => [box.xmin, box.ymin, box.xmax, box.ymax]);
    const hidden = [...boxColumns, ...(copy ? SEARCH_TEXT_COLUMNS.map(sqlIdentifier) : [])];
    return {
      sql: `select ${[columns, ...hidden].join(', ')} from ${from}`,
      // The read copy's rows are numbered in order from 0: a page is a range of row ids, read
      // directly (an OFFSET makes DuckDB read the rows before it: 5 ms instead of 7 at 9,980).
      page: (paging) => (copy ? { sql: `select ${columns} from ${copy} where rowid >= $1 and rowid < $2`, params: [paging.offset, paging.offset + paging.limit] } : withPage(`select ${columns} from ${from}`, params, paging)),
      countSql: null,
      params,
      fields: version.fields,
      version,
      deltaSeq: 0,
      ...(order ? { order } : {}),
      ...(copy ? { searchText: true } : {}),
      ...(shapeBoxes ? { shapeBoxes } : {}),
    };
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
    // ORDER BY with the page's LIMIT in the same query: DuckDB keeps the top rows, it does not sort them all.
    page: (paging) => withPage(`select ${columns} from (${merged}) order by __order`, [file], paging),
    countSql: `select count(*) as n from (${merged})`,
    params: [file],
    fields: version.fields,
    version,
    deltaSeq: deltas[deltas.length - 1]?.seq ?? 0,
  };
}

/** A SELECT of the records with the page's LIMIT and OFFSET after its parameters. */
function withPage(sql: string, params: SqlParams, paging: Paging): { sql: string; params: SqlParams } {
  const page = pageClause(paging, params.length);
  return { sql: `${sql}${page.sql}`, params: [...params, ...page.params] };
}

function boxesOf(fields: readonly Field[]): Map<string, ShapeBox> {
  return new Map(
    shapeFields(fields).map((f) => {
      const names = shapeBoxColumnNames(f.name);
      return [f.name, { xmin: sqlIdentifier(names.xmin), ymin: sqlIdentifier(names.ymin), xmax: sqlIdentifier(names.xmax), ymax: sqlIdentifier(names.ymax) }];
    }),
  );
}

// Whether a version's file has the box columns of its shapes, by version id: a version never
// changes, so its file's schema is read once. Versions written before the boxes have none.
const boxesByVersion = new Map<string, boolean>();

async function hasShapeBoxes(ctx: DataPlaneContext, version: Version, file: string): Promise<boolean> {
  const shapes = shapeFields(version.fields);
  if (shapes.length === 0) return false;
  const known = boxesByVersion.get(version.id);
  if (known !== undefined) return known;
  const names = new Set((await ctx.engine.query('select name from parquet_schema($1)', [file])).map((row) => String(row.name)));
  const found = shapes.every((f) => Object.values(shapeBoxColumnNames(f.name)).every((name) => names.has(name)));
  if (boxesByVersion.size >= 10_000) boxesByVersion.clear();
  boxesByVersion.set(version.id, found);
  return found;
}
