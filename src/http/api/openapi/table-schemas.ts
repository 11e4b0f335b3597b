// Table Schemas in the OpenAPI document (src/http/api/schemas.ts, docs/schemas.md): the registry
// and the validation of a file, open to anyone; a dataset's reports, its declared schema and the
// registry's administration. At the root only, not under /portals/{slug}/.
import { AppError } from '../../../errors.js';
import { TEXT_ENCODINGS } from '../../../ingest/index.js';
import { errorBody } from '../../errors.js';
import { ANYONE, errors, json, OPERATOR, pathParam, queryParam, ref } from './components.js';
import type { Operation, Paths, Reference, RequestBody, Response, Schema, Tag } from './types.js';

const SCHEMAS = '/api/schemas/v1';
const MANAGEMENT = '/api/management/v1';
const TAG = 'Table Schemas';

export const TABLE_SCHEMAS_TAG: Tag = {
  name: TAG,
  description: 'The schema registry (SCDL and national schemas) and the validation of a file, as validata.fr does: open to anyone. / Le registre des schémas et la validation d’un fichier, ouverts à tous.',
};

const FORBIDDEN: Reference = { $ref: '#/components/responses/Forbidden' };

function open(operation: Omit<Operation, 'tags' | 'security'>): Operation {
  return { tags: [TAG], security: ANYONE, ...operation };
}

function manage(operation: Omit<Operation, 'tags' | 'security'>): Operation {
  return { tags: ['Management API'], security: OPERATOR, ...operation, responses: { ...operation.responses, '403': FORBIDDEN } };
}

const conflict = (description: string, error: AppError): Response => json(description, ref('ErrorBody'), errorBody(error));

const schemaName = pathParam('name', 'The schema’s registry name.', { type: 'string', examples: ['subventions'] });
const datasetId = pathParam('dataset_id', 'The dataset’s id.', { type: 'string', examples: ['subventions-2024'] });
const versionNumber = pathParam('number', 'The version’s number (from 1).', { type: 'integer', minimum: 1 });

const fileBody: RequestBody = {
  description: 'The CSV, TSV or XLSX file itself as the body (`curl -T file.csv`, any media type), or a multipart form with a `file` part. Streamed to disk, never whole in memory; removed once validated. / Le fichier comme corps, ou un formulaire multipart.',
  required: true,
  content: {
    'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
    'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
  },
};

const jsonBody = (description: string, schema: Schema): RequestBody => ({ description, required: true, content: { 'application/json': { schema } } });

