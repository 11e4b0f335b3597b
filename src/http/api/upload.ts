// Receiving a file: as the raw body of the request (`curl -T file.csv`), or as the `file` part of
// a multipart form (a browser's upload). Either way it is streamed to disk, never whole in memory,
// and stopped with 413 past the configured size.
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';

export async function saveUpload(request: FastifyRequest, target: string, maxBytes: number): Promise<{ fileName: string | null }> {
  if (request.isMultipart()) {
    const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!part) throw new AppError('UPLOAD_NO_FILE');
    await pipeline(part.file, limiter(maxBytes), createWriteStream(target));
    // busboy stops at the limit without an error: it says so with `truncated`.
    if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { limit: maxBytes });
    return { fileName: part.filename || null };
  }
  const body = request.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { content_type: String(request.headers['content-type'] ?? ''), expected: 'the file itself as the body, or a multipart form with a file part', expected_fr: 'le fichier lui-même comme corps, ou un formulaire multipart avec une partie file' });
  }
  await pipeline(body, limiter(maxBytes), createWriteStream(target));
  return { fileName: null };
}

function limiter(maxBytes: number): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) callback(new AppError('PAYLOAD_TOO_LARGE', { limit: maxBytes }));
      else callback(null, chunk);
    },
  });
}
