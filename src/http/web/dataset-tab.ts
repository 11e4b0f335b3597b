// What a tab of the dataset page receives and gives back. The shell (dataset.tsx) finds the
// dataset (visibility checked there, once, by the catalog's scope), reads the filters of the URL,
// and hands them to the tab, which loads what it shows through the same query functions as the API.
import type { FastifyRequest } from 'fastify';
import type { JSX } from 'preact';
import type { Dataset } from '../../catalog/index.js';
import type { AppError } from '../../errors.js';
import type { Platform } from '../../platform.js';
import type { ExploreQuery } from '../../query/index.js';
import type { Site } from '../../web/index.js';
import type { DatasetConformity } from '../../web/pages/dataset/validation.js';

/** `validation` (« Conformité ») only for a dataset that declares a Table Schema (dataset.tsx). */
export const DATASET_TABS = ['information', 'table', 'map', 'analyze', 'export', 'api', 'validation'] as const;
export type DatasetTabName = (typeof DATASET_TABS)[number];
/** The tabs another site may put in an iframe. */
export const EMBEDDABLE_TABS: readonly DatasetTabName[] = ['table', 'map', 'analyze'];

export interface DatasetPageContext {
  platform: Platform;
  request: FastifyRequest;
  site: Site;
  dataset: Dataset;
  embed: boolean;
  /**
   * The page's filters as OpenDataSoft portals write them: `q` (full text, v1 query language),
   * `refine.<field>`, `exclude.<field>`, `sort` (`field` descending, `-field` ascending). Tabs keep
   * them in their links, so that a filter follows the visitor from the table to the map and the export.
   */
  filters: URLSearchParams;
  /** The same filters as an Explore query (query/legacy-v1.ts v1Query): what every tab asks the records with. */
  query: ExploreQuery;
  /** Set when the filters cannot be read (a refine on an unknown field, a bad q): tabs show it in words. */
  queryError?: AppError;
  /** The declared schema and the live version's report (dataset-conformity.ts); null without a schema. */
  conformity?: DatasetConformity | null;
}

export interface TabContent {
  body: JSX.Element;
  /** Head elements the tab needs (its script, for the map). */
  head?: JSX.Element;
  /** The tab's own CSS rules. */
  styles?: string;
}

export type DatasetTab = (ctx: DatasetPageContext) => Promise<TabContent>;
