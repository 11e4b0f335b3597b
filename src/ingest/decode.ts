// Text encodings of the files local authorities have: UTF-8 (with or without BOM), UTF-16 with a
// BOM, and what Excel writes on a French Windows, Windows-1252 (ISO-8859-1 plus €, œ, ’ and the
// other characters of 0x80–0x9F). A file that is not valid UTF-8 from start to end is read as
// Windows-1252, which also reads ISO-8859-1 text right.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import iconv from 'iconv-lite';

export const TEXT_ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1', 'iso-8859-15', 'utf-16le', 'utf-16be'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export async function detectEncoding(file: string): Promise<TextEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    if (first) {
      first = false;
      if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
      if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
    }
    try {
      decoder.decode(bytes, { stream: true });
    } catch {
      return 'windows-1252';
    }
  }
  try {
    decoder.decode();
  } catch {
    return 'windows-1252';
  }
  return 'utf-8';
}

/** How much of a file to read when only its beginning is wanted (a sample, a header line). */
export const FIRST_READ_BYTES = 64 * 1024;

/** The file as a stream of text, without its byte order mark. */
export function decodedText(file: string, encoding: TextEncoding, chunkBytes = 1 << 20): NodeJS.ReadWriteStream {
  return createReadStream(file, { highWaterMark: chunkBytes }).pipe(iconv.decodeStream(encoding, { stripBOM: true }));
}

const SINGLE_BYTE = new Set<TextEncoding>(['windows-1252', 'iso-8859-1', 'iso-8859-15']);

/**
 * A stream that turns a single-byte encoding into UTF-8 through a byte table: several times
 * faster than iconv-lite alone on a file of a million rows. Other encodings go through iconv-lite.
 */
export function toUtf8(encoding: TextEncoding): NodeJS.ReadWriteStream {
  if (!SINGLE_BYTE.has(encoding)) return iconv.decodeStream(encoding, { stripBOM: true });
  const table = utf8Table(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, singleByteToUtf8(table, chunk));
    },
  });
}

/**
 * The UTF-8 form of each byte of a single-byte encoding: 4 entries per byte, its length (1 to 3)
 * then its bytes. Built from iconv-lite's own decoding, so €, œ, ’ of Windows-1252 come out right.
 */
export function utf8Table(encoding: TextEncoding): Uint8Array {
  const table = new Uint8Array(256 * 4);
  for (let byte = 0; byte < 256; byte += 1) {
    const utf8 = Buffer.from(iconv.decode(Buffer.from([byte]), encoding), 'utf8');
    table[byte * 4] = utf8.length;
    table.set(utf8.subarray(0, 3), byte * 4 + 1);
  }
  return table;
}

/**
 * The bytes of a single-byte encoding as UTF-8, through a table of utf8Table (each byte is one
 * character, so chunks may be cut anywhere). A plain loop with no imports: the upload's copy
 * worker runs this function's source as it is.
 */
export function singleByteToUtf8(table: Uint8Array, chunk: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(chunk.length * 3);
  let at = 0;
  for (let i = 0; i < chunk.length; i += 1) {
    const byte = chunk[i] as number;
    if (byte < 0x80) {
      out[at++] = byte;
      continue;
    }
    const entry = byte * 4;
    const length = table[entry] as number;
    for (let k = 1; k <= length; k += 1) out[at++] = table[entry + k] as number;
  }
  return out.subarray(0, at);
}

/** The first characters of the file, decoded, to detect the delimiter and show a preview. */
export async function textSample(file: string, encoding: TextEncoding, maxChars = 64 * 1024): Promise<string> {
  let sample = '';
  const stream = decodedText(file, encoding, FIRST_READ_BYTES);
  for await (const chunk of stream) {
    sample += String(chunk);
    if (sample.length >= maxChars) break;
  }
  // Stop reading the rest of the file.
  (stream as NodeJS.ReadWriteStream & { destroy(): void }).destroy();
  return sample.slice(0, maxChars);
}

