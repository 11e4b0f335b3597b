// The frame of every page: language, skip link, header with the portal's name and colours,
// main landmark, footer. Accessible by construction (RGAA: lang, landmarks, skip link, contrast).
import type { ComponentChildren } from 'preact';
import { t, type Lang } from './i18n.js';

export interface LayoutProps {
  lang: Lang;
  title: string;
  portalTitle: string;
  primaryColor: string;
  /** The same page in the other language. */
  otherLanguageHref: string;
  homeHref: string;
  apiHref: string;
  children: ComponentChildren;
}

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font-family:Marianne,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#161616;background:#fff;line-height:1.5}
a{color:var(--primary)}
a:focus,button:focus{outline:3px solid #0a76f6;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header{border-bottom:4px solid var(--primary);padding:1rem 1.5rem;display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap}
header .brand{font-weight:700;font-size:1.25rem;color:#161616;text-decoration:none}
main{max-width:64rem;margin:0 auto;padding:1.5rem}
h1{font-size:2rem;margin:.5rem 0 1rem}
.datasets{list-style:none;padding:0;margin:0;display:grid;gap:1rem}
.dataset{border:1px solid #ddd;border-left:4px solid var(--primary);padding:1rem;border-radius:4px}
.dataset h3{margin:0 0 .5rem;font-size:1.2rem}
.dataset dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
.dataset dt{color:#3a3a3a;font-weight:600}.dataset dd{margin:0}
.badge{display:inline-block;background:#fee9e6;color:#8c1d10;padding:0 .5rem;border-radius:4px;font-size:.875rem;margin-left:.5rem}
footer{border-top:1px solid #ddd;padding:1rem 1.5rem;color:#3a3a3a;font-size:.9rem}
`;

export function Layout(props: LayoutProps) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: `:root{--primary:${safeColor(props.primaryColor)}}${STYLES}` }} />
      </head>
      <body>
        <a class="skip" href="#content">
          {t(props.lang, 'skipToContent')}
        </a>
        <header>
          <a class="brand" href={props.homeHref}>
            {props.portalTitle}
          </a>
          <a href={props.otherLanguageHref} hrefLang={props.lang === 'fr' ? 'en' : 'fr'} lang={props.lang === 'fr' ? 'en' : 'fr'} aria-label={t(props.lang, 'otherLanguageLabel')}>
            {t(props.lang, 'otherLanguage')}
          </a>
        </header>
        <main id="content">{props.children}</main>
        <footer>
          <p>
            <a href={props.apiHref}>{t(props.lang, 'apiLink')}</a> · {t(props.lang, 'poweredBy')}
          </p>
        </footer>
      </body>
    </html>
  );
}

/** Only a plain colour reaches the style sheet: portal settings are not a way to inject CSS. */
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : '#000091';
}
