// The export tab: the API's exports of the filtered records, each format a link to
// `/api/explore/v2.1/catalog/datasets/{id}/exports/{format}?refine=…&where=…` (dataset-api-url.ts),
// with the count from queryRecords, as the API counts them.
import { isAppError } from '../../../errors.js';
import { EXPORT_FORMATS, queryRecords, type ExportFormat } from '../../../query/index.js';
import { ExportPage, EXPORT_STYLES, GEO_FORMATS } from '../../../web/pages/dataset/export.js';
import { exportHref } from '../dataset-api-url.js';
import type { DatasetTab } from '../dataset-tab.js';

export const exportTab: DatasetTab = async (ctx) => {
  const { site, dataset, query } = ctx;
  const lang = site.lang;
  const message = (error: { message: string; messageFr: string }) => (lang === 'fr' ? error.messageFr : error.message);
  const fields = dataset.live?.fields ?? [];
  const hasGeo = fields.some((f) => f.type === 'geo_point_2d' || f.type === 'geo_shape');
  const base = { lang, links: {}, csvComma: '', csvLabels: '', count: 0, filtered: false, hasGeo };
  if (ctx.queryError) return { body: <ExportPage {...base} error={message(ctx.queryError)} />, styles: EXPORT_STYLES };
  let count: number;
  try {
    count = (await queryRecords(ctx.platform, dataset, { limit: 0, offset: 0 }, query)).totalCount;
  } catch (error) {
    if (isAppError(error)) return { body: <ExportPage {...base} error={message(error)} />, styles: EXPORT_STYLES };
    throw error;
  }
  const formats = (Object.keys(EXPORT_FORMATS) as ExportFormat[]).filter((f) => hasGeo || !GEO_FORMATS.includes(f));
  const links = Object.fromEntries(formats.map((f) => [f, exportHref(site, dataset.datasetId, f, query)]));
  const filtered = query.where.length + query.refine.length + query.exclude.length > 0;
  return {
    body: (
      <ExportPage
        {...base}
        links={links}
        csvComma={exportHref(site, dataset.datasetId, 'csv', query, { delimiter: ',' })}
        csvLabels={exportHref(site, dataset.datasetId, 'csv', query, { use_labels: 'true' })}
        count={count}
        filtered={filtered}
      />
    ),
    styles: EXPORT_STYLES,
  };
};
