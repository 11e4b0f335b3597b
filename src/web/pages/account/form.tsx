// What the account pages (sign-in, forgotten password, reset, invitation) share: the page frame
// with its error summary, and labelled fields. RGAA 11.10 and 11.11: an error is announced at the
// top of the page (the title says so too), each message links to its field, and sits by the field,
// tied to it by aria-describedby; autocomplete attributes let browsers and password managers fill
// in (RGAA 11.13).
import type { ComponentChildren, JSX } from 'preact';
import { defineTexts } from '../../i18n.js';
import { Layout } from '../../layout.js';
import type { Site } from '../../site.js';

/** Error messages by field id, in the page's language; `form` for an error of the whole form. */
export type AccountErrors = Record<string, string>;

const tt = defineTexts({
  errorTitle: { fr: 'Erreur : {title}', en: 'Error: {title}' },
  summary: { fr: 'Le formulaire contient une erreur', en: 'The form has an error' },
  summaryMany: { fr: 'Le formulaire contient {n} erreurs', en: 'The form has {n} errors' },
  required: { fr: '(obligatoire)', en: '(required)' },
});

export const ACCOUNT_STYLES = `.account-form{max-width:32rem}.account-form .field{margin:0 0 1.25rem}.account-form label{display:block}
.account-form input[type=email],.account-form input[type=password],.account-form input[type=text]{display:block;width:100%;font:inherit;padding:.5rem;border:1px solid #666;border-radius:4px}
.account-form input[aria-invalid=true]{border:2px solid #ce0500}.hint{color:#3a3a3a;margin:.25rem 0}.field-error{color:#ce0500;font-weight:600;margin:.25rem 0}
.error-summary{border:3px solid #ce0500;padding:1rem 1.25rem;margin:0 0 1.5rem;max-width:40rem}.error-summary h2{font-size:1.25rem;margin:0 0 .5rem}
.notice{border-left:4px solid var(--primary);padding:.5rem 1rem;margin:0 0 1.5rem;max-width:40rem}`;

export function AccountPage(props: { site: Site; title: string; errors?: AccountErrors; fieldOrder?: string[]; children: ComponentChildren }): JSX.Element {
  const { site, title } = props;
  const entries = Object.entries(props.errors ?? {});
  return (
    <Layout site={site} title={entries.length > 0 ? tt(site.lang, 'errorTitle', { title }) : title} styles={ACCOUNT_STYLES}>
      <h1>{title}</h1>
      {entries.length > 0 && <ErrorSummary site={site} entries={entries} firstField={props.fieldOrder?.[0]} />}
      {props.children}
    </Layout>
  );
}

function ErrorSummary({ site, entries, firstField }: { site: Site; entries: [string, string][]; firstField?: string }): JSX.Element {
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{entries.length === 1 ? tt(site.lang, 'summary') : tt(site.lang, 'summaryMany', { n: entries.length })}</h2>
      <ul>
        {entries.map(([field, message]) => {
          const target = field === 'form' ? firstField : field;
          return <li key={field}>{target ? <a href={`#${target}`}>{message}</a> : message}</li>;
        })}
      </ul>
    </div>
  );
}

export interface FieldProps {
  site: Site;
  id: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  value?: string;
  hint?: string;
  /** The field's own error; a form-wide one marks the field invalid without repeating the message. */
  error?: string;
  invalid?: boolean;
}

export function Field(props: FieldProps): JSX.Element {
  const { id } = props;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>
        {props.label} <span class="hint">{tt(props.site.lang, 'required')}</span>
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
      <input
        id={id}
        name={id}
        type={props.type}
        autocomplete={props.autocomplete}
        value={props.type === 'password' ? undefined : props.value}
        required
        spellcheck={false}
        aria-invalid={props.error || props.invalid ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}

/** The session's CSRF token, which every form posted under a session sends back. */
export function CsrfField({ site }: { site: Site }): JSX.Element | null {
  return site.account ? <input type="hidden" name="_csrf" value={site.account.csrf} /> : null;
}
