// Validata's `year-interval-value` (§8): `YYYY/YYYY`, the second year after the first; a single
// `YYYY` too when `allow-year-only` is "yes" or "true".
import type { CustomCheckFactory } from '../model.js';
import { formatCheck, type Problem } from './common.js';

function judge(text: string, allowYearOnly: boolean): Problem | null {
  const expected = allowYearOnly
    ? { fr: 'une année AAAA ou un intervalle AAAA/AAAA', en: 'a year YYYY or an interval YYYY/YYYY' }
    : { fr: 'un intervalle AAAA/AAAA', en: 'an interval YYYY/YYYY' };
  const interval = /^(\d{4})\/(\d{4})$/.exec(text);
  if (interval) {
    const [first, second] = [Number(interval[1]), Number(interval[2])];
    if (second > first) return null;
    if (second === first && allowYearOnly) {
      return {
        note: 'both years of the interval are the same',
        message: { fr: `Les deux années sont identiques : écrivez l'année seule, « ${first} ».`, en: `Both years are the same: write the year alone, "${first}".` },
      };
    }
    return {
      note: 'the second year must be after the first',
      message: second < first
        ? { fr: `La seconde année doit être postérieure à la première : écrivez « ${interval[2]}/${interval[1]} ».`, en: `The second year must be after the first: write "${interval[2]}/${interval[1]}".` }
        : { fr: `Les deux années sont identiques : un intervalle va d'une année à une année postérieure, par exemple « ${first}/${first + 1} ».`, en: `Both years are the same: an interval runs from one year to a later one, e.g. "${first}/${first + 1}".` },
    };
  }
  if (/^\d{4}$/.test(text)) {
    if (allowYearOnly) return null;
    return {
      note: 'a single year is not allowed (allow-year-only is not set)',
      message: {
        fr: `Une année seule n'est pas acceptée ici : écrivez un intervalle AAAA/AAAA, par exemple « ${text}/${Number(text) + 1} ».`,
        en: `A single year is not accepted here: write an interval YYYY/YYYY, e.g. "${text}/${Number(text) + 1}".`,
      },
    };
  }
  const otherSeparator = /^(\d{4})\s*[-–_ ,;]\s*(\d{4})$/.exec(text);
  if (otherSeparator) {
    const fixed = `${otherSeparator[1]}/${otherSeparator[2]}`;
    return {
      note: 'years must be separated by "/"',
      message: { fr: `Séparez les deux années par une barre oblique : « ${fixed} ».`, en: `Separate the two years with a slash: "${fixed}".` },
    };
  }
  return {
    note: `expected ${allowYearOnly ? 'YYYY or ' : ''}YYYY/YYYY`,
    message: { fr: `« ${text} » n'est pas ${expected.fr} (par exemple « 2017/2018 »).`, en: `"${text}" is not ${expected.en} (e.g. "2017/2018").` },
  };
}

export function yearIntervalCheck(code: string): CustomCheckFactory {
  return (params, schema) => {
    // Validata's rule: only these two strings switch it on; any other value (booleans included) means no.
    const allowYearOnly = params['allow-year-only'] === 'yes' || params['allow-year-only'] === 'true';
    return formatCheck(code, (text) => judge(text, allowYearOnly))(params, schema);
  };
}
