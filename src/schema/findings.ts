// Where a validation's findings go: every one is counted, at most `cap` of each code are kept
// (spec §5: a file with a million bad dates must give a readable report, and memory must not grow
// with the errors), then listed by row and column.
import type { Finding, FindingDraft } from './model.js';

export const DEFAULT_CAP = 100;

export interface Place {
  row: number | null;
  line: number | null;
  fieldNumber: number | null;
}

export class FindingCollector {
  readonly counts: Record<string, number> = {};
  private readonly kept: Finding[] = [];
  private readonly keptByCode = new Map<string, number>();
  truncated = false;
  errorCount = 0;

  constructor(readonly cap = DEFAULT_CAP) {}

  add(draft: FindingDraft, place: Place): void {
    const severity = draft.severity ?? 'error';
    if (severity === 'error') this.errorCount += 1;
    this.counts[draft.code] = (this.counts[draft.code] ?? 0) + 1;
    const kept = this.keptByCode.get(draft.code) ?? 0;
    if (kept >= this.cap) {
      this.truncated = true;
      return;
    }
    this.keptByCode.set(draft.code, kept + 1);
    this.kept.push({
      code: draft.code,
      severity,
      row: place.row,
      line: place.line,
      field: draft.field,
      fieldNumber: place.fieldNumber,
      value: draft.value,
      note: draft.note,
      message: draft.message,
    });
  }

  /** Errors and warnings, each by row then column (file-level findings first). */
  lists(): { errors: Finding[]; warnings: Finding[] } {
    const sorted = [...this.kept].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.fieldNumber ?? 0) - (b.fieldNumber ?? 0));
    return { errors: sorted.filter((f) => f.severity === 'error'), warnings: sorted.filter((f) => f.severity === 'warning') };
  }
}
