// A catalog to query: the region's organisation (created with every test platform), Nantes
// Métropole under it with its portal, and datasets published from CSV text.
import { createOrganisation, createPortal, topOrganisation } from '../../src/catalog/index.js';
import { publishFile } from '../../src/ingest/index.js';
import type { Platform } from '../../src/platform.js';
import { writeTemporaryFile } from './platform.js';

/** Nantes Métropole (`nantes-metropole`) under the region, and its portal: `/portals/nantes/`, or the Host nantes.localhost. */
export async function createNantesPortal(platform: Platform): Promise<void> {
  const region = await topOrganisation(platform.db);
  const nantes = await createOrganisation(platform.db, { name: 'Nantes Métropole', kind: 'epci', slug: 'nantes-metropole', parentId: region?.id ?? null });
  await createPortal(platform.db, { slug: 'nantes', title: 'Nantes Métropole', hostnames: ['nantes.localhost'], scope: nantes });
}

/** Publishes CSV text as the dataset `datasetId`, with its title, metas, visibility… */
export function publishCsv(platform: Platform, datasetId: string, csv: string, more: Omit<Parameters<typeof publishFile>[1], 'file' | 'datasetId'>): ReturnType<typeof publishFile> {
  return publishFile(platform, { file: writeTemporaryFile(`${datasetId}.csv`, csv), datasetId, ...more }, platform.publishOptions);
}
