// A file DuckDB writes itself (COPY … TO), sent while it is being written: the answer starts as
// soon as the first bytes are on disk, the server holds two chunks at a time whatever the size, and
// the temporary file is removed once sent or abandoned (a client gone mid-way).
//
// Piped (the HTTP answer, a gzip stream), the file is read into two buffers in turn, and a buffer
// is read into again only once the destination has called back for the chunk written from it.
// Reading each chunk into a new 1 MB buffer instead cost about 0.25 s of CPU per 130 MB in the
// server (fresh pages, and the garbage collections external memory sets off): a tenth of the whole
// CSV export's time on two cores (docs/benchmarks.md, Q7). Read any other way (`for await`,
// `data`), each chunk is a buffer of its own.
import fsp, { type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { sqlLiteral, type DataPlaneContext, type SqlParams } from '../data/index.js';

const CHUNK_BYTES = 1 << 20;
/** How long to wait for DuckDB to write more when the reader has caught up with it. */
const POLL_MS = 5;

/**
 * Runs `COPY (sql) TO <temporary file> (options)` and returns the file's bytes as they come, after
 * `prefix` (a CSV header). The first chunk (or the end of an empty file) is awaited before
 * returning, so that a query DuckDB refuses is an error answer, not a cut file.
 */
export async function copiedFile(ctx: DataPlaneContext, sql: string, params: SqlParams, options: string, extension: string, prefix?: string): Promise<Readable> {
  const path = ctx.blobs.temporaryFile(extension);
  let interrupt = () => {};
  // Our own path; the file does not exist, so DuckDB writes it in place (no rename at the end).
  const writing = ctx.engine.withConnection((connection) => {
    interrupt = () => connection.interrupt();
    return connection.run(`copy (${sql}) to ${sqlLiteral(path)} (${options}, use_tmp_file false)`, params);
  });
  const file = new GrowingFile(path, writing, () => interrupt());
  try {
    const first = Buffer.allocUnsafe(CHUNK_BYTES);
    const bytes = await file.read(first);
    const head = [...(prefix ? [Buffer.from(prefix)] : []), ...(bytes > 0 ? [first.subarray(0, bytes)] : [])];
    return new FollowedFile(file, head, bytes === 0);
  } catch (error) {
    await file.close();
    throw error;
  }
}

/** A file being written by a COPY: each read waits for new bytes until the COPY has ended. */
class GrowingFile {
  private handle: FileHandle | undefined;
  private position = 0;
  private finished = false;
  private failure: unknown;
  private closed = false;
  private readonly settled: Promise<void>;

  constructor(
    private readonly path: string,
    writing: Promise<void>,
    /** Stops the COPY: an export nobody reads any more does not go on taking the engine's threads. */
    private readonly interrupt: () => void,
  ) {
    this.settled = writing.then(
      () => {
        this.finished = true;
      },
      (error: unknown) => {
        this.failure = error;
        this.finished = true;
      },
    );
  }

  /** Bytes read into `buffer`; 0 once the whole file is read (or it is closed). Throws the COPY's error. */
  async read(buffer: Buffer): Promise<number> {
    while (!this.closed) {
      // Read the state before reading the file: an empty read after the end was known is the end.
      const ended = this.finished;
      if (this.failure !== undefined) throw this.failure;
      if (!this.handle) {
        const opened = await fsp.open(this.path, 'r').catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        });
        // Closed while opening: the handle would never be closed.
        if (this.closed) await opened?.close();
        else this.handle = opened;
      }
      if (this.handle && !this.closed) {
        const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.position);
        if (bytesRead > 0) {
          this.position += bytesRead;
          return bytesRead;
        }
      }
      if (ended) return 0;
      await Promise.race([this.settled, sleep(POLL_MS)]);
    }
    return 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    // The COPY fails then, and `settled` takes its error. Its connection may be closing already.
    if (!this.finished) {
      try {
        this.interrupt();
      } catch {
        // Ended meanwhile: nothing to stop.
      }
    }
    // close() waits for a read in flight on the handle.
    await this.handle?.close();
    // DuckDB may still be writing when the client has gone: the unlinked file goes when it closes it.
    await fsp.rm(this.path, { force: true });
  }
}

class FollowedFile extends Readable {
  /** Resolved when the stream is destroyed: a paced write whose callback never comes does not hold it. */
  private readonly gone: Promise<void>;
  private markGone: () => void = () => undefined;
  private paced = false;

  constructor(
    private readonly file: GrowingFile,
    /** What is sent before the rest of the file: the prefix and the first chunk. */
    private readonly head: Buffer[],
    private readonly atEnd: boolean,
  ) {
    super();
    this.gone = new Promise((resolve) => {
      this.markGone = resolve;
    });
  }

  override _read(): void {
    const next = this.head.shift();
    if (next) {
      this.push(next);
      return;
    }
    if (this.atEnd) {
      this.push(null);
      return;
    }
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.file.read(chunk).then(
      (bytes) => this.push(bytes === 0 ? null : chunk.subarray(0, bytes)),
      (error: unknown) => this.destroy(error as Error),
    );
  }

  /**
   * The whole file into one destination, at most two chunks in flight (see the top of the file).
   * A stream already read, or piped, goes the ordinary way: two readers cannot share the buffers.
   */
  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    if (this.paced || this.readableDidRead || this.readableFlowing !== null) return super.pipe(destination, options);
    this.paced = true;
    void this.pace(destination, options?.end ?? true);
    return destination;
  }

  private async pace(destination: NodeJS.WritableStream, end: boolean): Promise<void> {
    // False when the destination failed or this stream was destroyed: the destination reports its own error.
    const written = (chunk: Buffer): Promise<boolean> =>
      Promise.race([new Promise<boolean>((resolve) => destination.write(chunk, (error) => resolve(!error))), this.gone.then(() => false)]);
    try {
      for (const chunk of this.head.splice(0)) if (!(await written(chunk))) return void this.destroy();
      const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
      const inFlight = [Promise.resolve(true), Promise.resolve(true)];
      for (let i = 0; !this.atEnd; i = 1 - i) {
        if (!(await inFlight[i])) return void this.destroy();
        const buffer = buffers[i] as Buffer;
        const bytes = await this.file.read(buffer);
        if (bytes === 0 || this.destroyed) break;
        inFlight[i] = written(buffer.subarray(0, bytes));
      }
      if (!(await Promise.all(inFlight)).every(Boolean) || this.destroyed) return void this.destroy();
      if (end) destination.end();
      // Ended as if read: 'end' for those waiting for it (the HTTP layer, a pipeline), then the file goes.
      this.push(null);
      this.resume();
    } catch (error) {
      // The COPY failed, or reading its file did: the answer is cut, not closed as whole.
      this.destroy(error as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.markGone();
    this.file.close().then(
      () => callback(error),
      (closing: Error) => callback(error ?? closing),
    );
  }
}
