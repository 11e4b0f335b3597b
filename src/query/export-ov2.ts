// The OV2 export (ODS Explore v2.1 §2.8): TomTom's POI file, a record of type 2 per point, streamed
// a batch at a time. A record (TomTom's published layout): type (1 byte, 2), its length in bytes
// (int32 LE, the whole record), longitude and latitude in hundred-thousandths of a degree (int32
// LE: the format's resolution is 1e-5°, about a metre), then the name, zero-terminated, in
// Windows-1252 as the devices read it (a character it lacks becomes `?`). The point is the first
// geo_point_2d field; records without one are left out (OV2 has no other geometry). The name is
// the `name_field` of the request (as for GPX) or else the record's other values joined by ` - `.
import iconv from 'iconv-lite';
import type { Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import { AppError } from '../errors.js';
import { cellText } from './export-csv.js';
import type { ChosenRecords, ExportOptions } from './exports.js';

/** TomTom's devices cut longer names; the format's length field would allow more. */
const MAX_NAME_BYTES = 255;

/** Checked before the first byte: no point, or a name_field naming no field, is a 400. */
export function ov2Export(ctx: DataPlaneContext, chosen: ChosenRecords, options: ExportOptions): AsyncIterable<Buffer> {
  const point = chosen.fields.find((f) => f.type === 'geo_point_2d');
  if (!point) throw new AppError('EXPORT_NO_POINT', { format: 'ov2' });
  const attributes = chosen.fields.filter((f) => f !== point);
  const nameField = options.gpx?.nameField;
  const named = nameField === undefined ? undefined : attributes.find((f) => f.name === nameField);
  if (nameField !== undefined && !named) throw new AppError('INVALID_PARAMETER', { parameter: 'name_field', value: nameField, expected: `one of ${attributes.map((f) => f.name).join(', ')}` }, { parameter: 'name_field' });
  return records(ctx, chosen, options, point, named ? [named] : attributes);
}

async function* records(ctx: DataPlaneContext, chosen: ChosenRecords, options: ExportOptions, point: Field, naming: Field[]): AsyncIterable<Buffer> {
  for await (const rows of ctx.engine.stream(chosen.sql, chosen.params)) {
    const built: Buffer[] = [];
    for (const row of rows) {
      const record = toApiRecord(chosen.fields, row);
      const position = record[point.name] as { lon: number; lat: number } | null;
      if (!position) continue;
      const name = naming.map((f) => cellText(f, record[f.name], options.listSeparator)).filter((t) => t !== '').join(' - ');
      built.push(poi(position.lon, position.lat, name));
    }
    if (built.length > 0) yield Buffer.concat(built);
  }
}

function poi(lon: number, lat: number, name: string): Buffer {
  // A NUL inside the name would end it early.
  const text = iconv.encode(name.replace(/\u0000/g, ''), 'win1252').subarray(0, MAX_NAME_BYTES);
  const b = Buffer.alloc(13 + text.length + 1);
  b.writeUInt8(2, 0);
  b.writeInt32LE(b.length, 1);
  b.writeInt32LE(Math.round(lon * 100_000), 5);
  b.writeInt32LE(Math.round(lat * 100_000), 9);
  text.copy(b, 13);
  return b;
}
