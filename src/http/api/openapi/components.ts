// What every part of the OpenAPI document shares: the error body and the error answers (with
// examples rendered by the same code that answers), the quota answer, the three ways to send an API
// key, and small helpers to refer to components.
import { AppError, ERRORS, type ErrorCode, type ErrorParams } from '../../../errors.js';
import { errorBody } from '../../errors.js';
import type { Parameter, Reference, Response, Schema, SecurityRequirement, SecurityScheme } from './types.js';

export const ref = (schema: string): Reference => ({ $ref: `#/components/schemas/${schema}` });
export const param = (parameter: string): Reference => ({ $ref: `#/components/parameters/${parameter}` });

/** A JSON answer. */
export function json(description: string, schema: Schema, example?: unknown): Response {
  return { description, content: { 'application/json': example === undefined ? { schema } : { schema, example } } };
}

/** A path parameter: always required (OpenAPI 3.1, Parameter Object). */
export function pathParam(name: string, description: string, schema: Schema = { type: 'string' }): Parameter {
  return { name, in: 'path', required: true, description, schema };
}

/** A query parameter; `repeatable` ones are lists (`?refine=a:1&refine=b:2`). */
export function queryParam(name: string, description: string, schema: Schema = { type: 'string' }, repeatable = false): Parameter {
  return { name, in: 'query', description, schema: repeatable ? { type: 'array', items: schema } : schema };
}

// ---- Security: an API key sent in one of three ways (ODS Explore v2.1 §1; src/http/context.ts).

export const SECURITY_SCHEMES: Record<string, SecurityScheme> = {
  apikeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      'The value is `Apikey <key>` (as OpenDataSoft; the word in any case). The header wins over the `apikey` parameter. / La valeur est `Apikey <clé>` ; l’en-tête l’emporte sur le paramètre.',
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'The same key as `Authorization: Bearer <key>`. / La même clé en `Authorization: Bearer <clé>`.',
  },
  apikeyQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'apikey',
    description: 'The key as the `apikey` query parameter (it then shows in logs: prefer the header). / La clé en paramètre `apikey`.',
  },
};

/** Anonymous callers see public datasets; a key shows more, and an unknown or revoked key is a 401. */
export const ANYONE: SecurityRequirement[] = [{}, { apikeyHeader: [] }, { bearer: [] }, { apikeyQuery: [] }];
/** The management API: an operator key, always. */
export const OPERATOR: SecurityRequirement[] = [{ apikeyHeader: [] }, { bearer: [] }, { apikeyQuery: [] }];

// ---- Errors: one body for every error (src/http/errors.ts), its codes from src/errors.ts.

const unique = <T>(values: T[]): T[] => [...new Set(values)];

export const ERROR_SCHEMAS: Record<string, Schema> = {
  ErrorBody: {
    type: 'object',
    description:
      'OpenDataSoft’s error body (`error_code`, `message`, English and verbatim where ODS clients match on it), plus `message_fr`, our `code` and where the input went wrong. / Le corps d’erreur d’OpenDataSoft, plus `message_fr`, `code` et `location`.',
    required: ['error_code', 'message', 'message_fr', 'code'],
    properties: {
      error_code: { type: 'string', description: 'OpenDataSoft’s error code, what ODS clients match on.', enum: unique(Object.values(ERRORS).map((e) => e.odsCode)).sort() },
      message: { type: 'string', description: 'English message.' },
      message_fr: { type: 'string', description: 'Message en français.' },
      code: { type: 'string', description: 'This platform’s code: the list is in docs/errors.md.', enum: Object.keys(ERRORS) },
      location: ref('ErrorLocation'),
    },
  },
  ErrorLocation: {
    type: 'object',
    description: 'Where the error is: a query parameter, a field of a body or a file, a line and column. / Où est l’erreur.',
    properties: {
      parameter: { type: 'string', description: 'The query or path parameter.' },
      field: { type: 'string', description: 'The field of a JSON body or of a file.' },
      line: { type: 'integer', description: 'The line of a file.' },
      record: { type: 'integer', description: 'The record of a file (1 is the first after the header).' },
      column: { type: ['integer', 'string'], description: 'The column of an ODSQL clause (from 1), or of a file.' },
    },
  },
};

/** Past the daily quota of the reading APIs (src/http/api/quota.ts): OpenDataSoft's v1-style body (spec §4). */
export const QUOTA_SCHEMAS: Record<string, Schema> = {
  QuotaErrorBody: {
    type: 'object',
    required: ['errorcode', 'reset_time', 'limit_time_unit', 'call_limit', 'error'],
    properties: {
      errorcode: { type: 'integer', enum: [10002, 10005], description: '10005 for an anonymous caller, 10002 with a key.' },
      reset_time: { type: 'string', format: 'date-time', description: 'When the count starts again: the next midnight UTC for the daily quota.' },
      limit_time_unit: { type: 'string', enum: ['day', 'minute'], description: '`day`: the daily quota; `minute`: the limit of calls a minute.' },
      call_limit: { type: 'integer' },
      error: { type: 'string' },
      error_fr: { type: 'string' },
    },
  },
};

