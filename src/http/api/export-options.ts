// The options of a dataset export from its query string (ODS Explore v2.1 §2.8): limit (-1, all, by
// default), offset, use_labels, compressed, epsg (projections.ts; GeoJSON, Shapefile, FlatGeobuf), for CSV
// delimiter, list_separator, quote_all, with_bom, for Parquet parquet_compression, and for GPX
// name_field, description_field_list, use_extension.
import { AppError } from '../../errors.js';
import { EXPORT_EPSG_CODES, lastValue as last, wholeNumber, type ExportOptions } from '../../query/index.js';

/** A `true`/`false` parameter (ODS §3: case-insensitive). */
export function flag(raw: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const text = last(raw[name])?.toLowerCase();
  if (text === undefined) return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw new AppError('INVALID_PARAMETER', { parameter: name, value: text, expected: 'true or false' }, { parameter: name });
}

function whole(raw: Record<string, unknown>, name: string, fallback: number, min: number): number {
  const text = last(raw[name]);
  if (text === undefined) return fallback;
  const value = wholeNumber(text);
  if (value === undefined || value < min) throw new AppError('INVALID_PARAMETER', { parameter: name, value: text, expected: `an integer >= ${min}` }, { parameter: name });
  return value;
}

export function exportOptionsOf(raw: Record<string, unknown>): ExportOptions {
  const delimiter = last(raw.delimiter) ?? ';';
  if (![';', ',', '\t', '|'].includes(delimiter)) throw new AppError('INVALID_PARAMETER', { parameter: 'delimiter', value: delimiter, expected: '; , | or a tab' }, { parameter: 'delimiter' });
  const parquetCompression = last(raw.parquet_compression)?.toLowerCase() ?? 'snappy';
  if (parquetCompression !== 'snappy' && parquetCompression !== 'zstd') {
    throw new AppError('INVALID_PARAMETER', { parameter: 'parquet_compression', value: parquetCompression, expected: 'snappy or zstd' }, { parameter: 'parquet_compression' });
  }
  // Geometries are stored in WGS 84; GeoJSON, Shapefile and FlatGeobuf are written in another system on request (projections.ts).
  const epsgText = last(raw.epsg)?.trim();
  const epsg = epsgText === undefined ? 4326 : Number(epsgText.replace(/^EPSG:/i, ''));
  if (!EXPORT_EPSG_CODES.includes(epsg)) throw new AppError('INVALID_PARAMETER', { parameter: 'epsg', value: epsgText ?? '', expected: `one of ${EXPORT_EPSG_CODES.join(', ')}` }, { parameter: 'epsg' });
  return {
    limit: whole(raw, 'limit', -1, -1),
    offset: whole(raw, 'offset', 0, 0),
    delimiter,
    listSeparator: last(raw.list_separator) ?? ',',
    quoteAll: flag(raw, 'quote_all', false),
    withBom: flag(raw, 'with_bom', true),
    useLabels: flag(raw, 'use_labels', false),
    compressed: flag(raw, 'compressed', false),
    parquetCompression,
    epsg,
    gpx: {
      nameField: last(raw.name_field)?.trim() || undefined,
      descriptionFields: (last(raw.description_field_list) ?? '').split(',').map((f) => f.trim()).filter((f) => f !== ''),
      useExtension: flag(raw, 'use_extension', true),
    },
  };
}
