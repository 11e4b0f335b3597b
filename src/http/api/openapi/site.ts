// The routes around the APIs: health, this document and its reference. (The portal's web pages
// are not an API: docs/portals.md lists them.)
import { json } from './components.js';
import type { Paths, Schema } from './types.js';

const part = (extra: Record<string, Schema> = {}): Schema => ({
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up', 'down'] }, detail: { type: 'string', description: 'Why the part is down.' }, ...extra },
});

export const SITE_SCHEMAS: Record<string, Schema> = {
  Health: {
    type: 'object',
    required: ['status', 'catalog', 'data_plane'],
    properties: {
      status: { type: 'string', enum: ['up', 'down'] },
      catalog: part({ backend: { type: 'string', enum: ['sqlite', 'postgres'] } }),
      data_plane: part(),
    },
  },
};

const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } as Schema } } });

/** At the root only. */
export const PLATFORM_PATHS: Paths = {
  '/api/health': {
    get: {
      tags: ['Platform'],
      operationId: 'health',
      summary: 'Check that the catalog store and the data plane answer',
      description: 'No key, no portal; `Cache-Control: no-store`. For load balancers and monitoring. / Sans clé ni portail, pour la supervision.',
      security: [{}],
      responses: {
        '200': json('Every part is up.', { $ref: '#/components/schemas/Health' }, { status: 'up', catalog: { status: 'up', backend: 'sqlite' }, data_plane: { status: 'up' } }),
        '503': json('A part is down: `detail` says why.', { $ref: '#/components/schemas/Health' }),
      },
    },
  },
  '/api/openapi.json': {
    get: {
      tags: ['Platform'],
      operationId: 'openApiDocument',
      summary: 'This OpenAPI 3.1 document',
      security: [{}],
      responses: { '200': json('The document.', { type: 'object', required: ['openapi', 'info', 'paths'] }) },
    },
  },
  '/api/docs': {
    get: {
      tags: ['Platform'],
      operationId: 'apiReference',
      summary: 'The interactive API reference (this document, rendered)',
      security: [{}],
      responses: { '200': html('The reference page; its script is served by the platform, nothing comes from elsewhere.') },
    },
  },
};
