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

/** The file as a stream of text, without its byte order mark. */
export function decodedText(file: string, encoding: TextEncoding): NodeJS.ReadWriteStream {
  return createReadStream(file, { highWaterMark: 1 << 20 }).pipe(iconv.decodeStream(encoding, { stripBOM: true }));
}

const SINGLE_BYTE = new Set<TextEncoding>(['windows-1252', 'iso-8859-1', 'iso-8859-15']);

/**
 * A stream that turns a single-byte encoding into UTF-8. Node decodes ISO-8859-1 natively; the
 * few bytes where Windows-1252 or ISO-8859-15 differ from it (€, œ, ’… in 0x80–0x9F or 0xA4–0xBE)
 * are then replaced through iconv-lite's own table. Several times faster than iconv-lite alone on
 * a file of a million rows. Other encodings go through iconv-lite.
 */
export function toUtf8(encoding: TextEncoding): NodeJS.ReadWriteStream {
  if (!SINGLE_BYTE.has(encoding)) return iconv.decodeStream(encoding, { stripBOM: true });
  const transcode = singleByteToUtf8(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, transcode(chunk));
    },
  });
}

/** The bytes of a single-byte encoding as UTF-8 (each byte a character: chunks may be cut anywhere). */
function singleByteToUtf8(encoding: TextEncoding): (chunk: Buffer) => Buffer {
  const differing = new Map(Object.entries(differingFromLatin1(encoding)));
  const pattern = differing.size > 0 ? new RegExp(`[${[...differing.keys()].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g') : null;
  return (chunk) => {
    const text = chunk.toString('latin1');
    return Buffer.from(pattern ? text.replace(pattern, (c) => differing.get(c) ?? c) : text, 'utf8');
  };
}

/** The characters of a single-byte encoding that differ from ISO-8859-1's for the same byte, by ISO-8859-1 character. */
export function differingFromLatin1(encoding: TextEncoding): Record<string, string> {
  const differing: Record<string, string> = {};
  for (let byte = 0x80; byte <= 0xff; byte += 1) {
    const latin1 = String.fromCharCode(byte);
    const decoded = iconv.decode(Buffer.from([byte]), encoding);
    if (decoded !== latin1) differing[latin1] = decoded;
  }
  return differing;
}

/** The first characters of the file, decoded, to detect the delimiter and show a preview. */
export async function textSample(file: string, encoding: TextEncoding, maxChars = 64 * 1024): Promise<string> {
  let sample = '';
  const stream = decodedText(file, encoding);
  for await (const chunk of stream) {
    sample += String(chunk);
    if (sample.length >= maxChars) break;
  }
  // Stop reading the rest of the file.
  (stream as NodeJS.ReadWriteStream & { destroy(): void }).destroy();
  return sample.slice(0, maxChars);
}

