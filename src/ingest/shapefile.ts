// Zipped Shapefiles, as SIG teams export them: the .shp, .dbf, .prj (and .cpg) of a zip are
// extracted with limits that stop zip bombs, the features are read as a stream, reprojected from
// the .prj's system to WGS84 with proj4 (Lambert-93 and the overseas projections alike), and
// written as JSON Lines for the JSON reader: one record per feature, its geometry as GeoJSON.
// A Shapefile without a .prj is not guessed: the publisher says which system it is in.
import { createWriteStream } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import proj4 from 'proj4';
import * as shapefile from 'shapefile';
import yauzl from 'yauzl';
import { AppError } from '../errors.js';
// Names EPSG:2154 and the overseas systems for proj4, for a publisher who names one instead of shipping a .prj.
import '../query/projections.js';
import { byteLimit } from './byte-limit.js';

export interface ShapefileSource {
  file: string;
  fileName: string;
  /** A folder for the extracted files (removed by the caller). */
  workDir: string;
  /** The coordinate system when the zip has no .prj: `EPSG:2154`, `EPSG:4326`, or a proj4/WKT string. */
  projection?: string;
  /** The most the extracted files may weigh together. */
  maxBytes: number;
}

const WANTED = ['.shp', '.dbf', '.prj', '.cpg', '.shx'];


/** Extracts and reads the zip; returns the JSON Lines file of its features. */
export async function shapefileToJsonLines(source: ShapefileSource): Promise<string> {
  const files = await extract(source);
  const shp = files.get('.shp');
  if (!shp) throw new AppError('INGEST_ZIP_NO_SHAPEFILE', { file: source.fileName });
  const prj = files.get('.prj');
  const projection = prj ? (await fsp.readFile(prj, 'utf8')).trim() : source.projection;
  if (!projection) throw new AppError('INGEST_SHAPEFILE_NO_PRJ', { file: source.fileName }, { parameter: 'projection' });
  const convert = converterTo4326(projection, source.fileName);
  const cpg = files.get('.cpg');
  const encoding = cpg ? dbfEncoding(await fsp.readFile(cpg, 'utf8')) : 'windows-1252';
  const output = path.join(source.workDir, 'features.jsonl');
  const reader = await shapefile.open(shp, files.get('.dbf'), { encoding }).catch((error: unknown) => {
    throw new AppError('INGEST_UNREADABLE', { file: source.fileName, format: 'Shapefile', detail: error instanceof Error ? error.message : String(error) });
  });
  const out = createWriteStream(output);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const geometry = value.geometry ? { type: value.geometry.type, coordinates: reproject(value.geometry.coordinates, convert) } : null;
      if (!out.write(`${JSON.stringify({ ...value.properties, geometry })}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  return output;
}

function converterTo4326(projection: string, fileName: string): ((xy: number[]) => number[]) | null {
  const text = projection.trim();
  // Already longitude/latitude on WGS84 (or RGF93, which differs by less than a metre).
  if (/^(EPSG:4326|EPSG:4171|WGS ?84)$/i.test(text) || (/^GEOGCS\[/i.test(text) && /(WGS_1984|WGS 84|RGF93|RGF_1993)/i.test(text))) return null;
  try {
    const converter = proj4(text, 'EPSG:4326');
    return (xy) => converter.forward(xy.slice(0, 2) as [number, number]) as number[];
  } catch {
    throw new AppError('INGEST_PROJECTION_UNKNOWN', { file: fileName, projection: text.slice(0, 80) }, { parameter: 'projection' });
  }
}

function reproject(coordinates: unknown, convert: ((xy: number[]) => number[]) | null): unknown {
  if (!convert) return coordinates;
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') {
    const [x, y] = convert(coordinates as number[]);
    return [round(x ?? 0), round(y ?? 0)];
  }
  return Array.isArray(coordinates) ? coordinates.map((c) => reproject(c, convert)) : coordinates;
}

const round = (value: number) => Math.round(value * 1e7) / 1e7;

/** A .cpg names the .dbf's encoding: `UTF-8`, `1252`, `ISO-8859-1`… */
function dbfEncoding(cpg: string): string {
  const text = cpg.trim().toLowerCase();
  if (/^\d+$/.test(text)) return `windows-${text}`;
  return text || 'windows-1252';
}

/** Extracts the parts of the first Shapefile of the zip, within the byte limit whatever the zip declares. */
async function extract(source: ShapefileSource): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(source.file, { lazyEntries: true, validateEntrySizes: true }, (error, opened) => (error || !opened ? reject(new AppError('INGEST_UNREADABLE', { file: source.fileName, format: 'zip', detail: error?.message ?? 'unreadable' })) : resolve(opened))),
  );
  const found = new Map<string, string>();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (error: Error) => reject(new AppError('INGEST_UNREADABLE', { file: source.fileName, format: 'zip', detail: error.message })));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        const extension = path.extname(name).toLowerCase();
        // The first file of each kind: a zip is expected to hold one layer.
        const wanted = WANTED.includes(extension) && !name.startsWith('__MACOSX/') && !name.endsWith('/');
        if (!wanted || found.has(extension)) return zip.readEntry();
        total += entry.uncompressedSize;
        if (total > source.maxBytes) return reject(new AppError('INGEST_ZIP_TOO_LARGE', { file: source.fileName, limit: source.maxBytes }));
        const target = path.join(source.workDir, `part${extension}`);
        zip.openReadStream(entry, (error, stream) => {
          if (error || !stream) return reject(new AppError('INGEST_UNREADABLE', { file: source.fileName, format: 'zip', detail: error?.message ?? 'unreadable entry' }));
          // Declared sizes can lie: no more than declared, nor than the total allows.
          const room = Math.min(entry.uncompressedSize, source.maxBytes - (total - entry.uncompressedSize));
          const guard = byteLimit(room, () => new AppError('INGEST_ZIP_TOO_LARGE', { file: source.fileName, limit: source.maxBytes }));
          pipeline(stream, guard, createWriteStream(target)).then(() => {
            found.set(extension, target);
            zip.readEntry();
          }, reject);
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return found;
}
