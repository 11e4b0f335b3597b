// Validata's `sum-columns-value` (§8): `column` equals the sum of `columns`, on each row where all
// these cells are filled. Exact decimal arithmetic (§10): 0.1 + 0.2 is 0.3, as the publisher
// wrote it, so the sum is done on the values' decimal digits, scaled to bigints.
import type { CellValue, CustomCheckFactory } from '../model.js';
import { columnListParam, columnParam, finding, isEmpty } from './common.js';

/** units × 10^-scale. */
interface Decimal {
  units: bigint;
  scale: number;
}

/**
 * A number cell's decimal. `String(number)` is the shortest text that reads back as the same
 * double, which is what the publisher wrote (decimal comma and group separators already removed
 * by the cast); a string cell is read as written.
 */
function toDecimal(value: Exclude<CellValue, null>): Decimal | null {
  if (typeof value === 'bigint') return { units: value, scale: 0 };
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match || `${match[2]}${match[3] ?? ''}` === '') return null;
  const fraction = match[3] ?? '';
  let units = BigInt(`${match[2] || '0'}${fraction}`);
  let scale = fraction.length - Number(match[4] ?? 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: match[1] === '-' ? -units : units, scale };
}

function rescale(decimal: Decimal, scale: number): bigint {
  return decimal.units * 10n ** BigInt(scale - decimal.scale);
}

function formatDecimal(decimal: Decimal): string {
  const negative = decimal.units < 0n;
  const digits = (negative ? -decimal.units : decimal.units).toString().padStart(decimal.scale + 1, '0');
  const integer = digits.slice(0, digits.length - decimal.scale);
  const fraction = digits.slice(digits.length - decimal.scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`;
}

export function sumColumnsCheck(code: string): CustomCheckFactory {
  return (params, schema) => {
    const column = columnParam(params, 'column', schema);
    const columns = columnListParam(params, 'columns', schema);
    const all = [column, ...columns];
    return {
      row(row) {
        const values = all.map((name) => row.value(name));
        if (values.some(isEmpty)) return null;
        const texts = all.map((name) => row.text(name) ?? '');
        const decimals: Decimal[] = [];
        for (const [index, value] of values.entries()) {
          const decimal = toDecimal(value!);
          if (!decimal) {
            return [finding(code, column, texts[0]!, {
              note: `${all[index]} is not a number`,
              message: {
                fr: `La somme ne peut pas être vérifiée : ${all[index]} (« ${texts[index]} ») n'est pas un nombre.`,
                en: `The sum cannot be checked: ${all[index]} ("${texts[index]}") is not a number.`,
              },
            })];
          }
          decimals.push(decimal);
        }
        const [total, ...terms] = decimals as [Decimal, ...Decimal[]];
        const scale = Math.max(...decimals.map((decimal) => decimal.scale));
        const sum = terms.reduce((acc, term) => acc + rescale(term, scale), 0n);
        if (sum === rescale(total, scale)) return null;
        const sumText = formatDecimal({ units: sum, scale });
        const detail = texts.slice(1).join(' + ');
        return [finding(code, column, texts[0]!, {
          note: `${column} != ${columns.join(' + ')}`,
          message: {
            fr: `${column} vaut ${texts[0]}, mais ${columns.join(' + ')} font ${sumText} (${detail}) : corrigez l'une de ces valeurs.`,
            en: `${column} is ${texts[0]} but ${columns.join(' + ')} make ${sumText} (${detail}): correct one of these values.`,
          },
        })];
      },
    };
  };
}
