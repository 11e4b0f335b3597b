// What the structural and table-level findings say (spec §4, §5, §9): the frictionless code, its
// note, and one or two sentences in French and English on how to fix the file, in the words of a
// commune's agent rather than of the standard (Validata's names, spec §8, with better hints).
import type { FindingDraft, Message, SchemaField } from './model.js';

const quote = (text: string): string => `« ${text} »`;

function draft(code: string, field: string | null, value: string | null, note: string, message: Message, severity?: 'warning'): FindingDraft {
  return { code, field, value, note, message, ...(severity ? { severity } : {}) };
}

export function blankLabel(position: number): FindingDraft {
  return draft('blank-label', null, '', `label in field ${position} is blank`, {
    fr: `La colonne ${position} n'a pas de nom dans l'en-tête : donnez-lui le nom d'un champ du schéma, ou supprimez-la si elle est vide.`,
    en: `Column ${position} has no name in the header: give it the name of a schema field, or remove it if it is empty.`,
  });
}

export function duplicateLabel(label: string, first: number): FindingDraft {
  return draft('duplicate-label', label, label, `label "${label}" is the same as in field ${first}`, {
    fr: `La colonne ${quote(label)} apparaît deux fois dans l'en-tête (déjà en position ${first}) : renommez ou supprimez l'une des deux.`,
    en: `The column "${label}" appears twice in the header (already at position ${first}): rename or remove one of them.`,
  });
}

export function missingLabel(field: SchemaField): FindingDraft {
  return draft('missing-label', field.name, null, `field "${field.name}" is required but its column is missing`, {
    fr: `La colonne obligatoire ${quote(field.name)} est manquante : ajoutez-la à l'en-tête${field.title ? ` (${field.title})` : ''}, avec ce nom exact.`,
    en: `The required column "${field.name}" is missing: add it to the header${field.title ? ` (${field.title})` : ''}, with this exact name.`,
  });
}

export function missingOptionalLabel(field: SchemaField): FindingDraft {
  return draft('missing-header-warn', field.name, null, `optional field "${field.name}" has no column`, {
    fr: `La colonne facultative ${quote(field.name)} est absente : ce n'est pas une erreur, mais l'ajouter (même vide) rend le fichier conforme au modèle complet.`,
    en: `The optional column "${field.name}" is absent: not an error, but adding it (even empty) matches the full template.`,
  }, 'warning');
}

export function extraLabel(label: string, asError: boolean): FindingDraft {
  const message = {
    fr: `La colonne ${quote(label)} n'est pas dans le schéma : vérifiez son orthographe (majuscules et accents comptent) ou retirez-la.`,
    en: `The column "${label}" is not in the schema: check its spelling (case and accents count) or remove it.`,
  };
  return asError ? draft('extra-label', label, label, `label "${label}" has no field in the schema`, message) : draft('extra-header-warn', label, label, `label "${label}" has no field in the schema`, message, 'warning');
}

export function incorrectLabel(label: string, field: SchemaField, position: number): FindingDraft {
  return draft('incorrect-label', field.name, label, `label "${label}" in field ${position} does not match the field name in the schema "${field.name}"`, {
    fr: `La colonne ${position} s'appelle ${quote(label)} mais le schéma attend ${quote(field.name)} à cette place : renommez-la ou remettez les colonnes dans l'ordre du schéma.`,
    en: `Column ${position} is named "${label}" but the schema expects "${field.name}" there: rename it or put the columns in the schema's order.`,
  });
}

export function missingFieldLabel(field: SchemaField): FindingDraft {
  return draft('missing-label', field.name, null, `there is a missing label in the header's field "${field.name}"`, {
    fr: `La colonne ${quote(field.name)} manque à la fin de l'en-tête : ajoutez-la, à la place que lui donne le schéma.`,
    en: `The column "${field.name}" is missing from the end of the header: add it, where the schema puts it.`,
  });
}

export function unmatchedHeader(): FindingDraft {
  return draft('unmatched-header', null, null, 'no label matches a field of the schema', {
    fr: "Aucune colonne du fichier ne porte le nom d'un champ du schéma : est-ce le bon schéma, et l'en-tête est-il bien sur la première ligne ?",
    en: 'No column of the file is named after a schema field: is it the right schema, and is the header on the first line?',
  });
}

export function disorderedHeader(): FindingDraft {
  return draft('disordered-header-warn', null, null, 'the columns are not in the order of the schema', {
    fr: "Les colonnes ne sont pas dans l'ordre du schéma : ce n'est pas une erreur, les colonnes sont reconnues par leur nom.",
    en: "The columns are not in the schema's order: not an error, columns are matched by name.",
  }, 'warning');
}

export function blankRow(): FindingDraft {
  return draft('blank-row', null, null, 'the row is empty', {
    fr: 'Cette ligne est vide : supprimez-la.',
    en: 'This row is empty: remove it.',
  });
}

export function extraCell(position: number, value: string): FindingDraft {
  return draft('extra-cell', null, value, `cell in field ${position} has no label`, {
    fr: `Cette ligne a une valeur en trop en colonne ${position} (${quote(value)}) : un séparateur de trop, ou un texte contenant le séparateur sans guillemets ?`,
    en: `This row has one value too many in column ${position} ("${value}"): an extra separator, or a text holding the separator without quotes?`,
  });
}

