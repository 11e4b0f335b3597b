// Field names from a header, as OpenDataSoft makes them: the label stays as written, the name is
// lowercase ASCII with underscores (`Code INSEE` → `code_insee`), unique within the dataset.
import { slugify } from '../catalog/index.js';

export interface NamedColumn {
  name: string;
  label: string;
}

export function fieldNames(header: readonly string[]): NamedColumn[] {
  const used = new Set<string>();
  return header.map((raw, index) => {
    const label = raw.trim() || `column_${index + 1}`;
    let base = slugify(label).replace(/-/g, '_') || `column_${index + 1}`;
    if (/^\d/.test(base)) base = `f_${base}`;
    let name = base;
    for (let n = 2; used.has(name); n += 1) name = `${base}_${n}`;
    used.add(name);
    return { name, label };
  });
}
