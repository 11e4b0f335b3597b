// Validata's `nomenclature-actes-value` and frformat's `nomenclature-acte` (§8): a deliberation's
// matter starts with one of the 9 matters of the ACTES nomenclature, then `/` and its sub-matter.
import type { CustomCheckFactory } from '../model.js';
import { ACTES_MATTERS, actesMatter } from '../french-formats.js';
import { formatCheck, type Problem } from './common.js';

const MATTERS_LIST = ACTES_MATTERS.join(', ');

function judge(text: string): Problem | null {
  const verdict = actesMatter(text);
  if (verdict.valid) return null;
  if (verdict.problem === 'space-around-slash') {
    const fixed = text.replace(/\s*\/\s*/, '/');
    return {
      note: 'space around "/"',
      message: {
        fr: `Retirez les espaces autour de la barre oblique : « ${fixed} ».`,
        en: `Remove the spaces around the slash: "${fixed}".`,
      },
    };
  }
  if (verdict.problem === 'no-slash') {
    const example = `${verdict.matter ?? 'Urbanisme'}/Documents d'urbanisme`;
    return {
      note: 'no "/" between matter and sub-matter',
      message: verdict.matter
        ? {
            fr: `Ajoutez la sous-matière après une barre oblique, sans espace : « ${verdict.matter}/… » (nomenclature ACTES, par exemple « Urbanisme/Documents d'urbanisme »).`,
            en: `Add the sub-matter after a slash, without spaces: "${verdict.matter}/…" (ACTES nomenclature, e.g. "Urbanisme/Documents d'urbanisme").`,
          }
        : {
            fr: `Écrivez la matière ACTES puis la sous-matière, séparées par une barre oblique sans espace, par exemple « ${example} ». Matières : ${MATTERS_LIST}.`,
            en: `Write the ACTES matter then the sub-matter, separated by a slash without spaces, e.g. "${example}". Matters: ${MATTERS_LIST}.`,
          },
    };
  }
  const before = text.slice(0, text.indexOf('/'));
  return {
    note: 'not a matter of the ACTES nomenclature',
    message: {
      fr: `« ${before} » n'est pas une matière de la nomenclature ACTES. Le texte avant la barre oblique doit être l'une de : ${MATTERS_LIST}.`,
      en: `"${before}" is not a matter of the ACTES nomenclature. The text before the slash must be one of: ${MATTERS_LIST}.`,
    },
  };
}

export function actesCheck(code: string): CustomCheckFactory {
  return formatCheck(code, judge);
}
