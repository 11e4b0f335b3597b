// What a `constraint-error` says (spec §8, Messages): frictionless's note in its words
// (`constraint "maxLength" is "10"`) and one or two sentences in French and English with the fix:
// the bound, the expected and actual lengths, the allowed values with the near miss (`Voirie` →
// `voirie`), the value repaired to fit the pattern (a lost leading zero, spaces in a SIRET).
import type { ConstraintFailure, FieldConstraints, Message, SchemaField } from './model.js';
import type { JsonSchemaFailure } from './json-schema-lite.js';
import { distance, en, fr, listOf, loose, pyRepr, pyStr } from './message-text.js';

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const failure = (constraint: keyof FieldConstraints, written: string, message: Message): ConstraintFailure => ({
  constraint,
  note: `constraint "${constraint}" is "${written}"`,
  message,
});

export function required(field: SchemaField): ConstraintFailure {
  const missing = field.missingValues.filter((v) => v !== '');
  const also = missing.length > 0 ? [` (${listOf(missing, fr)} compte comme vide)`, ` (${listOf(missing, en)} counts as empty)`] : ['', ''];
  return failure('required', 'True', {
    fr: `Valeur manquante. Ce champ est obligatoire : remplissez la cellule${also[0]}.`,
    en: `Missing value. This field is required: fill in the cell${also[1]}.`,
  });
}

export function length(field: SchemaField, constraint: 'minLength' | 'maxLength', limit: number, actual: number): ConstraintFailure {
  const unit = field.type === 'string' ? ['caractères', 'characters'] : field.type === 'object' ? ['clés', 'keys'] : ['éléments', 'items'];
  const message = constraint === 'minLength'
    ? { fr: `Valeur trop courte. ${actual} ${unit[0]}, il en faut au moins ${limit}.`, en: `Value too short. ${actual} ${unit[1]}, at least ${limit} required.` }
    : { fr: `Valeur trop longue. ${actual} ${unit[0]} pour ${limit} au maximum : raccourcissez-la.`, en: `Value too long. ${actual} ${unit[1]} for at most ${limit}: shorten it.` };
  return failure(constraint, String(limit), message);
}

const TEMPORAL = new Set(['date', 'time', 'datetime', 'year', 'yearmonth', 'duration']);

export function bound(field: SchemaField, constraint: 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum', written: unknown, value: unknown, text: string): ConstraintFailure {
  const limit = pyStr(written);
  if (typeof value === 'number' && Number.isNaN(value)) {
    return failure(constraint, limit, { fr: `Valeur non comparable. ${fr(text)} n'est pas un nombre et ne peut pas respecter la limite ${limit}.`, en: `Value not comparable. ${en(text)} is not a number and cannot meet the bound ${limit}.` });
  }
  const low = constraint === 'minimum' || constraint === 'exclusiveMinimum';
  const title = low ? ['Valeur trop petite', 'Value too small'] : ['Valeur trop grande', 'Value too large'];
  const rules = TEMPORAL.has(field.type)
    ? {
      minimum: [`la valeur ne peut pas être avant ${limit}`, `the value cannot be before ${limit}`],
      maximum: [`la valeur ne peut pas être après ${limit}`, `the value cannot be after ${limit}`],
      exclusiveMinimum: [`la valeur doit être strictement après ${limit}`, `the value must be strictly after ${limit}`],
      exclusiveMaximum: [`la valeur doit être strictement avant ${limit}`, `the value must be strictly before ${limit}`],
    }
    : {
      minimum: [`la valeur minimale autorisée est ${limit}`, `the smallest value allowed is ${limit}`],
      maximum: [`la valeur maximale autorisée est ${limit}`, `the largest value allowed is ${limit}`],
      exclusiveMinimum: [`la valeur doit être strictement supérieure à ${limit}`, `the value must be strictly greater than ${limit}`],
      exclusiveMaximum: [`la valeur doit être strictement inférieure à ${limit}`, `the value must be strictly less than ${limit}`],
    };
  const [frRule, enRule] = rules[constraint];
  return failure(constraint, limit, {
    fr: `${title[0]}. ${fr(text)} : ${frRule}.`,
    en: `${title[1]}. ${en(text)}: ${enRule}.`,
  });
}

