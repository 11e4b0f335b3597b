// Where a page is rendered: the portal (its name and look), the language, and how to write links
// that stay on this portal and in this language. Built from the request by src/http/web/site.ts,
// so that components never read a request.
import type { AccessibilityStatus } from '../catalog/index.js';
import type { Lang } from './i18n.js';

export interface SitePortal {
  slug: string;
  title: string;
  primaryColor: string;
  logoUrl: string | null;
  accessibilityStatus: AccessibilityStatus;
  /** The organisation the portal shows (with those below it); null: the whole platform. */
  scopeName: string | null;
}

export interface Site {
  lang: Lang;
  /** null on a platform with no portal at all (then only the "no portal" page is shown). */
  portal: SitePortal | null;
  /** `/portals/{slug}` when the portal was reached by path, else ''. */
  prefix: string;
  /** `http://host` as the visitor reached it, for absolute URLs (sitemap, OpenGraph, JSON-LD). */
  origin: string;
  /** The current page's path (without the prefix) and query (without `lang`): the language switch's target. */
  path: string;
  query: URLSearchParams;
  /** Who is signed in, for the header: their name, and the CSRF token its sign-out form sends. */
  account?: { name: string; csrf: string } | null;
}

export type LinkParams = URLSearchParams | Record<string, string | readonly string[] | number | undefined>;

/** A link on this portal, in the page's language: `href(site, '/explore/', { q: 'école' })`. */
export function href(site: Site, path: string, params?: LinkParams, lang: Lang = site.lang): string {
  const query = new URLSearchParams();
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) query.append(key, value);
  } else if (params) {
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) continue;
      for (const one of typeof value === 'object' ? value : [value]) query.append(key, String(one));
    }
  }
  query.delete('lang');
  if (lang === 'en') query.append('lang', 'en');
  const search = query.toString();
  return `${site.prefix}${path}${search ? `?${search}` : ''}`;
}

/** The same link, absolute. */
export function absoluteHref(site: Site, path: string, params?: LinkParams): string {
  return `${site.origin}${href(site, path, params)}`;
}

/** This page in the other language. */
export function otherLanguageHref(site: Site): string {
  return href(site, site.path, site.query, site.lang === 'fr' ? 'en' : 'fr');
}
