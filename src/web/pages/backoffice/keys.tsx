// `/espace/cles` and `/espace/organisations/{org}/cles`: API keys, for scripts that publish or read
// without a session. A key is stored as its hash only: the page that answers its creation is the
// one place it is ever shown, after which the list shows its first characters, to recognise it.
import type { JSX } from 'preact';
import type { KeyScope } from '../../../catalog/index.js';
import { defineTexts } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, CsrfInput, ErrorSummary, Field, FieldError, ListTable, pageTitle, type FormErrors } from './fields.js';
import { formatDateTime } from './status.js';

export const SCOPE_CHOICES: readonly KeyScope[] = ['read', 'publish', 'admin'];

const tt = defineTexts({
  back: { fr: 'Mon espace', en: 'My space' },
  members: { fr: 'Membres de {organisation}', en: 'Members of {organisation}' },
  ownTitle: { fr: 'Mes clés d’API', en: 'My API keys' },
  orgTitle: { fr: 'Clés d’API de {organisation}', en: 'API keys of {organisation}' },
  ownIntro: { fr: 'Une clé agit en votre nom, dans les limites de ses portées et de vos rôles.', en: 'A key acts on your behalf, within its scopes and your roles.' },
  orgIntro: { fr: 'Une clé de l’organisation agit pour elle, sans dépendre d’une personne : elle survit au départ de qui l’a créée.', en: 'An organisation’s key acts for it, not for a person: it outlives the departure of whoever created it.' },
  usage: { fr: 'Les scripts l’envoient dans l’en-tête', en: 'Scripts send it in the header' },
  newKey: { fr: 'Nouvelle clé : {name}', en: 'New key: {name}' },
  copyNow: { fr: 'Copiez-la maintenant, elle ne sera plus affichée.', en: 'Copy it now, it will not be shown again.' },
  onlyPrefix: { fr: 'La liste n’en montrera que le début.', en: 'The list will only show its beginning.' },
  keyLabel: { fr: 'Clé {name}', en: 'Key {name}' },
  revoked: { fr: 'La clé {name} est révoquée : elle ne donne plus accès à rien.', en: 'The key {name} is revoked: it no longer gives access to anything.' },
  caption: { fr: 'Clés d’API', en: 'API keys' },
  name: { fr: 'Nom', en: 'Name' },
  prefix: { fr: 'Début de la clé', en: 'Key starts with' },
  scopes: { fr: 'Portées', en: 'Scopes' },
  created: { fr: 'Créée le', en: 'Created' },
  lastUsed: { fr: 'Dernière utilisation', en: 'Last used' },
  state: { fr: 'État', en: 'State' },
  never: { fr: 'jamais', en: 'never' },
  active: { fr: 'Active', en: 'Active' },
  revokedOn: { fr: 'Révoquée le {date}', en: 'Revoked on {date}' },
  revoke: { fr: 'Révoquer', en: 'Revoke' },
  none: { fr: 'Aucune clé pour le moment.', en: 'No key yet.' },
  create: { fr: 'Créer une clé', en: 'Create a key' },
  nameHint: { fr: 'Pour la reconnaître : le script ou la machine qui l’utilise.', en: 'To recognise it: the script or machine that uses it.' },
  scope_read: { fr: 'Lecture (read) : lit les jeux privés et restreints accessibles', en: 'Read: reads the private and restricted datasets it may see' },
  scope_publish: { fr: 'Publication (publish) : publie, modifie et supprime des jeux de données', en: 'Publish: publishes, edits and deletes datasets' },
  scope_admin: { fr: 'Administration (admin) : gère les membres et les clés, lit le journal', en: 'Admin: manages members and keys, reads the log' },
  submit: { fr: 'Créer la clé', en: 'Create the key' },
});

export const KEY_STYLES = `
.key-once{border-left:4px solid #b34000;background:#fff4e5;padding:.75rem 1rem;margin:1rem 0;max-width:48rem}
.key-once input{font-family:monospace;width:100%;padding:.4rem .5rem;border:1px solid #666;border-radius:4px}
.check{display:flex;gap:.5rem;align-items:flex-start;margin:.25rem 0}.check label{font-weight:400}
`;

export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface KeysPageProps {
  site: Site;
  csrf: string;
  /** null: the signed-in user's own keys. */
  organisation: { slug: string; name: string } | null;
  keys: KeyView[];
  /** The key just created, shown this once. */
  created?: { name: string; key: string };
  /** The name of a key just revoked. */
  revoked?: string;
  values: { name: string; scopes: KeyScope[] };
  errors: FormErrors;
}

