// Versions as a publisher sees them: what changed from one to the next, and going back to an
// earlier one kept on disk (one pointer switch, like a publish).
import { listVersions, removeDeltasUpTo, switchLiveVersion, type Field, type Version } from '../catalog/index.js';
import { AppError } from '../errors.js';
import type { DataPlaneContext } from './publish.js';

export interface VersionChange {
  records_delta: number;
  fields_added: string[];
  fields_removed: string[];
  /** Fields whose type changed, as `name: old → new`. */
  fields_retyped: string[];
}

export function diffVersions(previous: Pick<Version, 'rowCount' | 'fields'> | undefined, next: Pick<Version, 'rowCount' | 'fields'>): VersionChange {
  const before = new Map<string, Field>((previous?.fields ?? []).map((f) => [f.name, f]));
  const after = new Map<string, Field>(next.fields.map((f) => [f.name, f]));
  return {
    records_delta: next.rowCount - (previous?.rowCount ?? 0),
    fields_added: [...after.keys()].filter((name) => !before.has(name)),
    fields_removed: [...before.keys()].filter((name) => !after.has(name)),
    fields_retyped: [...after.values()].filter((f) => before.has(f.name) && before.get(f.name)?.type !== f.type).map((f) => `${f.name}: ${before.get(f.name)?.type} → ${f.type}`),
  };
}

/** Makes the version of that number live again; it must still be kept. */
export async function rollbackTo(ctx: DataPlaneContext, datasetUid: string, datasetId: string, number: number): Promise<Version> {
  const versions = await listVersions(ctx.db, datasetUid);
  const target = versions.find((v) => v.number === number);
  if (!target) {
    throw new AppError('VERSION_NOT_FOUND', { dataset_id: datasetId, number, kept: versions.map((v) => v.number).join(', ') || '—' });
  }
  await switchLiveVersion(ctx.db, datasetUid, target.id);
  // The records as they were at that version: pushes made since do not apply to it.
  for (const file of await removeDeltasUpTo(ctx.db, datasetUid, null)) await ctx.blobs.remove(file);
  return target;
}
