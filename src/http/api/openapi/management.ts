// The management API in the OpenAPI document: src/http/api/management.ts and jobs.ts. Every route
// needs an operator key; at the root only, not under /portals/{slug}/.
import { FIELD_TYPES, ORGANISATION_KINDS, VISIBILITIES } from '../../../catalog/index.js';
import { TEXT_ENCODINGS } from '../../../ingest/index.js';
import { errors, json, OPERATOR, pathParam, queryParam, ref } from './components.js';
import type { Operation, Parameter, Paths, RequestBody, Response } from './types.js';

const BASE = '/api/management/v1';
const TAG = 'Management API';

/** Every route that needs credentials may also answer 403: the caller is known but lacks the right (src/auth/rights.ts). */
function manage(operation: Omit<Operation, 'tags' | 'security'>): Operation {
  const responses = { ...operation.responses };
  if ('401' in responses) responses['403'] = { $ref: '#/components/responses/Forbidden' };
  return { tags: [TAG], security: OPERATOR, ...operation, responses };
}

const datasetId = pathParam('dataset_id', 'The dataset’s id: 1 to 100 lowercase letters, digits, `-` or `_`.', { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,99}$', examples: ['communes'] });
const jobId = pathParam('id', 'The job’s id.');
const portalSlug = pathParam('slug', 'The portal’s slug.', { type: 'string', examples: ['loire-atlantique'] });
const aliasParam = pathParam('alias', 'The old dataset id.');

/** The reading settings of an uploaded file (src/ingest/read-options.ts). */
const readParameters: Parameter[] = [
  queryParam('filename', 'The file’s name, when the body does not say it: its extension tells the format.', { type: 'string', examples: ['communes.csv'] }),
  queryParam('encoding', 'The text encoding (detected when left out; `latin1`, `cp1252` are understood).', { type: 'string', enum: TEXT_ENCODINGS }),
  queryParam('delimiter', 'The CSV delimiter (detected when left out): `,` `;` `|` or `tab`, `comma`, `semicolon`, `pipe`.', { type: 'string' }),
  queryParam('header_line', 'The line of the header (from 1).', { type: 'integer', minimum: 1 }),
  queryParam('sheet', 'The spreadsheet’s sheet (the first by default).', { type: 'string' }),
  queryParam('json_path', 'Where the records are in a JSON file: keys separated by dots (`data.items`).', { type: 'string' }),
  queryParam('projection', 'The projection of x/y columns or of a shapefile without `.prj` (`EPSG:2154`).', { type: 'string' }),
  queryParam('type', `Force a field’s type: \`field:type\`, the type among ${FIELD_TYPES.join(', ')}.`, { type: 'string', examples: ['code_insee:text'] }, true),
];

const fileBody: RequestBody = {
  description: 'The file itself as the body (`curl -T file.csv`, any media type), or a multipart form with a `file` part. Streamed to disk, never whole in memory.',
  required: true,
  content: {
    'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
  },
};

const jsonBody = (description: string, schema: RequestBody['content'][string]['schema']): RequestBody => ({ description, required: true, content: { 'application/json': { schema } } });
const noContent = (description: string): Response => ({ description });

export const MANAGEMENT_PATHS: Paths = {
  [`${BASE}/organisations`]: {
    get: manage({
      operationId: 'listOrganisations',
      summary: 'List the organisations',
      description: 'Every organisation of the platform, from the top down. / Les organisations.',
      parameters: [queryParam('kind', 'Only the organisations of this kind.', { type: 'string', enum: ORGANISATION_KINDS })],
      responses: { '200': json('The organisations.', ref('OrganisationList')), ...errors(400, 401, 503) },
    }),
  },
  [`${BASE}/datasets`]: {
    get: manage({
      operationId: 'listManagedDatasets',
      summary: 'List every dataset, whatever its visibility',
      parameters: [queryParam('limit', 'Number of datasets, -1 to 1,000.', { type: 'integer', minimum: -1, maximum: 1000, default: 10 }), queryParam('offset', 'Index of the first dataset.', { type: 'integer', minimum: 0, default: 0 })],
      responses: { '200': json('A page of datasets.', ref('ManagedDatasetList')), ...errors(400, 401, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}`]: {
    get: manage({
      operationId: 'getManagedDataset',
      summary: 'Read a dataset with its steps, source, versions and jobs',
      parameters: [datasetId],
      responses: { '200': json('The dataset.', ref('ManagedDatasetDetail')), ...errors(400, 401, 404, 503) },
    }),
    patch: manage({
      operationId: 'updateDataset',
      summary: 'Change a dataset’s title, description or visibility',
      parameters: [datasetId],
      requestBody: jsonBody('The metadata to change.', ref('DatasetChanges')),
      responses: { '200': json('The dataset as it now is.', ref('Dataset')), ...errors(400, 401, 404, 415, 503) },
    }),
    delete: manage({
      operationId: 'deleteDataset',
      summary: 'Delete a dataset, its versions and files',
      parameters: [datasetId],
      responses: { '204': noContent('Deleted. / Supprimé.'), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/preview`]: {
    post: manage({
      operationId: 'previewFile',
      summary: 'Preview what a publish would read from a file',
      description: 'How the file is read, each field with its type and sample values, the number of records; nothing is published. / Ce qu’une publication lirait ; rien n’est publié.',
      parameters: [queryParam('dataset', 'Preview with that dataset’s processing steps.', { type: 'string' }), ...readParameters],
      requestBody: fileBody,
      responses: { '200': json('The preview.', ref('FilePreview')), ...errors(400, 401, 404, 413, 415, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/data`]: {
    put: manage({
      operationId: 'publishFile',
      summary: 'Publish a file as the dataset’s new version',
      description:
        'Reads the file (CSV, Excel, JSON, GeoJSON, zipped shapefile), runs the dataset’s steps and publishes a new version in one switch; creates the dataset when it does not exist. A dataset that declares a Table Schema has the file validated first: under the `block` policy a file with errors is refused with 422 `SCHEMA_NOT_CONFORMING` and nothing is published (docs/schemas.md). / Publie un fichier comme nouvelle version du jeu (créé s’il n’existe pas) ; un jeu qui déclare un schéma fait d’abord valider le fichier.',
      parameters: [
        datasetId,
        queryParam('organisation', 'The owner of a new dataset: slug, SIREN or code INSEE.', { type: 'string' }),
        queryParam('title', 'The title of a new dataset.', { type: 'string' }),
        queryParam('description', 'The description of a new dataset (Markdown).', { type: 'string' }),
        queryParam('visibility', 'The visibility of a new dataset.', { type: 'string', enum: VISIBILITIES }),
        ...readParameters,
      ],
      requestBody: fileBody,
      responses: { '200': json('Published as a new version.', ref('PublishResult')), '201': json('The dataset was created.', ref('PublishResult')), ...errors(400, 401, 404, 413, 415, 422, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/steps`]: {
    put: manage({
      operationId: 'setSteps',
      summary: 'Set the processing steps replayed on every publish',
      parameters: [datasetId],
      requestBody: jsonBody('The steps, in order (`[]` removes them).', { type: 'array', items: ref('Step') }),
      responses: { '200': json('The steps kept.', ref('StepsResult')), ...errors(400, 401, 404, 415, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/source`]: {
    put: manage({
      operationId: 'setUrlSource',
      summary: 'Read a dataset from a URL, now and on a schedule',
      parameters: [datasetId],
      requestBody: jsonBody('The URL, its schedule and how to read it.', ref('SourceRequest')),
      responses: { '200': json('Read (or unchanged since the last read).', ref('SourceResult')), '201': json('The dataset was created.', ref('SourceResult')), ...errors(400, 401, 404, 413, 415, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/refresh`]: {
    post: manage({
      operationId: 'refreshDataset',
      summary: 'Read a URL dataset again now',
      parameters: [datasetId],
      responses: { '200': json('Published, or unchanged.', ref('RefreshResult')), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/versions`]: {
    get: manage({
      operationId: 'listVersions',
      summary: 'List the versions kept, with what changed',
      parameters: [datasetId],
      responses: { '200': json('The versions, newest first.', ref('VersionList')), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/versions/{number}/publish`]: {
    post: manage({
      operationId: 'publishVersion',
      summary: 'Make a kept version live again (roll back or forward)',
      parameters: [datasetId, pathParam('number', 'The version number.', { type: 'integer', minimum: 1 })],
      responses: { '200': json('The version now live.', ref('Version')), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/versions/{number}`]: {
    delete: manage({
      operationId: 'purgeVersion',
      summary: 'Purge a version for good (personal data published by mistake)',
      description: 'Deletes the version’s files and row; if it was live, the newest other kept version takes its place (or none). Audited. / Efface la version (fichiers et ligne) ; si elle était en ligne, la version conservée précédente la remplace.',
      parameters: [datasetId, pathParam('number', 'The version number.', { type: 'integer', minimum: 1 })],
      responses: { '200': json('The version purged, and the one live now (or null).', { type: 'object', required: ['dataset_id', 'purged', 'live'], properties: { dataset_id: { type: 'string' }, purged: { type: 'integer' }, live: { oneOf: [ref('Version'), { type: 'null' }] } } }), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/records`]: {
    post: manage({
      operationId: 'pushRecords',
      summary: 'Push records to a realtime dataset',
      description: 'Upserts by the key field; visible at once in the Explore API. The first push creates the dataset. / Les enregistrements poussés sont visibles aussitôt.',
      parameters: [
        datasetId,
        queryParam('key', 'The key field (required on the first push).', { type: 'string' }),
        queryParam('organisation', 'The owner of a new dataset.', { type: 'string' }),
      ],
      requestBody: jsonBody('The records (64 MiB at most).', ref('PushRequest')),
      responses: { '200': json('Pushed.', ref('PushResult')), '201': json('The dataset was created.', ref('PushResult')), ...errors(400, 401, 404, 413, 415, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/records/{key}`]: {
    delete: manage({
      operationId: 'deleteRecord',
      summary: 'Delete one record of a realtime dataset',
      parameters: [datasetId, pathParam('key', 'The value of the key field.')],
      responses: { '200': json('Deleted.', ref('PushResult')), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/push-key`]: {
    post: manage({
      operationId: 'createPushKey',
      summary: 'Create or replace the dataset’s push key (OpenDataSoft’s push URL)',
      description: 'A new key each time, shown once (only its hash is kept); the previous one stops working. / Une nouvelle clé à chaque fois, montrée une fois ; la précédente ne sert plus.',
      parameters: [datasetId],
      responses: { '201': json('The key and the URLs it opens.', ref('PushKey')), ...errors(400, 401, 404, 503) },
    }),
    delete: manage({
      operationId: 'removePushKey',
      summary: 'Disable the dataset’s OpenDataSoft push URL',
      parameters: [datasetId],
      responses: { '204': noContent('Disabled (or was already). / Désactivée.'), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/compact`]: {
    post: manage({
      operationId: 'compactDataset',
      summary: 'Fold the pushes into a new version',
      parameters: [datasetId],
      responses: { '200': json('Compacted (version null when there was nothing to fold).', ref('CompactResult')), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/attachments`]: {
    post: manage({
      operationId: 'attachFile',
      summary: 'Attach a file to a dataset',
      parameters: [
        datasetId,
        queryParam('filename', 'The file’s name (required with a raw body).', { type: 'string' }),
        queryParam('title', 'The title shown (the file name by default).', { type: 'string' }),
      ],
      requestBody: fileBody,
      responses: { '201': json('Attached.', ref('CreatedAttachment')), ...errors(400, 401, 404, 413, 415, 503) },
    }),
  },
  [`${BASE}/datasets/{dataset_id}/attachments/{attachment_id}`]: {
    delete: manage({
      operationId: 'deleteAttachment',
      summary: 'Remove an attachment',
      parameters: [datasetId, pathParam('attachment_id', 'The attachment’s id.')],
      responses: { '204': noContent('Removed. / Retirée.'), ...errors(400, 401, 404, 503) },
    }),
  },
  [`${BASE}/portals/{slug}`]: {
    patch: manage({
      operationId: 'updatePortal',
      summary: 'Change a portal: title, texts, colour, logo, legal pages, featured datasets',
      description: 'Only the fields given change. The legal pages are Markdown; left empty, the portal shows a default text naming what to fill in. / Seuls les champs donnés changent ; une page légale vide montre un texte par défaut.',
      parameters: [portalSlug],
      requestBody: jsonBody('The fields to change.', ref('PortalChanges')),
      responses: { '200': json('The portal.', ref('Portal')), ...errors(400, 401, 404, 415, 503) },
    }),
  },
  [`${BASE}/portals/{slug}/aliases`]: {
    get: manage({
      operationId: 'listAliases',
      summary: 'List the dataset aliases of a portal',
      parameters: [portalSlug],
      responses: { '200': json('The aliases.', ref('DatasetAliasList')), ...errors(401, 404, 503) },
    }),
  },
  [`${BASE}/portals/{slug}/aliases/{alias}`]: {
    put: manage({
      operationId: 'setAlias',
      summary: 'Make an old dataset id answer on a portal',
      description: 'The alias names the dataset on that portal, in every Explore URL (as an OpenDataSoft domain migrated here used it); the same request again changes nothing. / L’alias désigne le jeu sur ce portail.',
      parameters: [portalSlug, aliasParam],
      requestBody: jsonBody('The dataset the alias names.', { type: 'object', required: ['dataset_id'], properties: { dataset_id: { type: 'string' } } }),
      responses: { '200': json('The alias.', ref('DatasetAlias')), ...errors(400, 401, 404, 415, 503) },
    }),
    delete: manage({
      operationId: 'removeAlias',
      summary: 'Remove a dataset alias',
      parameters: [portalSlug, aliasParam],
      responses: { '204': noContent('Removed. / Retiré.'), ...errors(401, 404, 503) },
    }),
  },
  [`${BASE}/jobs`]: {
    get: manage({
      operationId: 'listJobs',
      summary: 'List the jobs (ingests, refreshes…)',
      parameters: [queryParam('dataset', 'Only this dataset’s jobs.', { type: 'string' })],
      responses: { '200': json('The jobs, newest first.', ref('JobList')), ...errors(401, 404, 503) },
    }),
  },
  [`${BASE}/jobs/{id}`]: {
    get: manage({
      operationId: 'getJob',
      summary: 'Read one job: status, phase, progress, error',
      parameters: [jobId],
      responses: { '200': json('The job.', ref('Job')), ...errors(401, 404, 503) },
    }),
  },
  [`${BASE}/jobs/{id}/events`]: {
    get: manage({
      operationId: 'jobEvents',
      summary: 'Follow a job’s progress as server-sent events',
      description: '`progress` events (the job object as JSON) while it changes, then one `end` event. / La progression en événements serveur.',
      parameters: [jobId],
      responses: {
        '200': { description: 'The event stream.', content: { 'text/event-stream': { schema: { type: 'string' }, example: 'event: progress\ndata: {"id":"…","status":"running","progress":0.4}\n\nevent: end\ndata: {"id":"…","status":"succeeded","progress":1}\n\n' } } },
        ...errors(401, 404, 503),
      },
    }),
  },
};
