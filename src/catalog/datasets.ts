// Datasets: metadata, owner, visibility and the pointer to the live version. Every read takes a
// DatasetScope: the visibility condition that src/auth builds for the caller, and the portal whose
// scope applies. There is no way to list or fetch a dataset without one.
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { AppError } from '../errors.js';
import type { CatalogDb } from './database.js';
import { newDatasetUid, nowIso } from './ids.js';
import type { Portal } from './portals.js';
import { VISIBILITIES, type CatalogDatabase, type DatasetRow, type OrganisationRow, type Visibility } from './schema.js';
import type { Field } from './versions.js';

/** A condition on the datasets table; built only by src/auth/visibility.ts. */
export type DatasetCondition = (eb: ExpressionBuilder<CatalogDatabase, 'datasets'>) => Expression<SqlBool>;

export interface DatasetScope {
  visible: DatasetCondition;
  /** The portal the request came through; null for platform-wide tools (CLI, management API). */
  portal: Portal | null;
}

/** DCAT metadata beyond title and description (docs/DESIGN.md, data model). */
export interface DatasetMetas {
  keywords: string[];
  themes: string[];
  license: string;
  licenseUrl: string | null;
  frequency: string | null;
  temporalCoverage: string | null;
  spatialCoverage: string | null;
  contact: string | null;
  /** The Table Schema the data must follow: a registry name (`subventions`), null for none. */
  schema: string | null;
  /** What a version that does not conform does: `block` refuses it, `warn` publishes it with its report. */
  schemaPolicy: SchemaPolicy;
  language: string;
}

export type SchemaPolicy = 'warn' | 'block';

export interface Dataset {
  uid: string;
  datasetId: string;
  owner: Pick<OrganisationRow, 'id' | 'slug' | 'name' | 'kind'>;
  title: string;
  description: string;
  metas: DatasetMetas;
  visibility: Visibility;
  liveVersionId: string | null;
  /** The field that identifies a record, for pushes; null until set. */
  recordKey: string | null;
  /** Processing steps, as stored (checked by src/ingest/steps.ts). */
  steps: unknown[];
  /** Facts of the live version, read with the dataset so that a listing costs one query. */
  live: { rowCount: number; fields: Field[]; conformsTo: string | null } | null;
  source: Record<string, unknown>;
  createdAt: string;
  modifiedAt: string;
  dataUpdatedAt: string | null;
}

export const DEFAULT_METAS: DatasetMetas = {
  keywords: [],
  themes: [],
  license: 'Licence Ouverte v2.0',
  licenseUrl: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
  frequency: null,
  temporalCoverage: null,
  spatialCoverage: null,
  contact: null,
  schema: null,
  schemaPolicy: 'warn',
  language: 'fr',
};

const DATASET_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/** `field`: where the id was given (`dataset_id`, or `alias` for a dataset alias). */
export function checkDatasetId(datasetId: string, field = 'dataset_id'): void {
  if (!DATASET_ID_PATTERN.test(datasetId)) throw new AppError('INVALID_DATASET_ID', { dataset_id: datasetId }, { field });
}

export function checkVisibility(value: string): Visibility {
  if (!(VISIBILITIES as readonly string[]).includes(value)) {
    throw new AppError('INVALID_FIELD', { field: 'visibility', value, expected: VISIBILITIES.join(', ') }, { field: 'visibility' });
  }
  return value as Visibility;
}

/** Markdown a publisher writes (a description, a portal's pages) is bounded: a page must stay a page to read and to render. */
export const MAX_MARKDOWN_LENGTH = 100_000;

/** `field`: the name the API gives the text (`description`, `home_text`…), which the error names. */
export function checkMarkdownLength(field: string, text: string): void {
  if (text.length <= MAX_MARKDOWN_LENGTH) return;
  const value = `${text.length}`;
  throw new AppError('INVALID_FIELD', { field, value: `a text of ${value} characters`, value_fr: `un texte de ${value} caractères`, expected: `at most ${MAX_MARKDOWN_LENGTH} characters`, expected_fr: `au plus ${MAX_MARKDOWN_LENGTH} caractères` }, { field });
}

export interface NewDatasetInput {
  datasetId: string;
  owner: OrganisationRow;
  title: string;
  description?: string;
  metas?: Partial<DatasetMetas>;
  visibility?: Visibility;
  source?: Record<string, unknown>;
}

