// The shapes of the Explore API v2.1 answers (ODS spec §6), as src/http/api/explore-shapes.ts and
// src/query/ build them. Clients tolerate extra keys (spec §1, stability promise): objects stay
// open, and `required` lists what a client may count on.
import { FIELD_TYPES } from '../../../catalog/index.js';
import { ref } from './components.js';
import type { Schema } from './types.js';

const text: Schema = { type: 'string' };
const textOrNull: Schema = { type: ['string', 'null'] };
const datetimeOrNull: Schema = { type: ['string', 'null'], format: 'date-time', description: 'ISO 8601 with `+00:00`.' };
const textListOrNull: Schema = { type: ['array', 'null'], items: text };

export const EXPLORE_SCHEMAS: Record<string, Schema> = {
  Link: { type: 'object', required: ['rel', 'href'], properties: { rel: text, href: { type: 'string', format: 'uri' } } },

  DatasetField: {
    type: 'object',
    required: ['name', 'label', 'type', 'annotations'],
    properties: {
      name: { type: 'string', description: 'The key of the field in records. / La clé du champ dans les enregistrements.' },
      label: { type: 'string', description: 'The header of the file. / L’en-tête du fichier.' },
      type: { type: 'string', enum: FIELD_TYPES },
      description: textOrNull,
      annotations: {
        type: 'object',
        description: 'Live OpenDataSoft form: `true` for flags (`facet`, `disjunctive`, `sortable`), a string otherwise (`multivalued`, `hierarchical`: the separator, `facetsort`).',
        additionalProperties: { type: ['boolean', 'string'] },
      },
    },
  },

  DatasetAttachment: {
    type: 'object',
    required: ['id', 'title', 'mimetype', 'url'],
    properties: { id: text, title: text, mimetype: text, url: { type: 'string', description: '`odsfile://NAME`; the file is read at `…/attachments/{id}`.' } },
  },

  DefaultMetas: {
    type: 'object',
    description: 'Every key of OpenDataSoft’s `default` template is present, `null` when empty (spec §6.2).',
    required: ['title', 'publisher', 'modified', 'records_count', 'timezone', 'federated'],
    properties: {
      title: text,
      description: { type: ['string', 'null'], description: 'Markdown.' },
      keyword: textListOrNull,
      theme: textListOrNull,
      publisher: textOrNull,
      license: textOrNull,
      license_url: textOrNull,
      language: textOrNull,
      metadata_languages: textListOrNull,
      modified: datetimeOrNull,
      modified_updates_on_data_change: { type: 'boolean' },
      modified_updates_on_metadata_change: { type: 'boolean' },
      data_processed: datetimeOrNull,
      metadata_processed: datetimeOrNull,
      records_count: { type: 'integer', minimum: 0, description: 'Pending realtime pushes included.' },
      references: textOrNull,
      territory: textListOrNull,
      geographic_reference: textListOrNull,
      geographic_reference_auto: { type: ['boolean', 'null'] },
      timezone: text,
      attributions: textOrNull,
      update_frequency: textOrNull,
      source_domain: textOrNull,
      source_domain_title: textOrNull,
      source_domain_address: textOrNull,
      source_dataset: textOrNull,
      shared_catalog: textOrNull,
      parent_domain: textOrNull,
      federated: { type: 'boolean' },
    },
  },

  Dataset: {
    type: 'object',
    description: 'A dataset as OpenDataSoft shows it (spec §6.2). / Un jeu de données, comme OpenDataSoft le montre.',
    required: ['visibility', 'dataset_id', 'dataset_uid', 'has_records', 'data_visible', 'features', 'attachments', 'alternative_exports', 'fields', 'metas'],
    properties: {
      visibility: { type: 'string', enum: ['domain', 'restricted'], description: '`domain` for a public dataset, `restricted` for a restricted or private one.' },
      dataset_id: { type: 'string', examples: ['communes-pays-de-la-loire'] },
      dataset_uid: { type: 'string', examples: ['da_lbr44o'] },
      has_records: { type: 'boolean' },
      data_visible: { type: 'boolean' },
      features: { type: 'array', items: { type: 'string', enum: ['analyze', 'geo', 'timeserie'] }, description: '`analyze` with a numeric field, `geo` with a geo field, `timeserie` with a date.' },
      attachments: { type: 'array', items: ref('DatasetAttachment') },
      alternative_exports: { type: 'array', items: { type: 'object' } },
      fields: { type: 'array', items: ref('DatasetField') },
      metas: { type: 'object', required: ['default'], properties: { default: ref('DefaultMetas') } },
    },
  },

  DatasetList: {
    type: 'object',
    required: ['total_count', 'results'],
    properties: { total_count: { type: 'integer', minimum: 0, description: 'Datasets the caller may see on this portal.' }, results: { type: 'array', items: ref('Dataset') } },
  },

  Record: {
    type: 'object',
    description:
      'A flat record, field name → value: text as a string (codes keep their leading zeros), numbers, booleans, `date` as `YYYY-MM-DD`, `datetime` in ISO 8601 with `+00:00`, `geo_point_2d` as `{"lon", "lat"}`, `geo_shape` as a GeoJSON Feature, a multivalued text as a list, an empty cell as `null`. With `select`, the keys asked for (an expression without alias keyed by its text).',
    additionalProperties: true,
  },

  RecordList: {
    type: 'object',
    required: ['total_count', 'results'],
    properties: {
      total_count: { type: 'integer', minimum: 0, description: 'The records the query chooses (with `group_by`: the groups), whatever `limit` and `offset`.' },
      results: { type: 'array', items: ref('Record') },
      _links: { type: 'array', items: ref('Link'), description: 'With `include_links=true`: `self`, `first`, `last`, `next`…, `dataset`; each record then has its own `_links`.' },
    },
  },

  FacetValue: {
    type: 'object',
    required: ['name', 'value', 'state'],
    properties: {
      name: { type: 'string', description: 'What to show (`03` for a month).' },
      value: { type: 'string', description: 'What to pass to `refine` or `exclude` (`2024/03`).' },
      count: { type: 'integer', minimum: 0, description: 'Absent on an excluded value.' },
      state: { type: 'string', enum: ['displayed', 'refined', 'excluded'] },
      facets: { type: 'array', items: ref('FacetValue'), description: 'A refined year’s months, a refined month’s days.' },
    },
  },

  Facets: {
    type: 'object',
    required: ['links', 'facets'],
    properties: {
      links: { type: 'array', items: ref('Link'), description: 'Always (as live portals send them, spec §2.4): `self`, and `dataset` for a dataset’s facets or `source` for the catalog’s.' },
      facets: {
        type: 'array',
        items: { type: 'object', required: ['name', 'facets'], properties: { name: text, facets: { type: 'array', items: ref('FacetValue') } } },
      },
    },
  },

  ExportList: {
    type: 'object',
    required: ['links'],
    properties: { links: { type: 'array', items: ref('Link'), description: 'One link per format, `rel` = the format.' } },
  },

  AttachmentList: {
    type: 'object',
    required: ['links', 'attachments'],
    properties: {
      links: { type: 'array', items: ref('Link') },
      attachments: {
        type: 'array',
        items: {
          type: 'object',
          required: ['href', 'metas'],
          properties: {
            href: { type: 'string', format: 'uri' },
            metas: { type: 'object', required: ['mime-type', 'title', 'url', 'id'], properties: { 'mime-type': text, title: text, url: text, id: text } },
          },
        },
      },
    },
  },

  FeatureCollection: {
    type: 'object',
    description: 'GeoJSON (RFC 7946): one Feature per record, its geometry from the geo field, the other fields in `properties`.',
    required: ['type', 'features'],
    properties: {
      type: { const: 'FeatureCollection' },
      features: {
        type: 'array',
        items: { type: 'object', required: ['type', 'geometry', 'properties'], properties: { type: { const: 'Feature' }, geometry: { type: ['object', 'null'] }, properties: { type: 'object' } } },
      },
    },
  },
};
