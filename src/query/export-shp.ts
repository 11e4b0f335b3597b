// The Shapefile export (ODS Explore v2.1 §2.8: "zipped shapefile set"): a zip of .shp, .shx, .dbf,
// .prj (WGS 84, or the system `epsg` asks: projections.ts) and .cpg (UTF-8) per geometry type.
// A Shapefile holds one type of shape (ESRI Shapefile Technical Description, 1998), so records
// whose geometries are points, multipoints, lines and polygons are split into one set per type,
// named `<name>_point`, `_multipoint`, `_line`, `_polygon` (a single set is `<name>` alone), as
// GIS tools do when they convert mixed layers; a GeometryCollection's members go to the sets of
// their types. Records without a geometry are null shapes in the first set (there is always one).
// Every header (the .shp's length and extent, the .dbf's record count and column widths) needs
// every record first: the records are written once to temporary files as they come (memory holds
// one batch), then the zip is sent from those files. DBF columns: names of at most 10 ASCII
// characters, unique; texts UTF-8 (the .cpg says so) of at most 254 bytes, cut at a character;
// numbers `N` as wide as their widest value; booleans `L`; dates `D`; datetimes as text.
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import type { Field } from '../catalog/index.js';
import { toApiRecord, type DataPlaneContext } from '../data/index.js';
import { AppError } from '../errors.js';
import { cellText } from './export-csv.js';
import type { ChosenRecords, ExportOptions } from './exports.js';
import { convertGeometry, fromWgs84, prjOf } from './projections.js';

type Position = number[];
interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

/** Shape types of the specification, and the suffix of their set's files. */
const KINDS = { point: 1, multipoint: 8, line: 3, polygon: 5 } as const;
type Kind = keyof typeof KINDS;

const MAX_TEXT_BYTES = 254;
/** Past 15 decimals a double has no more digits to give; the text stays narrow. */
const MAX_DECIMALS = 15;

/** The record's geometry field and the others, or a 400 (before the first byte) when there is none. */
function geometryOf(chosen: ChosenRecords): { geometry: Field; attributes: Field[] } {
  const geometry = chosen.fields.find((f) => f.type === 'geo_shape') ?? chosen.fields.find((f) => f.type === 'geo_point_2d');
  if (!geometry) throw new AppError('EXPORT_NO_GEOMETRY', { format: 'shp' });
  return { geometry, attributes: chosen.fields.filter((f) => f !== geometry) };
}

/** A record's shapes: one per kind its geometry has (several for a GeometryCollection). */
function shapesOf(value: unknown, convert: ((coordinates: unknown) => unknown) | undefined): Map<Kind, Buffer> {
  const shapes = new Map<Kind, Buffer>();
  if (value === null || value === undefined || typeof value !== 'object') return shapes;
  if (!('geometry' in value)) {
    const point = value as { lon: number; lat: number };
    shapes.set('point', pointShape((convert?.([point.lon, point.lat]) ?? [point.lon, point.lat]) as Position));
    return shapes;
  }
  const members: Geometry[] = [];
  const flatten = (g: Geometry | null) => {
    if (!g) return;
    if (g.type === 'GeometryCollection') (g.geometries ?? []).forEach(flatten);
    else members.push(g);
  };
  flatten(convertGeometry((value as { geometry: Geometry | null }).geometry, convert));
  const points = members.filter((g) => g.type === 'Point').map((g) => g.coordinates as Position);
  const multipoints = members.filter((g) => g.type === 'MultiPoint').flatMap((g) => g.coordinates as Position[]);
  if (points.length === 1 && multipoints.length === 0) shapes.set('point', pointShape(points[0] as Position));
  else if (points.length + multipoints.length > 0) shapes.set('multipoint', multiPointShape([...points, ...multipoints]));
  const lines = members.flatMap((g) => (g.type === 'LineString' ? [g.coordinates as Position[]] : g.type === 'MultiLineString' ? (g.coordinates as Position[][]) : []));
  if (lines.length > 0) shapes.set('line', partsShape(KINDS.line, lines));
  const polygons = members.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates as Position[][]] : g.type === 'MultiPolygon' ? (g.coordinates as Position[][][]) : []));
  // The specification's rings: outer ones clockwise, holes counterclockwise (GeoJSON has them the other way).
  const rings = polygons.flatMap((rings) => rings.map((ring, i) => oriented(closed(ring), i === 0)));
  if (rings.length > 0) shapes.set('polygon', partsShape(KINDS.polygon, rings));
  return shapes;
}