export async function createDataset(db: CatalogDb, input: NewDatasetInput): Promise<DatasetRow> {
  checkDatasetId(input.datasetId);
  checkMarkdownLength('description', input.description ?? '');
  if (await db.selectFrom('datasets').select('id').where('dataset_id', '=', input.datasetId).executeTakeFirst()) {
    throw new AppError('ALREADY_EXISTS', { what: 'dataset', what_fr: 'Le jeu de données', value: input.datasetId });
  }
  const now = nowIso();
  const row: DatasetRow = {
    id: newDatasetUid(),
    dataset_id: input.datasetId,
    owner_id: input.owner.id,
    title: input.title,
    description: input.description ?? '',
    metas: JSON.stringify({ ...DEFAULT_METAS, ...input.metas }),
    visibility: checkVisibility(input.visibility ?? 'public'),
    live_version_id: null,
    source: JSON.stringify(input.source ?? { kind: 'upload' }),
    created_at: now,
    modified_at: now,
    data_updated_at: null,
    record_key: null,
    steps: '[]',
  };
  await db.insertInto('datasets').values(row).execute();
  return row;
}

export interface DatasetChanges {
  title?: string;
  description?: string;
  visibility?: Visibility;
  metas?: Partial<DatasetMetas>;
}

/** Sets only what `changes` gives; metas are merged key by key into the current ones. */
export async function updateDataset(db: CatalogDb, dataset: Dataset, changes: DatasetChanges): Promise<void> {
  const set: Partial<DatasetRow> = {};
  if (changes.title !== undefined) set.title = changes.title;
  if (changes.description !== undefined) {
    checkMarkdownLength('description', changes.description);
    set.description = changes.description;
  }
  if (changes.visibility !== undefined) set.visibility = checkVisibility(changes.visibility);
  if (changes.metas !== undefined) set.metas = JSON.stringify({ ...dataset.metas, ...changes.metas });
  if (Object.keys(set).length === 0) return;
  await db.updateTable('datasets').set({ ...set, modified_at: nowIso() }).where('id', '=', dataset.uid).execute();
}

/** The datasets a portal shows, whoever asks; the platform's when `portal` is null. */
function inPortal(db: CatalogDb, portal: Portal | null) {
  let query = db.selectFrom('datasets');
  const portalScope = portal?.scope;
  if (portalScope) {
    query = query.where('datasets.owner_id', 'in', db.selectFrom('organisations').select('id').where('path', 'like', `${portalScope.path}%`));
  }
  return query;
}

function scoped(db: CatalogDb, scope: DatasetScope) {
  return inPortal(db, scope.portal).where(scope.visible);
}

export interface Page {
  limit: number;
  offset: number;
}

