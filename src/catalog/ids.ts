import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A random id of lowercase letters and digits. No `_` or `%`: organisation paths are matched with
 * LIKE, where those two are wildcards.
 */
export function randomId(length = 12): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** ODS's dataset_uid form: `da_` and six characters. */
export function newDatasetUid(): string {
  return `da_${randomId(6)}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}

import { AppError } from '../errors.js';

/** A slug as URLs and the CLI take it: lowercase letters, digits and single dashes. */
export function checkSlug(slug: string, field: string): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 100) {
    throw new AppError('INVALID_FIELD', { field, value: slug, expected: 'lowercase letters, digits and dashes', expected_fr: 'des minuscules, des chiffres et des tirets' }, { field });
  }
}

/** `Pays de la Loire` → `pays-de-la-loire`, `Paimbœuf` → `paimboeuf`. */
/** The slug with underscores: a field name, an attachment id (`Code INSEE` → `code_insee`). */
export function snakeName(text: string): string {
  return slugify(text).replace(/-/g, '_');
}

export function slugify(text: string): string {
  return text
    .replace(/œ/g, 'oe').replace(/Œ/g, 'Oe').replace(/æ/g, 'ae').replace(/Æ/g, 'Ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
