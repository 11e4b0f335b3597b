// OpenDataSoft Explore API v2.1: one dataset, its records, facets, exports and attachments. Each
// answers within the portal it is called on and shows only what the caller may see.
import type { FastifyInstance } from 'fastify';
import { datasetScope } from '../../auth/index.js';
import { createReadStream } from 'node:fs';
import { findAttachment, getDataset, listAttachments } from '../../catalog/index.js';
import { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import { datasetFacets, EXPORT_FORMATS, exploreQueryOf, exportRecords, findRecord, GROUPED_CAPS, isExportFormat, parsePaging, queryRecords, RECORDS_CAPS, rejectUnsupportedParameters, withPendingPushes } from '../../query/index.js';
import { exportOptionsOf } from './export-options.js';
import { answerHeaders, BASE, sendExport } from './explore-answer.js';
import { notModified } from './explore-etag.js';
import { datasetLinks, datasetUrl, pageLinks, recordLinks, wantsLinks } from './explore-links.js';
import { datasetObject } from './explore-shapes.js';

// ODS §1 (CORS): the headers a live portal sends, so that browser dashboards and ods-widgets work.
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-max-age': '1000',
  'access-control-allow-headers':
    'Authorization, X-Requested-With, Origin, ODS-API-Analytics-App, ODS-API-Analytics-Embed-Type, ODS-API-Analytics-Embed-Referrer, ODS-Widgets-Version, Accept',
  'access-control-expose-headers':
    'ODS-Explore-API-Deprecation, Link, X-RateLimit-Remaining, X-RateLimit-Limit, X-RateLimit-Reset, X-RateLimit-dataset-Remaining, X-RateLimit-dataset-Limit, X-RateLimit-dataset-Reset',
};

