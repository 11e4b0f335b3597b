// A portal's home page. Everything it lists comes from the datasets the caller may see on this
// portal (the catalog's scope, through visibleDatasets): a featured dataset the visitor may not
// see, or that another portal's scope leaves out, is simply not shown.
import type { FastifyInstance } from 'fastify';
import type { Dataset } from '../../catalog/index.js';
import type { Platform } from '../../platform.js';
import { catalogFacets, emptyQuery, queryCatalog } from '../../query/index.js';
import { HomePage, renderPage } from '../../web/index.js';
import { ALL, visibleDatasets } from '../api/visible-datasets.js';
import { siteOf } from './site.js';

const LATEST = 6;

export async function homePageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  app.get('/', async (request, reply) => {
    const portal = request.portal;
    const { objects, datasets } = await visibleDatasets(platform, request, ALL);
    const [latestPage, facets] = await Promise.all([
      queryCatalog(platform, objects, { ...emptyQuery(), orderBy: 'modified desc, dataset_id asc' }, { limit: LATEST, offset: 0 }),
      catalogFacets(platform, objects, { ...emptyQuery(), facets: [{ name: 'theme', disjunctive: false, sort: '-count' }] }),
    ]);
    const byUid = new Map(datasets.map((d) => [d.uid, d]));
    const byId = new Map(datasets.map((d) => [d.datasetId, d]));
    const latest = latestPage.results.map((o) => byUid.get(String(o.dataset_uid))).filter(isDataset);
    const featured = (portal?.featured ?? []).map((id) => byId.get(id)).filter(isDataset);
    const themes = (facets.find((f) => f.name === 'theme')?.facets ?? []).map((v) => ({ value: v.value, count: v.count ?? 0 }));
    void reply.type('text/html; charset=utf-8').header('vary', 'Authorization, Cookie');
    return renderPage(<HomePage site={siteOf(request)} homeText={portal?.homeText ?? ''} total={objects.length} themes={themes} featured={featured} latest={latest} />);
  });
}

const isDataset = (d: Dataset | undefined): d is Dataset => d !== undefined;
