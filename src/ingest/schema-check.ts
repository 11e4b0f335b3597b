// A dataset that declares a Table Schema (metas.schema): every new file is validated before it is
// read, whoever sends it (upload, URL refresh, CLI). The report is kept with the version; with
// the `block` policy a file with errors is refused before anything is published. The schema also
// types the fields, where our reader reads every value the schema allows (schema/field-types.ts)
// and the file has no value of the wrong type (a `warn` dataset still publishes those as text).
import type { Dataset, FieldType, JobProgress } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { conformanceLabel, fieldTypesOf, findSchema, validateContained, type ValidationReport } from '../schema/index.js';
import type { CatalogDb } from '../catalog/index.js';
import { fieldNames } from './names.js';
import type { ReadOptions } from './prepare.js';

export interface SchemaOutcome {
  report: ValidationReport;
  /** `name@version` when the file conforms (no error). */
  conformsTo: string | null;
  /** Field types the schema sets, by the field names publishing gives the columns. */
  types: Record<string, FieldType>;
}

export interface FileToCheck {
  file: string;
  fileName: string;
  read?: ReadOptions;
  /** How long the validation may run (TERRITOIRES_VALIDATION_TIMEOUT_MS); 0: no limit. */
  timeoutMs: number;
}

/** Validates the file when the dataset declares a schema; undefined when it declares none. */
export async function checkAgainstSchema(db: CatalogDb, dataset: Pick<Dataset, 'metas'>, input: FileToCheck, progress: (p: JobProgress) => Promise<void>): Promise<SchemaOutcome | undefined> {
  const name = dataset.metas.schema?.trim();
  if (!name) return undefined;
  const found = await findSchema(db, name);
  if (!found) throw new AppError('SCHEMA_NOT_FOUND', { schema: name });
  await progress({ phase: 'validate' });
  const options = { fileName: input.fileName, encoding: input.read?.encoding, delimiter: input.read?.delimiter, sheet: input.read?.sheet };
  const report = await validateContained(input.file, found.schema, options, input.timeoutMs);
  if (!report.valid && dataset.metas.schemaPolicy === 'block') {
    const first = report.errors[0];
    throw new AppError('SCHEMA_NOT_CONFORMING', {
      file: input.fileName,
      schema: found.entry.name,
      errors: report.errorCount,
      row: first?.row ?? '—',
      field: first?.field ?? '—',
      first: first?.message.en ?? '',
      first_fr: first?.message.fr ?? '',
    }, { record: first?.row ?? undefined, line: first?.line ?? undefined, field: first?.field ?? undefined });
  }
  const schemaTypes = fieldTypesOf(found.schema);
  const notCast = new Set(report.fieldsWithTypeErrors);
  const types: Record<string, FieldType> = {};
  for (const column of fieldNames(report.table.columns)) {
    const type = schemaTypes[column.label];
    if (type && type !== 'text' && !notCast.has(column.label)) types[column.name] = type;
  }
  return { report, conformsTo: report.valid ? conformanceLabel(found.entry.name, found.schema) : null, types };
}