export async function exploreRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  // On every answer, errors included: a dashboard on another site must be able to read the error body.
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.headers(CORS_HEADERS);
    return payload;
  });
  app.addHook('preHandler', async (request) => rejectUnsupportedParameters(request.query));

  app.options(`${BASE}/*`, async (_request, reply) => {
    void reply.status(204);
  });

  // The catalog's routes (E1, E3–E5) are in explore-catalog.ts, in this same scope (app.ts).

  app.get<{ Params: { dataset_id: string } }>(`${BASE}/catalog/datasets/:dataset_id`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    answerHeaders(request, reply);
    if (await notModified(request, reply, platform, dataset)) return reply;
    const [current] = await withPendingPushes(platform, [dataset]);
    const object = datasetObject(current ?? dataset, await listAttachments(platform.db, [dataset.uid]));
    return wantsLinks(request) ? { _links: datasetLinks(request, dataset.datasetId), ...object } : object;
  });

  // ODS §2.10 (E11): the attachments of a dataset, and each one's file.
  app.get<{ Params: { dataset_id: string } }>(`${BASE}/catalog/datasets/:dataset_id/attachments`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const base = `${datasetUrl(request, dataset.datasetId)}/attachments`;
    answerHeaders(request, reply);
    return {
      links: [],
      attachments: (await listAttachments(platform.db, [dataset.uid])).map((a) => ({
        href: `${base}/${a.id}`,
        metas: { 'mime-type': a.mimetype, title: a.title, url: `odsfile://${a.file_name}`, id: a.id },
      })),
    };
  });

  app.get<{ Params: { dataset_id: string; attachment_id: string } }>(`${BASE}/catalog/datasets/:dataset_id/attachments/:attachment_id`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const attachment = await findAttachment(platform.db, dataset.uid, request.params.attachment_id);
    if (!attachment) throw new AppError('ATTACHMENT_NOT_FOUND', { dataset_id: dataset.datasetId, attachment_id: request.params.attachment_id });
    answerHeaders(request, reply);
    void reply
      .type(attachment.mimetype)
      .header('content-length', String(attachment.byte_size))
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.file_name)}`);
    return reply.send(createReadStream(platform.blobs.absolute(attachment.file)));
  });

  app.get<{ Params: { dataset_id: string } }>(`${BASE}/catalog/datasets/:dataset_id/records`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const query = exploreQueryOf(request.query as Record<string, unknown>);
    // Grouped queries have the spec's higher caps (§3).
    const caps = query.groupBy?.trim() ? GROUPED_CAPS : RECORDS_CAPS;
    const paging = parsePaging(request.query as Record<string, unknown>, caps);
    const links = wantsLinks(request);
    answerHeaders(request, reply);
    if (await notModified(request, reply, platform, dataset)) return reply;
    const page = await queryRecords(platform, dataset, paging, query, { recordIds: links });
    if (!links) return { total_count: page.totalCount, results: page.results };
    // Each record links to itself (E7) when it is one: groups and aggregates have no id.
    const ids = page.recordIds;
    return {
      total_count: page.totalCount,
      _links: [...pageLinks(request, `/catalog/datasets/${encodeURIComponent(dataset.datasetId)}/records`, paging, page.totalCount, caps.maxWindow), { rel: 'dataset', href: datasetUrl(request, dataset.datasetId) }],
      results: ids ? page.results.map((record, i) => ({ _links: recordLinks(request, dataset.datasetId, ids[i] ?? ''), ...record })) : page.results,
    };
  });

  // ODS §2.6 (E7): one record by its id (query/record-id.ts), serialised as a row of /records.
  app.get<{ Params: { dataset_id: string; record_id: string } }>(`${BASE}/catalog/datasets/:dataset_id/records/:record_id`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const { select, lang, timezone } = exploreQueryOf(request.query as Record<string, unknown>);
    const links = wantsLinks(request);
    answerHeaders(request, reply);
    if (await notModified(request, reply, platform, dataset)) return reply;
    const record = await findRecord(platform, dataset, request.params.record_id, { select, lang, timezone });
    if (!record) throw new AppError('RECORD_NOT_FOUND', { dataset_id: dataset.datasetId, record_id: request.params.record_id });
    return links ? { _links: recordLinks(request, dataset.datasetId, request.params.record_id), ...record } : record;
  });

  // ODS §2.7 (E9): the export formats, each with its URL.
  app.get<{ Params: { dataset_id: string } }>(`${BASE}/catalog/datasets/:dataset_id/exports`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const base = `${datasetUrl(request, dataset.datasetId)}/exports`;
    answerHeaders(request, reply);
    return { links: Object.keys(EXPORT_FORMATS).map((format) => ({ rel: format, href: `${base}/${format}` })) };
  });

  // ODS §2.8 (E10): every record the query chooses, streamed; a bad query is a JSON 400 before the first byte.
  app.get<{ Params: { dataset_id: string; format: string } }>(`${BASE}/catalog/datasets/:dataset_id/exports/:format`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const { format } = request.params;
    if (!isExportFormat(format)) throw new AppError('EXPORT_FORMAT_UNKNOWN', { format, formats: Object.keys(EXPORT_FORMATS).join(', ') }, { parameter: 'format' });
    const raw = request.query as Record<string, unknown>;
    // RDF formats name each record under the dataset's URL on this portal.
    const file = await exportRecords(platform, dataset, format, exploreQueryOf(raw), { ...exportOptionsOf(raw), datasetUrl: datasetUrl(request, dataset.datasetId) });
    return sendExport(request, reply, file, dataset.datasetId);
  });

  // ODS §2.4, §6.3 (E8): the values of each facet field over the records the query chooses; `links` always.
  app.get<{ Params: { dataset_id: string } }>(`${BASE}/catalog/datasets/:dataset_id/facets`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    answerHeaders(request, reply);
    if (await notModified(request, reply, platform, dataset)) return reply;
    const facets = await datasetFacets(platform, dataset, exploreQueryOf(request.query as Record<string, unknown>));
    const self = datasetUrl(request, dataset.datasetId);
    return { links: [{ rel: 'self', href: `${self}/facets` }, { rel: 'dataset', href: self }], facets };
  });
}
