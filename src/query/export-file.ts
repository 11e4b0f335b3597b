// A file DuckDB writes itself (COPY … TO), sent while it is being written: the answer starts as
// soon as the first bytes are on disk, the server holds one chunk at a time whatever the size, and
// the temporary file is removed once sent or abandoned (a client gone mid-way).
import fsp, { type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { sqlLiteral, type DataPlaneContext, type SqlParams } from '../data/index.js';

const CHUNK_BYTES = 1 << 20;
/** How long to wait for DuckDB to write more when the reader has caught up with it. */
const POLL_MS = 5;

/**
 * Runs `COPY (sql) TO <temporary file> (options)` and returns the file's bytes as they come. The
 * first chunk (or the end of an empty file) is awaited before returning, so that a query DuckDB
 * refuses is an error answer, not a cut file.
 */
export async function copiedFile(ctx: DataPlaneContext, sql: string, params: SqlParams, options: string, extension: string): Promise<AsyncIterable<Buffer>> {
  const file = ctx.blobs.temporaryFile(extension);
  // Our own path; the file does not exist, so DuckDB writes it in place (no rename at the end).
  const writing = ctx.engine.withConnection((connection) => connection.run(`copy (${sql}) to ${sqlLiteral(file)} (${options}, use_tmp_file false)`, params));
  const chunks = follow(file, writing);
  const first = await chunks.next();
  return (async function* sent() {
    try {
      if (first.done) return;
      yield first.value;
      yield* chunks;
    } finally {
      await chunks.return(undefined);
    }
  })();
}

async function* follow(file: string, writing: Promise<void>): AsyncGenerator<Buffer, void, undefined> {
  let finished = false;
  let failure: unknown;
  const settled = writing.then(
    () => {
      finished = true;
    },
    (error: unknown) => {
      failure = error;
      finished = true;
    },
  );
  let handle: FileHandle | undefined;
  let position = 0;
  // One buffer to read into; each chunk sent is a copy of its size (the socket may hold a few).
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      // Read the state before reading the file: an empty read after the end was known is the end.
      const ended = finished;
      if (failure !== undefined) throw failure;
      handle ??= await fsp.open(file, 'r').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (handle) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
        if (bytesRead > 0) {
          position += bytesRead;
          yield Buffer.from(buffer.subarray(0, bytesRead));
          continue;
        }
      }
      if (ended) return;
      await Promise.race([settled, sleep(POLL_MS)]);
    }
  } finally {
    await handle?.close();
    // DuckDB may still be writing when the client has gone: the unlinked file goes when it closes it.
    await fsp.rm(file, { force: true });
  }
}
