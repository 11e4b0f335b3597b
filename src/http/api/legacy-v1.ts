// The legacy v1 API (ODS spec §2.12), within the portal it is called on, for ods-widgets and old
// reuses: records search, download and analyze; the catalog search, one dataset, one record. Each
// takes GET and POST. Thin: the parameters (query string, and for POST a form or JSON body) go to
// src/query/legacy-v1*.ts; errors take v1's shape (`errorcode`, `error`, spec §4) instead of
// v2.1's, with the same extras (`error_fr`, `code`, `location`).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { datasetScope } from '../../auth/index.js';
import { getDataset } from '../../catalog/index.js';
import type { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import { analyzeV1, downloadV1, lastValue, recordV1, searchDatasetsV1, searchV1, v1DatasetOf, withPendingPushes, type V1Parameters } from '../../query/index.js';
import { toAppError } from '../errors.js';
import { answerHeaders, sendExport } from './explore-answer.js';
import { CORS_HEADERS } from './explore.js';
import { ALL, datasetObjects, visibleDatasets } from './visible-datasets.js';

const SEARCH = '/api/records/1.0/search';
const DOWNLOAD = '/api/records/1.0/download';
const ANALYZE = '/api/records/1.0/analyze';
const DATASETS = '/api/datasets/1.0/search';
const DATASET = '/api/datasets/1.0/:dataset_id';
const RECORD = '/api/datasets/1.0/:dataset_id/records/:record_id';

/** ods-widgets reads it on analyze: more groups than `maxpoints` (spec §2.12). */
const TRUNCATED_HEADER = 'ods-analyze-truncated';

type DatasetParams = { Params: { dataset_id: string } };
type RecordParams = { Params: { dataset_id: string; record_id: string } };

export async function legacyV1Routes(app: FastifyInstance, platform: Platform): Promise<void> {
  // v1 doc "Available APIs": CORS, errors included, as on the v2.1 routes.
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.headers({ ...CORS_HEADERS, 'access-control-expose-headers': `${CORS_HEADERS['access-control-expose-headers']}, ${TRUNCATED_HEADER}` });
    return payload;
  });
  // v1 doc "HTTP Methods": POST carries the same parameters, for URLs too long for GET.
  // Its own parser, in place of the forms' one that src/http/session.ts registers for every route.
  app.removeContentTypeParser('application/x-www-form-urlencoded');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, formParameters(String(body))));
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) request.log.error({ err: error }, appError.message);
    void reply.status(appError.status).type('application/json; charset=utf-8').send(v1ErrorBody(appError));
  });

  for (const path of [SEARCH, DOWNLOAD, ANALYZE, DATASETS, DATASET, RECORD]) {
    app.options(path, async (_request, reply) => {
      void reply.status(204);
    });
  }

  /** The v1 answer as JSON; v1 doc: pretty_print=true indents it. */
  const v1Json = (raw: V1Parameters, body: unknown): unknown => (lastValue(raw.pretty_print)?.toLowerCase() === 'true' ? JSON.stringify(body, null, 4) : body);

  /**
   * The dataset objects (§6.2) of every dataset this caller may see on this portal, newest first:
   * as the v2.1 catalog makes them (explore-catalog.ts), so that both catalogs agree.
   */
  const search = async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = merged(request.query, request.body);
    const answer = await searchV1(platform, datasetScope(request.caller, request.portal), raw);
    answerHeaders(request, reply);
    void reply.type(answer.format === 'geojson' ? 'application/geo+json; charset=utf-8' : 'application/json; charset=utf-8');
    return v1Json(raw, answer.body);
  };
  app.get(SEARCH, search);
  app.post(SEARCH, search);

  // Every record search would choose, streamed; a bad query is a v1 error before the first byte.
  const download = async (request: FastifyRequest, reply: FastifyReply) => {
    const { datasetId, file } = await downloadV1(platform, datasetScope(request.caller, request.portal), merged(request.query, request.body));
    return sendExport(request, reply, file, datasetId);
  };
  app.get(DOWNLOAD, download);
  app.post(DOWNLOAD, download);

  const analyze = async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = merged(request.query, request.body);
    const { points, truncated } = await analyzeV1(platform, datasetScope(request.caller, request.portal), raw);
    answerHeaders(request, reply);
    if (truncated) void reply.header(TRUNCATED_HEADER, 'true');
    void reply.type('application/json; charset=utf-8');
    return v1Json(raw, points);
  };
  app.get(ANALYZE, analyze);
  app.post(ANALYZE, analyze);

  const datasets = async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = merged(request.query, request.body);
    const body = await searchDatasetsV1(platform, (await visibleDatasets(platform, request, ALL)).objects, raw);
    answerHeaders(request, reply);
    void reply.type('application/json; charset=utf-8');
    return v1Json(raw, body);
  };
  app.get(DATASETS, datasets);
  app.post(DATASETS, datasets);

  // One dataset: a 404 like a missing one when the caller may not see it.
  const dataset = async (request: FastifyRequest<DatasetParams>, reply: FastifyReply) => {
    const raw = merged(request.query, request.body);
    const found = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const [object] = await datasetObjects(platform, await withPendingPushes(platform, [found]));
    answerHeaders(request, reply);
    void reply.type('application/json; charset=utf-8');
    return v1Json(raw, v1DatasetOf(object ?? {}));
  };
  app.get<DatasetParams>(DATASET, dataset);
  app.post<DatasetParams>(DATASET, dataset);

  const record = async (request: FastifyRequest<RecordParams>, reply: FastifyReply) => {
    const raw = merged(request.query, request.body);
    const found = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const answer = await recordV1(platform, found, request.params.record_id, raw);
    answerHeaders(request, reply);
    void reply.type('application/json; charset=utf-8');
    return v1Json(raw, answer);
  };
  app.get<RecordParams>(RECORD, record);
  app.post<RecordParams>(RECORD, record);
}

/**
 * v1's error body (§4: `errorcode`, `error`). ODS publishes no `errorcode` number but those of its
 * quotas (10002, 10005): ours is the HTTP status; `code` names the error exactly.
 */
function v1ErrorBody(error: AppError): Record<string, unknown> {
  const body: Record<string, unknown> = { errorcode: error.status, error: error.message, error_fr: error.messageFr, code: error.code };
  if (Object.keys(error.location).length > 0) body.location = error.location;
  return body;
}

/** A form body as the query string reads: `+` is a space, a repeated key a list. */
function formParameters(body: string): V1Parameters {
  const parameters: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = parameters[key];
    parameters[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return parameters;
}

/** The query string's parameters, then the body's (a body's value for a key comes after the query string's). */
function merged(query: unknown, body: unknown): V1Parameters {
  const parameters: V1Parameters = { ...(isObject(query) ? query : {}) };
  if (!isObject(body)) return parameters;
  for (const [key, value] of Object.entries(body)) {
    const existing = parameters[key];
    const values = (v: unknown) => (Array.isArray(v) ? v : [v]);
    parameters[key] = existing === undefined ? value : [...values(existing), ...values(value)];
  }
  return parameters;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
