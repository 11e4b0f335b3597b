// The Parquet export (ODS Explore v2.1 §2.8): DuckDB writes the chosen records with their types
// (dates, datetimes in UTC, numbers, booleans; a point as a struct of lon and lat, a shape as its
// GeoJSON text, the values of a multivalued field as a list), snappy-compressed by default or
// zstd (`parquet_compression`), and the file is sent as it is written.
import type { Readable } from 'node:stream';
import { multivaluedSeparator, sqlIdentifier, type DataPlaneContext, type SqlParams } from '../data/index.js';
import { copiedFile } from './export-file.js';
import type { ChosenRecords, ExportOptions } from './exports.js';

export async function parquetExport(ctx: DataPlaneContext, chosen: ChosenRecords, options: ExportOptions): Promise<Readable> {
  const params: SqlParams = [...chosen.params];
  const names = new Set<string>();
  const columns = chosen.fields.map((field) => {
    const column = sqlIdentifier(field.name);
    const separator = field.type === 'text' ? multivaluedSeparator(field) : undefined;
    if (separator !== undefined) params.push(separator);
    const value = separator === undefined ? column : `string_split(${column}, $${params.length})`;
    return `${value} as ${sqlIdentifier(uniqueName(options.useLabels ? field.label : field.name, names))}`;
  });
  // Not user text: the option is checked against these two names (export-options.ts).
  const compression = options.parquetCompression === 'zstd' ? 'zstd' : 'snappy';
  return copiedFile(ctx, `select ${columns.join(', ')} from (${chosen.sql}) as chosen`, params, `format parquet, compression ${compression}`, '.parquet');
}

/** Two fields may share a label; a Parquet file's columns may not share a name. */
function uniqueName(name: string, taken: Set<string>): string {
  let unique = name;
  for (let n = 2; taken.has(unique.toLowerCase()); n += 1) unique = `${name}_${n}`;
  taken.add(unique.toLowerCase());
  return unique;
}
