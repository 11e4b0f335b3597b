// The Site of a page (src/web/site.ts) from its request: the portal it came through, the language
// asked (`?lang=en`, French by default), and the URL to switch language on.
import type { FastifyRequest } from 'fastify';
import { langOf, type Site } from '../../web/index.js';

export function siteOf(request: FastifyRequest): Site {
  const portal = request.portal;
  const url = new URL(request.url, 'http://localhost');
  const path = url.pathname.slice(request.portalPrefix.length) || '/';
  url.searchParams.delete('lang');
  return {
    lang: langOf(request.query),
    portal: portal
      ? { slug: portal.slug, title: portal.title, primaryColor: portal.theme.primaryColor, logoUrl: portal.theme.logoUrl, accessibilityStatus: portal.pages.accessibilityStatus, scopeName: portal.scope?.name ?? null }
      : null,
    prefix: request.portalPrefix,
    origin: `${request.protocol}://${request.host}`,
    path,
    query: url.searchParams,
    account: request.session ? { name: request.session.user.name || request.session.user.email, csrf: request.session.csrf } : null,
  };
}
