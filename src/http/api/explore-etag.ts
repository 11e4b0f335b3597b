// HTTP caching of the Explore answers about one dataset (ODS §1; issue: ETag from the version, the
// push sequence and the query). The answer is a function of the dataset's live version, of the
// pushes merged into it, of its metadata, of the request (host, portal, path and query string) and,
// for a caller with rights, of who asks: the ETag is a digest of those. A client that sends it back
// in If-None-Match gets a 304 before any query runs.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerLabel } from '../../auth/index.js';
import { lastDeltaSeq, type Dataset } from '../../catalog/index.js';
import type { Platform } from '../../platform.js';

/** Sets the ETag of the answer; true when the client already has it (a 304 was sent: return the reply). */
export async function notModified(request: FastifyRequest, reply: FastifyReply, platform: Platform, dataset: Dataset): Promise<boolean> {
  const pushed = dataset.recordKey ? await lastDeltaSeq(platform.db, dataset.uid) : 0;
  const caller = callerLabel(request.caller);
  const digest = createHash('sha256')
    .update([dataset.uid, dataset.liveVersionId ?? '-', String(pushed), dataset.modifiedAt, dataset.dataUpdatedAt ?? '-', caller, request.host, request.portalPrefix, request.url].join('\n'))
    .digest('base64url')
    .slice(0, 32);
  // Weak: the same answer, not the same bytes (a proxy may compress it).
  const etag = `W/"${digest}"`;
  void reply.header('etag', etag);
  const sent = request.headers['if-none-match'];
  if (!sent || !sent.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) return false;
  void reply.code(304).send();
  return true;
}
