// OpenDataSoft Explore API v2.1, the catalog: the datasets (E1) with ODSQL, their facets (E3), the
// export formats (E4) and the exports (E5). Every answer is made of the datasets the caller may see
// on this portal only (the scope of src/auth), so that counts, groups and facets never tell of the
// others.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { topOrganisation } from '../../catalog/index.js';
import { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import {
  CATALOG_EXPORT_FORMATS,
  CATALOG_NOT_YET,
  catalogFacets,
  catalogFeedOptionsOf,
  exploreQueryOf,
  exportCatalog,
  GROUPED_CAPS,
  isCatalogFeedFormat,
  isCatalogQuery,
  parsePaging,
  queryCatalog,
  RECORDS_CAPS,
  rejectUnsupportedParameters,
  type CatalogSite,
} from '../../query/index.js';
import { exportOptionsOf } from './export-options.js';
import { answerHeaders, BASE, exploreUrl, sendExport } from './explore-answer.js';
import { datasetLinks, pageLinks, wantsLinks } from './explore-links.js';
import { ALL, visibleDatasets } from './visible-datasets.js';

/** Every dataset of the scope in one listing (a regional catalog holds thousands, not millions). */

type CatalogFormat = (typeof CATALOG_EXPORT_FORMATS)[number];
const isCatalogFormat = (format: string): format is CatalogFormat => (CATALOG_EXPORT_FORMATS as readonly string[]).includes(format);

export async function exploreCatalogRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  /** The dataset objects (§6.2) of a page of the datasets this caller may see on this portal. */
  /** Where a DCAT or RSS feed is read: the portal as the caller reached it, its title, the organisation behind it. */
  async function catalogSite(request: FastifyRequest): Promise<CatalogSite> {
    const scope = request.portal?.scope;
    const top = scope ? undefined : await topOrganisation(platform.db);
    const publisher = scope ? { id: scope.organisationId, name: scope.name } : { id: top?.id ?? null, name: top?.name ?? request.host };
    return { root: `${request.protocol}://${request.host}${request.portalPrefix}`, title: request.portal?.title ?? publisher.name, publisher };
  }

  // ODS §2.2 (E1): the datasets, most recently modified first; ODSQL over their metadata.
  app.get(`${BASE}/catalog/datasets`, async (request, reply) => {
    rejectUnsupportedParameters(request.query, CATALOG_NOT_YET);
    const raw = request.query as Record<string, unknown>;
    const query = exploreQueryOf(raw);
    // Grouped queries have the spec's higher caps (§3).
    const paging = parsePaging(raw, query.groupBy?.trim() ? GROUPED_CAPS : RECORDS_CAPS);
    const { total_count, results } = isCatalogQuery(query)
      ? await queryCatalog(platform, (await visibleDatasets(platform, request, ALL)).objects, query, paging).then((page) => ({ total_count: page.totalCount, results: page.results }))
      : // The plain list: one page read from the catalog store.
        await visibleDatasets(platform, request, paging).then(({ total, objects }) => ({ total_count: total, results: objects }));
    answerHeaders(request, reply);
    if (!wantsLinks(request)) return { total_count, results };
    // §1 "Links": the page's, and each dataset's own (a group or a select without dataset_id has none).
    const caps = query.groupBy?.trim() ? GROUPED_CAPS : RECORDS_CAPS;
    return {
      total_count,
      _links: pageLinks(request, '/catalog/datasets', paging, total_count, caps.maxWindow),
      results: results.map((r) => (typeof r.dataset_id === 'string' && !query.groupBy?.trim() ? { _links: datasetLinks(request, r.dataset_id), ...r } : r)),
    };
  });

  // ODS §2.4, §6.3 (E3): the values of the catalog's facets over the datasets the query chooses; `links` always.
  app.get(`${BASE}/catalog/facets`, async (request, reply) => {
    rejectUnsupportedParameters(request.query, CATALOG_NOT_YET);
    const query = exploreQueryOf(request.query as Record<string, unknown>);
    const facets = await catalogFacets(platform, (await visibleDatasets(platform, request, ALL)).objects, query);
    answerHeaders(request, reply);
    return { links: [{ rel: 'self', href: exploreUrl(request, '/catalog/facets') }, { rel: 'source', href: exploreUrl(request, '/catalog') }], facets };
  });

  // ODS §2.7 (E4): the catalog's export formats, each with its URL.
  app.get(`${BASE}/catalog/exports`, async (request, reply) => {
    answerHeaders(request, reply);
    return { links: CATALOG_EXPORT_FORMATS.map((format) => ({ rel: format, href: exploreUrl(request, `/catalog/exports/${format}`) })) };
  });

  // ODS §2.9 (E5): every dataset the query chooses (no cap); a bad query is a JSON 400 before the first byte.
  app.get<{ Params: { format: string } }>(`${BASE}/catalog/exports/:format`, async (request, reply) => {
    rejectUnsupportedParameters(request.query, CATALOG_NOT_YET);
    const { format } = request.params;
    if (!isCatalogFormat(format)) throw new AppError('EXPORT_FORMAT_UNKNOWN', { format, formats: CATALOG_EXPORT_FORMATS.join(', ') }, { parameter: 'format' });
    const raw = request.query as Record<string, unknown>;
    const query = exploreQueryOf(raw);
    const options = exportOptionsOf(raw);
    const { objects, datasets } = await visibleDatasets(platform, request, ALL);
    // DCAT, RDF, Turtle, RSS (E5c): the same datasets, described from the catalog and linked on this portal.
    const feed = isCatalogFeedFormat(format) ? { datasets, site: await catalogSite(request), dcat: catalogFeedOptionsOf(raw), feedUrl: exploreUrl(request, `/catalog/exports/${format}`) } : undefined;
    const file = await exportCatalog(platform, objects, format, query, options, feed);
    return sendExport(request, reply, file, 'catalog');
  });
}
