// Publishing a version: the Parquet file is written beside the live one, then its row is stored,
// then the dataset's pointer moves in one transaction, then versions beyond the number kept are
// removed (row first, file after: a kill in between leaves an orphan file, never a row without its
// file). Killed at any point, the live version stays readable and the catalog consistent
// (test/data/publish-kill.test.ts kills a child process at each checkpoint).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fsp from 'node:fs/promises';
import {
  deleteVersionRow, getVersion, insertVersion, isUniqueViolation, listVersions, newVersionId, nextVersionNumber, referencedFiles, removeDeltasUpTo, switchLiveVersion,
  type CatalogDb, type Field, type NewVersion, type Version,
} from '../catalog/index.js';
import type { BlobStore } from './blob-store.js';
import type { DataEngine } from './engine.js';

export const WRITE_CHECKPOINTS = ['parquet-written', 'before-switch', 'after-switch', 'during-cleanup'] as const;
export type WriteCheckpoint = (typeof WRITE_CHECKPOINTS)[number];

export interface DataPlaneContext {
  db: CatalogDb;
  engine: DataEngine;
  blobs: BlobStore;
}

export interface PublishOptions {
  versionsKept: number;
  /** The most columns a file may have (TERRITOIRES_MAX_COLUMNS). */
  maxColumns?: number;
  /** What a zipped Shapefile may weigh once extracted (4 GiB when not set). */
  maxExtractedBytes?: number;
  /** How long a validation against the dataset's schema may run (TERRITOIRES_VALIDATION_TIMEOUT_MS); not set: no limit. */
  validationTimeoutMs?: number;
  /** Called at each named point of the write; tests pause there to kill the process. */
  onCheckpoint?: (checkpoint: WriteCheckpoint) => Promise<void> | void;
}

export interface VersionContent {
  datasetUid: string;
  fields: Field[];
  source: Record<string, unknown>;
  /** Writes the records as one Parquet file at this path. */
  writeParquet(path: string): Promise<void>;
  /**
   * Push batches this version replaces, removed once it is live: those it has folded in (a
   * compaction), or all those made before it (a new file replaces the records).
   */
  deltasUpTo: number;
  /** The validation against the dataset's Table Schema, kept with the version (src/schema). */
  validation?: { report: unknown; conformsTo: string | null };
}

export async function publishVersion(ctx: DataPlaneContext, content: VersionContent, options: PublishOptions): Promise<Version> {
  const checkpoint = async (name: WriteCheckpoint) => options.onCheckpoint?.(name);
  const versionId = newVersionId();
  const temporary = ctx.blobs.temporaryFile('.parquet');
  try {
    await content.writeParquet(temporary);
    const facts = await fileFacts(ctx.engine, temporary);
    const file = ctx.blobs.versionFile(content.datasetUid, versionId);
    await ctx.blobs.commit(temporary, file);
    await checkpoint('parquet-written');

    const version = await insertNumberedVersion(ctx.db, versionId, { datasetUid: content.datasetUid, file, fields: content.fields, source: content.source, ...facts, conformsTo: content.validation?.conformsTo ?? null, validation: content.validation?.report ?? null });
    await checkpoint('before-switch');

    await switchLiveVersion(ctx.db, content.datasetUid, version.id);
    await checkpoint('after-switch');

    // Deltas merged again on top of a version that holds them give the same records: removing
    // them after the switch is safe for readers in between.
    for (const file of await removeDeltasUpTo(ctx.db, content.datasetUid, content.deltasUpTo)) await ctx.blobs.remove(file);

    await removeOldVersions(ctx, content.datasetUid, version.id, options.versionsKept, () => checkpoint('during-cleanup'));
    return (await getVersion(ctx.db, version.id)) ?? version;
  } finally {
    await fsp.rm(temporary, { force: true });
  }
}

/** Two publishes of one dataset at once (two nodes) may pick the same number: the second takes the next. */
async function insertNumberedVersion(db: CatalogDb, versionId: string, version: NewVersion): Promise<Version> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await insertVersion(db, versionId, await nextVersionNumber(db, version.datasetUid), version);
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}

/** Keeps the newest `kept` versions and the live one; removes the others, row then file. */
export async function removeOldVersions(
  ctx: DataPlaneContext,
  datasetUid: string,
  liveVersionId: string,
  kept: number,
  between: () => Promise<void> = async () => undefined,
): Promise<number> {
  const versions = await listVersions(ctx.db, datasetUid);
  // Compactions are not counted: one that is no longer live has been superseded and goes.
  const counted = versions.filter((v) => v.source.kind !== 'compaction');
  const old = versions.filter((v) => v.id !== liveVersionId && (v.source.kind === 'compaction' || counted.indexOf(v) >= kept));
  for (const version of old) {
    await deleteVersionRow(ctx.db, version.id);
    await between();
    await ctx.blobs.remove(version.file);
  }
  return old.length;
}

/** Removes files no version points at, older than minAgeMs (younger ones may belong to a write in progress). */
export async function sweepOrphanFiles(ctx: DataPlaneContext, minAgeMs: number): Promise<string[]> {
  return ctx.blobs.sweepOrphans(await referencedFiles(ctx.db), minAgeMs);
}

async function fileFacts(engine: DataEngine, file: string): Promise<{ rowCount: number; byteSize: number; checksum: string }> {
  const [counted] = await engine.query('select count(*) as n from read_parquet($1)', [file]);
  const { size } = await fsp.stat(file);
  return { rowCount: Number(counted?.n ?? 0), byteSize: size, checksum: await sha256File(file) };
}

/** The sha256 of a file, read as a stream, in hexadecimal. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
