// The platform administrators' pages: `/espace/admin/organisations` (every organisation, where it
// sits, how many members it has, and the form to create one) and `/espace/admin/portails` (every
// portal, with the form to create one). Each portal's look is then set on its own page.
import type { ComponentChildren, JSX } from 'preact';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../catalog/index.js';
import { defineTexts, formatNumber } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { kindInWords } from '../organisations.js';
import { BACKOFFICE_STYLES, CsrfInput, ErrorSummary, Field, ListTable, pageTitle, type FormErrors } from './fields.js';

const tt = defineTexts({
  back: { fr: 'Mon espace', en: 'My space' },
  organisations: { fr: 'Organisations', en: 'Organisations' },
  portals: { fr: 'Portails', en: 'Portals' },
  createdOrganisation: { fr: 'L’organisation {name} est créée.', en: 'The organisation {name} is created.' },
  createdPortal: { fr: 'Le portail {name} est créé.', en: 'The portal {name} is created.' },
  orgCaption: { fr: 'Les organisations de la plateforme', en: 'The platform’s organisations' },
  name: { fr: 'Nom', en: 'Name' },
  kind: { fr: 'Type', en: 'Kind' },
  parent: { fr: 'Rattachée à', en: 'Under' },
  members: { fr: 'Membres', en: 'Members' },
  codes: { fr: 'SIREN / code INSEE', en: 'SIREN / INSEE code' },
  none: { fr: 'Aucune', en: 'None' },
  newOrganisation: { fr: 'Créer une organisation', en: 'Create an organisation' },
  siren: { fr: 'SIREN', en: 'SIREN' },
  sirenHint: { fr: '9 chiffres. Facultatif.', en: '9 digits. Optional.' },
  cog: { fr: 'Code INSEE', en: 'INSEE code' },
  cogHint: { fr: 'Le code officiel géographique, par exemple 44109 pour Nantes. Facultatif.', en: 'The official geographic code, for example 44109 for Nantes. Optional.' },
  create: { fr: 'Créer', en: 'Create' },
  portalCaption: { fr: 'Les portails de la plateforme', en: 'The platform’s portals' },
  portal: { fr: 'Portail', en: 'Portal' },
  hosts: { fr: 'Adresses', en: 'Hosts' },
  scope: { fr: 'Jeux montrés', en: 'Datasets shown' },
  allOrganisations: { fr: 'Toutes les organisations', en: 'All organisations' },
  byDefault: { fr: '(par défaut)', en: '(default)' },
  newPortal: { fr: 'Créer un portail', en: 'Create a portal' },
  slug: { fr: 'Identifiant', en: 'Identifier' },
  slugHint: { fr: 'Minuscules, chiffres et tirets : il sert dans les adresses (/portals/identifiant/).', en: 'Lowercase letters, digits and dashes: used in addresses (/portals/identifier/).' },
  title: { fr: 'Titre', en: 'Title' },
  hostnames: { fr: 'Noms d’hôte', en: 'Host names' },
  hostnamesHint: { fr: 'Séparés par des virgules, par exemple data.nantes.fr. Facultatif.', en: 'Separated by commas, for example data.nantes.fr. Optional.' },
  scopeHint: { fr: 'Le portail montre les jeux de cette organisation et des organisations rattachées.', en: 'The portal shows the datasets of this organisation and of those below it.' },
});

export interface AdminOrganisation {
  id: string;
  slug: string;
  name: string;
  kind: OrganisationKind;
  parentName: string | null;
  siren: string | null;
  cog: string | null;
  members: number;
}

export interface OrganisationValues {
  name: string;
  kind: string;
  parent: string;
  siren: string;
  cog: string;
}

interface AdminPageProps<V> {
  site: Site;
  csrf: string;
  values: V;
  errors: FormErrors;
  /** The name of what was just created, said once. */
  created?: string;
}

/** The organisation choices of a select: value the id, the first option `empty`. */
function OrganisationOptions({ organisations, selected, empty }: { organisations: AdminOrganisation[]; selected: string; empty: string }): JSX.Element {
  return (
    <>
      <option value="">{empty}</option>
      {organisations.map((o) => (
        <option key={o.id} value={o.id} selected={o.id === selected}>
          {o.name}
        </option>
      ))}
    </>
  );
}

