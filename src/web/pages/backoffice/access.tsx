// `/espace/jeux/{id}/acces`: with whom a restricted dataset is shared. Organisations (all their
// members and their keys), people (by e-mail) and API keys (by id) read it besides the owner's
// members; each grant is removed by its own button. Grants of a dataset that is not restricted
// are kept but do nothing until it is: the page says so, rather than let a publisher think a
// public dataset is now limited to the list.
import type { JSX } from 'preact';
import type { GranteeKind, Visibility } from '../../../catalog/index.js';
import { defineTexts } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, CsrfInput, ErrorSummary, Field, ListTable, pageTitle, type FormErrors } from './fields.js';
import { formatDateTime } from './status.js';

export const ACCESS_NOTICES = ['ajoute', 'retire'] as const;
export type AccessNotice = (typeof ACCESS_NOTICES)[number];

export const GRANTEE_KINDS: readonly GranteeKind[] = ['organisation', 'user', 'key'];

export interface GrantSummary {
  kind: GranteeKind;
  /** The slug, the e-mail address or the key id: what the remove button sends back. */
  grantee: string;
  name: string;
  createdAt: string;
}

const tt = defineTexts({
  title: { fr: 'Accès à {title}', en: 'Access to {title}' },
  back: { fr: 'Retour au jeu de données', en: 'Back to the dataset' },
  intro: {
    fr: 'Un jeu restreint est visible des membres de son organisation et de ceux avec qui il est partagé ici : des organisations (tous leurs membres et leurs clés d’API), des personnes, des clés d’API.',
    en: 'A restricted dataset is seen by its organisation’s members and by those it is shared with here: organisations (all their members and API keys), people, API keys.',
  },
  notRestricted: {
    fr: 'Ce jeu de données n’est pas restreint : ces accès ne s’appliqueront que lorsque sa visibilité sera « Restreint ».',
    en: 'This dataset is not restricted: this access applies only once its visibility is “Restricted”.',
  },
  done_ajoute: { fr: 'L’accès est donné.', en: 'Access is granted.' },
  done_retire: { fr: 'L’accès est retiré.', en: 'Access is removed.' },
  grants: { fr: 'Partagé avec', en: 'Shared with' },
  caption: { fr: 'Ceux avec qui le jeu de données est partagé', en: 'Those the dataset is shared with' },
  noGrant: { fr: 'Ce jeu de données n’est partagé avec personne.', en: 'This dataset is shared with no one.' },
  who: { fr: 'Bénéficiaire', en: 'Grantee' },
  kind: { fr: 'Type', en: 'Kind' },
  since: { fr: 'Depuis le', en: 'Since' },
  action: { fr: 'Action', en: 'Action' },
  kind_organisation: { fr: 'Organisation', en: 'Organisation' },
  kind_user: { fr: 'Personne', en: 'Person' },
  kind_key: { fr: 'Clé d’API', en: 'API key' },
  gone: { fr: '(supprimé)', en: '(deleted)' },
  remove: { fr: 'Retirer', en: 'Remove' },
  removeLabel: { fr: 'Retirer l’accès de {name}', en: 'Remove the access of {name}' },
  add: { fr: 'Partager le jeu de données', en: 'Share the dataset' },
  with: { fr: 'Avec', en: 'With' },
  grantee: { fr: 'Identifiant', en: 'Identifier' },
  granteeHint: {
    fr: 'Le nom court d’une organisation (par exemple nantes-metropole), l’adresse électronique d’une personne inscrite ou l’identifiant d’une clé d’API.',
    en: 'The short name of an organisation (for example nantes-metropole), the e-mail address of a registered person or the id of an API key.',
  },
  submit: { fr: 'Donner accès', en: 'Grant access' },
});

export interface AccessPageProps {
  site: Site;
  csrf: string;
  dataset: { datasetId: string; title: string; visibility: Visibility };
  grants: GrantSummary[];
  values: { kind: GranteeKind; grantee: string };
  errors: FormErrors;
  done?: AccessNotice;
}

export function AccessPage(props: AccessPageProps): JSX.Element {
  const { site, dataset, errors } = props;
  const { lang } = site;
  const base = `/espace/jeux/${encodeURIComponent(dataset.datasetId)}`;
  const title = tt(lang, 'title', { title: dataset.title });
  return (
    <Layout site={site} title={pageTitle(lang, title, errors)} styles={BACKOFFICE_STYLES}>
      <p>
        <a href={href(site, base)}>{tt(lang, 'back')}</a>
      </p>
      <h1>{title}</h1>
      <p>{tt(lang, 'intro')}</p>
      {dataset.visibility !== 'restricted' && <p class="hint">{tt(lang, 'notRestricted')}</p>}
      {props.done && (
        <p class="notice" role="status">
          {tt(lang, `done_${props.done}`)}
        </p>
      )}
      <ErrorSummary lang={lang} errors={errors} />
      <section aria-labelledby="grants">
        <h2 id="grants">{tt(lang, 'grants')}</h2>
        {props.grants.length === 0 ? (
          <p>{tt(lang, 'noGrant')}</p>
        ) : (
          <ListTable caption={tt(lang, 'caption')} headings={[tt(lang, 'who'), tt(lang, 'kind'), tt(lang, 'since'), tt(lang, 'action')]}>
            {props.grants.map((g) => (
              <tr key={`${g.kind}:${g.grantee}`}>
                <th scope="row">
                  {g.name || tt(lang, 'gone')} <span class="hint">({g.grantee})</span>
                </th>
                <td>{tt(lang, `kind_${g.kind}`)}</td>
                <td>{formatDateTime(lang, g.createdAt)}</td>
                <td>
                  <form method="post" action={href(site, `${base}/acces/retirer`)} class="inline-form">
                    <CsrfInput csrf={props.csrf} />
                    <input type="hidden" name="kind" value={g.kind} />
                    <input type="hidden" name="grantee" value={g.grantee} />
                    <button type="submit" class="secondary" aria-label={tt(lang, 'removeLabel', { name: g.name || g.grantee })}>
                      {tt(lang, 'remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </section>
      <section aria-labelledby="add">
        <h2 id="add">{tt(lang, 'add')}</h2>
        <form method="post" action={href(site, `${base}/acces`)}>
          <CsrfInput csrf={props.csrf} />
          <Field lang={lang} name="kind" label={tt(lang, 'with')} errors={errors}>
            {(a) => (
              <select {...a}>
                {GRANTEE_KINDS.map((k) => (
                  <option key={k} value={k} selected={k === props.values.kind}>
                    {tt(lang, `kind_${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field lang={lang} name="grantee" label={tt(lang, 'grantee')} errors={errors} hint={tt(lang, 'granteeHint')} required>
            {(a) => <input type="text" {...a} value={props.values.grantee} autoComplete="off" spellcheck={false} />}
          </Field>
          <p>
            <button type="submit">{tt(lang, 'submit')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}
