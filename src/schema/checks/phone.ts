// Validata's `phone-number-value` (§8): a French number (short numbers included) or an
// international one with its country prefix.
import type { CustomCheckFactory, Message } from '../model.js';
import { compactPhoneNumber, isFrenchPhoneNumber } from '../french-formats.js';
import { formatCheck, type Problem } from './common.js';

const EXPECTED: Message = {
  fr: 'un numéro français à 10 chiffres (« 02 40 41 90 00 »), un numéro court (« 15 », « 3949 ») ou un numéro international précédé de + et de l\'indicatif du pays (« +32 2 279 22 11 »)',
  en: 'a 10-digit French number ("02 40 41 90 00"), a short number ("15", "3949") or an international number starting with + and the country code ("+32 2 279 22 11")',
};

function hint(text: string): Message | null {
  const compact = compactPhoneNumber(text);
  if (/^[1-9]\d{8}$/.test(compact)) {
    return {
      fr: `Il manque le 0 initial : écrivez « 0${compact} » (le tableur l'a sans doute retiré en lisant la colonne comme un nombre ; formatez-la en texte).`,
      en: `The leading 0 is missing: write "0${compact}" (the spreadsheet probably dropped it by reading the column as a number; format it as text).`,
    };
  }
  if (/^\+330[1-9]\d{8}$/.test(compact)) {
    const fixed = `+33${compact.slice(4)}`;
    return {
      fr: `Après l'indicatif +33, retirez le 0 : écrivez « ${fixed} ».`,
      en: `After the +33 country code, drop the 0: write "${fixed}".`,
    };
  }
  if (/^0[1-9]\d{8}0[1-9]\d{8}$/.test(compact)) {
    return {
      fr: 'La cellule contient deux numéros : n\'en gardez qu\'un.',
      en: 'The cell holds two numbers: keep only one.',
    };
  }
  return null;
}

function judge(text: string): Problem | null {
  if (isFrenchPhoneNumber(text)) return null;
  const specific = hint(text);
  return {
    note: 'not a valid French or international phone number',
    message: specific ?? {
      fr: `« ${text} » n'est pas un numéro de téléphone valide : écrivez ${EXPECTED.fr}.`,
      en: `"${text}" is not a valid phone number: write ${EXPECTED.en}.`,
    },
  };
}

export function phoneCheck(code: string): CustomCheckFactory {
  return formatCheck(code, judge);
}
