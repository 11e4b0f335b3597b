// The legacy v1 Dataset API (ODS spec §2.12): the catalog search (`datasets/1.0/search`), one
// dataset (`datasets/1.0/{id}`) and one record (`datasets/1.0/{id}/records/{record_id}`), in v1's
// shapes. The catalog is the v2.1 catalog's (catalog-query.ts): the caller passes only the dataset
// objects it may see on the portal, and v1's `q`, `refine.*`, `exclude.*`, `sort` become the same
// Explore query as on records (legacy-v1.ts), over the catalog's fields.
import type { Dataset } from '../catalog/index.js';
import type { DataPlaneContext } from '../data/index.js';
import { AppError } from '../errors.js';
import { catalogFacets, queryCatalog } from './catalog-query.js';
import { CATALOG_FIELDS, type DatasetObject } from './catalog-source.js';
import { pagingEcho, v1Echo, v1FacetGroups, v1Invalid, v1Paging, v1Query, v1Record, v1Timestamp, v1Timezone, type V1Parameters, type V1Record } from './legacy-v1.js';
import { lastValue, listOf } from './query-string.js';
import { findRecord } from './record.js';

/** GET or POST /api/datasets/1.0/search: a page of the datasets (`objects`: those the caller may see, newest first). */
export async function searchDatasetsV1(ctx: DataPlaneContext, objects: readonly DatasetObject[], raw: V1Parameters, now: Date = new Date()): Promise<Record<string, unknown>> {
  const format = (lastValue(raw.format) ?? 'json').trim().toLowerCase();
  if (format !== 'json') throw v1Invalid('format', format, 'json', 'json');
  const paging = v1Paging(raw);
  // ods-widgets' most popular datasets sort by `explore.download_count`: usage counts are not
  // metadata here, so such a key leaves the catalog's order (newest first) rather than fail.
  const sort = lastValue(raw.sort)?.split(',').filter((key) => !/^-?explore\./.test(key.trim())).join(',');
  const query = v1Query({ ...raw, sort }, CATALOG_FIELDS, now);
  const requested = listOf(raw.facet).map((f) => f.trim()).filter((f) => f !== '');
  const page = await queryCatalog(ctx, objects, query, paging);
  const body: Record<string, unknown> = { nhits: page.totalCount, parameters: v1Echo(raw, { ...pagingEcho(raw, paging), format }), datasets: page.results.map(v1DatasetOf) };
  // As on records, faceting is off unless asked for (v1 doc "Dataset search API": `facet`).
  if (requested.length > 0) body.facet_groups = v1FacetGroups(await catalogFacets(ctx, objects, query), requested);
  return body;
}

/**
 * A dataset as v1 shows it, from its v2.1 object (§6.2): `datasetid`, `metas` flat (the default
 * template's keys that have a value, and `visibility`), `fields` with v1's annotations (a list of
 * `{name, args}`, which ods-widgets' dataset context reads), the rest as v2.1 has it.
 */
export function v1DatasetOf(object: DatasetObject): Record<string, unknown> {
  const defaults = (object.metas as { default?: Record<string, unknown> } | undefined)?.default ?? {};
  const metas: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaults)) if (value !== null && value !== undefined) metas[key] = value;
  metas.visibility = object.visibility;
  const fields = Array.isArray(object.fields) ? (object.fields as Record<string, unknown>[]) : [];
  return {
    datasetid: object.dataset_id,
    metas,
    has_records: object.has_records,
    features: object.features,
    attachments: object.attachments,
    alternative_exports: object.alternative_exports,
    fields: fields.map(v1FieldOf),
  };
}

/** A field as v1 lists it: name, label, type, a description when there is one, its annotations when it has any. */
function v1FieldOf(field: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = { name: field.name, label: field.label, type: field.type };
  if (typeof field.description === 'string' && field.description !== '') shown.description = field.description;
  const annotations = v1Annotations(field.annotations);
  if (annotations.length > 0) shown.annotations = annotations;
  return shown;
}

/** `{facet: true, multivalued: ";"}` → `[{name: "facet"}, {name: "multivalued", args: [";"]}]`; a false one is not there. */
export function v1Annotations(annotations: unknown): { name: string; args?: unknown[] }[] {
  if (typeof annotations !== 'object' || annotations === null) return [];
  return Object.entries(annotations as Record<string, unknown>).flatMap(([name, value]) => {
    if (value === false || value === null || value === undefined) return [];
    if (value === true) return [{ name }];
    return [{ name, args: Array.isArray(value) ? value : [value] }];
  });
}

/** GET /api/datasets/1.0/{dataset_id}/records/{record_id}: one record in v1's shape (`timezone` as on search). */
export async function recordV1(ctx: DataPlaneContext, dataset: Dataset, recordId: string, raw: V1Parameters): Promise<V1Record> {
  const timezone = v1Timezone(raw);
  const record = await findRecord(ctx, dataset, recordId);
  if (!record) throw new AppError('RECORD_NOT_FOUND', { dataset_id: dataset.datasetId, record_id: recordId });
  return v1Record(dataset, dataset.live?.fields ?? [], record, recordId, timezone, v1Timestamp(dataset, timezone));
}
