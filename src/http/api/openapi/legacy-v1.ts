// The legacy v1 API in the OpenAPI document (src/http/api/legacy-v1.ts, ODS spec §2.12): what
// ods-widgets and old reuses call — records search, download, analyze; the catalog search, one
// dataset, one record. Its errors have v1's shape (`errorcode`, `error`).
import { ERRORS } from '../../../errors.js';
import { ANYONE, json, pathParam, queryParam, ref, TOO_MANY_REQUESTS } from './components.js';
import type { Operation, Parameter, Paths, Response, Schema } from './types.js';

const SEARCH = '/api/records/1.0/search';
const DOWNLOAD = '/api/records/1.0/download';
const ANALYZE = '/api/records/1.0/analyze';
const DATASETS = '/api/datasets/1.0/search';
const DATASET = '/api/datasets/1.0/{dataset_id}';
const RECORD = '/api/datasets/1.0/{dataset_id}/records/{record_id}';
const TAG = 'Search API v1 (legacy)';

export const V1_SCHEMAS: Record<string, Schema> = {
  V1Record: {
    type: 'object',
    required: ['datasetid', 'recordid', 'fields', 'record_timestamp'],
    properties: {
      datasetid: { type: 'string' },
      recordid: { type: 'string', description: 'A SHA-1 of the record: stable from page to page.' },
      fields: { type: 'object', description: 'Empty values left out, a point as `[lat, lon]`, a shape as its GeoJSON geometry, a multivalued text as its joined string, datetimes in `timezone`.' },
      geometry: { type: 'object', description: 'GeoJSON, `[lon, lat]`; only when the dataset has a geo field.' },
      record_timestamp: { type: ['string', 'null'] },
    },
  },
  V1FacetValue: {
    type: 'object',
    required: ['name', 'state', 'path'],
    properties: {
      name: { type: 'string' },
      count: { type: 'integer', minimum: 0 },
      state: { type: 'string', enum: ['displayed', 'refined', 'excluded'] },
      path: { type: 'string', description: 'The value to pass to `refine.<facet>`.' },
      facets: { type: 'array', items: ref('V1FacetValue') },
    },
  },
  V1FacetGroup: {
    type: 'object',
    required: ['name', 'facets'],
    properties: { name: { type: 'string' }, facets: { type: 'array', items: ref('V1FacetValue') } },
  },
  V1SearchResult: {
    type: 'object',
    required: ['nhits', 'parameters', 'records'],
    properties: {
      nhits: { type: 'integer', minimum: 0 },
      parameters: { type: 'object', description: 'The request echoed with its defaults (`dataset`, `timezone`, `rows`, `format`).' },
      records: { type: 'array', items: ref('V1Record') },
      facet_groups: { type: 'array', items: ref('V1FacetGroup') },
    },
  },
  V1Field: {
    type: 'object',
    required: ['name', 'label', 'type'],
    properties: {
      name: { type: 'string' },
      label: { type: 'string' },
      type: { type: 'string' },
      description: { type: 'string' },
      annotations: {
        type: 'array',
        description: 'v1’s form: `[{"name": "facet"}, {"name": "multivalued", "args": [";"]}]`; absent when none.',
        items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, args: { type: 'array' } } },
      },
    },
  },
  V1Dataset: {
    type: 'object',
    required: ['datasetid', 'metas', 'has_records', 'features', 'attachments', 'fields'],
    properties: {
      datasetid: { type: 'string' },
      metas: { type: 'object', description: 'The default template’s metadata that have a value (`title`, `description`, `theme`, `keyword`, `publisher`, `modified`, `records_count`…), and `visibility` (`domain` or `restricted`).' },
      has_records: { type: 'boolean' },
      features: { type: 'array', items: { type: 'string' } },
      attachments: { type: 'array', items: { type: 'object' } },
      alternative_exports: { type: 'array' },
      fields: { type: 'array', items: ref('V1Field') },
    },
  },
  V1DatasetSearchResult: {
    type: 'object',
    required: ['nhits', 'parameters', 'datasets'],
    properties: {
      nhits: { type: 'integer', minimum: 0 },
      parameters: { type: 'object', description: 'The request echoed with its defaults (`rows`, `format`).' },
      datasets: { type: 'array', items: ref('V1Dataset') },
      facet_groups: { type: 'array', items: ref('V1FacetGroup') },
    },
  },
  V1AnalyzePoint: {
    type: 'object',
    required: ['x'],
    description: '`x`: the value of the x field, or for a date the parts kept (`{"year": 2024, "month": 3}`, `{"weekday": 0}`); then one key per serie.',
    properties: { x: {} },
    additionalProperties: { type: ['number', 'null'] },
  },
  V1ErrorBody: {
    type: 'object',
    description: 'v1’s error body (spec §4), with the same extras as v2.1’s. / Le corps d’erreur de v1.',
    required: ['errorcode', 'error', 'error_fr', 'code'],
    properties: {
      errorcode: { type: 'integer', description: 'The HTTP status.' },
      error: { type: 'string', description: 'English message.' },
      error_fr: { type: 'string', description: 'Message en français.' },
      code: { type: 'string', enum: Object.keys(ERRORS) },
      location: ref('ErrorLocation'),
    },
  },
};

