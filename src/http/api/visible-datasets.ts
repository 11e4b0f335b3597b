// The datasets a caller may see on the portal it called, as dataset objects (ODS §2.2): what the
// v2.1 catalog and the v1 dataset search both answer from. Visibility is the catalog's scope
// (auth/visibility.ts); record counts include the pushes not yet compacted.
import type { FastifyRequest } from 'fastify';
import { datasetScope } from '../../auth/index.js';
import { listAttachments, listDatasets, type Dataset, type Page } from '../../catalog/index.js';
import type { Platform } from '../../platform.js';
import { withPendingPushes, type DatasetObject } from '../../query/index.js';
import { datasetObject } from './explore-shapes.js';

/** Every visible dataset, for queries that read them all (ODSQL over the catalog, exports, v1 search). */
export const ALL: Page = { limit: 1_000_000_000, offset: 0 };

export async function visibleDatasets(platform: Platform, request: FastifyRequest, page: Page): Promise<{ total: number; objects: DatasetObject[]; datasets: Dataset[] }> {
  const { total, datasets: listed } = await listDatasets(platform.db, datasetScope(request.caller, request.portal), page);
  const datasets = await withPendingPushes(platform, listed);
  return { total, objects: await datasetObjects(platform, datasets), datasets };
}

/** Dataset objects of datasets already chosen (and already checked visible), with their attachments. */
export async function datasetObjects(platform: Platform, datasets: Dataset[]): Promise<DatasetObject[]> {
  const attachments = await listAttachments(platform.db, datasets.map((d) => d.uid));
  return datasets.map((d) => datasetObject(d, attachments));
}
