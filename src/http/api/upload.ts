// Receiving a file: as the raw body of the request (`curl -T file.csv`), or as the `file` part of
// a multipart form (a browser's upload). Either way it is streamed to disk, never whole in memory,
// and stopped with 413 past the configured size.
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { byteLimit, Utf8Copy } from '../../ingest/index.js';

export interface SavedUpload {
  fileName: string | null;
  /** The UTF-8 copy of a Windows-1252 text file, made as it was received (ingest's Utf8Copy). */
  utf8Copy?: string;
}

/** Saves the file at `target`; with `utf8Copy`, a path, also transcodes a Windows-1252 file there as it comes. */
export async function saveUpload(request: FastifyRequest, target: string, maxBytes: number, utf8Copy?: string): Promise<SavedUpload> {
  const copy = utf8Copy ? new Utf8Copy(utf8Copy) : undefined;
  try {
    return await receive(request, target, maxBytes, copy);
  } catch (error) {
    copy?.discard();
    throw error;
  }
}

async function receive(request: FastifyRequest, target: string, maxBytes: number, copy: Utf8Copy | undefined): Promise<SavedUpload> {
  if (request.isMultipart()) {
    const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!part) throw new AppError('UPLOAD_NO_FILE');
    await pipeline(part.file, limiter(maxBytes, copy), createWriteStream(target));
    // busboy stops at the limit without an error: it says so with `truncated`.
    if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { limit: maxBytes });
    return { fileName: part.filename || null, utf8Copy: await copy?.file() };
  }
  const body = request.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { content_type: String(request.headers['content-type'] ?? ''), expected: 'the file itself as the body, or a multipart form with a file part', expected_fr: 'le fichier lui-même comme corps, ou un formulaire multipart avec une partie file' });
  }
  await pipeline(body, limiter(maxBytes, copy), createWriteStream(target));
  return { fileName: null, utf8Copy: await copy?.file() };
}

/** Stops past the size limit; gives each chunk to the copy, when there is one, on its way. */
function limiter(maxBytes: number, copy?: Utf8Copy): Transform {
  return byteLimit(maxBytes, () => new AppError('PAYLOAD_TOO_LARGE', { limit: maxBytes }), copy && ((chunk) => copy.write(chunk)));
}