const DATASET_PARAMETER: Parameter = { ...queryParam('dataset', 'The dataset’s id.', { type: 'string', examples: ['communes-pays-de-la-loire'] }), required: true };
const Q = queryParam('q', 'The v1 query language: words, `"exact phrase"`, `AND`/`OR`/`NOT`, `field:value`, `field>=2002`, `#null(f)`… Each `q.<anything>` parameter is ANDed with it.', { type: 'string' });
const FACET = queryParam('facet', 'A facet to count (faceting is off unless asked). Then `refine.<facet>=value`, `exclude.<facet>=value` and `disjunctive.<facet>=true` apply.', { type: 'string' }, true);
const TIMEZONE = queryParam('timezone', 'The zone of the datetimes shown.', { type: 'string', default: 'UTC', examples: ['Europe/Paris'] });
const PAGING = [
  queryParam('rows', 'Number of records (`start + rows` ≤ 10,000); 0 gives only `nhits` and facets.', { type: 'integer', minimum: 0, maximum: 10_000, default: 10 }),
  queryParam('start', 'Index of the first record.', { type: 'integer', minimum: 0, maximum: 10_000, default: 0 }),
];
/** What chooses the records, on search, download and analyze. */
const FILTERS: Parameter[] = [
  queryParam('geofilter.distance', '`lat,lon,metres`: records within that distance.', { type: 'string' }),
  queryParam('geofilter.polygon', '`(lat1,lon1),(lat2,lon2),…`: records inside.', { type: 'string' }),
  queryParam('geofilter.bbox', '`south_lat,west_lon,north_lat,east_lon` (sent by ods-widgets).', { type: 'string' }),
];
const SORT = queryParam('sort', 'Field(s) to sort by, descending; `-field` ascending.', { type: 'string' });
const FIELDS = queryParam('fields', 'Only these fields, comma-separated.', { type: 'string' });

const PARAMETERS: Parameter[] = [
  DATASET_PARAMETER,
  Q,
  ...PAGING,
  FACET,
  SORT,
  FIELDS,
  queryParam('format', 'The answer’s format.', { type: 'string', enum: ['json', 'geojson'], default: 'json' }),
  TIMEZONE,
  ...FILTERS,
];

const DOWNLOAD_PARAMETERS: Parameter[] = [
  DATASET_PARAMETER,
  Q,
  SORT,
  FIELDS,
  queryParam('format', '`csv`: the v2.1 CSV export of the same records (byte order mark included); `json`: v1 records; `geojson`: their features.', { type: 'string', enum: ['csv', 'json', 'geojson'], default: 'csv' }),
  queryParam('csv_separator', 'The CSV’s separator.', { type: 'string', enum: [';', ',', '|', '\t'], default: ';' }),
  TIMEZONE,
  ...FILTERS,
];

const ANALYZE_PARAMETERS: Parameter[] = [
  DATASET_PARAMETER,
  { ...queryParam('x', 'The field the points are grouped by (text, number, boolean or date).', { type: 'string', examples: ['departement'] }), required: true },
  queryParam('y.{serie}.func', 'One parameter per serie (`y.total.func`): `COUNT` (the default), `AVG`, `SUM`, `MIN`, `MAX`, `STDDEV` (the population’s), `SUMSQUARES`.', { type: 'string', enum: ['COUNT', 'AVG', 'SUM', 'MIN', 'MAX', 'STDDEV', 'SUMSQUARES'] }),
  queryParam('y.{serie}.expr', 'The number field the serie’s function reads (not for `COUNT`).', { type: 'string' }),
  queryParam('y.{serie}.cumulative', '`true`: each point adds those before it.', { type: 'boolean', default: false }),
  queryParam('precision', 'A date x cut at `year`, `month`, `day` (the default), `hour` or `minute`.', { type: 'string', enum: ['year', 'month', 'day', 'hour', 'minute'], default: 'day' }),
  queryParam('periodic', 'A date x taken at one period: `year`, `month`, `weekday` (Monday 0), `day`, `hour`, `minute`.', { type: 'string', enum: ['year', 'month', 'weekday', 'day', 'hour', 'minute'] }),
  queryParam('sort', '`x` or a serie, descending; `-x`, `-serie` ascending. By x ascending when absent.', { type: 'string' }),
  queryParam('maxpoints', 'Points at most; more groups than that set the `ods-analyze-truncated: true` header.', { type: 'integer', minimum: 1, maximum: 20_000, default: 20_000 }),
  Q,
  TIMEZONE,
  ...FILTERS,
];

const DATASETS_PARAMETERS: Parameter[] = [
  queryParam('q', 'The v1 query language over the datasets’ metadata: words (title, description, keywords, themes, publisher), `theme:Environnement`, `modified>=2024`…', { type: 'string' }),
  ...PAGING,
  queryParam('facet', 'A catalog facet to count (`theme`, `keyword`, `publisher`, `license`, `language`, `modified`, `features`, `territory`); then `refine.<facet>=value` and `exclude.<facet>=value` apply.', { type: 'string' }, true),
  queryParam('sort', 'Metadata to sort by (`modified`, `title`…), descending; `-title` ascending. Newest first when absent.', { type: 'string' }),
  queryParam('format', 'The answer’s format.', { type: 'string', enum: ['json'], default: 'json' }),
];

