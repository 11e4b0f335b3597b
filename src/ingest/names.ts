// Field names from a header, as OpenDataSoft makes them: the label stays as written, the name is
// lowercase ASCII with underscores (`Code INSEE` → `code_insee`), unique within the dataset.
import { snakeName } from '../catalog/index.js';
import { AppError } from '../errors.js';

export interface NamedColumn {
  name: string;
  label: string;
}

/** The most columns a file may have when no limit is configured (TERRITOIRES_MAX_COLUMNS). */
export const DEFAULT_MAX_COLUMNS = 1000;

export function fieldNames(header: readonly string[], maxColumns = DEFAULT_MAX_COLUMNS, fileName = 'file'): NamedColumn[] {
  if (header.length > maxColumns) throw new AppError('INGEST_TOO_MANY_COLUMNS', { file: fileName, found: header.length, limit: maxColumns });
  const used = new Set<string>();
  return header.map((raw, index) => {
    const label = raw.trim() || `column_${index + 1}`;
    let base = snakeName(label) || `column_${index + 1}`;
    if (/^\d/.test(base)) base = `f_${base}`;
    let name = base;
    for (let n = 2; used.has(name); n += 1) name = `${base}_${n}`;
    used.add(name);
    return { name, label };
  });
}
