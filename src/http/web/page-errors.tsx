// Errors of the pages are pages: in the portal's look, in the visitor's language, with the status
// the API would give (404 for a dataset that does not exist or is not visible, 400 for a filter
// that cannot be read), never a JSON body and never a stack.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { ErrorPage, renderPage } from '../../web/index.js';
import { errorBody, toAppError } from '../errors.js';
import { siteOf } from './site.js';

export function registerPageErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) request.log.error({ err: error }, appError.message);
    sendErrorPage(request, reply, appError);
  });
  // Any other page path is a 404 page in the portal's look; an unknown API path keeps its JSON body.
  app.get('/*', async (request, reply) => {
    const error = new AppError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] ?? request.url });
    if (request.url.slice(request.portalPrefix.length).startsWith('/api/')) return reply.status(404).type('application/json; charset=utf-8').send(errorBody(error));
    sendErrorPage(request, reply, error);
    return reply;
  });
}

export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, error: AppError): void {
  const site = siteOf(request);
  const message = site.lang === 'fr' ? error.messageFr : error.message;
  const embed = request.url.includes('/explore/embed/');
  void reply.status(error.status).type('text/html; charset=utf-8').header('vary', 'Authorization, Cookie').send(renderPage(<ErrorPage site={site} status={error.status} message={message} embed={embed} />));
}
