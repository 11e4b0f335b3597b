// OpenDataSoft Explore API v2.1, first routes: the catalog, one dataset, plain records. Each
// answers within the portal it is called on and shows only what the caller may see.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerDependsOnCaller, datasetScope } from '../../auth/index.js';
import { createReadStream } from 'node:fs';
import { findAttachment, getDataset, listAttachments, listDatasets } from '../../catalog/index.js';
import { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import { Readable } from 'node:stream';
import { CATALOG_NOT_YET, datasetFacets, EXPORT_FORMATS, exploreQueryOf, exportRecords, GROUPED_CAPS, isExportFormat, parsePaging, queryRecords, RECORDS_CAPS, rejectUnsupportedParameters, withPendingPushes } from '../../query/index.js';
import { exportOptionsOf } from './export-options.js';
import { datasetObject } from './explore-shapes.js';

const BASE = '/api/explore/v2.1';

// ODS §1 (CORS): the headers a live portal sends, so that browser dashboards and ods-widgets work.
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-max-age': '1000',
  'access-control-allow-headers':
    'Authorization, X-Requested-With, Origin, ODS-API-Analytics-App, ODS-API-Analytics-Embed-Type, ODS-API-Analytics-Embed-Referrer, ODS-Widgets-Version, Accept',
  'access-control-expose-headers':
    'ODS-Explore-API-Deprecation, Link, X-RateLimit-Remaining, X-RateLimit-Limit, X-RateLimit-Reset, X-RateLimit-dataset-Remaining, X-RateLimit-dataset-Limit, X-RateLimit-dataset-Reset',
};

/** The dataset's URL as the caller reached the API: host and portal prefix (for links). */
function datasetUrl(request: FastifyRequest, datasetId: string): string {
  return `${request.protocol}://${request.host}${request.portalPrefix}${BASE}/catalog/datasets/${encodeURIComponent(datasetId)}`;
}

function answerHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('vary', 'Authorization, Cookie');
  if (answerDependsOnCaller(request.caller)) void reply.header('cache-control', 'private, no-cache');
}

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

  app.get(`${BASE}/catalog/datasets`, async (request, reply) => {
    rejectUnsupportedParameters(request.query, CATALOG_NOT_YET);
    const paging = parsePaging(request.query as Record<string, unknown>, RECORDS_CAPS);
    const { total, datasets: listed } = await listDatasets(platform.db, datasetScope(request.caller, request.portal), paging);
    const datasets = await withPendingPushes(platform, listed);
    const attachments = await listAttachments(platform.db, datasets.map((d) => d.uid));
    answerHeaders(request, reply);
    return { total_count: total, results: datasets.map((d) => datasetObject(d, attachments)) };
  });

  app.get<{ Params: { dataset_id: string } }>(`${BASE}/catalog/datasets/:dataset_id`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    answerHeaders(request, reply);
    const [current] = await withPendingPushes(platform, [dataset]);
    return datasetObject(current ?? dataset, await listAttachments(platform.db, [dataset.uid]));
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
    const paging = parsePaging(request.query as Record<string, unknown>, query.groupBy?.trim() ? GROUPED_CAPS : RECORDS_CAPS);
    const page = await queryRecords(platform, dataset, paging, query);
    answerHeaders(request, reply);
    return { total_count: page.totalCount, results: page.results };
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
    const pieces = await exportRecords(platform, dataset, format, exploreQueryOf(raw), exportOptionsOf(raw));
    answerHeaders(request, reply);
    void reply
      .type(EXPORT_FORMATS[format].mimetype)
      .header('content-disposition', `attachment; filename="${dataset.datasetId}.${EXPORT_FORMATS[format].extension}"`);
    return reply.send(Readable.from(pieces));
  });

  // ODS §2.4, §6.3 (E8): the values of each facet field over the records the query chooses; `links` always.
  app.get<{ Params: { dataset_id: string } }>(`${BASE}/catalog/datasets/:dataset_id/facets`, async (request, reply) => {
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const facets = await datasetFacets(platform, dataset, exploreQueryOf(request.query as Record<string, unknown>));
    const self = datasetUrl(request, dataset.datasetId);
    answerHeaders(request, reply);
    return { links: [{ rel: 'self', href: `${self}/facets` }, { rel: 'dataset', href: self }], facets };
  });
}
