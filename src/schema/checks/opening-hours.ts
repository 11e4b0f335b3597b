// Validata's `opening-hours-value` (§8): an OpenStreetMap `opening_hours` expression, within the
// subset french-formats.ts documents.
import type { CustomCheckFactory, Message } from '../model.js';
import { isOpeningHours } from '../french-formats.js';
import { formatCheck, type Problem } from './common.js';

const EXAMPLE = 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 08:30-12:00; PH off';

/** The two mistakes French publishers make most: French day names, `8h30` times. */
function hint(text: string): Message | null {
  if (/\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lu|me|je|ve|di)\b/i.test(text)) {
    return {
      fr: `Les jours s'écrivent en abrégé anglais : Mo, Tu, We, Th, Fr, Sa, Su (lundi à dimanche), PH pour les jours fériés, par exemple « ${EXAMPLE} ».`,
      en: `Days are written as English abbreviations: Mo, Tu, We, Th, Fr, Sa, Su, PH for public holidays, e.g. "${EXAMPLE}".`,
    };
  }
  if (/\d\s*h\s*\d*/i.test(text)) {
    return {
      fr: `Les heures s'écrivent hh:mm (« 08:30 » et non « 8h30 »), par exemple « ${EXAMPLE} ».`,
      en: `Times are written hh:mm ("08:30", not "8h30"), e.g. "${EXAMPLE}".`,
    };
  }
  return null;
}

function judge(text: string): Problem | null {
  if (isOpeningHours(text)) return null;
  return {
    note: 'not a valid OSM opening_hours expression',
    message: hint(text) ?? {
      fr: `« ${text} » n'est pas une expression d'horaires OpenStreetMap (opening_hours) valide. Exemple : « ${EXAMPLE} ».`,
      en: `"${text}" is not a valid OpenStreetMap opening_hours expression. Example: "${EXAMPLE}".`,
    },
  };
}

export function openingHoursCheck(code: string): CustomCheckFactory {
  return formatCheck(code, judge);
}
