// Deleting data for good. A dataset deleted: its catalog rows, then the files they pointed to.
// Purging a version: personal data published by mistake must disappear everywhere, not only from
// what is live. The version's Parquet file and its read copy are deleted, its row too; exports are
// made from the live version and ETags name it, so nothing serves the purged records once the
// pointer has moved. If the purged version was live, the newest other kept version takes its
// place (one pointer switch, as a rollback); with none left the dataset has no records until the
// next publish.
import { clearLiveVersion, deleteDatasetRow, deleteVersionRow, getDatasetLiveVersionId, listAttachments, listDeltas, listVersions, removeDeltasUpTo, switchLiveVersion, type Version } from '../catalog/index.js';
import { AppError } from '../errors.js';
import type { DataPlaneContext } from './publish.js';

export interface PurgeResult {
  purged: Version;
  /** The version live after the purge, or null when none is left. */
  live: Version | null;
}

export async function purgeVersion(ctx: DataPlaneContext, datasetUid: string, datasetId: string, number: number): Promise<PurgeResult> {
  const versions = await listVersions(ctx.db, datasetUid);
  const purged = versions.find((v) => v.number === number);
  if (!purged) throw new AppError('VERSION_NOT_FOUND', { dataset_id: datasetId, number, kept: versions.map((v) => v.number).join(', ') || '—' });
  const liveId = await getDatasetLiveVersionId(ctx.db, datasetUid);
  let live = versions.find((v) => v.id === liveId) ?? null;
  if (liveId === purged.id) {
    live = versions.find((v) => v.id !== purged.id) ?? null;
    if (live) await switchLiveVersion(ctx.db, datasetUid, live.id);
    else await clearLiveVersion(ctx.db, datasetUid);
    // Pushes were merged on top of the purged records: they go with them.
    for (const file of await removeDeltasUpTo(ctx.db, datasetUid, null)) await ctx.blobs.remove(file);
  }
  await deleteVersionRow(ctx.db, purged.id);
  await ctx.blobs.remove(purged.file);
  return { purged, live };
}

/** Deletes the dataset: its rows first (nothing serves it any more), then its files and folder. */
export async function deleteDataset(ctx: DataPlaneContext, datasetUid: string): Promise<void> {
  const versions = await listVersions(ctx.db, datasetUid);
  const attachments = await listAttachments(ctx.db, [datasetUid]);
  const deltas = await listDeltas(ctx.db, datasetUid);
  await deleteDatasetRow(ctx.db, datasetUid);
  for (const file of [...versions, ...attachments, ...deltas].map((v) => v.file)) await ctx.blobs.remove(file);
  await ctx.blobs.removeDatasetFolder(datasetUid);
}