const RATE_HEADERS = {
  'X-RateLimit-Limit': { description: 'Calls allowed a day.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Calls left today.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'When the count starts again: `2026-08-18 00:00:00+00:00`.', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds until then.', schema: { type: 'integer' } },
} as const;

/** The quota answer of the reading APIs (Explore v2.1, v1 search): calls a day per key, or per address without one. */
export const QUOTA_RESPONSE: Record<string, Response> = {
  TooManyRequests: {
    description: 'Past the daily quota of calls (per API key, or per address without one), until midnight UTC, or past the calls allowed a minute. / Quota quotidien ou limite par minute dépassés.',
    headers: RATE_HEADERS,
    content: {
      'application/json': {
        schema: ref('QuotaErrorBody'),
        example: { errorcode: 10005, reset_time: '2026-12-03T00:00:00Z', limit_time_unit: 'day', call_limit: 50000, error: 'You have exceeded the requests limit for anonymous users.' },
      },
    },
  },
};

export const TOO_MANY_REQUESTS: Reference = { $ref: '#/components/responses/TooManyRequests' };

function example(code: ErrorCode, params: ErrorParams = {}, location: AppError['location'] = {}): unknown {
  return errorBody(new AppError(code, params, location));
}

function errorAnswer(description: string, errorExample: unknown): Response {
  return json(description, ref('ErrorBody'), errorExample);
}

export const ERROR_RESPONSES: Record<string, Response> = {
  BadRequest: errorAnswer(
    'A parameter, an ODSQL clause, a body or a file is not right: the body says what and where. / Un paramètre, une clause ODSQL, un corps ou un fichier ne va pas.',
    example('INVALID_PARAMETER', { parameter: 'limit', value: '101', expected: '-1 <= limit <= 100' }, { parameter: 'limit' }),
  ),
  Unauthorized: errorAnswer('The API key is missing (management API), unknown or revoked. / Clé d’API absente, inconnue ou révoquée.', example('API_KEY_INVALID')),
  NotFound: errorAnswer(
    'No such dataset on this portal, or not visible to the caller (the same answer, so that a private dataset stays invisible). / Jeu inexistant sur ce portail, ou invisible pour l’appelant.',
    example('DATASET_NOT_FOUND', { dataset_id: 'nope' }),
  ),
  PayloadTooLarge: errorAnswer('The file or body is larger than the platform accepts. / Fichier ou corps trop gros.', example('PAYLOAD_TOO_LARGE', { limit: 2 * 1024 ** 3 })),
  UnsupportedMediaType: errorAnswer(
    'The body is not of a type this route reads. / Le corps n’est pas d’un type que cette route lit.',
    example('UNSUPPORTED_MEDIA_TYPE', { content_type: 'text/plain', content_type_fr: 'text/plain', expected: 'application/json' }),
  ),
  NotConforming: errorAnswer(
    'The dataset declares a Table Schema with the `block` policy and the file does not conform: nothing was published; the message gives the first error (docs/schemas.md). / Fichier non conforme au schéma du jeu : rien n’a été publié.',
    example('SCHEMA_NOT_CONFORMING', { file: 'subventions.csv', schema: 'subventions', errors: 3, row: 4, field: 'idBeneficiaire', first: 'The SIRET is not valid.', first_fr: 'Le SIRET n’est pas valide.' }, { record: 4, field: 'idBeneficiaire' }),
  ),
  InternalError: errorAnswer('Something unexpected: it is logged with the request id the message gives. / Imprévu : consigné avec l’identifiant de la requête.', example('INTERNAL', { request_id: 'req-1' })),
  ServiceUnavailable: errorAnswer(
    'The catalog store or the data plane does not answer; try again. / Le catalogue ou les données ne répondent pas.',
    example('STORE_UNAVAILABLE', { part: 'catalog store', part_fr: 'catalogue' }),
  ),
};

const STATUS_RESPONSE: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 404: 'NotFound', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'NotConforming', 500: 'InternalError', 503: 'ServiceUnavailable' };

/** The error answers of an operation, by status; any route may answer 500 (src/http/errors.ts). */
export function errors(...statuses: (keyof typeof STATUS_RESPONSE)[]): Record<string, Reference> {
  return Object.fromEntries([...statuses, 500].sort().map((status) => [String(status), { $ref: `#/components/responses/${STATUS_RESPONSE[status]}` }]));
}