/** The datasets the scope lets the caller see, newest data first, and how many there are in all. */
export async function listDatasets(db: CatalogDb, scope: DatasetScope, page: Page): Promise<{ total: number; datasets: Dataset[] }> {
  const count = await scoped(db, scope).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await scoped(db, scope)
    .innerJoin('organisations as owner', 'owner.id', 'datasets.owner_id')
    .leftJoin('versions as live', 'live.id', 'datasets.live_version_id')
    .selectAll('datasets')
    .select(['owner.slug as owner_slug', 'owner.name as owner_name', 'owner.kind as owner_kind', 'live.row_count as live_row_count', 'live.fields as live_fields', 'live.conforms_to as live_conforms_to'])
    .orderBy('datasets.modified_at', 'desc')
    .orderBy('datasets.dataset_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: Number(count.n), datasets: rows.map(toDataset) };
}

/**
 * The dataset if the scope lets the caller see it; an unseen dataset is indistinguishable from a
 * missing one. On a portal, `datasetId` may be one of its aliases (aliases.ts): the dataset it
 * names answers, seen or not exactly as under its own id, unless a dataset of the portal has that
 * id (an alias never hides one, even from a caller who may not see it).
 */
export async function findDataset(db: CatalogDb, scope: DatasetScope, datasetId: string): Promise<Dataset | undefined> {
  const byId = await findScoped(db, scope, 'dataset_id', datasetId);
  if (byId || !scope.portal) return byId;
  const alias = await db.selectFrom('dataset_aliases').select('dataset_uid').where('portal_id', '=', scope.portal.id).where('alias', '=', datasetId).executeTakeFirst();
  if (!alias) return undefined;
  if (await portalHasDatasetId(db, scope.portal, datasetId)) return undefined;
  return findScoped(db, scope, 'id', alias.dataset_uid);
}

/** Whether a dataset that the portal shows (to anyone) has this id. */
export async function portalHasDatasetId(db: CatalogDb, portal: Portal, datasetId: string): Promise<boolean> {
  return (await inPortal(db, portal).select('datasets.id').where('datasets.dataset_id', '=', datasetId).executeTakeFirst()) !== undefined;
}

async function findScoped(db: CatalogDb, scope: DatasetScope, column: 'dataset_id' | 'id', value: string): Promise<Dataset | undefined> {
  const row = await scoped(db, scope)
    .innerJoin('organisations as owner', 'owner.id', 'datasets.owner_id')
    .leftJoin('versions as live', 'live.id', 'datasets.live_version_id')
    .selectAll('datasets')
    .select(['owner.slug as owner_slug', 'owner.name as owner_name', 'owner.kind as owner_kind', 'live.row_count as live_row_count', 'live.fields as live_fields', 'live.conforms_to as live_conforms_to'])
    .where(`datasets.${column}`, '=', value)
    .executeTakeFirst();
  return row ? toDataset(row) : undefined;
}

export async function getDataset(db: CatalogDb, scope: DatasetScope, datasetId: string): Promise<Dataset> {
  const dataset = await findDataset(db, scope, datasetId);
  if (!dataset) throw new AppError('DATASET_NOT_FOUND', { dataset_id: datasetId });
  return dataset;
}

export async function setDatasetSteps(db: CatalogDb, uid: string, steps: unknown[]): Promise<void> {
  await db.updateTable('datasets').set({ steps: JSON.stringify(steps), modified_at: nowIso() }).where('id', '=', uid).execute();
}

export async function setRecordKey(db: CatalogDb, uid: string, field: string): Promise<void> {
  await db.updateTable('datasets').set({ record_key: field }).where('id', '=', uid).execute();
}

/** Where the records come from (upload, url with its schedule and validators…). */
export async function setDatasetSource(db: CatalogDb, uid: string, source: Record<string, unknown>): Promise<void> {
  await db.updateTable('datasets').set({ source: JSON.stringify(source) }).where('id', '=', uid).execute();
}

/** Datasets read from a URL on a schedule, whatever their visibility: the scheduler's list. */
export async function listScheduledDatasets(db: CatalogDb): Promise<{ uid: string; datasetId: string; source: Record<string, unknown> }[]> {
  const rows = await db.selectFrom('datasets').select(['id', 'dataset_id', 'source']).where('source', 'like', '%"schedule":"%').execute();
  return rows.map((r) => ({ uid: r.id, datasetId: r.dataset_id, source: JSON.parse(r.source) as Record<string, unknown> }));
}

export async function deleteDatasetRow(db: CatalogDb, uid: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('versions').where('dataset_uid', '=', uid).execute();
    await trx.deleteFrom('datasets').where('id', '=', uid).execute();
  });
}

type DatasetWithOwner = DatasetRow & {
  owner_slug: string;
  owner_name: string;
  owner_kind: OrganisationRow['kind'];
  live_row_count: number | null;
  live_conforms_to: string | null;
  live_fields: string | null;
};

function toDataset(row: DatasetWithOwner): Dataset {
  return {
    uid: row.id,
    datasetId: row.dataset_id,
    owner: { id: row.owner_id, slug: row.owner_slug, name: row.owner_name, kind: row.owner_kind },
    title: row.title,
    description: row.description,
    metas: { ...DEFAULT_METAS, ...(JSON.parse(row.metas) as Partial<DatasetMetas>) },
    visibility: row.visibility,
    liveVersionId: row.live_version_id,
    recordKey: row.record_key,
    steps: JSON.parse(row.steps) as unknown[],
    live: row.live_fields === null ? null : { rowCount: Number(row.live_row_count), fields: JSON.parse(row.live_fields) as Field[], conformsTo: row.live_conforms_to },
    source: JSON.parse(row.source) as Record<string, unknown>,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    dataUpdatedAt: row.data_updated_at,
  };
}
