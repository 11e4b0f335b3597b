// Validata's `one-of-required` (§8): on each row, blank ones included, at least one of two cells
// is filled. Params `column1`/`column2` (what Validata's code reads) or `column`/`column2` (its
// README's example). One column absent: the other must be filled on every row; both absent: one
// finding on the header.
import type { CustomCheckFactory } from '../model.js';
import { columnParam, finding, isEmpty } from './common.js';

export function oneOfRequiredCheck(code: string): CustomCheckFactory {
  return (params, schema) => {
    const column1 = columnParam(params, params.column1 === undefined && params.column !== undefined ? 'column' : 'column1', schema);
    const column2 = columnParam(params, 'column2', schema);
    return {
      start(present) {
        if (present.has(column1) || present.has(column2)) return [];
        return [finding(code, column1, null, {
          note: `neither ${column1} nor ${column2} is in the file`,
          message: {
            fr: `Le fichier n'a ni la colonne ${column1} ni la colonne ${column2}, alors que l'une des deux doit être remplie sur chaque ligne : ajoutez-en au moins une.`,
            en: `The file has neither column ${column1} nor column ${column2}, yet one of them must be filled on every row: add at least one.`,
          },
        })];
      },
      row(row) {
        const value1 = row.value(column1);
        const value2 = row.value(column2);
        if (value1 === undefined && value2 === undefined) return null; // reported by start()
        if (!isEmpty(value1) || !isEmpty(value2)) return null;
        if (value1 === undefined || value2 === undefined) {
          const [present, absent] = value1 === undefined ? [column2, column1] : [column1, column2];
          return [finding(code, present, row.text(present) ?? null, {
            note: `${present} is empty and ${absent} is absent`,
            message: {
              fr: `Remplissez ${present} : la colonne ${absent} est absente du fichier, ${present} doit donc être remplie sur chaque ligne.`,
              en: `Fill ${present}: column ${absent} is missing from the file, so ${present} must be filled on every row.`,
            },
          })];
        }
        return [finding(code, column1, row.text(column1) ?? null, {
          note: `${column1} and ${column2} are both empty`,
          message: {
            fr: `Remplissez au moins l'une des deux colonnes ${column1} ou ${column2} : les deux sont vides sur cette ligne.`,
            en: `Fill at least one of the columns ${column1} or ${column2}: both are empty on this row.`,
          },
        })];
      },
    };
  };
}
