// The Explore API v2.1 in the OpenAPI document, one dataset's routes (src/http/api/explore.ts),
// with the parameter names, defaults and caps of the ODS spec (§3) as src/query/ applies them.
import { EXPORT_EPSG_CODES, EXPORT_FORMATS, GROUPED_CAPS, RECORDS_CAPS, type ExportFormat } from '../../../query/index.js';
import { ANYONE, errors, json, param, pathParam, queryParam, ref, TOO_MANY_REQUESTS } from './components.js';
import type { MediaType, Operation, Parameter, Paths, Response, Schema } from './types.js';

export const BASE = '/api/explore/v2.1/catalog';
const TAG = 'Explore API v2.1';

/** The answers about one dataset carry an ETag (src/http/api/explore-etag.ts); sent back in If-None-Match, a 304. */
const NOT_MODIFIED = {
  '304': { description: 'The answer has not changed since the ETag sent in `If-None-Match`: no body. / Inchangée depuis l’ETag envoyé.', headers: { ETag: { description: 'The answer’s (weak) ETag.', schema: { type: 'string' } as Schema } } },
};

/** An Explore operation: anyone may call it, within the daily quota. */
export function explore(operation: Omit<Operation, 'tags' | 'security'>): Operation {
  return { tags: [TAG], security: ANYONE, ...operation, responses: { ...operation.responses, '429': TOO_MANY_REQUESTS } };
}

/** 10000 → 10,000, as the spec writes caps. */
const n = (value: number): string => value.toLocaleString('en-US');

/** ODS §3: the languages `lang` takes. */
const LANGUAGES = ['en', 'fr', 'nl', 'pt', 'it', 'ar', 'de', 'es', 'ca', 'eu', 'sv'];

const FACET_SYNTAX = 'a field name, or `facet(name="departement", disjunctive=true, sort="-count", limit=10)` (`sort`: `count`, `-count`, `alphanum`, `-alphanum`, `num`, `-num`; `hierarchical=true, separator="/"`: first levels, then the next under a refined value)';

export const EXPLORE_PARAMETERS: Record<string, Parameter> = {
  dataset_id: pathParam('dataset_id', 'The dataset’s id, or an alias this portal keeps. / L’identifiant du jeu, ou un alias du portail.', { type: 'string', examples: ['communes-pays-de-la-loire'] }),
  select: queryParam('select', 'ODSQL select list: fields, `expr as alias`, aggregates (`count(*)`, `sum(f)`…), `include(p*)`, `exclude(p*)`. Default `*`.', { type: 'string', default: '*', examples: ['nom, population'] }),
  where: queryParam('where', 'ODSQL filter; repeated, the occurrences are ANDed. / Filtre ODSQL ; répété, les occurrences se cumulent (ET).', { type: 'string', examples: ['population > 10000'] }, true),
  group_by: queryParam('group_by', `ODSQL group list: fields, functions (\`year(d) as y\`), \`range(f, *, 10, 50, *)\`, \`range(d, 1 month)\`, \`geo_cluster(geo_point_2d, zoom[, precision])\` (a map's clusters: key \`{lon, lat, bbox}\`, the mean of the cluster's points and its cell). Raises the caps of \`limit\` and \`offset\` to ${n(GROUPED_CAPS.maxLimit)}.`, { type: 'string', examples: ['departement'] }),
  order_by: queryParam('order_by', 'ODSQL order list, `asc` (default) or `desc`; nulls last both ways. Without it, the file’s order (stable from page to page).', { type: 'string', examples: ['population desc'] }),
  refine: queryParam('refine', 'Keep the records whose facet has this value: `field:value` (the value may be quoted; dates as `2024`, `2024/03`, `2024/03/05`; the path `a/b` of a hierarchical field, its descendants included). Repeated: AND, or OR on a disjunctive facet.', { type: 'string', examples: ['departement:44'] }, true),
  exclude: queryParam('exclude', 'Remove the records whose facet has this value: `field:value`. Repeatable.', { type: 'string', examples: ['departement:85'] }, true),
  facet: queryParam('facet', `A facet: ${FACET_SYNTAX}. Repeatable.`, { type: 'string', examples: ['departement'] }, true),
  limit: queryParam(
    'limit',
    `Number of rows, -1 (the most allowed) to ${n(RECORDS_CAPS.maxLimit)}, and offset + limit ≤ ${n(RECORDS_CAPS.maxWindow)}; with \`group_by\`, up to ${n(GROUPED_CAPS.maxLimit)} and offset + limit ≤ ${n(GROUPED_CAPS.maxWindow)}. Past a cap: 400 \`InvalidRESTParameterError\`.`,
    { type: 'integer', minimum: -1, maximum: GROUPED_CAPS.maxLimit, default: 10 },
  ),
  offset: queryParam('offset', `Index of the first row; offset + limit ≤ ${n(RECORDS_CAPS.maxWindow)} (${n(GROUPED_CAPS.maxWindow)} with \`group_by\`).`, { type: 'integer', minimum: 0, maximum: GROUPED_CAPS.maxWindow, default: 0 }),
  lang: queryParam('lang', 'The language of localised output (`date_format()` names: `mardi`, `Tuesday`).', { type: 'string', enum: LANGUAGES, default: 'fr' }),
  timezone: queryParam('timezone', 'The zone datetimes are read and shown in (an IANA name); `+00:00` by default.', { type: 'string', default: 'UTC', examples: ['Europe/Paris'] }),
  include_links: queryParam('include_links', 'Add `_links` (`self`, `first`, `next`…, `dataset`) to the answer (ODS §1).', { type: 'boolean', default: false }),
  rows: { ...queryParam('rows', 'Alias of `limit` that ods-widgets send; `limit` wins.', { type: 'integer', minimum: -1, maximum: GROUPED_CAPS.maxLimit }), deprecated: true },
};