const v1Error = (description: string): Response => json(description, ref('V1ErrorBody'));

/** What every v1 operation may answer besides its 200. */
const ERRORS_V1: Record<string, Response | ReturnType<typeof ref>> = {
  '400': v1Error('A parameter or the `q` query is not right.'),
  '401': v1Error('The API key is unknown or revoked.'),
  '404': v1Error('No such dataset (or record) on this portal, or not visible to the caller.'),
  '429': TOO_MANY_REQUESTS,
  '500': v1Error('Something unexpected: it is logged with the request id the message gives.'),
  '503': v1Error('The catalog store or the data plane does not answer.'),
};

/** v1 doc "HTTP Methods": the same parameters in a POST body, for URLs too long for GET. */
function withBody(operation: Operation): Operation {
  const body: Schema = { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } };
  return {
    ...operation,
    operationId: `${operation.operationId}Post`,
    summary: `${operation.summary}, parameters in the body`,
    requestBody: { description: 'The parameters (added to those of the query string).', content: { 'application/x-www-form-urlencoded': { schema: body }, 'application/json': { schema: body } } },
  };
}

function v1Operation(operationId: string, summary: string, description: string, parameters: Parameter[], ok: Response): Operation {
  return { tags: [TAG], security: ANYONE, operationId, summary, description, parameters, responses: { '200': ok, ...ERRORS_V1 } };
}

const search = v1Operation(
  'searchV1',
  'Search a dataset’s records (v1)',
  'OpenDataSoft’s v1 Search API, for ods-widgets and old reuses: the same records, facets and visibility as v2.1, in v1’s shapes. / L’API v1 de recherche, pour les ods-widgets et les anciennes réutilisations.',
  PARAMETERS,
  {
    description: 'The records (and facets), or a GeoJSON FeatureCollection with `format=geojson`.',
    content: { 'application/json': { schema: ref('V1SearchResult') }, 'application/geo+json': { schema: ref('FeatureCollection') } },
  },
);

const download = v1Operation(
  'downloadV1',
  'Download every record a v1 search chooses',
  'Like search, without paging, streamed as a file (`Content-Disposition: attachment`). The CSV is the v2.1 export’s, byte for byte. / Comme la recherche, sans pagination, en fichier.',
  DOWNLOAD_PARAMETERS,
  {
    description: 'The file.',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': { schema: { type: 'array', items: ref('V1Record') } },
      'application/geo+json': { schema: { type: 'object', required: ['type', 'features'], properties: { type: { const: 'FeatureCollection' }, features: { type: 'array', items: { type: 'object' } } } } },
    },
  },
);

const analyze = v1Operation(
  'analyzeV1',
  'Aggregate a dataset’s records by x (v1)',
  'The records a v1 search chooses, grouped by `x`, one aggregate per serie, as a bare array; compiled to a grouped Explore query. / Les enregistrements groupés par `x`, un agrégat par série.',
  ANALYZE_PARAMETERS,
  json('The points, by x ascending unless `sort` says otherwise.', { type: 'array', items: ref('V1AnalyzePoint') }, [{ x: '44', total: 612340, n: 24 }]),
);

const datasets = v1Operation(
  'searchDatasetsV1',
  'Search the catalog (v1)',
  'The datasets the caller may see on this portal, in v1’s shape (ods-widgets read `datasets`). / Les jeux de données visibles sur ce portail, dans la forme v1.',
  DATASETS_PARAMETERS,
  json('The datasets (and facets).', ref('V1DatasetSearchResult')),
);

const datasetId = pathParam('dataset_id', 'The dataset’s id.', { type: 'string', examples: ['communes-pays-de-la-loire'] });
const dataset = v1Operation('getDatasetV1', 'One dataset (v1)', 'The dataset in v1’s shape; a 404 like a missing one when the caller may not see it. / Un jeu de données dans la forme v1.', [datasetId], json('The dataset.', ref('V1Dataset')));
const record = v1Operation(
  'getRecordV1',
  'One record (v1)',
  'A record by its `recordid` (the id of the v2.1 record route), in v1’s shape. / Un enregistrement par son `recordid`.',
  [datasetId, pathParam('record_id', 'The record’s id: 40 hexadecimal digits.', { type: 'string', pattern: '^[0-9a-f]{40}$' }), TIMEZONE],
  json('The record.', ref('V1Record')),
);

export const V1_PATHS: Paths = {
  [SEARCH]: { get: search, post: withBody(search) },
  [DOWNLOAD]: { get: download, post: withBody(download) },
  [ANALYZE]: { get: analyze, post: withBody(analyze) },
  [DATASETS]: { get: datasets, post: withBody(datasets) },
  [DATASET]: { get: dataset, post: withBody(dataset) },
  [RECORD]: { get: record, post: withBody(record) },
};
