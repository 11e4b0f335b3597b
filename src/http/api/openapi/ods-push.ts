// OpenDataSoft's push URL in the OpenAPI document (src/http/api/ods-push.ts): at the root only,
// opened by a dataset's push key, which the management API hands out (POST …/push-key).
import { AppError } from '../../../errors.js';
import { errorBody } from '../../errors.js';
import { errors, json, pathParam, ref } from './components.js';
import type { Operation, Paths, RequestBody, Response, Schema, SecurityScheme } from './types.js';

export const ODS_PUSH_TAG = { name: 'Push API (OpenDataSoft)', description: 'OpenDataSoft’s push URL of a realtime dataset, opened by its push key. / L’adresse d’envoi d’OpenDataSoft, ouverte par la clé d’envoi du jeu.' };

export const ODS_PUSH_SECURITY_SCHEMES: Record<string, SecurityScheme> = {
  pushkey: {
    type: 'apiKey',
    in: 'query',
    name: 'pushkey',
    description: 'A dataset’s push key (`POST /api/management/v1/datasets/{dataset_id}/push-key`): it opens that dataset’s pushes and nothing else. / La clé d’envoi d’un jeu : elle n’ouvre que ses envois.',
  },
};

export const ODS_PUSH_SCHEMAS: Record<string, Schema> = {
  OdsPushResult: { type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'OK' } } },
  PushKey: {
    type: 'object',
    description: 'The push key, shown once: only its hash is kept. / La clé d’envoi, montrée une fois.',
    required: ['dataset_id', 'pushkey', 'push_url', 'delete_url'],
    properties: {
      dataset_id: { type: 'string' },
      pushkey: { type: 'string', pattern: '^pk_[0-9a-z]{32}$' },
      push_url: { type: 'string', description: 'OpenDataSoft’s push URL, from the root of the platform.', examples: ['/api/push/1.0/parkings-nantes/realtime/push/?pushkey=pk_…'] },
      delete_url: { type: 'string', description: 'OpenDataSoft’s delete URL.', examples: ['/api/push/1.0/parkings-nantes/realtime/delete/?pushkey=pk_…'] },
    },
  },
};

const BASE = '/api/push/1.0/{dataset_id}/{resource_id}';
const datasetId = pathParam('dataset_id', 'The dataset’s id.', { type: 'string', examples: ['parkings-nantes'] });
const resourceId = pathParam('resource_id', 'OpenDataSoft’s resource: a dataset here has one realtime resource, so any value names it (the URLs handed out say `realtime`).', { type: 'string', examples: ['realtime'] });

const records: RequestBody = {
  description: 'One record (a JSON object) or an array of records, 5 MiB at most; read as JSON whatever its Content-Type (`curl -d` sends a form’s). / Un enregistrement ou un tableau d’enregistrements, 5 Mio au plus.',
  required: true,
  content: { 'application/json': { schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] } } },
};

const forbidden: Response = json(
  'The push key is not the dataset’s: another one, replaced, or pushes disabled. / La clé d’envoi n’est pas celle du jeu.',
  ref('ErrorBody'),
  errorBody(new AppError('PUSHKEY_INVALID', { dataset_id: 'parkings-nantes' })),
);

function push(operation: Omit<Operation, 'tags' | 'security'>): Operation {
  return { tags: [ODS_PUSH_TAG.name], security: [{ pushkey: [] }], ...operation };
}

const ok = json('Done. / Fait.', ref('OdsPushResult'), { status: 'OK' });

export const ODS_PUSH_PATHS: Paths = {
  [`${BASE}/push`]: {
    post: push({
      operationId: 'odsPushRecords',
      summary: 'Push records (OpenDataSoft’s push URL)',
      description:
        'Each record replaces the record of the same key field value, or is added; visible at once in the Explore API. The dataset’s key field is set by its first management push (`?key=FIELD`). A trailing `/` is accepted. / Chaque enregistrement remplace celui de même clé ou s’ajoute.',
      parameters: [datasetId, resourceId],
      requestBody: records,
      responses: { '200': ok, '403': forbidden, ...errors(400, 401, 404, 413, 503) },
    }),
  },
  [`${BASE}/delete`]: {
    post: push({
      operationId: 'odsDeleteRecords',
      summary: 'Delete the records posted (OpenDataSoft’s delete URL)',
      description: 'Deletes the records whose key field has the value of a posted record’s. / Supprime les enregistrements de même valeur de clé.',
      parameters: [datasetId, resourceId],
      requestBody: records,
      responses: { '200': ok, '403': forbidden, ...errors(400, 401, 404, 413, 503) },
    }),
  },
  [`${BASE}/{record_id}/delete`]: {
    get: push({
      operationId: 'odsDeleteRecordById',
      summary: 'Delete one record by its id (OpenDataSoft’s delete URL)',
      description: 'The record id of the Explore API (`…/records/{record_id}`); 404 `RECORD_NOT_FOUND` when no record has it. / Supprime l’enregistrement de cet identifiant.',
      parameters: [datasetId, resourceId, pathParam('record_id', 'The record’s id (40 hexadecimal digits).', { type: 'string', pattern: '^[0-9a-f]{40}$' })],
      responses: { '200': ok, '403': forbidden, ...errors(400, 401, 404, 503) },
    }),
  },
};
