// The Explore API v2.1's catalog in the OpenAPI document (src/http/api/explore-catalog.ts): the
// datasets with ODSQL over their metadata (E1), their facets (E3), exports (E4, E5).
import { CATALOG_EXPORT_FORMATS, CATALOG_FEEDS, CATALOG_NOT_YET, CATALOG_TABLE_FORMATS, EXPORT_FORMATS } from '../../../query/index.js';
import { errors, json, param, pathParam, queryParam, ref } from './components.js';
import { BASE, explore, EXPORT_OPTIONS, exportAnswer, QUERY } from './explore.js';
import type { Paths, Response, Schema } from './types.js';

const refused = CATALOG_NOT_YET.map((p) => `\`${p}\``).join(', ');

/** The tables' answer (exportAnswer) and the feeds' media types: RDF/XML, Turtle, RSS. */
function catalogExportAnswer(): Response {
  const answer = exportAnswer(CATALOG_TABLE_FORMATS, 'catalog');
  const feeds = Object.fromEntries(Object.values(CATALOG_FEEDS).map((f) => [f.mimetype.split(';')[0] ?? f.mimetype, { schema: { type: 'string' as const } }]));
  return { ...answer, content: { ...answer.content, ...feeds } };
}

const recordFormats = Object.keys(EXPORT_FORMATS).join(', ');
const FEED_OPTIONS = [
  queryParam('include_exports', `dcat, rdf, ttl: the record-export formats listed as distributions of each dataset, comma-separated (${recordFormats}); all by default, none when empty. Geographic formats are listed only for datasets with a geometry.`, { type: 'string' }),
  queryParam('use_labels_in_exports', 'dcat, rdf, ttl: download URLs ask for `use_labels=true` (CSV, XLSX, Parquet, KML, GPX).', { type: 'boolean', default: true }),
];

export const CATALOG_SCHEMAS: Record<string, Schema> = {
  CatalogResults: {
    type: 'object',
    required: ['total_count', 'results'],
    description: 'Dataset objects; with `select` or `group_by`, the keys asked for. / Des objets jeu ; avec `select` ou `group_by`, les clés demandées.',
    properties: {
      total_count: { type: 'integer', minimum: 0, description: 'The datasets the query chooses among those the caller may see on this portal (with `group_by`: the groups).' },
      results: { type: 'array', items: { anyOf: [ref('Dataset'), ref('Record')] } },
      _links: { type: 'array', items: ref('Link'), description: 'With `include_links=true`.' },
    },
  },
};

export const CATALOG_PATHS: Paths = {
  [`${BASE}/datasets`]: {
    get: explore({
      operationId: 'listDatasets',
      summary: 'List and query the datasets of the portal',
      description:
        `The datasets the caller may see on this portal, most recently modified first (ODS E1); ODSQL over their metadata: \`dataset_id\`, \`title\`, \`publisher\`, \`keyword\`, \`theme\`, \`modified\`, \`records_count\`, \`features\`… (the \`default\` template’s keys, with or without \`default.\`). ${refused} is refused with a 400 (not applied yet).\n\n` +
        'Les jeux que l’appelant peut voir sur ce portail, les plus récemment modifiés d’abord ; ODSQL sur leurs métadonnées.',
      parameters: [...QUERY, param('limit'), param('offset'), param('rows'), param('include_links')],
      responses: { '200': json('A page of datasets.', ref('CatalogResults')), ...errors(400, 401, 503) },
    }),
  },
  [`${BASE}/facets`]: {
    get: explore({
      operationId: 'catalogFacets',
      summary: 'Count the values of the catalog’s facets',
      description:
        'The values of each catalog facet (`publisher`, `theme`, `keyword`, `features`, `license`, `modified`…) over the datasets the query chooses (ODS E3). / Les valeurs des facettes du catalogue.',
      parameters: [param('facet'), param('where'), param('refine'), param('exclude')],
      responses: { '200': json('The facets.', ref('Facets')), ...errors(400, 401, 503) },
    }),
  },
  [`${BASE}/exports`]: {
    get: explore({
      operationId: 'listCatalogExportFormats',
      summary: 'List the export formats of the catalog',
      description: 'One link per format (ODS E4). / Un lien par format.',
      responses: { '200': json('The formats.', ref('ExportList')), ...errors(401, 503) },
    }),
  },
  [`${BASE}/exports/{format}`]: {
    get: explore({
      operationId: 'exportCatalog',
      summary: 'Export the datasets a query chooses',
      description:
        'Every dataset the query chooses, with no cap (ODS E5), as `catalog.{ext}`: `csv`, `xlsx` (one row per dataset), `json`, `jsonl` (dataset objects); ' +
        '`dcat` (DCAT-AP 2 in RDF/XML, for data.gouv.fr and other DCAT harvesters; `rdf` is the same file, `ttl` the same graph in Turtle): one `dcat:Dataset` per dataset, one `dcat:Distribution` per record-export format, every URL on this portal; ' +
        '`rss` (RSS 2.0, one item per dataset). The feeds take `where`, `refine`, `exclude`, `order_by`, `limit`, `offset`, `compressed`; `select` and `group_by` are refused. ' +
        'The country profiles `dcat_ap_*` are not offered. / Tous les jeux choisis, sans plafond ; `dcat` : DCAT-AP 2 (RDF/XML) pour le moissonnage de data.gouv.fr.',
      parameters: [pathParam('format', 'The format.', { type: 'string', enum: CATALOG_EXPORT_FORMATS }), ...QUERY, ...EXPORT_OPTIONS, ...FEED_OPTIONS],
      responses: { '200': catalogExportAnswer(), ...errors(400, 401, 503) },
    }),
  },
};