export function AdminOrganisations(props: AdminPageProps<OrganisationValues> & { organisations: AdminOrganisation[] }): JSX.Element {
  const { site, values, errors } = props;
  const { lang } = site;
  const text = textField(lang, values, errors);
  return (
    <AdminListPage
      {...props}
      title={tt(lang, 'organisations')}
      other={{ path: '/espace/admin/portails', label: tt(lang, 'portals') }}
      notice={props.created && tt(lang, 'createdOrganisation', { name: props.created })}
      caption={tt(lang, 'orgCaption')}
      headings={[tt(lang, 'name'), tt(lang, 'kind'), tt(lang, 'parent'), tt(lang, 'codes'), tt(lang, 'members')]}
      rows={props.organisations.map((o) => (
        <tr key={o.id}>
          <th scope="row">
            {o.name} <span class="hint">({o.slug})</span>
          </th>
          <td>{kindInWords(lang, o.kind)}</td>
          <td>{o.parentName ?? '—'}</td>
          <td>{[o.siren, o.cog].filter(Boolean).join(' / ') || '—'}</td>
          <td>{formatNumber(lang, o.members)}</td>
        </tr>
      ))}
      form={{ id: 'new-organisation', title: tt(lang, 'newOrganisation'), action: '/espace/admin/organisations' }}
    >
      {text('name', undefined, true)}
      <Field lang={lang} name="kind" label={tt(lang, 'kind')} errors={errors} required>
        {(a) => (
          <select {...a}>
            {ORGANISATION_KINDS.map((k) => (
              <option key={k} value={k} selected={k === values.kind}>
                {kindInWords(lang, k)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field lang={lang} name="parent" label={tt(lang, 'parent')} errors={errors}>
        {(a) => (
          <select {...a}>
            <OrganisationOptions organisations={props.organisations} selected={values.parent} empty={tt(lang, 'none')} />
          </select>
        )}
      </Field>
      {text('siren', tt(lang, 'sirenHint'))}
      {text('cog', tt(lang, 'cogHint'))}
    </AdminListPage>
  );
}

export interface AdminPortal {
  slug: string;
  title: string;
  hostnames: string[];
  scopeName: string | null;
  isDefault: boolean;
}

export interface PortalValues {
  slug: string;
  title: string;
  hostnames: string;
  scope: string;
}

export function AdminPortals(props: AdminPageProps<PortalValues> & { portals: AdminPortal[]; organisations: AdminOrganisation[] }): JSX.Element {
  const { site, values, errors } = props;
  const { lang } = site;
  const text = textField(lang, values, errors);
  return (
    <AdminListPage
      {...props}
      title={tt(lang, 'portals')}
      other={{ path: '/espace/admin/organisations', label: tt(lang, 'organisations') }}
      notice={props.created && tt(lang, 'createdPortal', { name: props.created })}
      caption={tt(lang, 'portalCaption')}
      headings={[tt(lang, 'portal'), tt(lang, 'hosts'), tt(lang, 'scope')]}
      rows={props.portals.map((p) => (
        <tr key={p.slug}>
          <th scope="row">
            <a href={href(site, `/espace/portails/${encodeURIComponent(p.slug)}`)}>{p.title}</a> <span class="hint">({p.slug})</span> {p.isDefault && tt(lang, 'byDefault')}
          </th>
          <td>{p.hostnames.join(', ') || `/portals/${p.slug}/`}</td>
          <td>{p.scopeName ?? tt(lang, 'allOrganisations')}</td>
        </tr>
      ))}
      form={{ id: 'new-portal', title: tt(lang, 'newPortal'), action: '/espace/admin/portails' }}
    >
      {text('slug', tt(lang, 'slugHint'), true)}
      {text('title', undefined, true)}
      {text('hostnames', tt(lang, 'hostnamesHint'))}
      <Field lang={lang} name="scope" label={tt(lang, 'scope')} errors={errors} hint={tt(lang, 'scopeHint')}>
        {(a) => (
          <select {...a}>
            <OrganisationOptions organisations={props.organisations} selected={values.scope} empty={tt(lang, 'allOrganisations')} />
          </select>
        )}
      </Field>
    </AdminListPage>
  );
}

/** A text input of the creation form, labelled by its name's text. */
function textField<V extends object>(lang: Site['lang'], values: V, errors: FormErrors) {
  return (name: keyof V & Parameters<typeof tt>[1], hint?: string, required = false) => (
    <Field lang={lang} name={name} label={tt(lang, name)} errors={errors} hint={hint} required={required}>
      {(a) => <input type="text" {...a} value={String(values[name])} autoComplete="off" />}
    </Field>
  );
}

interface AdminListPageProps {
  site: Site;
  csrf: string;
  errors: FormErrors;
  title: string;
  /** The other administrators' page, linked beside the way back. */
  other: { path: string; label: string };
  /** What was just created, said once. */
  notice?: string | undefined;
  caption: string;
  headings: string[];
  rows: JSX.Element[];
  /** The creation form: its heading's id and text, where it posts; its fields are the children. */
  form: { id: string; title: string; action: string };
  children: ComponentChildren;
}

/** Both administrators' pages: the list of what the platform has, then the form to create one more. */
function AdminListPage(props: AdminListPageProps): JSX.Element {
  const { site, errors, form } = props;
  const { lang } = site;
  return (
    <Layout site={site} title={pageTitle(lang, props.title, errors)} styles={BACKOFFICE_STYLES}>
      <p>
        <a href={href(site, '/espace')}>{tt(lang, 'back')}</a> · <a href={href(site, props.other.path)}>{props.other.label}</a>
      </p>
      <h1>{props.title}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary lang={lang} errors={errors} />
      <ListTable caption={props.caption} headings={props.headings}>
        {props.rows}
      </ListTable>
      <section aria-labelledby={form.id}>
        <h2 id={form.id}>{form.title}</h2>
        <form method="post" action={href(site, form.action)}>
          <CsrfInput csrf={props.csrf} />
          {props.children}
          <p>
            <button type="submit">{tt(lang, 'create')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}
