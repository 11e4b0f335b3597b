// `/sitemap.xml` and `/robots.txt` of a portal (at its host's root, and under /portals/{slug}/).
// The sitemap lists what an anonymous visitor may see on this portal, whoever asks: a crawler is
// anonymous, and a sitemap fetched with an operator key must not name private datasets.
import type { FastifyInstance } from 'fastify';
import { ANONYMOUS } from '../../auth/index.js';
import type { Platform } from '../../platform.js';
import { canonicalUrl, lastModified, organisationPath, robotsTxt, sitemapXml, type SitemapEntry } from '../../web/seo.js';
import { portalOrganisations } from './organisations.js';
import { siteOf } from './site.js';

/** sitemaps.org: at most 50,000 URLs in one file. */
const SITEMAP_MAX_URLS = 50_000;

export async function seoRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  app.get('/sitemap.xml', async (request, reply) => {
    const site = siteOf(request);
    const { organisations, datasets } = await portalOrganisations(platform, ANONYMOUS, request.portal);
    const newest = (list: typeof datasets) => list.map(lastModified).sort().at(-1);
    const entries: SitemapEntry[] = [
      { loc: canonicalUrl(site, '/'), lastmod: newest(datasets) },
      { loc: canonicalUrl(site, '/explore/'), lastmod: newest(datasets) },
      { loc: canonicalUrl(site, '/organisations/') },
      ...organisations.map((o) => ({ loc: canonicalUrl(site, organisationPath(o.slug)), lastmod: newest(datasets.filter((d) => d.owner.slug === o.slug)) })),
      ...datasets.map((d) => ({ loc: canonicalUrl(site, `/explore/dataset/${encodeURIComponent(d.datasetId)}/`), lastmod: lastModified(d) })),
    ];
    return reply.type('application/xml; charset=utf-8').send(sitemapXml(entries.slice(0, SITEMAP_MAX_URLS)));
  });

  app.get('/robots.txt', async (request, reply) => {
    return reply.type('text/plain; charset=utf-8').send(robotsTxt(siteOf(request), request.portal !== null));
  });
}