export function keysPath(organisation: { slug: string } | null): string {
  return organisation ? `/espace/organisations/${encodeURIComponent(organisation.slug)}/cles` : '/espace/cles';
}

export function KeysPage(props: KeysPageProps): JSX.Element {
  const { site, organisation, errors } = props;
  const { lang } = site;
  const base = keysPath(organisation);
  const title = organisation ? tt(lang, 'orgTitle', { organisation: organisation.name }) : tt(lang, 'ownTitle');
  const scopesError = errors.scopes;
  return (
    <Layout site={site} title={pageTitle(lang, title, errors)} styles={BACKOFFICE_STYLES + KEY_STYLES}>
      <p>
        <a href={href(site, '/espace')}>{tt(lang, 'back')}</a>
        {organisation && (
          <>
            {' · '}
            <a href={href(site, `/espace/organisations/${encodeURIComponent(organisation.slug)}/membres`)}>{tt(lang, 'members', { organisation: organisation.name })}</a>
          </>
        )}
      </p>
      <h1>{title}</h1>
      <p>
        {tt(lang, organisation ? 'orgIntro' : 'ownIntro')} {tt(lang, 'usage')} <code>Authorization: Apikey …</code>.
      </p>
      {props.created && (
        <section class="key-once" aria-labelledby="new-key">
          <h2 id="new-key">{tt(lang, 'newKey', { name: props.created.name })}</h2>
          <p>
            <strong>{tt(lang, 'copyNow')}</strong> {tt(lang, 'onlyPrefix')}
          </p>
          <label for="new-key-value">{tt(lang, 'keyLabel', { name: props.created.name })}</label>
          <input id="new-key-value" type="text" readOnly value={props.created.key} autoComplete="off" spellcheck={false} />
        </section>
      )}
      {props.revoked && (
        <p class="notice" role="status">
          {tt(lang, 'revoked', { name: props.revoked })}
        </p>
      )}
      <ErrorSummary lang={lang} errors={errors} />
      {props.keys.length === 0 ? (
        <p>{tt(lang, 'none')}</p>
      ) : (
        <ListTable caption={title} headings={[tt(lang, 'name'), tt(lang, 'prefix'), tt(lang, 'scopes'), tt(lang, 'created'), tt(lang, 'lastUsed'), tt(lang, 'state')]}>
          {props.keys.map((k) => (
            <tr key={k.id}>
              <th scope="row">{k.name}</th>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.scopes.join(', ')}</td>
              <td>{formatDateTime(lang, k.createdAt)}</td>
              <td>{k.lastUsedAt ? formatDateTime(lang, k.lastUsedAt) : tt(lang, 'never')}</td>
              <td>
                {k.revokedAt ? (
                  tt(lang, 'revokedOn', { date: formatDateTime(lang, k.revokedAt) })
                ) : (
                  <form method="post" action={href(site, `${base}/${encodeURIComponent(k.id)}/revoquer`)}>
                    <CsrfInput csrf={props.csrf} />
                    {tt(lang, 'active')}{' '}
                    <button type="submit" class="secondary">
                      {tt(lang, 'revoke')}
                      <span class="visually-hidden"> {k.name}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <section aria-labelledby="create-key">
        <h2 id="create-key">{tt(lang, 'create')}</h2>
        <form method="post" action={href(site, base)}>
          <CsrfInput csrf={props.csrf} />
          <Field lang={lang} name="name" label={tt(lang, 'name')} errors={errors} hint={tt(lang, 'nameHint')} required>
            {(a) => <input type="text" {...a} value={props.values.name} maxLength={100} autoComplete="off" />}
          </Field>
          <fieldset aria-describedby={scopesError ? 'field-scopes-error' : undefined}>
            <legend>{tt(lang, 'scopes')}</legend>
            {scopesError && <FieldError lang={lang} id="field-scopes-error" message={scopesError} />}
            {SCOPE_CHOICES.map((scope) => (
              <div class="check" key={scope}>
                <input type="checkbox" id={`scope-${scope}`} name="scopes" value={scope} checked={props.values.scopes.includes(scope)} />
                <label for={`scope-${scope}`}>{tt(lang, `scope_${scope}`)}</label>
              </div>
            ))}
          </fieldset>
          <p>
            <button type="submit">{tt(lang, 'submit')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}
