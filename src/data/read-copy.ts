// A version's read copy: its records in a DuckDB database file beside its Parquet file
// (`<version>.duckdb`), in the same order, with the search text of each record in more columns
// (search-text.ts). Parquet stays the version's file (what is published, exported, compacted,
// kept); the copy only makes reads fast. DuckDB reads its own format without decoding pages: on
// 1,000,000 addresses the first page of records takes about 2 ms instead of 10, a page at offset
// 9,980 4 ms instead of 12, "rue de la paix" 4 ms instead of 90 (docs/benchmarks.md).
//
// It is written in the background, once per version, after the first read of a version large
// enough that reading Parquet costs (READ_COPY_MIN_ROWS): publishing does not wait for it, and
// until it is there queries read the Parquet file, with the same answers. Each process attaches
// the copies it reads to its own engine, read only; a dataset keeps one copy attached, its live
// version's.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { Version } from '../catalog/index.js';
import type { BlobStore } from './blob-store.js';
import { sqlLiteral, type DataEngine } from './engine.js';
import { searchTextColumnsSql } from './search-text.js';

/** Below this many records, reading the Parquet file is fast enough (a few ms): no copy is written. */
export const READ_COPY_MIN_ROWS = 100_000;

/** How many records a row group of a read copy holds. */
const READ_COPY_ROW_GROUP = 16_384;

/** The table of the records in a read copy. */
const TABLE = 'records';

/** How many copies an engine keeps attached at most; past it, the one read least recently is let go. */
const MAX_ATTACHED = 200;

interface ReadCopyContext {
  engine: DataEngine;
  blobs: BlobStore;
}

type CopiedVersion = Pick<Version, 'id' | 'datasetUid' | 'file' | 'fields' | 'rowCount'>;

/** The copies attached to one engine: by file, the catalog name they were attached as. */
interface Attached {
  byFile: Map<string, Promise<string>>;
  /** The file each dataset has attached (its live version's when it was read). */
  byDataset: Map<string, string>;
  counter: number;
}

const attachedByEngine = new WeakMap<DataEngine, Attached>();
const writing = new Map<string, Promise<void>>();
/** The copies of small versions this process wrote (large versions' are looked for on disk). */
const written = new Set<string>();
/** When the writing of a copy last failed, by file: reads wait RETRY_AFTER_MS before starting it again. */
const failedAt = new Map<string, number>();
const RETRY_AFTER_MS = 10 * 60_000;

/** The relative path of a version's read copy. */
export function readCopyFile(blobs: BlobStore, version: Pick<Version, 'file'>): string {
  return blobs.derivedFile(version.file, 'copy');
}

/**
 * The table to read the version's records from (`"read_copy_3".records`, with the search text's
 * columns, SEARCH_TEXT_COLUMNS), when its copy is there; otherwise undefined, and the copy is written in the
 * background when the version is large enough (a smaller one is read from its copy only when one
 * was written for it: tests compare the two ways).
 */
export async function readCopyTable(ctx: ReadCopyContext, version: CopiedVersion): Promise<string | undefined> {
  const file = ctx.blobs.absolute(readCopyFile(ctx.blobs, version));
  const attached = attachments(ctx.engine);
  let name = attached.byFile.get(file);
  if (!name) {
    // No file system call on the hot path when the answer is known: a small version has a copy
    // only when this process wrote one (tests compare both ways); a copy being written is not there yet.
    if ((version.rowCount < READ_COPY_MIN_ROWS && !written.has(file)) || writing.has(file)) return undefined;
    if (!fs.existsSync(file)) {
      const failed = failedAt.get(file);
      if (version.rowCount >= READ_COPY_MIN_ROWS && (failed === undefined || Date.now() - failed > RETRY_AFTER_MS)) {
        // A failure (the version removed meanwhile, a full disk) is not retried at every read: a copy costs seconds of work.
        void writeReadCopy(ctx, version).catch(() => {
          if (failedAt.size >= 10_000) failedAt.clear();
          failedAt.set(file, Date.now());
        });
      }
      return undefined;
    }
    name = attach(ctx.engine, attached, file, version.datasetUid);
  } else {
    // Read again: the most recently read last, so that the least recent is the first let go.
    attached.byFile.delete(file);
    attached.byFile.set(file, name);
  }
  try {
    return `${await name}.${TABLE}`;
  } catch {
    // A copy that cannot be opened (removed with its version meanwhile) is not used; Parquet answers.
    attached.byFile.delete(file);
    return undefined;
  }
}

