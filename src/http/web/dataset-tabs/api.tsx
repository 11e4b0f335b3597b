// The API tab: the request that gives the table's rows (tableRequest: same query, order, page or
// key condition), and the export of all the filtered records.
import { isAppError } from '../../../errors.js';
import { ApiPage, API_STYLES } from '../../../web/pages/dataset/api.js';
import { exportHref, recordsHref } from '../dataset-api-url.js';
import type { DatasetTab } from '../dataset-tab.js';
import { tableRequest } from './table.js';

export const apiTab: DatasetTab = async (ctx) => {
  const { site, dataset } = ctx;
  const message = (error: { message: string; messageFr: string }) => (site.lang === 'fr' ? error.messageFr : error.message);
  const base = { site, recordsUrl: '', exportUrl: '', keyed: false };
  if (ctx.queryError) return { body: <ApiPage {...base} error={message(ctx.queryError)} />, styles: API_STYLES };
  try {
    const request = await tableRequest(ctx);
    return {
      body: (
        <ApiPage
          {...base}
          recordsUrl={`${site.origin}${recordsHref(site, dataset.datasetId, request.query, request.paging)}`}
          exportUrl={`${site.origin}${exportHref(site, dataset.datasetId, 'csv', ctx.query)}`}
          keyed={request.after !== null}
        />
      ),
      styles: API_STYLES,
    };
  } catch (error) {
    if (isAppError(error)) return { body: <ApiPage {...base} error={message(error)} />, styles: API_STYLES };
    throw error;
  }
};
