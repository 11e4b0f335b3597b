// The information tab (the dataset page's default): description, metadata, fields, attachments.
import { listAttachments } from '../../../catalog/index.js';
import { InformationPage, INFORMATION_STYLES } from '../../../web/pages/dataset/information.js';
import { attachmentHref } from '../dataset-api-url.js';
import type { DatasetTab } from '../dataset-tab.js';

export const informationTab: DatasetTab = async ({ platform, site, dataset }) => {
  const attachments = (await listAttachments(platform.db, [dataset.uid])).map((a) => ({
    title: a.title,
    fileName: a.file_name,
    mimetype: a.mimetype,
    byteSize: Number(a.byte_size),
    href: attachmentHref(site, dataset.datasetId, a.id),
  }));
  return {
    body: <InformationPage site={site} dataset={dataset} fields={dataset.live?.fields ?? []} rowCount={dataset.live?.rowCount ?? 0} attachments={attachments} />,
    styles: INFORMATION_STYLES,
  };
};