/** Writes the version's read copy (once per process at a time); resolves when it is there. */
export function writeReadCopy(ctx: ReadCopyContext, version: Pick<Version, 'file' | 'fields'>): Promise<void> {
  const relative = readCopyFile(ctx.blobs, version);
  const file = ctx.blobs.absolute(relative);
  const pending = writing.get(file);
  if (pending) return pending;
  const work = (async () => {
    const temporary = ctx.blobs.temporaryFile('.duckdb');
    const name = `read_copy_write_${attachments(ctx.engine).counter++}`;
    try {
      // Our own file names, not user text. The table keeps the Parquet file's order (DuckDB keeps
      // the order of insertion), which the version's order and paging rely on.
      await ctx.engine.withConnection(async (connection) => {
        // Row groups of 16,384 rows (DuckDB's default is 122,880): an export in the records' order
        // holds back the groups a thread finishes early, and a whole CSV export of 1,000,000
        // addresses grew the server by 236 MB with the default, 25 MB with these; pages, counts and
        // full-text searches take the same time.
        await connection.run(`attach ${sqlLiteral(temporary)} as ${name} (row_group_size ${READ_COPY_ROW_GROUP})`);
        try {
          await connection.run(`create table ${name}.${TABLE} as ${searchTextColumnsSql(version.fields, `read_parquet(${sqlLiteral(ctx.blobs.absolute(version.file))})`)}`);
        } finally {
          await connection.run(`detach ${name}`);
        }
      });
      await ctx.blobs.commit(temporary, relative);
      written.add(file);
    } finally {
      await fsp.rm(temporary, { force: true });
      await fsp.rm(`${temporary}.wal`, { force: true });
      writing.delete(file);
    }
  })();
  writing.set(file, work);
  return work;
}

function attachments(engine: DataEngine): Attached {
  let attached = attachedByEngine.get(engine);
  if (!attached) {
    attached = { byFile: new Map(), byDataset: new Map(), counter: 0 };
    attachedByEngine.set(engine, attached);
  }
  return attached;
}

/** Attaches a copy read only; the dataset's previous copy, and the least read past MAX_ATTACHED, are let go. */
function attach(engine: DataEngine, attached: Attached, file: string, datasetUid: string): Promise<string> {
  const name = `read_copy_${attached.counter++}`;
  const done = engine.query(`attach if not exists ${sqlLiteral(file)} as ${name} (read_only)`).then(() => name);
  const previous = attached.byDataset.get(datasetUid);
  if (previous && previous !== file) detach(engine, attached, previous);
  attached.byDataset.set(datasetUid, file);
  attached.byFile.set(file, done);
  const oldest = attached.byFile.keys().next().value;
  if (attached.byFile.size > MAX_ATTACHED && oldest !== undefined) detach(engine, attached, oldest);
  return done;
}

/** Lets a copy go. A query reading it meanwhile finishes first (DuckDB keeps what it reads). */
function detach(engine: DataEngine, attached: Attached, file: string): void {
  const name = attached.byFile.get(file);
  attached.byFile.delete(file);
  for (const [dataset, held] of attached.byDataset) if (held === file) attached.byDataset.delete(dataset);
  void name?.then((n) => engine.query(`detach database if exists ${n}`)).catch(() => undefined);
}
