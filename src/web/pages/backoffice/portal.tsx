// `/espace/portails/{slug}`: a portal's look and home page, and the pages a French public site
// must have (legal notice, privacy, accessibility with its RGAA status). The fields are named as
// the management API's PATCH names them, so that an error of the catalog lands by its field.
import type { JSX } from 'preact';
import { ACCESSIBILITY_STATUSES, type Portal } from '../../../catalog/index.js';
import { defineTexts } from '../../i18n.js';
import { Layout } from '../../layout.js';
import { href, type Site } from '../../site.js';
import { BACKOFFICE_STYLES, CsrfInput, ErrorSummary, Field, pageTitle, type FormErrors } from './fields.js';

export interface PortalValues {
  title: string;
  primary_color: string;
  logo_url: string;
  home_text: string;
  legal_notice: string;
  privacy: string;
  accessibility: string;
  accessibility_status: string;
  /** Dataset ids, separated by commas. */
  featured: string;
}

const tt = defineTexts({
  title: { fr: 'Portail {title}', en: 'Portal {title}' },
  back: { fr: 'Mon espace', en: 'My space' },
  facts: { fr: 'Identifiant {slug} ; {scope}.', en: 'Identifier {slug}; {scope}.' },
  scopeAll: { fr: 'montre les jeux de toutes les organisations', en: 'shows every organisation’s datasets' },
  scopeOf: { fr: 'montre les jeux de {name} et des organisations rattachées', en: 'shows the datasets of {name} and of the organisations below it' },
  see: { fr: 'Voir la page d’accueil du portail', en: 'See the portal’s home page' },
  saved: { fr: 'Les modifications du portail sont enregistrées.', en: 'The portal’s changes are saved.' },
  look: { fr: 'Apparence et page d’accueil', en: 'Look and home page' },
  portalTitle: { fr: 'Titre du portail', en: 'Portal title' },
  color: { fr: 'Couleur principale', en: 'Primary colour' },
  colorHint: {
    fr: 'Écrite #RRVVBB, par exemple #000091. Choisissez-la assez foncée : le texte blanc des boutons doit rester lisible (contraste 4,5:1).',
    en: 'Written #RRGGBB, for example #000091. Choose it dark enough: the buttons’ white text must stay readable (4.5:1 contrast).',
  },
  logo: { fr: 'Adresse du logo', en: 'Logo address' },
  logoHint: { fr: 'Une adresse https:// ou un chemin commençant par /. Laissez vide pour n’afficher aucun logo.', en: 'An https:// address or a path starting with /. Leave empty for no logo.' },
  homeText: { fr: 'Texte de la page d’accueil', en: 'Home page text' },
  markdownHint: { fr: 'En Markdown : **gras**, listes, liens. Le HTML est affiché comme du texte.', en: 'In Markdown: **bold**, lists, links. HTML is shown as text.' },
  featured: { fr: 'Jeux de données mis en avant', en: 'Featured datasets' },
  featuredHint: { fr: 'Leurs identifiants, séparés par des virgules, dans l’ordre où la page d’accueil les montre.', en: 'Their ids, separated by commas, in the order the home page shows them.' },
  legal: { fr: 'Pages obligatoires', en: 'Required pages' },
  legalIntro: { fr: 'Laissées vides, ces pages montrent le texte par défaut de la plateforme.', en: 'Left empty, these pages show the platform’s default text.' },
  legalNotice: { fr: 'Mentions légales', en: 'Legal notice' },
  privacy: { fr: 'Données personnelles', en: 'Privacy' },
  accessibility: { fr: 'Déclaration d’accessibilité', en: 'Accessibility statement' },
  status: { fr: 'État de conformité au RGAA', en: 'RGAA compliance status' },
  status_non: { fr: 'Non conforme', en: 'Not compliant' },
  status_partiel: { fr: 'Partiellement conforme', en: 'Partially compliant' },
  status_total: { fr: 'Totalement conforme', en: 'Fully compliant' },
  save: { fr: 'Enregistrer', en: 'Save' },
  administration: { fr: 'Administration', en: 'Administration' },
  portalLink: { fr: 'Portail {title}', en: 'Portal {title}' },
  adminOrganisations: { fr: 'Organisations de la plateforme', en: 'The platform’s organisations' },
  adminPortals: { fr: 'Portails de la plateforme', en: 'The platform’s portals' },
});

