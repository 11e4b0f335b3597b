// SIREN and SIRET checks: Validata's `french-siren-value` / `french-siret-value` and frformat's
// `siren` / `siret` (§8). The message says what went wrong in the terms a publisher can act on:
// separators, a leading zero lost by a spreadsheet, a SIREN given for a SIRET, a mistyped number.
import type { CustomCheckFactory, Message } from '../model.js';
import { isSiren, isSiret } from '../french-formats.js';
import { formatCheck, type Problem } from './common.js';

interface Identifier {
  label: 'SIREN' | 'SIRET';
  length: number;
  valid: (text: string) => boolean;
  /** The other identifier, to recognise one given for the other. */
  other: { label: string; length: number; valid: (text: string) => boolean; message: (digits: string) => Message };
}

const SIRET: Identifier = {
  label: 'SIRET',
  length: 14,
  valid: isSiret,
  other: {
    label: 'SIREN',
    length: 9,
    valid: isSiren,
    message: (digits) => ({
      fr: `« ${digits} » est un SIREN (9 chiffres) : le SIRET de l'établissement en compte 14, le SIREN suivi des 5 chiffres du NIC. Retrouvez-le sur annuaire-entreprises.data.gouv.fr.`,
      en: `"${digits}" is a SIREN (9 digits): the establishment's SIRET has 14, the SIREN followed by the 5-digit NIC. Look it up on annuaire-entreprises.data.gouv.fr.`,
    }),
  },
};

const SIREN: Identifier = {
  label: 'SIREN',
  length: 9,
  valid: isSiren,
  other: {
    label: 'SIRET',
    length: 14,
    valid: isSiret,
    message: (digits) => ({
      fr: `« ${digits} » est un SIRET (14 chiffres) : le SIREN en est les 9 premiers chiffres, écrivez « ${digits.slice(0, 9)} ».`,
      en: `"${digits}" is a SIRET (14 digits): the SIREN is its first 9 digits, write "${digits.slice(0, 9)}".`,
    }),
  },
};

function judge(id: Identifier, text: string): Problem | null {
  // As Validata (python-stdnum's compact): spaces and dots between the digits are not this check's
  // business — an SCDL field's own pattern (^\d{14}$) reports them, once.
  if (id.valid(text) || id.valid(text.replace(/[\s.]/g, ''))) return null;
  const { label, length } = id;
  if (/^\d(?:[.,]\d+)?E\+?\d+$/i.test(text.trim())) {
    return {
      note: `${label} written in scientific notation`,
      message: {
        fr: `Le tableur a transformé le ${label} en nombre (« ${text} ») : formatez la colonne en texte et saisissez de nouveau les ${length} chiffres.`,
        en: `The spreadsheet turned the ${label} into a number ("${text}"): format the column as text and type the ${length} digits again.`,
      },
    };
  }
  // `32402138500000.0`: a spreadsheet read the column as numbers and wrote them back as decimals.
  const decimalTail = /^(\d+)[.,]0+$/.exec(text)?.[1];
  if (decimalTail !== undefined && id.valid(decimalTail)) {
    return {
      note: `${label} written as a decimal number`,
      message: {
        fr: `Retirez la partie décimale ajoutée par le tableur : « ${decimalTail} » (formatez la colonne en texte).`,
        en: `Remove the decimal part the spreadsheet added: "${decimalTail}" (format the column as text).`,
      },
    };
  }
  const digits = decimalTail ?? text.replace(/[\s.\-]/g, '');
  if (digits !== text && /^\d+$/.test(digits) && id.valid(digits)) {
    return {
      note: `${label} with separators`,
      message: {
        fr: `Écrivez le ${label} sans espaces ni séparateurs : « ${digits} ».`,
        en: `Write the ${label} without spaces or separators: "${digits}".`,
      },
    };
  }
  if (!/^\d+$/.test(digits)) {
    return {
      note: `${label} must be ${length} digits`,
      message: {
        fr: `Un ${label} ne contient que des chiffres (${length}) : « ${text} » contient d'autres caractères.`,
        en: `A ${label} has digits only (${length}): "${text}" has other characters.`,
      },
    };
  }
  if (digits.length === length - 1 && id.valid(`0${digits}`)) {
    return {
      note: `${label} lost its leading zero`,
      message: {
        fr: `Il manque le zéro initial : écrivez « 0${digits} » (le tableur l'a sans doute retiré en lisant la colonne comme un nombre ; formatez-la en texte).`,
        en: `The leading zero is missing: write "0${digits}" (the spreadsheet probably dropped it by reading the column as a number; format it as text).`,
      },
    };
  }
  if (digits.length === id.other.length && id.other.valid(digits)) {
    return { note: `a ${id.other.label} where a ${label} is expected`, message: id.other.message(digits) };
  }
  if (digits.length !== length) {
    return {
      note: `${label} must be ${length} digits`,
      message: {
        fr: `Un ${label} compte ${length} chiffres ; « ${text} » en compte ${digits.length}.`,
        en: `A ${label} has ${length} digits; "${text}" has ${digits.length}.`,
      },
    };
  }
  return {
    note: `${label} checksum (Luhn) fails`,
    message: {
      fr: `Le ${label} « ${digits} » n'existe pas (sa clé de contrôle est fausse) : il a probablement été mal saisi. Vérifiez-le sur annuaire-entreprises.data.gouv.fr.`,
      en: `The ${label} "${digits}" cannot exist (its check digit is wrong): it was probably mistyped. Check it on annuaire-entreprises.data.gouv.fr.`,
    },
  };
}

/** `french-siret-value` and `siret`: a valid SIRET (§8), reported under `code`. */
export function siretCheck(code: string): CustomCheckFactory {
  return formatCheck(code, (text) => judge(SIRET, text));
}

/** `french-siren-value` and `siren`: a valid SIREN (§8), reported under `code`. */
export function sirenCheck(code: string): CustomCheckFactory {
  return formatCheck(code, (text) => judge(SIREN, text));
}
