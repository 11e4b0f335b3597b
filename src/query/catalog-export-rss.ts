// The catalog as an RSS 2.0 feed (ODS Explore v2.1 §2.9, format `rss`): one item per dataset, in
// the order chosen (the most recently modified first unless `order_by` says otherwise), each
// pointing at its page on the portal the feed was read on. RSS 2.0 specification: channel title,
// link, description; items with title, link, description, guid, pubDate (RFC 822), category.
import type { Dataset } from '../catalog/index.js';
import { landingPage, type CatalogSite } from './catalog-export-dcat.js';
import { xmlEscape } from './xml-escape.js';

export function catalogRss(datasets: readonly Dataset[], site: CatalogSite, feedUrl: string, now: Date): string {
  const element = (name: string, text: string) => `<${name}>${xmlEscape(text)}</${name}>`;
  const latest = datasets.map((d) => d.modifiedAt).sort().at(-1);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    element('title', site.title),
    element('link', `${site.root}/`),
    element('description', `Les jeux de données de ${site.title}`),
    element('language', 'fr'),
    // RSS Advisory Board: a feed names its own URL (atom:link rel="self").
    `<atom:link href="${xmlEscape(feedUrl)}" rel="self" type="application/rss+xml"/>`,
    element('lastBuildDate', (latest ? new Date(latest) : now).toUTCString()),
  ];
  for (const dataset of datasets) {
    const page = landingPage(site, dataset.datasetId);
    lines.push(
      '<item>',
      element('title', dataset.title),
      element('link', page),
      ...(dataset.description.trim() ? [element('description', dataset.description)] : []),
      `<guid isPermaLink="true">${xmlEscape(page)}</guid>`,
      element('pubDate', new Date(dataset.modifiedAt).toUTCString()),
      ...dataset.metas.themes.map((theme) => element('category', theme)),
      // RSS's own <author> must be an e-mail address: the publishing organisation is dc:creator.
      element('dc:creator', dataset.owner.name),
      '</item>',
    );
  }
  lines.push('</channel>', '</rss>');
  return `${lines.join('\n')}\n`;
}
