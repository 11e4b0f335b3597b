// Dataset aliases: on one portal, other ids of a dataset — those a migrated OpenDataSoft domain
// used — so that its old URLs keep answering there (docs/DESIGN.md, "Dataset ids"). They are
// resolved by findDataset (datasets.ts) for the routes of that portal only, with the same
// visibility as the dataset's own id; answers show the dataset's real id.
import { AppError } from '../errors.js';
import type { CatalogDb } from './database.js';
import { checkDatasetId, findDataset, portalHasDatasetId, type DatasetCondition, type DatasetScope } from './datasets.js';
import { nowIso } from './ids.js';
import type { Portal } from './portals.js';

export interface DatasetAlias {
  alias: string;
  datasetId: string;
  createdAt: string;
}

/** The portal's aliases of the datasets the caller may see (`visible`: src/auth's condition). */
export async function listDatasetAliases(db: CatalogDb, portal: Portal, visible: DatasetCondition): Promise<DatasetAlias[]> {
  const rows = await db
    .selectFrom('dataset_aliases')
    .innerJoin('datasets', 'datasets.id', 'dataset_aliases.dataset_uid')
    .select(['dataset_aliases.alias', 'datasets.dataset_id', 'dataset_aliases.created_at'])
    .where('dataset_aliases.portal_id', '=', portal.id)
    .where(visible)
    .orderBy('dataset_aliases.alias')
    .execute();
  return rows.map((r) => ({ alias: r.alias, datasetId: r.dataset_id, createdAt: r.created_at }));
}

/**
 * Makes `alias` name the dataset `datasetId` on the portal; an alias already there now names this
 * one (the same call twice changes nothing). `scope` is the caller's on that portal: the dataset
 * must be one the portal shows, and no dataset of the portal may have the alias as its id.
 */
export async function setDatasetAlias(db: CatalogDb, scope: DatasetScope & { portal: Portal }, alias: string, datasetId: string): Promise<DatasetAlias> {
  checkDatasetId(alias, 'alias');
  // Another portal's dataset may have this id: a commune's migrated `budget` beside another's.
  if (await portalHasDatasetId(db, scope.portal, alias)) throw new AppError('ALREADY_EXISTS', { what: 'dataset', what_fr: 'Le jeu de données', value: alias });
  const existing = await db.selectFrom('dataset_aliases').select('dataset_uid').where('portal_id', '=', scope.portal.id).where('alias', '=', alias).executeTakeFirst();
  const dataset = await findDataset(db, scope, datasetId);
  // Its real id only: an alias of an alias would depend on the order they were made in.
  if (!dataset || dataset.datasetId !== datasetId) throw new AppError('DATASET_NOT_FOUND', { dataset_id: datasetId });
  const createdAt = nowIso();
  if (existing) {
    await db.updateTable('dataset_aliases').set({ dataset_uid: dataset.uid, created_at: createdAt }).where('portal_id', '=', scope.portal.id).where('alias', '=', alias).execute();
  } else {
    await db.insertInto('dataset_aliases').values({ portal_id: scope.portal.id, alias, dataset_uid: dataset.uid, created_at: createdAt }).execute();
  }
  return { alias, datasetId: dataset.datasetId, createdAt };
}

export async function removeDatasetAlias(db: CatalogDb, portal: Portal, alias: string): Promise<void> {
  const removed = await db.deleteFrom('dataset_aliases').where('portal_id', '=', portal.id).where('alias', '=', alias).executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw new AppError('ALIAS_NOT_FOUND', { portal: portal.slug, alias });
}
