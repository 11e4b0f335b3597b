// A version's search text: for each record, in the version's order, the words of its text fields
// made lowercase and accent-free, one space between words and one at each end (` rue de la paix
// 44000 nantes `), in a Parquet file beside the version's (`<version>.search.parquet`). Full-text
// queries over every text field (bare strings, search(), suggest(), src/query/odsql/compile.ts)
// test it with contains() instead of a regular expression over the records: on 1,000,000
// addresses, counting "rue de la paix" went from 1.8 s to about 40 ms (docs/benchmarks.md).
//
// It is written in the background, once per version, after the first full-text query on a version
// large enough that a scan costs (SEARCH_TEXT_MIN_ROWS): publishing does not wait for it, and until
// it is there queries search the records themselves, with the same answers.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { Field, Version } from '../catalog/index.js';
import type { BlobStore } from './blob-store.js';
import { sqlIdentifier, sqlLiteral, type DataEngine } from './engine.js';

/** Below this many records, scanning the records is fast enough (a few ms): no search text is written. */
export const SEARCH_TEXT_MIN_ROWS = 100_000;

/** The column of the search text, beside the records' own in a query that reads it. */
export const SEARCH_TEXT_COLUMN = '__search';

interface SearchTextContext {
  engine: DataEngine;
  blobs: BlobStore;
}

/** The words of a text as the search text holds them: what a query's words are compared with. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** The relative path of a version's search text file. */
export function searchTextFile(blobs: BlobStore, version: Pick<Version, 'file'>): string {
  return blobs.derivedFile(version.file, 'search');
}

const written = new Set<string>();
const writing = new Map<string, Promise<void>>();

/** The absolute path of the version's search text file, when it is there. */
export function existingSearchText(blobs: BlobStore, version: Pick<Version, 'file'>): string | undefined {
  const file = blobs.absolute(searchTextFile(blobs, version));
  if (written.has(file)) return file;
  if (!fs.existsSync(file)) return undefined;
  written.add(file);
  return file;
}

/**
 * A full-text query read a version without search text: its writing starts in the background when
 * the version is large enough, for the next queries. Nobody waits for it: a failure (the version
 * removed meanwhile, a full disk) leaves the next query to try again.
 */
export function requestSearchText(ctx: SearchTextContext, version: Pick<Version, 'file' | 'fields' | 'rowCount'>): void {
  if (version.rowCount < SEARCH_TEXT_MIN_ROWS) return;
  void writeSearchText(ctx, version).catch(() => undefined);
}

/** Writes the version's search text file (once per process at a time); resolves when it is there. */
export function writeSearchText(ctx: SearchTextContext, version: Pick<Version, 'file' | 'fields'>): Promise<void> {
  const relative = searchTextFile(ctx.blobs, version);
  const file = ctx.blobs.absolute(relative);
  const pending = writing.get(file);
  if (pending) return pending;
  const work = (async () => {
    const temporary = ctx.blobs.temporaryFile('.parquet');
    try {
      // Our own file names, not user text. Uncompressed: the file is read whole by every full-text
      // query, and decompressing costs more than reading (zstd 62 ms, none 41 ms on 1,000,000 rows).
      await ctx.engine.query(
        `copy (select ${searchTextExpression(version.fields)} as ${SEARCH_TEXT_COLUMN} from read_parquet(${sqlLiteral(ctx.blobs.absolute(version.file))})) to ${sqlLiteral(temporary)} (format parquet, compression uncompressed, row_group_size 10240)`,
      );
      await ctx.blobs.commit(temporary, relative);
      written.add(file);
    } finally {
      await fsp.rm(temporary, { force: true });
      writing.delete(file);
    }
  })();
  writing.set(file, work);
  return work;
}

/** The SQL of a record's search text: its text fields' words, as searchWords() makes a query's. */
function searchTextExpression(fields: readonly Field[]): string {
  const texts = fields.filter((f) => f.type === 'text').map((f) => sqlIdentifier(f.name));
  if (texts.length === 0) return "' '";
  return `' ' || trim(regexp_replace(strip_accents(lower(concat_ws(' ', ${texts.join(', ')}))), '[^\\p{L}\\p{N}]+', ' ', 'g')) || ' '`;
}
