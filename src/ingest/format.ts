// Which reader a file needs, from its first bytes and its name: an XLSX workbook is a zip holding
// xl/workbook.xml; text with NUL bytes is not a CSV, whatever its name says.
import fsp from 'node:fs/promises';
import { AppError } from '../errors.js';

export type FileFormat = 'csv' | 'xlsx' | 'json' | 'shapefile';

export async function detectFormat(file: string, fileName: string): Promise<FileFormat> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
      if (/\.xlsx$/i.test(fileName) || bytes.includes('xl/')) return 'xlsx';
      // Any other zip is read as a zipped Shapefile; one without a .shp says so.
      return 'shapefile';
    }
    if (/\.xls$/i.test(fileName) && bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
      throw new AppError('INGEST_FORMAT_UNSUPPORTED', { file: fileName, format: 'XLS (Excel 97-2003) — save it as XLSX or CSV', format_fr: 'XLS (Excel 97-2003) — enregistrez-le en XLSX ou CSV' });
    }
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (/\.(json|geojson|jsonl|ndjson)$/i.test(fileName) || ((text.startsWith('[') || text.startsWith('{')) && !/\.(csv|tsv|txt)$/i.test(fileName))) return 'json';
    // UTF-16 text has NUL bytes too, and starts with its byte order mark.
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (!utf16 && bytes.includes(0)) throw new AppError('INGEST_BINARY', { file: fileName });
    return 'csv';
  } finally {
    await handle.close();
  }
}