/** Changes a publisher's tools often make, undone: the first one that makes the value fit is suggested. */
const REPAIRS: Array<[(text: string) => string, string, string]> = [
  [(t) => t.trim(), 'retirez les espaces au début ou à la fin', 'remove the spaces at the start or end'],
  [(t) => t.replace(/[\s\u00a0\u202f]+/g, ''), 'retirez les espaces', 'remove the spaces'],
  [(t) => (/^\d+$/.test(t) ? `0${t}` : t), "le zéro du début a sans doute été perdu par le tableur (mettez la colonne au format texte)", 'the leading zero was probably dropped by the spreadsheet (format the column as text)'],
  [(t) => (/^\d+$/.test(t) ? `00${t}` : t), "les zéros du début ont sans doute été perdus par le tableur (mettez la colonne au format texte)", 'the leading zeros were probably dropped by the spreadsheet (format the column as text)'],
  [(t) => t.replace(/[.\-/\s]+/g, ''), 'retirez les séparateurs', 'remove the separators'],
  [(t) => t.toUpperCase(), 'écrivez-la en majuscules', 'write it in capitals'],
  [(t) => t.toLowerCase(), 'écrivez-la en minuscules', 'write it in lower case'],
  [(t) => t.trim().replace(/\s+/g, ' '), 'retirez les espaces en trop', 'remove the extra spaces'],
];

export function pattern(field: SchemaField, regex: RegExp, text: string): ConstraintFailure {
  const written = field.constraints.pattern ?? '';
  for (const [repair, frWhy, enWhy] of REPAIRS) {
    const fixed = repair(text);
    if (fixed !== text && fixed !== '' && regex.test(fixed)) {
      return failure('pattern', written, {
        fr: `Format incorrect. ${capital(frWhy)} : ${fr(fixed)}.`,
        en: `Invalid format. ${capital(enWhy)}: ${en(fixed)}.`,
      });
    }
  }
  const example = field.example !== null && field.example !== '' && regex.test(field.example) ? field.example : null;
  const hint = example === null ? ['', ''] : [` Exemple de valeur correcte : ${fr(example)}.`, ` Example of a valid value: ${en(example)}.`];
  const about = field.description && field.description.length <= 200 ? [` (${field.description.trim().replace(/\.$/, '')})`, ''] : ['', ''];
  return failure('pattern', written, {
    fr: `Format incorrect. ${fr(text)} ne respecte pas la forme attendue${about[0]}.${hint[0]} Motif : ${written}`,
    en: `Invalid format. ${en(text)} does not have the expected form.${hint[1]} Pattern: ${written}`,
  });
}

/** The allowed value the cell most likely meant: same letters but for case, accents, apostrophes and spaces; else a small typo. */
export function nearMiss(text: string, allowed: readonly unknown[]): string | null {
  const strings = allowed.filter((v): v is string => typeof v === 'string');
  const wanted = loose(text);
  const same = strings.find((v) => loose(v) === wanted);
  if (same !== undefined) return same;
  if (strings.length > 500 || wanted.length < 4) return null;
  const limit = Math.max(1, Math.floor(wanted.length / 6));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const v of strings) {
    const d = distance(wanted, loose(v), limit);
    if (d < bestDistance) {
      best = v;
      bestDistance = d;
    } else if (d === bestDistance && d <= limit) {
      best = null; // Two candidates as close: suggest neither.
    }
  }
  return bestDistance <= limit ? best : null;
}

export function enumeration(field: SchemaField, allowed: readonly unknown[], text: string): ConstraintFailure {
  const written = pyRepr(allowed);
  const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const values = allowed.map(shown);
  const frList = listOf(values, fr, 10, (n) => `et ${n} autres`);
  const enList = listOf(values, en, 10, (n) => `and ${n} more`);
  const guess = nearMiss(text, values);
  if (guess !== null) {
    return failure('enum', written, {
      fr: `Valeur non autorisée. Écrivez ${fr(guess)} (majuscules, accents, apostrophes et espaces comptent). Valeurs acceptées : ${frList}.`,
      en: `Value not allowed. Write ${en(guess)} (case, accents, apostrophes and spaces count). Accepted values: ${enList}.`,
    });
  }
  return failure('enum', written, {
    fr: `Valeur non autorisée. ${fr(text)} n'est pas dans la liste. Valeurs acceptées : ${frList}.`,
    en: `Value not allowed. ${en(text)} is not in the list. Accepted values: ${enList}.`,
  });
}

export function jsonSchema(field: SchemaField, found: JsonSchemaFailure): ConstraintFailure {
  const where = found.path === '$' ? ['', ''] : [` (à ${found.path})`, ` (at ${found.path})`];
  return failure('jsonSchema', JSON.stringify(field.constraints.jsonSchema), {
    fr: `Structure incorrecte${where[0]}. ${capital(found.fr)}.`,
    en: `Invalid structure${where[1]}. ${capital(found.en)}.`,
  });
}

/** A failure of one item of an `array` cell (frictionless `arrayItem`): note prefixed `array item`. */
export function arrayItem(item: ConstraintFailure, itemText: string): ConstraintFailure {
  return {
    constraint: item.constraint,
    note: `array item ${item.note}`,
    message: { fr: `Élément ${fr(itemText)} de la liste — ${item.message.fr}`, en: `List item ${en(itemText)} — ${item.message.en}` },
  };
}
