// The dataset page, `/explore/dataset/{id}/{tab}/` as on OpenDataSoft portals (information by
// default; `?refine.field=value`, `?q=`, `?sort=` as they write them), and its embeddable tabs at
// `/explore/embed/dataset/{id}/{tab}/`. The dataset is found through the caller's scope on this
// portal: a dataset the visitor may not see is a 404 page, as one that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { datasetScope } from '../../auth/index.js';
import { getDataset } from '../../catalog/index.js';
import { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import { href, renderPage } from '../../web/index.js';
import { SCHEMA_BADGE_STYLES, SchemaBadge } from '../../web/pages/dataset/schema-badge.js';
import { DatasetShell, datasetPath } from '../../web/pages/dataset/shell.js';
import { conformityBadge } from '../../web/pages/dataset/validation.js';
import { datasetConformity } from './dataset-conformity.js';
import { filterParams, filterQuery, isFilterKey } from './dataset-filters.js';
import { DATASET_TABS, EMBEDDABLE_TABS, type DatasetTab, type DatasetTabName } from './dataset-tab.js';
import { analyzeTab } from './dataset-tabs/analyze.js';
import { apiTab } from './dataset-tabs/api.js';
import { exportTab } from './dataset-tabs/export.js';
import { informationTab } from './dataset-tabs/information.js';
import { mapTab } from './dataset-tabs/map.js';
import { tableTab } from './dataset-tabs/table.js';
import { validationTab } from './dataset-tabs/validation.js';
import { siteOf } from './site.js';

const RENDERERS: Record<DatasetTabName, DatasetTab> = { information: informationTab, table: tableTab, map: mapTab, analyze: analyzeTab, export: exportTab, api: apiTab, validation: validationTab };

type Params = { dataset_id: string; tab?: string };

export async function datasetPageRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const page = (embed: boolean) => async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    const tab = request.params.tab ?? 'information';
    const tabs = embed ? EMBEDDABLE_TABS : DATASET_TABS;
    if (!isTab(tab) || !tabs.includes(tab)) throw new AppError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] ?? request.url });
    const dataset = await getDataset(platform.db, datasetScope(request.caller, request.portal), request.params.dataset_id);
    const site = siteOf(request);
    const filters = filterParams(request.query);
    const settings = tabSettings(request.query);
    const { query, error } = filterQuery(filters, dataset.live?.fields ?? []);
    const conformity = await datasetConformity(platform.db, dataset);
    const content = await RENDERERS[tab]({ platform, request, site, dataset, embed, filters, query, queryError: error, conformity });
    const badge = conformity && conformityBadge(conformity);
    void reply.type('text/html; charset=utf-8').header('vary', 'Authorization, Cookie');
    // An embed is meant for other sites' iframes; the full page is not.
    if (!embed) void reply.header('x-frame-options', 'SAMEORIGIN');
    return renderPage(
      <DatasetShell
        site={site}
        dataset={dataset}
        tab={tab}
        tabs={conformity ? DATASET_TABS : DATASET_TABS.filter((t) => t !== 'validation')}
        filters={filters}
        settings={settings}
        embed={embed}
        head={content.head}
        styles={`${content.styles ?? ''}${badge ? SCHEMA_BADGE_STYLES : ''}`}
        badge={badge && <SchemaBadge lang={site.lang} state={badge} href={href(site, datasetPath(dataset, 'validation'))} />}
      >
        {content.body}
      </DatasetShell>,
    );
  };
  app.get<{ Params: Params }>('/explore/dataset/:dataset_id/', page(false));
  app.get<{ Params: Params }>('/explore/dataset/:dataset_id/:tab/', page(false));
  app.get<{ Params: Params }>('/explore/embed/dataset/:dataset_id/:tab/', page(true));
}

/** What else the URL says (a chart's settings): not the filters, the language, nor a position in the table, which a new filter resets. */
function tabSettings(query: unknown): URLSearchParams {
  const settings = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (isFilterKey(key) || ['lang', 'page', 'after', 'after_id'].includes(key)) continue;
    for (const one of Array.isArray(value) ? value : [value]) if (typeof one === 'string') settings.append(key, one);
  }
  return settings;
}

function isTab(tab: string): tab is DatasetTabName {
  return (DATASET_TABS as readonly string[]).includes(tab);
}
