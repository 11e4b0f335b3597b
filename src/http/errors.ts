// One error handler for every route: an AppError becomes its status and an OpenDataSoft-style
// body (`error_code`, `message` verbatim for ODS clients, plus `message_fr` and where it went
// wrong); a store that fails becomes 503; anything else is logged and answered without its stack.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, auditRefused } from '../auth/index.js';
import { isStoreUnavailable, type CatalogDb } from '../catalog/index.js';
import { AppError, isAppError } from '../errors.js';

export interface ErrorBody {
  error_code: string;
  message: string;
  message_fr: string;
  code: string;
  location?: AppError['location'];
}

export function errorBody(error: AppError): ErrorBody {
  const body: ErrorBody = { error_code: error.odsCode, message: error.message, message_fr: error.messageFr, code: error.code };
  if (Object.keys(error.location).length > 0) body.location = error.location;
  return body;
}

export function registerErrorHandling(app: FastifyInstance, db?: CatalogDb): void {
  // Every attempt refused for want of rights is audited (who, which route, from where), whichever
  // scope's error handler answers it: an onError hook runs before each of them.
  if (db) {
    app.addHook('onError', async (request, _reply, error) => {
      if (!isAppError(error) || error.code !== 'FORBIDDEN') return;
      const route = `${request.method} ${request.routeOptions.url ?? ''}`;
      // The path only: a query string may hold an API key.
      const path = request.url.split('?')[0] ?? '';
      const organisation = typeof error.params.organisation === 'string' ? error.params.organisation : null;
      try {
        await auditRefused(db, request.caller ?? ANONYMOUS, route, path, organisation, request.ip, { refused: error.params.action ?? null });
      } catch (auditError) {
        request.log.error({ err: auditError }, 'the refusal could not be written to the audit log');
      }
    });
  }
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) request.log.error({ err: error }, appError.message);
    // An ETag set before the error was found names the answer that was not given.
    reply.removeHeader('etag');
    void reply.status(appError.status).type('application/json; charset=utf-8').send(errorBody(appError));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] ?? request.url });
    void reply.status(404).type('application/json; charset=utf-8').send(errorBody(error));
  });
}

export function toAppError(error: FastifyError, request: FastifyRequest): AppError {
  if (isAppError(error)) return error;
  if (isStoreUnavailable(error)) return new AppError('STORE_UNAVAILABLE', { part: 'catalog store', part_fr: 'catalogue' });
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', { content_type: String(request.headers['content-type'] ?? '(none)'), content_type_fr: String(request.headers['content-type'] ?? '(aucun)'), expected: 'application/json' });
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('PAYLOAD_TOO_LARGE', { limit: String(request.routeOptions.bodyLimit ?? '') });
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
    return new AppError('MALFORMED_BODY', { detail: error.message });
  }
  if (error.validation) {
    const issue = error.validation[0];
    const field = issue?.instancePath.replace(/^\//, '') || String(issue?.params?.missingProperty ?? '');
    return new AppError('INVALID_FIELD', { field, value: 'the value sent', value_fr: 'la valeur envoyée', expected: issue?.message ?? 'a valid value' }, { field });
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('MALFORMED_BODY', { detail: error.message });
  }
  return new AppError('INTERNAL', { request_id: request.id });
}
