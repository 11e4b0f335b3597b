// The shapes of the management API's answers and bodies (src/http/api/management.ts, jobs.ts).
import { ACCESSIBILITY_STATUSES, FIELD_TYPES, ORGANISATION_KINDS, VISIBILITIES } from '../../../catalog/index.js';
import { DELIMITERS, TEXT_ENCODINGS } from '../../../ingest/index.js';
import { ref } from './components.js';
import type { Schema } from './types.js';

const text: Schema = { type: 'string' };
const textOrNull: Schema = { type: ['string', 'null'] };
const count: Schema = { type: 'integer', minimum: 0 };
const list = (items: Schema): Schema => ({ type: 'object', required: ['total_count', 'results'], properties: { total_count: count, results: { type: 'array', items } } });
const versionRef: Schema = {
  type: 'object',
  required: ['id', 'number', 'records_count'],
  properties: { id: text, number: { type: 'integer' }, records_count: count },
};

export const MANAGEMENT_SCHEMAS: Record<string, Schema> = {
  Organisation: {
    type: 'object',
    required: ['id', 'slug', 'name', 'kind'],
    properties: {
      id: text,
      slug: text,
      name: text,
      kind: { type: 'string', enum: ORGANISATION_KINDS },
      siren: textOrNull,
      cog: { type: ['string', 'null'], description: 'Code INSEE / COG of the territory.' },
      parent_id: textOrNull,
      population: { type: ['integer', 'null'] },
      created_at: text,
    },
  },
  OrganisationList: list(ref('Organisation')),

  ManagedDataset: {
    description: 'The Explore dataset object, with its owner and its visibility level. / L’objet jeu, avec son propriétaire et son niveau de visibilité.',
    allOf: [
      ref('Dataset'),
      { type: 'object', required: ['owner', 'visibility_level'], properties: { owner: { type: 'string', description: 'The owner organisation’s slug.' }, visibility_level: { type: 'string', enum: VISIBILITIES } } },
    ],
  },
  ManagedDatasetList: list(ref('ManagedDataset')),
  ManagedDatasetDetail: {
    allOf: [
      ref('ManagedDataset'),
      {
        type: 'object',
        required: ['steps', 'source', 'versions', 'jobs'],
        properties: {
          steps: { type: 'array', items: ref('Step') },
          record_key: { type: ['string', 'null'], description: 'The key field of realtime pushes.' },
          source: { type: 'object', description: '`{"kind": "upload"}`, or a URL source with its `url`, `schedule`, validators and reading options.' },
          versions: { type: 'array', items: ref('Version') },
          jobs: { type: 'array', items: ref('Job') },
        },
      },
    ],
  },
  DatasetChanges: {
    type: 'object',
    description: 'The metadata to change; the keys left out stay as they are.',
    properties: { title: text, description: { type: 'string', description: 'Markdown.' }, visibility: { type: 'string', enum: VISIBILITIES } },
    additionalProperties: false,
  },

  Version: {
    type: 'object',
    required: ['id', 'number', 'records_count', 'live'],
    properties: {
      id: text,
      number: { type: 'integer', minimum: 1 },
      records_count: count,
      byte_size: count,
      checksum: text,
      created_at: text,
      published_at: textOrNull,
      live: { type: 'boolean' },
      read: { type: ['object', 'null'], description: 'How the file was read, and where it came from.' },
      conforms_to: { type: ['string', 'null'], description: '`name@version` of the Table Schema the version conforms to (no error), else null.' },
      validation: {
        type: ['object', 'null'],
        description: 'The counts of the version’s validation report (the report itself: GET …/versions/{number}/validation); null when the dataset declared no schema.',
        properties: { valid: { type: 'boolean' }, errors: count, warnings: count },
      },
    },
  },
  VersionList: list({
    allOf: [
      ref('Version'),
      {
        type: 'object',
        required: ['changes'],
        properties: {
          changes: {
            type: 'object',
            description: 'What changed from the version before.',
            properties: { records_delta: { type: 'integer' }, fields_added: { type: 'array', items: text }, fields_removed: { type: 'array', items: text }, fields_retyped: { type: 'array', items: text } },
          },
        },
      },
    ],
  }),

  Job: {
    type: 'object',
    required: ['id', 'kind', 'status'],
    properties: {
      id: text,
      kind: { type: 'string', examples: ['ingest'] },
      status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
      phase: textOrNull,
      progress: { type: ['number', 'null'], minimum: 0, maximum: 1 },
      rows_read: { type: ['integer', 'null'] },
      bytes_read: { type: ['integer', 'null'] },
      attempts: { type: 'integer' },
      error: { description: 'The error body of a failed job.', anyOf: [ref('ErrorBody'), { type: 'object' }, { type: 'null' }] },
      created_at: text,
      finished_at: textOrNull,
    },
  },
  JobList: list(ref('Job')),

  ReadFacts: {
    type: 'object',
    description: 'How the file was read. / Comment le fichier a été lu.',
    properties: {
      format: { type: 'string', examples: ['csv', 'xlsx', 'json', 'geojson', 'shapefile'] },
      encoding: { type: ['string', 'null'], enum: [...TEXT_ENCODINGS, null] },
      delimiter: { type: ['string', 'null'], enum: [...DELIMITERS, null] },
      header_line: { type: 'integer' },
      sheet: textOrNull,
      json_path: textOrNull,
    },
  },
  FilePreview: {
    allOf: [
      ref('ReadFacts'),
      {
        type: 'object',
        required: ['file', 'records_count', 'fields'],
        properties: {
          file: text,
          records_count: count,
          fields: {
            type: 'array',
            items: { type: 'object', required: ['name', 'label', 'type', 'samples'], properties: { name: text, label: text, type: { type: 'string', enum: FIELD_TYPES }, samples: { type: 'array', items: {} } } },
          },
          points_outside_france: { type: 'object', additionalProperties: count, description: 'Per point field, the points outside France (often swapped coordinates).' },
        },
      },
    ],
  },
  PublishResult: {
    type: 'object',
    required: ['dataset_id', 'created', 'job_id', 'version', 'detected', 'fields'],
    properties: { dataset_id: text, created: { type: 'boolean' }, job_id: text, version: versionRef, detected: ref('ReadFacts'), fields: { type: 'array', items: ref('DatasetField') } },
  },
  SourceRequest: {
    type: 'object',
    required: ['url'],
    properties: {
      url: { type: 'string', format: 'uri', description: 'An http(s) URL.' },
      schedule: { type: ['string', 'null'], description: 'A cron expression in Paris time (`0 3 * * *`); null: only when asked.' },
      organisation: { type: 'string', description: 'The owner (slug, SIREN or code INSEE), for a new dataset.' },
      title: text,
      description: text,
      visibility: { type: 'string', enum: VISIBILITIES },
      encoding: { type: 'string', enum: TEXT_ENCODINGS },
      delimiter: text,
      header_line: { type: ['integer', 'string'] },
      sheet: text,
      json_path: text,
      projection: text,
      types: { type: 'array', items: { type: 'string', description: '`field:type`' } },
    },
  },
  SourceResult: {
    type: 'object',
    required: ['dataset_id', 'status'],
    properties: { dataset_id: text, status: { type: 'string', enum: ['published', 'unchanged'] }, created: { type: 'boolean' }, version: versionRef, detected: ref('ReadFacts'), source: { type: 'object' } },
  },
  RefreshResult: {
    type: 'object',
    required: ['dataset_id', 'status'],
    properties: { dataset_id: text, status: { type: 'string', enum: ['published', 'unchanged'] }, version: versionRef },
  },
  PushRequest: {
    description: 'Records to upsert by the key field, or `{"upsert": [...], "delete": [keys]}`.',
    oneOf: [
      { type: 'array', items: { type: 'object' } },
      { type: 'object', properties: { upsert: { type: 'array', items: { type: 'object' } }, delete: { type: 'array', items: { type: ['string', 'number'] } } } },
    ],
  },
  PushResult: {
    type: 'object',
    required: ['dataset_id', 'seq', 'upserts', 'deletes', 'created'],
    properties: { dataset_id: text, seq: { type: 'integer', description: 'The batch’s sequence number; 0 when it created the dataset.' }, upserts: count, deletes: count, created: { type: 'boolean' } },
  },
  CompactResult: {
    type: 'object',
    required: ['dataset_id', 'folded_up_to', 'version'],
    properties: { dataset_id: text, folded_up_to: { type: ['integer', 'null'] }, version: { anyOf: [ref('Version'), { type: 'null' }] } },
  },
  CreatedAttachment: {
    allOf: [ref('DatasetAttachment'), { type: 'object', required: ['byte_size'], properties: { byte_size: count } }],
  },
  Step: {
    type: 'object',
    description:
      'A processing step, replayed on every publish: `rename` (field, to), `drop` (field), `set_type` (field, type), `set_label` (field, label, description), `annotate` (field, annotations), `geo_point` (latitude, longitude, to), `split` (field, separator, into), `filter` (field, operator, value), `join` (dataset, on, dataset_field, fields).',
    required: ['op'],
    properties: {
      op: { type: 'string', enum: ['rename', 'drop', 'set_type', 'set_label', 'annotate', 'geo_point', 'split', 'filter', 'join'] },
      field: text,
      to: text,
      type: { type: 'string', enum: FIELD_TYPES },
      label: text,
      description: text,
      annotations: { type: 'object' },
      latitude: text,
      longitude: text,
      separator: text,
      into: { type: 'array', items: text },
      operator: { type: 'string', enum: ['=', '!=', '<', '<=', '>', '>=', 'contains', 'is_null', 'not_null'] },
      value: { type: ['string', 'number', 'boolean'] },
      dataset: text,
      on: text,
      dataset_field: text,
      fields: { type: 'array', items: text },
    },
  },
  DatasetAlias: {
    type: 'object',
    description: 'An old dataset id (of a migrated OpenDataSoft domain) that still answers on a portal. / Un ancien identifiant qui répond encore sur un portail.',
    required: ['alias', 'dataset_id'],
    properties: { alias: text, dataset_id: text, created_at: text },
  },
  DatasetAliasList: list(ref('DatasetAlias')),
  PortalChanges: {
    type: 'object',
    description: 'What a PATCH of a portal may change; the fields left out stay. / Ce qu’un PATCH peut changer.',
    properties: {
      title: text,
      home_text: { type: 'string', description: 'The home page’s text.' },
      primary_color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', examples: ['#000091'] },
      logo_url: { type: ['string', 'null'], description: 'An `https://` address or a path on the site (`/…`); null removes the logo.' },
      legal_notice: { type: 'string', description: 'Mentions légales, in Markdown (empty: the default text).' },
      privacy: { type: 'string', description: 'Données personnelles, in Markdown (empty: the default text).' },
      accessibility: { type: 'string', description: 'Déclaration d’accessibilité, in Markdown (empty: the default text).' },
      accessibility_status: { type: 'string', enum: [...ACCESSIBILITY_STATUSES], description: 'RGAA 4.1: non, partiellement or totalement conforme; shown in every page’s footer.' },
      featured: { type: 'array', items: text, description: 'Dataset ids the home page puts first, each of a dataset of this portal.' },
    },
  },
  Portal: {
    type: 'object',
    description: 'A portal: a white-label site. / Un portail.',
    required: ['slug', 'title', 'hostnames', 'is_default', 'scope', 'home_text', 'primary_color', 'logo_url', 'legal_notice', 'privacy', 'accessibility', 'accessibility_status', 'featured'],
    properties: {
      slug: text,
      title: text,
      hostnames: { type: 'array', items: text },
      is_default: { type: 'boolean' },
      scope: { type: ['string', 'null'], description: 'The organisation whose datasets (and those below it) the portal shows; null: every organisation’s.' },
      home_text: text,
      primary_color: text,
      logo_url: textOrNull,
      legal_notice: text,
      privacy: text,
      accessibility: text,
      accessibility_status: { type: 'string', enum: [...ACCESSIBILITY_STATUSES] },
      featured: { type: 'array', items: text },
    },
  },
  StepsResult: { type: 'object', required: ['dataset_id', 'steps'], properties: { dataset_id: text, steps: { type: 'array', items: ref('Step') } } },
};
