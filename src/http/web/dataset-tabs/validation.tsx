// The « Conformité » tab: the declared schema, the policy and the live version's report. Offered
// only for a dataset that declares a schema (dataset.tsx); the others answer 404 on it.
import { AppError } from '../../../errors.js';
import { VALIDATION_REPORT_STYLES } from '../../../web/pages/dataset/validation-report.js';
import { ValidationTab } from '../../../web/pages/dataset/validation.js';
import { datasetConformity } from '../dataset-conformity.js';
import type { DatasetTab } from '../dataset-tab.js';

export const validationTab: DatasetTab = async ({ platform, request, site, dataset, conformity: loaded }) => {
  const conformity = loaded === undefined ? await datasetConformity(platform.db, dataset) : loaded;
  if (!conformity) throw new AppError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] ?? request.url });
  return { body: <ValidationTab site={site} conformity={conformity} />, styles: VALIDATION_REPORT_STYLES };
};