function pointShape(p: Position): Buffer {
  const b = Buffer.alloc(20);
  b.writeInt32LE(KINDS.point, 0);
  b.writeDoubleLE(p[0] ?? 0, 4);
  b.writeDoubleLE(p[1] ?? 0, 12);
  return b;
}

function box(points: Position[]): number[] {
  const xs = points.map((p) => p[0] ?? 0);
  const ys = points.map((p) => p[1] ?? 0);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function multiPointShape(points: Position[]): Buffer {
  const b = Buffer.alloc(40 + 16 * points.length);
  b.writeInt32LE(KINDS.multipoint, 0);
  box(points).forEach((v, i) => b.writeDoubleLE(v, 4 + 8 * i));
  b.writeInt32LE(points.length, 36);
  points.forEach((p, i) => {
    b.writeDoubleLE(p[0] ?? 0, 40 + 16 * i);
    b.writeDoubleLE(p[1] ?? 0, 48 + 16 * i);
  });
  return b;
}

/** A PolyLine (its parts the lines) or a Polygon (its parts the rings). */
function partsShape(type: number, parts: Position[][]): Buffer {
  const points = parts.flat();
  const b = Buffer.alloc(44 + 4 * parts.length + 16 * points.length);
  b.writeInt32LE(type, 0);
  box(points).forEach((v, i) => b.writeDoubleLE(v, 4 + 8 * i));
  b.writeInt32LE(parts.length, 36);
  b.writeInt32LE(points.length, 40);
  let start = 0;
  parts.forEach((part, i) => {
    b.writeInt32LE(start, 44 + 4 * i);
    start += part.length;
  });
  const at = 44 + 4 * parts.length;
  points.forEach((p, i) => {
    b.writeDoubleLE(p[0] ?? 0, at + 16 * i);
    b.writeDoubleLE(p[1] ?? 0, at + 16 * i + 8);
  });
  return b;
}

function closed(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first && last && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
}

/** The ring clockwise (outer) or counterclockwise (hole), by the sign of its area. */
function oriented(ring: Position[], outer: boolean): Position[] {
  let area = 0;
  for (let i = 1; i < ring.length; i += 1) {
    const [x0 = 0, y0 = 0] = ring[i - 1] ?? [];
    const [x1 = 0, y1 = 0] = ring[i] ?? [];
    area += (x1 - x0) * (y1 + y0);
  }
  // The sum is positive for a clockwise ring (x to the east, y to the north).
  return area > 0 === outer ? ring : [...ring].reverse();
}

/** How a field is written in the .dbf, and what its widest value needs. */
interface Column {
  field: Field;
  name: string;
  type: 'C' | 'N' | 'L' | 'D';
  width: number;
  decimals: number;
}

function dbfType(field: Field): Column['type'] {
  switch (field.type) {
    case 'int':
    case 'double':
      return 'N';
    case 'boolean':
      return 'L';
    case 'date':
      return 'D';
    default:
      return 'C';
  }
}

/** A DBF column name: ASCII, at most 10 characters, unique whatever the case. */
function dbfName(text: string, taken: Set<string>): string {
  const ascii = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'champ';
  let name = ascii.slice(0, 10);
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${ascii.slice(0, 10 - String(n).length - 1)}_${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** A cell as kept between the two passes: the value's text, or null. */
function cellOf(column: Column, value: unknown, listSeparator: string): string | null {
  if (value === null || value === undefined) return null;
  if (column.type === 'N') return String(value);
  if (column.type === 'L') return value === true ? 'T' : 'F';
  if (column.type === 'D') return String(value).replace(/-/g, '');
  return cutUtf8(cellText(column.field, value, listSeparator));
}

function cutUtf8(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= MAX_TEXT_BYTES) return text;
  // A cut inside a character leaves U+FFFD at the end: drop it.
  return bytes.subarray(0, MAX_TEXT_BYTES).toString('utf8').replace(/\uFFFD$/, '');
}

/** Widens the column to the cell (numbers: their integer digits and decimals apart). */
function fit(column: Column, cell: string | null, integerWidths: Map<Column, number>): void {
  if (cell === null) return;
  if (column.type === 'C') column.width = Math.max(column.width, Buffer.byteLength(cell, 'utf8'));
  if (column.type !== 'N') return;
  const [mantissa = '', exponent] = cell.split('e');
  const decimals = (mantissa.split('.')[1] ?? '').length - Number(exponent ?? 0);
  column.decimals = Math.min(MAX_DECIMALS, Math.max(column.decimals, decimals));
  // toFixed writes 1e21 and past in exponent form: its own text then.
  const integer = Math.abs(Number(cell)) >= 1e21 ? cell.length : mantissa.split('.')[0]!.length + Math.max(0, Number(exponent ?? 0));
  integerWidths.set(column, Math.max(integerWidths.get(column) ?? 1, integer));
}

/** One Shapefile being written: its records' shapes, their index entries and the rows' cells. */
class ShapeSet {
  readonly shp: fs.WriteStream;
  readonly shx: fs.WriteStream;
  readonly cells: fs.WriteStream;
  count = 0;
  /** In 16-bit words, the header's 100 bytes included. */
  length = 50;
  extent: number[] | undefined;
  private shpChunks: Buffer[] = [];
  private shxChunks: Buffer[] = [];
  private cellLines: string[] = [];

  constructor(
    readonly kind: Kind,
    readonly dir: string,
  ) {
    this.shp = fs.createWriteStream(path.join(dir, `${kind}.shp`));
    this.shx = fs.createWriteStream(path.join(dir, `${kind}.shx`));
    this.cells = fs.createWriteStream(path.join(dir, `${kind}.cells`));
  }

  /** A record: its shape (undefined: a null shape) and its row's cells (undefined: written elsewhere). */
  add(shape: Buffer | undefined, cells?: (string | null)[]): void {
    const content = shape ?? Buffer.from([0, 0, 0, 0]);
    this.count += 1;
    const head = Buffer.alloc(8);
    head.writeInt32BE(this.count, 0);
    head.writeInt32BE(content.length / 2, 4);
    const entry = Buffer.alloc(8);
    entry.writeInt32BE(this.length, 0);
    entry.writeInt32BE(content.length / 2, 4);
    this.shpChunks.push(head, content);
    this.shxChunks.push(entry);
    this.length += 4 + content.length / 2;
    if (cells) this.cellLines.push(`${JSON.stringify(cells)}\n`);
    if (shape) {
      // Every shape but a point has its box at byte 4; a point is its own.
      const b = shape.readInt32LE(0) === KINDS.point ? [0, 1, 0, 1].map((i) => shape.readDoubleLE(4 + 8 * i)) : [0, 1, 2, 3].map((i) => shape.readDoubleLE(4 + 8 * i));
      const e = this.extent;
      this.extent = e ? [Math.min(e[0]!, b[0]!), Math.min(e[1]!, b[1]!), Math.max(e[2]!, b[2]!), Math.max(e[3]!, b[3]!)] : b;
    }
  }

  /** Writes what the batch added; waits when the disk is slower than DuckDB. */
  async flush(): Promise<void> {
    const writes: [fs.WriteStream, Buffer | string][] = [
      [this.shp, Buffer.concat(this.shpChunks)],
      [this.shx, Buffer.concat(this.shxChunks)],
      [this.cells, this.cellLines.join('')],
    ];
    this.shpChunks = [];
    this.shxChunks = [];
    this.cellLines = [];
    for (const [stream, data] of writes) if (data.length > 0 && !stream.write(data)) await once(stream, 'drain');
  }

  /** After a failure: the files are removed with their folder. */
  destroy(): void {
    for (const stream of [this.shp, this.shx, this.cells]) stream.destroy();
  }

  async close(): Promise<void> {
    await this.flush();
    await Promise.all([this.shp, this.shx, this.cells].map((s) => new Promise<void>((resolve, reject) => s.end((error?: Error | null) => (error ? reject(error) : resolve())))));
  }
}

function shpHeader(kind: Kind, lengthWords: number, extent: number[] | undefined): Buffer {
  const b = Buffer.alloc(100);
  b.writeInt32BE(9994, 0);
  b.writeInt32BE(lengthWords, 24);
  b.writeInt32LE(1000, 28);
  b.writeInt32LE(KINDS[kind], 32);
  (extent ?? [0, 0, 0, 0]).forEach((v, i) => b.writeDoubleLE(v, 36 + 8 * i));
  return b;
}

function dbfHeader(columns: Column[], count: number): Buffer {
  const b = Buffer.alloc(32 + 32 * columns.length + 1);
  const now = new Date();
  b.writeUInt8(0x03, 0);
  b.writeUInt8(now.getUTCFullYear() - 1900, 1);
  b.writeUInt8(now.getUTCMonth() + 1, 2);
  b.writeUInt8(now.getUTCDate(), 3);
  b.writeUInt32LE(count, 4);
  b.writeUInt16LE(b.length, 8);
  b.writeUInt16LE(1 + columns.reduce((sum, c) => sum + c.width, 0), 10);
  columns.forEach((c, i) => {
    const at = 32 + 32 * i;
    b.write(c.name, at, 'latin1');
    b.write(c.type, at + 11, 'latin1');
    b.writeUInt8(c.width, at + 16);
    b.writeUInt8(c.decimals, at + 17);
  });
  b.writeUInt8(0x0d, b.length - 1);
  return b;
}

function dbfCell(column: Column, cell: string | null): Buffer {
  const out = Buffer.alloc(column.width, ' ');
  if (cell === null) {
    if (column.type === 'L') out.write('?');
    return out;
  }
  if (column.type === 'N') {
    const text = Number(cell).toFixed(column.decimals);
    out.write(text, column.width - text.length, 'latin1');
    return out;
  }
  out.write(cell, 0, 'utf8');
  return out;
}

/** The .dbf: its header, then each row read back from the cells' file. */
async function* dbfFile(columns: Column[], count: number, cellFiles: string[]): AsyncIterable<Buffer> {
  yield dbfHeader(columns, count);
  let pending: Buffer[] = [];
  for (const file of cellFiles) {
    for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
      const cells = JSON.parse(line) as (string | null)[];
      pending.push(Buffer.from(' '), ...columns.map((c, i) => dbfCell(c, cells[i] ?? null)));
      if (pending.length > 4096) {
        yield Buffer.concat(pending);
        pending = [];
      }
    }
  }
  pending.push(Buffer.from([0x1a]));
  yield Buffer.concat(pending);
}

async function* fileWithHeader(header: Buffer, file: string): AsyncIterable<Buffer> {
  yield header;
  for await (const chunk of fs.createReadStream(file)) yield chunk as Buffer;
}

/**
 * Checked before anything is read: no geometry is a 400. The records are then all read (an error
 * of the query is an error answer, not a cut zip) before the zip is returned, streamed from disk.
 */
export async function shpExport(ctx: DataPlaneContext, chosen: ChosenRecords, options: ExportOptions, name: string): Promise<Readable> {
  const { geometry, attributes } = geometryOf(chosen);
  const convert = fromWgs84(options.epsg ?? 4326);
  const dir = ctx.blobs.temporaryFile('.shp.d');
  await fsp.mkdir(dir);
  const remove = () => void fsp.rm(dir, { recursive: true, force: true });
  const open: ShapeSet[] = [];
  try {
    const taken = new Set<string>();
    const columns: Column[] = attributes.map((field) => {
      const type = dbfType(field);
      return { field, name: dbfName(options.useLabels ? field.label : field.name, taken), type, width: type === 'D' ? 8 : 1, decimals: 0 };
    });
    const integerWidths = new Map<Column, number>();
    const sets = new Map<Kind, ShapeSet>();
    // Records without a geometry wait for the end: they join the first set there is.
    const nulls = new ShapeSet('point', await fsp.mkdtemp(path.join(dir, 'null-')));
    open.push(nulls);
    for await (const rows of ctx.engine.stream(chosen.sql, chosen.params)) {
      for (const row of rows) {
        const record = toApiRecord(chosen.fields, row);
        const cells = columns.map((c) => cellOf(c, record[c.field.name], options.listSeparator));
        cells.forEach((cell, i) => fit(columns[i]!, cell, integerWidths));
        const shapes = shapesOf(record[geometry.name], convert);
        if (shapes.size === 0) nulls.add(undefined, cells);
        for (const [kind, shape] of shapes) {
          let set = sets.get(kind);
          if (!set) {
            set = new ShapeSet(kind, dir);
            sets.set(kind, set);
            open.push(set);
          }
          set.add(shape, cells);
        }
      }
      await Promise.all([...sets.values(), nulls].map((s) => s.flush()));
    }
    await nulls.close();
    for (const column of columns) {
      if (column.type === 'N') column.width = (integerWidths.get(column) ?? 1) + (column.decimals > 0 ? column.decimals + 1 : 0);
      column.width = Math.min(column.type === 'C' ? MAX_TEXT_BYTES : 255, column.width);
    }
    const kinds = (Object.keys(KINDS) as Kind[]).filter((k) => sets.has(k));
    const first = kinds[0] ?? 'point';
    if (!sets.has(first)) {
      sets.set(first, new ShapeSet(first, dir));
      open.push(sets.get(first)!);
    }
    const firstSet = sets.get(first)!;
    // Their rows stay in their own cells file, read after the set's own (dbfFile).
    for (let i = 0; i < nulls.count; i += 1) {
      firstSet.add(undefined);
      if (i % 8192 === 8191) await firstSet.flush();
    }
    await Promise.all([...sets.values()].map((s) => s.close()));

    const zip = new yazl.ZipFile();
    for (const kind of kinds.length > 0 ? kinds : [first]) {
      const set = sets.get(kind)!;
      const base = kinds.length > 1 ? `${name}_${kind}` : name;
      const cellFiles = [path.join(dir, `${kind}.cells`), ...(kind === first ? [path.join(nulls.dir, 'point.cells')] : [])];
      zip.addReadStream(Readable.from(fileWithHeader(shpHeader(kind, set.length, set.extent), path.join(dir, `${kind}.shp`))), `${base}.shp`);
      zip.addReadStream(Readable.from(fileWithHeader(shpHeader(kind, 50 + 4 * set.count, set.extent), path.join(dir, `${kind}.shx`))), `${base}.shx`);
      zip.addReadStream(Readable.from(dbfFile(columns, set.count, cellFiles)), `${base}.dbf`);
      zip.addBuffer(Buffer.from(prjOf(options.epsg ?? 4326)), `${base}.prj`);
      zip.addBuffer(Buffer.from('UTF-8'), `${base}.cpg`);
    }
    zip.end();
    const body = zip.outputStream as Readable;
    body.once('close', remove).once('end', remove).once('error', remove);
    return body;
  } catch (error) {
    for (const set of open) set.destroy();
    remove();
    throw error;
  }
}
