// frformat's `code-commune-insee` and `code-postal` checks (§8), against the Code officiel
// géographique shipped with the product (COG 2026, @etalab/decoupage-administratif).
import type { CustomCheckFactory } from '../model.js';
import { isCodeCommuneInsee, isCodePostal } from '../french-formats.js';
import { formatCheck, type Problem } from './common.js';

function leadingZero(what: { fr: string; en: string }, fixed: string): Problem {
  return {
    note: `${what.en} lost its leading zero`,
    message: {
      fr: `Il manque le zéro initial du ${what.fr} : écrivez « ${fixed} » (le tableur l'a sans doute retiré en lisant la colonne comme un nombre ; formatez-la en texte).`,
      en: `The ${what.en} lost its leading zero: write "${fixed}" (the spreadsheet probably dropped it by reading the column as a number; format it as text).`,
    },
  };
}

function judgeCommune(text: string): Problem | null {
  if (isCodeCommuneInsee(text)) return null;
  if (/^\d{4}$/.test(text) && isCodeCommuneInsee(`0${text}`)) return leadingZero({ fr: 'code commune', en: 'code commune' }, `0${text}`);
  if (isCodePostal(text)) {
    return {
      note: 'a postcode, not a code commune INSEE',
      message: {
        fr: `« ${text} » est un code postal, pas un code commune INSEE (Nantes : code postal 44000, code commune 44109). Retrouvez le code commune dans le Code officiel géographique de l'Insee.`,
        en: `"${text}" is a postcode, not an INSEE code commune (Nantes: postcode 44000, code commune 44109). Look the code commune up in INSEE's Code officiel géographique.`,
      },
    };
  }
  if (!/^(?:\d{5}|2[AB]\d{3})$/.test(text)) {
    return {
      note: 'code commune INSEE must be 5 characters',
      message: {
        fr: `Un code commune INSEE compte 5 caractères : le département (2 chiffres, 2A ou 2B pour la Corse, 97x outre-mer) puis 3 chiffres, par exemple « 44109 » pour Nantes ; « ${text} » n'a pas cette forme.`,
        en: `An INSEE code commune has 5 characters: the département (2 digits, 2A or 2B for Corsica, 97x overseas) then 3 digits, e.g. "44109" for Nantes; "${text}" does not.`,
      },
    };
  }
  return {
    note: 'unknown code commune INSEE (COG 2026, current and former codes)',
    message: {
      fr: `Le code commune « ${text} » n'existe pas dans le Code officiel géographique de l'Insee (codes actuels et anciens) : vérifiez-le.`,
      en: `The code commune "${text}" is not in INSEE's Code officiel géographique (current and former codes): check it.`,
    },
  };
}

function judgePostal(text: string): Problem | null {
  if (isCodePostal(text)) return null;
  if (/^\d{4}$/.test(text) && isCodePostal(`0${text}`)) return leadingZero({ fr: 'code postal', en: 'postcode' }, `0${text}`);
  if (!/^\d{5}$/.test(text)) {
    return {
      note: 'postcode must be 5 digits',
      message: {
        fr: `Un code postal compte 5 chiffres, par exemple « 44000 » ; « ${text} » n'a pas cette forme.`,
        en: `A French postcode has 5 digits, e.g. "44000"; "${text}" does not.`,
      },
    };
  }
  return {
    note: 'postcode of no commune',
    message: {
      fr: `Le code postal « ${text} » n'est celui d'aucune commune : vérifiez-le (les codes CEDEX ne sont pas acceptés, donnez le code postal de la commune).`,
      en: `The postcode "${text}" belongs to no commune: check it (CEDEX codes are not accepted, give the commune's postcode).`,
    },
  };
}

export function codeCommuneInseeCheck(code: string): CustomCheckFactory {
  return formatCheck(code, judgeCommune);
}

export function codePostalCheck(code: string): CustomCheckFactory {
  return formatCheck(code, judgePostal);
}
