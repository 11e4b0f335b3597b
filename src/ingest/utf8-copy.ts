// A UTF-8 copy of a Windows-1252 text file, made while the file is received: an upload from Excel
// is transcoded during its transfer, on another core, rather than after it. The bytes go through
// as long as they are ASCII (the same in both encodings). At the first other byte: if it starts a
// valid UTF-8 sequence, the file is probably UTF-8 and the copy stops; if not, the file is not
// UTF-8, detectEncoding will say Windows-1252, and the rest is transcoded by toUtf8's own function.
// The copy is given only in that last case: an ASCII file needs none, and a file whose copy stopped
// is transcoded after it is received, as any file is.
import { Worker } from 'node:worker_threads';
import { singleByteToUtf8, utf8Table } from './decode.js';

// The most bytes handed to the worker and not yet written: the upload waits past it.
const MAX_IN_FLIGHT = 16 * 1024 * 1024;

export class Utf8Copy {
  private readonly worker: Worker;
  private inFlight = 0;
  private stopped = false;
  private drained: (() => void) | undefined;
  private readonly outcome: Promise<boolean>;

  constructor(readonly target: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { target, table: utf8Table('windows-1252') } });
    this.outcome = new Promise<boolean>((resolve) => {
      this.worker.on('message', (message: { written?: number; stopped?: boolean; done?: boolean }) => {
        if (message.stopped) this.stopped = true;
        if (message.written) this.inFlight -= message.written;
        if (this.inFlight <= MAX_IN_FLIGHT / 2 || this.stopped) this.drain();
        if (message.done !== undefined) resolve(message.done);
      });
      // A copy that fails (a full disk, a worker that cannot start) is no copy.
      this.worker.on('error', () => {
        this.stopped = true;
        this.drain();
        resolve(false);
      });
      this.worker.on('exit', () => resolve(false));
    });
  }

  /** Takes the next bytes of the file; resolves when the copy can take more. */
  async write(chunk: Buffer): Promise<void> {
    if (this.stopped) return;
    this.inFlight += chunk.length;
    this.worker.postMessage(chunk);
    if (this.inFlight > MAX_IN_FLIGHT) await new Promise<void>((resolve) => (this.drained = resolve));
  }

  /** The UTF-8 copy, once the whole file was given, or undefined when there is none to use. */
  async file(): Promise<string | undefined> {
    this.worker.postMessage(null);
    const made = await this.outcome;
    await this.worker.terminate();
    return made ? this.target : undefined;
  }

  /** Stops the copy (the upload failed); the caller removes the file at `target`. */
  discard(): void {
    this.stopped = true;
    void this.worker.terminate();
  }

  private drain(): void {
    const resolve = this.drained;
    this.drained = undefined;
    resolve?.();
  }
}

/**
 * The worker's code. It runs as a script of its own (no imports, CommonJS `require`), so it is
 * given as the source of this function: TypeScript still checks it.
 */
function copyInWorker(): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const fs = require('node:fs') as typeof import('node:fs');
  const { isAscii } = require('node:buffer') as typeof import('node:buffer');
  const { target, table } = workerData as { target: string; table: Uint8Array };
  const port = parentPort;
  if (!port) return;
  let state: 'ascii' | 'windows-1252' | 'stopped' = 'ascii';
  let first = true;
  const fd = fs.openSync(target, 'w');
  const writeAll = (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
  };
  // Whether the bytes at `at` are a whole, well-formed UTF-8 sequence (one cut by the chunk's end counts as not).
  const startsValidUtf8 = (bytes: Buffer, at: number) => {
    const lead = bytes[at] ?? 0;
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || at + length > bytes.length) return false;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + length));
      return true;
    } catch {
      return false;
    }
  };
  port.on('message', (message: Uint8Array | null) => {
    if (message === null) {
      fs.closeSync(fd);
      port.postMessage({ done: state === 'windows-1252' });
      return;
    }
    const chunk = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
    try {
      if (first) {
        first = false;
        // Zip (XLSX, Shapefile) and UTF-16 files are no Windows-1252 text.
        if (chunk.subarray(0, 2).toString('latin1') === 'PK' || chunk.includes(0)) state = 'stopped';
      }
      if (state === 'ascii' && !isAscii(chunk)) state = startsValidUtf8(chunk, chunk.findIndex((byte) => byte >= 0x80)) ? 'stopped' : 'windows-1252';
      if (state === 'ascii') writeAll(chunk);
      if (state === 'windows-1252') writeAll(singleByteToUtf8(table, chunk));
    } catch {
      state = 'stopped';
    }
    port.postMessage({ written: chunk.length, stopped: state === 'stopped' });
  });
}

// esbuild, under tsx, may wrap named functions in a `__name` helper that the worker does not have.
// The transcoding function is decode.ts's own, given by its source.
const WORKER_SOURCE = `const __name = (target) => target;\nconst singleByteToUtf8 = ${singleByteToUtf8.toString()};\n(${copyInWorker.toString()})();`;
