// What the dataset page shows of a dataset's Table Schema: the schema it declares (from the
// registry), its publishing policy and the live version's validation report, kept with the version
// when it was published (src/data/publish.ts). Read once per page: the badge by the title needs it
// on every tab, the « Conformité » tab shows all of it.
import { getVersion, versionValidation, type CatalogDb, type Dataset } from '../../catalog/index.js';
import { findSchema, type ValidationReport } from '../../schema/index.js';
import { parseConformsTo, schemaDisplayName } from '../../web/pages/dataset/schema-badge.js';
import type { DatasetConformity } from '../../web/pages/dataset/validation.js';

/** null when the dataset declares no schema: then nothing about schemas is shown. */
export async function datasetConformity(db: CatalogDb, dataset: Pick<Dataset, 'metas' | 'liveVersionId' | 'live'>): Promise<DatasetConformity | null> {
  const declared = dataset.metas.schema;
  if (!declared) return null;
  const found = await findSchema(db, declared).catch(() => undefined);
  const entry = found?.entry;
  const [version, stored] = dataset.liveVersionId ? await Promise.all([getVersion(db, dataset.liveVersionId), versionValidation(db, dataset.liveVersionId)]) : [undefined, null];
  const report = isReport(stored) ? stored : null;
  const conformsTo = dataset.live?.conformsTo ?? null;
  // The version the report was made with: the conforming one's, else the report's own.
  const reportVersion = conformsTo ? parseConformsTo(conformsTo).version : (report?.schema.version ?? null);
  const reportSchema = report ? { name: declared, title: report.schema.title ?? entry?.title ?? null, homepage: entry?.homepage ?? null } : null;
  return {
    declared,
    schemaLabel: entry ? schemaDisplayName(entry, entry.version) : null,
    homepage: entry?.homepage ?? null,
    policy: dataset.metas.schemaPolicy === 'block' ? 'block' : 'warn',
    report,
    reportSchemaLabel: reportSchema ? schemaDisplayName(reportSchema, reportVersion) : null,
    version: version ? { number: version.number, createdAt: version.createdAt } : null,
    conformsTo,
  };
}

/** A report as src/schema/report.ts writes it; anything else (an older shape) is not shown. */
export function isReport(value: unknown): value is ValidationReport {
  const r = value as Partial<ValidationReport> | null;
  return typeof r === 'object' && r !== null && typeof r.valid === 'boolean' && Array.isArray(r.errors) && Array.isArray(r.warnings) && typeof r.counts === 'object' && typeof r.table === 'object';
}
