// Validata's `compare-columns-value` (§8): `column op column2` on each row's cast values, numbers
// numerically, text and dates through their text (`YYYY-MM-DD` sorts as dates do). Skipped when
// either cell is empty; values of different kinds are "Valeurs Non Comparables".
import { CheckParamsError, type CellValue, type CustomCheckFactory } from '../model.js';
import { columnParam, finding, isEmpty } from './common.js';

interface Operator {
  holds: (order: number) => boolean;
  fr: string;
  en: string;
  frDate: string;
  enDate: string;
}

const OPERATORS: Record<string, Operator> = {
  '<': { holds: (o) => o < 0, fr: 'inférieure à', en: 'less than', frDate: 'antérieure à', enDate: 'before' },
  '<=': { holds: (o) => o <= 0, fr: 'inférieure ou égale à', en: 'less than or equal to', frDate: 'antérieure ou égale à', enDate: 'on or before' },
  '==': { holds: (o) => o === 0, fr: 'égale à', en: 'equal to', frDate: 'égale à', enDate: 'the same as' },
  '>=': { holds: (o) => o >= 0, fr: 'supérieure ou égale à', en: 'greater than or equal to', frDate: 'postérieure ou égale à', enDate: 'on or after' },
  '>': { holds: (o) => o > 0, fr: 'supérieure à', en: 'greater than', frDate: 'postérieure à', enDate: 'after' },
};

type Kind = 'number' | 'date' | 'text' | 'other';

function kind(value: Exclude<CellValue, null>): Kind {
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return /^\d{4}-\d{2}(?:-\d{2})?$/.test(value) ? 'date' : 'text';
  return 'other';
}

const KIND_NAMES: Record<Kind, { fr: string; en: string }> = {
  number: { fr: 'un nombre', en: 'a number' },
  date: { fr: 'une date', en: 'a date' },
  text: { fr: 'un texte', en: 'a text' },
  other: { fr: 'une valeur ni nombre ni texte', en: 'neither a number nor a text' },
};

/** -1, 0, 1, or NaN when unordered (NaN cells). Dates and texts compare as text (§8). */
function order(a: number | bigint | string, b: number | bigint | string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return a == b ? 0 : Number.NaN; // == on purpose: 2n == 2 between a bigint and a number cell
}

export function compareColumnsCheck(code: string): CustomCheckFactory {
  return (params, schema) => {
    const column = columnParam(params, 'column', schema);
    const column2 = columnParam(params, 'column2', schema);
    const op = params.op;
    const operator = typeof op === 'string' && Object.hasOwn(OPERATORS, op) ? OPERATORS[op] : undefined;
    if (!operator) {
      throw new CheckParamsError({
        fr: `l'opérateur « ${String(op)} » est inconnu : utilisez <, <=, ==, >= ou >.`,
        en: `unknown operator "${String(op)}": use <, <=, ==, >= or >.`,
      });
    }
    return {
      row(row) {
        const a = row.value(column);
        const b = row.value(column2);
        if (isEmpty(a) || isEmpty(b)) return null;
        const text = row.text(column) ?? '';
        const text2 = row.text(column2) ?? '';
        const [kindA, kindB] = [kind(a), kind(b)];
        const comparable = kindA !== 'other' && (kindA === kindB || (kindA !== 'number' && kindB !== 'number'));
        if (!comparable) {
          return [finding(code, column, text, {
            note: `values not comparable: ${kindA} and ${kindB}`,
            message: {
              fr: `Valeurs non comparables : ${column} (« ${text} », ${KIND_NAMES[kindA].fr}) et ${column2} (« ${text2} », ${KIND_NAMES[kindB].fr}) ne sont pas du même type. Vérifiez le type de ces colonnes dans le schéma.`,
              en: `Values not comparable: ${column} ("${text}", ${KIND_NAMES[kindA].en}) and ${column2} ("${text2}", ${KIND_NAMES[kindB].en}) are not of the same kind. Check these columns' types in the schema.`,
            },
          })];
        }
        if (operator.holds(order(a as number | bigint | string, b as number | bigint | string))) return null;
        const dates = kindA === 'date' && kindB === 'date';
        const [fr, en] = dates ? [operator.frDate, operator.enDate] : [operator.fr, operator.en];
        return [finding(code, column, text, {
          note: `${column} ${op} ${column2} is false`,
          message: {
            fr: `La valeur de ${column} (${text}) doit être ${fr} celle de ${column2} (${text2}) : corrigez l'une des deux.`,
            en: `${column} (${text}) must be ${en} ${column2} (${text2}): correct one of the two.`,
          },
        })];
      },
    };
  };
}