export const TABLE_SCHEMA_PATHS: Paths = {
  [`${SCHEMAS}/schemas`]: {
    get: open({
      operationId: 'listTableSchemas',
      summary: 'List the schemas of the registry',
      description: 'The schemas shipped with the platform (SCDL, national schemas), then those an administrator added. / Les schémas livrés, puis ceux ajoutés.',
      responses: { '200': json('The registry.', ref('SchemaEntryList')), ...errors(503) },
    }),
  },
  [`${SCHEMAS}/schemas/{name}`]: {
    get: open({
      operationId: 'getTableSchema',
      summary: 'Read a schema of the registry and its descriptor',
      description: 'By its registry name (`subventions`), `scdl/<name>`, the schema’s own `name` or its schema.data.gouv.fr id. / Par son nom dans le registre.',
      parameters: [schemaName],
      responses: { '200': json('The schema.', ref('SchemaEntryWithDescriptor')), ...errors(404, 503) },
    }),
  },
  [`${SCHEMAS}/validate`]: {
    post: open({
      operationId: 'validateFile',
      summary: 'Validate a file against a schema',
      description:
        'Answers the validation report, with 200 whether the file conforms or not (`valid`). Nothing is published or kept. / Répond le rapport de validation, conforme ou non ; rien n’est publié ni conservé.',
      parameters: [
        queryParam('schema', 'A registry name, or the http(s) URL of a Table Schema (read with the platform’s fetch policy: hosts on this machine or a private network are refused unless allowed). A URL needs a signed-in caller or an API key (401 otherwise): a schema’s patterns are any regular expression.', { type: 'string', examples: ['subventions'] }),
        queryParam('filename', 'The file’s name, when the body does not say it: its extension tells the format.', { type: 'string', examples: ['subventions.csv'] }),
        queryParam('encoding', 'The text encoding (detected when left out).', { type: 'string', enum: TEXT_ENCODINGS }),
        queryParam('delimiter', 'The CSV delimiter (detected when left out): `,` `;` `|` or `tab`, `comma`, `semicolon`, `pipe`.', { type: 'string' }),
        queryParam('sheet', 'The workbook’s sheet: its name or its position from 1 (the first by default).', { type: 'string' }),
      ],
      requestBody: fileBody,
      responses: { '200': json('The report.', ref('ValidationReport')), ...errors(400, 401, 404, 413, 415, 503) },
    }),
  },
  [`${SCHEMAS}/datasets/{dataset_id}/validation`]: {
    get: open({
      operationId: 'getDatasetValidation',
      summary: 'Read the report of a dataset’s live version',
      description:
        'For a dataset that declares a schema: its live version’s report, made when it was published. A dataset the caller cannot see, or without a report, is a 404. / Le rapport de la version en ligne.',
      parameters: [datasetId],
      responses: { '200': json('The report, with the version it is about.', ref('StoredValidation')), ...errors(404, 503) },
    }),
  },
  [`${MANAGEMENT}/datasets/{dataset_id}/versions/{number}/validation`]: {
    get: manage({
      operationId: 'getVersionValidation',
      summary: 'Read the validation report of a kept version',
      parameters: [datasetId, versionNumber],
      responses: { '200': json('The report, with the version it is about.', ref('StoredValidation')), ...errors(401, 404, 503) },
    }),
  },
  [`${MANAGEMENT}/datasets/{dataset_id}/schema`]: {
    put: manage({
      operationId: 'setDatasetSchema',
      summary: 'Declare the schema a dataset follows, and whether errors block',
      description:
        'For the next version published. An editor declares the schema; choosing `block`, or changing or removing the schema of a dataset that blocks, needs an administrator of its organisation. / Pour la prochaine version publiée ; `block` est le choix d’un administrateur.',
      parameters: [datasetId],
      requestBody: jsonBody('The schema (null removes it) and the policy; a key left out stays as it is.', ref('SchemaSettingsChanges')),
      responses: { '200': json('The dataset’s schema settings.', ref('SchemaSettings')), ...errors(400, 401, 404, 415, 503) },
    }),
  },
  [`${MANAGEMENT}/schemas`]: {
    post: manage({
      operationId: 'addTableSchema',
      summary: 'Add a schema to the registry',
      description: 'By platform administrators: from a URL or a descriptor, checked as a Table Schema before it is stored. / Par les administrateurs de la plateforme.',
      requestBody: jsonBody('Where the descriptor is, or the descriptor itself; the name defaults to the descriptor’s `name`.', ref('NewTableSchema')),
      responses: {
        '201': json('The schema added.', ref('SchemaEntry')),
        '409': conflict('The name is taken, or is a shipped schema’s. / Nom déjà pris.', new AppError('SCHEMA_NAME_TAKEN', { schema: 'mon-schema' })),
        ...errors(400, 401, 415, 503),
      },
    }),
  },
  [`${MANAGEMENT}/schemas/{name}`]: {
    delete: manage({
      operationId: 'removeTableSchema',
      summary: 'Remove an added schema from the registry',
      description: 'By platform administrators; the shipped schemas stay. Datasets that declare it keep their reports. / Les schémas livrés restent.',
      parameters: [schemaName],
      responses: {
        '204': { description: 'Removed. / Retiré.' },
        '409': conflict('A shipped schema cannot be removed. / Un schéma livré ne se retire pas.', new AppError('SCHEMA_SHIPPED', { schema: 'subventions' })),
        ...errors(401, 404, 503),
      },
    }),
  },
};

const text: Schema = { type: 'string' };
const textOrNull: Schema = { type: ['string', 'null'] };
const count: Schema = { type: 'integer', minimum: 0 };
const numberOrNull: Schema = { type: ['integer', 'null'], minimum: 1 };
const message: Schema = { type: 'object', required: ['fr', 'en'], properties: { fr: text, en: text } };

const entryProperties: Record<string, Schema> = {
  name: { type: 'string', description: 'The registry name: what a dataset declares and the catalog’s `schema` facet shows.' },
  title: textOrNull,
  version: { type: ['string', 'null'], description: 'As the schema writes it.' },
  origin: { type: 'string', enum: ['shipped', 'added'] },
  source_url: { type: ['string', 'null'], description: 'Where an added schema was read from.' },
  homepage: { type: ['string', 'null'], description: 'A shipped schema’s page on schema.data.gouv.fr.' },
  field_count: count,
  custom_checks: { type: 'array', items: text, description: 'The Validata checks the schema declares (`custom_checks`).' },
};
const entryRequired = Object.keys(entryProperties);