export function missingCell(label: string, position: number): FindingDraft {
  return draft('missing-cell', label, null, `cell in field ${position} is missing`, {
    fr: `Cette ligne s'arrête avant la colonne ${quote(label)} : il manque un séparateur (laissez la cellule vide s'il n'y a pas de valeur).`,
    en: `This row stops before the column "${label}": a separator is missing (leave the cell empty when there is no value).`,
  });
}

export function uniqueError(field: string, value: string, firstRow: number): FindingDraft {
  return draft('unique-error', field, value, `the same as in the row at position ${firstRow}`, {
    fr: `La valeur ${quote(value)} de ${quote(field)} figure déjà ligne ${firstRow} : chaque valeur de cette colonne doit être unique.`,
    en: `The value "${value}" of "${field}" is already on row ${firstRow}: each value of this column must be unique.`,
  });
}

export function primaryKeyError(fields: string[], value: string, firstRow: number | null): FindingDraft {
  const names = fields.join(', ');
  if (firstRow === null) {
    return draft('primary-key', null, value, `the primary key of [${names}] is null`, {
      fr: `L'identifiant de la ligne (${names}) est vide : il doit être rempli.`,
      en: `The row's key (${names}) is empty: it must be filled in.`,
    });
  }
  return draft('primary-key', null, value, `the same as in the row at position ${firstRow}`, {
    fr: `L'identifiant (${names}) = ${quote(value)} figure déjà ligne ${firstRow} : chaque ligne doit avoir un identifiant unique.`,
    en: `The key (${names}) = "${value}" is already on row ${firstRow}: every row needs a unique key.`,
  });
}

export function uniqueKeysError(fields: string[], value: string, firstRow: number): FindingDraft {
  return draft('unique-error', null, value, `the combination of [${fields.join(', ')}] is the same as in the row at position ${firstRow}`, {
    fr: `La combinaison (${fields.join(', ')}) = ${quote(value)} figure déjà ligne ${firstRow} : elle doit être unique.`,
    en: `The combination (${fields.join(', ')}) = "${value}" is already on row ${firstRow}: it must be unique.`,
  });
}

export function foreignKeyError(fields: string[], reference: string[], value: string): FindingDraft {
  return draft('foreign-key', fields.length === 1 ? (fields[0] ?? null) : null, value, `for "${fields.join(', ')}": values "${value}" not found in the lookup table`, {
    fr: `La valeur ${quote(value)} de (${fields.join(', ')}) ne correspond à aucune valeur de (${reference.join(', ')}) : vérifiez-la.`,
    en: `The value "${value}" of (${fields.join(', ')}) matches no value of (${reference.join(', ')}): check it.`,
  });
}

export function foreignKeyNotChecked(resource: string): FindingDraft {
  return draft('foreign-key-not-checked', null, null, `the reference to resource "${resource}" was not checked`, {
    fr: `La clé étrangère vers la ressource ${quote(resource)} n'a pas été vérifiée : cette ressource n'est pas fournie avec le fichier.`,
    en: `The foreign key to the resource "${resource}" was not checked: that resource is not given with the file.`,
  }, 'warning');
}

export function encodingWarning(encoding: string): FindingDraft {
  return draft('encoding-warn', null, null, `the file is encoded in ${encoding}`, {
    fr: `Le fichier est encodé en ${encoding} (souvent le cas d'un export Excel) : il a été lu correctement, mais enregistrez-le en UTF-8, l'encodage attendu par le socle commun des données locales.`,
    en: `The file is encoded in ${encoding} (as Excel often exports): it was read correctly, but save it as UTF-8, the encoding the common local data standard expects.`,
  }, 'warning');
}

export function encodingError(): FindingDraft {
  return draft('encoding-error', null, null, 'the data source could not be decoded as text', {
    fr: "Le fichier contient des octets qui ne se lisent dans aucun encodage de texte connu (un fichier binaire, ou abîmé ?) : enregistrez-le en CSV UTF-8.",
    en: 'The file holds bytes that read in no known text encoding (a binary or damaged file?): save it as UTF-8 CSV.',
  });
}

export function formatError(error: { message: string; messageFr: string }): FindingDraft {
  return draft('format-error', null, null, 'the file could not be read', { fr: error.messageFr, en: error.message });
}

export function blankHeader(): FindingDraft {
  return draft('blank-header', null, null, 'the header is blank', {
    fr: "Le fichier est vide ou sa première ligne l'est : la première ligne doit donner le nom des colonnes.",
    en: 'The file or its first line is empty: the first line must name the columns.',
  });
}

export function deprecatedCheck(name: string, replacement: string): FindingDraft {
  return draft('check-deprecated', null, null, `custom check "${name}" is deprecated, use "${replacement}"`, {
    fr: `Le schéma utilise l'ancien nom de contrôle ${quote(name)} : il a été appliqué, mais l'auteur du schéma devrait écrire ${quote(replacement)}.`,
    en: `The schema uses the old check name "${name}": it was applied, but the schema's author should write "${replacement}".`,
  }, 'warning');
}
