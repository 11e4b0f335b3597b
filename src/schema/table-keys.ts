// The checks that need several rows (spec §5): `unique` fields, `primaryKey`, `uniqueKeys` and
// `foreignKeys` referring to the table itself. They compare cast values (in a number column `1.0`
// and `1` collide, a string is compared exactly); nulls never collide. What is remembered is a hash
// of each key (key-set.ts): the records themselves are not kept.
import type { FindingCollector } from './findings.js';
import { KeySet } from './key-set.js';
import type { CellValue, TableSchema } from './model.js';
import * as say from './structure-messages.js';

interface Tracked {
  /** Field names, and their slots in the row's values once the header is known. */
  fields: string[];
  slots: number[];
  /** Key → row it was first seen on. */
  seen: KeySet;
  /** What a repeated key breaks: a field both `unique` and the primary key is tracked once, reported as both. */
  kinds: ('unique' | 'primary-key' | 'unique-keys')[];
}

interface ForeignTracked {
  fields: string[];
  reference: string[];
  slots: number[];
  referenceSlots: number[];
  /** The keys the table holds in the referenced fields. */
  targets: Set<string>;
  /** Keys used, to look up once every row is read: key → first row and line, and the text shown. */
  uses: { key: string; row: number; line: number; text: string }[];
}

export class TableKeys {
  private tracked: Tracked[] = [];
  private foreign: ForeignTracked[] = [];
  private notChecked: string[] = [];
  /** Each field's column position in the file, from 1: where a `unique-error` is. */
  private fieldNumbers: ReadonlyMap<string, number> = new Map();

  constructor(private readonly schema: TableSchema) {}

  /** Once the header is read: which slot each field's value is in (absent fields are skipped). */
  start(slots: ReadonlyMap<string, number>, fieldNumbers: ReadonlyMap<string, number>): void {
    this.fieldNumbers = fieldNumbers;
    const present = (names: string[]) => names.every((n) => slots.has(n));
    const slotsOf = (names: string[]) => names.map((n) => slots.get(n)!);
    const track = (fields: string[], kind: Tracked['kinds'][number]) => {
      const same = this.tracked.find((t) => t.fields.join('\u0000') === fields.join('\u0000'));
      if (same) same.kinds.push(kind);
      else this.tracked.push({ fields, slots: slotsOf(fields), seen: new KeySet(), kinds: [kind] });
    };
    for (const field of this.schema.fields) {
      if (field.constraints.unique && slots.has(field.name)) track([field.name], 'unique');
    }
    if (this.schema.primaryKey.length > 0 && present(this.schema.primaryKey)) track(this.schema.primaryKey, 'primary-key');
    for (const key of this.schema.uniqueKeys) {
      if (present(key)) track(key, 'unique-keys');
    }
    for (const foreign of this.schema.foreignKeys) {
      if (foreign.reference.resource !== '') {
        this.notChecked.push(foreign.reference.resource);
        continue;
      }
      if (!present(foreign.fields) || !present(foreign.reference.fields)) continue;
      this.foreign.push({ fields: foreign.fields, reference: foreign.reference.fields, slots: slotsOf(foreign.fields), referenceSlots: slotsOf(foreign.reference.fields), targets: new Set(), uses: [] });
    }
  }

  row(values: readonly CellValue[], texts: readonly (string | undefined)[], row: number, line: number, collector: FindingCollector): void {
    for (const tracked of this.tracked) {
      const key = keyOf(values, tracked.slots);
      if (key === null) {
        // frictionless: a primary key all of whose cells are null is an error of its own.
        if (tracked.kinds.includes('primary-key') && tracked.slots.every((s) => values[s] === null)) collector.add(say.primaryKeyError(tracked.fields, '', null), { row, line, fieldNumber: null });
        continue;
      }
      const first = tracked.seen.seen(key, row);
      if (first === 0) continue;
      const text = tracked.slots.map((s) => texts[s] ?? '').join(', ');
      for (const kind of tracked.kinds) {
        const draft = kind === 'unique' ? say.uniqueError(tracked.fields[0] ?? '', text, first) : kind === 'primary-key' ? say.primaryKeyError(tracked.fields, text, first) : say.uniqueKeysError(tracked.fields, text, first);
        // A unique column's repeat is a cell error, at that column; a key's is the row's.
        collector.add(draft, { row, line, fieldNumber: kind === 'unique' ? (this.fieldNumbers.get(tracked.fields[0] ?? '') ?? null) : null });
      }
    }
    for (const foreign of this.foreign) {
      const target = keyOf(values, foreign.referenceSlots);
      if (target !== null) foreign.targets.add(target);
      const key = keyOf(values, foreign.slots);
      if (key !== null) foreign.uses.push({ key, row, line, text: foreign.slots.map((s) => texts[s] ?? '').join(', ') });
    }
  }

  finish(collector: FindingCollector): void {
    for (const resource of this.notChecked) collector.add(say.foreignKeyNotChecked(resource), { row: null, line: null, fieldNumber: null });
    for (const foreign of this.foreign) {
      for (const use of foreign.uses) {
        if (!foreign.targets.has(use.key)) collector.add(say.foreignKeyError(foreign.fields, foreign.reference, use.text), { row: use.row, line: use.line, fieldNumber: null });
      }
    }
  }
}

/** One string per cast value or tuple, null when a value is null. */
function keyOf(values: readonly CellValue[], slots: readonly number[]): string | null {
  if (slots.length === 1) {
    const value = values[slots[0]!];
    if (value === null || value === undefined) return null;
    return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : `${typeof value}:${String(value)}`;
  }
  const parts: unknown[] = [];
  for (const slot of slots) {
    const value = values[slot];
    if (value === null || value === undefined) return null;
    parts.push(typeof value === 'bigint' ? String(value) : value);
  }
  return JSON.stringify(parts);
}
