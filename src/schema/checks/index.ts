// The Validata custom checks a schema may list in `custom_checks` (§8), by name: Validata's
// built-in checks, frformat's format checks, and the historical names that are now aliases.
// Every check reports under the name the schema used.
import { CheckParamsError, type CustomCheck, type CustomCheckDeclaration, type CustomCheckFactory, type FindingDraft, type TableSchema } from '../model.js';
import { actesCheck } from './actes.js';
import { cohesiveColumnsCheck } from './cohesive-columns.js';
import { codeCommuneInseeCheck, codePostalCheck } from './cog.js';
import { compareColumnsCheck } from './compare-columns.js';
import { gpsCheck } from './gps.js';
import { sirenCheck, siretCheck } from './identifiers.js';
import { oneOfRequiredCheck } from './one-of-required.js';
import { openingHoursCheck } from './opening-hours.js';
import { phoneCheck } from './phone.js';
import { sumColumnsCheck } from './sum-columns.js';
import { yearIntervalCheck } from './year-interval.js';

export const CUSTOM_CHECKS: Readonly<Record<string, CustomCheckFactory>> = Object.freeze({
  // Validata's built-in checks.
  'french-siret-value': siretCheck('french-siret-value'),
  'french-siren-value': sirenCheck('french-siren-value'),
  'nomenclature-actes-value': actesCheck('nomenclature-actes-value'),
  'year-interval-value': yearIntervalCheck('year-interval-value'),
  'cohesive-columns-value': cohesiveColumnsCheck('cohesive-columns-value'),
  'compare-columns-value': compareColumnsCheck('compare-columns-value'),
  'sum-columns-value': sumColumnsCheck('sum-columns-value'),
  'one-of-required': oneOfRequiredCheck('one-of-required'),
  'french-gps-coordinates': gpsCheck('french-gps-coordinates', 'reversed-french-gps-coordinates'),
  'phone-number-value': phoneCheck('phone-number-value'),
  'opening-hours-value': openingHoursCheck('opening-hours-value'),
  // frformat's formats (kebab-case of their class names) that we ship the reference data for.
  siret: siretCheck('siret'),
  siren: sirenCheck('siren'),
  'nomenclature-acte': actesCheck('nomenclature-acte'),
  'code-commune-insee': codeCommuneInseeCheck('code-commune-insee'),
  'code-postal': codePostalCheck('code-postal'),
  'coordonnees-gps-francaises': gpsCheck('coordonnees-gps-francaises', 'coordonnees-gps-francaises'),
});

/** Deprecated name → its replacement: Validata runs the new check and warns the schema author (§8). */
export const DEPRECATED_CHECK_NAMES: Readonly<Record<string, string>> = Object.freeze({
  'french-siret-value': 'siret',
  'french-siren-value': 'siren',
  'nomenclature-actes-value': 'nomenclature-acte',
});

function checkError(note: string, fr: string, en: string): FindingDraft {
  return { code: 'check-error', field: null, value: null, note, message: { fr, en } };
}

/**
 * The check a `custom_checks` entry declares, or one `check-error` saying it was not run (unknown
 * name: "Custom Check Inconnu"; wrong params: "Erreur d'Initialisation du Custom Check"). The
 * rest of the validation runs either way.
 */
export function makeCustomCheck(declaration: CustomCheckDeclaration, schema: TableSchema): CustomCheck | FindingDraft {
  const { name } = declaration;
  const factory = Object.hasOwn(CUSTOM_CHECKS, name) ? CUSTOM_CHECKS[name] : undefined;
  if (!factory) {
    const known = Object.keys(CUSTOM_CHECKS).join(', ');
    return checkError(
      `custom check "${name}" is not known`,
      `Contrôle personnalisé inconnu : le schéma demande le contrôle « ${name} », que ce validateur ne connaît pas ; il n'a donc pas été effectué. Corrigez son nom dans custom_checks (contrôles connus : ${known}).`,
      `Unknown custom check: the schema asks for the check "${name}", which this validator does not know; it was therefore not run. Correct its name in custom_checks (known checks: ${known}).`,
    );
  }
  try {
    return factory(declaration.params ?? {}, schema);
  } catch (error) {
    if (!(error instanceof CheckParamsError)) throw error;
    return checkError(
      `custom check "${name}": ${error.detail.en}`,
      `Le contrôle personnalisé « ${name} » n'a pas pu être initialisé, il n'a donc pas été effectué : ${error.detail.fr} Corrigez ses paramètres dans custom_checks.`,
      `The custom check "${name}" could not be set up, so it was not run: ${error.detail.en} Correct its params in custom_checks.`,
    );
  }
}
