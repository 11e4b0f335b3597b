// The catalog exports that describe datasets rather than tabulate them (ODS Explore v2.1 §2.9,
// E5c, §10): `dcat` (DCAT-AP 2 in RDF/XML, what data.gouv.fr harvests), `rdf` (the same graph in
// RDF/XML), `ttl` (the same graph in Turtle) and `rss` (RSS 2.0). The datasets are chosen by the
// catalog's query as for the other exports (catalog-query.ts); the graph is built once
// (catalog-export-dcat.ts) and only the writer differs.
//
// ODS's country profiles (`dcat_ap_ch`, `_de`, `_se`, `_sp`, `_it`, `_vl`, `_benap`) each add
// national requirements this graph does not meet: they stay unknown formats rather than a file
// that claims a profile it does not follow.
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Dataset } from '../catalog/index.js';
import { AppError } from '../errors.js';
import { dcatGraph, type CatalogSite, type DcatOptions } from './catalog-export-dcat.js';
import { rdfXmlChunks, turtleChunks } from './catalog-export-graph.js';
import { catalogRss } from './catalog-export-rss.js';
import { EXPORT_FORMATS, isExportFormat, type ExportFile, type ExportFormat } from './exports.js';
import type { ExploreQuery } from './plan.js';
import { lastValue } from './query-string.js';

export type { CatalogSite, DcatOptions } from './catalog-export-dcat.js';

export const CATALOG_FEED_FORMATS = ['dcat', 'rdf', 'ttl', 'rss'] as const;
export type CatalogFeedFormat = (typeof CATALOG_FEED_FORMATS)[number];

export const CATALOG_FEEDS: Record<CatalogFeedFormat, { mimetype: string; extension: string }> = {
  dcat: { mimetype: 'application/rdf+xml; charset=utf-8', extension: 'rdf' },
  rdf: { mimetype: 'application/rdf+xml; charset=utf-8', extension: 'rdf' },
  ttl: { mimetype: 'text/turtle; charset=utf-8', extension: 'ttl' },
  rss: { mimetype: 'application/rss+xml; charset=utf-8', extension: 'rss' },
};

export function isCatalogFeedFormat(format: string): format is CatalogFeedFormat {
  return (CATALOG_FEED_FORMATS as readonly string[]).includes(format);
}

/** What a feed needs besides the datasets: where it is read, and E5c's options. */
export interface CatalogFeed {
  site: CatalogSite;
  dcat: DcatOptions;
  /** The feed's own URL (RSS names it). */
  feedUrl: string;
}

/**
 * E5c's options (§2.1, §10): `include_exports`, the record-export formats to list as
 * distributions, comma-separated (all of them when absent, none when empty); and
 * `use_labels_in_exports` (true by default).
 */
export function catalogFeedOptionsOf(raw: Record<string, unknown>): DcatOptions {
  const listed = lastValue(raw.include_exports);
  const formats: ExportFormat[] = [];
  for (const name of listed === undefined ? Object.keys(EXPORT_FORMATS) : listed.split(',')) {
    const format = name.trim().toLowerCase();
    if (format === '') continue;
    if (!isExportFormat(format)) throw new AppError('EXPORT_FORMAT_UNKNOWN', { format, formats: Object.keys(EXPORT_FORMATS).join(', ') }, { parameter: 'include_exports' });
    if (!formats.includes(format)) formats.push(format);
  }
  const labels = lastValue(raw.use_labels_in_exports)?.toLowerCase();
  if (labels !== undefined && labels !== 'true' && labels !== 'false') {
    throw new AppError('INVALID_PARAMETER', { parameter: 'use_labels_in_exports', value: labels, expected: 'true or false' }, { parameter: 'use_labels_in_exports' });
  }
  return { formats, useLabels: labels !== 'false' };
}

/** A feed describes whole datasets: a `select` or a `group_by` would be silently dropped, so it is refused. */
export function checkFeedQuery(format: CatalogFeedFormat, query: ExploreQuery): void {
  for (const [parameter, value] of [['select', query.select], ['group_by', query.groupBy]] as const) {
    if (value?.trim()) throw new AppError('EXPORT_PARAMETER_NOT_APPLICABLE', { parameter, format }, { parameter });
  }
}

/** The file of these datasets (already chosen, in order), written as it is sent, gzipped on demand. */
export function writeCatalogFeed(format: CatalogFeedFormat, datasets: readonly Dataset[], feed: CatalogFeed, compressed: boolean): ExportFile {
  // The graph is built before the first byte; its text is written as the client reads it.
  const pieces = format === 'rss' ? [catalogRss(datasets, feed.site, feed.feedUrl, new Date())] : format === 'ttl' ? turtleChunks(dcatGraph(datasets, feed.site, feed.dcat)) : rdfXmlChunks(dcatGraph(datasets, feed.site, feed.dcat));
  const { mimetype, extension } = CATALOG_FEEDS[format];
  const body = Readable.from(pieces);
  if (!compressed) return { mimetype, extension, body };
  return { mimetype: 'application/gzip', extension: `${extension}.gz`, body: pipeline(body, createGzip(), () => undefined) };
}