export const QUERY = ['select', 'where', 'group_by', 'order_by', 'refine', 'exclude'].map(param);

/** The options of every export (ODS §2.8, src/http/api/export-options.ts). */
export const EXPORT_OPTIONS: Parameter[] = [
  queryParam('limit', 'Number of records, -1 (the default) for every one: no cap on exports.', { type: 'integer', minimum: -1, default: -1 }),
  queryParam('offset', 'Index of the first record.', { type: 'integer', minimum: 0, default: 0 }),
  queryParam('use_labels', 'CSV, XLSX, Parquet: the fields’ labels as column names instead of their names.', { type: 'boolean', default: false }),
  queryParam('compressed', 'The file gzipped (`.gz` added to its name; not a Content-Encoding).', { type: 'boolean', default: false }),
  queryParam('epsg', 'The coordinate system of geometries: 4326 (WGS 84, the default) for every format; GeoJSON, Shapefile and FlatGeobuf also in 2154 (Lambert-93), 3857 (Web Mercator) and the overseas systems.', { type: 'integer', enum: [...EXPORT_EPSG_CODES], default: 4326 }),
  queryParam('delimiter', 'CSV: the separator of cells.', { type: 'string', enum: [';', ',', '\t', '|'], default: ';' }),
  queryParam('list_separator', 'CSV and XLSX: how the values of a multivalued field are joined.', { type: 'string', default: ',' }),
  queryParam('quote_all', 'CSV: quote every cell, not only those that need it.', { type: 'boolean', default: false }),
  queryParam('with_bom', 'CSV: a byte order mark first, so that Excel reads UTF-8.', { type: 'boolean', default: true }),
  queryParam('parquet_compression', 'Parquet: the compression of the file.', { type: 'string', enum: ['snappy', 'zstd'], default: 'snappy' }),
  queryParam('name_field', 'GPX and OV2: the field that names each point.', { type: 'string' }),
  queryParam('description_field_list', 'GPX: the fields of each point’s description, comma-separated.', { type: 'string' }),
  queryParam('use_extension', 'GPX: the fields in `<extensions>` rather than in `<desc>`.', { type: 'boolean', default: true }),
];

const FORMAT_SCHEMAS: Record<string, Schema> = {
  csv: { type: 'string', description: 'Header of field names (or labels), `;` by default, UTF-8 with a byte order mark; a point as `lat, lon`.' },
  json: { type: 'array', items: ref('Record') },
  jsonl: { type: 'string', description: 'One record (JSON object) per line.' },
  geojson: ref('FeatureCollection'),
};

/** The answer of an export, one media type per format (src/query/exports.ts), and gzip when `compressed=true`. */
export function exportAnswer(formats: readonly ExportFormat[], filename: string): Response {
  const content: Record<string, MediaType> = {};
  for (const format of formats) {
    const mediaType = EXPORT_FORMATS[format].mimetype.split(';')[0] ?? format;
    content[mediaType] = { schema: FORMAT_SCHEMAS[format] ?? { type: 'string', format: 'binary' } };
  }
  content['application/gzip'] = { schema: { type: 'string', format: 'binary', description: 'With `compressed=true`.' } };
  return {
    description: 'The file. / Le fichier.',
    headers: { 'Content-Disposition': { description: `\`attachment; filename="${filename}.{ext}"\``, schema: { type: 'string' } } },
    content,
  };
}

