// The JSON shapes of the OpenDataSoft Explore API v2.1 (spec §6), from our domain objects.
import type { AttachmentRow, Dataset, Field } from '../../catalog/index.js';
import { isoWithOffset } from '../../data/index.js';

/** ODS §6.2: `public` shows as "domain", the others as "restricted". */
export function odsVisibility(dataset: Dataset): 'domain' | 'restricted' {
  return dataset.visibility === 'public' ? 'domain' : 'restricted';
}

/** ODS §6.2 [INF]: geo when a geo field exists, timeserie when a date does, analyze when a number does. */
export function features(fields: Field[]): string[] {
  const found: string[] = [];
  if (fields.some((f) => f.type === 'int' || f.type === 'double')) found.push('analyze');
  if (fields.some((f) => f.type === 'geo_point_2d' || f.type === 'geo_shape')) found.push('geo');
  if (fields.some((f) => f.type === 'date' || f.type === 'datetime')) found.push('timeserie');
  return found;
}

function isoDate(text: string | null): string | null {
  return text ? isoWithOffset(new Date(text)) : null;
}

/** ODS §2.10: an attachment as the dataset object lists it. */
export function attachmentObject(row: AttachmentRow): Record<string, unknown> {
  return { id: row.id, title: row.title, mimetype: row.mimetype, url: `odsfile://${row.file_name}` };
}

export function datasetObject(dataset: Dataset, attachments: AttachmentRow[] = []): Record<string, unknown> {
  const fields = dataset.live?.fields ?? [];
  const m = dataset.metas;
  return {
    visibility: odsVisibility(dataset),
    dataset_id: dataset.datasetId,
    dataset_uid: dataset.uid,
    has_records: (dataset.live?.rowCount ?? 0) > 0,
    data_visible: true,
    features: features(fields),
    attachments: attachments.filter((a) => a.dataset_uid === dataset.uid).map(attachmentObject),
    alternative_exports: [],
    fields: fields.map((f) => ({ name: f.name, label: f.label, type: f.type, description: f.description, annotations: f.annotations })),
    metas: {
      // ODS §6.2: every key of the template is present, null when empty.
      default: {
        title: dataset.title,
        description: dataset.description || null,
        keyword: m.keywords.length ? m.keywords : null,
        theme: m.themes.length ? m.themes : null,
        publisher: dataset.owner.name,
        license: m.license,
        license_url: m.licenseUrl,
        language: m.language,
        metadata_languages: [m.language],
        modified: isoDate(dataset.modifiedAt),
        modified_updates_on_data_change: true,
        modified_updates_on_metadata_change: true,
        data_processed: isoDate(dataset.dataUpdatedAt),
        metadata_processed: isoDate(dataset.modifiedAt),
        records_count: dataset.live?.rowCount ?? 0,
        references: null,
        territory: m.spatialCoverage ? [m.spatialCoverage] : null,
        geographic_reference: null,
        geographic_reference_auto: null,
        timezone: 'Europe/Paris',
        attributions: null,
        update_frequency: m.frequency,
        source_domain: null,
        source_domain_title: null,
        source_domain_address: null,
        source_dataset: null,
        shared_catalog: null,
        parent_domain: null,
        federated: false,
      },
      // ODS §6.2: the dcat template, when configured, has `conforms_to`. Shown for a dataset that
      // declares a Table Schema: `name@version` when its live version conforms, else null.
      ...(m.schema ? { dcat: { conforms_to: dataset.live?.conformsTo ?? null } } : {}),
    },
  };
}