/** On `/espace`: the portals the user administers and, for a platform administrator, the platform's pages. */
export function AdministrationLinks({ site, portals, platformAdmin }: { site: Site; portals: { slug: string; title: string }[]; platformAdmin: boolean }): JSX.Element | null {
  const { lang } = site;
  if (portals.length === 0 && !platformAdmin) return null;
  return (
    <nav aria-labelledby="administration">
      <h2 id="administration">{tt(lang, 'administration')}</h2>
      <ul>
        {platformAdmin && (
          <>
            <li>
              <a href={href(site, '/espace/admin/organisations')}>{tt(lang, 'adminOrganisations')}</a>
            </li>
            <li>
              <a href={href(site, '/espace/admin/portails')}>{tt(lang, 'adminPortals')}</a>
            </li>
          </>
        )}
        {portals.map((p) => (
          <li key={p.slug}>
            <a href={href(site, `/espace/portails/${encodeURIComponent(p.slug)}`)}>{tt(lang, 'portalLink', { title: p.title })}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function portalValuesOf(portal: Portal): PortalValues {
  return {
    title: portal.title,
    primary_color: portal.theme.primaryColor,
    logo_url: portal.theme.logoUrl ?? '',
    home_text: portal.homeText,
    legal_notice: portal.pages.legalNotice,
    privacy: portal.pages.privacy,
    accessibility: portal.pages.accessibility,
    accessibility_status: portal.pages.accessibilityStatus,
    featured: portal.featured.join(', '),
  };
}

export interface PortalFormProps {
  site: Site;
  csrf: string;
  portal: { slug: string; title: string; scopeName: string | null; homeHref: string };
  values: PortalValues;
  errors: FormErrors;
  saved?: boolean;
}

export function PortalForm(props: PortalFormProps): JSX.Element {
  const { site, portal, values, errors } = props;
  const { lang } = site;
  const title = tt(lang, 'title', { title: portal.title });
  const text = (name: 'title' | 'primary_color' | 'logo_url' | 'featured', label: string, hint?: string, required = false) => (
    <Field lang={lang} name={name} label={label} errors={errors} hint={hint} required={required}>
      {(a) => <input type="text" {...a} value={values[name]} autoComplete="off" />}
    </Field>
  );
  const markdown = (name: 'home_text' | 'legal_notice' | 'privacy' | 'accessibility', label: string) => (
    <Field lang={lang} name={name} label={label} errors={errors} hint={tt(lang, 'markdownHint')}>
      {(a) => (
        <textarea {...a} rows={10}>
          {values[name]}
        </textarea>
      )}
    </Field>
  );
  return (
    <Layout site={site} title={pageTitle(lang, title, errors)} styles={BACKOFFICE_STYLES}>
      <p>
        <a href={href(site, '/espace')}>{tt(lang, 'back')}</a>
      </p>
      <h1>{title}</h1>
      <p>
        {tt(lang, 'facts', { slug: portal.slug, scope: portal.scopeName ? tt(lang, 'scopeOf', { name: portal.scopeName }) : tt(lang, 'scopeAll') })}{' '}
        <a href={portal.homeHref}>{tt(lang, 'see')}</a>
      </p>
      {props.saved && (
        <p class="notice" role="status">
          {tt(lang, 'saved')}
        </p>
      )}
      <ErrorSummary lang={lang} errors={errors} />
      <form method="post" action={href(site, `/espace/portails/${encodeURIComponent(portal.slug)}`)}>
        <CsrfInput csrf={props.csrf} />
        <fieldset>
          <legend>{tt(lang, 'look')}</legend>
          {text('title', tt(lang, 'portalTitle'), undefined, true)}
          {text('primary_color', tt(lang, 'color'), tt(lang, 'colorHint'), true)}
          {text('logo_url', tt(lang, 'logo'), tt(lang, 'logoHint'))}
          {markdown('home_text', tt(lang, 'homeText'))}
          {text('featured', tt(lang, 'featured'), tt(lang, 'featuredHint'))}
        </fieldset>
        <fieldset>
          <legend>{tt(lang, 'legal')}</legend>
          <p class="hint">{tt(lang, 'legalIntro')}</p>
          {markdown('legal_notice', tt(lang, 'legalNotice'))}
          {markdown('privacy', tt(lang, 'privacy'))}
          {markdown('accessibility', tt(lang, 'accessibility'))}
          <Field lang={lang} name="accessibility_status" label={tt(lang, 'status')} errors={errors}>
            {(a) => (
              <select {...a}>
                {ACCESSIBILITY_STATUSES.map((s) => (
                  <option key={s} value={s} selected={s === values.accessibility_status}>
                    {tt(lang, `status_${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <p>
          <button type="submit">{tt(lang, 'save')}</button>
        </p>
      </form>
    </Layout>
  );
}
