// The parts every back-office form shares: a labelled input with its error next to it (RGAA 11.10:
// the error names the field and sits by it; aria-describedby lets a screen reader say it), the
// CSRF field every POST carries, and the dataset's description fields (metadata, visibility) that
// both the publishing wizard and the dataset's page edit; and the shapes pages repeat: a list, a
// confirmation before what cannot be undone.
import type { ComponentChildren, JSX } from 'preact';
import type { DatasetMetas, Visibility } from '../../../catalog/index.js';
import { defineTexts, type Lang } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';

/** Error messages of a form, by field name, in the page's language. */
export type FormErrors = Record<string, string>;

/** The values a metadata form shows: those sent (after an error) or the dataset's. */
export interface MetadataValues {
  title: string;
  description: string;
  themes: string;
  keywords: string;
  license: string;
  frequency: string;
  temporalCoverage: string;
  spatialCoverage: string;
  visibility: Visibility;
}

export const LICENCES: { name: string; url: string }[] = [
  { name: 'Licence Ouverte v2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' },
  { name: 'Open Database License (ODbL)', url: 'https://opendatacommons.org/licenses/odbl/1-0/' },
  { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  { name: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
];

// Stored as the French words that the DCAT export maps to the EU frequency table.
export const FREQUENCIES = ['', 'temps réel', 'quotidienne', 'hebdomadaire', 'mensuelle', 'trimestrielle', 'annuelle', 'irrégulière', 'ponctuelle'] as const;

const tt = defineTexts({
  required: { fr: '(obligatoire)', en: '(required)' },
  title: { fr: 'Titre', en: 'Title' },
  description: { fr: 'Description', en: 'Description' },
  descriptionHint: { fr: 'En Markdown : **gras**, listes, liens.', en: 'In Markdown: **bold**, lists, links.' },
  themes: { fr: 'Thèmes', en: 'Themes' },
  keywords: { fr: 'Mots-clés', en: 'Keywords' },
  listHint: { fr: 'Séparés par des virgules.', en: 'Separated by commas.' },
  license: { fr: 'Licence', en: 'Licence' },
  frequency: { fr: 'Fréquence de mise à jour', en: 'Update frequency' },
  temporalCoverage: { fr: 'Couverture temporelle', en: 'Temporal coverage' },
  temporalHint: { fr: 'Par exemple : 2020-2025.', en: 'For example: 2020-2025.' },
  spatialCoverage: { fr: 'Couverture géographique', en: 'Spatial coverage' },
  spatialHint: { fr: 'Par exemple : Nantes Métropole.', en: 'For example: Nantes Métropole.' },
  freq_: { fr: 'Non précisée', en: 'Not given' },
  'freq_temps réel': { fr: 'En temps réel', en: 'Real time' },
  freq_quotidienne: { fr: 'Quotidienne', en: 'Daily' },
  freq_hebdomadaire: { fr: 'Hebdomadaire', en: 'Weekly' },
  freq_mensuelle: { fr: 'Mensuelle', en: 'Monthly' },
  freq_trimestrielle: { fr: 'Trimestrielle', en: 'Quarterly' },
  freq_annuelle: { fr: 'Annuelle', en: 'Annual' },
  'freq_irrégulière': { fr: 'Irrégulière', en: 'Irregular' },
  freq_ponctuelle: { fr: 'Ponctuelle', en: 'As needed' },
  visibility: { fr: 'Visibilité', en: 'Visibility' },
  vis_public: { fr: 'Public : données ouvertes, visibles de tous', en: 'Public: open data, seen by everyone' },
  vis_restricted: { fr: 'Restreint : partagé avec les organisations, personnes ou clés autorisées', en: 'Restricted: shared with the organisations, people or keys allowed' },
  vis_private: { fr: 'Privé : brouillon, visible des membres de l’organisation seulement', en: 'Private: draft, seen by the organisation’s members only' },
  errorPrefix: { fr: 'Erreur :', en: 'Error:' },
  errorsOne: { fr: 'Le formulaire contient une erreur :', en: 'The form has one error:' },
  errorsMany: { fr: 'Le formulaire contient {n} erreurs :', en: 'The form has {n} errors:' },
  titleWithErrors: { fr: 'Erreur — {title}', en: 'Error — {title}' },
});

export const BACKOFFICE_STYLES = `
.form-field{margin:0 0 1rem;display:flex;flex-direction:column;gap:.25rem;max-width:40rem}
.form-field input[type=text],.form-field textarea,.form-field select{font:inherit;padding:.4rem .5rem;border:1px solid #666;border-radius:4px}
.form-field textarea{min-height:8rem}
.hint{color:#3a3a3a;font-size:.9rem;margin:0}
.field-error{color:#ce0500;font-weight:600;margin:0}
[aria-invalid=true]{border-color:#ce0500!important;border-width:2px!important}
fieldset{border:1px solid #ddd;border-radius:4px;margin:0 0 1.5rem;padding:1rem}
legend{font-weight:700;padding:0 .25rem}
.radio{display:flex;gap:.5rem;align-items:flex-start;margin:.25rem 0}.radio label{font-weight:400}
table.list{border-collapse:collapse;width:100%;margin:0 0 1rem}
table.list th,table.list td{border-bottom:1px solid #ddd;padding:.4rem .5rem;text-align:left;vertical-align:top}
.status-ok{color:#18753c;font-weight:600}.status-failed{color:#ce0500;font-weight:600}.status-running{color:#3a3a3a;font-weight:600}
button.secondary{background:#fff;color:var(--primary);border:1px solid var(--primary)}
.button.danger,button.danger{background:#ce0500;color:#fff}
.notice{border-left:4px solid #18753c;background:#f0faf4;padding:.75rem 1rem;margin:1rem 0}
.inline-form{display:inline}
progress{width:100%;max-width:40rem;height:1.5rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
`;

/** The page's title, which says first that the form came back with errors (RGAA 11.10). */
export function pageTitle(lang: Lang, title: string, errors: FormErrors): string {
  return Object.keys(errors).length > 0 ? tt(lang, 'titleWithErrors', { title }) : title;
}

/** The errors of the form, listed above it, where the focus can be put (tabIndex -1). */
/**
 * A list of the back-office: the table in its scrolling frame, a caption (for screen readers only,
 * unless `captionShown`), a heading per column; the rows are the children.
 */
export function ListTable({ caption, captionShown = false, headings, children }: { caption: string; captionShown?: boolean; headings: string[]; children: ComponentChildren }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="list">
        <caption class={captionShown ? undefined : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {headings.map((heading) => (
              <th key={heading} scope="col">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

interface ConfirmPageProps {
  site: Site;
  csrf: string;
  title: string;
  /** Where the confirmation posts, and the button that sends it. */
  action: string;
  confirm: string;
  /** The page to go back to without doing anything, and the link's words. */
  cancel: { path: string; label: string };
  /** What will be done, said before the button. */
  children: ComponentChildren;
}

/** The page asked before what cannot be undone: what it does, one button to do it, a way back. */
export function ConfirmPage({ site, csrf, title, action, confirm, cancel, children }: ConfirmPageProps): JSX.Element {
  return (
    <Layout site={site} title={title} styles={BACKOFFICE_STYLES}>
      <h1>{title}</h1>
      {children}
      <form method="post" action={href(site, action)}>
        <CsrfInput csrf={csrf} />
        <p>
          <button type="submit" class="danger">
            {confirm}
          </button>
        </p>
      </form>
      <p>
        <a href={href(site, cancel.path)}>{cancel.label}</a>
      </p>
    </Layout>
  );
}

export function ErrorSummary({ lang, errors }: { lang: Lang; errors: FormErrors }): JSX.Element | null {
  const messages = [...new Set(Object.values(errors))];
  if (messages.length === 0) return null;
  return (
    <div class="error-box" role="alert" tabIndex={-1}>
      <p>{messages.length === 1 ? tt(lang, 'errorsOne') : tt(lang, 'errorsMany', { n: messages.length })}</p>
      <ul>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}

export function CsrfInput({ csrf }: { csrf: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={csrf} />;
}

export interface FieldProps {
  lang: Lang;
  name: string;
  label: string;
  errors: FormErrors;
  hint?: string;
  required?: boolean;
  /** Renders the control with the ids and ARIA attributes the label, hint and error need. */
  children: (attributes: { id: string; name: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true'; required?: boolean }) => ComponentChildren;
}

/** A label, its control, a hint and the field's error, tied together. */
export function Field(props: FieldProps): JSX.Element {
  const id = `field-${props.name}`;
  const error = props.errors[props.name];
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="form-field">
      <label for={id}>
        {props.label} {props.required && <span class="hint">{tt(props.lang, 'required')}</span>}
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && <FieldError lang={props.lang} id={`${id}-error`} message={error} />}
      {props.children({ id, name: props.name, 'aria-describedby': described || undefined, 'aria-invalid': error ? 'true' : undefined, required: props.required })}
    </div>
  );
}

export function FieldError({ lang, id, message }: { lang: Lang; id: string; message: string }): JSX.Element {
  return (
    <p class="field-error" id={id}>
      {tt(lang, 'errorPrefix')} {message}
    </p>
  );
}

/** Title, description, themes, keywords, licence, frequency and coverage. */
export function MetadataFields({ lang, values, errors }: { lang: Lang; values: MetadataValues; errors: FormErrors }): JSX.Element {
  const text = (name: keyof MetadataValues, hint?: string, required = false) => (
    <Field lang={lang} name={name} label={tt(lang, name)} errors={errors} hint={hint} required={required}>
      {(a) => <input type="text" {...a} value={values[name]} />}
    </Field>
  );
  const licences = LICENCES.some((l) => l.name === values.license) || !values.license ? LICENCES : [...LICENCES, { name: values.license, url: '' }];
  return (
    <>
      {text('title', undefined, true)}
      <Field lang={lang} name="description" label={tt(lang, 'description')} errors={errors} hint={tt(lang, 'descriptionHint')}>
        {(a) => <textarea {...a} rows={8}>{values.description}</textarea>}
      </Field>
      {text('themes', tt(lang, 'listHint'))}
      {text('keywords', tt(lang, 'listHint'))}
      <Field lang={lang} name="license" label={tt(lang, 'license')} errors={errors}>
        {(a) => (
          <select {...a}>
            {licences.map((l) => (
              <option key={l.name} value={l.name} selected={l.name === (values.license || LICENCES[0]?.name)}>
                {l.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field lang={lang} name="frequency" label={tt(lang, 'frequency')} errors={errors}>
        {(a) => (
          <select {...a}>
            {FREQUENCIES.map((f) => (
              <option key={f} value={f} selected={f === values.frequency}>
                {tt(lang, `freq_${f}`)}
              </option>
            ))}
            {!(FREQUENCIES as readonly string[]).includes(values.frequency) && (
              <option value={values.frequency} selected>
                {values.frequency}
              </option>
            )}
          </select>
        )}
      </Field>
      {text('temporalCoverage', tt(lang, 'temporalHint'))}
      {text('spatialCoverage', tt(lang, 'spatialHint'))}
    </>
  );
}

/** Public, restricted or private, as radio buttons in their own fieldset. */
export function VisibilityFields({ lang, value, errors }: { lang: Lang; value: Visibility; errors: FormErrors }): JSX.Element {
  const error = errors.visibility;
  return (
    <fieldset aria-describedby={error ? 'field-visibility-error' : undefined}>
      <legend>{tt(lang, 'visibility')}</legend>
      {error && <FieldError lang={lang} id="field-visibility-error" message={error} />}
      {(['public', 'restricted', 'private'] as const).map((v) => (
        <div class="radio" key={v}>
          <input type="radio" id={`visibility-${v}`} name="visibility" value={v} checked={v === value} />
          <label for={`visibility-${v}`}>{tt(lang, `vis_${v}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The form's values from a dataset. */
export function metadataValuesOf(dataset: { title: string; description: string; metas: DatasetMetas; visibility: Visibility }): MetadataValues {
  const m = dataset.metas;
  return {
    title: dataset.title,
    description: dataset.description,
    themes: m.themes.join(', '),
    keywords: m.keywords.join(', '),
    license: m.license,
    frequency: m.frequency ?? '',
    temporalCoverage: m.temporalCoverage ?? '',
    spatialCoverage: m.spatialCoverage ?? '',
    visibility: dataset.visibility,
  };
}
