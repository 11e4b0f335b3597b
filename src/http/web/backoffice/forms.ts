// Reading the back-office's forms: the fields of an urlencoded body, the metadata they describe,
// and the errors to show next to each field, in the page's language. A form with an error is
// shown again with what was typed, never lost.
import type { FastifyReply } from 'fastify';
import { VISIBILITIES, type DatasetChanges, type Visibility } from '../../../catalog/index.js';
import { AppError, isAppError } from '../../../errors.js';
import { defineTexts, type Lang } from '../../../web/index.js';
import { LICENCES, type FormErrors, type MetadataValues } from '../../../web/pages/backoffice/fields.js';

export type FormBody = Record<string, string | string[] | undefined>;

const tt = defineTexts({
  titleRequired: { fr: 'Indiquez un titre.', en: 'Give a title.' },
  visibilityInvalid: { fr: 'Choisissez public, restreint ou privé.', en: 'Choose public, restricted or private.' },
});

/** The body of an urlencoded form (an empty object for a request without one). */
export function formBody(body: unknown): FormBody {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as FormBody) : {};
}

/** A field's value, trimmed; the last one when a field comes twice. */
export function field(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? (value.at(-1) ?? '') : (value ?? '')).trim();
}

function list(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
}

/** The metadata a form sends, as the form shows them again and as the catalog takes them. */
export function metadataFromForm(body: FormBody, lang: Lang, fallbackVisibility: Visibility): { values: MetadataValues; changes: DatasetChanges; errors: FormErrors } {
  const errors: FormErrors = {};
  const visibilityText = field(body, 'visibility') || fallbackVisibility;
  if (!(VISIBILITIES as readonly string[]).includes(visibilityText)) errors.visibility = tt(lang, 'visibilityInvalid');
  const visibility = (VISIBILITIES as readonly string[]).includes(visibilityText) ? (visibilityText as Visibility) : fallbackVisibility;
  const values: MetadataValues = {
    title: field(body, 'title'),
    description: field(body, 'description'),
    themes: field(body, 'themes'),
    keywords: field(body, 'keywords'),
    license: field(body, 'license') || (LICENCES[0]?.name ?? ''),
    frequency: field(body, 'frequency'),
    temporalCoverage: field(body, 'temporalCoverage'),
    spatialCoverage: field(body, 'spatialCoverage'),
    visibility,
  };
  if (!values.title) errors.title = tt(lang, 'titleRequired');
  const licence = LICENCES.find((l) => l.name === values.license);
  const changes: DatasetChanges = {
    title: values.title,
    description: values.description,
    visibility,
    metas: {
      themes: list(values.themes),
      keywords: list(values.keywords),
      license: values.license,
      // A licence of the list brings its URL; another one (set through the API) keeps its own.
      ...(licence ? { licenseUrl: licence.url } : {}),
      frequency: values.frequency || null,
      temporalCoverage: values.temporalCoverage || null,
      spatialCoverage: values.spatialCoverage || null,
    },
  };
  return { values, changes, errors };
}

/**
 * The field an AppError is about, with its message in the page's language: a domain error thrown
 * while handling a form (an id already taken, a file that cannot be read) is shown by that field.
 */
export function errorsOf(error: unknown, lang: Lang, fallbackField: string, fieldNames: Record<string, string> = {}): FormErrors {
  if (!isAppError(error) || error.status >= 500 || error.code === 'FORBIDDEN' || error.code === 'CSRF_INVALID' || error.code === 'SESSION_REQUIRED') throw error;
  const named = error.location.field ?? error.location.parameter;
  const fieldName = (named && (fieldNames[named] ?? named)) || fallbackField;
  return { [fieldName]: messageOf(error, lang) };
}

export function messageOf(error: AppError, lang: Lang): string {
  return lang === 'fr' ? error.messageFr : error.message;
}

/** Back-office pages depend on who is signed in: never stored by a shared cache, nor by the browser. */
export function privatePage(reply: FastifyReply, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').header('vary', 'Cookie');
}