export const TABLE_SCHEMA_SCHEMAS: Record<string, Schema> = {
  SchemaEntry: { type: 'object', required: entryRequired, properties: entryProperties },
  SchemaEntryList: { type: 'object', required: ['total_count', 'results'], properties: { total_count: count, results: { type: 'array', items: ref('SchemaEntry') } } },
  SchemaEntryWithDescriptor: {
    type: 'object',
    required: [...entryRequired, 'descriptor'],
    properties: { ...entryProperties, descriptor: { type: 'object', description: 'The Table Schema descriptor, as written.' } },
  },
  Finding: {
    type: 'object',
    description: 'One error or warning. `row` numbers as frictionless does (the header is row 1, blank lines count); `line` is the physical line where the record starts. / Une erreur ou un avertissement.',
    required: ['code', 'severity', 'row', 'line', 'field', 'fieldNumber', 'value', 'note', 'message'],
    properties: {
      code: { type: 'string', description: 'The frictionless code (`type-error`, `constraint-error`, `missing-label`…) or the custom check’s name (`french-siret-value`).' },
      severity: { type: 'string', enum: ['error', 'warning'] },
      row: numberOrNull,
      line: numberOrNull,
      field: { type: ['string', 'null'], description: 'The column’s name; null for the whole row or file.' },
      fieldNumber: { type: ['integer', 'null'], minimum: 1, description: 'The column’s position in the header, from 1.' },
      value: { type: ['string', 'null'], description: 'The cell as written.' },
      note: { type: 'string', description: 'frictionless’s detail: `constraint "pattern" is "^\\d{14}$"`.' },
      message: { ...message, description: 'What is wrong and how to fix it.' },
    },
  },
  ValidationReport: {
    type: 'object',
    description: 'What the CLI prints, the API answers and a version keeps. / Le rapport de validation.',
    required: ['valid', 'schema', 'table', 'errorCount', 'warningCount', 'errors', 'warnings', 'counts', 'truncated', 'cap', 'fieldsWithTypeErrors'],
    properties: {
      valid: { type: 'boolean', description: 'No error (warnings allowed).' },
      schema: { type: 'object', required: ['name', 'title', 'version'], properties: { name: textOrNull, title: textOrNull, version: textOrNull } },
      table: {
        type: 'object',
        description: 'How the file was read.',
        required: ['format', 'encoding', 'delimiter', 'rows', 'columns'],
        properties: { format: text, encoding: textOrNull, delimiter: textOrNull, rows: { ...count, description: 'Records after the header.' }, columns: { type: 'array', items: text } },
      },
      errorCount: { ...count, description: 'Every error found, those left out of the list included.' },
      warningCount: count,
      errors: { type: 'array', items: ref('Finding'), description: 'By row then column; at most `cap` of each code.' },
      warnings: { type: 'array', items: ref('Finding') },
      counts: { type: 'object', additionalProperties: count, description: 'Findings of each code, those left out included.' },
      truncated: { type: 'boolean', description: 'Some findings were left out of the lists.' },
      cap: { type: 'integer', minimum: 1 },
      fieldsWithTypeErrors: { type: 'array', items: text, description: 'Fields with a value not of their type: publishing leaves them as text.' },
    },
  },
  StoredValidation: {
    type: 'object',
    required: ['dataset_id', 'version', 'live', 'conforms_to', 'report'],
    properties: {
      dataset_id: text,
      version: { type: 'integer', minimum: 1 },
      live: { type: 'boolean' },
      conforms_to: { type: ['string', 'null'], description: '`name@version` when the version conforms (no error), else null.' },
      report: ref('ValidationReport'),
    },
  },
  SchemaSettingsChanges: {
    type: 'object',
    properties: {
      schema: { type: ['string', 'null'], description: 'A registry name; null: no schema.' },
      policy: { type: 'string', enum: ['warn', 'block'], description: '`warn`: a file with errors is published with its report; `block`: it is refused (422 SCHEMA_NOT_CONFORMING).' },
    },
    additionalProperties: false,
  },
  SchemaSettings: {
    type: 'object',
    required: ['dataset_id', 'schema', 'policy'],
    properties: { dataset_id: text, schema: textOrNull, policy: { type: 'string', enum: ['warn', 'block'] } },
  },
  NewTableSchema: {
    type: 'object',
    description: 'Either `url` or `descriptor`.',
    properties: {
      name: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'The registry name; by default the descriptor’s `name`, as a slug.' },
      url: { type: 'string', format: 'uri', description: 'Where to read the descriptor (the platform’s fetch policy applies).' },
      descriptor: { type: 'object', description: 'The Table Schema descriptor itself.' },
    },
    additionalProperties: false,
  },
};
