// The frame of every page: language, skip link, header with the portal's name, logo and colour,
// main menu, main landmark, and the footer a French public site must have (legal notice, personal
// data, accessibility status). Accessible by construction (RGAA: lang, landmarks, skip link, contrast).
// `embed`: a table, map or chart inside another site's iframe: no header, no menu, a link back.
import type { ComponentChildren } from 'preact';
import { t } from './i18n.js';
import { href, otherLanguageHref, type Site } from './site.js';
import { BASE_STYLES } from './styles.js';

export interface LayoutProps {
  site: Site;
  /** The page's title; the portal's name is added after it. */
  title: string;
  /** One sentence: the description search engines and link previews show. */
  description?: string;
  /** More elements for the head: OpenGraph, JSON-LD, a page's scripts. */
  head?: ComponentChildren;
  /** The page's own CSS rules, after the shared ones. */
  styles?: string;
  embed?: boolean;
  children: ComponentChildren;
}

export function Layout(props: LayoutProps) {
  const { site } = props;
  const { lang } = site;
  const portalTitle = site.portal?.title ?? 'Territoires';
  const title = props.title === portalTitle ? portalTitle : `${props.title} — ${portalTitle}`;
  const primary = safeColor(site.portal?.primaryColor ?? '#000091');
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {props.description && <meta name="description" content={props.description} />}
        <style dangerouslySetInnerHTML={{ __html: `:root{--primary:${primary}}${BASE_STYLES}${props.styles ?? ''}` }} />
        {props.head}
      </head>
      <body>
        <a class="skip" href="#content">
          {t(lang, 'skipToContent')}
        </a>
        {!props.embed && (
          <header class="site">
            <a class="brand" href={href(site, '/')}>
              {site.portal?.logoUrl && <img src={site.portal.logoUrl} alt="" />}
              <span>{portalTitle}</span>
            </a>
            <nav aria-label={t(lang, 'mainMenu')}>
              <ul>
                <li>
                  <a href={href(site, '/explore/')}>{t(lang, 'catalogue')}</a>
                </li>
                <li>
                  <a href={href(site, '/organisations/')}>{t(lang, 'organisations')}</a>
                </li>
                <li>
                  <a href="/api/docs">{t(lang, 'apiDocs')}</a>
                </li>
                <AccountMenu site={site} />
                <li>
                  <a href={otherLanguageHref(site)} hrefLang={lang === 'fr' ? 'en' : 'fr'} lang={lang === 'fr' ? 'en' : 'fr'} aria-label={t(lang, 'otherLanguageLabel')}>
                    {t(lang, 'otherLanguage')}
                  </a>
                </li>
              </ul>
            </nav>
          </header>
        )}
        <main id="content" tabIndex={-1}>{props.children}</main>
        {!props.embed && (
          <footer class="site">
            <nav aria-label={t(lang, 'footerLinks')}>
              <ul>
                <li>
                  <a href={href(site, '/pages/mentions-legales/')}>{t(lang, 'legalNotice')}</a>
                </li>
                <li>
                  <a href={href(site, '/pages/donnees-personnelles/')}>{t(lang, 'privacy')}</a>
                </li>
                <li>
                  <a href={href(site, '/pages/accessibilite/')}>{t(lang, `accessibilityStatus_${site.portal?.accessibilityStatus ?? 'non'}`)}</a>
                </li>
                <li>
                  <a href={href(site, '/api/explore/v2.1/catalog/datasets')}>{t(lang, 'apiLink')}</a>
                </li>
              </ul>
            </nav>
            <p>{t(lang, 'poweredBy')}</p>
          </footer>
        )}
      </body>
    </html>
  );
}

/** Signed out: a link to sign in, coming back here. Signed in: their space, and a form to sign out (a POST with the CSRF token, so another site cannot sign anyone out). */
function AccountMenu({ site }: { site: Site }) {
  const { lang, account } = site;
  if (!account) {
    const here = site.path.startsWith('/connexion') ? undefined : href(site, site.path, site.query);
    return (
      <li>
        <a href={href(site, '/connexion', { retour: here })}>{t(lang, 'signIn')}</a>
      </li>
    );
  }
  return (
    <>
      <li>
        <a href={href(site, '/espace')}>{`${t(lang, 'myAccount')} (${account.name})`}</a>
      </li>
      <li>
        <form method="post" action={href(site, '/deconnexion')} class="sign-out">
          <input type="hidden" name="_csrf" value={account.csrf} />
          <button type="submit">{t(lang, 'signOut')}</button>
        </form>
      </li>
    </>
  );
}

/** Only a plain colour reaches the style sheet: portal settings are not a way to inject CSS. */
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : '#000091';
}
