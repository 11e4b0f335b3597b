// A stream that lets bytes through until there are more than a limit, then fails with the error
// given: uploads, URL downloads and Shapefile entries count the bytes themselves, since declared
// sizes can lie. Each chunk may be handed on its way to `onChunk` (the UTF-8 copy of an upload).
import { Transform } from 'node:stream';
import type { AppError } from '../errors.js';

export function byteLimit(maxBytes: number, tooLarge: () => AppError, onChunk?: (chunk: Buffer) => Promise<void>): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) callback(tooLarge());
      else if (onChunk) onChunk(chunk).then(() => callback(null, chunk), callback);
      else callback(null, chunk);
    },
  });
}
