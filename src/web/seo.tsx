// What search engines and link previews read: a dataset page's schema.org `Dataset` (the JSON-LD
// Google Dataset Search indexes), its OpenGraph tags and canonical link; a portal's sitemap and
// robots.txt. Absolute URLs throughout, on the host and portal prefix the visitor came through.
import type { JSX } from 'preact';
import type { Dataset } from '../catalog/index.js';
import { plainSummary } from './markdown.js';
import { href, type Site } from './site.js';

const EXPORTS_API = '/api/explore/v2.1/catalog/datasets';

/** A path of this portal as an absolute URL, in French (the one URL an engine should index). */
export function canonicalUrl(site: Site, path: string): string {
  return `${site.origin}${href(site, path, undefined, 'fr')}`;
}

function datasetPagePath(dataset: Pick<Dataset, 'datasetId'>, tab = ''): string {
  return `/explore/dataset/${encodeURIComponent(dataset.datasetId)}/${tab ? `${tab}/` : ''}`;
}

/** The organisation page's path (src/http/web/organisations.tsx). */
export function organisationPath(slug: string): string {
  return `/organisations/${encodeURIComponent(slug)}/`;
}

function hasGeometry(dataset: Dataset): boolean {
  return (dataset.live?.fields ?? []).some((f) => f.type === 'geo_point_2d' || f.type === 'geo_shape');
}

/** The later of the metadata's and the data's last change. */
export function lastModified(dataset: Pick<Dataset, 'modifiedAt' | 'dataUpdatedAt'>): string {
  return dataset.dataUpdatedAt && dataset.dataUpdatedAt > dataset.modifiedAt ? dataset.dataUpdatedAt : dataset.modifiedAt;
}

/** schema.org `Dataset` (https://schema.org/Dataset, as Google Dataset Search reads it). */
export function datasetJsonLd(site: Site, dataset: Dataset): Record<string, unknown> {
  const { metas } = dataset;
  const organisation = { '@type': 'Organization', name: dataset.owner.name, url: canonicalUrl(site, organisationPath(dataset.owner.slug)) };
  const exportUrl = (format: string) => `${site.origin}${site.prefix}${EXPORTS_API}/${encodeURIComponent(dataset.datasetId)}/exports/${format}`;
  const distribution = [
    { '@type': 'DataDownload', encodingFormat: 'text/csv', contentUrl: exportUrl('csv') },
    { '@type': 'DataDownload', encodingFormat: 'application/json', contentUrl: exportUrl('json') },
    ...(hasGeometry(dataset) ? [{ '@type': 'DataDownload', encodingFormat: 'application/geo+json', contentUrl: exportUrl('geojson') }] : []),
  ];
  // Plain text (Markdown read, marks removed), every paragraph; Google reads up to 5,000 characters.
  const description = dataset.description.split(/\n\s*\n/).map((p) => plainSummary(p, 5000)).filter(Boolean).join(' ').slice(0, 5000);
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    name: dataset.title,
    // Google requires 50 to 5,000 characters; a dataset without a description still gets its title.
    description: description || dataset.title,
    url: canonicalUrl(site, datasetPagePath(dataset)),
    identifier: dataset.datasetId,
    keywords: [...metas.keywords, ...metas.themes],
    license: metas.licenseUrl ? { '@type': 'CreativeWork', name: metas.license, url: metas.licenseUrl } : metas.license,
    creator: organisation,
    publisher: organisation,
    inLanguage: metas.language,
    datePublished: dataset.createdAt,
    dateModified: lastModified(dataset),
    ...(metas.spatialCoverage ? { spatialCoverage: { '@type': 'Place', name: metas.spatialCoverage } } : {}),
    ...(metas.temporalCoverage ? { temporalCoverage: metas.temporalCoverage } : {}),
    isAccessibleForFree: true,
    distribution,
  };
}

/**
 * JSON inside a <script>: `<` written `\u003c` (JSON reads it back the same), so that no
 * `</script>` or `<!--` in a title or description can end the element; `>` and `&` likewise, and
 * the two line separators that old JavaScript parsers refuse.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface PageMetaProps {
  site: Site;
  title: string;
  description: string;
  /** The page's path on the portal, without the prefix. */
  path: string;
}

/** OpenGraph tags and the canonical link of a page. */
export function PageMeta(props: PageMetaProps): JSX.Element {
  const { site } = props;
  const url = canonicalUrl(site, props.path);
  return (
    <>
      <link rel="canonical" href={url} />
      <meta property="og:type" content="website" />
      <meta property="og:title" content={props.title} />
      {props.description && <meta property="og:description" content={props.description} />}
      <meta property="og:url" content={url} />
      <meta property="og:site_name" content={site.portal?.title ?? 'Territoires'} />
      <meta property="og:locale" content={site.lang === 'fr' ? 'fr_FR' : 'en_GB'} />
    </>
  );
}

/** The head of a dataset page: its tab's canonical URL and previews, and the dataset's JSON-LD. */
export function DatasetHead(props: { site: Site; dataset: Dataset; tab: string }): JSX.Element {
  const { site, dataset } = props;
  return (
    <>
      <PageMeta site={site} title={dataset.title} description={plainSummary(dataset.description)} path={datasetPagePath(dataset, props.tab === 'information' ? '' : props.tab)} />
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(datasetJsonLd(site, dataset)) }} />
    </>
  );
}

export interface SitemapEntry {
  /** Absolute URL. */
  loc: string;
  lastmod?: string;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** https://www.sitemaps.org/protocol.html: at most 50,000 URLs a file (the caller keeps to it). */
export function sitemapXml(entries: SitemapEntry[]): string {
  const urls = entries.map((e) => {
    const lastmod = e.lastmod ? `<lastmod>${new Date(e.lastmod).toISOString().replace(/\.\d{3}Z$/, 'Z')}</lastmod>` : '';
    return `<url><loc>${e.loc.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)}</loc>${lastmod}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/**
 * robots.txt (RFC 9309): everything may be crawled but the management API and the embeds (pages
 * for other sites' iframes, duplicates of the dataset tabs). At the host's root, the embeds of the
 * portals reached by path are named too: crawlers read only the root's file.
 */
export function robotsTxt(site: Site, hasPortal: boolean): string {
  const lines = ['User-agent: *', 'Allow: /', 'Disallow: /api/management/', `Disallow: ${site.prefix}/explore/embed/`];
  if (!site.prefix) lines.push('Disallow: /portals/*/explore/embed/');
  if (hasPortal) lines.push('', `Sitemap: ${site.origin}${site.prefix}/sitemap.xml`);
  return `${lines.join('\n')}\n`;
}
