// A validation report: what the CLI prints, the API answers and a version keeps. Its JSON form is
// `{"valid", "errors", "warnings", …}`, each entry with `row`, `line`, `field`, `code`, `value`
// and `message` {fr, en}, so that it can be compared with Validata's (frictionless codes).
import type { Finding, TableSchema } from './model.js';

export interface ValidationReport {
  /** No error (warnings allowed). */
  valid: boolean;
  schema: { name: string | null; title: string | null; version: string | null };
  /** How the file was read. */
  table: { format: string; encoding: string | null; delimiter: string | null; rows: number; columns: string[] };
  /** How many errors and warnings were found, those left out of the lists included. */
  errorCount: number;
  warningCount: number;
  errors: Finding[];
  warnings: Finding[];
  /** How many findings of each code there were, those left out of the lists included. */
  counts: Record<string, number>;
  /** Some findings were left out: at most `cap` are listed per code. */
  truncated: boolean;
  cap: number;
  /** Fields with at least one value not of their type: publishing leaves them as text. */
  fieldsWithTypeErrors: string[];
}

export function schemaSummary(schema: TableSchema): ValidationReport['schema'] {
  return { name: schema.name, title: schema.title, version: schema.version };
}

/**
 * `name@version` of a schema, as a conforming version records it: the registry name (the
 * catalog's "schema" facet) and the version as the schema writes it.
 */
export function conformanceLabel(registryName: string, schema: Pick<TableSchema, 'version'>): string {
  return schema.version ? `${registryName}@${schema.version}` : registryName;
}
