// The legacy v1 Search API in the OpenAPI document (src/http/api/legacy-v1.ts, ODS spec §2.12):
// what ods-widgets and old reuses call. Its errors have v1's shape (`errorcode`, `error`).
import { ERRORS } from '../../../errors.js';
import { ANYONE, json, queryParam, ref, TOO_MANY_REQUESTS } from './components.js';
import type { Operation, Parameter, Paths, Response, Schema } from './types.js';

const SEARCH = '/api/records/1.0/search';
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
  V1SearchResult: {
    type: 'object',
    required: ['nhits', 'parameters', 'records'],
    properties: {
      nhits: { type: 'integer', minimum: 0 },
      parameters: { type: 'object', description: 'The request echoed with its defaults (`dataset`, `timezone`, `rows`, `format`).' },
      records: { type: 'array', items: ref('V1Record') },
      facet_groups: { type: 'array', items: { type: 'object', required: ['name', 'facets'], properties: { name: { type: 'string' }, facets: { type: 'array', items: ref('V1FacetValue') } } } },
    },
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

const PARAMETERS: Parameter[] = [
  { ...queryParam('dataset', 'The dataset’s id.', { type: 'string', examples: ['communes-pays-de-la-loire'] }), required: true },
  queryParam('q', 'The v1 query language: words, `"exact phrase"`, `AND`/`OR`/`NOT`, `field:value`, `field>=2002`, `#null(f)`… Each `q.<anything>` parameter is ANDed with it.', { type: 'string' }),
  queryParam('rows', 'Number of records (`start + rows` ≤ 10,000); 0 gives only `nhits` and facets.', { type: 'integer', minimum: 0, maximum: 10_000, default: 10 }),
  queryParam('start', 'Index of the first record.', { type: 'integer', minimum: 0, maximum: 10_000, default: 0 }),
  queryParam('facet', 'A facet to count (faceting is off unless asked). Then `refine.<facet>=value`, `exclude.<facet>=value` and `disjunctive.<facet>=true` apply.', { type: 'string' }, true),
  queryParam('sort', 'Field(s) to sort by, descending; `-field` ascending.', { type: 'string' }),
  queryParam('fields', 'Only these fields, comma-separated.', { type: 'string' }),
  queryParam('format', 'The answer’s format.', { type: 'string', enum: ['json', 'geojson'], default: 'json' }),
  queryParam('timezone', 'The zone of the datetimes shown.', { type: 'string', default: 'UTC', examples: ['Europe/Paris'] }),
  queryParam('geofilter.distance', '`lat,lon,metres`: records within that distance.', { type: 'string' }),
  queryParam('geofilter.polygon', '`(lat1,lon1),(lat2,lon2),…`: records inside.', { type: 'string' }),
  queryParam('geofilter.bbox', '`south_lat,west_lon,north_lat,east_lon` (sent by ods-widgets).', { type: 'string' }),
];

const v1Error = (description: string): Response => json(description, ref('V1ErrorBody'));

function search(method: 'get' | 'post'): Operation {
  const operation: Operation = {
    tags: [TAG],
    security: ANYONE,
    operationId: method === 'get' ? 'searchV1' : 'searchV1Post',
    summary: method === 'get' ? 'Search a dataset’s records (v1)' : 'Search a dataset’s records (v1), parameters in the body',
    description:
      'OpenDataSoft’s v1 Search API, for ods-widgets and old reuses: the same records, facets and visibility as v2.1, in v1’s shapes. / L’API v1 de recherche, pour les ods-widgets et les anciennes réutilisations.',
    parameters: PARAMETERS,
    responses: {
      '200': {
        description: 'The records (and facets), or a GeoJSON FeatureCollection with `format=geojson`.',
        content: { 'application/json': { schema: ref('V1SearchResult') }, 'application/geo+json': { schema: ref('FeatureCollection') } },
      },
      '400': v1Error('A parameter or the `q` query is not right.'),
      '401': v1Error('The API key is unknown or revoked.'),
      '404': v1Error('No such dataset on this portal, or not visible to the caller.'),
      '429': TOO_MANY_REQUESTS,
      '500': v1Error('Something unexpected: it is logged with the request id the message gives.'),
      '503': v1Error('The catalog store or the data plane does not answer.'),
    },
  };
  if (method === 'post') {
    // v1 doc "HTTP Methods": the same parameters, for URLs too long for GET.
    const body: Schema = { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } };
    operation.requestBody = { description: 'The parameters (added to those of the query string).', content: { 'application/x-www-form-urlencoded': { schema: body }, 'application/json': { schema: body } } };
  }
  return operation;
}

export const V1_PATHS: Paths = { [SEARCH]: { get: search('get'), post: search('post') } };
