// OpenDataSoft's push URL (ods-documentation, "Keeping data up to date"), at the root only:
//   POST /api/push/1.0/{dataset_id}/{resource_id}/push/?pushkey=…     one record or an array of them
//   POST /api/push/1.0/{dataset_id}/{resource_id}/delete/?pushkey=…   the records as they were pushed
//   GET  /api/push/1.0/{dataset_id}/{resource_id}/{record_id}/delete/?pushkey=…
// A Territoires dataset has one realtime resource, its records: whatever RESOURCE_ID a client
// kept from its ODS domain names it (the push URLs we hand out say `realtime`). The push key
// comes from the management API (POST …/datasets/{id}/push-key); the work is src/ingest/ods-push.ts.
import type { FastifyInstance } from 'fastify';
import { odsDeleteRecord, odsPush, ODS_PUSH_MAX_BYTES, type OdsPushAction, type OdsPushRequest } from '../../ingest/index.js';
import type { Platform } from '../../platform.js';
import { lastValue } from '../../query/index.js';

const BASE = '/api/push/1.0/:dataset_id/:resource_id';

interface PushParams {
  dataset_id: string;
  resource_id: string;
}

type PushQuery = Record<string, string | string[] | undefined>;

/** ODS's answer to a push or a delete. */
const OK = { status: 'OK' } as const;

export async function odsPushRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  // ODS's examples send JSON with `curl -d`, hence as a form: every body is kept as text, whatever
  // its Content-Type, and read as JSON once the push key is checked.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const pushRequest = (params: PushParams, query: PushQuery, caller: OdsPushRequest['caller']): OdsPushRequest => ({ datasetId: params.dataset_id, pushkey: lastValue(query.pushkey), caller });

  for (const action of ['push', 'delete'] as const satisfies readonly OdsPushAction[]) {
    app.post<{ Params: PushParams; Querystring: PushQuery; Body: string | undefined }>(`${BASE}/${action}`, { bodyLimit: ODS_PUSH_MAX_BYTES }, async (request) => {
      await odsPush(platform, pushRequest(request.params, request.query, request.caller), action, request.body, platform.publishOptions);
      return OK;
    });
  }

  app.get<{ Params: PushParams & { record_id: string }; Querystring: PushQuery }>(`${BASE}/:record_id/delete`, async (request) => {
    await odsDeleteRecord(platform, pushRequest(request.params, request.query, request.caller), request.params.record_id, platform.publishOptions);
    return OK;
  });
}