const formats = Object.keys(EXPORT_FORMATS) as ExportFormat[];

export const EXPLORE_PATHS: Paths = {
  [`${BASE}/datasets/{dataset_id}`]: {
    get: explore({
      operationId: 'getDataset',
      summary: 'Read one dataset’s metadata and fields',
      description: 'The dataset object, not wrapped (ODS E2). / L’objet jeu de données.',
      parameters: [param('dataset_id'), param('include_links')],
      responses: { '200': json('The dataset.', ref('Dataset')), ...NOT_MODIFIED, ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/records`]: {
    get: explore({
      operationId: 'queryRecords',
      summary: 'Query the records of a dataset',
      description:
        'List, filter, project and aggregate records with ODSQL (ODS E6). Realtime pushes are included as soon as they are made. `lang` sets the language of `date_format()`, `timezone` the zone of datetimes, `include_links=true` adds `_links`. `qv1` is refused (not applied yet); other unknown parameters are ignored. An `ETag` comes with the answer (304 on `If-None-Match`).\n\n' +
        'Lister, filtrer, choisir et agréger les enregistrements avec ODSQL.',
      parameters: [param('dataset_id'), ...QUERY, param('limit'), param('offset'), param('rows'), param('facet'), param('lang'), param('timezone'), param('include_links')],
      responses: { '200': json('A page of records.', ref('RecordList')), ...NOT_MODIFIED, ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/records/{record_id}`]: {
    get: explore({
      operationId: 'getRecord',
      summary: 'Read one record by its id',
      description: 'The record as a row of `records` shows it (ODS E7); its id is in `_links` with `include_links=true`, or `select=_id`. / Un enregistrement par son identifiant.',
      parameters: [param('dataset_id'), pathParam('record_id', 'The record’s id (40 hexadecimal digits).'), param('select'), param('lang'), param('timezone'), param('include_links')],
      responses: { '200': json('The record.', ref('Record')), ...NOT_MODIFIED, ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/facets`]: {
    get: explore({
      operationId: 'datasetFacets',
      summary: 'Count the values of a dataset’s facets',
      description:
        'The values of each facet over the records the query chooses, by count, 100 at most (ODS E8). Without `facet`, the fields annotated `facet`. Dates by year; a refined year opens its months, a refined month its days.\n\n' +
        'Les valeurs de chaque facette sur les enregistrements choisis.',
      parameters: [param('dataset_id'), param('facet'), param('where'), param('refine'), param('exclude'), param('lang'), param('timezone')],
      responses: { '200': json('The facets.', ref('Facets')), ...NOT_MODIFIED, ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/exports`]: {
    get: explore({
      operationId: 'listExportFormats',
      summary: 'List the export formats of a dataset',
      description: 'One link per format (ODS E9). / Un lien par format.',
      parameters: [param('dataset_id')],
      responses: { '200': json('The formats.', ref('ExportList')), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/exports/{format}`]: {
    get: explore({
      operationId: 'exportRecords',
      summary: 'Export the records a query chooses',
      description:
        'Every record the query chooses, streamed, with no cap (ODS E10), as `Content-Disposition: attachment; filename="{dataset_id}.{ext}"`. A bad query is a JSON 400 before the first byte.\n\n' +
        'Tous les enregistrements choisis, en flux, sans plafond.',
      parameters: [param('dataset_id'), pathParam('format', 'The format.', { type: 'string', enum: formats }), ...QUERY, param('facet'), param('lang'), param('timezone'), ...EXPORT_OPTIONS],
      responses: {
        '200': exportAnswer(formats, '{dataset_id}'),
        ...errors(400, 401, 404, 503),
      },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/attachments`]: {
    get: explore({
      operationId: 'listAttachments',
      summary: 'List the files attached to a dataset',
      description: 'Each attachment with the URL of its file (ODS E11). / Les pièces jointes du jeu.',
      parameters: [param('dataset_id')],
      responses: { '200': json('The attachments.', ref('AttachmentList')), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/attachments/{attachment_id}`]: {
    get: explore({
      operationId: 'getAttachment',
      summary: 'Download one attached file',
      description: 'The file as it was sent, `Content-Disposition: attachment`. / Le fichier tel qu’il a été envoyé.',
      parameters: [param('dataset_id'), pathParam('attachment_id', 'The attachment’s id, as the list gives it.')],
      responses: {
        '200': { description: 'The file, with its media type.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        ...errors(400, 401, 404, 503),
      },
    }),
  },
};
