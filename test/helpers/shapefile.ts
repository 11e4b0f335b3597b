// Writes small Shapefiles of points (.shp, .shx, .dbf) and zips them, for the tests of the reader:
// the format is simple enough to write here, and no writer is among our dependencies.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import yazl from 'yazl';

export interface PointFeature {
  x: number;
  y: number;
  properties: Record<string, string | number>;
}

function header(fileLengthWords: number, bbox: number[]): Buffer {
  const buffer = Buffer.alloc(100);
  buffer.writeInt32BE(9994, 0);
  buffer.writeInt32BE(fileLengthWords, 24);
  buffer.writeInt32LE(1000, 28);
  buffer.writeInt32LE(1, 32); // points
  bbox.forEach((value, i) => buffer.writeDoubleLE(value, 36 + i * 8));
  return buffer;
}

export function writeShapefile(dir: string, name: string, features: PointFeature[]): Record<string, Buffer> {
  const bbox = [Math.min(...features.map((f) => f.x)), Math.min(...features.map((f) => f.y)), Math.max(...features.map((f) => f.x)), Math.max(...features.map((f) => f.y))];
  const records = features.map((f, i) => {
    const record = Buffer.alloc(28);
    record.writeInt32BE(i + 1, 0);
    record.writeInt32BE(10, 4);
    record.writeInt32LE(1, 8);
    record.writeDoubleLE(f.x, 12);
    record.writeDoubleLE(f.y, 20);
    return record;
  });
  const shp = Buffer.concat([header(50 + 14 * features.length, bbox), ...records]);
  const shx = Buffer.concat([header(50 + 4 * features.length, bbox), ...features.map((_, i) => {
    const entry = Buffer.alloc(8);
    entry.writeInt32BE(50 + 14 * i, 0);
    entry.writeInt32BE(10, 4);
    return entry;
  })]);
  const names = Object.keys(features[0]?.properties ?? {});
  const fields = names.map((n) => ({ name: n, numeric: typeof features[0]?.properties[n] === 'number', length: n === 'nom' ? 40 : 12 }));
  const recordLength = 1 + fields.reduce((sum, f) => sum + f.length, 0);
  const head = Buffer.alloc(32);
  head.writeUInt8(3, 0);
  head.writeUInt8(126, 1);
  head.writeUInt8(11, 2);
  head.writeUInt8(23, 3);
  head.writeInt32LE(features.length, 4);
  head.writeInt16LE(32 + 32 * fields.length + 1, 8);
  head.writeInt16LE(recordLength, 10);
  const descriptors = fields.map((f) => {
    const d = Buffer.alloc(32);
    d.write(f.name.slice(0, 10), 0, 'latin1');
    d.write(f.numeric ? 'N' : 'C', 11, 'latin1');
    d.writeUInt8(f.length, 16);
    return d;
  });
  const rows = features.map((feature) =>
    Buffer.concat([Buffer.from(' '), ...fields.map((f) => {
      const value = String(feature.properties[f.name] ?? '');
      const encoded = iconv.encode(f.numeric ? value.padStart(f.length) : value, 'windows-1252');
      return Buffer.concat([encoded, Buffer.alloc(Math.max(0, f.length - encoded.length), 0x20)]).subarray(0, f.length);
    })]),
  );
  const dbf = Buffer.concat([head, ...descriptors, Buffer.from([0x0d]), ...rows, Buffer.from([0x1a])]);
  const files = { [`${name}.shp`]: shp, [`${name}.shx`]: shx, [`${name}.dbf`]: dbf };
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content);
  return files;
}

export function zip(target: string, entries: Record<string, Buffer | string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const archive = new yazl.ZipFile();
    for (const [name, content] of Object.entries(entries)) archive.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
    archive.end();
    archive.outputStream.pipe(fs.createWriteStream(target)).on('close', () => resolve(target)).on('error', reject);
  });
}
