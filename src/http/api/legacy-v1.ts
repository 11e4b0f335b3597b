// The legacy v1 Search API (ODS spec §2.12): GET and POST /api/records/1.0/search, within the
// portal it is called on, for ods-widgets and old reuses. Thin: the parameters (query string, and
// for POST a form or JSON body) go to src/query/legacy-v1.ts; errors take v1's shape (`errorcode`,
// `error`, spec §4) instead of v2.1's, with the same extras (`error_fr`, `code`, `location`).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { datasetScope } from '../../auth/index.js';
import type { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import { lastValue, searchV1, type V1Parameters } from '../../query/index.js';
import { toAppError } from '../errors.js';
import { answerHeaders } from './explore-answer.js';
import { CORS_HEADERS } from './explore.js';

const SEARCH = '/api/records/1.0/search';

export async function legacyV1Routes(app: FastifyInstance, platform: Platform): Promise<void> {
  // v1 doc "Available APIs": CORS, errors included, as on the v2.1 routes.
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.headers(CORS_HEADERS);
    return payload;
  });
  // v1 doc "HTTP Methods": POST carries the same parameters, for URLs too long for GET.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, formParameters(String(body))));
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) request.log.error({ err: error }, appError.message);
    void reply.status(appError.status).type('application/json; charset=utf-8').send(v1ErrorBody(appError));
  });

  app.options(SEARCH, async (_request, reply) => {
    void reply.status(204);
  });

  const search = async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = merged(request.query, request.body);
    const answer = await searchV1(platform, datasetScope(request.caller, request.portal), raw);
    answerHeaders(request, reply);
    void reply.type(answer.format === 'geojson' ? 'application/geo+json; charset=utf-8' : 'application/json; charset=utf-8');
    // v1 doc: pretty_print=true indents the JSON.
    return lastValue(raw.pretty_print)?.toLowerCase() === 'true' ? JSON.stringify(answer.body, null, 4) : answer.body;
  };
  app.get(SEARCH, search);
  app.post(SEARCH, search);
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
