// Validata's `cohesive-columns-value` (§8): on each row, `column` and `othercolumns` are all filled
// or all empty. Empty cells are its subject, so they are not skipped; a cell that failed its cast
// counts as empty, as in Validata. Some but not all of these columns absent: one finding on the
// header and the check stops (current Validata).
import type { CustomCheckFactory } from '../model.js';
import { columnListParam, columnParam, finding, isEmpty } from './common.js';

function names(columns: string[]): string {
  return columns.join(', ');
}

export function cohesiveColumnsCheck(code: string): CustomCheckFactory {
  return (params, schema) => {
    const column = columnParam(params, 'column', schema);
    const all = [column, ...columnListParam(params, 'othercolumns', schema)];
    return {
      start(present) {
        const absent = all.filter((name) => !present.has(name));
        if (absent.length === 0 || absent.length === all.length) return [];
        return [finding(code, column, null, {
          note: `columns ${names(absent)} are absent; the check was not run`,
          message: {
            fr: `Les colonnes ${names(all)} vont ensemble, mais ${names(absent)} manque(nt) dans le fichier : ajoutez-les (elles peuvent rester vides) ou retirez les autres. Leur cohérence n'a pas été vérifiée.`,
            en: `Columns ${names(all)} go together, but ${names(absent)} is (are) missing from the file: add them (they may stay empty) or remove the others. Their consistency was not checked.`,
          },
        })];
      },
      row(row) {
        const values = all.map((name) => row.value(name));
        // An absent column: all absent, nothing to check; some absent, start() reported it.
        if (values.some((value) => value === undefined)) return null;
        const filled = all.filter((_, index) => !isEmpty(values[index]));
        if (filled.length === 0 || filled.length === all.length) return null;
        const empty = all.filter((name) => !filled.includes(name));
        return [finding(code, column, row.text(column) ?? null, {
          note: `${names(filled)} filled but ${names(empty)} empty`,
          message: {
            fr: `Ces colonnes se remplissent ensemble : ${names(filled)} est rempli(e)s mais ${names(empty)} est vide(s). Remplissez ${names(empty)} ou videz ${names(filled)}.`,
            en: `These columns are filled together: ${names(filled)} is (are) filled but ${names(empty)} is (are) empty. Fill ${names(empty)} or empty ${names(filled)}.`,
          },
        })];
      },
    };
  };
}
