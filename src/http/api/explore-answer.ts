// What every Explore route shares: the API's base path, its URLs as the caller reached them (host
// and portal prefix, for links), and the headers of an answer that depends on who asks.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerDependsOnCaller } from '../../auth/index.js';

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
