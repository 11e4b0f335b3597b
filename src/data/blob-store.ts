// The blob store: the Parquet files of every dataset version, under the data directory. Files are
// written under a temporary name and renamed into place, so a file that has its final name is
// whole. A file no version row points at is an orphan (a write killed before its row was stored,
// or a cleanup killed after its row was removed) and is swept once it is old enough that no write
// in progress can still own it.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError, describeError } from '../errors.js';

export interface BlobStore {
  root: string;
  /** `datasets/<uid>/<version>.parquet`, relative to the root. */
  versionFile(datasetUid: string, versionId: string): string;
  absolute(relative: string): string;
  /** A path for a file being written, in the same file system as its final place. */
  temporaryFile(extension: string): string;
  /** Moves a finished temporary file to its final, relative place. */
  commit(temporary: string, relative: string): Promise<void>;
  /** A file computed from a version's file (its read copy, `<version>.duckdb`): kept and removed with it. */
  derivedFile(relative: string, kind: DerivedKind): string;
  /** Removes a file and the files derived from it. */
  remove(relative: string): Promise<void>;
  /** Removes the folder of a deleted dataset, if nothing else is left in it. */
  removeDatasetFolder(datasetUid: string): Promise<void>;
  sweepOrphans(referenced: Set<string>, minAgeMs: number): Promise<string[]>;
  checkWritable(): Promise<void>;
}

/** The kinds of files derived from a version's file, by the end of their name in the place of `.parquet`. */
const DERIVED_ENDINGS = { copy: '.duckdb' } as const;
export type DerivedKind = keyof typeof DERIVED_ENDINGS;
const DERIVED_KINDS = Object.keys(DERIVED_ENDINGS) as DerivedKind[];

const derivedName = (relative: string, kind: DerivedKind): string => relative.replace(/\.parquet$/, DERIVED_ENDINGS[kind]);
/** The version file a derived file belongs to; any other file is its own (files of older kinds, swept as orphans). */
const ownerOf = (relative: string): string => {
  const kind = DERIVED_KINDS.find((k) => relative.endsWith(DERIVED_ENDINGS[k]));
  return kind ? relative.slice(0, -DERIVED_ENDINGS[kind].length) + '.parquet' : relative;
};

export function openBlobStore(dataDir: string): BlobStore {
  const root = path.resolve(dataDir);
  const tmpDir = path.join(root, 'tmp');
  let counter = 0;
  return {
    root,
    versionFile: (datasetUid, versionId) => path.posix.join('datasets', datasetUid, `${versionId}.parquet`),
    absolute: (relative) => path.join(root, relative),
    temporaryFile(extension) {
      fs.mkdirSync(tmpDir, { recursive: true });
      counter += 1;
      return path.join(tmpDir, `${process.pid}-${Date.now()}-${counter}${extension}`);
    },
    async commit(temporary, relative) {
      const target = path.join(root, relative);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      // The data must be on disk before the name says the file is whole.
      const handle = await fsp.open(temporary, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.rename(temporary, target);
    },
    derivedFile: derivedName,
    async remove(relative) {
      await fsp.rm(path.join(root, relative), { force: true });
      for (const kind of DERIVED_KINDS) await fsp.rm(path.join(root, derivedName(relative, kind)), { force: true });
    },
    async removeDatasetFolder(datasetUid) {
      await fsp.rmdir(path.join(root, 'datasets', datasetUid, 'attachments')).catch(() => undefined);
      await fsp.rmdir(path.join(root, 'datasets', datasetUid)).catch(() => undefined);
    },
    async sweepOrphans(referenced, minAgeMs) {
      const removed: string[] = [];
      const now = Date.now();
      for (const dir of [path.join(root, 'datasets'), tmpDir]) {
        for (const file of await listFiles(dir)) {
          const relative = path.relative(root, file).split(path.sep).join('/');
          if (referenced.has(ownerOf(relative))) continue;
          const stat = await fsp.stat(file).catch(() => undefined);
          if (!stat || now - stat.mtimeMs < minAgeMs) continue;
          await fsp.rm(file, { force: true });
          removed.push(relative);
        }
      }
      return removed;
    },
    async checkWritable() {
      try {
        await fsp.mkdir(root, { recursive: true });
        const probe = path.join(root, `.write-check-${process.pid}`);
        await fsp.writeFile(probe, 'ok');
        await fsp.rm(probe);
      } catch (error) {
        throw new AppError('DATA_DIR_UNUSABLE', { dir: root, detail: describeError(error) });
      }
    },
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else files.push(full);
  }
  return files;
}
