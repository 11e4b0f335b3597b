// What every Explore route shares: the API's base path, its URLs as the caller reached them (host
// and portal prefix, for links), and the headers of an answer that depends on who asks.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerDependsOnCaller } from '../../auth/index.js';
import type { ExportFile } from '../../query/index.js';

export const BASE = '/api/explore/v2.1';

/** `path` under the API, on the host and portal the caller used. */
export function exploreUrl(request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}${request.portalPrefix}${BASE}${path}`;
}

export function answerHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('vary', 'Authorization, Cookie');
  // Kept, but asked again each time (an ETag makes that a 304); never by a shared cache when it depends on who asks.
  void reply.header('cache-control', answerDependsOnCaller(request.caller) ? 'private, no-cache' : 'no-cache');
}

/**
 * An export: its type and file name, then the file as it is written. A HEAD (a harvester checking
 * a catalog's distribution links) gets the same status and headers without the file: the export
 * was planned and started as for a GET, so that a refused query or format is the same 4xx, and is
 * stopped at once (a COPY interrupted, its temporary file removed).
 */
export function sendExport(request: FastifyRequest, reply: FastifyReply, file: ExportFile, name: string): FastifyReply {
  answerHeaders(request, reply);
  void reply.type(file.mimetype).header('content-disposition', `attachment; filename="${name}.${file.extension}"`);
  if (request.method !== 'HEAD') return reply.send(file.body);
  file.body.destroy();
  return reply.send(Readable.from([]));
}
